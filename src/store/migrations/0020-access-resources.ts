/**
 * 接入信息与备案资源 (issue 15) — the servers customers buy here (`access_resource`, with their public
 * IPs and paid term), the filing service codes each issues (`service_code`: random, one website each;
 * `holder` is the account that may use it, changed by a grant), and the access information MIIT
 * records per filed website and provider (`website_access`; a website filed or imported without it has
 * no row: "not recorded"). `application.change_kind` tells a 变更接入 (`access`) from a 变更网站.
 * Dates of a term are Asia/Shanghai calendar days (YYYY-MM-DD); instants ISO 8601 UTC.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('access_resource')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('account', 'text', (col) => col.notNull())
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('access_method', 'text', (col) => col.notNull())
    .addColumn('province', 'text', (col) => col.notNull())
    .addColumn('ips', 'text', (col) => col.notNull())
    .addColumn('term_start', 'text', (col) => col.notNull())
    .addColumn('term_end', 'text', (col) => col.notNull())
    .addColumn('code_quota', 'integer', (col) => col.notNull())
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('access_resource_account').on('access_resource').column('account').execute();
  // One resource per account and name: an import run twice does not register a server twice.
  await db.schema
    .createIndex('access_resource_label')
    .on('access_resource')
    .columns(['account', 'label'])
    .unique()
    .execute();

  await db.schema
    .createTable('service_code')
    .addColumn('code', 'text', (col) => col.primaryKey())
    .addColumn('resource_id', 'integer', (col) => col.notNull().references('access_resource.id'))
    .addColumn('holder', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('application_id', 'integer')
    .addColumn('website_index', 'integer')
    .addColumn('website_number', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('service_code_holder')
    .on('service_code')
    .columns(['holder', 'status'])
    .execute();
  await db.schema.createIndex('service_code_resource').on('service_code').column('resource_id').execute();
  await db.schema
    .createIndex('service_code_application')
    .on('service_code')
    .column('application_id')
    .execute();

  await db.schema
    .createTable('website_access')
    .addColumn('website_number', 'text', (col) => col.notNull())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('access_method', 'text', (col) => col.notNull())
    .addColumn('province', 'text', (col) => col.notNull())
    .addColumn('ips', 'text', (col) => col.notNull())
    .addColumn('resource_id', 'integer')
    .addColumn('service_code', 'text')
    .addColumn('recorded_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('website_access_pk', ['website_number', 'provider'])
    .execute();

  await db.schema.alterTable('application').addColumn('change_kind', 'text').execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('application').dropColumn('change_kind').execute();
  await db.schema.dropTable('website_access').execute();
  await db.schema.dropTable('service_code').execute();
  await db.schema.dropTable('access_resource').execute();
}
