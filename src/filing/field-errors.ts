/**
 * 字段错误 — one error on one form field, the shape the API returns in `fields` and the web form shows
 * next to the field named by `path` (`websites.0.domains.1`).
 *
 * Convention for the filing schemas: every rule of ours adds a `custom` zod issue whose `params` carry
 * `{ code, message: { zh, en } }` (see `addFieldIssue`); `toFieldErrors` passes those
 * through unchanged. Issues zod raises by itself (missing field, wrong type, unknown key, enum) get a
 * generic zh/en message naming the field from `FIELD_LABELS`.
 */
import type { z } from 'zod';

import type { Localized } from '../shared/index.ts';
export type { Localized };

export type FieldError = { path: string; code: string; message: Localized };

/** An issue found by a filing rule, relative to the value checked; `addFieldIssue` reports it. */
export type PathIssue = { path: PropertyKey[]; code: string; message: Localized };

/** What the filing schemas put in a custom issue's `params`. */
export type FieldIssueParams = { code: string; message: Localized };

/** The part of zod's refinement context the helpers use (superRefine and .check both provide it). */
type IssueSink = { addIssue(issue: z.core.$ZodRawIssue): void };

/** Adds one of our issues at `path` (relative to the value being refined). */
export function addFieldIssue(
  ctx: IssueSink,
  path: readonly PropertyKey[],
  code: string,
  message: Localized,
): void {
  const params: FieldIssueParams = { code, message };
  ctx.addIssue({ code: 'custom', path: [...path], message: message.en, params, input: undefined });
}

/**
 * `when` for object-level refinements: run them even when zod found a type error in another field (so a
 * form shows every error at once), but only on objects. The refinement must then check field types itself.
 */
export const onObjects = {
  when: (payload: { value: unknown }): boolean => typeof payload.value === 'object' && payload.value !== null,
};

/** Field labels for zod's own issues, by the last named path segment(s); the longest match wins. */
export const FIELD_LABELS: Record<string, Localized> = {
  subject: { zh: '主办单位信息', en: 'filing subject' },
  'subject.type': { zh: '主办单位性质', en: 'subject type' },
  type: { zh: '性质', en: 'type' },
  idType: { zh: '证件类型', en: 'certificate type' },
  idNumber: { zh: '证件号码', en: 'certificate number' },
  name: { zh: '名称', en: 'name' },
  'subject.name': { zh: '主办单位名称', en: 'subject name' },
  'responsiblePerson.name': { zh: '负责人姓名', en: "responsible person's name" },
  'websites.*.name': { zh: '网站名称', en: 'website name' },
  province: { zh: '备案省份', en: 'province' },
  certificateAddress: { zh: '证件住所', en: 'certificate address' },
  mailingAddress: { zh: '通讯地址', en: 'mailing address' },
  responsiblePerson: { zh: '负责人', en: 'responsible person' },
  mobile: { zh: '手机号码', en: 'mobile phone number' },
  emergencyPhone: { zh: '应急联系电话', en: 'emergency phone number' },
  email: { zh: '电子邮箱', en: 'email address' },
  websites: { zh: '网站列表', en: 'websites' },
  domains: { zh: '网站域名', en: 'website domains' },
  'domains.*': { zh: '网站域名', en: 'website domain' },
  homeUrl: { zh: '网站首页 URL', en: 'home page URL' },
  serviceContent: { zh: '网站服务内容', en: 'service content' },
  'serviceContent.*': { zh: '网站服务内容', en: 'service content' },
  preApprovals: { zh: '前置审批项', en: 'pre-approvals' },
  'preApprovals.*.type': { zh: '前置审批类型', en: 'pre-approval type' },
  'preApprovals.*.number': { zh: '前置审批号', en: 'pre-approval number' },
  remarks: { zh: '备注', en: 'remarks' },
};

/** `['websites', 0, 'domains', 1]` → `websites.0.domains.1`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'symbol' ? (p.description ?? '') : String(p))).join('.');
}

/** The label of the field at `path`: the longest suffix of the path (numbers as `*`) with a label. */
export function fieldLabel(path: readonly PropertyKey[]): Localized {
  const keys = path.map((p) => (typeof p === 'number' ? '*' : String(p)));
  for (let start = 0; start < keys.length; start++) {
    const label = FIELD_LABELS[keys.slice(start).join('.')];
    if (label && keys[start] !== '*') return label;
  }
  return { zh: '该字段', en: 'this field' };
}

function isFieldIssueParams(params: unknown): params is FieldIssueParams {
  if (typeof params !== 'object' || params === null) return false;
  const { code, message } = params as { code?: unknown; message?: unknown };
  return (
    typeof code === 'string' &&
    typeof message === 'object' &&
    message !== null &&
    typeof (message as Localized).zh === 'string' &&
    typeof (message as Localized).en === 'string'
  );
}

/** A generic zh/en message for an issue zod raised itself, naming the field. */
function genericError(issue: z.core.$ZodIssue, label: Localized, missing: boolean): Omit<FieldError, 'path'> {
  if (missing && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return { code: 'REQUIRED', message: { zh: `请填写${label.zh}`, en: `Enter the ${label.en}` } };
  }
  switch (issue.code) {
    case 'invalid_type':
      return {
        code: 'INVALID_TYPE',
        message: { zh: `${label.zh}的格式不正确`, en: `The ${label.en} has the wrong type` },
      };
    case 'too_small':
      return {
        code: 'TOO_SHORT',
        message: {
          zh: `${label.zh}至少需要 ${String(issue.minimum)} 项`,
          en: `The ${label.en} needs at least ${String(issue.minimum)}`,
        },
      };
    case 'too_big':
      return {
        code: 'TOO_LONG',
        message: {
          zh: `${label.zh}最多 ${String(issue.maximum)} 项`,
          en: `The ${label.en} allows at most ${String(issue.maximum)}`,
        },
      };
    case 'invalid_value':
      return {
        code: 'INVALID_VALUE',
        message: { zh: `${label.zh}不在可选范围内`, en: `The ${label.en} is not one of the allowed values` },
      };
    case 'unrecognized_keys':
      return {
        code: 'UNKNOWN_FIELD',
        message: {
          zh: `不认识的字段：${issue.keys.join('、')}`,
          en: `Unknown field(s): ${issue.keys.join(', ')}`,
        },
      };
    default:
      return { code: 'INVALID', message: { zh: `${label.zh}无效`, en: `The ${label.en} is invalid` } };
  }
}

/** The value at `path` inside `root`, or undefined. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * zod issues → field errors. `input` (what was parsed) tells a missing field from a wrong type, since
 * zod 4 issues do not carry the input. `prefix` is prepended to every path, for a schema validated as
 * part of a larger document (`['websites', 2]`). An unknown key's error names the key in its path.
 */
export function toFieldErrors(
  issues: readonly z.core.$ZodIssue[],
  input?: unknown,
  prefix: readonly PropertyKey[] = [],
): FieldError[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'custom' && isFieldIssueParams(issue.params)) {
      return { path: formatFieldPath(path), code: issue.params.code, message: issue.params.message };
    }
    const fieldPath =
      issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...path, issue.keys[0] ?? ''] : path;
    const missing = valueAt(input, issue.path) == null;
    return { path: formatFieldPath(fieldPath), ...genericError(issue, fieldLabel(path), missing) };
  });
}

/** Runs a schema and gives either the parsed value or the field errors (never throws on input). */
export function parseFields<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | { ok: false; errors: FieldError[] } {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: toFieldErrors(result.error.issues, input) };
}
