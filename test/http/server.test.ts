/** The API over a real socket (127.0.0.1, port 0), and `beian serve` starting and stopping it. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createCliEnv } from '../../src/cli/cli-env.ts';
import { loadSecrets, runServe, startServer } from '../../src/cli/serve-command.ts';
import type { RunningServer } from '../../src/cli/serve-command.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import { PASSWORD, createFixture, read } from './http-fixture.ts';

class Capture extends Writable {
  text = '';
  constructor(private readonly onText: (text: string) => void = () => {}) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    this.onText(this.text);
    callback();
  }
}

for (const dialect of testDialects()) {
  describe(`API over a socket (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let server: RunningServer;
    before(async () => {
      db = await dialect.open();
      const fx = await createFixture(db, { clientIp: undefined });
      server = await startServer(fx.app, { port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      await server.close();
      await db.destroy();
    });

    it('signs in, keeps the cookie, enforces CSRF and answers a precheck', async () => {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const login = await fetch(`${server.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'applicant.user', password: PASSWORD }),
      });
      assert.equal(login.status, 200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const csrfToken = (await read.session(login)).csrfToken ?? '';
      const precheck = (headers: Record<string, string>) =>
        fetch(`${server.url}/api/v1/precheck`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, ...headers },
          body: JSON.stringify({ inputs: ['demo-ok.cn'], at: '2026-11-28T12:00:00+08:00' }),
        });
      assert.equal((await precheck({})).status, 403);
      const ok = await precheck({ 'x-csrf-token': csrfToken });
      assert.equal(ok.status, 200);
      assert.equal((await read.report(ok)).results[0]?.filingType, 'first-filing');
    });

    it('refuses an oversized body from the socket with 413 as soon as Content-Length declares it', async () => {
      // Only the header is sent: the answer must come from the declared length, before any body is read.
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(`${server.url}/api/v1/precheck`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(1024 * 1024 + 1) },
        });
        request.on('response', (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            request.destroy();
            resolve({ status: response.statusCode ?? 0, body: text });
          });
        });
        request.on('error', reject);
        request.flushHeaders();
      });
      assert.equal(status, 413);
      assert.equal((JSON.parse(body) as { code: string }).code, 'PAYLOAD_TOO_LARGE');
    });
  });
}

describe('beian serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-serve-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves on 127.0.0.1, prints the URL, and stops cleanly', async () => {
    // The URL arrives through stdout: the test waits on that write, not on a timer.
    let announce = (_url: string): void => {};
    const announced = new Promise<string>((resolve) => (announce = resolve));
    const stdout = new Capture((text) => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(text);
      if (match?.[1]) announce(match[1]);
    });
    const stderr = new Capture();
    const cli = createCliEnv({ stdout, stderr, lang: 'en', db: ':memory:' });
    let stop = (): void => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = runServe(cli, { port: '0' }, { BEIAN_SECRET_FILE: join(dir, 'secret') }, stopped);
    const url = await announced;
    const response = await fetch(`${url}/api/v1/openapi.json`);
    assert.equal(response.status, 200);
    stop();
    assert.equal(await running, 0);
    await cli.close();
    assert.equal(stderr.text, '');
    assert.equal(statSync(join(dir, 'secret')).mode & 0o777, 0o600);
  });

  it('keeps the generated secret across starts and refuses a short BEIAN_SECRET', () => {
    const env = { BEIAN_SECRET_FILE: join(dir, 'kept') };
    assert.deepEqual(loadSecrets(env), loadSecrets(env));
    assert.throws(() => loadSecrets({ BEIAN_SECRET: 'short' }), /at least 32/);
  });
});
