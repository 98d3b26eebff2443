/**
 * Use case: 已备案主体信息 — a filed subject of the applicant as a 变更主体 starts from: the certificate
 * (which the change cannot touch), the name and the rest the bureau approved (addresses, 主体负责人,
 * remarks). MIIT keeps the latter with the subject (`filed_subject.details`) once a 变更主体 wrote
 * them; before that they are the subject's latest approved application's. A subject imported without
 * them has none: the form starts from the certificate and name only.
 */
import type { Kysely } from 'kysely';
import type { IdType, SubjectType } from '../policy/index.ts';
import type { Schema } from '../store/index.ts';
import { fromJson } from '../store/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { ownedSubject } from './filed-records.ts';

/** 已备案主体 — a filed subject with what a change starts from. */
export type FiledSubject = {
  id: number;
  subjectNumber: string;
  account: string | null;
  province: string;
  type: SubjectType | null;
  idType: IdType;
  idNumber: string;
  name: string;
  /** Addresses, 主体负责人 and remarks as last approved; null when none are known here. */
  details: Record<string, unknown> | null;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The details of a filed subject row: its own column, else its latest approved application's subject. */
export async function subjectDetails(
  tx: Kysely<Schema>,
  row: { details: string | null; id_number: string; account: string | null },
): Promise<Record<string, unknown> | null> {
  if (row.details !== null) {
    const details: unknown = JSON.parse(row.details);
    return isRecord(details) ? details : null;
  }
  if (row.account === null) return null;
  const app = await tx
    .selectFrom('application')
    .select('subject')
    .where('account', '=', row.account)
    .where('subject_id_number', '=', row.id_number.toUpperCase())
    .where('status', '=', 'approved')
    .where((eb) => eb.or([eb('change_kind', 'is', null), eb('change_kind', '=', 'subject')]))
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!app) return null;
  const subject = fromJson(app.subject);
  const { certificateAddress, mailingAddress, responsiblePerson, remarks } = subject;
  return isRecord(responsiblePerson)
    ? { certificateAddress, mailingAddress, responsiblePerson, ...(remarks === undefined ? {} : { remarks }) }
    : null;
}

/** A filed subject of a filed subject row. */
export async function filedSubjectFromRow(
  tx: Kysely<Schema>,
  row: {
    id: number;
    subject_number: string | null;
    account: string | null;
    province: string;
    type: SubjectType | null;
    id_type: IdType;
    id_number: string;
    name: string;
    details: string | null;
  },
): Promise<FiledSubject> {
  return {
    id: row.id,
    subjectNumber: row.subject_number ?? '',
    account: row.account,
    province: row.province,
    type: row.type,
    idType: row.id_type,
    idNumber: row.id_number,
    name: row.name,
    details: await subjectDetails(tx, row),
  };
}

/** The actor's filed subject `subjectNumber`; someone else's, or none, is NOT_FOUND. */
export async function ownedFiledSubject(
  tx: Kysely<Schema>,
  deps: ActorDeps,
  subjectNumber: string,
): Promise<FiledSubject> {
  const number = await ownedSubject(tx, deps, subjectNumber);
  const row = await tx
    .selectFrom('filed_subject')
    .selectAll()
    .where('subject_number', '=', number)
    .where('state', '=', 'filed')
    .executeTakeFirstOrThrow();
  return filedSubjectFromRow(tx, row);
}

/** 已备案主体信息: the applicant's filed subject `subjectNumber`, for the 变更主体 form. */
export async function readFiledSubject(deps: ActorDeps & { subjectNumber: string }): Promise<FiledSubject> {
  requirePermission(deps.actor, 'filing.read-own', { zh: '查看我的备案', en: 'read my filings' });
  return ownedFiledSubject(deps.database.kysely, deps, deps.subjectNumber);
}
