/**
 * The browser tests' harness: the demo site as `npm start` serves it (src/cli/serve-command.ts
 * runServe with `demo: true`) — a SQLite file in a temp dir, `loadDemoSite` shifted to today, the MIIT
 * sandbox with its SMS key, the registrar sandbox and a documents dir — listening on 127.0.0.1 at a
 * free port, driven by Debian's Chromium through playwright-core (never a downloaded browser).
 *
 * Without /usr/bin/chromium the tests are skipped (`npm test` on a machine without it), unless CI is
 * set: .ci/run installs Chromium, so there a missing browser is a failure, not a skip.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Hono } from 'hono';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { DEMO_PASSWORD, loadDemoSite } from '../../src/cli/demo-site.ts';
import type { DemoSiteResult } from '../../src/cli/demo-site.ts';
import { CERTIFICATE_VERIFY_PATH, startServer } from '../../src/cli/serve-command.ts';
import { defaultSmsSecret } from '../../src/http/app.ts';
import type { AppEnv } from '../../src/http/context.ts';
import type { SandboxGateway } from '../../src/miit/index.ts';
import { createSandboxGateway } from '../../src/miit/index.ts';
import type { PolicyData } from '../../src/policy/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { RegistrarGateway } from '../../src/registrar/index.ts';
import { createRegistrarSandbox } from '../../src/registrar/index.ts';
import type { Database } from '../../src/store/index.ts';
import { createFactsStore, openDatabase } from '../../src/store/index.ts';
import { createWebApp } from '../../src/web/index.ts';
import type { IdentitySettings } from '../../src/workflow/index.ts';
import type { MonitorDeps } from '../../src/monitor/index.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * This machine's closed network refuses Chromium's background connections (updates, sync, QUIC
 * probes), and running as root needs --no-sandbox.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `describe(…, { skip: SKIP_BROWSER })`: a reason when Chromium is missing outside CI, else false. */
export const SKIP_BROWSER: string | false =
  !existsSync(CHROMIUM_PATH) && !process.env.CI
    ? `Debian chromium is not installed (${CHROMIUM_PATH}); apt-get install chromium`
    : false;

export { DEMO_PASSWORD };

/** Where screenshots go: test-output/ at the repository root (ignored by git). */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-output/screenshots');

export type DemoSite = {
  url: string;
  database: Database;
  policy: PolicyData;
  gateway: SandboxGateway;
  registrar: RegistrarGateway;
  demo: DemoSiteResult;
  /** The instant the demo data was shifted to. */
  loadedAt: Date;
  /** Bugs the app reported (500 pages); a test asserts there were none. */
  internalErrors: unknown[];
  close(): Promise<void>;
};

/**
 * The demo site, built as runServe builds it, on a free port of 127.0.0.1; `monitor` as `beian serve`
 * passes it when BEIAN_PROVIDER_CIDRS is set (tests: against their local servers).
 */
