/**
 * Use case: 变更主体 — change the data of a subject filed through this provider: its name, addresses,
 * 主体负责人 and remarks. Providers take a 主体变更 as an order of its own that goes through 初审,
 * MIIT's SMS to the 主体负责人 and the bureau (Huawei Cloud 变更备案: "变更主体信息"; Tencent Cloud
 * 变更备案), and the subject keeps its number and websites. Two things it cannot do:
 * - change the certificate (type, number), the subject's nature or its province: another certificate
 *   is another subject, and another province another bureau; that is a new filing after the old
 *   subject's cancellation (Alibaba Cloud 变更备案: "主体证件号码不可变更");
 * - change the name without the 更名函 (the registration authority's proof of the new name, e.g.
 *   市场监管局's 准予变更登记通知书): submit-subject-change.ts asks for the document kind
 *   `name-change-letter` (src/documents/kinds.ts).
 *
 * This file saves the change as a draft (`changeKind: 'subject'`, `changeOf`: the subject number) so the
 * 更名函 can be uploaded to it; submit-subject-change.ts submits it, and the usual flow follows. The
 * bureau's approval rewrites the filed subject (`applySubjectChange`).
 */
import type { Kysely } from 'kysely';
import type { FieldError, FilingSubject, Localized } from '../filing/index.ts';
import { fieldError, makeSubjectSchema, parseFields } from '../filing/index.ts';
import { MiitError } from '../miit/index.ts';
import type { MiitGateway } from '../miit/index.ts';
import { toShanghaiDate } from '../policy/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication, saveApplication } from './application.ts';
import { insertChangeDraft } from './change-draft.ts';
import type { ActorDeps, WorkflowDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import type { FiledSubject } from './filed-subject.ts';
import { ownedFiledSubject } from './filed-subject.ts';
import { refuseWhileInProgress } from './subject-activity.ts';
import { assertStatus, reopenIfRejected, writeAudit } from './transition.ts';
import { invalid } from './verify.ts';

const CHANGE: Localized = { zh: '变更主体', en: 'a subject change' };

const FIXED_FIELDS = {
  type: { zh: '主办单位性质', en: 'subject type' },
  idType: { zh: '主办单位证件类型', en: 'certificate type' },
  idNumber: { zh: '主办单位证件号码', en: 'certificate number' },
  province: { zh: '主办单位所属省份', en: 'province' },
} satisfies Record<string, Localized>;

/** The subject as a change may give it: the filing schema, at today's date. */
export function parseChangedSubject(deps: WorkflowDeps, input: unknown): FilingSubject {
  const schema = makeSubjectSchema({
    today: toShanghaiDate(deps.now),
    findProvince: (query) => deps.policy.findProvince(query),
  });
  const parsed = parseFields(schema, input);
  if (!parsed.ok) throw invalid(parsed.errors.map((e) => ({ ...e, path: `subject.${e.path}` })));
  return parsed.value;
}

/** What identifies the subject must stay as filed (the certificate is the subject). */
export function fixedFieldErrors(filed: FiledSubject, subject: FilingSubject): FieldError[] {
  const differs: Record<keyof typeof FIXED_FIELDS, boolean> = {
    type: filed.type !== null && subject.type !== filed.type,
    idType: subject.idType !== filed.idType,
    idNumber: subject.idNumber.toUpperCase() !== filed.idNumber.toUpperCase(),
    province: subject.province !== filed.province,
  };
  return (Object.keys(FIXED_FIELDS) as (keyof typeof FIXED_FIELDS)[])
    .filter((field) => differs[field])
    .map((field) => fieldError(`subject.${field}`, 'SUBJECT_CHANGE_FIXED', { field: FIXED_FIELDS[field] }));
}

/** JSON with sorted keys, so stored and typed data compare whatever order their keys came in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** Whether the change would change nothing the bureau holds (only when its details are known here). */
function changesNothing(filed: FiledSubject, subject: FilingSubject): boolean {
  if (filed.details === null || subject.name !== filed.name) return false;
  const held = (s: Record<string, unknown>) =>
    canonical([s.certificateAddress, s.mailingAddress, s.responsiblePerson, s.remarks ?? '']);
  return held(subject) === held(filed.details);
}

function insertSubjectChange(
  tx: Kysely<Schema>,
  deps: ActorDeps,
  filed: FiledSubject,
  subject: FilingSubject,
): Promise<Application> {
  return insertChangeDraft(tx, deps, {
    province: filed.province,
    subject,
    // A subject change carries no website: the SMS goes to the 主体负责人 alone.
    websites: [],
    subjectIdNumber: filed.idNumber,
    changeOf: filed.subjectNumber,
    changeKind: 'subject',
    action: 'application.create-subject-change',
    data: { changeOf: filed.subjectNumber, nameChange: subject.name !== filed.name },
  });
}

/** Loads `applicationId` as the actor's 变更主体 of `subjectNumber`; anything else is refused. */
export async function ownSubjectChange(
  tx: Kysely<Schema>,
  deps: ActorDeps,
  applicationId: number,
): Promise<Application> {
  const app = await loadApplication(tx, applicationId, deps.actor);
  if (app.changeKind !== 'subject' || app.changeOf === null) {
    throw new WorkflowError('INVALID_TRANSITION', {
      zh: '该备案申请不是变更主体申请',
      en: 'This application is not a subject change',
    });
  }
  return app;
}

/**
 * 变更主体: saves a change of the filed subject `subjectNumber` as a draft; with `applicationId`,
 * revises that change (a draft, or a rejected one, which returns to draft).
 */
export async function changeSubject(
  deps: ActorDeps & { subjectNumber: string; input: unknown; applicationId?: number },
): Promise<Application> {
  const { actor, now } = deps;
  requirePermission(actor, 'filing.change-own', { zh: '变更主体', en: 'change a filed subject' });
  const subject = parseChangedSubject(deps, deps.input);
  return writeTransaction(deps.database, async (tx) => {
    const filed = await ownedFiledSubject(tx, deps, deps.subjectNumber);
    const fixed = fixedFieldErrors(filed, subject);
    if (fixed.length > 0) throw invalid(fixed);
    if (changesNothing(filed, subject)) throw invalid([fieldError('subject', 'SUBJECT_CHANGE_NOTHING')]);
    if (deps.applicationId === undefined) {
      // One application in flight per subject (Huawei Cloud 备案流程): said before the form is kept.
      await refuseWhileInProgress(tx, filed.idNumber, actor.account, CHANGE);
      return insertSubjectChange(tx, deps, filed, subject);
    }
    const app = await ownSubjectChange(tx, deps, deps.applicationId);
    if (app.changeOf !== filed.subjectNumber) {
      throw new WorkflowError('INVALID_TRANSITION', {
        zh: '该备案申请不是此主体的变更申请',
        en: 'This application is not a change of this subject',
      });
    }
    const draft = await reopenIfRejected(tx, app, actor, now, 'revise-change');
    assertStatus(draft, 'edit');
    return saveApplication(tx, draft, { subject, lastActivityAt: now.toISOString() }, now);
  });
}

/**
 * 管局审核通过 of a 变更主体: the filed subject takes the new name and details and keeps its number and
 * websites; audited as `filing.subject-changed` in the approval's transaction.
 */
export async function applySubjectChange(
  deps: { gateway: MiitGateway; actor: ActorDeps['actor']; now: Date },
  tx: Kysely<Schema>,
  app: Application,
): Promise<{ subjectNumber: string }> {
  const subjectNumber = app.changeOf;
  if (subjectNumber === null || app.changeKind !== 'subject')
    throw new Error(`application ${app.id} is not a subject change`);
  const { name, certificateAddress, mailingAddress, responsiblePerson, remarks } = app.subject;
  if (typeof name !== 'string') throw new Error(`application ${app.id} has no subject name`);
  let previousName: string;
  try {
    ({ previousName } = await deps.gateway.changeSubject(
      {
        subjectNumber,
        name,
        details: {
          certificateAddress,
          mailingAddress,
          responsiblePerson,
          ...(remarks === undefined ? {} : { remarks }),
        },
        approvedAt: deps.now,
      },
      tx,
    ));
  } catch (error) {
    if (!(error instanceof MiitError) || error.code !== 'not-found') throw error;
    throw new WorkflowError('MIIT_REFUSED', {
      zh: `工信部系统中已没有主体 ${subjectNumber}，变更无法通过`,
      en: `MIIT no longer has the subject ${subjectNumber}; the change cannot be approved`,
    });
  }
  await writeAudit(tx, {
    applicationId: app.id,
    actor: deps.actor,
    action: 'filing.subject-changed',
    from: null,
    to: null,
    target: `subject:${subjectNumber}`,
    data: { number: subjectNumber, previousName, name, applicationId: app.id },
    now: deps.now,
  });
  return { subjectNumber };
}
