import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import {
  addFieldIssue,
  fieldLabel,
  formatFieldPath,
  parseFields,
  toFieldErrors,
} from '../../src/filing/field-errors.ts';

describe('field errors (字段错误)', () => {
  it('formats paths for forms', () => {
    assert.equal(formatFieldPath(['websites', 0, 'domains', 1]), 'websites.0.domains.1');
    assert.equal(formatFieldPath([]), '');
  });

  it('labels a field by the longest known suffix of its path', () => {
    assert.deepEqual(fieldLabel(['websites', 2, 'name']), { zh: '网站名称', en: 'website name' });
    assert.deepEqual(fieldLabel(['subject', 'responsiblePerson', 'name']).zh, '负责人姓名');
    assert.deepEqual(fieldLabel(['subject', 'name']).zh, '主办单位名称');
    assert.deepEqual(fieldLabel(['nothing']).en, 'this field');
  });

  it('passes our custom issues through with their code and zh/en message', () => {
    const schema = z.object({ a: z.string() }).superRefine((_, ctx) => {
      addFieldIssue(ctx, ['a'], 'MY_CODE', { zh: '中文', en: 'English' });
    });
    assert.deepEqual(parseFields(schema, { a: 'x' }), {
      ok: false,
      errors: [{ path: 'a', code: 'MY_CODE', message: { zh: '中文', en: 'English' } }],
    });
  });

  it("gives zod's own issues generic messages naming the field", () => {
    const schema = z.strictObject({
      email: z.string(),
      domains: z.array(z.string()).min(1),
      type: z.enum(['a']),
    });
    const r = parseFields(schema, { email: 3, domains: [], x: 1 });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(
      r.errors.map((e) => [e.path, e.code, e.message.zh]),
      [
        ['email', 'INVALID_TYPE', '电子邮箱的格式不正确'],
        ['domains', 'TOO_SHORT', '网站域名至少需要 1 项'],
        ['type', 'REQUIRED', '请填写性质'],
        ['x', 'UNKNOWN_FIELD', '不认识的字段：x'],
      ],
    );
  });

  it('prefixes paths for a part validated on its own', () => {
    const result = z.object({ name: z.string() }).safeParse({});
    assert.equal(result.success, false);
    if (result.success) return;
    const [error] = toFieldErrors(result.error.issues, {}, ['websites', 1]);
    assert.equal(error?.path, 'websites.1.name');
    assert.equal(error?.code, 'REQUIRED');
    assert.equal(error?.message.en, 'Enter the website name');
  });
});
