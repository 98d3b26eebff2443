/**
 * APP变更与接入 (issue 17, after 0021): `filed_app.providers` says who hosts a filed app, as
 * `filed_website.providers` does for websites (`self` for this provider, comma-separated; an app filed
 * through another provider has none here until its 接入 is approved), and `app_access` records the access
 * information of an app hosted here (the hosts and IPs it is served from, per app number and provider),
 * written by the bureau's approval of an application carrying it. `application.change_kind` gains `app`
 * for a 变更APP (the text column of 0020; no constraint to alter).
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Every app filed so far was filed through this provider's own approval or imported as its own.
  await db.schema
    .alterTable('filed_app')
    .addColumn('providers', 'text', (col) => col.notNull().defaultTo('self'))
    .execute();
  await db.schema
    .createTable('app_access')
    .addColumn('app_number', 'text', (col) => col.notNull())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('domains', 'text', (col) => col.notNull())
    .addColumn('ips', 'text', (col) => col.notNull())
    .addColumn('application_id', 'integer')
    .addColumn('recorded_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('app_access_pk', ['app_number', 'provider'])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('app_access').execute();
  await db.schema.alterTable('filed_app').dropColumn('providers').execute();
}
