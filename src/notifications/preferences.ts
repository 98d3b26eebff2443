/**
 * 通知偏好 — which kinds of notification an account does not want by e-mail or by SMS. What is turned
 * off is stored (one row per kind and channel, migration 0025); everything else is sent, so a kind added
 * later reaches everyone until they turn it off.
 *
 * Only e-mail and SMS can be turned off: the in-app inbox is the account's record of what happened
 * (its history page), reaches no one outside the system and costs nothing, so it always keeps every
 * notice. A few kinds cannot be turned off at all (MANDATORY_KINDS): missing them costs the
 * application or the domain, or hides a change the owner has to know about.
 *
 * What is turned off applies to every e-mail and SMS of the account's events: its own addresses, and
 * the responsible persons of its applications (the account named them, and a person who is both would
 * otherwise keep receiving what was turned off). A reviewer's queue notices go to the inbox only.
 */
import type { Kysely } from 'kysely';
import type { FieldError, Localized } from '../filing/index.ts';
import { can } from '../filing/index.ts';
import type { Database, Schema } from '../store/index.ts';
import { insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { Actor } from '../workflow/index.ts';
import { WorkflowError } from '../workflow/index.ts';
import type { NotificationKind } from './templates.ts';
import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS } from './templates.ts';

/** The channels a kind can be turned off on. */
export const PREFERENCE_CHANNELS = ['email', 'sms'] as const;
export type PreferenceChannel = (typeof PREFERENCE_CHANNELS)[number];

/**
 * Kinds that are always sent, each with why (shown beside its locked switch):
 * - sms-waiting, sms-expiring: the responsible persons must answer the 短信核验 code within 24 h of the
 *   first code (src/miit/sms.ts); a round that runs out sends the application back to the provider.
 * - real-name-rejected: a domain whose holder's real-name data is not verified may not be served by the
 *   registrar (《互联网域名管理办法》, 工业和信息化部令第43号, 第三十条), and a filing needs it verified.
 * - cancelled: confirms a 注销 (a filing removed from the register); like a password-change notice, the
 *   owner must hear of it even when someone else did it with their credentials.
 * - notice: what another part (the compliance monitor's 整改 with its deadline) or an operator has to
 *   tell the account; they have no other way to reach it.
 */
export const MANDATORY_KINDS: Partial<Record<NotificationKind, Localized>> = {
  'sms-waiting': {
    zh: '短信核验须在 24 小时内完成，否则申请退回',
    en: 'SMS verification must be completed within 24 hours or the application goes back',
  },
  'sms-expiring': {
    zh: '短信核验须在 24 小时内完成，否则申请退回',
    en: 'SMS verification must be completed within 24 hours or the application goes back',
  },
  'real-name-rejected': {
    zh: '域名实名认证未通过时注册商不得继续提供服务（《互联网域名管理办法》第三十条）',
    en: 'A registrar may not serve a domain whose real-name check failed (Internet Domain Name Measures, art. 30)',
  },
  cancelled: {
    zh: '注销会移除备案，账号所有人必须知情',
    en: 'A cancellation removes a filing; the account’s owner must know of it',
  },
  notice: {
    zh: '整改等服务商通知有办理期限',
    en: 'Provider notices such as rectifications have deadlines',
  },
};

/**
 * The kinds an account chooses among: those sent to its addresses. Not `review-waiting` (a reviewer's
 * inbox only), `verify-recipient` (sent to the address being confirmed, whoever it is) nor
 * `identity-link` (sent to the person to verify, at the applicant's request, never to the account).
 */
export const PREFERENCE_KINDS: readonly NotificationKind[] = NOTIFICATION_KINDS.filter(
  (kind) => kind !== 'review-waiting' && kind !== 'verify-recipient' && kind !== 'identity-link',
);

/** 通知偏好 — one kind as the settings show it: whether it goes by e-mail and by SMS. */
export type NotificationPreference = {
  kind: NotificationKind;
  label: Localized;
  /** Why it cannot be turned off; null when it can. */
  mandatory: Localized | null;
  email: boolean;
  sms: boolean;
};

export const isMandatory = (kind: string): boolean => Object.hasOwn(MANDATORY_KINDS, kind);

