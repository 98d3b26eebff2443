/**
 * 备案申请 Application — the stored application and its reads and optimistic writes. Drafts keep what
 * the applicant typed (possibly incomplete); the schemas validate it on save and on submit.
 */
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Localized } from '../filing/index.ts';
import type { Rejection } from '../filing/index.ts';
import type { ApplicationStatus } from '../filing/index.ts';
import { ID_TYPES, SUBJECT_TYPES } from '../policy/index.ts';
import type { IdType, SubjectType } from '../policy/index.ts';
import type { FilingType } from '../rules/index.ts';
import { fromJson } from '../store/index.ts';
import type { ApplicationTable, HoldEvidence, Schema } from '../store/index.ts';
import type { Actor } from './context.ts';
import { notFound, WorkflowError } from './errors.ts';

export type { Rejection, RejectionReason } from '../filing/index.ts';

/** 备案申请 — an application as the use cases see it. */
export type Application = {
  id: number;
  account: string;
  province: string;
  filingType: FilingType | null;
  status: ApplicationStatus;
  /** The subject as entered (FilingSubject once complete). */
  subject: Record<string, unknown>;
  /** The websites as entered (Website[] once complete). */
  websites: Record<string, unknown>[];
  rejection: Rejection | null;
  subjectIdNumber: string;
  inProgressSubjectId: number | null;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  submittedAt: string | null;
  version: number;
  /**
   * 变更网站 / 变更接入: the filed website number this application changes (change-website.ts); 变更主体:
   * the subject number; null for filings.
   */
  changeOf: string | null;
  /** 占用依据: why it holds its domains and subject (hold.ts); null while it holds nothing. */
  holdEvidence: HoldEvidence | null;
  /**
   * With `changeOf`: `access` for a 变更接入 (change-access.ts), `subject` for a 变更主体
   * (change-subject.ts; `changeOf` is then the subject number), `app` for a 变更APP (change-app.ts:
   * `changeOf` is the app's number), null for a 变更网站.
   */
  changeKind: 'access' | 'subject' | 'app' | null;
};

export function applicationFromRow(row: Selectable<ApplicationTable>): Application {
  return {
    id: row.id,
    account: row.account,
    province: row.province,
    filingType: row.filing_type,
    status: row.status,
    subject: fromJson(row.subject),
    websites: fromJson(row.websites),
    rejection: row.rejection === null ? null : fromJson(row.rejection),
    subjectIdNumber: row.subject_id_number,
    inProgressSubjectId: row.in_progress_subject_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastActivityAt: row.last_activity_at,
    submittedAt: row.submitted_at,
    version: row.version,
    changeOf: row.change_of ?? null,
    holdEvidence: row.hold_evidence ?? null,
    changeKind: row.change_kind ?? null,
  };
}

/** The subject's 主体性质 as saved; null while the draft has none (or one the policy does not know). */
export const subjectTypeOf = (subject: Record<string, unknown>): SubjectType | null =>
  SUBJECT_TYPES.find((type) => type === subject.type) ?? null;

/**
 * The subject's 证件类型 as saved. Past draft the schemas have accepted it, so a missing one is a bug
 * (plain Error), not a refusal.
 */
export function submittedIdType(app: Pick<Application, 'id' | 'subject'>): IdType {
  const idType = ID_TYPES.find((type) => type === app.subject.idType);
  if (idType === undefined) throw new Error(`application ${app.id} was submitted without a certificate type`);
  return idType;
}

const APPLICATION: Localized = { zh: '该备案申请', en: 'application' };

/** Loads an application; NOT_FOUND also when `owner` is given and the application is someone else's. */
export async function loadApplication(
  db: Kysely<Schema>,
  id: number,
  owner: Actor | null = null,
): Promise<Application> {
  const row = Number.isSafeInteger(id)
    ? await db.selectFrom('application').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  // Someone else's application is "not found", so ids do not reveal what exists.
  if (!row || (owner !== null && row.account !== owner.account)) throw notFound(APPLICATION);
  return applicationFromRow(row);
}

export type ApplicationChanges = Partial<{
  filingType: FilingType | null;
  status: ApplicationStatus;
  subject: Record<string, unknown>;
  websites: readonly Record<string, unknown>[];
  rejection: Rejection | null;
  subjectIdNumber: string;
  province: string;
  inProgressSubjectId: number | null;
  holdEvidence: HoldEvidence | null;
  lastActivityAt: string;
  submittedAt: string | null;
}>;

/**
 * Writes changes if the application is still at `app.version` (optimistic concurrency): another
 * writer in between is a CONFLICT, never a lost update. Returns the application as stored.
 */
export async function saveApplication(
  db: Kysely<Schema>,
  app: Application,
  changes: ApplicationChanges,
  now: Date,
): Promise<Application> {
  const set: Updateable<ApplicationTable> = {};
  if (changes.filingType !== undefined) set.filing_type = changes.filingType;
  if (changes.status !== undefined) set.status = changes.status;
  if (changes.subject !== undefined) set.subject = JSON.stringify(changes.subject);
  if (changes.websites !== undefined) set.websites = JSON.stringify(changes.websites);
  if (changes.rejection !== undefined)
    set.rejection = changes.rejection === null ? null : JSON.stringify(changes.rejection);
  if (changes.subjectIdNumber !== undefined) set.subject_id_number = changes.subjectIdNumber.toUpperCase();
  if (changes.province !== undefined) set.province = changes.province;
  if (changes.inProgressSubjectId !== undefined) set.in_progress_subject_id = changes.inProgressSubjectId;
  if (changes.holdEvidence !== undefined) set.hold_evidence = changes.holdEvidence;
  if (changes.lastActivityAt !== undefined) set.last_activity_at = changes.lastActivityAt;
  if (changes.submittedAt !== undefined) set.submitted_at = changes.submittedAt;
  const row = await db
    .updateTable('application')
    .set({ ...set, updated_at: now.toISOString(), version: app.version + 1 })
    .where('id', '=', app.id)
    .where('version', '=', app.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    throw new WorkflowError('CONFLICT', {
      zh: '该备案申请已被其他操作修改，请刷新后重试',
      en: 'The application was changed by someone else; reload it and try again',
    });
  }
  return applicationFromRow(row);
}
