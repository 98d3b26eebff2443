/**
 * 通知接收人 — the addresses an account is notified at: its own e-mail and up to 15 more e-mail
 * addresses or mobile numbers (Alibaba Cloud and Tencent Cloud let an account add up to 15 message
 * recipients). Each is used only after its owner followed the link sent to it: a token of 32 random
 * bytes, stored as its SHA-256, valid 24 h and once. Links are sent again at most once a minute and
 * five times a day per address, so the form cannot be used to flood someone's inbox or phone.
 * Bad addresses are refused at entry with a field error in both languages.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FieldError, Localized } from '../filing/index.ts';
import { can, fieldError, isMainlandMobile, isValidEmail, normalizePhone } from '../filing/index.ts';
import type { Database, Schema } from '../store/index.ts';
import { insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { Actor } from '../workflow/index.ts';
import { ResendLimitedError, WorkflowError } from '../workflow/index.ts';
import type { OutboxSettings } from './outbox.ts';
import { insertDelivery } from './outbox.ts';
import { renderNotification } from './templates.ts';

/** Added recipients per account, the account's own e-mail not counted. */
export const MAX_RECIPIENTS = 15;
export const LINK_VALIDITY_MS = 24 * 60 * 60 * 1000;
export const LINK_INTERVAL_MS = 60 * 1000;
export const LINKS_PER_DAY = 5;
export const VERIFY_PATH = '/notifications/verify';

/** 通知接收人 as its account sees it. */
export type NotificationRecipient = {
  id: number;
  channel: 'email' | 'sms';
  address: string;
  lang: 'zh' | 'en';
  accountEmail: boolean;
  verifiedAt: string | null;
  linkExpiresAt: string | null;
  createdAt: string;
};

type Deps = { database: Database; actor: Actor; now: Date; settings: OutboxSettings };

const LABELS = {
  address: { zh: '接收地址', en: 'address' },
  email: { zh: '电子邮箱', en: 'e-mail address' },
  phone: { zh: '手机号码', en: 'mobile number' },
} satisfies Record<string, Localized>;

const refuse = (message: Localized, fields: FieldError[] = []) =>
  new WorkflowError('VALIDATION_FAILED', message, fields);

function requireOwn(actor: Actor): void {
  if (!can(actor.role, 'notification.recipients-own'))
    throw new WorkflowError('FORBIDDEN', {
      zh: '无权管理通知接收人',
      en: 'You may not manage notification recipients',
    });
}

/** The account's recipients, its own e-mail first. */
export async function listRecipients(db: Kysely<Schema>, account: string): Promise<NotificationRecipient[]> {
  const rows = await db
    .selectFrom('notification_recipient')
    .selectAll()
    .where('account', '=', account)
    .orderBy('is_account_email', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    channel: row.channel,
    address: row.address,
    lang: row.lang,
    accountEmail: row.is_account_email === 1,
    verifiedAt: row.verified_at,
    linkExpiresAt: row.verified_at === null ? row.token_expires_at : null,
    createdAt: row.created_at,
  }));
}

/** Checks the form: a channel, an address valid for it, a language; each error at its field. */
export function parseRecipientInput(input: { channel?: string; address?: string; lang?: string }): {
  value: { channel: 'email' | 'sms'; address: string; lang: 'zh' | 'en' } | null;
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const channel = input.channel === 'email' || input.channel === 'sms' ? input.channel : null;
  if (channel === null)
    errors.push({
      path: 'channel',
      code: 'REQUIRED',
      message: { zh: '请选择接收方式', en: 'Choose how to receive' },
    });
  const raw = (input.address ?? '').trim();
  let address = raw;
  if (raw === '') errors.push(fieldError('address', 'REQUIRED', { field: LABELS.address }));
  else if (channel === 'email' && !isValidEmail(raw))
    errors.push(fieldError('address', 'EMAIL_INVALID', { field: LABELS.email }));
  else if (channel === 'sms') {
    address = normalizePhone(raw);
    if (!isMainlandMobile(address))
      errors.push(fieldError('address', 'MOBILE_INVALID', { field: LABELS.phone }));
  }
  const lang = input.lang === 'en' ? 'en' : input.lang === 'zh' || input.lang === undefined ? 'zh' : null;
  if (lang === null)
    errors.push({
      path: 'lang',
      code: 'REQUIRED',
      message: { zh: '请选择通知语言', en: 'Choose a language' },
    });
  if (errors.length > 0 || channel === null || lang === null) return { value: null, errors };
  return { value: { channel, address, lang }, errors };
}

/**
 * Adds a recipient (or, with `accountEmail`, sets the account's own e-mail, replacing the previous
 * one) and sends its verification link; refused with field errors when the address is bad, already
 * listed, or the 15 are used.
 */
