/**
 * 材料引用 — which rows reference a stored file, and the locks that keep "is it still referenced?"
 * true until the file is written or removed. Content addressing means one file may serve several rows
 * (application_document rows of any application, real-name submissions at the registrar); the file
 * may go only when the last of them has. Upload, removal and the orphan collection of one hash take the
 * same lock, so a removal cannot delete a file that an upload of the same bytes is about to reference.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, Schema } from '../store/index.ts';

/** Advisory lock classes (the first key of pg_advisory_xact_lock): "beia" and "beib" in ASCII. */
const FILE_LOCK_CLASS = 0x62656961;
const ACCOUNT_LOCK_CLASS = 0x62656962;

/**
 * Holds the lock of one file's references until the transaction ends. On PostgreSQL a transaction-
 * level advisory lock on the hash (two processes or connections may race); SQLite's write
 * transactions (`begin immediate`) already run one at a time, which is the same guarantee.
 */
export async function lockDocumentFile(
  database: Database,
  tx: Kysely<Schema>,
  sha256: string,
): Promise<void> {
  if (database.dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${FILE_LOCK_CLASS}, hashtext(${sha256}))`.execute(tx);
}

/** The same for an account's stored bytes: two uploads at once must not both fit under the cap. */
export async function lockAccountDocuments(
  database: Database,
  tx: Kysely<Schema>,
  account: string,
): Promise<void> {
  if (database.dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${ACCOUNT_LOCK_CLASS}, hashtext(${account}))`.execute(tx);
}

/** Whether a live document or a real-name submission references the file of `sha256`. */
export async function isDocumentReferenced(db: Kysely<Schema>, sha256: string): Promise<boolean> {
  const document = await db
    .selectFrom('application_document')
    .select('id')
    .where('sha256', '=', sha256)
    .where('removed_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (document) return true;
  const submission = await db
    .selectFrom('real_name_submission')
    .select('id')
    .where('document_sha256', '=', sha256)
    .limit(1)
    .executeTakeFirst();
  return submission !== undefined;
}

/**
 * What an account stores: the distinct files of the live documents of its applications, in bytes,
 * and whether `sha256` is among them already (storing it again then takes no room).
 */
export async function accountDocumentBytes(
  db: Kysely<Schema>,
  account: string,
  sha256: string,
): Promise<{ storedBytes: number; alreadyStored: boolean }> {
  const liveFiles = db
    .selectFrom('application_document as d')
    .innerJoin('application as a', 'a.id', 'd.application_id')
    .select(['d.sha256', 'd.size_bytes'])
    .distinct()
    .where('a.account', '=', account)
    .where('d.removed_at', 'is', null);
  const total = await db
    .selectFrom(liveFiles.as('f'))
    .select((eb) => eb.fn.sum<number | string | null>('f.size_bytes').as('bytes'))
    .executeTakeFirst();
  const already = await liveFiles.where('d.sha256', '=', sha256).limit(1).executeTakeFirst();
  // PostgreSQL sums integers as numeric (text in node-postgres); SQLite as a number; null when none.
  return { storedBytes: Number(total?.bytes ?? 0), alreadyStored: already !== undefined };
}
