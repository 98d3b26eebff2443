/**
 * Where a form may send the visitor next. `next` comes from the query string, so anything but a path on
 * this site is dropped: `//evil.example` and `/\evil.example` are protocol-relative to browsers (which
 * read `\` as `/`), `https://…` is absolute (OWASP Unvalidated Redirects and Forwards Cheat Sheet).
 */

const BASE = 'http://beian.invalid';
const MAX_NEXT_LENGTH = 2048;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const UNSAFE_CHARACTERS = /[\\\u0000-\u001f\u007f]/;

/** Whether `path` is one a browser reads as a path on this site (not `//host`, `/\\host`, no controls). */
const isSitePath = (path: string): boolean =>
  path.startsWith('/') && !path.startsWith('//') && !UNSAFE_CHARACTERS.test(path);

/**
 * `value` as a same-site path (`/x?y#z`), or null when it could leave the site or is not a path.
 * The check runs on the input and again on what URL parsing makes of it: dot segments are resolved
 * then, so `/.//evil.example` and `/%2e//evil.example` become `//evil.example`, scheme-relative
 * (issue 12). Checking the result makes the function idempotent: its output passes it unchanged.
 */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NEXT_LENGTH) return null;
  if (!isSitePath(value)) return null;
  const url = new URL(value, BASE);
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return isSitePath(path) && path.length <= MAX_NEXT_LENGTH ? path : null;
}

/** The login page, coming back to `next` (when it is a safe path) after signing in. */
export function loginHref(next: string | null): string {
  const safe = safeNext(next);
  return safe === null || safe === '/' ? '/login' : `/login?next=${encodeURIComponent(safe)}`;
}
