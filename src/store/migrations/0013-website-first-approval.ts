/**
 * 首次审核通过日期 — `filed_website.first_approved_at`: when the bureau first approved the website. A
 * change (变更网站) moves `approved_at` (MIIT's updateRecordTime, shown by the public query) but not
 * this: whether a domain was filed before a rule took effect (工信部信管〔2017〕264号 from 2018-01-01)
 * depends on the first approval, and a change may only keep or reduce the domains (工信管函〔2019〕633号).
 * Existing rows take `approved_at`: for a website never changed since, the two are the same.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../dialect.ts';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('filed_website').addColumn('first_approved_at', 'text').execute();
  await sql`update filed_website set first_approved_at = approved_at`.execute(db);
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('filed_website').dropColumn('first_approved_at').execute();
}
