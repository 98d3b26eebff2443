/**
 * The web kit's pure parts: form bodies to nested values, safe `next` paths, refusals to page
 * failures, and the field components' accessibility wiring.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import { ApiError } from '../../src/http/errors.ts';
import { LocalizedError } from '../../src/shared/localized-error.ts';
import { WorkflowError } from '../../src/workflow/index.ts';
import type { FormState } from '../../src/web/kit/index.ts';
import {
  ErrorSummary,
  Form,
  PasswordField,
  RadioGroup,
  SelectField,
  TextField,
  failureOf,
  fieldId,
  loginHref,
  safeNext,
  unflattenForm,
  validateForm,
  visibleControls,
} from '../../src/web/kit/index.ts';
import { Page } from './web-fixture.ts';

/** Components called as functions (no JSX in .ts tests): their element renders with toString. */
const render = (element: unknown): string => String(element);

describe('unflattenForm', () => {
  it('turns field paths into the nested value the schemas parse', () => {
    assert.deepEqual(
      unflattenForm({
        'subject.name': '北京示例',
        'websites.0.domains.0': 'a.cn',
        'websites.0.domains.1': 'b.cn',
        'websites.1.name': '第二个',
        _csrf: 'token',
        'subject.remarks': '',
      }),
      { subject: { name: '北京示例' }, websites: [{ domains: ['a.cn', 'b.cn'] }, { name: '第二个' }] },
    );
  });

  it('ignores prototype keys, deep nesting and huge indexes', () => {
    const value = unflattenForm({
      '__proto__.polluted': 'yes',
      'a.constructor.prototype.polluted': 'yes',
      'x.999999': 'big',
      'a.b.c.d.e.f.g.h.i': 'deep',
      '.': 'empty',
      ok: 'kept',
    });
    assert.deepEqual(value, { ok: 'kept' });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('validates with a schema and names the fields of its errors by path', () => {
    const schema = z.object({ websites: z.array(z.object({ domains: z.array(z.string().min(3)) })) });
    const result = validateForm(schema, { 'websites.0.domains.0': 'ok.cn', 'websites.0.domains.1': 'x' });
    assert.equal(result.ok, false);
    if (!result.ok)
      assert.deepEqual(
        result.errors.map((error) => error.path),
        ['websites.0.domains.1'],
      );
  });
});

describe('safeNext', () => {
  it('keeps paths on this site and drops anything that could leave it', () => {
    assert.equal(safeNext('/admin/users?x=1#top'), '/admin/users?x=1#top');
    for (const next of [
      '//evil.example',
      '///evil.example',
      'https://evil.example',
      '/\\evil',
      '\\\\evil',
      'evil',
      '',
      ' /x',
      '/x\r\nSet-Cookie: a=b',
      'javascript:alert(1)',
      42,
      null,
    ]) {
      assert.equal(safeNext(next), null, String(next));
    }
    assert.equal(loginHref('/a?b=c d'), '/login?next=%2Fa%3Fb%3Dc%2520d');
    assert.equal(loginHref('//evil.example'), '/login');
  });

  it('checks the path as URL parsing normalises it: dot segments cannot make it scheme-relative', () => {
    // Issue 12: `/.//evil.example` passed the check and became `//evil.example` after normalisation.
    for (const next of ['/.//evil.example', '/..//evil.example', '/%2e//evil.example', '/a/..//evil.example'])
      assert.equal(safeNext(next), null, next);
    assert.equal(safeNext('/a/./b/../c'), '/a/c');
    assert.equal(safeNext('/%2F%2Fevil.example'), '/%2F%2Fevil.example');
  });

  it('is idempotent and never yields a URL that leaves the site (property)', () => {
    const BASE = 'http://beian.invalid';
    // Pieces that URL parsing treats specially, so the generator tries them far more than chance would.
    const piece = fc.oneof(
      fc.constantFrom(
        '/',
        '//',
        '\\',
        '.',
        '..',
        './',
        '../',
        '%2e',
        '%2E',
        '%2F',
        '%2f',
        '%5C',
        '\t',
        '\n',
        '\r',
        '\u0000',
        ' ',
        '@',
        ':',
        '?',
        '#',
        'evil.example',
        'http:',
        'https://',
        'javascript:',
        '\u3002',
        '\uff0f',
        '\uff3c',
        '\u2215',
        'é',
        '中',
        '\u200b',
        '\ufeff',
        '%',
        '%%',
        '%0a',
      ),
      fc.string({ maxLength: 4 }),
    );
    const candidate = fc.oneof(
      fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
      fc.array(piece, { maxLength: 8 }).map((parts) => `/${parts.join('')}`),
      fc.string({ unit: 'grapheme', maxLength: 20 }),
    );
    fc.assert(
      fc.property(candidate, (value) => {
        const once = safeNext(value);
        assert.equal(
          safeNext(once),
          once,
          `not idempotent: ${JSON.stringify(value)} → ${JSON.stringify(once)}`,
        );
        if (once === null) return;
        assert.ok(once.startsWith('/') && !once.startsWith('//'), JSON.stringify(once));
        // eslint-disable-next-line no-control-regex -- control characters are what must not come out
        assert.doesNotMatch(once, /[\\\u0000-\u001f\u007f]/);
        assert.equal(new URL(once, BASE).origin, BASE, JSON.stringify(once));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('failureOf', () => {
  it('gives refusals their status, message and fields, and bugs null', () => {
    const fields = [{ path: 'websites.0.domains.0', code: 'X', message: { zh: '错', en: 'wrong' } }];
    assert.deepEqual(
      failureOf(new WorkflowError('DOMAIN_IN_ACTIVE_APPLICATION', { zh: '占用', en: 'held' }, fields)),
      {
        status: 409,
        message: { zh: '占用', en: 'held' },
        fields,
      },
    );
    assert.equal(failureOf(new ApiError('NOT_FOUND'))?.status, 404);
    assert.equal(failureOf(new LocalizedError({ zh: '不行', en: 'no' }))?.status, 422);
    assert.equal(failureOf(new Error('bug')), null);
  });
});

describe('field components', () => {
  const form: FormState = {
    lang: 'zh',
    csrfToken: 'tok&en',
    values: { 'websites.0.name': '<示例>', password: 'secret', province: '450000', by: 'number' },
    errors: [
      {
        path: 'websites.0.name',
        code: 'REQUIRED',
        message: { zh: '请填写网站名称', en: 'Enter the website name' },
      },
      { path: '', code: 'FORM', message: { zh: '整体错误', en: 'whole form' } },
    ],
  };

  it('ties a field’s hint and errors to its input', () => {
    const html = render(
      TextField({
        form,
        name: 'websites.0.name',
        label: { zh: '网站名称', en: 'Website name' },
        hint: { zh: '提示', en: 'hint' },
      }),
    );
    const page = { html } as Page;
    const input = Page.prototype.tagWithId.call(page, fieldId('websites.0.name')) ?? '';
    assert.equal(fieldId('websites.0.name'), 'f-websites-0-name');
    assert.equal(Page.attribute(input, 'aria-describedby'), 'f-websites-0-name-hint f-websites-0-name-error');
    assert.equal(Page.attribute(input, 'aria-invalid'), 'true');
    assert.equal(Page.attribute(input, 'value'), '<示例>');
    assert.match(html, /<label class="field-label" for="f-websites-0-name">网站名称<\/label>/);
    assert.match(
      html,
      /<p class="field-error" id="f-websites-0-name-error"><span><span class="visually-hidden">错误：<\/span>请填写网站名称/,
    );
  });

  it('never re-fills a password, selects the value, checks the radio', () => {
    const password = render(PasswordField({ form, name: 'password', label: { zh: '密码', en: 'Password' } }));
    assert.doesNotMatch(password, /secret|value=/);
    const select = render(
      SelectField({
        form,
        name: 'province',
        label: { zh: '省份', en: 'Province' },
        options: [
          { value: '110000', label: '北京' },
          { value: '450000', label: '广西' },
        ],
      }),
    );
    assert.match(select, /<option value="450000" selected="">广西<\/option>/);
    assert.doesNotMatch(select, /<option value="110000" selected/);
    const radios = render(
      RadioGroup({
        form,
        name: 'by',
        legend: { zh: '方式', en: 'By' },
        options: [
          { value: 'domain', label: '域名' },
          { value: 'number', label: '备案号' },
        ],
      }),
    );
    assert.match(radios, /<input type="radio" id="f-by" name="by" value="domain"\/>/);
    assert.match(radios, /<input type="radio" id="f-by-1" name="by" value="number" checked=""\/>/);
  });

  it('summarises errors with links to their fields, and posts the CSRF token', () => {
    const summary = render(ErrorSummary({ form }));
    assert.match(summary, /<a href="#f-websites-0-name">请填写网站名称<\/a>/);
    assert.match(summary, /<li>整体错误<\/li>/);
    assert.equal(ErrorSummary({ form: { ...form, errors: [] } }), null);
    const post = render(Form({ form, action: '/x' }));
    assert.match(post, /<input type="hidden" name="_csrf" value="tok&amp;en"\/>/);
    assert.match(post, /novalidate=""/);
    assert.doesNotMatch(render(Form({ form, action: '/x', method: 'get' })), /_csrf/);
  });

  it('shows control and bidi characters instead of obeying them', () => {
    assert.equal(visibleControls('a\u202Eb\u0000c'), 'a[U+202E]b[U+0000]c');
    assert.equal(visibleControls('例子.中国'), '例子.中国');
  });
});
