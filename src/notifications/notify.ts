/**
 * `notify(tx, event)`: how another part of the system (the compliance monitor, issue 18) tells an
 * account something. It writes a `notification.notice` audit event in the caller's transaction; the
 * outbox delivers it like every other event (the account's inbox, its verified addresses, and with an
 * application its responsible persons), exactly once per recipient and channel.
 */
import type { Kysely } from 'kysely';
import type { Localized } from '../shared/index.ts';
import type { Schema } from '../store/index.ts';
import { insertAuditEvent } from '../store/index.ts';
import type { AuditActor } from '../workflow/index.ts';
import { SYSTEM_ACTOR } from '../workflow/index.ts';

export type NoticeEvent = {
  /** Login of the account told. */
  account: string;
  /** The application it concerns: its responsible persons are told too. */
  applicationId?: number | null;
  subject: Localized;
  text: Localized;
  /** A path on this site (`/filings`), made absolute with BEIAN_PUBLIC_URL. */
  link?: string | null;
  /** Who acts (an operator of the monitor, a use case's actor); the system when absent. */
  actor?: AuditActor | { account: string; role: string };
  now: Date;
};

/** Records the notice; returns its event id. */
export function notify(tx: Kysely<Schema>, event: NoticeEvent): Promise<number> {
  return insertAuditEvent(tx, {
    applicationId: event.applicationId ?? null,
    actor: event.actor ?? SYSTEM_ACTOR,
    action: 'notification.notice',
    from: null,
    to: null,
    target: `account:${event.account}`,
    data: { account: event.account, subject: event.subject, text: event.text, link: event.link ?? null },
    now: event.now,
  });
}
