/**
 * `npm run bench:http` (not part of npm test): precheck and submit throughput and latency of one and
 * two server processes, each as a ratio to a bare node:http server answering a fixed JSON body in the
 * same run. The load generator is this process: BENCH_HTTP_CLIENTS loops (default 32), each sending
 * its next request when the last answered, over keep-alive agents, round-robin over the instances.
 * Servers run in their own processes (bench/http-instance.ts, bench/http-bare.ts). A third yardstick,
 * the floor (bench/http-floor.ts), is Hono answering a recorded precheck report with no work of
 * beian's: between it and the instance lies everything beian itself does per request.
 *
 * - Precheck: for BENCH_HTTP_SECONDS (default 5) after a one-second warm-up; SQLite always,
 *   PostgreSQL for one and two instances when BENCH_PG_URL (or BEIAN_TEST_PG_URL) names a server.
 * - Submit (PostgreSQL only): many applicants, each with an account, a session and a saved draft of a
 *   domain and subject of its own (bench/http-seed.ts), so no two submits conflict; each request
 *   submits a draft not submitted before. BENCH_HTTP_SUBMITS drafts (default 1000) are measured
 *   after BENCH_HTTP_SUBMITS / 5 of warm-up; the rate is drafts submitted over the time they took.
 * Each row also gives the CPU the server processes spent per answered request (from /proc): the
 * machine is shared, rates move with its load, and that cost moves much less.
 * PostgreSQL runs in a database made for the run and dropped after. BENCH_HTTP_PROFILE=DIR starts
 * every instance under `node --cpu-prof --cpu-prof-dir DIR` (profiles written when the bench ends).
 *
 * Goals (issue 14): precheck ≥ 50 % of the bare server's rate on one instance; submit ≥ 200/s on
 * PostgreSQL with p99 < 250 ms at 32 concurrent clients.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadPolicy } from '../src/policy/index.ts';
import { openDatabase } from '../src/store/index.ts';
import type { SubmitTarget } from './http-seed.ts';
import { importDemo, seedDrafts } from './http-seed.ts';

const CLIENTS = Number(process.env.BENCH_HTTP_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const SUBMITS = Number(process.env.BENCH_HTTP_SUBMITS ?? 1000);
const WARM_UP_SUBMITS = Math.ceil(SUBMITS / 5);
const PG_URL = process.env.BENCH_PG_URL ?? process.env.BEIAN_TEST_PG_URL;
const PROFILE_DIR = process.env.BENCH_HTTP_PROFILE;
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
/** The server process behind each URL, for its CPU time. */
const processOf = new Map<string, ChildProcess>();

/**
 * CPU seconds (user + system) a server process has used, from /proc (Linux); null elsewhere. The
 * machine this runs on is shared, so rates move with everyone else's load; the CPU a server spends
 * per answer moves much less and says what the rate would be on CPUs of its own.
 */
