/**
 * 短信核验 — MIIT's SMS verification in the sandbox (Huawei Cloud 备案短信核验): after
 * the provider's review, 12381 texts a code to the subject's and the website's responsible persons
 * (one SMS when they share a phone); each must enter it within 24 h; 5 wrong tries fail it; a resend
 * issues a new code.
 *
 * Codes are stored only as HMAC-SHA256 under a per-deployment secret with a per-code salt, and compared
 * in constant time. The plain text goes to `sms_outbox`, the sandbox's stand-in for the phone network:
 * only sandbox mode may show it (to the applicant as "your phone"); a real integration has no outbox.
 * Time always comes in as `now`. Every function runs in the caller's transaction.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Schema, SmsVerificationTable } from '../store/index.ts';
import type { SmsRecipient, SmsRecipientStatus, SmsStatus, SmsVerifyResult } from './gateway.ts';
import { MiitError } from './registry.ts';

/** 24 h to verify, counted from sending (mandatory nationwide since 2020-08-17, when it replaced the ICP password). */
export const SMS_VALIDITY_MS = 24 * 60 * 60 * 1000;
/** Wrong entries allowed per code; the 5th wrong one fails the verification. */
export const SMS_MAX_WRONG_TRIES = 5;

/** The per-deployment key codes are hashed under; at least 16 bytes so it cannot be guessed. */
export type SmsSecret = string | Buffer;

/** 短信发件箱 — one message of the sandbox outbox, as the phone would show it. */
export type OutboxMessage = {
  id: number;
  applicationId: number;
  phone: string;
  body: string;
  sentAt: string;
};

/** An 11-digit mainland mobile number from `+86 138-0013-8000` and the like; else MiitError. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  if (!/^1[3-9]\d{9}$/.test(digits))
    throw new MiitError('invalid-phone', `not a mainland mobile number: ${phone}`);
  return digits;
}

/** Starts a new round: earlier codes of the application are superseded, one code per distinct phone. */
export async function sendSmsCodes(
  tx: Kysely<Schema>,
  secret: SmsSecret,
  request: { applicationId: number; recipients: readonly SmsRecipient[]; now: Date },
): Promise<SmsStatus> {
  const roles = new Map<string, Set<SmsRecipient['role']>>();
  for (const recipient of request.recipients) {
    const phone = normalizePhone(recipient.phone);
    roles.set(phone, (roles.get(phone) ?? new Set()).add(recipient.role));
  }
  if (roles.size === 0) throw new MiitError('invalid-phone', 'no recipient for the verification SMS');
  await tx
    .updateTable('sms_verification')
    .set({ status: 'superseded' })
    .where('application_id', '=', request.applicationId)
    .where('status', '!=', 'superseded')
    .execute();
  for (const [phone, phoneRoles] of roles) {
    const code = newCode();
    const row = await tx
      .insertInto('sms_verification')
      .values({
        application_id: request.applicationId,
        phone,
        roles: [...phoneRoles].sort().join(','),
        ...hashed(secret, code),
        ...window(request.now),
        wrong_attempts: 0,
        resend_count: 0,
        status: 'pending',
        verified_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await deliver(tx, row.id, request.applicationId, phone, code, request.now);
  }
  return readSmsStatus(tx, request.applicationId, request.now);
}

/** A new code for a pending, unexpired phone: the old code stops working and the tries start over. */
export async function resendSmsCode(
  tx: Kysely<Schema>,
  secret: SmsSecret,
  request: { applicationId: number; phone: string; now: Date },
): Promise<SmsStatus> {
  const row = await lockCurrent(tx, request.applicationId, normalizePhone(request.phone));
  if (!row || stateOf(row, request.now) !== 'pending')
    throw new MiitError('sms-not-pending', `no pending verification for ${request.phone}`);
  const code = newCode();
  await tx
    .updateTable('sms_verification')
    .set({
      ...hashed(secret, code),
      ...window(request.now),
      wrong_attempts: 0,
      resend_count: row.resend_count + 1,
    })
    .where('id', '=', row.id)
    .execute();
  await deliver(tx, row.id, request.applicationId, row.phone, code, request.now);
  return readSmsStatus(tx, request.applicationId, request.now);
}

/** Checks an entered code; a wrong one counts a try, the 5th wrong one fails the verification. */
export async function verifySmsCode(
  tx: Kysely<Schema>,
  secret: SmsSecret,
  request: { applicationId: number; phone: string; code: string; now: Date },
): Promise<SmsVerifyResult> {
  const phone = normalizePhone(request.phone);
  const row = await lockCurrent(tx, request.applicationId, phone);
  const result = async (
    outcome: SmsVerifyResult['outcome'],
    triesLeft: number,
  ): Promise<SmsVerifyResult> => ({
    outcome,
    triesLeft,
    status: await readSmsStatus(tx, request.applicationId, request.now),
  });
  if (!row) return result('not-found', 0);
  const state = stateOf(row, request.now);
  const triesLeft = SMS_MAX_WRONG_TRIES - row.wrong_attempts;
  if (state === 'verified') return result('already-verified', triesLeft);
  if (state !== 'pending') return result(state, triesLeft);
  if (codeMatches(secret, row, request.code)) {
    await tx
      .updateTable('sms_verification')
      .set({ status: 'verified', verified_at: request.now.toISOString() })
      .where('id', '=', row.id)
      .execute();
    return result('verified', triesLeft);
  }
  const wrong = row.wrong_attempts + 1;
  const failed = wrong >= SMS_MAX_WRONG_TRIES;
  await tx
    .updateTable('sms_verification')
    .set({ wrong_attempts: wrong, ...(failed ? { status: 'failed' } : {}) })
    .where('id', '=', row.id)
    .execute();
  return result(failed ? 'failed' : 'wrong-code', SMS_MAX_WRONG_TRIES - wrong);
}

/** The application's current round as of `now`. */
export async function readSmsStatus(
  tx: Kysely<Schema>,
  applicationId: number,
  now: Date,
): Promise<SmsStatus> {
  const rows = await tx
    .selectFrom('sms_verification')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('status', '!=', 'superseded')
    .orderBy('id')
    .execute();
  const recipients = rows.map((row): SmsRecipientStatus => ({
    verificationId: row.id,
    phone: row.phone,
    roles: row.roles.split(',') as SmsRecipient['role'][],
    state: stateOf(row, now),
    wrongAttempts: row.wrong_attempts,
    triesLeft: SMS_MAX_WRONG_TRIES - row.wrong_attempts,
    resendCount: row.resend_count,
    sentAt: row.sent_at,
    expiresAt: row.expires_at,
    verifiedAt: row.verified_at,
  }));
  return {
    applicationId,
    recipients,
    allVerified: recipients.length > 0 && recipients.every((recipient) => recipient.state === 'verified'),
    anyFailed: recipients.some((recipient) => recipient.state === 'failed'),
    anyExpired: recipients.some((recipient) => recipient.state === 'expired'),
  };
}

/** The sandbox outbox, newest first: sandbox mode only (role `sms.read-outbox`). */
export async function readSmsOutbox(
  db: Kysely<Schema>,
  filter: { applicationId?: number; phone?: string; limit?: number } = {},
): Promise<OutboxMessage[]> {
  let query = db.selectFrom('sms_outbox').selectAll();
  if (filter.applicationId !== undefined) query = query.where('application_id', '=', filter.applicationId);
  if (filter.phone !== undefined) query = query.where('phone', '=', normalizePhone(filter.phone));
  const rows = await query
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    applicationId: row.application_id,
    phone: row.phone,
    body: row.body,
    sentAt: row.created_at,
  }));
}

