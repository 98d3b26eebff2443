/**
 * Response headers for every answer of the web app (OWASP HTTP Headers Cheat Sheet). The pages load
 * nothing from elsewhere (issue 5: works offline, no CDN or font service) and have no inline script
 * or style, so the policy can be `'self'` throughout; a regression (an inline handler, an external
 * font) then fails in the browser instead of quietly weakening the page.
 */
import type { MiddlewareHandler } from 'hono';
import { setAnswerHeader } from '../../http/app.ts';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  // Same-origin only: query strings carry domains and names that other sites need not learn.
  'Referrer-Policy': 'same-origin',
  // For browsers that predate frame-ancestors.
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/**
 * Sets each header the response did not set itself: a download that chose a stricter policy
 * (`sandbox; default-src 'none'` on documents) keeps it.
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!c.res.headers.has(name)) setAnswerHeader(c, name, value);
  }
};
