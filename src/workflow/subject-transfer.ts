/**
 * 转移备案 — moving a subject filed here from one account of this provider to another (issue 15): the
 * way out of seed FAQ Q9 ("该域名对应的主体信息在系统中已经存在，请登录对应账号"), when the company can no
 * longer, or no longer wants to, work from the account that filed it. Providers move a filing between
 * their accounts on the subject's consent (Alibaba Cloud 备案转移: "原账号主体负责人手机验证"; Tencent
 * Cloud 备案迁移). Here the receiving account asks (request-transfer.ts) and the subject's 主体负责人, as
 * the bureau holds the subject, answers: the code and the link to answer on go to their phone only
 * (confirm-transfer.ts). This file holds what both sides share: the limits, the code and the token.
 *
 * Threats and answers:
 * - Enumeration: a request answers the same (a pending request, the same expiry) whether or not the
 *   certificate or number names a subject under another account, whether a code was sent or refused
 *   (an application in flight, no phone, the phone's limit); the requester's list shows each as pending
 *   until it expires, unless the transfer happened. Only the principal learns why it did not.
 * - Guessing the code: only the holder of the link (sent with the code) can try, 5 wrong codes fail the
 *   request, and a code lives 24 h; the link's token carries 256 random bits.
 * - Flooding the principal: each account may ask 5 times a day (`transferRequest` in
 *   src/accounts/request-limits.ts), a new request of an account for the same subject replaces its
 *   pending one, and a phone gets at most 3 transfer codes a day whoever asks.
 * - Locking the holder out: the texts go through the provider's SMS gateway as notifications, which
 *   MIIT's per-phone code limits of 短信核验 do not count (src/miit/sms.ts), so no number of requests
 *   can stop the subject's own applications' verification; wrong codes end only that request.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** How long a code and its link live: MIIT's own verification round is 24 h too (src/miit/sms.ts). */
export const TRANSFER_VALIDITY_MS = 24 * 60 * 60 * 1000;
/** Wrong codes that fail a request (as MIIT's 5 per phone). */
export const TRANSFER_MAX_WRONG_CODES = 5;
/** Transfer codes a phone receives in any 24 h, whoever asks. */
export const TRANSFER_MAX_CODES_PER_PHONE_PER_DAY = 3;

/** 转移状态 as the requester sees it: under way, done, or ended without the transfer. */
export type TransferState = 'pending' | 'transferred' | 'not-confirmed';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A new request's secrets: the link token (sent), the code (sent), and what is stored of them. */
export function newTransferSecrets(): {
  token: string;
  code: string;
  tokenHash: string;
  codeSalt: string;
  codeHash: string;
} {
  const token = randomBytes(32).toString('base64url');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const codeSalt = randomBytes(16).toString('hex');
  return { token, code, tokenHash: sha256(token), codeSalt, codeHash: sha256(`${codeSalt}:${code}`) };
}

/** Whether `code` (as typed: spaces and full-width digits folded) is the request's; constant time. */
export function codeMatches(row: { code_salt: string; code_hash: string }, code: string): boolean {
  const typed = code.normalize('NFKC').replace(/\s/g, '');
  if (!/^\d{6}$/.test(typed)) return false;
  const a = Buffer.from(sha256(`${row.code_salt}:${typed}`), 'hex');
  const b = Buffer.from(row.code_hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `13800138000` → `138****8000`. */
export const maskPhone = (phone: string): string =>
  phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
