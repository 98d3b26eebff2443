/**
 * 通知偏好 (issue 16): the kinds of notification an account turned off, per channel. A row is an
 * opt-out; no row means the kind is sent, so an account that never chose anything gets everything and
 * a kind added later reaches everyone until they turn it off. Mandatory kinds (src/notifications/
 * preferences.ts) are never stored and, were a row there, would be ignored.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('notification_preference')
    .addColumn('account', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('notification_preference_pk', ['account', 'kind', 'channel'])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('notification_preference').execute();
}
