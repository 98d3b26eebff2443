/**
 * Which audit events are notifications, and to whom. Every state change already writes its audit
 * event in its own transaction (src/store/audit.ts); reading notifications off that log means no use
 * case has to remember to notify, and a change that rolled back never announces itself.
 *
 * Audiences: the account the event concerns (its inbox, its verified e-mail, the recipients it added),
 * the application's responsible persons (主体负责人 and 网站负责人: their mobile by SMS, their e-mail
 * where the form gives one), and for the review queues every account of the reviewing role (inbox).
 */
import { domainToUnicode } from 'node:url';
import type { Role } from '../filing/index.ts';
import { SMS_VALIDITY_MS } from '../miit/index.ts';
import type { NotificationKind } from './templates.ts';

/** An audit event as the outbox reads it. */
export type AuditRow = {
  id: number;
  application_id: number | null;
  actor_account: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  target: string | null;
  data: Record<string, unknown>;
  created_at: string;
};

/** One notification an event calls for. */
export type Derived = {
  kind: NotificationKind;
  /** The account whose inbox and own addresses receive it; null: the application's owner. */
  account: string | null;
  /** Also the application's responsible persons. */
  principals: boolean;
  /** An inbox notice to every enabled account of this role instead (review queues). */
  role: Role | null;
  params: Record<string, unknown>;
};

const applicant = (kind: NotificationKind, params: Record<string, unknown> = {}): Derived => ({
  kind,
  account: null,
  principals: true,
  role: null,
  params,
});

const domainOf = (target: string | null): string | null =>
  target?.startsWith('domain:') ? target.slice('domain:'.length) : null;

/** The notifications of one audit event; [] for the many events nobody needs to be told of. */
export function deriveNotifications(event: AuditRow, domainAccount: string | null): Derived[] {
  const data = event.data;
  switch (event.action) {
    case 'application.transition':
      return transitionNotifications(event);
    case 'application.restart-sms':
      return [applicant('sms-waiting', { expiresAt: data.expiresAt })];
    case 'application.sms-expiring':
      return [applicant('sms-expiring', { expiresAt: data.expiresAt })];
    case 'application.idle-reminder-7':
    case 'application.idle-reminder-15':
    case 'application.idle-reminder-30':
      return [applicant('idle-reminder', { idleDays: data.idleDays, expiresAt: data.expiresAt })];
    case 'filing.cancel-website':
    case 'filing.cancel-subject':
    case 'filing.cancel-access':
    case 'filing.cancel-app':
    case 'filing.cancel-app-access':
      // The person who cancelled is the filing's owner (filing.cancel-own); the message confirms it.
      return [
        {
          kind: 'cancelled',
          account: event.actor_account,
          principals: false,
          role: null,
          params: {
            action: event.action,
            number: data.number,
            name: data.name,
            subjectCancelled: data.subjectCancelled,
          },
        },
      ];
    case 'registrar.real-name.approve':
    case 'registrar.real-name.reject':
    case 'registrar.real-name.report': {
      const domain = domainOf(event.target);
      if (domain === null || domainAccount === null) return [];
      const kind: NotificationKind =
        event.action === 'registrar.real-name.approve'
          ? 'real-name-approved'
          : event.action === 'registrar.real-name.reject'
            ? 'real-name-rejected'
            : 'real-name-reported';
      return [
        {
          kind,
          account: domainAccount,
          principals: false,
          role: null,
          params: { domain: domainToUnicode(domain) || domain, dueDate: data.dueDate, reason: data.reason },
        },
      ];
    }
    case 'registrar.domain-expiring': {
      const domain = domainOf(event.target);
      if (domain === null) return [];
      return [
        {
          kind: 'domain-expiring',
          account: typeof data.account === 'string' ? data.account : null,
          principals: false,
          role: null,
          params: { domain: domainToUnicode(domain) || domain, expiresAt: data.expiresAt, days: data.days },
        },
      ];
    }
    case 'notification.notice':
      return [
        {
          kind: 'notice',
          account: typeof data.account === 'string' ? data.account : null,
          principals: event.application_id !== null,
          role: null,
          params: { subject: data.subject, text: data.text, link: data.link },
        },
      ];
    default:
      return [];
  }
}

function transitionNotifications(event: AuditRow): Derived[] {
  const { from_status: from, to_status: to, data } = event;
  switch (to) {
    case 'provider-review':
      if (from === 'draft')
        return [
          applicant('submitted'),
          { kind: 'review-waiting', account: null, principals: false, role: 'provider-reviewer', params: {} },
        ];
      // Back from awaiting-sms: the round failed (wrong codes) or timed out.
      return [applicant('sms-failed', { reason: data.reason })];
    case 'provider-rejected':
      return [applicant('rejected', { by: 'provider', reasons: data.reasons })];
    case 'bureau-rejected':
      return [applicant('rejected', { by: 'bureau', reasons: data.reasons })];
    case 'awaiting-sms':
      return [
        applicant('sms-waiting', {
          expiresAt: new Date(Date.parse(event.created_at) + SMS_VALIDITY_MS).toISOString(),
        }),
      ];
    case 'bureau-review':
      return [
        applicant('bureau-waiting'),
        {
          kind: 'review-waiting',
          account: null,
          principals: false,
          role: 'bureau-reviewer',
          params: { stage: 'bureau' },
        },
      ];
    case 'approved':
      return [
        applicant('approved', {
          subjectNumber: data.subjectNumber,
          websites: data.websites,
          apps: data.apps,
        }),
      ];
    case 'withdrawn':
      return [applicant('withdrawn')];
    case 'expired':
      return [applicant('expired')];
    default:
      return [];
  }
}
