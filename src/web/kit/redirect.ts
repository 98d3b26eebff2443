/**
 * Where a form may send the visitor next. `next` comes from the query string, so anything but a path on
 * this site is dropped: `//evil.example` and `/\evil.example` are protocol-relative to browsers (which
 * read `\` as `/`), `https://…` is absolute (OWASP Unvalidated Redirects and Forwards Cheat Sheet).
 */

const BASE = 'http://beian.invalid';
const MAX_NEXT_LENGTH = 2048;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const UNSAFE_CHARACTERS = /[\\\u0000-\u001f\u007f]/;

/** `value` as a same-site path (`/x?y#z`), or null when it could leave the site or is not a path. */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NEXT_LENGTH) return null;
  if (!value.startsWith('/') || value.startsWith('//') || UNSAFE_CHARACTERS.test(value)) return null;
  const url = new URL(value, BASE);
  if (url.origin !== BASE) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The login page, coming back to `next` (when it is a safe path) after signing in. */
export function loginHref(next: string | null): string {
  const safe = safeNext(next);
  return safe === null || safe === '/' ? '/login' : `/login?next=${encodeURIComponent(safe)}`;
}
