/**
 * Resolving the actor (bearer token, else session cookie, else anonymous) and the CSRF check for
 * cookie-authenticated unsafe requests. Session choices follow the OWASP Session Management Cheat
 * Sheet: random 256-bit ids, HttpOnly + SameSite=Lax + Secure (on https) cookies, a `__Host-` name when
 * Secure so no subdomain can plant one, a fresh id at every login.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Session } from '../accounts/index.ts';
import { resolveApiToken, resolveSession } from '../accounts/index.ts';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

const CREDENTIAL_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
const BEARER = /^Bearer[ ]+([A-Za-z0-9_-]{16,128})[ ]*$/i;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_HEADER = 'X-CSRF-Token';
const CSRF_FORM_FIELD = '_csrf';

/**
 * Whether cookies of this request get `Secure` and the `__Host-` prefix: as configured (true when the
 * public URL is https, app.ts), else when the request itself came over https. X-Forwarded-Proto is
 * not read: any client can send it, and the public URL already says what visitors use.
 */
export function isSecureRequest(c: Context<AppEnv>): boolean {
  const setting = c.get('deps').secureCookies;
  return setting === 'auto' ? new URL(c.req.url).protocol === 'https:' : setting;
}

export function sessionCookieName(isSecure: boolean): string {
  return isSecure ? '__Host-beian_session' : 'beian_session';
}

export function setSessionCookie(c: Context<AppEnv>, session: Session): void {
  const isSecure = isSecureRequest(c);
  const maxAge = Math.max(
    0,
    Math.floor((Date.parse(session.expiresAt) - c.get('deps').now().getTime()) / 1000),
  );
  setCookie(c, sessionCookieName(isSecure), session.id, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecure,
    path: '/',
    maxAge,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  const isSecure = isSecureRequest(c);
  deleteCookie(c, sessionCookieName(isSecure), {
    path: '/',
    secure: isSecure,
    httpOnly: true,
    sameSite: 'Lax',
  });
}

/** The session id the request carries, when it is shaped like one. */
export function sessionCookie(c: Context<AppEnv>): string | null {
  const value = getCookie(c, sessionCookieName(isSecureRequest(c)));
  return value !== undefined && CREDENTIAL_PATTERN.test(value) ? value : null;
}

/**
 * Sets `actor`. A bearer header that is malformed or unknown is a 401 rather than anonymous: a script
 * whose token expired should hear so, not get public answers. A stale cookie just means anonymous.
 */
export const resolveActor: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get('deps');
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const token = BEARER.exec(authorization)?.[1];
    const resolved =
      token === undefined ? null : await resolveApiToken(deps.db, deps.credentialKey, token, deps.now());
    if (!resolved) throw new ApiError('UNAUTHENTICATED', { headers: { 'WWW-Authenticate': 'Bearer' } });
    c.set('actor', {
      kind: 'account',
      account: resolved.account,
      via: 'token',
      tokenId: resolved.tokenId,
      scope: resolved.scope,
    });
    return next();
  }
  const id = sessionCookie(c);
  const session = id === null ? null : await resolveSession(deps.db, deps.credentialKey, id, deps.now());
  c.set(
    'actor',
    session
      ? {
          kind: 'account',
          account: session.account,
          via: 'session',
          session: { idHash: session.idHash, csrfToken: session.csrfToken, expiresAt: session.expiresAt },
        }
      : { kind: 'anonymous' },
  );
  return next();
};

/** Equal-length digests let timingSafeEqual compare strings of any length in constant time. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function csrfTokenOf(c: Context<AppEnv>): Promise<string | null> {
  const header = c.req.header(CSRF_HEADER);
  if (header !== undefined) return header;
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const field = (await c.req.parseBody())[CSRF_FORM_FIELD];
    return typeof field === 'string' ? field : null;
  }
  return null;
}

/**
 * Synchronizer token pattern (OWASP CSRF Prevention Cheat Sheet): an unsafe request that a cookie
 * authenticates must echo the session's CSRF token. SameSite=Lax alone is defence in depth, not
 * enough (it lets top-level cross-site GETs through and older browsers ignore it). Bearer requests are
 * exempt: browsers never attach an Authorization header on their own.
 */
export const checkCsrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = c.get('actor');
  if (actor.kind === 'account' && actor.via === 'session' && UNSAFE_METHODS.has(c.req.method)) {
    const given = await csrfTokenOf(c);
    if (given === null || !sameSecret(given, actor.session.csrfToken))
      throw new ApiError('CSRF_TOKEN_INVALID');
  }
  return next();
};
