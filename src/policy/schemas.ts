/** zod schemas of the policy data files under data/ and of the operator overrides file. */
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { REGISTRAR_STATUSES, SOURCE_KINDS, SUBJECT_TYPES } from './types.ts';

/** True when `s` is `YYYY-MM-DD` and names a real calendar day. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

const isoDate = z.string().refine(isIsoDate, 'expected a calendar date YYYY-MM-DD');
const confidence = z.enum(['high', 'medium', 'low', 'unsourced']);
/** A cited source; `kind` marks the State's own text or a body's primary data (data/README.md). */
export const sourceSchema = z.strictObject({
  title: z.string().min(1),
  url: z.url().optional(),
  date: z.string().min(1).optional(),
  kind: z.enum(SOURCE_KINDS).optional(),
});
const source = sourceSchema;
const sources = z.array(source).min(1, 'at least one source is required');
const note = z.string().min(1).optional();
const asciiSuffix = z
  .string()
  .regex(
    /^[a-z0-9-]+(\.[a-z0-9-]+)*$/,
    'expected a lower-case A-label suffix such as "com.cn" or "xn--fiqs8s"',
  );

/** Checks that `ascii` is the A-label form of `suffix` (catches hand-typed punycode mistakes). */
function asciiMatchesSuffix(v: { suffix: string; ascii: string }, ctx: z.RefinementCtx): void {
  const expected = domainToASCII(v.suffix);
  if (expected !== v.ascii) {
    ctx.addIssue({
      code: 'custom',
      path: ['ascii'],
      message: `"${v.ascii}" is not the A-label of "${v.suffix}" (expected "${expected || 'a valid IDN'}")`,
    });
  }
}

export const suffixEntrySchema = z
  .strictObject({
    suffix: z.string().min(1),
    ascii: asciiSuffix,
    kind: z.enum(['cctld', 'gtld', 'idn']),
    status: z.enum(['approved', 'not-approved', 'disputed', 'unverified']),
    approved: z.boolean(),
    approvedFrom: isoDate.optional(),
    confidence,
    sources,
    note,
  })
  .superRefine(asciiMatchesSuffix)
  .refine((e) => e.approvedFrom === undefined || e.approved, {
    message: 'approvedFrom is only for an approved suffix (approved: true)',
    path: ['approvedFrom'],
  });

export const restrictedSuffixSchema = z
  .strictObject({
    suffix: z.string().min(1),
    ascii: asciiSuffix,
    allowedSubjectTypes: z.array(z.enum(SUBJECT_TYPES)).min(1),
    confidence,
    sources,
    note,
  })
  .superRefine(asciiMatchesSuffix);

/**
 * `approved: true | false` is the older spelling of `status` (before `unknown` existed); an entry that
 * gives only `approved` is read as `status: "approved"` / `"not-approved"`, so existing overrides files
 * keep working. An entry giving both is refused, so the two can never disagree.
 */
function legacyApproved(value: unknown, ctx: { addIssue(issue: z.core.$ZodRawIssue): void }): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('approved' in value)) {
    return value;
  }
  const { approved, ...rest } = value as Record<string, unknown>;
  if ('status' in rest) {
    ctx.addIssue({
      code: 'custom',
      path: ['approved'],
      input: approved,
      message: 'give "status" only ("approved" is its older spelling and cannot say "unknown")',
    });
    return rest;
  }
  if (typeof approved !== 'boolean') return value;
  return { ...rest, status: approved ? 'approved' : 'not-approved' };
}

export const registrarEntrySchema = z.preprocess(
  legacyApproved,
  z
    .strictObject({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id such as "aliyun"'),
      brand: z.string().min(1),
      legalName: z.string().min(1),
      names: z.array(z.string().min(1)).min(1),
      ianaIds: z.array(z.number().int().positive()),
      licence: z.string().min(1).optional(),
      status: z.enum(REGISTRAR_STATUSES, {
        error: 'expected "approved", "not-approved" or "unknown" (evidence below medium either way)',
      }),
      international: z.boolean().optional(),
      confidence,
      sources,
      note,
    })
    .refine((e) => e.international !== true || e.status === 'not-approved', {
      message: 'a registrar outside mainland China ("international": true) has status "not-approved"',
      path: ['status'],
    }),
);

