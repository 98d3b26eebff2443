/**
 * 短信网关 — how notifications reach a phone (issue 16): an SMS provider's API in production; in the
 * sandbox, the same outbox the verification codes go to (`sms_outbox`, purpose `notification`), so the
 * sandbox SMS page shows everything a phone would have received. The notification job calls `send`
 * outside any transaction, as it would call a provider over the network.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/index.ts';
import { normalizePhone } from './sms.ts';

/** A message as the provider takes it: one phone, plain text. */
export type SmsMessage = {
  phone: string;
  text: string;
  applicationId: number | null;
  /** Stable per (event, recipient): a provider that deduplicates by it recognises a resend. */
  messageId: string;
};

/** The provider's answer to an accepted message (its message id, "OK"…), for the delivery log. */
export type SmsAnswer = { answer: string };

/**
 * A refusal by the provider: `transient` (rate limit, timeout: try again later) or not (a number
 * the provider refuses: a retry cannot help).
 */
export class SmsGatewayError extends Error {
  readonly transient: boolean;
  constructor(message: string, transient: boolean) {
    super(message);
    this.name = 'SmsGatewayError';
    this.transient = transient;
  }
}

export type SmsGateway = {
  /** Throws SmsGatewayError when the provider refuses; anything else thrown counts as transient. */
  send(message: SmsMessage): Promise<SmsAnswer>;
};

/** The sandbox provider: writes the message to the SMS outbox, where the sandbox page lists it. */
export function createSandboxSmsGateway(
  db: Kysely<Schema>,
  clock: () => Date = () => new Date(),
): SmsGateway {
  return {
    async send(message) {
      let phone: string;
      try {
        phone = normalizePhone(message.phone);
      } catch {
        throw new SmsGatewayError(`not a mainland mobile number: ${message.phone}`, false);
      }
      const row = await db
        .insertInto('sms_outbox')
        .values({
          verification_id: null,
          application_id: message.applicationId,
          phone,
          body: message.text,
          created_at: clock().toISOString(),
          purpose: 'notification',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { answer: `sandbox outbox #${row.id}` };
    },
  };
}
