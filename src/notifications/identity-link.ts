/**
 * 核验链接短信 — texts a 真实性核验 link to the person it is for (issue 15), as providers do (the person
 * verifies on their own phone, not the applicant's). Called by the shells as the `sendLink` hook of
 * issueIdentityTask, inside its transaction: the delivery (keyed by the `identity.task-issue` event, the
 * channel and the phone) and its sending job commit with the link or not at all. The link's token is in
 * the message, as a recipient confirmation link's is (recipients.ts): the delivery log is an operator's.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/index.ts';
import type { IdentityLinkMessage } from '../workflow/index.ts';
import type { OutboxSettings } from './outbox.ts';
import { applicationLabel, insertDelivery } from './outbox.ts';
import { renderNotification } from './templates.ts';

export async function sendIdentityLink(
  tx: Kysely<Schema>,
  settings: OutboxSettings,
  now: Date,
  link: IdentityLinkMessage,
): Promise<void> {
  const message = renderNotification('identity-link', {
    application: await applicationLabel(tx, link.applicationId),
    params: { person: link.personName, path: link.path, expiresAt: link.expiresAt },
    publicUrl: settings.publicUrl,
  });
  await insertDelivery(tx, {
    eventId: link.eventId,
    kind: 'identity-link',
    // The person may have no account here; the SMS is in Chinese and English like every other.
    target: { channel: 'sms', recipient: link.phone, account: null, lang: 'zh' },
    applicationId: link.applicationId,
    message,
    settings,
    now,
  });
}

/** The hook issueIdentityTask takes, bound to a site's settings and instant. */
export const identityLinkSender =
  (settings: OutboxSettings, now: Date) =>
  (tx: Kysely<Schema>, link: IdentityLinkMessage): Promise<void> =>
    sendIdentityLink(tx, settings, now, link);
