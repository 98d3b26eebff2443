/**
 * The web app over a fresh test database with the demo data, a settable clock, one account per role,
 * and a small browser: a cookie jar that sends back what the app set and posts forms with the CSRF
 * token of the last page it loaded. Plus readers for the bits of HTML the tests look at.
 */
import { createReadStream } from 'node:fs';
import { createAccount } from '../../src/accounts/accounts.ts';
import { createSession } from '../../src/accounts/credentials.ts';
import { DEMO_DIR } from '../../src/cli/demo-command.ts';
import { ROLES } from '../../src/filing/roles.ts';
import type { Role } from '../../src/filing/roles.ts';
import { DEFAULT_SESSION_TTL_MS } from '../../src/http/app.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import { createFactsStore } from '../../src/store/index.ts';
import type { Database } from '../../src/store/index.ts';
import { importFilings } from '../../src/use-cases/import-filings.ts';
import { importRegistrations } from '../../src/use-cases/import-registrations.ts';
import type { WebAppOptions } from '../../src/web/index.ts';
import { createWebApp } from '../../src/web/index.ts';

export const CREDENTIAL_KEY = 'test-credential-key-0123456789abcdef';
export const PASSWORD = 'correct horse battery staple';
export const START = new Date('2026-11-28T04:00:00.000Z');
const policy = loadPolicy();

/** Generous limits: tests of the limits themselves set their own. */
const ROOMY = { limit: 10_000, windowMs: 60_000 };

export type WebFixture = Awaited<ReturnType<typeof createWebFixture>>;

export async function createWebFixture(database: Database, options: Partial<WebAppOptions> = {}) {
  for (const [file, run] of [
    ['registrations.jsonl', importRegistrations],
    ['filings.jsonl', importFilings],
  ] as const) {
    const summary = await run({
      db: database,
      input: createReadStream(`${DEMO_DIR}${file}`),
      format: 'jsonl',
    });
    if (summary.skipped > 0) throw new Error(`demo ${file}: ${JSON.stringify(summary.errors)}`);
  }
  const clock = { now: START };
  const errors: unknown[] = [];
  const app = createWebApp({
    db: database,
    policy,
    facts: createFactsStore(database),
    secrets: { credentialKey: CREDENTIAL_KEY },
    now: () => clock.now,
    clientIp: (c) => c.req.header('x-test-ip') ?? '192.0.2.1',
    onInternalError: (error) => errors.push(error),
    rateLimits: { login: ROOMY, loginName: ROOMY, precheck: ROOMY },
    ...options,
  });
  const accounts = new Map<Role, number>();
  for (const role of ROLES) {
    const account = await createAccount(
      database,
      { login: `${role}.user`, displayName: role, role, password: PASSWORD },
      START,
    );
    accounts.set(role, account.id);
  }

  /** A fresh session for the role's account, made directly (no scrypt). */
  async function sessionOf(role: Role): Promise<{ cookie: string; csrf: string }> {
    const session = await createSession(
      database,
      CREDENTIAL_KEY,
      accounts.get(role) as number,
      clock.now,
      DEFAULT_SESSION_TTL_MS,
    );
    return { cookie: `beian_session=${session.id}`, csrf: session.csrfToken };
  }

  /** A browser, signed in as `role` when given. */
  async function browser(role?: Role): Promise<Browser> {
    const client = new Browser(app.request.bind(app));
    if (role !== undefined) {
      const { cookie, csrf } = await sessionOf(role);
      client.setCookie(cookie);
      client.csrf = csrf;
    }
    return client;
  }

  return { app, clock, errors, policy, accounts, sessionOf, browser };
}

type Requester = (path: string, init?: RequestInit) => Response | Promise<Response>;

/** A cookie jar and the CSRF token of the last page, as a browser would hold them. */
export class Browser {
  readonly cookies = new Map<string, string>();
  /** The `_csrf` value of the last HTML page loaded (or of the session made for it). */
  csrf = '';
  readonly #request: Requester;

  constructor(request: Requester) {
    this.#request = request;
  }

  setCookie(pair: string): void {
    const [name, ...rest] = pair.split('=');
    if (name) this.cookies.set(name.trim(), rest.join('='));
  }

  #remember(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (!name) continue;
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), rest.join('='));
    }
  }

  #cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has('cookie')) headers.set('cookie', this.#cookieHeader());
    const response = await this.#request(path, { ...init, headers });
    this.#remember(response);
    return response;
  }

  /** GET a page; returns status, headers and body, and keeps the page's CSRF token. */
  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    const response = await this.request(path, { headers });
    const page = await Page.of(response);
    const token = page.inputValue('_csrf');
    if (token !== null) this.csrf = token;
    return page;
  }

  /** POST a form (urlencoded), with `_csrf` from the last page unless `csrf` says otherwise. */
  async post(
    path: string,
    fields: Record<string, string>,
    options: { csrf?: string | false; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const body = new URLSearchParams(fields);
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (csrf !== false) body.set('_csrf', csrf);
    const response = await this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
      body: body.toString(),
    });
    const page = await Page.of(response);
    const token = page.inputValue('_csrf');
    if (token !== null) this.csrf = token;
    return page;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A response with its text and the few HTML readers tests need (regular expressions, not a DOM). */
export class Page {
  readonly status: number;
  readonly headers: Headers;
  readonly html: string;

  private constructor(response: Response, html: string) {
    this.status = response.status;
    this.headers = response.headers;
    this.html = html;
  }

  static async of(response: Response): Promise<Page> {
    return new Page(response, await response.text());
  }

  get location(): string | null {
    return this.headers.get('location');
  }

  /** The opening tag of the element with this id, or null. */
  tagWithId(id: string): string | null {
    return (
      new RegExp(`<[a-z0-9]+\\b[^>]*\\bid="${escapeRegExp(id)}"[^>]*>`, 'i').exec(this.html)?.[0] ?? null
    );
  }

  /** The value of the named input (first one), HTML-decoded, or null. */
  inputValue(name: string): string | null {
    const tag = new RegExp(`<input\\b[^>]*\\bname="${escapeRegExp(name)}"[^>]*>`, 'i').exec(this.html)?.[0];
    if (tag === undefined) return null;
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1];
    return value === undefined ? '' : decodeEntities(value);
  }

  /** An attribute of an opening tag, HTML-decoded. */
  static attribute(tag: string, name: string): string | null {
    const value = new RegExp(`\\b${escapeRegExp(name)}="([^"]*)"`).exec(tag)?.[1];
    return value === undefined ? null : decodeEntities(value);
  }

  /** The text of the page with tags removed and entities decoded (for "does it say …"). */
  get text(): string {
    return decodeEntities(this.html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ');
  }
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
