/**
 * 短信核验 — MIIT's SMS verification in the sandbox (Huawei Cloud 备案短信核验): after
 * the provider's review, 12381 texts a code to the subject's and the website's responsible persons
 * (one SMS when they share a phone); each must enter it within 24 h; 5 wrong tries fail it; a resend
 * issues a new code.
 *
 * A round starts with the provider's approval (or a reviewer's restart): its window and its counts run
 * from the first code, and a resend changes only the code (issue 12: a resend reset the tries and the
 * 24 h, so "4 guesses + resend" looped through the 6-digit space, and unlimited resends flooded the
 * phone typed in the form). The limits, per round unless said otherwise:
 * - 5 wrong tries per phone and 10 per application across its phones; then the round fails and the
 *   application goes back to the provider (the workflow), who alone can start a new round;
 * - 5 resends per application;
 * - per phone, whatever the application: 60 s between two codes, at most 10 codes in 24 h. These
 *   follow what SMS providers apply to verification codes (Alibaba Cloud: 1 a minute, 5 an hour, 10 a
 *   day to one number; Baidu Cloud: 3 a minute, 10 an hour, 50 a day; Huawei Cloud: 15 a minute, 50 in
 *   24 h). A round's first codes are counted but never refused: a reviewer decided to send them.
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

/**
 * 24 h to verify, counted from the round's first code (mandatory nationwide since 2020-08-17, when it
 * replaced the ICP password); resends do not extend it.
 */
export const SMS_VALIDITY_MS = 24 * 60 * 60 * 1000;
/** Wrong entries allowed per phone and round, resends included; the 5th wrong one fails it. */
export const SMS_MAX_WRONG_TRIES = 5;
/** Wrong entries allowed per application and round across its phones (issue 12). */
export const SMS_MAX_WRONG_TRIES_PER_APPLICATION = 10;
/** Resends allowed per application and round. */
export const SMS_MAX_RESENDS_PER_ROUND = 5;
/** The shortest time between two codes to one phone (Alibaba Cloud: one a minute per number). */
export const SMS_RESEND_INTERVAL_MS = 60 * 1000;
/** Codes to one phone in any 24 h, whatever the application (Alibaba Cloud: 10 a day per number). */
export const SMS_MAX_SENDS_PER_PHONE_PER_DAY = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Why a resend is refused: the round's resends are spent, the phone's day is full, or too soon. */
export type SmsResendLimit = 'application' | 'phone' | 'interval';

/**
 * 重发受限 — a resend refused by a limit; `nextAllowedAt` is when it may go, or null when no resend is
 * possible in this round any more (a reviewer must start a new one).
 */
export class SmsResendLimitedError extends MiitError {
  readonly reason: SmsResendLimit;
  readonly nextAllowedAt: Date | null;
  constructor(reason: SmsResendLimit, nextAllowedAt: Date | null) {
    super(
      'sms-resend-limited',
      `resend refused (${reason}); next allowed ${nextAllowedAt?.toISOString() ?? 'never in this round'}`,
    );
    this.reason = reason;
    this.nextAllowedAt = nextAllowedAt;
  }
}

/** The per-deployment key codes are hashed under; at least 16 bytes so it cannot be guessed. */
export type SmsSecret = string | Buffer;

