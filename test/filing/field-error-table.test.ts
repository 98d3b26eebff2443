import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  FIELD_ERRORS,
  fieldError,
  fieldErrorCode,
  fieldMessage,
  type FieldErrorKey,
} from '../../src/filing/field-errors.ts';
import { renderFieldErrorsMarkdown } from '../../src/filing/field-errors-doc.ts';

const keys = Object.keys(FIELD_ERRORS) as FieldErrorKey[];
const placeholders = (template: string): string[] =>
  [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();

describe('field-error table (字段错误信息)', () => {
  it('gives every message a non-empty zh and en template and an upper-case code', () => {
    for (const key of keys) {
      const { zh, en } = FIELD_ERRORS[key];
      assert.ok(zh.trim() !== '' && en.trim() !== '', key);
      assert.match(fieldErrorCode(key), /^[A-Z][A-Z_]*$/, key);
    }
  });

  it('uses the same placeholders in zh and en, so both languages receive the same parameters', () => {
    for (const key of keys) {
      const { zh, en } = FIELD_ERRORS[key];
      assert.deepEqual(placeholders(zh), placeholders(en), key);
    }
  });

  it('fills every placeholder, a Localized parameter per language', () => {
    for (const key of keys) {
      const { zh, en } = FIELD_ERRORS[key];
      const params = Object.fromEntries(placeholders(zh + en).map((p) => [p, { zh: '值', en: 'value' }]));
      const message = (fieldMessage as (k: FieldErrorKey, p: object) => { zh: string; en: string })(
        key,
        params,
      );
      assert.doesNotMatch(message.zh, /\{\w+\}/, key);
      assert.doesNotMatch(message.en, /\{\w+\}/, key);
      assert.doesNotMatch(message.en, /值/, key);
    }
    assert.deepEqual(fieldError('name', 'TOO_SHORT', { field: { zh: '名称', en: 'name' }, min: 2 }), {
      path: 'name',
      code: 'TOO_SHORT',
      message: { zh: '名称至少 2 个字', en: 'The name needs at least 2 characters' },
    });
  });

  it('reports a shared code for messages that name one', () => {
    assert.equal(fieldErrorCode('TOO_FEW_ITEMS'), 'TOO_SHORT');
    assert.equal(fieldErrorCode('PERSON_NAME_AS_PRINTED'), 'PERSON_NAME_CHARACTERS');
    assert.equal(fieldErrorCode('REQUIRED'), 'REQUIRED');
  });

  it('refuses a misspelt message or a missing parameter at compile time', () => {
    // @ts-expect-error: no such message
    assert.throws(() => fieldError('x', 'TOO_SHROT'));
    // @ts-expect-error: TOO_SHORT needs { field, min }
    fieldError('x', 'TOO_SHORT', { field: 'x' });
  });

  it('is published as docs/field-errors.md, generated from the table', () => {
    const doc = readFileSync(new URL('../../docs/field-errors.md', import.meta.url), 'utf8');
    assert.equal(doc, renderFieldErrorsMarkdown());
    for (const key of keys) assert.ok(doc.includes(`\`${key}\``), key);
  });
});
