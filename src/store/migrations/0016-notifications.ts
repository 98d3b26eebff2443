/**
 * 通知 (issue 16): recipients an account adds (verified by a link), the delivery log derived from
 * audit events (one row per event, channel and recipient: the unique key is the exactly-once
 * guarantee), the outbox's position in the audit log, and the SMS outbox opened to messages that are
 * not verification codes (`purpose`), so the notifications' sandbox SMS gateway reuses it.
 *
 * The outbox starts after the last event written before this migration: history is not announced.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('notification_recipient')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('account', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('address', 'text', (col) => col.notNull())
    .addColumn('lang', 'text', (col) => col.notNull())
    .addColumn('is_account_email', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('verified_at', 'text')
    .addColumn('token_hash', 'text')
    .addColumn('token_expires_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('notification_recipient_address')
    .on('notification_recipient')
    .columns(['account', 'channel', 'address'])
    .unique()
    .execute();
  await db.schema
    .createIndex('notification_recipient_token')
    .on('notification_recipient')
    .column('token_hash')
    .unique()
    .execute();

  await db.schema
    .createTable('notification_delivery')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('event_id', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('recipient', 'text', (col) => col.notNull())
    .addColumn('account', 'text')
    .addColumn('application_id', 'integer')
    .addColumn('lang', 'text', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('message_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_answer', 'text')
    .addColumn('job_id', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('read_at', 'text')
    .execute();
  await db.schema
    .createIndex('notification_delivery_once')
    .on('notification_delivery')
    .columns(['event_id', 'channel', 'recipient'])
    .unique()
    .execute();
  await db.schema
    .createIndex('notification_delivery_inbox')
    .on('notification_delivery')
    .columns(['account', 'channel', 'id'])
    .execute();
  await db.schema
    .createIndex('notification_delivery_status')
    .on('notification_delivery')
    .columns(['status', 'id'])
    .execute();

  // The events the outbox has turned into deliveries (or found nothing to send for).
  await db.schema
    .createTable('notification_event')
    .addColumn('event_id', 'integer', (col) => col.primaryKey())
    .addColumn('processed_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('notification_cursor')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('floor_event_id', 'integer', (col) => col.notNull())
    .execute();
  await sql`insert into notification_cursor (name, floor_event_id)
    select 'outbox', coalesce(max(id), 0) from audit_event`.execute(db);

  // sms_outbox: codes keep their verification; notifications have none (and maybe no application).
  if (dialect === 'postgres') {
    await sql`alter table sms_outbox alter column verification_id drop not null`.execute(db);
    await sql`alter table sms_outbox alter column application_id drop not null`.execute(db);
    await sql`alter table sms_outbox add column purpose text not null default 'verification'`.execute(db);
  } else {
    // SQLite cannot drop NOT NULL: the table is rebuilt (nothing references sms_outbox).
    await sql`create table sms_outbox_new (
      id integer primary key,
      verification_id integer references sms_verification(id) on delete cascade,
      application_id integer,
      phone text not null,
      body text not null,
      created_at text not null,
      purpose text not null default 'verification')`.execute(db);
    await sql`insert into sms_outbox_new (id, verification_id, application_id, phone, body, created_at)
      select id, verification_id, application_id, phone, body, created_at from sms_outbox`.execute(db);
    await sql`drop table sms_outbox`.execute(db);
    await sql`alter table sms_outbox_new rename to sms_outbox`.execute(db);
    await sql`create index sms_outbox_application on sms_outbox (application_id)`.execute(db);
  }
  await db.schema.createIndex('sms_outbox_phone').on('sms_outbox').columns(['phone', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropIndex('sms_outbox_phone').execute();
  await db.schema.dropTable('notification_cursor').execute();
  await db.schema.dropTable('notification_event').execute();
  await db.schema.dropTable('notification_delivery').execute();
  await db.schema.dropTable('notification_recipient').execute();
}
