/**
 * Form bodies as the workflow's schemas want them. Field names are the workflow's field paths
 * (`subject.name`, `websites.0.domains.1`), so a field error's `path` names its input and the same
 * schema validates the API body and the form: `validateForm(schema, p.form)`.
 */
import type { z } from 'zod';
import type { FieldError } from '../../filing/index.ts';
import { parseFields } from '../../filing/index.ts';

export type { FieldError } from '../../filing/index.ts';

/** Bounds for hostile bodies: no deep nesting, no million-slot arrays from `x.999999`. */
const MAX_DEPTH = 8;
const MAX_INDEX = 999;
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Dotted names → a nested value: `{ 'websites.0.domains.1': 'b.cn' }` → `{ websites: [{ domains:
 * [undefined, 'b.cn'] }] }` (numeric segments make arrays; number fields from 0 without gaps).
 * An empty text box is a missing value (dropped), so "required" reads as required rather than
 * "too short". Names starting with `_` are the kit's own (`_csrf`) and are left out, as are names
 * that are too deep, index too far, or touch the prototype.
 */
export function unflattenForm(form: Readonly<Record<string, string>>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(form)) {
    if (value === '' || name.startsWith('_')) continue;
    const keys = name.split('.');
    if (keys.length > MAX_DEPTH || keys.some((key) => key === '' || FORBIDDEN_KEYS.has(key))) continue;
    if (keys.some((key) => /^\d+$/.test(key) && Number(key) > MAX_INDEX)) continue;
    let node: Record<string, unknown> | unknown[] = root;
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      const slot = /^\d+$/.test(key) && Array.isArray(node) ? Number(key) : key;
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[slot] = value;
        return;
      }
      const wantArray = /^\d+$/.test(keys[i + 1] ?? '');
      const existing = container[slot];
      const fits = wantArray ? Array.isArray(existing) : typeof existing === 'object' && existing !== null;
      if (!fits) container[slot] = wantArray ? [] : {};
      node = container[slot] as Record<string, unknown> | unknown[];
    });
  }
  return root;
}

/** Validates a form body with a schema: the value, or field errors named by path (never throws). */
export function validateForm<S extends z.ZodType>(
  schema: S,
  form: Readonly<Record<string, string>>,
): { ok: true; value: z.output<S> } | { ok: false; errors: FieldError[] } {
  return parseFields(schema, unflattenForm(form));
}
