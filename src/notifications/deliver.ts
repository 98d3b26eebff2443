/**
 * Job `notification-deliver`: sends one e-mail or SMS delivery and records the channel's answer.
 *
 * The guarantee after a crash: a delivery is marked `sending` (committed) before the channel is asked,
 * and `sent` after it answered. A process that dies in between leaves `sending`; when the job runs
 * again (its lock expired) it finds `sending`, does not send, and marks the delivery `unknown`: it may
 * have reached the recipient. Nothing is resent automatically, so no automatic duplicate; an operator
 * sees `unknown` deliveries beside failed ones and may resend, and a resend carries the same
 * Message-ID (derived from event, channel and recipient), so a duplicate is recognisable as one.
 *
 * Failures: a transient answer (SMTP 4yz, a provider's rate limit, no answer) puts the delivery back
 * to `queued` and fails the job attempt, which the queue retries with backoff; a permanent one (SMTP
 * 5yz, a number the provider refuses), or the last attempt, fails the delivery with the answer.
 */
import { z } from 'zod';
import type { JobHandler } from '../jobs/index.ts';
import type { SmsGateway } from '../miit/index.ts';
import { SmsGatewayError } from '../miit/index.ts';
import type { Database } from '../store/index.ts';
import { fromJson, writeTransaction } from '../store/index.ts';
import type { EmailTransport } from './email.ts';
import { SmtpFailure } from './email.ts';
import type { RenderedMessage } from './templates.ts';

/** The channels this deployment sends through; null: not configured (such deliveries fail, saying so). */
export type NotificationChannels = { email: EmailTransport | null; sms: SmsGateway | null };

/** Fault injection for tests of the crash guarantee: runs after the send, before it is recorded. */
export type DeliveryHooks = { afterSend?: (deliveryId: number) => Promise<void> };

const payloadSchema = z.object({ deliveryId: z.number().int().positive() });

const UNKNOWN_ANSWER =
  'no answer recorded: the process stopped between sending and recording; it may have been delivered, so it is not resent automatically';

type Claimed = {
  id: number;
  channel: 'email' | 'sms';
  recipient: string;
  lang: 'zh' | 'en';
  message: RenderedMessage;
  messageId: string;
  applicationId: number | null;
};

export function deliveryJobHandler(channels: NotificationChannels, hooks: DeliveryHooks = {}): JobHandler {
  return async (job, { database, now }) => {
    const { deliveryId } = payloadSchema.parse(job.payload);
    const claimed = await claimDelivery(database, deliveryId, job.id, now);
    if (claimed === null) return;
    let answer: string;
    try {
      answer = await send(channels, claimed);
    } catch (error) {
      const transient =
        error instanceof SmtpFailure || error instanceof SmsGatewayError ? error.transient : true;
      const text = error instanceof Error ? error.message : String(error);
      const retry = transient && job.attempts < job.maxAttempts;
      await record(database, claimed.id, retry ? 'queued' : 'failed', text, now);
      // Failing the attempt makes the queue retry it after its backoff (src/jobs/queue.ts).
      if (retry) throw new Error(`delivery ${claimed.id}: transient failure: ${text}`);
      return;
    }
    await hooks.afterSend?.(claimed.id);
    await record(database, claimed.id, 'sent', answer, now);
  };
}

/** Marks the delivery `sending` (committed before the send); null when there is nothing to send. */
async function claimDelivery(
  database: Database,
  deliveryId: number,
  jobId: number,
  now: Date,
): Promise<Claimed | null> {
  return writeTransaction(database, async (tx) => {
    let query = tx.selectFrom('notification_delivery').selectAll().where('id', '=', deliveryId);
    if (database.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    // A resend gave the delivery a new job; this one is stale.
    if (!row || row.job_id !== jobId) return null;
    if (row.status === 'sending') {
      await tx
        .updateTable('notification_delivery')
        .set({ status: 'unknown', last_answer: UNKNOWN_ANSWER, updated_at: now.toISOString() })
        .where('id', '=', row.id)
        .execute();
      return null;
    }
    if (row.status !== 'queued' || row.channel === 'inbox') return null;
    await tx
      .updateTable('notification_delivery')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: now.toISOString() }))
      .where('id', '=', row.id)
      .execute();
    return {
      id: row.id,
      channel: row.channel,
      recipient: row.recipient,
      lang: row.lang,
      message: fromJson(row.message) as unknown as RenderedMessage,
      messageId: row.message_id,
      applicationId: row.application_id,
    };
  });
}

/** What a delivery records when its channel is not configured: our own answers, shown translated. */
export const UNCONFIGURED_ANSWERS = {
  email: 'e-mail is not configured here (BEIAN_SMTP_URL or BEIAN_SMTP_HOST)',
  sms: 'no SMS gateway is configured here',
} as const;

async function send(channels: NotificationChannels, delivery: Claimed): Promise<string> {
  const { message, lang } = delivery;
  if (delivery.channel === 'email') {
    if (channels.email === null) throw new SmtpFailure(UNCONFIGURED_ANSWERS.email, 550);
    const sent = await channels.email.send({
      to: delivery.recipient,
      subject: message.subject[lang],
      text: message.text[lang],
      messageId: delivery.messageId,
    });
    return sent.answer;
  }
  if (channels.sms === null) throw new SmsGatewayError(UNCONFIGURED_ANSWERS.sms, false);
  const sent = await channels.sms.send({
    phone: delivery.recipient,
    text: message.sms[lang],
    applicationId: delivery.applicationId,
    messageId: delivery.messageId,
  });
  return sent.answer;
}

async function record(
  database: Database,
  deliveryId: number,
  status: 'queued' | 'sent' | 'failed',
  answer: string,
  now: Date,
): Promise<void> {
  await database.kysely
    .updateTable('notification_delivery')
    .set({
      status,
      last_answer: answer.slice(0, 2000),
      updated_at: now.toISOString(),
      ...(status === 'sent' ? { sent_at: now.toISOString() } : {}),
    })
    .where('id', '=', deliveryId)
    .where('status', '=', 'sending')
    .execute();
}