export const provinceSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/, 'expected a six-digit GB/T 2260 code'),
  name: z.string().min(1),
  fullName: z.string().min(1),
  pinyin: z.string().regex(/^[a-z]+$/, 'expected lower-case pinyin without tones or spaces'),
  icpPrefix: z.string().length(1),
  licencePrefix: z.string().length(1).optional(),
  confidence,
  sources,
  note,
});

const policyBase = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected an id of letters, digits, ".", "_" or "-"'),
  scope: z.string().regex(/^(\*|\d{6})$/, 'expected "*" or a six-digit GB/T 2260 code'),
  effectiveFrom: isoDate,
  effectiveUntil: isoDate.optional(),
  confidence,
  sources,
  note,
};
const count = z.number().int().nonnegative();

export const policyEntrySchema = z
  .discriminatedUnion('field', [
    z.strictObject({ ...policyBase, field: z.literal('maxDomainsPerWebsite'), value: count.min(1) }),
    z.strictObject({ ...policyBase, field: z.literal('minRemainingValidityMonths'), value: count }),
    z.strictObject({ ...policyBase, field: z.literal('expiringSoonIsError'), value: z.boolean() }),
    z.strictObject({ ...policyBase, field: z.literal('domainCertificateRequired'), value: z.boolean() }),
    z.strictObject({
      ...policyBase,
      field: z.literal('domainCertificateThreshold'),
      value: z
        .strictObject({ subjectTypes: z.array(z.enum(SUBJECT_TYPES)).min(1), moreThan: count })
        .nullable(),
    }),
    z.strictObject({ ...policyBase, field: z.literal('realNameReportingWorkdays'), value: count }),
    z.strictObject({
      ...policyBase,
      field: z.literal('approvedSuffixAndRegistrarRequired'),
      value: z.boolean(),
    }),
    z.strictObject({ ...policyBase, field: z.literal('realNameReportingLatestWorkdays'), value: count }),
  ])
  .refine((e) => e.effectiveUntil === undefined || e.effectiveUntil >= e.effectiveFrom, {
    message: 'effectiveUntil is before effectiveFrom',
    path: ['effectiveUntil'],
  });

/** The common wrapper of every data file: where it comes from, when, and its entries. */
export function dataFileSchema<T extends z.ZodType>(entry: T) {
  return z.strictObject({
    source: z.string().min(1),
    snapshotDate: isoDate,
    description: z.string().min(1),
    entries: z.array(entry),
  });
}

const calendarYearSchema = z.strictObject({
  year: z.number().int().min(1949).max(2999),
  holidays: z.array(
    z.strictObject({
      name: z.string().min(1),
      nameEn: z.string().min(1).optional(),
      from: isoDate,
      to: isoDate,
    }),
  ),
  makeupWorkdays: z.array(z.strictObject({ date: isoDate, name: z.string().min(1) })),
  confidence,
  sources,
  note,
});

export const calendarFileSchema = z.strictObject({
  source: z.string().min(1),
  snapshotDate: isoDate,
  description: z.string().min(1),
  coverage: z
    .strictObject({ fromYear: z.number().int(), toYear: z.number().int() })
    .refine((c) => c.fromYear <= c.toYear, 'fromYear is after toYear'),
  entries: z.array(calendarYearSchema),
});

/** 工作日历文件 — data/calendar/cn.json: holidays and 调休 makeup working days per year. */
export type CalendarFile = z.infer<typeof calendarFileSchema>;
export type CalendarYear = CalendarFile['entries'][number];

function overrideSection<T extends z.ZodType>(entry: T) {
  return z
    .strictObject({ add: z.array(entry).optional(), withdraw: z.array(z.string().min(1)).optional() })
    .optional();
}

/** The operator overrides file: entries to add (or replace) and keys to withdraw, per data file. */
export const overridesFileSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  suffixes: overrideSection(suffixEntrySchema),
  restrictedSuffixes: overrideSection(restrictedSuffixSchema),
  registrars: overrideSection(registrarEntrySchema),
  policies: overrideSection(policyEntrySchema),
  /**
   * Years of the working-day calendar, keyed by year ("2027"): a State Council holiday notice published
   * after this release can be added by the operator instead of waiting for one.
   */
  calendar: overrideSection(calendarYearSchema),
});
export type OverridesFile = z.infer<typeof overridesFileSchema>;

/** `entries[3].sources[0].url` — a zod issue path in the notation of the JSON file. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Every issue of a failed parse, one per line, each naming its path. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `  at ${formatPath(i.path)}: ${i.message}`).join('\n');
}