function cpuSeconds(child: ChildProcess | undefined): number | null {
  if (child?.pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Starts a server script; resolves with the URL it prints. */
function startProcess(script: string, args: string[]): Promise<string> {
  const profile = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', here(script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      processOf.set(line.trim(), child);
      resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
}

/** Stops a server and waits for it to exit (so that a profile is written before the next starts). */
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill();
  await exited;
}

type Result = {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU milliseconds the server processes spent per answered request; null without /proc. */
  cpuMs: number | null;
};

/** One request of a load: which instance, what to send, and the status that counts as success. */
type Shot = { path: string; body: string | null; headers: Record<string, string>; expect: number };

/**
 * CLIENTS loops sending `next(i)` (the i-th request of the load) round-robin to `urls` until it gives
 * null (the deadline passed or the work ran out); latencies in ms.
 */
async function load(urls: string[], next: (i: number) => Shot | null): Promise<Result> {
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: CLIENTS }));
  const cpu = () =>
    urls.reduce<number | null>((sum, url) => {
      const used = cpuSeconds(processOf.get(url));
      return sum === null || used === null ? null : sum + used;
    }, 0);
  const cpuBefore = cpu();
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let errors = 0;
  let sent = 0;
  const one = (index: number, shot: Shot): Promise<void> =>
    new Promise((resolve) => {
      const url = new URL(shot.path, urls[index]);
      const started = performance.now();
      const body = shot.body ?? '';
      const req = request(
        url,
        {
          method: 'POST',
          agent: agents[index],
          headers: {
            ...shot.headers,
            ...(shot.body === null ? {} : { 'content-type': 'application/json' }),
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            if (response.statusCode === shot.expect) latencies.push(performance.now() - started);
            else {
              errors += 1;
              const key = `${response.statusCode} ${Buffer.concat(chunks).toString().slice(0, 160)}`;
              failures.set(key, (failures.get(key) ?? 0) + 1);
            }
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
      for (;;) {
        const i = sent++;
        const shot = next(i);
        if (shot === null) return;
        await one(i % urls.length, shot);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = cpu();
  for (const agent of agents) agent.destroy();
  for (const [failure, count] of failures) console.error(`  ${count} × ${failure}`);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    errors,
    cpuMs:
      cpuBefore === null || cpuAfter === null || latencies.length === 0
        ? null
        : ((cpuAfter - cpuBefore) * 1000) / latencies.length,
  };
}

/** The body of one answer to `body` posted at `path`. */
async function answerOf(url: string, path: string, body: string): Promise<string> {
  const response = await fetch(new URL(path, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
  return response.text();
}

/** `path` posted with `body` for `seconds`. */
function timed(urls: string[], path: string, body: string, seconds: number): Promise<Result> {
  const deadline = performance.now() + seconds * 1000;
  const shot: Shot = { path, body, headers: {}, expect: 200 };
  return load(urls, () => (performance.now() < deadline ? shot : null));
}

async function measure(urls: string[], path: string, body: string): Promise<Result> {
  await timed(urls, path, body, 1);
  return timed(urls, path, body, SECONDS);
}

/** Each target's draft submitted once, by its applicant: warm-up targets first, then the measured. */
async function measureSubmits(
  urls: string[],
  warmUp: readonly SubmitTarget[],
  measured: readonly SubmitTarget[],
): Promise<Result> {
  const shots = (targets: readonly SubmitTarget[]) => (i: number) => {
    const target = targets[i];
    return target
      ? {
          path: `/api/v1/applications/${target.applicationId}/submit`,
          body: null,
          headers: target.headers,
          expect: 200,
        }
      : null;
  };
  await load(urls, shots(warmUp));
  return load(urls, shots(measured));
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
  (r.cpuMs === null ? '' : `  server CPU ${r.cpuMs.toFixed(3).padStart(6)} ms/req`) +
  (r.errors > 0 ? `  (${r.errors} failed)` : '');

const root = mkdtempSync(join(tmpdir(), 'beian-bench-http-'));
const policy = loadPolicy();
let pgDatabase: string | null = null;
try {
  const rows: [string, Result][] = [];
  const sqliteFile = join(root, 'beian.db');
  const sqlite = await openDatabase({ path: sqliteFile });
  await importDemo(sqlite, policy);
  await sqlite.destroy();

  let pgUrl: string | null = null;
  let batches: { warmUp: SubmitTarget[]; measured: SubmitTarget[] }[] = [];
  if (PG_URL) {
    pgDatabase = `beian_bench_http_${process.pid}`;
    await admin(PG_URL, `create database ${pgDatabase}`);
    const url = new URL(PG_URL);
    url.pathname = `/${pgDatabase}`;
    pgUrl = url.toString();
    const database = await openDatabase({ path: pgUrl });
    await importDemo(database, policy);
    // Made before any server runs, so that seeding does not share the CPUs with a measurement.
    const seeded = performance.now();
    batches = [];
    for (const tag of ['A', 'B']) {
      const targets = await seedDrafts(database, policy, WARM_UP_SUBMITS + SUBMITS, tag);
      batches.push({ warmUp: targets.slice(0, WARM_UP_SUBMITS), measured: targets.slice(WARM_UP_SUBMITS) });
    }
    console.error(
      `seeded ${2 * (WARM_UP_SUBMITS + SUBMITS)} drafts in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
    );
    await database.destroy();
  }

  const bareUrl = await startProcess('./http-bare.ts', []);
  const bare = await measure([bareUrl], '/', PRECHECK);

  const sqliteOne = await startProcess('./http-instance.ts', [sqliteFile, join(root, 'documents')]);
  const sqliteProcess = children.at(-1);
  // The floor: Hono answering this very report with no work of beian's (bench/http-floor.ts).
  const reportFile = join(root, 'report.json');
  writeFileSync(reportFile, await answerOf(sqliteOne, '/api/v1/precheck', PRECHECK));
  const floorUrl = await startProcess('./http-floor.ts', [reportFile]);
  const floor = await measure([floorUrl], '/api/v1/precheck', PRECHECK);
  await stop(children.pop());
  rows.push(['precheck, 1 instance, SQLite', await measure([sqliteOne], '/api/v1/precheck', PRECHECK)]);
  await stop(sqliteProcess);
  children.splice(children.indexOf(sqliteProcess as ChildProcess), 1);

  if (pgUrl) {
    const [one, two] = batches;
    const a = await startProcess('./http-instance.ts', [pgUrl, join(root, 'documents')]);
    rows.push(['precheck, 1 instance, PostgreSQL', await measure([a], '/api/v1/precheck', PRECHECK)]);
    if (one)
      rows.push(['submit, 1 instance, PostgreSQL', await measureSubmits([a], one.warmUp, one.measured)]);
    const b = await startProcess('./http-instance.ts', [pgUrl, join(root, 'documents')]);
    rows.push(['precheck, 2 instances, PostgreSQL', await measure([a, b], '/api/v1/precheck', PRECHECK)]);
    if (two)
      rows.push(['submit, 2 instances, PostgreSQL', await measureSubmits([a, b], two.warmUp, two.measured)]);
  }

  console.log(`bench:http — ${CLIENTS} clients, precheck ${SECONDS} s, submit ${SUBMITS} drafts, keep-alive`);
  console.log(`${'bare node:http, fixed JSON'.padEnd(36)}${fmt(bare, bare)}`);
  console.log(`${'Hono floor, fixed precheck report'.padEnd(36)}${fmt(floor, bare)}`);
  for (const [name, result] of rows) console.log(`${name.padEnd(36)}${fmt(result, bare)}`);
  const precheck = rows[0]?.[1];
  if (precheck) {
    const ratio = precheck.perSecond / bare.perSecond;
    console.log(
      `goal: precheck on one instance ≥ 50 % of bare: ${(ratio * 100).toFixed(1)} % ${ratio >= 0.5 ? 'met' : 'NOT met'}`,
    );
    if (precheck.cpuMs !== null && bare.cpuMs !== null) {
      console.log(
        `  server CPU per request: precheck ${(precheck.cpuMs / bare.cpuMs).toFixed(1)} × the bare server's (${(
          (bare.cpuMs / precheck.cpuMs) *
          100
        ).toFixed(1)} % as a ratio of CPU costs)`,
      );
    }
  }
  for (const [name, result] of rows.filter(([row]) => row.startsWith('submit'))) {
    const met = result.perSecond >= 200 && result.p99 < 250 && result.errors === 0;
    console.log(
      `goal: ${name} ≥ 200/s with p99 < 250 ms: ${result.perSecond.toFixed(0)}/s, p99 ${result.p99.toFixed(0)} ms ${met ? 'met' : 'NOT met'}`,
    );
  }
} finally {
  for (const child of children) await stop(child);
  if (pgDatabase && PG_URL) await admin(PG_URL, `drop database if exists ${pgDatabase} with (force)`);
  rmSync(root, { recursive: true, force: true });
}
