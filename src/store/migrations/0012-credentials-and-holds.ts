/**
 * Hardening (issue 12): API tokens get a scope (`full` or `read`) and the time they were last used
 * (tokens from before keep full access, as they had); real-name submissions are found by the hash of
 * their scan, which the document store asks before it deletes a file; an application holds its
 * domains and its subject only on evidence that the applicant controls the subject
 * (`hold_evidence`, null when it holds nothing), so the one-in-flight-per-subject index counts only
 * holding applications. Applications holding before this migration keep their hold as `legacy`.
 */
import { sql } from 'kysely';
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

  await db.schema.alterTable('application').addColumn('hold_evidence', 'text').execute();
  await sql`update application set hold_evidence = 'legacy'
    where status in ('provider-review', 'provider-rejected', 'awaiting-sms', 'bureau-review', 'bureau-rejected')`.execute(
    db,
  );
  await db.schema.dropIndex('application_subject_in_flight').execute();
  // One holding application per subject (Huawei Cloud 备案流程: "主办者冲突"), whatever its status.
  await sql`create unique index application_subject_in_flight on application (subject_id_number)
    where hold_evidence is not null`.execute(db);
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropIndex('application_subject_in_flight').execute();
  await sql`create unique index application_subject_in_flight on application (subject_id_number)
    where status in ('provider-review', 'provider-rejected', 'awaiting-sms', 'bureau-review', 'bureau-rejected')`.execute(
    db,
  );
  await db.schema.alterTable('application').dropColumn('hold_evidence').execute();
  await db.schema.dropIndex('real_name_submission_document_sha256').execute();
  await db.schema.alterTable('api_token').dropColumn('last_used_at').execute();
  await db.schema.alterTable('api_token').dropColumn('scope').execute();
}
