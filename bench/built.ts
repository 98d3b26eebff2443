/**
 * The built package as an operator runs it (issue 14), every figure a ratio or bound in one run:
 *
 * - `rules`: wall time of `node bin/beian.js rules` over `node -e ''`, runs interleaved so that the
 *   machine's load falls on both alike; medians (goal ≤ 3).
 * - `bulk`: `beian check --file -` of N rows streamed into the built CLI's stdin as they are generated
 *   (no input file), CSV out counted and dropped, facts from a SQLite file with the demo's
 *   registrations; peak RSS is the CLI's own `process.resourceUsage().maxRSS` at exit, printed by a
 *   one-line `--import` preload (plain JavaScript; goal < 150 MB at 10M rows), with the launcher's
 *   (bin/beian.js, which runs a bulk check in a child with a bounded heap) beside it.
 * - `start`: from spawning `npm start` (and `node bin/beian.js start`) on an existing database to the
 *   first page answered (goal < 2 s).
 *
 *   node --import tsx bench/built.ts rules|bulk|start [rows]      (dist/ built by bench/run.ts)
 * Prints one JSON line.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lcg, loadCorpus, makeHost } from './inputs.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/beian.js');
const env = { ...process.env, NODE_OPTIONS: '', LANG: 'C', DATABASE_URL: '' };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const round = (n: number, digits = 0) => Number(n.toFixed(digits));

function timed(args: string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}`);
  return ms(start);
}

function rules(runs: number) {
  const empty: number[] = [];
  const beian: number[] = [];
  timed([bin, 'rules']); // the first run reads the files from disk; the figure is a warm start
  for (let i = 0; i < runs; i++) {
    empty.push(timed(['-e', '']));
    beian.push(timed([bin, 'rules']));
  }
  return {
    bench: 'rules-startup',
    runs,
    nodeEmptyMs: round(median(empty)),
    rulesMs: round(median(beian)),
    ratio: round(median(beian) / median(empty), 2),
  };
}

const SUBJECT = [
  '--subject-name',
  '杭州示例科技有限公司',
  '--subject-id-type',
  'uscc',
  '--subject-id',
  '91330106MA2B3C4D5D',
  '--at',
  '2026-11-28T12:00:00+08:00',
];
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxRSS '+process.resourceUsage().maxRSS+'\\n'))`;

async function bulk(rows: number) {
  const dir = mkdtempSync(join(tmpdir(), 'beian-bench-built-'));
  const db = join(dir, 'beian.db');
  try {
    execFileSync(
      process.execPath,
      [bin, 'registry', 'import', join(root, 'demo/registrations.jsonl'), '--db', db],
      {
        env,
        stdio: 'ignore',
      },
    );
    const child = spawn(
      process.execPath,
      [`--import=${REPORT_RSS}`, bin, 'check', '--file', '-', '--format', 'csv', '--db', db, ...SUBJECT],
      { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let bytesOut = 0;
    child.stdout.on('data', (chunk: Buffer) => (bytesOut += chunk.length));
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = once(child, 'exit');
    const start = process.hrtime.bigint();
    // Rows generated as the CLI reads them: the input never exists as a whole, here or on disk.
    const corpus = loadCorpus();
    const random = lcg(7);
    let batch = '';
    for (let i = 0; i < rows; i++) {
      batch += `${makeHost(random, corpus, i)}\n`;
      if (batch.length > 64 * 1024) {
        if (!child.stdin.write(batch)) await once(child.stdin, 'drain');
        batch = '';
      }
    }
    child.stdin.end(batch);
    const [code] = (await exited) as [number | null];
    const seconds = ms(start) / 1000;
    // bin/beian.js runs a bulk check in a child Node with a bounded heap; the preload reaches both
    // processes (node passes its flags on), so two figures: the check's and the launcher's.
    const rss = [...stderr.matchAll(/maxRSS (\d+)/g)].map((match) => Math.round(Number(match[1]) / 1024));
    if (rss.length === 0 || (code !== 0 && code !== 1)) throw new Error(`check exited ${code}: ${stderr}`);
    const peak = Math.max(...rss);
    const launcher = rss.length > 1 ? Math.min(...rss) : null;
    return {
      bench: 'bulk-built-cli',
      rows,
      seconds: round(seconds, 1),
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMB: peak,
      launcherRssMB: launcher,
      bytesOut,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Milliseconds from spawning `command` to the first page answered 200. */
async function firstPage(command: string, args: string[], cwd: string): Promise<number> {
  const start = process.hrtime.bigint();
  // Its own process group: `npm start` runs sh, which runs node; the group ends together.
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  try {
    child.stdout.setEncoding('utf8');
    let output = '';
    let url: string | undefined;
    while (url === undefined) {
      const [chunk] = (await once(child.stdout, 'data')) as [string];
      output += chunk;
      url = /listening on (http:\/\/\S+?)\/? /.exec(output)?.[1];
    }
    const page = await fetch(`${url}/`);
    await page.text();
    if (page.status !== 200) throw new Error(`GET / answered ${page.status}`);
    return ms(start);
  } finally {
    const exited = once(child, 'exit');
    process.kill(-(child.pid as number), 'SIGTERM');
    await exited;
  }
}

async function start(runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'beian-bench-start-'));
  const db = join(dir, 'beian.db');
  const serveArgs = ['start', '--port', '0', '--db', db];
  try {
    // The existing database: migrated, the demo loaded, by a first start that is not timed.
    await firstPage(process.execPath, [bin, ...serveArgs], dir);
    const npm: number[] = [];
    const node: number[] = [];
    for (let i = 0; i < runs; i++) {
      npm.push(await firstPage('npm', ['start', '--silent', '--prefix', root, '--', ...serveArgs], dir));
      node.push(await firstPage(process.execPath, [bin, ...serveArgs], dir));
    }
    return {
      bench: 'start-first-page',
      runs,
      npmStartMs: round(median(npm)),
      nodeBinMs: round(median(node)),
      worstNpmStartMs: round(Math.max(...npm)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [what, size] = process.argv.slice(2);
const result =
  what === 'rules'
    ? rules(Number(size ?? 15))
    : what === 'bulk'
      ? await bulk(Number(size ?? 1_000_000))
      : what === 'start'
        ? await start(Number(size ?? 5))
        : null;
if (result === null) throw new Error('usage: bench/built.ts rules|bulk|start [n]');
console.log(JSON.stringify(result));
