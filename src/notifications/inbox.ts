/**
 * 站内信 — the in-app notices of an account: the inbox deliveries the outbox wrote, newest first,
 * with both languages kept so the page shows the reader's.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Localized } from '../shared/index.ts';
import type { Database, Schema } from '../store/index.ts';
import { fromJson, insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { Actor } from '../workflow/index.ts';
import type { RenderedMessage } from './templates.ts';

/** 站内通知 — one notice as the inbox page lists it. */
export type Notice = {
  id: number;
  kind: string;
  subject: Localized;
  text: Localized;
  link: string | null;
  applicationId: number | null;
  createdAt: string;
  readAt: string | null;
};

/** The account's notices, newest first; `beforeId` pages back. */
export async function listNotices(
  db: Kysely<Schema>,
  account: string,
  options: { limit?: number; beforeId?: number } = {},
): Promise<Notice[]> {
  let query = db
    .selectFrom('notification_delivery')
    .select(['id', 'kind', 'message', 'application_id', 'created_at', 'read_at'])
    .where('account', '=', account)
    .where('channel', '=', 'inbox')
    .where('recipient', '=', account);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(options.limit ?? 50)
    .execute();
  return rows.map((row) => {
    const message = fromJson(row.message) as unknown as RenderedMessage;
    return {
      id: row.id,
      kind: row.kind,
      subject: message.subject,
      text: message.text,
      link: message.link,
      applicationId: row.application_id,
      createdAt: row.created_at,
      readAt: row.read_at,
    };
  });
}

/** Unread notices of the account (the count beside 通知 in the navigation). */
export async function countUnread(db: Kysely<Schema>, account: string): Promise<number> {
  const row = await db
    .selectFrom('notification_delivery')
    .select(sql<number>`count(*)`.as('n'))
    .where('account', '=', account)
    .where('channel', '=', 'inbox')
    .where('recipient', '=', account)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Marks the account's notices read (all, or up to `uptoId`: those the reader saw), with an audit event
 * when any changed: reading is the reader's own bookkeeping, but still a change of stored state.
 */
export async function markNoticesRead(
  database: Database,
  actor: Actor,
  now: Date,
  uptoId?: number,
): Promise<number> {
  return writeTransaction(database, async (tx) => {
    let query = tx
      .updateTable('notification_delivery')
      .set({ read_at: now.toISOString() })
      .where('account', '=', actor.account)
      .where('channel', '=', 'inbox')
      .where('recipient', '=', actor.account)
      .where('read_at', 'is', null);
    if (uptoId !== undefined) query = query.where('id', '<=', uptoId);
    const count = Number((await query.executeTakeFirst()).numUpdatedRows);
    if (count > 0)
      await insertAuditEvent(tx, {
        applicationId: null,
        actor,
        action: 'notification.read',
        from: 'unread',
        to: 'read',
        target: `account:${actor.account}`,
        data: { count, uptoId: uptoId ?? null },
        now,
      });
    return count;
  });
}
