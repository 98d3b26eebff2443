import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatSubjectNumber, formatWebsiteNumber } from '../../src/miit/index.ts';
import { icpPrefixTable, loadPolicy, parseIcpNumber } from '../../src/policy/index.ts';
import type { IcpNumberReading } from '../../src/policy/index.ts';

const policy = loadPolicy();

/** The reading's number as [text, form, kind, province, subject number, -N]; throws on a refusal. */
function read(text: string): [string, string, string, string, string, number | null] {
  const reading = policy.parseIcpNumber(text);
  assert.ok(reading.ok, `${text}: ${reading.ok ? '' : reading.reason.en}`);
  const n = reading.number;
  return [n.text, n.form, n.kind, n.province, n.subjectNumber, n.kind === 'website' ? n.websiteSeq : null];
}

function refusal(text: string): Extract<IcpNumberReading, { ok: false }> {
  const reading = policy.parseIcpNumber(text);
  assert.ok(!reading.ok, `${text} was read as ${JSON.stringify(reading)}`);
  return reading;
}

describe('ICP numbers', () => {
  it('read filing numbers of 8 and 10 digits, subject or website, with the bureau of the prefix', () => {
    assert.deepEqual(read('京ICP备13052560号'), [
      '京ICP备13052560号',
      'filing',
      'subject',
      '110000',
      '京ICP备13052560号',
      null,
    ]);
    assert.deepEqual(read('粤ICP备2021000001号-12'), [
      '粤ICP备2021000001号-12',
      'filing',
      'website',
      '440000',
      '粤ICP备2021000001号',
      12,
    ]);
    assert.deepEqual(read('蜀ICP备19026949号-1').slice(3), ['510000', '蜀ICP备19026949号', 1]);
  });

  it('read the licence numbers licence holders file under (MIIT public query: baidu.com, qq.com)', () => {
    assert.deepEqual(read('京ICP证030173号-1'), [
      '京ICP证030173号-1',
      'icp-licence',
      'website',
      '110000',
      '京ICP证030173号',
      1,
    ]);
    assert.deepEqual(read('京ICP证150476号').slice(1, 4), ['icp-licence', 'subject', '110000']);
    assert.deepEqual(read('粤B2-20090059-5'), [
      '粤B2-20090059-5',
      'telecom-licence',
      'website',
      '440000',
      '粤B2-20090059',
      5,
    ]);
    assert.deepEqual(read('粤B2-20090059').slice(1, 4), ['telecom-licence', 'subject', '440000']);
    assert.deepEqual(read('黔B2-20010020-102').slice(3), ['520000', '黔B2-20010020', 102]);
    assert.deepEqual(read('浙B1.B2-20080101-4').slice(3), ['330000', '浙B1.B2-20080101', 4]);
  });

  it('take 四川’s licences under 川 (川B2-, 川ICP证) but its filing numbers only under 蜀', () => {
    assert.deepEqual(read('川B2-20100027-3').slice(3), ['510000', '川B2-20100027', 3]);
    assert.deepEqual(read('川ICP证160061号').slice(3), ['510000', '川ICP证160061号', null]);
    assert.deepEqual(read('蜀B2-20180596').slice(3), ['510000', '蜀B2-20180596', null]);
    const chuan = refusal('川ICP备09150084号');
    assert.equal(chuan.problem, 'unknown-prefix');
    assert.match(chuan.reason.zh, /四川的备案号以「蜀ICP备」开头/);
    assert.match(chuan.reason.en, /filing numbers of Sichuan \(四川\) begin 蜀ICP备/);
  });

  it('write one form: no spaces, half-width digits and dashes, upper-case letters, 号 added', () => {
    assert.equal(read(' 京ICP备 04000001号 ')[0], '京ICP备04000001号');
    assert.equal(read('京ＩＣＰ证０３０１７３号－１')[0], '京ICP证030173号-1');
    assert.equal(read('粤b2—20090059–5')[0], '粤B2-20090059-5');
    assert.equal(read('京ICP证000007')[0], '京ICP证000007号');
  });

  it('say why a text is not a number, in zh and en', () => {
    const cases: [string, string, RegExp][] = [
      ['A2.B1.B2-20090001', 'cross-region-licence', /跨地区许可证号/],
      ['B2-20090059-5', 'cross-region-licence', /不带省份简称/],
      ['合字B1.B2-20130004', 'cross-region-licence', /跨地区/],
      ['浙D3-20210002', 'not-an-icp-licence', /D3 类许可证号/],
      ['粤B1-20090059', 'not-an-icp-licence', /B1 类许可证号/],
      ['粤B2-20090059-1626X', 'app-number', /小程序/],
      ['京ICP备2021000001号-0', 'sequence', /-0 无效/],
      ['京ICP备2021000001号-01', 'sequence', /-01 无效/],
      ['云ICP备12345678号', 'unknown-prefix', /「云」不是任何管局的简称/],
      ['京ICP备1234567号', 'not-a-number', /不是备案号/],
      ['ICP备12345678号', 'not-a-number', /不是备案号/],
      ['沪交ICP备20190085号', 'not-a-number', /不是备案号/],
      ['', 'not-a-number', /不是备案号/],
    ];
    for (const [text, problem, zh] of cases) {
      const reading = refusal(text);
      assert.equal(reading.problem, problem, text);
      assert.match(reading.reason.zh, zh, text);
      assert.notEqual(reading.reason.en, '', text);
    }
  });

  it('give every province of data/provinces.json its own prefix, and no other', () => {
    for (const province of policy.provinces) {
      assert.deepEqual(read(`${province.icpPrefix}ICP备2026000001号-1`).slice(3, 4), [province.code]);
      assert.deepEqual(read(`${province.icpPrefix}B2-20260001`).slice(3, 4), [province.code]);
    }
    // Another data set with another prefix is read with it: nothing is hard-coded.
    const table = icpPrefixTable([{ code: '990000', name: '测试', pinyin: 'ceshi', icpPrefix: '测' }]);
    const reading = parseIcpNumber('测ICP备2026000001号', table);
    assert.ok(reading.ok && reading.number.province === '990000');
    assert.equal(parseIcpNumber('京ICP备2026000001号', table).ok, false);
    assert.throws(
      () =>
        icpPrefixTable([
          { code: '110000', name: '北京', pinyin: 'beijing', icpPrefix: '京' },
          { code: '120000', name: '天津', pinyin: 'tianjin', icpPrefix: '津', licencePrefix: '京' },
        ]),
      /claimed by 110000 and 120000/,
    );
  });

  it('read back every number the sandbox can issue (property)', () => {
    const prefixes = policy.provinces.map((p) => p.icpPrefix);
    fc.assert(
      fc.property(
        fc.constantFrom(...prefixes),
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 1, max: 999_999 }),
        fc.option(fc.integer({ min: 1, max: 999_999 }), { nil: null }),
        (prefix, year, sequence, websiteSeq) => {
          const subject = formatSubjectNumber(prefix, year, sequence);
          const text = websiteSeq === null ? subject : formatWebsiteNumber(subject, websiteSeq);
          const reading = policy.parseIcpNumber(text);
          return (
            reading.ok &&
            reading.number.text === text &&
            reading.number.subjectNumber === subject &&
            reading.number.form === 'filing' &&
            reading.number.province === policy.findProvince(prefix)?.code &&
            (websiteSeq === null
              ? reading.number.kind === 'subject'
              : reading.number.kind === 'website' && reading.number.websiteSeq === websiteSeq)
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throw, whatever the text, and read their own written form back unchanged (property)', () => {
    const pieces = fc.constantFrom(
      '京',
      '粤',
      '川',
      '蜀',
      'ICP',
      '备',
      '证',
      '号',
      'B2',
      'B1.',
      '-',
      '0',
      '9',
      ' ',
      'X',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (input) => {
        const reading = policy.parseIcpNumber(input);
        if (!reading.ok) return reading.reason.zh !== '' && reading.reason.en !== '';
        const again = policy.parseIcpNumber(reading.number.text);
        return again.ok && JSON.stringify(again.number) === JSON.stringify(reading.number);
      }),
      { numRuns: 5000 },
    );
  });

  it('read a number in its written form as they read it typed with spaces (property)', () => {
    // The written form takes a shorter path than a typed one (icp-numbers.ts); both must agree, refusals
    // included, down to the order of the fields that reach JSON.
    const prefixes = ['京', '浙', '粤', '蜀', '川', '沪', '国'];
    const digits = fc.stringMatching(/^\d{7,11}$/);
    const tail = fc.constantFrom(
      '',
      '号',
      '号-1',
      '号-12',
      '号-999999',
      '号-1000000',
      '号-01',
      '号-0',
      '号-3X',
      '-1',
      '号-',
      '号x',
    );
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), digits, tail, (prefix, number, end) => {
        const written = `${prefix}ICP备${number}${end}`;
        const typed = ` ${prefix} ICP 备${number}${end} `;
        const a = policy.parseIcpNumber(written);
        const b = policy.parseIcpNumber(typed);
        assert.equal(JSON.stringify(a), JSON.stringify(b), written);
      }),
      { numRuns: 3000 },
    );
  });
});
