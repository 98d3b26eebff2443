/**
 * MIIT sandbox: what the national system records on approval (website name, home page, approval date,
 * `limitAccess`), the number sequences, and SMS verification with its outbox.
 * Booleans are integers 0/1: SQLite has no boolean type.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  // SQLite's ALTER TABLE adds one column per statement.
  await db.schema
    .alterTable('filed_subject')
    .addColumn('website_seq', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('filed_subject').addColumn('approved_at', 'text').execute();
  await db.schema.alterTable('filed_website').addColumn('name', 'text').execute();
  await db.schema.alterTable('filed_website').addColumn('home_url', 'text').execute();
  await db.schema.alterTable('filed_website').addColumn('approved_at', 'text').execute();
  await db.schema
    .alterTable('filed_website')
    .addColumn('limit_access', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('filed_subject_name').on('filed_subject').column('name').execute();

  await db.schema
    .createTable('icp_number_sequence')
    .addColumn('province', 'text', (col) => col.notNull())
    .addColumn('year', 'integer', (col) => col.notNull())
    .addColumn('last_value', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('icp_number_sequence_pk', ['province', 'year'])
    .execute();

  await db.schema
    .createTable('sms_verification')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    // No foreign key: applications live in the workflow's tables, and a real MIIT knows only its own id.
    .addColumn('application_id', 'integer', (col) => col.notNull())
    .addColumn('phone', 'text', (col) => col.notNull())
    .addColumn('roles', 'text', (col) => col.notNull())
    .addColumn('code_salt', 'text', (col) => col.notNull())
    .addColumn('code_hash', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('wrong_attempts', 'integer', (col) => col.notNull())
    .addColumn('resend_count', 'integer', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('verified_at', 'text')
    .execute();
  await db.schema
    .createIndex('sms_verification_application')
    .on('sms_verification')
    .columns(['application_id', 'phone'])
    .execute();

  await db.schema
    .createTable('sms_outbox')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('verification_id', 'integer', (col) =>
      col.notNull().references('sms_verification.id').onDelete('cascade'),
    )
    .addColumn('application_id', 'integer', (col) => col.notNull())
    .addColumn('phone', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sms_outbox_application').on('sms_outbox').column('application_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sms_outbox').execute();
  await db.schema.dropTable('sms_verification').execute();
  await db.schema.dropTable('icp_number_sequence').execute();
  await db.schema.dropIndex('filed_subject_name').execute();
  for (const column of ['name', 'home_url', 'approved_at', 'limit_access'])
    await db.schema.alterTable('filed_website').dropColumn(column).execute();
  for (const column of ['website_seq', 'approved_at'])
    await db.schema.alterTable('filed_subject').dropColumn(column).execute();
}
