/**
 * The staff pages' tests: the web app (pages + API) over a fresh test database with the demo data and
 * the workflow fixture's accounts, a settable clock, and a browser-like client per account: session
 * cookie, the CSRF token the pages put in their forms, form posts, and redirects left to the test.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { Role } from '../../src/filing/roles.ts';
import type { AppEnv } from '../../src/http/context.ts';
import type { RateLimit, RateLimitName } from '../../src/http/rate-limit.ts';
import type { PolicyData } from '../../src/policy/index.ts';
import type { RegistrarGateway } from '../../src/registrar/index.ts';
import type { Database } from '../../src/store/index.ts';
import { createWebApp } from '../../src/web/index.ts';
import type { DEMO_APPLICANTS, WorkflowFixture } from '../http/workflow-api-fixture.ts';
import { createWorkflowFixture } from '../http/workflow-api-fixture.ts';
import { sessionFor, testAppOptions } from '../support/app-fixture.ts';

export type Who = (typeof DEMO_APPLICANTS)[number] | Role;

/** A browser signed in as one account (or anonymous): GET pages, POST forms with the page's token. */
export type Browser = {
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** POSTs `form` with the session's CSRF token (unless `_csrf` is given, or `csrf: false`). */
  post(
    path: string,
    form?: Record<string, string>,
    options?: { csrf?: boolean; headers?: Record<string, string> },
  ): Promise<Response>;
  cookie: string;
  csrf: string;
};

export type WebFixture = WorkflowFixture & {
  web: Hono<AppEnv>;
  webErrors: unknown[];
  browser(who: Who | null): Promise<Browser>;
  cleanup(): void;
};

export async function createWebFixture(
  database: Database,
  options: {
    rateLimits?: Partial<Record<RateLimitName, RateLimit>>;
    /** The registrar of the web app (the API-only app of the workflow fixture keeps the default). */
    registrar?: (policy: PolicyData) => RegistrarGateway;
  } = {},
): Promise<WebFixture> {
  const documentsDir = mkdtempSync(join(tmpdir(), 'beian-web-documents-'));
  const webErrors: unknown[] = [];
  let web: Hono<AppEnv> | undefined;
  // The workflow fixture's API calls go through the web app, so uploads land in the temporary directory.
  const fx = await createWorkflowFixture(database, (base) => {
    web = createWebApp({
      ...testAppOptions(database, base.clock, webErrors, base.policy),
      documentsDir,
      ...(options.registrar ? { registrar: options.registrar(base.policy) } : {}),
      rateLimits: {
        login: { limit: 1000, windowMs: 60_000 },
        precheck: { limit: 100_000, windowMs: 60_000 },
        ...options.rateLimits,
      },
    });
    const app = web;
    return (path, init) => Promise.resolve(app.request(`/api/v1${path}`, init));
  });
  if (!web) throw new Error('web app not created');
  const app = web;

  async function sessionOf(who: Who): Promise<{ cookie: string; csrf: string }> {
    const row = await database.kysely
      .selectFrom('account')
      .select('id')
      .where('login', '=', who.includes('.') ? who : `${who}.user`)
      .executeTakeFirstOrThrow();
    return sessionFor(database, row.id, fx.clock.now);
  }

  return {
    ...fx,
    web: app,
    webErrors,
    cleanup: () => rmSync(documentsDir, { recursive: true, force: true }),
    async browser(who) {
      const session = who === null ? { cookie: '', csrf: '' } : await sessionOf(who);
      const headers = (extra: Record<string, string> = {}) => ({
        ...(session.cookie === '' ? {} : { cookie: session.cookie }),
        ...extra,
      });
      return {
        ...session,
        get: (path, extra) => Promise.resolve(app.request(path, { headers: headers(extra) })),
        post(path, form = {}, postOptions = {}) {
          const body = new URLSearchParams(form);
          if (postOptions.csrf !== false && !('_csrf' in form)) body.set('_csrf', session.csrf);
          return Promise.resolve(
            app.request(path, {
              method: 'POST',
              headers: headers({
                'content-type': 'application/x-www-form-urlencoded',
                ...postOptions.headers,
              }),
              body: body.toString(),
            }),
          );
        },
      };
    },
  };
}

/** The HTML of a page answered with `status`. */
export async function html(response: Response, status = 200): Promise<string> {
  const body = await response.text();
  assert.equal(response.status, status, body.slice(0, 2000));
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  return body;
}

/** A 303 to `path` (the redirect of a POST-redirect-GET), with the flash cookie it sets. */
export function redirectsTo(response: Response, path: string | RegExp): string {
  assert.equal(response.status, 303, `expected a redirect, got ${response.status}`);
  const location = response.headers.get('location') ?? '';
  if (typeof path === 'string') assert.equal(location, path);
  else assert.match(location, path);
  return location;
}

/** The cookies a response sets, as a Cookie header (to follow a redirect with its flash). */
export function setCookies(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0] ?? '')
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

/** Follows a POST's redirect like a browser: GET the location with the session and the flash cookie. */
export async function follow(browser: Browser, response: Response): Promise<Response> {
  const location = response.headers.get('location') ?? '';
  assert.equal(response.status, 303, `expected a redirect, got ${response.status}`);
  const flash = setCookies(response);
  return browser.get(
    location,
    flash === '' ? {} : { cookie: [browser.cookie, flash].filter(Boolean).join('; ') },
  );
}

/**
 * Text content for `includes` checks: inline tags dropped, block tags as spaces, and the entities of
 * hono's escaping undone.
 */
export function textOf(page: string): string {
  return page
    .replace(/<\/?(?:bdi|span|code|strong|b|a|em)\b[^>]*>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
