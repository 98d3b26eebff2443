/**
 * 备案核验 — the form and domain checks the workflow runs on save and on submit: the filing schemas
 * (src/filing), the application limits in force, and the verification engine for every domain (the
 * five MIIT domain checks since 2018-01-01 plus the policy ones, 工信部信管〔2017〕264号).
 */
import type { Kysely } from 'kysely';
import { parseDomainInput } from '../domain-name/index.ts';
import { checkApplicationLimits, resolveApplicationLimits } from '../filing/index.ts';
import type { FieldError } from '../filing/index.ts';
import { fieldError, parseFields } from '../filing/index.ts';
import type { FilingForm } from '../filing/index.ts';
import { makeFilingFormSchema } from '../filing/index.ts';
import { toShanghaiDate } from '../policy/index.ts';
import type { CheckResult, FilingType } from '../rules/index.ts';
import { createFactsStore } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import {
  checkRequestSchema,
  CheckRequestError,
  contextFor,
  evaluateParsed,
  withAccountVisibility,
} from '../checking/index.ts';
import type { WorkflowDeps } from './context.ts';
import { limitEntries } from './context.ts';
import { WorkflowError } from './errors.ts';

/** 域名核验结果 — the engine's result for one domain of the application, at its form path. */
export type DomainCheck = { path: string; website: number; result: CheckResult };

type SubjectKey = { type?: string; idType?: string; idNumber?: string; name?: string };

/** Validates subject and websites; throws VALIDATION_FAILED with every field error at once. */
export function validateForm(deps: WorkflowDeps, input: unknown): FilingForm {
  const schema = makeFilingFormSchema({
    findProvince: (q) => deps.policy.findProvince(q),
    today: toShanghaiDate(deps.now),
  });
  const parsed = parseFields(schema, input);
  if (!parsed.ok) throw invalid(parsed.errors);
  return parsed.value;
}

export const invalid = (fields: FieldError[]): WorkflowError =>
  new WorkflowError(
    'VALIDATION_FAILED',
    { zh: '备案信息有误，请按提示修改', en: 'Some filing details are invalid; correct the fields shown' },
    fields,
  );

/** 继续增加域名 / 保存，并继续添加网站: the limits of the province policy in force (application-limits.ts). */
export function limitErrors(
  deps: WorkflowDeps,
  form: FilingForm,
  filingType: FilingType | null,
): FieldError[] {
  const limits = resolveApplicationLimits(deps.policy, limitEntries(deps), {
    province: form.subject.province,
    at: deps.now,
    subjectType: form.subject.type,
    filingType: filingType ?? 'first-filing',
  });
  return limits ? checkApplicationLimits(limits, form) : [];
}

/**
 * Runs the engine over domains (per website, in order) for a subject in a province, reading facts
 * through `db` (pass the transaction, so a submit decides on what it locks). The applicant's checks
 * (the filing-type check, saving a draft) show another account holding the subject only when the
 * applicant controls it (src/checking/subject-accounts.ts: no enumeration of credit codes); `all`
 * is for the submit, whose gate must see everything, and staff.
 */
export async function checkApplicationDomains(
  deps: WorkflowDeps,
  db: Kysely<Schema>,
  request: {
    province: string;
    subject: SubjectKey;
    account: string;
    domains: readonly (readonly string[])[];
    accounts?: 'applicant' | 'all';
  },
): Promise<DomainCheck[]> {
  const valid = checkRequestSchema.safeParse({
    inputs: ['placeholder.cn'],
    province: request.province,
    subjectType: request.subject.type,
    subjectIdType: request.subject.idType,
    subjectId: request.subject.idNumber,
    subjectName: request.subject.name,
    account: request.account,
  });
  if (!valid.success) {
    throw invalid([fieldError('subject', 'SUBJECT_INVALID')]);
  }
  let ctx;
  try {
    ctx = contextFor(deps.policy, valid.data, () => deps.now);
  } catch (error) {
    if (!(error instanceof CheckRequestError)) throw error;
    throw invalid([fieldError('subject.province', 'PROVINCE_REFUSED_BY_ENGINE', { reason: error.messages })]);
  }
  const positions: { path: string; website: number }[] = [];
  const items: { input: string; parsed: ReturnType<typeof parseDomainInput> }[] = [];
  request.domains.forEach((domains, website) =>
    domains.forEach((domain, k) => {
      positions.push({ path: `websites.${website}.domains.${k}`, website });
      items.push({ input: domain, parsed: parseDomainInput(domain) });
    }),
  );
  const local = createFactsStore({
    kysely: db,
    dialect: deps.database.dialect,
    destroy: () => Promise.resolve(),
  });
  const facts =
    (request.accounts ?? 'applicant') === 'all'
      ? local
      : withAccountVisibility(local, { kind: 'controlled', account: request.account, db });
  // One application is one subject's: its domains count together for the subject rules.
  const results = await evaluateParsed(ctx, facts, items, { oneSubject: true });
  return results.map((result, i) => ({ ...(positions[i] ?? { path: '', website: 0 }), result }));
}

/** Every error finding as a field error at its domain's path. */
export function findingErrors(checks: readonly DomainCheck[]): FieldError[] {
  return checks.flatMap((check) =>
    check.result.findings
      .filter((f) => f.severity === 'error')
      .map((f) => ({ path: check.path, code: f.code, message: { zh: f.message.zh, en: f.message.en } })),
  );
}

/**
 * The application's filing type: the first domain's; every other domain must derive the same one,
 * since one application files one way. Mismatches are field errors.
 */
export function filingTypeOf(checks: readonly DomainCheck[]): {
  type: FilingType | null;
  errors: FieldError[];
} {
  const type = checks[0]?.result.filingType ?? null;
  const errors: FieldError[] = [];
  for (const check of checks.slice(1)) {
    const other = check.result.filingType;
    if (type !== null && other !== null && other !== type) {
      errors.push(fieldError(check.path, 'FILING_TYPE_MIXED', { other, type }));
    }
  }
  return { type, errors };
}