type VerificationRow = Selectable<SmsVerificationTable>;

/**
 * The live row of a phone, locked: a no-op update first, so two verifications of one phone at once
 * queue on its row (PostgreSQL) and cannot both spend the same try.
 */
async function lockCurrent(
  tx: Kysely<Schema>,
  applicationId: number,
  phone: string,
): Promise<VerificationRow | undefined> {
  return tx
    .updateTable('sms_verification')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('application_id', '=', applicationId)
    .where('phone', '=', phone)
    .where('status', '!=', 'superseded')
    .returningAll()
    .executeTakeFirst();
}

function stateOf(row: VerificationRow, now: Date): SmsRecipientStatus['state'] {
  if (row.status === 'pending' && now.toISOString() >= row.expires_at) return 'expired';
  return row.status as SmsRecipientStatus['state'];
}

function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

function digest(secret: SmsSecret, salt: string, code: string): Buffer {
  if (Buffer.byteLength(secret) < 16) throw new Error('the SMS secret must have at least 16 bytes');
  return createHmac('sha256', secret).update(`${salt}:${code}`).digest();
}

function hashed(secret: SmsSecret, code: string): { code_salt: string; code_hash: string } {
  const salt = randomBytes(16).toString('hex');
  return { code_salt: salt, code_hash: digest(secret, salt, code).toString('hex') };
}

function codeMatches(secret: SmsSecret, row: VerificationRow, entered: string): boolean {
  // Both sides are 32-byte digests, so timingSafeEqual never sees lengths that differ.
  return timingSafeEqual(digest(secret, row.code_salt, entered.trim()), Buffer.from(row.code_hash, 'hex'));
}

function window(now: Date): { sent_at: string; expires_at: string } {
  return { sent_at: now.toISOString(), expires_at: new Date(now.getTime() + SMS_VALIDITY_MS).toISOString() };
}

async function deliver(
  tx: Kysely<Schema>,
  verificationId: number,
  applicationId: number,
  phone: string,
  code: string,
  now: Date,
): Promise<void> {
  // Wording after the 12381 message users describe: code, 24 h, and where to enter it.
  const body =
    `【工信部ICP备案】验证码：${code}。您的备案申请需完成短信核验，请于24小时内登录 https://beian.miit.gov.cn ` +
    `输入验证码、手机号码和证件号码后6位完成核验。如非本人操作，请忽略本短信。`;
  await tx
    .insertInto('sms_outbox')
    .values({
      verification_id: verificationId,
      application_id: applicationId,
      phone,
      body,
      created_at: now.toISOString(),
    })
    .execute();
}
