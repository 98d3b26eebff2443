/**
 * 注册商沙箱 — domains registered here, their real-name submissions and reports to the MIIT domain
 * database, and printed domain certificates (issue 4). Audit events gain a `target` for changes that
 * belong to no application (a domain's holder change, a real-name decision).
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('audit_event').addColumn('target', 'text').execute();
  await db.schema.createIndex('audit_event_target').on('audit_event').column('target').execute();

  await db.schema
    .createTable('registrar_domain')
    .addColumn('domain', 'text', (col) => col.primaryKey())
    .addColumn('registrar_id', 'text', (col) => col.notNull())
    .addColumn('account', 'text')
    .addColumn('holder_name', 'text', (col) => col.notNull())
    .addColumn('holder_type', 'text')
    .addColumn('holder_id_type', 'text', (col) => col.notNull())
    .addColumn('holder_id_number', 'text', (col) => col.notNull())
    .addColumn('registered_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('transferred_to', 'text')
    .addColumn('transferred_at', 'text')
    .addColumn('real_name_status', 'text', (col) => col.notNull())
    .addColumn('real_name_verified_at', 'text')
    .addColumn('real_name_reported_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('registrar_domain_account').on('registrar_domain').column('account').execute();

  await db.schema
    .createTable('real_name_submission')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('domain', 'text', (col) => col.notNull().references('registrar_domain.domain'))
    .addColumn('holder_name', 'text', (col) => col.notNull())
    .addColumn('holder_type', 'text')
    .addColumn('holder_id_type', 'text', (col) => col.notNull())
    .addColumn('holder_id_number', 'text', (col) => col.notNull())
    .addColumn('document_sha256', 'text')
    .addColumn('submitted_by', 'text', (col) => col.notNull())
    .addColumn('submitted_at', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema
    .createIndex('real_name_submission_domain')
    .on('real_name_submission')
    .column('domain')
    .execute();

  await db.schema
    .createTable('real_name_report')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('domain', 'text', (col) => col.notNull().references('registrar_domain.domain'))
    .addColumn('submission_id', 'integer', (col) => col.notNull().references('real_name_submission.id'))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('due_date', 'text', (col) => col.notNull())
    .addColumn('due_at', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('reported_at', 'text')
    .addColumn('job_id', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('real_name_report_domain').on('real_name_report').column('domain').execute();
  await db.schema.createIndex('real_name_report_status').on('real_name_report').column('status').execute();

  await db.schema
    .createTable('domain_certificate')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('serial', 'text', (col) => col.notNull().unique())
    .addColumn('domain', 'text', (col) => col.notNull())
    .addColumn('registrar_id', 'text', (col) => col.notNull())
    .addColumn('holder_name', 'text', (col) => col.notNull())
    .addColumn('holder_id_masked', 'text', (col) => col.notNull())
    .addColumn('registered_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('issued_at', 'text', (col) => col.notNull())
    .addColumn('issued_by', 'text', (col) => col.notNull())
    .addColumn('code_hash', 'text', (col) => col.notNull().unique())
    .execute();
  await db.schema
    .createIndex('domain_certificate_domain')
    .on('domain_certificate')
    .column('domain')
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('domain_certificate').execute();
  await db.schema.dropTable('real_name_report').execute();
  await db.schema.dropTable('real_name_submission').execute();
  await db.schema.dropTable('registrar_domain').execute();
  await db.schema.dropIndex('audit_event_target').execute();
  await db.schema.alterTable('audit_event').dropColumn('target').execute();
}
