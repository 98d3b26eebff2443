/**
 * Use cases of the web wizard's steps (主体信息 → 网站信息 → 备案材料 → 提交): save one step of a draft
 * (`saveDraftPart`), and verify a draft without saving it (`verifyDraft`).
 *
 * updateDraft validates the whole form, so a fresh draft (subject key and one domain from 备案类型验证,
 * create-application.ts) could not keep a completed subject while its websites are still blank. Providers'
 * wizards save each step as it is completed (Alibaba Cloud 首次备案 steps): here a step is
 * stored once its own part is valid, and saved through updateDraft (every domain verified, limits, filing
 * type) as soon as the whole form is. Submitting still re-validates everything (submit-application.ts).
 */
import { z } from 'zod';
import { resolveApplicationLimits, checkApplicationLimits } from '../filing/index.ts';
import type { FieldError } from '../filing/index.ts';
import { fieldError, parseFields } from '../filing/index.ts';
import { makeSubjectSchema } from '../filing/index.ts';
import type { FilingSubject } from '../filing/index.ts';
import { makeFilingFormSchema, makeWebsiteSchema } from '../filing/index.ts';
import type { Website } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import { toShanghaiDate } from '../policy/index.ts';
import type { SubjectType } from '../policy/index.ts';
import type { Application } from './application.ts';
import { loadApplication, saveApplication, subjectTypeOf } from './application.ts';
import type { ActorDeps, WorkflowDeps } from './context.ts';
import { limitEntries, requirePermission } from './context.ts';
import { hasApps } from './app-entries.ts';
import { applicationDomains } from './hold.ts';
import { missingCertificateErrors } from './list-documents.ts';
import { serviceCodeErrors, syncServiceCodes } from './service-codes.ts';
import type { UpdateDraftResult } from './update-draft.ts';
import { assertVersion, editableDraft, updateDraft } from './update-draft.ts';
import type { DomainCheck } from './verify.ts';
import {
  applicationFilingType,
  checkApplicationDomains,
  findingErrors,
  invalid,
  limitErrors,
} from './verify.ts';

/** 填写步骤 — the part of the form one wizard step edits. */
type DraftPart = 'subject' | 'websites';

/**
 * 分步保存结果 — as updateDraft's, plus `complete`: whether the whole form is valid (and so was saved
 * through updateDraft, with every domain verified). When it is not, `errors` lists what the other step
 * still lacks, and `checks` is empty.
 */
export type DraftStepResult = UpdateDraftResult & { complete: boolean };

/**
 * 草稿核验 — what submitting would decide now, without saving: every error (fields still missing or
 * wrong, error findings, limits, domain certificates still needed) and each domain's verification.
 * Domains are verified whenever the subject is complete, even if the websites are not yet.
 */
export type DraftVerification = {
  application: Application;
  checks: DomainCheck[];
  errors: FieldError[];
  complete: boolean;
};

const formSchema = (deps: WorkflowDeps) =>
  makeFilingFormSchema({ findProvince: (q) => deps.policy.findProvince(q), today: toShanghaiDate(deps.now) });

const subjectSchema = (deps: WorkflowDeps) =>
  makeSubjectSchema({ findProvince: (q) => deps.policy.findProvince(q), today: toShanghaiDate(deps.now) });

const websitesSchema = (deps: WorkflowDeps, subjectType: SubjectType | null) =>
  z.array(makeWebsiteSchema({ today: toShanghaiDate(deps.now), subjectType })).max(10);

const within = (part: DraftPart) => (error: FieldError) =>
  error.path === part || error.path.startsWith(`${part}.`);

