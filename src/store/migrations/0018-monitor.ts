/**
 * 合规巡检 (issue 18): campaigns over a cohort of filed websites hosted here, the result per website,
 * and the rectification (整改) opened for a failing website, with its deadline and state. A scheduled
 * campaign names its slot (the Asia/Shanghai day): the unique slot makes the daily run happen once
 * whichever instance claims its job. One active rectification per website (partial unique index).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('monitor_campaign')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('cohort', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('scheduled_for', 'text', (col) => col.unique())
    .addColumn('started_by', 'text', (col) => col.notNull())
    .addColumn('started_at', 'text', (col) => col.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('site_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('failing_count', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('monitor_result')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('campaign_id', 'integer', (col) =>
      col.notNull().references('monitor_campaign.id').onDelete('cascade'),
    )
    .addColumn('website_number', 'text', (col) => col.notNull())
    .addColumn('website_name', 'text')
    .addColumn('subject_name', 'text', (col) => col.notNull())
    .addColumn('province', 'text', (col) => col.notNull())
    .addColumn('account', 'text')
    .addColumn('domains', 'text', (col) => col.notNull())
    .addColumn('url', 'text')
    .addColumn('ok', 'integer', (col) => col.notNull())
    .addColumn('findings', 'text', (col) => col.notNull())
    .addColumn('checked_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('monitor_result_campaign_website', ['campaign_id', 'website_number'])
    .execute();
  await db.schema
    .createTable('monitor_rectification')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('campaign_id', 'integer', (col) => col.notNull().references('monitor_campaign.id'))
    .addColumn('website_number', 'text', (col) => col.notNull())
    .addColumn('account', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('deadline', 'text', (col) => col.notNull())
    .addColumn('codes', 'text', (col) => col.notNull())
    .addColumn('notified', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('notified_at', 'text')
    .addColumn('last_checked_at', 'text', (col) => col.notNull())
    .addColumn('last_findings', 'text', (col) => col.notNull())
    .addColumn('recheck_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await sql`create unique index monitor_rectification_active on monitor_rectification (website_number)
    where status <> 'closed'`.execute(db);
  await db.schema
    .createIndex('monitor_rectification_status')
    .on('monitor_rectification')
    .columns(['status', 'deadline'])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('monitor_rectification').execute();
  await db.schema.dropTable('monitor_result').execute();
  await db.schema.dropTable('monitor_campaign').execute();
}