export async function startDemoSite(
  options: { monitor?: () => MonitorDeps; identity?: IdentitySettings } = {},
): Promise<DemoSite> {
  const dir = mkdtempSync(join(tmpdir(), 'beian-browser-'));
  const database = await openDatabase({ path: join(dir, 'beian.db') });
  const policy = loadPolicy();
  const loadedAt = new Date();
  const demo = await loadDemoSite(database, policy, loadedAt);
  const credentialKey = randomBytes(32).toString('hex');
  const gateway = createSandboxGateway({ database, policy, smsSecret: defaultSmsSecret(credentialKey) });
  // The certificate's verification address needs the port, known only once listening: the server
  // is started on a front app that hands every request to the web app built right after.
  let app: Hono<AppEnv> | null = null;
  const front = new Hono<AppEnv>().all('*', (c) => {
    if (app === null) return c.text('starting', 503);
    return app.fetch(c.req.raw, c.env);
  });
  const server = await startServer(front, { port: 0, host: '127.0.0.1' });
  const registrar = createRegistrarSandbox({
    database,
    policy,
    verifyUrl: `${server.url}${CERTIFICATE_VERIFY_PATH}`,
  });
  const internalErrors: unknown[] = [];
  app = createWebApp({
    monitor: options.monitor ?? null,
    ...(options.identity === undefined ? {} : { identity: options.identity }),
    db: database,
    policy,
    facts: createFactsStore(database),
    secrets: { credentialKey },
    gateway,
    registrar,
    documentsDir: join(dir, 'documents'),
    onInternalError: (error) => {
      internalErrors.push(error);
      process.stderr.write(
        `beian (browser test): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    },
  });
  return {
    url: server.url,
    database,
    policy,
    gateway,
    registrar,
    demo,
    loadedAt,
    internalErrors,
    async close() {
      await server.close();
      await database.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`CI is set but Debian chromium is missing at ${CHROMIUM_PATH}`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A page that records what would otherwise pass unseen: script errors, console errors (a CSP
 * violation is one) and failed requests. `problems` is asserted empty at the end of a test.
 */
const ACTION_TIMEOUT_MS = 10_000;

export type WatchedPage = { page: Page; context: BrowserContext; problems: string[] };

export async function openPage(
  browser: Browser,
  site: DemoSite,
  options: BrowserContextOptions = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL: site.url, ...options });
  // Well under the test's own budget: a missing element fails in seconds, with its locator named.
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    // Chrome logs every 4xx answer; a form's 422 is the page working. Subresources are checked below.
    if (message.type() !== 'error' || message.text().startsWith('Failed to load resource:')) return;
    problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type !== 'document' && type !== 'fetch' && response.status() >= 400) {
      problems.push(`${type} ${response.url()} answered ${response.status()}`);
    }
  });
  page.on('requestfailed', (request) => {
    // A navigation that replaces a pending one (a download, a redirect) is not a failure.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  return { page, context, problems };
}

/** Path and query of the page's URL (`/applications/3/subject`). */
export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

/** Waits for a POST-redirect-GET to land on `path` (a string: exactly; a RegExp: matching). */
export async function landedOn(page: Page, path: string | RegExp): Promise<void> {
  await page.waitForURL((url) =>
    typeof path === 'string' ? url.pathname === path : path.test(`${url.pathname}${url.search}`),
  );
}

/** Signs in through /login with the keyboard-free path: fill both fields, press the button. */
export async function signIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('main form[action="/login"] button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.locator('.site-header .who').waitFor();
}

/** Signs out with the header's button. */
export async function signOut(page: Page): Promise<void> {
  await page.locator('form.logout-form button').click();
  await page.locator('.site-header a[href="/login"]').waitFor();
}

/** The flash message of the page (role=status or alert), as text. */
export async function flashText(page: Page): Promise<string> {
  return (await page.locator('main .flash').innerText()).trim();
}

const MAX_SCREENSHOT_HEIGHT = 6000;

/**
 * Saves test-output/screenshots/<name>-<lang>-<width>.png (full page, at most 6000 px of it) and
 * returns its path. The viewport is set to `width` first, so the page lays out as a phone or a
 * desktop would.
 */
export async function screenshot(page: Page, name: string, width: number): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const lang = (await page.locator('html').getAttribute('lang')) ?? 'none';
  const current = page.viewportSize();
  if (current?.width !== width) await page.setViewportSize({ width, height: current?.height ?? 800 });
  const path = join(SCREENSHOT_DIR, `${name}-${lang}-${width}.png`);
  // The top of a very long page (the rule table, the policy data) tells as much and costs seconds less.
  const height = await page.evaluate<number>('document.documentElement.scrollHeight');
  const clip =
    height > MAX_SCREENSHOT_HEIGHT ? { x: 0, y: 0, width, height: MAX_SCREENSHOT_HEIGHT } : undefined;
  await page.screenshot({ path, fullPage: true, ...(clip ? { clip } : {}) });
  return path;
}

/** How far the page is wider than the viewport (0: no horizontal scrolling). */
export async function horizontalOverflow(page: Page): Promise<number> {
  // A string: the test code is compiled without the DOM library.
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/** Asserts that the page raised no script or console errors and the app reported no bug. */
export function assertClean(site: DemoSite, ...pages: WatchedPage[]): void {
  assert.deepEqual(
    pages.flatMap((p) => p.problems),
    [],
  );
  assert.deepEqual(site.internalErrors, []);
}

/**
 * Runs a test's steps; when one fails, the page as it was is saved as test-output/screenshots/
 * failure-<name>.png and its URL added to the error, so a failure in CI can be read without a rerun.
 */
export async function withFailureScreenshot(tab: WatchedPage, name: string, steps: () => Promise<void>) {
  try {
    await steps();
  } catch (error) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `failure-${name}.png`);
    await tab.page.screenshot({ path, fullPage: true }).catch(() => undefined);
    if (error instanceof Error) error.message += `\n(on ${tab.page.url()}; screenshot ${path})`;
    throw error;
  }
}
