/**
 * Use case: 备案类型验证 — start an application. The applicant gives the province, the subject's nature,
 * certificate type and number, and one domain; the system derives the filing type (Alibaba
 * Cloud ICP备案类型: 首次备案 / 新增网站 / 接入备案) and refuses when a conflict blocks it (seed Q7,
 * Q9, a domain filed here or in an order under way, one in-flight order per subject). Other findings
 * (expired, real name…) do not stop the draft: the applicant fixes them before submitting.
 */
import { z } from 'zod';
import { validateCertificate } from '../filing/index.ts';
import { fieldError, toFieldErrors } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import { ID_TYPES, SUBJECT_TYPES, toShanghaiDate } from '../policy/index.ts';
import type { FilingType, FindingCode } from '../rules/index.ts';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/index.ts';
import type { Application } from './application.ts';
import { applicationFromRow } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { FilingTypeBlockedError, WorkflowError } from './errors.ts';
import { subjectDefaults } from './filing-defaults.ts';
import { holdingApplication } from './hold.ts';
import { DAY_MS, REMINDER_DAYS, scheduleIdleCheck, writeAudit } from './transition.ts';
import type { DomainCheck } from './verify.ts';
import { checkApplicationDomains, checkApplicationSubject, findingErrors, invalid } from './verify.ts';

/** Findings that block the filing type itself (Volcengine 备案类型's conflicts); the rest can wait. */
const BLOCKING_CODES: readonly FindingCode[] = [
  'DOMAIN_INVALID',
  'SUBJECT_IN_OTHER_ACCOUNT',
  'DOMAIN_FILED_BY_OTHER_SUBJECT',
  'DOMAIN_ALREADY_FILED_HERE',
  'DOMAIN_ORDER_IN_PROGRESS',
  'PARENT_DOMAIN_FILED',
  'PARENT_DOMAIN_FILED_ELSEWHERE',
];

export const createApplicationInputSchema = z.strictObject({
  province: z.string().trim().min(1).max(64),
  subject: z.strictObject({
    type: z.enum(SUBJECT_TYPES),
    idType: z.enum(ID_TYPES),
    idNumber: z.string().trim().min(1).max(64),
    name: z.string().trim().max(100).optional(),
  }),
  // Absent: an application of apps only (APP备案 without a website, 工信部信管〔2023〕105号).
  domain: z.string().trim().min(1).max(1024).optional(),
});

/** `check`: the domain's verification; null for an application of apps only. */
type CreateApplicationResult = { application: Application; check: DomainCheck | null };

