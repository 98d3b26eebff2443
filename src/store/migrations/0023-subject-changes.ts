/**
 * 变更主体 and 转移备案 (issue 15). `filed_subject.details` holds what the bureau approved of a subject
 * beyond its name and certificate (addresses, 主体负责人, remarks) once a 变更主体 rewrote them; null
 * until then, when the subject's latest approved application says it. `application.change_kind` gains
 * `subject` (its `change_of` is then the subject number). `subject_transfer` is one request of an
 * account to take over a subject filed here under another account, confirmed by the subject's 主体负责人
 * with a code sent to their phone: only hashes of the link token and of the code are stored.
 * `subject_id` is null when the request named no subject filed under another account here: the row
 * then only keeps the requester's answer the same shape as a real one (no enumeration).
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('filed_subject').addColumn('details', 'text').execute();

  await db.schema
    .createTable('subject_transfer')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('requester', 'text', (col) => col.notNull())
    .addColumn('query', 'text', (col) => col.notNull())
    .addColumn('subject_id', 'integer', (col) => col.references('filed_subject.id').onDelete('set null'))
    .addColumn('from_account', 'text')
    .addColumn('phone', 'text')
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('code_salt', 'text', (col) => col.notNull())
    .addColumn('code_hash', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('wrong_attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('subject_transfer_requester')
    .on('subject_transfer')
    .columns(['requester', 'created_at'])
    .execute();
  await db.schema
    .createIndex('subject_transfer_subject')
    .on('subject_transfer')
    .columns(['subject_id', 'status'])
    .execute();
  await db.schema
    .createIndex('subject_transfer_phone')
    .on('subject_transfer')
    .columns(['phone', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('subject_transfer').execute();
  await db.schema.alterTable('filed_subject').dropColumn('details').execute();
}
