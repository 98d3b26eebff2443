/**
 * 备案申请 — the filing workflow's tables (after Huawei Cloud 备案流程): applications, the
 * domains an active application holds, and the audit trail. Two applications can never both hold a
 * domain past draft (`application_domain.domain` is unique; rows exist only while the application is
 * active), and a subject has at most one application in flight (a partial unique index on the active
 * statuses), so concurrent submits are decided by the database on both dialects.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('application')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('account', 'text', (col) => col.notNull())
    .addColumn('province', 'text', (col) => col.notNull())
    .addColumn('filing_type', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('websites', 'text', (col) => col.notNull())
    .addColumn('rejection', 'text')
    .addColumn('subject_id_number', 'text', (col) => col.notNull())
    .addColumn('in_progress_subject_id', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('last_activity_at', 'text', (col) => col.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('application_account').on('application').column('account').execute();
  await db.schema
    .createIndex('application_subject_id_number')
    .on('application')
    .column('subject_id_number')
    .execute();
  // One in-flight application per subject (Huawei Cloud 备案流程: "主办者冲突").
  await sql`create unique index application_subject_in_flight on application (subject_id_number)
    where status in ('provider-review', 'provider-rejected', 'awaiting-sms', 'bureau-review', 'bureau-rejected')`.execute(
    db,
  );

  await db.schema
    .createTable('application_domain')
    .addColumn('application_id', 'integer', (col) =>
      col.notNull().references('application.id').onDelete('cascade'),
    )
    .addColumn('domain', 'text', (col) => col.notNull().unique())
    .execute();
  await db.schema
    .createIndex('application_domain_application')
    .on('application_domain')
    .column('application_id')
    .execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('application_id', 'integer')
    .addColumn('actor_account', 'text', (col) => col.notNull())
    .addColumn('actor_role', 'text', (col) => col.notNull())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('audit_event_application')
    .on('audit_event')
    .columns(['application_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_event').execute();
  await db.schema.dropTable('application_domain').execute();
  await db.schema.dropTable('application').execute();
}
