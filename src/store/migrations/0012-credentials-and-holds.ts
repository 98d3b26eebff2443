/**
 * Hardening (issue 12): API tokens get a scope (`full` or `read`) and the time they were last used
 * (tokens from before keep full access, as they had); real-name submissions are found by the hash of
 * their scan, which the document store asks before it deletes a file.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('api_token')
    .addColumn('scope', 'text', (col) => col.notNull().defaultTo('full'))
    .execute();
  await db.schema.alterTable('api_token').addColumn('last_used_at', 'text').execute();
  await db.schema
    .createIndex('real_name_submission_document_sha256')
    .on('real_name_submission')
    .column('document_sha256')
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropIndex('real_name_submission_document_sha256').execute();
  await db.schema.alterTable('api_token').dropColumn('last_used_at').execute();
  await db.schema.alterTable('api_token').dropColumn('scope').execute();
}