/** The same field may be reported by the schema and by the engine (DOMAIN_INVALID): list it once. */
function dedupe(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path}\u0000${error.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The application limits in force for websites saved on their own (updateDraft's limitErrors otherwise). */
function websiteLimitErrors(
  deps: WorkflowDeps,
  app: Application,
  websites: readonly Website[],
): FieldError[] {
  const limits = resolveApplicationLimits(deps.policy, limitEntries(deps), {
    province: app.province,
    at: deps.now,
    subjectType: subjectTypeOf(app.subject) ?? 'enterprise',
    filingType: app.filingType ?? 'first-filing',
  });
  return limits ? checkApplicationLimits(limits, { websites }) : [];
}

/**
 * Saves one step: `values` is the subject (part `subject`) or the list of websites (part `websites`) as
 * entered. Errors of that part refuse the save (VALIDATION_FAILED, every field at once); errors of the
 * other part do not, they come back in `errors` with `complete: false`.
 */
export async function saveDraftPart(
  deps: ActorDeps & { applicationId: number; part: DraftPart; values: unknown; expectedVersion?: number },
): Promise<DraftStepResult> {
  const { actor, now, part } = deps;
  requirePermission(actor, 'application.update-own', { zh: '修改备案申请', en: 'change an application' });
  const current = await loadApplication(deps.database.kysely, deps.applicationId, actor);
  // Later writes must find the version the form was composed from: the other part is taken from it.
  const expectedVersion = deps.expectedVersion ?? current.version;
  const form =
    part === 'subject'
      ? { subject: deps.values, websites: current.websites }
      : { subject: current.subject, websites: deps.values };
  const whole = parseFields(formSchema(deps), form);
  if (whole.ok) {
    const saved = await updateDraft({ ...deps, form, expectedVersion });
    return { ...saved, complete: true };
  }
  const own = whole.errors.filter(within(part));
  if (own.length > 0) throw invalid(own);
  const others = whole.errors.filter((error) => !within(part)(error));

  let changes: Parameters<typeof saveApplication>[2];
  if (part === 'subject') {
    const parsed = parseFields(subjectSchema(deps), deps.values);
    if (!parsed.ok) throw invalid(parsed.errors.map((e) => ({ ...e, path: `subject.${e.path}` })));
    const subject: FilingSubject = parsed.value;
    changes = { subject, province: subject.province, subjectIdNumber: subject.idNumber };
  } else {
    const parsed = parseFields(websitesSchema(deps, subjectTypeOf(current.subject)), deps.values);
    if (!parsed.ok) throw invalid(parsed.errors.map((e) => ({ ...e, path: `websites.${e.path}` })));
    const limits = websiteLimitErrors(deps, current, parsed.value);
    if (limits.length > 0) throw invalid(limits);
    changes = { websites: parsed.value };
  }
  return writeTransaction(deps.database, async (tx) => {
    const app = await loadApplication(tx, deps.applicationId, actor);
    assertVersion(app, expectedVersion);
    const draft = await editableDraft(deps, tx, app);
    const saved = await saveApplication(tx, draft, { ...changes, lastActivityAt: now.toISOString() }, now);
    await syncServiceCodes(tx, saved, actor, now);
    return { application: saved, checks: [], errors: others, complete: false };
  });
}

/** What submitting would say about the draft now; changes nothing. */
export async function verifyDraft(deps: ActorDeps & { applicationId: number }): Promise<DraftVerification> {
  requirePermission(deps.actor, 'application.read-own', { zh: '查看备案申请', en: 'read an application' });
  const db = deps.database.kysely;
  const app = await loadApplication(db, deps.applicationId, deps.actor);
  const whole = parseFields(formSchema(deps), { subject: app.subject, websites: app.websites });
  const errors: FieldError[] = whole.ok ? [] : [...whole.errors];
  const subject = parseFields(subjectSchema(deps), app.subject);
  let checks: DomainCheck[] = [];
  if (subject.ok) {
    checks = await checkApplicationDomains(deps, db, {
      province: subject.value.province,
      subject: subject.value,
      account: app.account,
      domains: applicationDomains(app),
      application: app,
    });
    const { type, errors: mixed } = await applicationFilingType(
      deps,
      db,
      { province: subject.value.province, subject: subject.value, account: app.account, application: app },
      checks,
    );
    errors.push(...findingErrors(checks), ...mixed);
    if (whole.ok) errors.push(...limitErrors(deps, whole.value, type));
    errors.push(...(await missingCertificateErrors(deps, db, app.id, checks)));
  }
  errors.push(...(await serviceCodeErrors(deps, db, app)));
  // As the submit: a website or an app to file (an application of apps only has no website).
  if (app.websites.length === 0 && !(await hasApps(db, app.id)))
    errors.push(fieldError('websites', 'APPLICATION_EMPTY'));
  return { application: app, checks, errors: dedupe(errors), complete: whole.ok };
}
