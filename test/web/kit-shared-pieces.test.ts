/**
 * The kit's shared pieces: ids and page numbers from URLs, template filling, the pager, the glossary's
 * terms and the subject fields /precheck and /applications/new share (with the workflow's limits).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPolicy } from '../../src/policy/index.ts';
import { createApplicationInputSchema } from '../../src/workflow/create-application.ts';
import type { FormState } from '../../src/web/kit/index.ts';
import {
  APPLICATION_FIELD_NAMES,
  MAX_ID,
  NotFound,
  PRECHECK_FIELD_NAMES,
  Pager,
  SUBJECT_CHECK_LIMITS,
  SubjectCheckFields,
  TERMS,
  failureOf,
  format,
  idParam,
  pageParam,
  parseId,
} from '../../src/web/kit/index.ts';

const render = (element: unknown): string => String(element);

describe('parseId / idParam', () => {
  it('reads decimal ids from 1 to the largest a serial column holds', () => {
    assert.equal(parseId('1'), 1);
    assert.equal(parseId('42'), 42);
    assert.equal(parseId(String(MAX_ID)), MAX_ID);
    for (const raw of [
      undefined,
      '',
      '0',
      '01',
      '-1',
      '1.5',
      '1e3',
      ' 1',
      'abc',
      String(MAX_ID + 1),
      '9'.repeat(16),
    ])
      assert.equal(parseId(raw), null, String(raw));
  });

  it('turns anything else into the 404 page with the given message', () => {
    const notFound = { zh: '没有这个申请', en: 'No such application' };
    assert.equal(idParam({ params: { id: '7' } }, notFound), 7);
    assert.equal(idParam({ params: { documentId: '8' } }, notFound, 'documentId'), 8);
    assert.throws(
      () => idParam({ params: { id: '99999999999' } }, notFound),
      (error) =>
        error instanceof NotFound &&
        error.code === 'NOT_FOUND' &&
        error.message.includes('No such') &&
        failureOf(error)?.status === 404,
    );
  });
});

describe('pageParam', () => {
  it('reads ?page= and falls back to the first page', () => {
    assert.equal(pageParam({ query: { page: '3' } }), 3);
    for (const page of [undefined, '', '0', '-2', 'x', '1000000']) {
      assert.equal(pageParam({ query: page === undefined ? {} : { page } }), 1, String(page));
    }
  });
});

describe('format', () => {
  it('fills placeholders in one language or both; a missing value leaves nothing', () => {
    assert.equal(format('第 {n} 页，共 {m}', { n: 2 }), '第 2 页，共 ');
    assert.deepEqual(format({ zh: '{a} 与 {a}', en: '{a} and {a}' }, { a: 'x' }), {
      zh: 'x 与 x',
      en: 'x and x',
    });
  });
});

describe('Pager', () => {
  const href = (n: number) => `/list?page=${n}`;
  it('is nothing when everything fits on the first page', () => {
    assert.equal(Pager({ lang: 'zh', page: 1, hasNext: false, href }), null);
  });
  it('links the neighbouring pages and names the current one', () => {
    const html = render(Pager({ lang: 'en', page: 2, hasNext: true, href }));
    assert.match(html, /<nav class="pager" aria-label="Page 2">/);
    assert.match(html, /href="\/list\?page=1" rel="prev"/);
    assert.match(html, /href="\/list\?page=3" rel="next"/);
    const last = render(Pager({ lang: 'zh', page: 3, hasNext: false, href }));
    assert.doesNotMatch(last, /rel="next"/);
    assert.match(last, /第 3 页/);
  });
});

describe('SubjectCheckFields', () => {
  const policy = loadPolicy();
  const form: FormState = { lang: 'zh', values: {}, errors: [], csrfToken: 't' };

  it('takes its limits from the workflow', () => {
    const shape = createApplicationInputSchema.shape;
    assert.equal(SUBJECT_CHECK_LIMITS.subjectName, shape.subject.shape.name.unwrap().maxLength);
    assert.equal(SUBJECT_CHECK_LIMITS.domain, shape.domain.unwrap().maxLength);
    assert.equal(SUBJECT_CHECK_LIMITS.idNumber, shape.subject.shape.idNumber.maxLength);
  });

  it('names the fields as each page posts them, with the same labels and limits', () => {
    for (const names of [PRECHECK_FIELD_NAMES, APPLICATION_FIELD_NAMES]) {
      const html = render(SubjectCheckFields({ form, policy, names }));
      for (const name of Object.values(names)) assert.match(html, new RegExp(`name="${name}"`), name);
      assert.match(html, new RegExp(`maxlength="${SUBJECT_CHECK_LIMITS.subjectName}"`));
      assert.match(html, new RegExp(`maxlength="${SUBJECT_CHECK_LIMITS.domain}"`));
      assert.ok(html.includes(TERMS.subjectName.zh));
    }
  });
});