export async function addRecipient(
  deps: Deps & { input: { channel?: string; address?: string; lang?: string }; accountEmail?: boolean },
): Promise<NotificationRecipient> {
  requireOwn(deps.actor);
  const input = deps.accountEmail ? { ...deps.input, channel: 'email' } : deps.input;
  const { value, errors } = parseRecipientInput(input);
  if (value === null) throw refuse({ zh: '请修改标出的字段', en: 'Correct the fields marked' }, errors);
  const account = deps.actor.account;
  const accountEmail = deps.accountEmail === true;
  return writeTransaction(deps.database, async (tx) => {
    const existing = await tx
      .selectFrom('notification_recipient')
      .selectAll()
      .where('account', '=', account)
      .execute();
    const same = existing.find(
      (r) => r.channel === value.channel && r.address.toLowerCase() === value.address.toLowerCase(),
    );
    if (same && !(accountEmail && same.is_account_email === 1 && same.address !== value.address))
      throw refuse({ zh: '该地址已在列表中', en: 'This address is already listed' }, [
        {
          path: 'address',
          code: 'DUPLICATE',
          message: { zh: '该地址已在接收人列表中', en: 'This address is already in the list' },
        },
      ]);
    if (accountEmail) {
      for (const old of existing.filter((r) => r.is_account_email === 1 || r === same))
        await deleteRecipient(tx, old, deps.actor, deps.now);
    } else if (existing.filter((r) => r.is_account_email === 0).length >= MAX_RECIPIENTS) {
      throw refuse(
        {
          zh: `最多添加 ${MAX_RECIPIENTS} 个接收人`,
          en: `At most ${MAX_RECIPIENTS} recipients may be added`,
        },
        [
          {
            path: 'address',
            code: 'TOO_MANY',
            message: {
              zh: `已有 ${MAX_RECIPIENTS} 个接收人，请先删除一个`,
              en: `There are ${MAX_RECIPIENTS} recipients already; remove one first`,
            },
          },
        ],
      );
    }
    const token = newToken(deps.now);
    const row = await tx
      .insertInto('notification_recipient')
      .values({
        account,
        channel: value.channel,
        address: value.address,
        lang: value.lang,
        is_account_email: accountEmail ? 1 : 0,
        verified_at: null,
        token_hash: token.hash,
        token_expires_at: token.expiresAt,
        created_at: deps.now.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const eventId = await insertAuditEvent(tx, {
      applicationId: null,
      actor: deps.actor,
      action: 'notification.recipient-add',
      from: null,
      to: 'unverified',
      target: `account:${account}`,
      data: { recipientId: row.id, channel: row.channel, address: row.address, accountEmail },
      now: deps.now,
    });
    await sendLink(tx, deps, row, token.value, eventId);
    const [view] = await listRecipients(tx, account).then((all) => all.filter((r) => r.id === row.id));
    if (!view) throw new Error('recipient vanished inside its transaction');
    return view;
  });
}

/** Sends a new verification link to an unverified recipient, within the per-address limits. */
export async function resendRecipientLink(deps: Deps & { recipientId: number }): Promise<void> {
  requireOwn(deps.actor);
  await writeTransaction(deps.database, async (tx) => {
    const row = await ownRecipient(tx, deps.actor.account, deps.recipientId);
    if (row.verified_at !== null)
      throw new WorkflowError('CONFLICT', { zh: '该地址已验证', en: 'This address is already confirmed' });
    const sent = await tx
      .selectFrom('notification_delivery')
      .select('created_at')
      .where('kind', '=', 'verify-recipient')
      .where('account', '=', row.account)
      .where('channel', '=', row.channel)
      .where('recipient', '=', row.address)
      .where('created_at', '>', new Date(deps.now.getTime() - LINK_VALIDITY_MS).toISOString())
      .orderBy('created_at', 'desc')
      .execute();
    const last = sent[0] ? Date.parse(sent[0].created_at) : null;
    const oldest = sent.at(-1);
    const nextAt =
      sent.length >= LINKS_PER_DAY && oldest
        ? Date.parse(oldest.created_at) + LINK_VALIDITY_MS
        : last !== null && deps.now.getTime() - last < LINK_INTERVAL_MS
          ? last + LINK_INTERVAL_MS
          : null;
    if (nextAt !== null) {
      const seconds = Math.max(1, Math.ceil((nextAt - deps.now.getTime()) / 1000));
      throw new ResendLimitedError(
        {
          zh: `发送过于频繁，请 ${seconds} 秒后再试（每分钟 1 次，每天最多 ${LINKS_PER_DAY} 次）`,
          en: `Sent too often; try again in ${seconds} s (once a minute, at most ${LINKS_PER_DAY} a day)`,
        },
        [],
        seconds,
      );
    }
    const token = newToken(deps.now);
    await tx
      .updateTable('notification_recipient')
      .set({ token_hash: token.hash, token_expires_at: token.expiresAt })
      .where('id', '=', row.id)
      .execute();
    const eventId = await insertAuditEvent(tx, {
      applicationId: null,
      actor: deps.actor,
      action: 'notification.recipient-link',
      from: 'unverified',
      to: 'unverified',
      target: `account:${row.account}`,
      data: {
        recipientId: row.id,
        channel: row.channel,
        address: row.address,
        accountEmail: row.is_account_email === 1,
      },
      now: deps.now,
    });
    await sendLink(tx, deps, row, token.value, eventId);
  });
}

/** Removes one of the account's recipients. */
export async function removeRecipient(
  deps: Omit<Deps, 'settings'> & { recipientId: number },
): Promise<NotificationRecipient['address']> {
  requireOwn(deps.actor);
  return writeTransaction(deps.database, async (tx) => {
    const row = await ownRecipient(tx, deps.actor.account, deps.recipientId);
    await deleteRecipient(tx, row, deps.actor, deps.now);
    return row.address;
  });
}

/** What a verification link confirmed. */
export type VerifiedRecipient = { account: string; channel: 'email' | 'sms'; address: string };

/**
 * Follows a verification link: anyone holding the token may (the person at the address is usually
 * not signed in to the account). Refused when the token is unknown, used or expired.
 */
export async function verifyRecipient(deps: {
  database: Database;
  token: string;
  now: Date;
}): Promise<VerifiedRecipient> {
  const invalid = new WorkflowError('NOT_FOUND', {
    zh: '验证链接无效、已使用或已过期，请让账号持有人重新发送',
    en: 'The link is invalid, used or expired; ask the account holder to send a new one',
  });
  const token = deps.token.trim();
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw invalid;
  return writeTransaction(deps.database, async (tx) => {
    const row = await tx
      .selectFrom('notification_recipient')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row || row.verified_at !== null || (row.token_expires_at ?? '') <= deps.now.toISOString())
      throw invalid;
    const updated = await tx
      .updateTable('notification_recipient')
      .set({ verified_at: deps.now.toISOString(), token_hash: null, token_expires_at: null })
      .where('id', '=', row.id)
      .where('token_hash', '=', row.token_hash)
      .executeTakeFirst();
    // One use: a second request with the same token, even a concurrent one, finds it gone.
    if (updated.numUpdatedRows === 0n) throw invalid;
    await insertAuditEvent(tx, {
      applicationId: null,
      actor: { account: row.account, role: 'recipient-link' },
      action: 'notification.recipient-verify',
      from: 'unverified',
      to: 'verified',
      target: `account:${row.account}`,
      data: {
        recipientId: row.id,
        channel: row.channel,
        address: row.address,
        accountEmail: row.is_account_email === 1,
      },
      now: deps.now,
    });
    return { account: row.account, channel: row.channel, address: row.address };
  });
}

type RecipientRow = {
  id: number;
  account: string;
  channel: 'email' | 'sms';
  address: string;
  lang: 'zh' | 'en';
  is_account_email: number;
  verified_at: string | null;
};

async function ownRecipient(tx: Kysely<Schema>, account: string, id: number): Promise<RecipientRow> {
  const row = await tx
    .selectFrom('notification_recipient')
    .selectAll()
    .where('id', '=', id)
    .where('account', '=', account)
    .executeTakeFirst();
  if (!row) throw new WorkflowError('NOT_FOUND', { zh: '找不到该接收人', en: 'No such recipient' });
  return row;
}

async function deleteRecipient(
  tx: Kysely<Schema>,
  row: RecipientRow,
  actor: Actor,
  now: Date,
): Promise<void> {
  await tx.deleteFrom('notification_recipient').where('id', '=', row.id).execute();
  await insertAuditEvent(tx, {
    applicationId: null,
    actor,
    action: 'notification.recipient-remove',
    from: row.verified_at === null ? 'unverified' : 'verified',
    to: null,
    target: `account:${row.account}`,
    data: {
      recipientId: row.id,
      channel: row.channel,
      address: row.address,
      accountEmail: row.is_account_email === 1,
    },
    now,
  });
}

async function sendLink(
  tx: Kysely<Schema>,
  deps: Deps,
  row: RecipientRow,
  token: string,
  eventId: number,
): Promise<void> {
  const message = renderNotification('verify-recipient', {
    application: null,
    params: { account: row.account, path: `${VERIFY_PATH}?token=${token}` },
    publicUrl: deps.settings.publicUrl,
  });
  await insertDelivery(tx, {
    eventId,
    kind: 'verify-recipient',
    target: { channel: row.channel, recipient: row.address, account: row.account, lang: row.lang },
    applicationId: null,
    message,
    settings: deps.settings,
    now: deps.now,
  });
}

function newToken(now: Date): { value: string; hash: string; expiresAt: string } {
  const value = randomBytes(32).toString('base64url');
  return {
    value,
    hash: hashToken(value),
    expiresAt: new Date(now.getTime() + LINK_VALIDITY_MS).toISOString(),
  };
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
