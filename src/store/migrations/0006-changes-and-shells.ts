/**
 * 变更与空壳 — a change application (变更网站) names the filed website it changes (`application.change_of`),
 * and a filed website this provider stopped hosting with no other provider left is marked a 空壳网站
 * (`filed_website.shell_since`) until the bureau deletes it (Tencent Cloud 备案号
 * FAQ on 取消接入 and 空壳网站).
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
