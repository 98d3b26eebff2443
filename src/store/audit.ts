/**
 * 审计记录 — the one writer of audit events. Every state change calls it inside the transaction of the
 * change, so an event exists exactly when the change committed.
 */
import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

export type AuditEventInput = {
  /** The application the change belongs to, or null (registrar, accounts…). */
  applicationId: number | null;
  actor: { account: string; role: string };
  action: string;
  from: string | null;
  to: string | null;
  /** What else the change touched, e.g. `domain:xn--fiqs8s.cn`. */
  target?: string | null;
  data?: Record<string, unknown>;
  now: Date;
};

export async function insertAuditEvent(tx: Kysely<Schema>, event: AuditEventInput): Promise<void> {
  await tx
    .insertInto('audit_event')
    .values({
      application_id: event.applicationId,
      actor_account: event.actor.account,
      actor_role: event.actor.role,
      action: event.action,
      from_status: event.from,
      to_status: event.to,
      target: event.target ?? null,
      data: JSON.stringify(event.data ?? {}),
      created_at: event.now.toISOString(),
    })
    .execute();
}
