/**
 * The web shell's own cookies: flash messages (signed) and the form token of visitors who are not
 * signed in. Both follow the session cookie's attributes (src/http/actor.ts): HttpOnly, SameSite=Lax,
 * Secure with a `__Host-` name when the request is secure (`isSecureRequest`, one decision for all).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isSecureRequest } from '../../http/app.ts';
import type { AppEnv } from '../../http/context.ts';
import type { Localized } from './i18n.ts';

function cookieName(c: Context<AppEnv>, name: string): string {
  return isSecureRequest(c) ? `__Host-${name}` : name;
}

function cookieOptions(c: Context<AppEnv>, maxAge: number) {
  return { path: '/', httpOnly: true, sameSite: 'Lax', secure: isSecureRequest(c), maxAge } as const;
}

/** Equal-length digests let timingSafeEqual compare strings of any length in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

// ---------------------------------------------------------------------------------------------------
// Flash messages

/** 提示消息 — one message shown on the next page after a redirect ("已保存", "已提交"). */
export type Flash = { kind: 'success' | 'info' | 'error'; message: Localized };

const FLASH_COOKIE = 'beian_flash';
/** Long enough to survive a slow redirect, short enough that a stale message never surprises. */
const FLASH_MAX_AGE_SECONDS = 300;
const MAX_FLASH_TEXT = 500;

/** A key of its own for flash signatures: the credential key is never used for two purposes as is. */
function flashKey(c: Context<AppEnv>): string {
  return createHmac('sha256', c.get('deps').credentialKey).update('beian web flash key').digest('hex');
}

const sign = (c: Context<AppEnv>, payload: string): string =>
  createHmac('sha256', flashKey(c)).update(payload).digest('base64url');

/**
 * Sets the flash for the next page. Signed, so a cookie planted by a sibling site cannot put words in
 * beian's mouth; texts are bounded so the cookie stays far below the 4 KB limit.
 */
export function setFlash(c: Context<AppEnv>, flash: Flash): void {
  const bounded: Flash = {
    kind: flash.kind,
    message: {
      zh: flash.message.zh.slice(0, MAX_FLASH_TEXT),
      en: flash.message.en.slice(0, MAX_FLASH_TEXT),
    },
  };
  const payload = Buffer.from(JSON.stringify(bounded)).toString('base64url');
  setCookie(
    c,
    cookieName(c, FLASH_COOKIE),
    `${payload}.${sign(c, payload)}`,
    cookieOptions(c, FLASH_MAX_AGE_SECONDS),
  );
}

/** The flash the request carries (signature checked), else null. It is cleared by `clearFlash`. */
export function readFlash(c: Context<AppEnv>): Flash | null {
  const value = getCookie(c, cookieName(c, FLASH_COOKIE));
  if (value === undefined) return null;
  const [payload, signature, ...rest] = value.split('.');
  if (payload === undefined || signature === undefined || rest.length > 0) return null;
  if (!sameSecret(signature, sign(c, payload))) return null;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Flash>;
    const kind = parsed.kind;
    const message = parsed.message;
    if (kind !== 'success' && kind !== 'info' && kind !== 'error') return null;
    if (typeof message?.zh !== 'string' || typeof message.en !== 'string') return null;
    return { kind, message: { zh: message.zh, en: message.en } };
  } catch {
    return null;
  }
}

export function clearFlash(c: Context<AppEnv>): void {
  deleteCookie(c, cookieName(c, FLASH_COOKIE), cookieOptions(c, 0));
}

// ---------------------------------------------------------------------------------------------------
// Form tokens before sign-in

const FORM_TOKEN_COOKIE = 'beian_form';
const FORM_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const FORM_TOKEN_MAX_AGE_SECONDS = 24 * 60 * 60;

/**
 * The CSRF token of a visitor who is not signed in: a random value in a cookie that the form echoes
 * (double-submit cookie). The API needs none for anonymous requests, but pages do: a forged login form
 * would sign the victim into the attacker's account ("login CSRF", OWASP CSRF Prevention Cheat Sheet),
 * and their filings would land there. `__Host-` on https keeps sibling sites from planting the cookie.
 */
export function anonymousFormToken(c: Context<AppEnv>): string {
  const name = cookieName(c, FORM_TOKEN_COOKIE);
  const existing = getCookie(c, name);
  if (existing !== undefined && FORM_TOKEN_PATTERN.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(c, name, token, cookieOptions(c, FORM_TOKEN_MAX_AGE_SECONDS));
  return token;
}

/** Whether `given` (the form's `_csrf`) matches the visitor's form-token cookie. */
export function checkAnonymousFormToken(c: Context<AppEnv>, given: unknown): boolean {
  const cookie = getCookie(c, cookieName(c, FORM_TOKEN_COOKIE));
  if (cookie === undefined || !FORM_TOKEN_PATTERN.test(cookie) || typeof given !== 'string') return false;
  return sameSecret(given, cookie);
}
