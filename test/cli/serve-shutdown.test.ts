/**
 * `beian serve` under SIGTERM (issue 14), as a real process: it stops accepting, finishes the request
 * in flight and exits 0; a second signal exits at once; past BEIAN_SHUTDOWN_SECONDS it cuts and exits
 * 1. The request is held in flight by the client (Expect: 100-continue, body sent only later), so the
 * test waits on events — the server's 100 Continue, its log lines, the exit — never on a timer.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { ClientRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');

type Served = {
  child: ChildProcess;
  url: string;
  /** Resolves with the first stdout JSON line whose `msg` is `msg`. */
  logLine(msg: string): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

function serve(dir: string, env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', '--db', join(dir, 'beian.db')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        LANG: 'C',
        BEIAN_SECRET_FILE: join(dir, 'secret'),
        BEIAN_DOCUMENTS_DIR: join(dir, 'documents'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const waiting: { msg: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  const seen: Record<string, unknown>[] = [];
  let announce: (url: string) => void = () => {};
  const announced = new Promise<string>((resolveUrl) => (announce = resolveUrl));
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    out += chunk;
    let newline: number;
    while ((newline = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, newline);
      out = out.slice(newline + 1);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(line)?.[1];
      if (url) announce(url);
      if (!line.startsWith('{')) continue;
      const parsed = JSON.parse(line) as Record<string, unknown>;
      seen.push(parsed);
      for (const waiter of waiting.filter((w) => w.msg === parsed.msg)) waiter.resolve(parsed);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
  return Promise.race([
    announced.then((url) => ({
      child,
      url,
      exited,
      logLine: (msg: string) =>
        new Promise<Record<string, unknown>>((resolveLine) => {
          const already = seen.find((line) => line.msg === msg);
          if (already) resolveLine(already);
          else waiting.push({ msg, resolve: resolveLine });
        }),
    })),
    exited.then(({ code }) => Promise.reject(new Error(`beian serve exited with ${code} before listening`))),
  ]);
}

const BODY = JSON.stringify({ inputs: ['demo-ok.cn'], at: '2026-11-28T12:00:00+08:00' });

/** A precheck whose headers reach the server and whose body waits until `send` is called. */
function heldPrecheck(url: string): {
  request: ClientRequest;
  continued: Promise<void>;
  response: Promise<{ status: number; connection: string | undefined; body: string }>;
  send(): void;
} {
  const request = httpRequest(`${url}/api/v1/precheck`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(BODY)),
      expect: '100-continue',
    },
  });
  const continued = new Promise<void>((resolveContinue) => request.once('continue', () => resolveContinue()));
  const response = new Promise<{ status: number; connection: string | undefined; body: string }>(
    (resolveResponse, rejectResponse) => {
      request.once('response', (answer) => {
        let body = '';
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => (body += chunk));
        answer.on('end', () =>
          resolveResponse({ status: answer.statusCode ?? 0, connection: answer.headers.connection, body }),
        );
      });
      request.once('error', rejectResponse);
    },
  );
  request.flushHeaders();
  return { request, continued, response, send: () => request.end(BODY) };
}

/** Whether a new TCP connection to the server's port is refused. */
function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolveRefused) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolveRefused(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolveRefused(error.code === 'ECONNREFUSED'));
  });
}

describe('beian serve shutting down', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'beian-shutdown-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('on SIGTERM stops accepting, answers the request in flight, and exits 0', async () => {
    const served = await serve(fresh());
    const held = heldPrecheck(served.url);
    await held.continued;
    served.child.kill('SIGTERM');
    const shutting = await served.logLine('shutting down');
    assert.equal(shutting.inFlight, 1);
    assert.equal(shutting.signal, 'SIGTERM');
    assert.equal(await refused(served.url), true);
    held.send();
    const answer = await held.response;
    assert.equal(answer.status, 200);
    assert.equal(answer.connection, 'close');
    assert.match(answer.body, /"filingType":"first-filing"|"results"/);
    await served.logLine('stopped');
    assert.deepEqual(await served.exited, { code: 0, signal: null });
  });

  it('exits at once on a second signal, with the shell’s code for it', async () => {
    const served = await serve(fresh());
    const held = heldPrecheck(served.url);
    held.response.catch(() => undefined);
    await held.continued;
    served.child.kill('SIGTERM');
    await served.logLine('shutting down');
    served.child.kill('SIGTERM');
    assert.deepEqual(await served.exited, { code: 143, signal: null });
    held.request.destroy();
  });

  it('cuts what still runs at the deadline and exits 1', async () => {
    const served = await serve(fresh(), { BEIAN_SHUTDOWN_SECONDS: '1' });
    const held = heldPrecheck(served.url);
    held.response.catch(() => undefined);
    await held.continued;
    served.child.kill('SIGTERM');
    await served.logLine('shutting down');
    const cut = await served.logLine('shutdown deadline passed: cut what was still running');
    assert.equal(cut.requests, 'cut');
    assert.deepEqual(await served.exited, { code: 1, signal: null });
    held.request.destroy();
  });
});
