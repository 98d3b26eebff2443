/**
 * 变更与空壳 — a change application (变更网站) names the filed website it changes (`application.change_of`),
 * and a filed website this provider stopped hosting with no other provider left is marked a 空壳网站
 * (`filed_website.shell_since`) until the bureau deletes it (research icp-filing-systems §1.1 取消接入,
 * §2.2 "Post-approval the filing itself can become … shell (空壳)").
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('application').addColumn('change_of', 'text').execute();
  await db.schema.alterTable('filed_website').addColumn('shell_since', 'text').execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('filed_website').dropColumn('shell_since').execute();
  await db.schema.alterTable('application').dropColumn('change_of').execute();
}
