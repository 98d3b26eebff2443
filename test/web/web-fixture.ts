/**
 * The web app over a fresh test database with the demo data, a settable clock, one account per role,
 * and a small browser: a cookie jar that sends back what the app set and posts forms with the CSRF
 * token of the last page it loaded. Plus readers for the bits of HTML the tests look at.
 */
import type { Role } from '../../src/filing/roles.ts';
import type { Database } from '../../src/store/index.ts';
import type { WebAppOptions } from '../../src/web/index.ts';
import { createWebApp } from '../../src/web/index.ts';
import {
  START,
  createRoleAccounts,
  importDemoData,
  sessionFor,
  testAppOptions,
  testPolicy as policy,
} from '../support/app-fixture.ts';

export { CREDENTIAL_KEY, PASSWORD, START } from '../support/app-fixture.ts';

/** Generous limits: tests of the limits themselves set their own. */
const ROOMY = { limit: 10_000, windowMs: 60_000 };

export type WebFixture = Awaited<ReturnType<typeof createWebFixture>>;

export async function createWebFixture(database: Database, options: Partial<WebAppOptions> = {}) {
  await importDemoData(database);
  const clock = { now: START };
  const errors: unknown[] = [];
  const app = createWebApp({
    ...testAppOptions(database, clock, errors),
    rateLimits: { login: ROOMY, precheck: ROOMY },
    ...options,
  });
  const accounts = await createRoleAccounts(database);

  /** A fresh session for the role's account, made directly (no scrypt). */
  const sessionOf = (role: Role) => sessionFor(database, accounts.get(role) as number, clock.now);

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
