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
import type { FactsSource, WebsiteFiling } from '../facts/index.ts';
import type { CheckContext, CheckResult, FilingType } from '../rules/index.ts';
import { subjectFilingsAsOf, subjectFilingType } from '../rules/index.ts';
import { createFactsStore } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import {
  checkRequestSchema,
  CheckRequestError,
  contextFor,
  evaluateParsed,
  withAccountVisibility,
} from '../checking/index.ts';
import type { Application } from './application.ts';
import { applicationDomains, isActive } from './hold.ts';
import type { WorkflowDeps } from './context.ts';
import { limitEntries } from './context.ts';
import { WorkflowError } from './errors.ts';

/** 域名核验结果 — the engine's result for one domain of the application, at its form path. */
export type DomainCheck = { path: string; website: number; result: CheckResult };

type SubjectKey = { type?: string; idType?: string; idNumber?: string; name?: string };

type FormSchema = ReturnType<typeof makeFilingFormSchema>;

/**
 * The form schema of a policy on a day (Asia/Shanghai), which is all it depends on: built once a day
 * per policy instead of on every save and submit, where building it, and zod compiling its first
 * parse, were most of the form check's time (`npm run bench:http`, submit profile).
 */
const formSchemas = new WeakMap<WorkflowDeps['policy'], { today: string; schema: FormSchema }>();

function formSchemaFor(deps: WorkflowDeps): FormSchema {
  const today = toShanghaiDate(deps.now);
  const cached = formSchemas.get(deps.policy);
  if (cached?.today === today) return cached.schema;
  const schema = makeFilingFormSchema({ findProvince: (q) => deps.policy.findProvince(q), today });
  formSchemas.set(deps.policy, { today, schema });
  return schema;
}

