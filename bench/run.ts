/**
 * `npm run bench`: the engine against tldts.parse (ratio, same process), then bulk CSV at 1M rows
 * (rows/s) and at 10M rows (peak RSS), each bulk run in a child process; then online checks against
 * local RDAP/WHOIS servers (wall time ÷ ideal); then the built package (issue 14, bench/built.ts):
 * `beian rules` over `node -e ''`, a bulk check streamed through the built CLI (peak RSS), and
 * `npm start` to its first page. Sizes: BENCH_HOSTS, BENCH_BULK_ROWS, BENCH_RSS_ROWS,
 * BENCH_ONLINE_CHECKS, BENCH_ONLINE_CONCURRENCY, BENCH_BUILT_ROWS (1M; 10M takes minutes here).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const node = (script: string, ...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', here(script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();

// The built package is what bench/built.ts measures: build it first if src/ changed.
execFileSync(process.execPath, [here('../scripts/build.js'), '--if-stale'], { stdio: 'inherit' });

const hosts = process.env.BENCH_HOSTS ?? '1000000';
const bulkRows = process.env.BENCH_BULK_ROWS ?? '1000000';
const rssRows = process.env.BENCH_RSS_ROWS ?? '10000000';

type EngineResult = { opsPerSecond: Record<string, number>; ratioToTldts: Record<string, number> };
type BulkResult = { rows: number; rowsPerSecond: number; peakRssMB: number };
const fmt = (n: number | undefined) => (n ?? 0).toLocaleString('en-US');

const engine = JSON.parse(node('./engine.ts', hosts)) as EngineResult;
console.log(JSON.stringify(engine));
console.log(
  `engine: ${fmt(engine.opsPerSecond['check (parse + engine)'])} checks/s = ` +
    `${engine.ratioToTldts['check (parse + engine)']} × tldts.parse (${fmt(engine.opsPerSecond['tldts.parse'])}/s); goal ≥ 0.333; ` +
    `without facts ${engine.ratioToTldts['check, no facts']}; parsing alone ${engine.ratioToTldts.parseDomainInput}`,
);
for (const rows of [bulkRows, rssRows]) {
  const bulk = JSON.parse(node('./bulk.ts', rows)) as BulkResult;
  console.log(JSON.stringify(bulk));
  console.log(
    `bulk CSV: ${fmt(bulk.rows)} rows, ${fmt(bulk.rowsPerSecond)} rows/s (goal ≥ 100,000), peak RSS ${bulk.peakRssMB} MB (goal < 200 at 10M)`,
  );
}

type OnlineResult = {
  checks: number;
  concurrency: number;
  latencyMs: number;
  wallMs: number;
  idealMs: number;
  ratioToIdeal: number;
};
const online = JSON.parse(
  node(
    './online.ts',
    process.env.BENCH_ONLINE_CHECKS ?? '10000',
    process.env.BENCH_ONLINE_CONCURRENCY ?? '32',
  ),
) as OnlineResult;
console.log(JSON.stringify(online));
console.log(
  `online: ${fmt(online.checks)} checks at ${online.latencyMs} ms latency, concurrency ${online.concurrency}: ` +
    `${fmt(online.wallMs)} ms = ${online.ratioToIdeal} × ideal (${fmt(online.idealMs)} ms); goal ≤ 1.2`,
);

type RulesResult = { runs: number; nodeEmptyMs: number; rulesMs: number; ratio: number };
const rules = JSON.parse(node('./built.ts', 'rules')) as RulesResult;
console.log(JSON.stringify(rules));
console.log(
  `built rules: ${rules.rulesMs} ms = ${rules.ratio} × node -e '' (${rules.nodeEmptyMs} ms), medians of ${rules.runs}; goal ≤ 3`,
);

const builtRows = process.env.BENCH_BUILT_ROWS ?? '1000000';
const builtBulk = JSON.parse(node('./built.ts', 'bulk', builtRows)) as BulkResult & {
  launcherRssMB: number | null;
};
console.log(JSON.stringify(builtBulk));
console.log(
  `built bulk: ${fmt(builtBulk.rows)} rows streamed through beian check --file -, ${fmt(builtBulk.rowsPerSecond)} rows/s, ` +
    `peak RSS ${builtBulk.peakRssMB} MB (launcher ${builtBulk.launcherRssMB ?? '-'} MB; goal < 150 at 10M: BENCH_BUILT_ROWS=10000000)`,
);

type StartResult = { runs: number; npmStartMs: number; nodeBinMs: number; worstNpmStartMs: number };
const start = JSON.parse(node('./built.ts', 'start')) as StartResult;
console.log(JSON.stringify(start));
console.log(
  `built start: first page ${fmt(start.npmStartMs)} ms after spawning npm start (worst ${fmt(start.worstNpmStartMs)}), ` +
    `${fmt(start.nodeBinMs)} ms for node bin/beian.js start, existing database, medians of ${start.runs}; goal < 2,000`,
);