export async function createApplication(
  deps: ActorDeps & { input: unknown },
): Promise<CreateApplicationResult> {
  const { actor, now } = deps;
  requirePermission(actor, 'application.create', { zh: '创建备案申请', en: 'create an application' });
  const parsed = createApplicationInputSchema.safeParse(deps.input);
  if (!parsed.success) throw invalid(toFieldErrors(parsed.error.issues, deps.input));
  const input = parsed.data;
  const cert = validateCertificate(input.subject.idType, input.subject.idNumber, toShanghaiDate(now));
  if (!cert.ok) throw invalid([fieldError('subject.idNumber', 'ID_NUMBER_INVALID', cert)]);
  const province = deps.policy.findProvince(input.province);
  if (!province) {
    throw invalid([fieldError('province', 'PROVINCE_NOT_FOUND', { province: input.province })]);
  }
  const subject = { ...input.subject, idNumber: cert.normalized, province: province.code };

  return writeTransaction(deps.database, async (tx) => {
    if (input.domain === undefined) {
      // No domain decides the type: the subject's standing does (Q9's other account still blocks).
      const { type, errors } = await checkApplicationSubject(deps, tx, {
        province: province.code,
        subject,
        account: actor.account,
      });
      if (type === null) {
        throw new WorkflowError(
          'FILING_TYPE_BLOCKED',
          {
            zh: '该主体当前不能在本账号备案，请按提示处理',
            en: 'This subject cannot file from this account now; see the reasons given',
          },
          errors,
        );
      }
      await refuseHeldSubject(tx, cert.normalized);
      const application = await insertDraft(deps, tx, subject, type, []);
      return { application, check: null };
    }
    const domainInput = input.domain;
    const [check] = await checkApplicationDomains(deps, tx, {
      province: province.code,
      subject,
      account: actor.account,
      domains: [[domainInput]],
    });
    if (!check) throw new Error('the engine returned no result for one domain');
    // Blocking findings of any severity: PARENT_DOMAIN_FILED is info (nothing to file) yet decides; with
    // a parent code, SUBDOMAIN_INPUT says which domain to file instead (seed Q4).
    const blocking = check.result.findings
      .filter((f) => BLOCKING_CODES.includes(f.code))
      .concat(
        check.result.findings.some((f) => f.code.startsWith('PARENT_DOMAIN_FILED'))
          ? check.result.findings.filter((f) => f.code === 'SUBDOMAIN_INPUT')
          : [],
      )
      .map((f) => ({ path: check.path, code: f.code, message: { zh: f.message.zh, en: f.message.en } }));
    if (blocking.length > 0 || check.result.filingType === null) {
      throw new FilingTypeBlockedError(check.result, blocking.length > 0 ? blocking : findingErrors([check]));
    }
    await refuseHeldSubject(tx, cert.normalized);
    const domain = check.result.domain?.registrableAscii ?? domainInput;
    const application = await insertDraft(deps, tx, subject, check.result.filingType, [domain]);
    return { application, check: { ...check, path: 'websites.0.domains.0' } };
  });
}

/** Only a holding application blocks: one without evidence of control must not (hold.ts). */
async function refuseHeldSubject(tx: Kysely<Schema>, idNumber: string): Promise<void> {
  const inFlight = await holdingApplication(tx, idNumber);
  if (inFlight) {
    throw new WorkflowError('SUBJECT_HAS_ACTIVE_APPLICATION', {
      zh: `该主体已有进行中的备案申请（编号 ${inFlight.id}），请等待其完成或撤回`,
      en: `This subject already has an application under way (no. ${inFlight.id}); wait for it or withdraw it`,
    });
  }
}

/** The new draft with its first website's domain, or with no website (apps only), and its creation event. */
async function insertDraft(
  deps: ActorDeps,
  tx: Kysely<Schema>,
  subject: { idNumber: string; name?: string | undefined; province: string },
  filingType: FilingType,
  domains: string[],
): Promise<Application> {
  const { actor, now } = deps;
  const at = now.toISOString();
  // Nothing typed twice: a subject this account filed or applied for before starts with its addresses
  // and 主体负责人 as entered then (filing-defaults.ts); the certificate and province are today's.
  const known = await subjectDefaults(tx, actor.account, subject.idNumber);
  const draftSubject = {
    ...known,
    ...subject,
    ...(!subject.name && typeof known?.name === 'string' ? { name: known.name } : {}),
  };
  const row = await tx
    .insertInto('application')
    .values({
      account: actor.account,
      province: subject.province,
      filing_type: filingType,
      status: 'draft',
      subject: JSON.stringify(draftSubject),
      websites: JSON.stringify(domains.map((domain) => ({ domains: [domain] }))),
      rejection: null,
      subject_id_number: subject.idNumber.toUpperCase(),
      in_progress_subject_id: null,
      created_at: at,
      updated_at: at,
      last_activity_at: at,
      submitted_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // Creation is the application's first transition (none → draft).
  await writeAudit(tx, {
    applicationId: row.id,
    actor,
    action: 'application.create',
    from: null,
    to: 'draft',
    data: { filingType, ...(domains[0] === undefined ? {} : { domain: domains[0] }) },
    now,
  });
  await scheduleIdleCheck(tx, row.id, new Date(now.getTime() + REMINDER_DAYS[0] * DAY_MS), now);
  return applicationFromRow(row);
}
