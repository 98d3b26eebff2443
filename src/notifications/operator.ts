/**
 * 投递记录 — the delivery log for operators (notification.operate): deliveries by status with the
 * channel's last answer, and the resend of a failed or unknown one (audited). A resend keeps the
 * delivery's Message-ID, so a recipient who got an `unknown` one after all can tell the copy.
 */
import type { Kysely, Selectable } from 'kysely';
import { can } from '../filing/index.ts';
import type {
  Database,
  DeliveryStatus,
  NotificationChannel,
  NotificationDeliveryTable,
  Schema,
} from '../store/index.ts';
import { insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { Actor } from '../workflow/index.ts';
import { WorkflowError } from '../workflow/index.ts';
import { enqueueDelivery } from './outbox.ts';

/** 投递 — one delivery as the log shows it. */
export type Delivery = {
  id: number;
  eventId: number;
  kind: string;
  channel: NotificationChannel;
  recipient: string;
  account: string | null;
  applicationId: number | null;
  status: DeliveryStatus;
  attempts: number;
  lastAnswer: string | null;
  messageId: string;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
};

/** Every delivery status, in the order a delivery moves through them. */
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'queued',
  'sending',
  'sent',
  'failed',
  'unknown',
];

/** Statuses an operator may resend: refused for good, or perhaps sent before a crash. */
export const RESENDABLE: readonly DeliveryStatus[] = ['failed', 'unknown'];

function requireOperator(actor: Actor): void {
  if (!can(actor.role, 'notification.operate'))
    throw new WorkflowError('FORBIDDEN', {
      zh: '无权管理通知投递',
      en: 'You may not manage notification deliveries',
    });
}

/**
 * E-mail and SMS deliveries in `statuses`, newest first, one page at a time: `beforeId` (the API's
 * cursor: stable while new deliveries arrive) or `offset` (the page numbers of the log page).
 */
export async function listDeliveries(
  db: Kysely<Schema>,
  filter: { statuses: readonly DeliveryStatus[]; limit?: number; offset?: number; beforeId?: number },
): Promise<Delivery[]> {
  if (filter.statuses.length === 0) return [];
  let query = db
    .selectFrom('notification_delivery')
    .selectAll()
    .where('status', 'in', [...filter.statuses])
    .where('channel', '!=', 'inbox');
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
  return rows.map(deliveryFromRow);
}

function deliveryFromRow(row: Selectable<NotificationDeliveryTable>): Delivery {
  return {
    id: row.id,
    eventId: row.event_id,
    kind: row.kind,
    channel: row.channel,
    recipient: row.recipient,
    account: row.account,
    applicationId: row.application_id,
    status: row.status,
    attempts: row.attempts,
    lastAnswer: row.last_answer,
    messageId: row.message_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
  };
}

/** Queues a failed or unknown delivery again (a new job, the same Message-ID), with its audit event. */
export async function resendDelivery(deps: {
  database: Database;
  actor: Actor;
  now: Date;
  deliveryId: number;
}): Promise<Delivery> {
  requireOperator(deps.actor);
  return writeTransaction(deps.database, async (tx) => {
    let query = tx.selectFrom('notification_delivery').selectAll().where('id', '=', deps.deliveryId);
    if (deps.database.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row || row.channel === 'inbox')
      throw new WorkflowError('NOT_FOUND', { zh: '找不到该投递记录', en: 'No such delivery' });
    if (!RESENDABLE.includes(row.status))
      throw new WorkflowError('CONFLICT', {
        zh: '只能重发失败或状态未知的投递',
        en: 'Only failed or unknown deliveries can be resent',
      });
    await tx
      .updateTable('notification_delivery')
      .set({ status: 'queued', updated_at: deps.now.toISOString() })
      .where('id', '=', row.id)
      .execute();
    await enqueueDelivery(tx, row.id, deps.now);
    await insertAuditEvent(tx, {
      applicationId: row.application_id,
      actor: deps.actor,
      action: 'notification.resend',
      from: row.status,
      to: 'queued',
      target: `delivery:${row.id}`,
      data: {
        deliveryId: row.id,
        eventId: row.event_id,
        channel: row.channel,
        recipient: row.recipient,
        previousStatus: row.status,
      },
      now: deps.now,
    });
    return deliveryFromRow({ ...row, status: 'queued', updated_at: deps.now.toISOString() });
  });
}
