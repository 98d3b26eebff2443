/**
 * `beian serve` serves the web app: the pages and their assets over real HTTP next to the API, so a
 * browser pointed at the printed URL gets the home page.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { createCliEnv } from '../../src/cli/cli-env.ts';
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

describe('beian serve (web)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-serve-web-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers the pages, their assets and the API on the printed URL', async () => {
    let announce = (_url: string): void => {};
    const announced = new Promise<string>((resolve) => (announce = resolve));
    const stdout = new Capture((text) => {
      const match = /beian 已启动：(http:\/\/127\.0\.0\.1:\d+)\//.exec(text);
      if (match?.[1]) announce(match[1]);
    });
    const stderr = new Capture();
    const cli = createCliEnv({ stdout, stderr, lang: 'zh', db: ':memory:' });
    let stop = (): void => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const running = runServe(cli, { port: '0' }, { BEIAN_SECRET_FILE: join(dir, 'secret') }, stopped);
    const url = await announced;
    try {
      const home = await fetch(`${url}/`);
      assert.equal(home.status, 200);
      const html = await home.text();
      assert.match(html, /^<!doctype html><html lang="zh-CN">/);
      const css = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1] ?? '';
      const asset = await fetch(`${url}${css}`);
      assert.equal(asset.status, 200);
      assert.match(asset.headers.get('content-type') ?? '', /^text\/css/);
      assert.equal((await fetch(`${url}/api/v1/openapi.json`)).status, 200);
      const missing = await fetch(`${url}/no-such-page`);
      assert.equal(missing.status, 404);
      assert.match(missing.headers.get('content-type') ?? '', /^text\/html/);
    } finally {
      stop();
      assert.equal(await running, 0);
      await cli.close();
    }
    assert.equal(stderr.text, '');
  });

  it('logs at start-up that BEIAN_ACCESS_IP_RANGES is the old name of BEIAN_PROVIDER_CIDRS', async () => {
    let announce = (): void => {};
    const announced = new Promise<void>((resolve) => (announce = resolve));
    const stdout = new Capture((text) => {
      if (/beian 已启动：/.test(text)) announce();
    });
    const cli = createCliEnv({ stdout, stderr: new Capture(), lang: 'zh', db: ':memory:' });
    let stop = (): void => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const processEnv = { BEIAN_SECRET_FILE: join(dir, 'secret'), BEIAN_ACCESS_IP_RANGES: '203.0.113.0/24' };
    const running = runServe(cli, { port: '0' }, processEnv, stopped);
    await announced;
    stop();
    assert.equal(await running, 0);
    await cli.close();
    const warnings = stdout.text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; variable?: string; msg: string })
      .filter((line) => line.variable !== undefined);
    assert.deepEqual(
      warnings.map(({ level, variable }) => ({ level, variable })),
      [{ level: 'warn', variable: 'BEIAN_ACCESS_IP_RANGES' }],
    );
    assert.match(warnings[0]?.msg ?? '', /rename it BEIAN_PROVIDER_CIDRS/);
  });
});
