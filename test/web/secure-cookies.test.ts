/**
 * Cookies behind a TLS-terminating proxy (issue 12, item 4). The proxy speaks plain HTTP to beian and
 * adds `X-Forwarded-Proto: https`; BEIAN_PUBLIC_URL says visitors use https. Then the session and
 * CSRF (form-token) cookies are `Secure` with the `__Host-` prefix (Path=/, no Domain: RFC 6265bis
 * §4.1.3.2) and every answer carries Strict-Transport-Security (RFC 6797). Plain http (the default
 * 127.0.0.1 demo) keeps working as before: no prefix, no Secure, no HSTS.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createCliEnv } from '../../src/cli/cli-env.ts';
import { DEMO_PASSWORD } from '../../src/cli/demo-site.ts';
import { runServe } from '../../src/cli/serve-command.ts';

class Capture extends Writable {
  text = '';
  readonly #onWrite: (text: string) => void;
  constructor(onWrite: (text: string) => void = () => {}) {
    super();
    this.#onWrite = onWrite;
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    this.#onWrite(this.text);
    done();
  }
}

/** Runs `beian serve --demo` with `env` until `use` is done; `use` gets the URL it listens on. */
async function withServer(env: Record<string, string>, use: (url: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'beian-secure-cookies-'));
  let announce = (_url: string): void => {};
  const announced = new Promise<string>((resolve) => (announce = resolve));
  const stdout = new Capture((text) => {
    const match = /beian 已启动：(http:\/\/127\.0\.0\.1:\d+)\//.exec(text);
    if (match?.[1]) announce(match[1]);
  });
  const cli = createCliEnv({ stdout, stderr: new Capture(), lang: 'zh', db: ':memory:' });
  let stop = (): void => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const running = runServe(
    cli,
    { port: '0' },
    { BEIAN_SECRET_FILE: join(dir, 'secret'), BEIAN_DOCUMENTS_DIR: join(dir, 'documents'), ...env },
    stopped,
    { demo: true },
  );
  try {
    await use(await Promise.race([announced, running.then(() => Promise.reject(new Error('serve ended')))]));
  } finally {
    stop();
    assert.equal(await running, 0);
    await cli.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Set-Cookie header that sets `name`, or undefined. */
const setCookie = (response: Response, name: string) =>
  response.headers.getSetCookie().find((header) => header.startsWith(`${name}=`));
const pair = (header: string | undefined) => (header ?? '').split(';')[0] ?? '';
const formToken = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function signIn(url: string, headers: Record<string, string>, formCookieName: string) {
  const login = await fetch(`${url}/login`, { headers });
  const form = setCookie(login, formCookieName);
  const html = await login.text();
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...headers,
      cookie: pair(form),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      _csrf: formToken(html),
      login: 'li.lei',
      password: DEMO_PASSWORD,
    }).toString(),
  });
  return { login, form, response };
}

describe('cookies and HSTS behind a TLS proxy (beian serve)', () => {
  it('with BEIAN_PUBLIC_URL=https://…: Secure __Host- cookies, Path=/, no Domain, and HSTS', async () => {
    await withServer({ BEIAN_PUBLIC_URL: 'https://beian.example/' }, async (url) => {
      const proxied = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };
      const { login, form, response } = await signIn(url, proxied, '__Host-beian_form');
      assert.equal(login.status, 200);
      assert.ok(form, login.headers.getSetCookie().join(' | '));
      for (const header of [form, setCookie(response, '__Host-beian_session')]) {
        assert.ok(header, response.headers.getSetCookie().join(' | '));
        assert.match(header, /; Secure/i);
        assert.match(header, /; Path=\//i);
        assert.match(header, /; HttpOnly/i);
        assert.doesNotMatch(header, /Domain=/i);
      }
      assert.equal(response.status, 303);
      assert.equal(setCookie(response, 'beian_session'), undefined, 'no unprefixed cookie');
      for (const answer of [login, response]) {
        assert.equal(answer.headers.get('strict-transport-security'), 'max-age=31536000');
      }
      const session = pair(setCookie(response, '__Host-beian_session'));
      const home = await fetch(`${url}/`, { headers: { ...proxied, cookie: session } });
      assert.ok((await home.text()).includes('李雷'), 'signed in with the __Host- cookie');
      const api = await fetch(`${url}/api/v1/session`, { headers: { cookie: session } });
      assert.equal(api.status, 200);
      assert.equal(api.headers.get('strict-transport-security'), 'max-age=31536000');
      // The API's own login sets the same cookie.
      const apiLogin = await fetch(`${url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'han.meimei', password: DEMO_PASSWORD }),
      });
      assert.match(setCookie(apiLogin, '__Host-beian_session') ?? '', /; Secure/i);
    });
  });

  it('on plain http (the default): cookies as before, without Secure, and no HSTS', async () => {
    await withServer({}, async (url) => {
      const { form, response } = await signIn(url, {}, 'beian_form');
      assert.ok(form);
      const session = setCookie(response, 'beian_session');
      assert.equal(response.status, 303);
      for (const header of [form, session]) assert.doesNotMatch(header ?? '', /Secure/i);
      assert.equal(response.headers.get('strict-transport-security'), null);
      const home = await fetch(`${url}/`, { headers: { cookie: pair(session) } });
      assert.ok((await home.text()).includes('李雷'));
    });
  });
});