/** `kind:channel` of everything `account` turned off (mandatory kinds left out, whatever is stored). */
export async function mutedFor(db: Kysely<Schema>, account: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('notification_preference')
    .select(['kind', 'channel'])
    .where('account', '=', account)
    .execute();
  return new Set(rows.filter((row) => !isMandatory(row.kind)).map((row) => `${row.kind}:${row.channel}`));
}

/** Every choosable kind with its two switches, in the order of NOTIFICATION_KINDS. */
export async function listPreferences(
  db: Kysely<Schema>,
  account: string,
): Promise<NotificationPreference[]> {
  const muted = await mutedFor(db, account);
  return PREFERENCE_KINDS.map((kind) => ({
    kind,
    label: NOTIFICATION_KIND_LABELS[kind],
    mandatory: MANDATORY_KINDS[kind] ?? null,
    email: !muted.has(`${kind}:email`),
    sms: !muted.has(`${kind}:sms`),
  }));
}

/** One kind turned off on one channel, as a form or the API gives it. */
export type PreferenceInput = { kind: string; channel: string };

/**
 * Replaces what the account turned off with `off` (everything else is on), with one audit event when
 * it changed. Refused, naming the entry, for an unknown kind or channel or a mandatory kind.
 */
export async function setPreferences(deps: {
  database: Database;
  actor: Actor;
  now: Date;
  off: readonly PreferenceInput[];
}): Promise<NotificationPreference[]> {
  if (!can(deps.actor.role, 'notification.recipients-own'))
    throw new WorkflowError('FORBIDDEN', {
      zh: '无权修改通知设置',
      en: 'You may not change notification settings',
    });
  if (deps.off.length > PREFERENCE_KINDS.length * PREFERENCE_CHANNELS.length)
    throw new WorkflowError('VALIDATION_FAILED', { zh: '条目过多', en: 'Too many entries' });
  const errors: FieldError[] = [];
  const wanted = new Set<string>();
  deps.off.forEach((entry, index) => {
    const kind = PREFERENCE_KINDS.find((k) => k === entry.kind);
    const channel = PREFERENCE_CHANNELS.find((c) => c === entry.channel);
    if (kind === undefined)
      errors.push({
        path: `off.${index}.kind`,
        code: 'UNKNOWN_KIND',
        message: { zh: '没有这种通知类型', en: 'No such notification kind' },
      });
    else if (isMandatory(kind))
      errors.push({
        path: `off.${index}.kind`,
        code: 'MANDATORY',
        message: {
          zh: `“${NOTIFICATION_KIND_LABELS[kind].zh}”不能关闭：${MANDATORY_KINDS[kind]?.zh ?? ''}`,
          en: `“${NOTIFICATION_KIND_LABELS[kind].en}” cannot be turned off: ${MANDATORY_KINDS[kind]?.en ?? ''}`,
        },
      });
    if (channel === undefined)
      errors.push({
        path: `off.${index}.channel`,
        code: 'UNKNOWN_CHANNEL',
        message: { zh: '只能关闭邮件或短信通知', en: 'Only e-mail or SMS can be turned off' },
      });
    if (kind !== undefined && channel !== undefined) wanted.add(`${kind}:${channel}`);
  });
  if (errors.length > 0)
    throw new WorkflowError(
      'VALIDATION_FAILED',
      { zh: '通知设置有误', en: 'The notification settings are not valid' },
      errors,
    );
  const account = deps.actor.account;
  return writeTransaction(deps.database, async (tx) => {
    const before = await mutedFor(tx, account);
    const same = before.size === wanted.size && [...wanted].every((key) => before.has(key));
    if (!same) {
      await tx.deleteFrom('notification_preference').where('account', '=', account).execute();
      const rows = [...wanted].sort().map((key) => {
        const [kind = '', channel = 'email'] = key.split(':');
        return {
          account,
          kind,
          channel: channel as PreferenceChannel,
          created_at: deps.now.toISOString(),
        };
      });
      if (rows.length > 0) await tx.insertInto('notification_preference').values(rows).execute();
      await insertAuditEvent(tx, {
        applicationId: null,
        actor: deps.actor,
        action: 'notification.preferences',
        from: null,
        to: null,
        target: `account:${account}`,
        data: { off: [...wanted].sort(), before: [...before].sort() },
        now: deps.now,
      });
    }
    return listPreferences(tx, account);
  });
}
