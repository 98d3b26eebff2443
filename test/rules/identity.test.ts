import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { foldName, joinLocalized } from '../../src/rules/identity.ts';

/** The folding a name goes through when it is not already folded (identity.ts, foldName). */
const foldFully = (name: string): string =>
  name
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*([()])\s*/g, '$1')
    .toLowerCase();

describe('foldName', () => {
  it('folds width, brackets, spaces and case, and leaves folded names as they are', () => {
    assert.equal(foldName(' 杭州示例（科技）有限公司 '), '杭州示例(科技)有限公司');
    assert.equal(foldName('ＡＢＣ Network (Beijing)  Co'), 'abc network(beijing)co');
    assert.equal(foldName('杭州示例科技有限公司'), '杭州示例科技有限公司');
  });

  it('gives what full folding gives for any mix of ideographs, letters, digits, brackets and spaces', () => {
    const alphabet = [...'杭州示例科技有限公司丗㐀龥aZz09()（）Ａｚ０ \u3000\t-.,&豈'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 24 }), (chars) => {
        const name = chars.join('');
        return foldName(name) === foldFully(name);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('joinLocalized', () => {
  it('joins with the enumeration comma in Chinese and a comma in English', () => {
    assert.deepEqual(joinLocalized([]), { zh: '', en: '' });
    assert.deepEqual(joinLocalized([{ zh: '名称', en: 'name' }]), { zh: '名称', en: 'name' });
    assert.deepEqual(
      joinLocalized([
        { zh: '名称', en: 'name' },
        { zh: '证件号码', en: 'certificate number' },
      ]),
      { zh: '名称、证件号码', en: 'name, certificate number' },
    );
  });
});