/** Validates subject and websites; throws VALIDATION_FAILED with every field error at once. */
export function validateForm(deps: WorkflowDeps, input: unknown): FilingForm {
  const parsed = parseFields(formSchemaFor(deps), input);
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

/** The application a check is about: it is never its own conflict. */
type CheckedApplication = Pick<Application, 'status' | 'changeOf'>;

/**
 * The facts without the application's own hold (its `in-progress` registry row, hold.ts), which would
 * otherwise report every one of its domains as DOMAIN_ORDER_IN_PROGRESS. A subject has one application in
 * flight (SUBJECT_HAS_ACTIVE_APPLICATION), so while this one is active, the subject's in-progress row at
 * this provider under this account is this application's.
 */
function withoutOwnHold(facts: FactsSource, account: string, idNumber: string): FactsSource {
  const own = (filing: WebsiteFiling): boolean =>
    filing.subject.state === 'in-progress' &&
    filing.subject.provider === 'self' &&
    filing.subject.account === account &&
    filing.subject.subject.idNumber.toUpperCase() === idNumber.toUpperCase();
  return {
    consulted: facts.consulted,
    subjectFilings: (idNumbers) => facts.subjectFilings(idNumbers),
    async domainFacts(domains) {
      const result = await facts.domainFacts(domains);
      for (const [domain, entry] of result) {
        result.set(domain, { ...entry, inProgress: entry.inProgress.filter((filing) => !own(filing)) });
      }
      return result;
    },
  };
}

/**
 * Runs the engine over domains (per website, in order) for a subject in a province, reading facts
 * through `db` (pass the transaction, so a submit decides on what it locks). The applicant's checks
 * (the filing-type check, saving a draft) show another account holding the subject only when the
 * applicant controls it (src/checking/subject-accounts.ts: no enumeration of credit codes); `all`
 * is for the submit, whose gate must see everything, and staff. With `application`, the check is that
 * application's: its own hold and, for a change (变更备案), the filing it changes are not conflicts, and
 * a change derives the filing type `change`.
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
    application?: CheckedApplication | undefined;
  },
): Promise<DomainCheck[]> {
  const ctx = contextOf(deps, request);
  const facts = factsFor(deps, db, request);
  const positions: { path: string; website: number }[] = [];
  const items: { input: string; parsed: ReturnType<typeof parseDomainInput> }[] = [];
  request.domains.forEach((domains, website) =>
    domains.forEach((domain, k) => {
      positions.push({ path: `websites.${website}.domains.${k}`, website });
      items.push({ input: domain, parsed: parseDomainInput(domain) });
    }),
  );
  // One application is one subject's: its domains count together for the subject rules.
  const results = await evaluateParsed(ctx, facts, items, { oneSubject: true });
  return results.map((result, i) => ({ ...(positions[i] ?? { path: '', website: 0 }), result }));
}

type CheckRequest = Parameters<typeof checkApplicationDomains>[2];

/** The engine's context of a request: its province, subject and account at `deps.now`. */
function contextOf(deps: WorkflowDeps, request: Omit<CheckRequest, 'domains'>): CheckContext {
  const valid = checkRequestSchema.safeParse({
    inputs: ['placeholder.cn'],
    province: request.province,
    subjectType: request.subject.type,
    subjectIdType: request.subject.idType,
    subjectId: request.subject.idNumber,
    subjectName: request.subject.name,
    account: request.account,
  });
  if (!valid.success) throw invalid([fieldError('subject', 'SUBJECT_INVALID')]);
  try {
    return {
      ...contextFor(deps.policy, valid.data, () => deps.now),
      changeOf: request.application?.changeOf ?? null,
    };
  } catch (error) {
    if (!(error instanceof CheckRequestError)) throw error;
    throw invalid([fieldError('subject.province', 'PROVINCE_REFUSED_BY_ENGINE', { reason: error.messages })]);
  }
}

/** The facts a request may see: every account's for the gate and staff, else the applicant's (see above). */
function factsFor(
  deps: WorkflowDeps,
  db: Kysely<Schema>,
  request: Omit<CheckRequest, 'domains'>,
): FactsSource {
  const local = createFactsStore({
    kysely: db,
    dialect: deps.database.dialect,
    destroy: () => Promise.resolve(),
  });
  const visible =
    (request.accounts ?? 'applicant') === 'all'
      ? local
      : withAccountVisibility(local, { kind: 'controlled', account: request.account, db });
  const subjectId = request.subject.idNumber;
  return request.application && isActive(request.application.status) && subjectId !== undefined
    ? withoutOwnHold(visible, request.account, subjectId)
    : visible;
}

/**
 * 备案类型 of an application that carries no website (APP备案 only): the subject's standing decides it
 * (subjectFilingType, src/rules); SUBJECT_IN_OTHER_ACCOUNT is its one blocking finding, at `subject`.
 */
export async function checkApplicationSubject(
  deps: WorkflowDeps,
  db: Kysely<Schema>,
  request: Omit<CheckRequest, 'domains'>,
): Promise<{ type: FilingType | null; errors: FieldError[] }> {
  const ctx = contextOf(deps, request);
  const idNumber = ctx.derived.subjectIdNumber;
  if (idNumber === undefined) return { type: null, errors: [fieldError('subject', 'SUBJECT_INVALID')] };
  const filings = (await factsFor(deps, db, request).subjectFilings([idNumber])).get(idNumber) ?? [];
  const { filingType, findings } = subjectFilingType(ctx, subjectFilingsAsOf(ctx, filings));
  return {
    type: filingType,
    errors: findings
      .filter((f) => f.severity === 'error')
      .map((f) => ({ path: 'subject', code: f.code, message: { zh: f.message.zh, en: f.message.en } })),
  };
}

/**
 * The filing type of an application and the errors that refuse it: its domains' (filingTypeOf), or,
 * when it carries no website, its subject's (checkApplicationSubject).
 */
export async function applicationFilingType(
  deps: WorkflowDeps,
  db: Kysely<Schema>,
  request: Omit<CheckRequest, 'domains'>,
  checks: readonly DomainCheck[],
): Promise<{ type: FilingType | null; errors: FieldError[] }> {
  if (checks.length > 0) return filingTypeOf(checks);
  return checkApplicationSubject(deps, db, request);
}

/** 已备案: an approved application's domains are filed by that very approval; nothing is re-checked. */
export type ApplicationRecheck = { filed: true } | { filed: false; checks: DomainCheck[] };

/**
 * The engine's results for an application now, as its reviewers see them: as at submit, without the
 * application itself (its hold, the filing a change changes). An approved application is not re-checked:
 * the check would meet the numbers its own approval issued (DOMAIN_ALREADY_FILED_HERE); its result is
 * that it is filed. Throws VALIDATION_FAILED when the saved subject cannot be checked.
 */
export async function recheckApplication(deps: WorkflowDeps, app: Application): Promise<ApplicationRecheck> {
  if (app.status === 'approved') return { filed: true };
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const checks = await checkApplicationDomains(deps, deps.database.kysely, {
    province: app.province,
    subject: {
      type: text(app.subject.type),
      idType: text(app.subject.idType),
      idNumber: text(app.subject.idNumber) ?? app.subjectIdNumber,
      name: text(app.subject.name),
    },
    account: app.account,
    domains: applicationDomains(app),
    // Reviewers are staff: they see every account holding the subject.
    accounts: 'all',
    application: app,
  });
  return { filed: false, checks };
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
