/**
 * `npm run bench:http` (not part of npm test): precheck throughput and p99 latency of one and two
 * server processes, each as a ratio to a bare node:http server answering a fixed JSON body in the
 * same run. The load generator is this process: BENCH_HTTP_CLIENTS loops (default 32), each sending
 * its next request when the last answered, over keep-alive agents, for BENCH_HTTP_SECONDS (default 5)
 * after a one-second warm-up. Servers run in their own processes (bench/http-instance.ts,
 * bench/http-bare.ts). SQLite always; PostgreSQL for one and two instances when BENCH_PG_URL (or
 * BEIAN_TEST_PG_URL) names a server, in a database made for the run and dropped after.
 *
 * Goal (issue 14): precheck ≥ 50 % of the bare server's rate on one instance.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { importFilings, importRegistrations } from '../src/imports/index.ts';
import { loadPolicy } from '../src/policy/index.ts';
import { openDatabase } from '../src/store/index.ts';

const CLIENTS = Number(process.env.BENCH_HTTP_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const PG_URL = process.env.BENCH_PG_URL ?? process.env.BEIAN_TEST_PG_URL;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** A precheck as the precheck page sends it: two domains of the demo with the subject given. */
const PRECHECK = JSON.stringify({
  inputs: ['demo-fresh.cn', 'www.demo-filed-here.cn'],
  province: '浙江',
  subjectType: 'enterprise',
  subjectIdType: 'uscc',
  subjectId: '91330106MA2B3C4D5D',
});

const children: ChildProcess[] = [];

/** Starts a server script; resolves with the URL it prints. */
function startProcess(script: string, args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', here(script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
}

type Result = { requests: number; perSecond: number; p50: number; p99: number; errors: number };

/** CLIENTS loops posting `body` round-robin to `urls` for `seconds`; latencies in ms. */
async function load(urls: string[], path: string, body: string, seconds: number): Promise<Result> {
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: CLIENTS }));
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  const one = (index: number): Promise<void> =>
    new Promise((resolve) => {
      const url = new URL(path, urls[index]);
      const started = performance.now();
      const req = request(
        url,
        {
          method: 'POST',
          agent: agents[index],
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === 200) latencies.push(performance.now() - started);
            else errors += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) await one(next++ % urls.length);
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    errors,
  };
}

async function measure(urls: string[], path: string, body: string): Promise<Result> {
  await load(urls, path, body, 1);
  return load(urls, path, body, SECONDS);
}

/** A migrated database with the demo's registrations and filings, which the precheck reads. */
async function prepare(location: string): Promise<void> {
  const database = await openDatabase({ path: location });
  const policy = loadPolicy();
  const demo = (file: string) => createReadStream(fileURLToPath(new URL(`../demo/${file}`, import.meta.url)));
  await importRegistrations({ db: database, input: demo('registrations.jsonl'), format: 'jsonl' });
  await importFilings({ db: database, policy, input: demo('filings.jsonl'), format: 'jsonl' });
  await database.destroy();
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const fmt = (r: Result, bare: Result) =>
  `${r.perSecond.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99
    .toFixed(1)
    .padStart(6)} ms  = ${((r.perSecond / bare.perSecond) * 100).toFixed(1).padStart(5)} % of bare` +
  (r.errors > 0 ? `  (${r.errors} non-200)` : '');

const root = mkdtempSync(join(tmpdir(), 'beian-bench-http-'));
let pgDatabase: string | null = null;
try {
  const bareUrl = await startProcess('./http-bare.ts', []);
  const bare = await measure([bareUrl], '/', PRECHECK);
  const rows: [string, Result][] = [];

  const sqliteFile = join(root, 'beian.db');
  await prepare(sqliteFile);
  const sqliteOne = await startProcess('./http-instance.ts', [sqliteFile, join(root, 'documents')]);
  rows.push(['precheck, 1 instance, SQLite', await measure([sqliteOne], '/api/v1/precheck', PRECHECK)]);
  children.pop()?.kill();

  if (PG_URL) {
    pgDatabase = `beian_bench_http_${process.pid}`;
    await admin(PG_URL, `create database ${pgDatabase}`);
    const url = new URL(PG_URL);
    url.pathname = `/${pgDatabase}`;
    await prepare(url.toString());
    const a = await startProcess('./http-instance.ts', [url.toString(), join(root, 'documents')]);
    rows.push(['precheck, 1 instance, PostgreSQL', await measure([a], '/api/v1/precheck', PRECHECK)]);
    const b = await startProcess('./http-instance.ts', [url.toString(), join(root, 'documents')]);
    rows.push(['precheck, 2 instances, PostgreSQL', await measure([a, b], '/api/v1/precheck', PRECHECK)]);
  }

  console.log(`bench:http — ${CLIENTS} clients, ${SECONDS} s each, keep-alive`);
  console.log(`${'bare node:http, fixed JSON'.padEnd(36)}${fmt(bare, bare)}`);
  for (const [name, result] of rows) console.log(`${name.padEnd(36)}${fmt(result, bare)}`);
  const one = rows[0]?.[1];
  if (one) {
    const ratio = one.perSecond / bare.perSecond;
    console.log(
      `goal: precheck on one instance ≥ 50 % of bare: ${(ratio * 100).toFixed(1)} % ${ratio >= 0.5 ? 'met' : 'NOT met'}`,
    );
  }
} finally {
  for (const child of children) child.kill();
  if (pgDatabase && PG_URL) await admin(PG_URL, `drop database if exists ${pgDatabase} with (force)`);
  rmSync(root, { recursive: true, force: true });
}