/** 短信发件箱 — one message of the sandbox outbox, as the phone would show it. */
export type OutboxMessage = {
  id: number;
  /** Null for a notification that concerns no application (a domain, an account). */
  applicationId: number | null;
  /** A 12381 verification code, or a notification sent through the SmsGateway sandbox. */
  purpose: 'verification' | 'notification';
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

/**
 * A new code for a pending phone of the round: the old code stops working; its tries, the round's
 * resend count and the 24 h window carry on. Refused (SmsResendLimitedError) past a limit.
 */
export async function resendSmsCode(
  tx: Kysely<Schema>,
  secret: SmsSecret,
  request: { applicationId: number; phone: string; now: Date },
): Promise<SmsStatus> {
  const phone = normalizePhone(request.phone);
  const round = await lockRound(tx, request.applicationId);
  const row = round.find((r) => r.phone === phone);
  if (!row || stateOf(row, request.now) !== 'pending')
    throw new MiitError('sms-not-pending', `no pending verification for ${request.phone}`);
  const limit = await resendLimit(tx, round, row, request.now);
  if (limit) throw new SmsResendLimitedError(limit.reason, limit.nextAllowedAt);
  const code = newCode();
  await tx
    .updateTable('sms_verification')
    .set({ ...hashed(secret, code), resend_count: row.resend_count + 1 })
    .where('id', '=', row.id)
    .execute();
  await deliver(tx, row.id, request.applicationId, row.phone, code, request.now);
  return readSmsStatus(tx, request.applicationId, request.now);
}

/**
 * Checks an entered code; a wrong one counts a try. The 5th wrong one for a phone, or the 10th for the
 * application, fails the round; after that no code is checked any more.
 */
export async function verifySmsCode(
  tx: Kysely<Schema>,
  secret: SmsSecret,
  request: { applicationId: number; phone: string; code: string; now: Date },
): Promise<SmsVerifyResult> {
  const phone = normalizePhone(request.phone);
  const round = await lockRound(tx, request.applicationId);
  const row = round.find((r) => r.phone === phone);
  const result = async (
    outcome: SmsVerifyResult['outcome'],
    triesLeft: number,
  ): Promise<SmsVerifyResult> => ({
    outcome,
    triesLeft,
    status: await readSmsStatus(tx, request.applicationId, request.now),
  });
  if (!row) return result('not-found', 0);
  const roundWrong = sum(round.map((r) => r.wrong_attempts));
  const triesLeft = Math.max(
    0,
    Math.min(SMS_MAX_WRONG_TRIES - row.wrong_attempts, SMS_MAX_WRONG_TRIES_PER_APPLICATION - roundWrong),
  );
  const state = stateOf(row, request.now);
  if (state === 'verified') return result('already-verified', triesLeft);
  if (state !== 'pending') return result(state, triesLeft);
  // The application's tries are spent (on its other phones): no code is checked in this round.
  if (triesLeft === 0) return result('failed', 0);
  if (codeMatches(secret, row, request.code)) {
    await tx
      .updateTable('sms_verification')
      .set({ status: 'verified', verified_at: request.now.toISOString() })
      .where('id', '=', row.id)
      .execute();
    return result('verified', triesLeft);
  }
  const wrong = row.wrong_attempts + 1;
  const failed = triesLeft - 1 === 0;
  await tx
    .updateTable('sms_verification')
    .set({ wrong_attempts: wrong, ...(failed ? { status: 'failed' } : {}) })
    .where('id', '=', row.id)
    .execute();
  return result(failed ? 'failed' : 'wrong-code', triesLeft - 1);
}

/** The application's current round as of `now`, with its tries and resends left. */
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
  const wrongAttempts = sum(rows.map((row) => row.wrong_attempts));
  const triesLeft = Math.max(0, SMS_MAX_WRONG_TRIES_PER_APPLICATION - wrongAttempts);
  const resendsLeft = Math.max(0, SMS_MAX_RESENDS_PER_ROUND - sum(rows.map((row) => row.resend_count)));
  const recipients: SmsRecipientStatus[] = [];
  for (const row of rows) {
    const state = stateOf(row, now);
    const limit = state === 'pending' ? await resendLimit(tx, rows, row, now) : null;
    recipients.push({
      verificationId: row.id,
      phone: row.phone,
      roles: row.roles.split(',') as SmsRecipient['role'][],
      state,
      wrongAttempts: row.wrong_attempts,
      triesLeft: Math.max(0, Math.min(SMS_MAX_WRONG_TRIES - row.wrong_attempts, triesLeft)),
      resendCount: row.resend_count,
      sentAt: row.sent_at,
      expiresAt: row.expires_at,
      verifiedAt: row.verified_at,
      nextResendAt:
        state !== 'pending' ? null : limit ? (limit.nextAllowedAt?.toISOString() ?? null) : now.toISOString(),
    });
  }
  return {
    applicationId,
    recipients,
    allVerified: recipients.length > 0 && recipients.every((recipient) => recipient.state === 'verified'),
    anyFailed: recipients.some((recipient) => recipient.state === 'failed'),
    anyExpired: recipients.some((recipient) => recipient.state === 'expired'),
    wrongAttempts,
    triesLeft,
    resendsLeft,
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
    purpose: row.purpose,
    body: row.body,
    sentAt: row.created_at,
  }));
}

type VerificationRow = Selectable<SmsVerificationTable>;

/**
 * The round's rows, locked: a no-op update first, so two verifications or resends of one application
 * at once queue on its rows (PostgreSQL) and cannot both spend the same try or the same resend.
 */
async function lockRound(tx: Kysely<Schema>, applicationId: number): Promise<VerificationRow[]> {
  const rows = await tx
    .updateTable('sms_verification')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('application_id', '=', applicationId)
    .where('status', '!=', 'superseded')
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * The limit a resend to `row`'s phone would break now, with when it may go: null when none. A time at
 * or after the round's end is no time at all (null): the code would expire first.
 */
async function resendLimit(
  tx: Kysely<Schema>,
  round: readonly VerificationRow[],
  row: VerificationRow,
  now: Date,
): Promise<{ reason: SmsResendLimit; nextAllowedAt: Date | null } | null> {
  if (sum(round.map((r) => r.resend_count)) >= SMS_MAX_RESENDS_PER_ROUND)
    return { reason: 'application', nextAllowedAt: null };
  const recent = await tx
    .selectFrom('sms_outbox')
    .select('created_at')
    .where('phone', '=', row.phone)
    // Codes only: a notification to the same phone (src/miit/sms-gateway.ts) is not a code.
    .where('purpose', '=', 'verification')
    .where('created_at', '>', new Date(now.getTime() - DAY_MS).toISOString())
    .orderBy('created_at', 'desc')
    .limit(SMS_MAX_SENDS_PER_PHONE_PER_DAY)
    .execute();
  const within = (at: number) => (at < Date.parse(row.expires_at) ? new Date(at) : null);
  if (recent.length >= SMS_MAX_SENDS_PER_PHONE_PER_DAY) {
    const oldest = Date.parse(recent[recent.length - 1]?.created_at ?? now.toISOString());
    return { reason: 'phone', nextAllowedAt: within(oldest + DAY_MS) };
  }
  const last = recent[0] ? Date.parse(recent[0].created_at) : null;
  if (last !== null && now.getTime() - last < SMS_RESEND_INTERVAL_MS)
    return { reason: 'interval', nextAllowedAt: within(last + SMS_RESEND_INTERVAL_MS) };
  return null;
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

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
