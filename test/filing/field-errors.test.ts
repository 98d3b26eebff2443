import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import {
  addFieldIssue,
  fieldLabel,
  fieldPathLabel,
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

  it('names the place a field path points to in the form’s words, never as the path', () => {
    const zh = (path: string) => fieldPathLabel(path).zh;
    assert.equal(zh('websites.0.name'), '网站 1 · 网站名称');
    assert.equal(zh('websites.1.domains.1'), '网站 2 · 网站域名 2');
    assert.equal(zh('websites.0.preApprovals.2.number'), '网站 1 · 前置审批号 3');
    assert.equal(
      zh('websites.0.serviceContent.3'),
      '网站 1 · 网站服务内容',
      'a box of the group, not counted',
    );
    assert.equal(zh('websites.0.responsiblePerson.name'), '网站 1 · 网站负责人 · 姓名');
    assert.equal(zh('subject.responsiblePerson.mobile'), '主体负责人 · 手机号码');
    assert.equal(zh('subject.idNumber'), '主办单位证件号码');
    assert.equal(zh('subject'), '主办单位信息');
    assert.equal(zh('websites.2'), '网站 3');
    assert.equal(fieldPathLabel('websites.0.homeUrl').en, 'Website 1 · Home page URL');
    // APP备案: an app's place, its platform and its responsible person, as the app step names them.
    assert.equal(zh('apps.0.name'), 'APP 1 · APP 名称');
    assert.equal(zh('apps.1.platforms.android.md5'), 'APP 2 · 安卓 · 签名 MD5 值');
    assert.equal(zh('apps.0.responsiblePerson.mobile'), 'APP 1 · APP负责人 · 手机号码');
    assert.equal(zh('apps.0.ips.1'), 'APP 1 · APP 使用的 IP 地址 2');
    assert.equal(fieldPathLabel('apps.0.platforms.ios.bundleId').en, 'App 1 · iOS · Bundle ID');
    // A path no form has: named generically, not echoed.
    assert.equal(zh('reasons.0.path'), '该字段');
    assert.doesNotMatch(zh('nothing.9.here'), /nothing|here|\d/);
  });
});
