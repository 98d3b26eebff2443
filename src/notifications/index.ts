/** 通知 — notifications derived from audit events: templates, recipients, delivery by e-mail, SMS and inbox. */
import type { JobHandler } from '../jobs/index.ts';
import type { Database } from '../store/index.ts';
import type { DeliveryHooks, NotificationChannels } from './deliver.ts';
import { deliveryJobHandler } from './deliver.ts';
import type { OutboxSettings, ScanSummary } from './outbox.ts';
import { DELIVER_JOB, scanNotifications } from './outbox.ts';
import type { ReminderSummary } from './reminders.ts';
import { writeReminders } from './reminders.ts';

export type { DeliveryHooks, NotificationChannels } from './deliver.ts';
export { UNCONFIGURED_ANSWERS } from './deliver.ts';
export { createSmtpTransport, smtpConfigFrom, SmtpFailure } from './email.ts';
export { createHttpSmsGateway, httpSmsConfigFrom, maskPhones } from './sms-http.ts';
export type { HttpSmsConfig } from './sms-http.ts';
export type { EmailTransport, MailMessage, SmtpConfig, SmtpSettings } from './email.ts';
export { countUnread, listNotices, markNoticesRead } from './inbox.ts';
export type { Notice } from './inbox.ts';
export { notify } from './notify.ts';
export { identityLinkSender, sendIdentityLink } from './identity-link.ts';
export type { NoticeEvent } from './notify.ts';
export { DELIVERY_STATUSES, listDeliveries, resendDelivery, RESENDABLE } from './operator.ts';
export type { Delivery } from './operator.ts';
export { DELIVER_JOB, DELIVERY_MAX_ATTEMPTS, messageId, outboxBacklog, scanNotifications } from './outbox.ts';
export type { OutboxSettings, ScanSummary } from './outbox.ts';
export {
  addRecipient,
  LINKS_PER_DAY,
  listRecipients,
  MAX_RECIPIENTS,
  parseRecipientInput,
  removeRecipient,
  resendRecipientLink,
  verifyRecipient,
  VERIFY_PATH,
} from './recipients.ts';
export type { NotificationRecipient, VerifiedRecipient } from './recipients.ts';
export {
  isMandatory,
  listPreferences,
  MANDATORY_KINDS,
  PREFERENCE_CHANNELS,
  PREFERENCE_KINDS,
  setPreferences,
} from './preferences.ts';
export type { NotificationPreference, PreferenceChannel, PreferenceInput } from './preferences.ts';
export { DOMAIN_EXPIRY_NOTICE_DAYS, SMS_EXPIRY_NOTICE_MS, writeReminders } from './reminders.ts';
export {
  isNotificationKind,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  RECTIFICATION_PATH,
  rectificationNoticeMessage,
  renderNotification,
} from './templates.ts';
export type { NotificationKind, RectificationNoticeInput, RenderedMessage } from './templates.ts';

/** The job handlers notifications add to `runDueJobs`. */
export function notificationJobHandlers(
  channels: NotificationChannels,
  hooks: DeliveryHooks = {},
): Record<string, JobHandler> {
  return { [DELIVER_JOB]: deliveryJobHandler(channels, hooks) };
}

/**
 * One pass of the notification job: writes the reminders due at `now`, then turns new audit events
 * into deliveries (whose sending jobs `runDueJobs` then runs). `beian serve` runs it every minute.
 */
export async function runNotificationPass(
  database: Database,
  settings: OutboxSettings,
  now: Date,
): Promise<ReminderSummary & ScanSummary> {
  const reminders = await writeReminders(database, now);
  const scan = await scanNotifications(database, settings, now);
  return { ...reminders, ...scan };
}
