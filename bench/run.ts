/**
 * `npm run bench`: the engine against tldts.parse (ratio, same process), then bulk CSV at 1M rows
 * (rows/s) and at 10M rows (peak RSS), each bulk run in a child process; then online checks against
 * local RDAP/WHOIS servers (wall time ÷ ideal). Sizes: BENCH_HOSTS, BENCH_BULK_ROWS, BENCH_RSS_ROWS,
 * BENCH_ONLINE_CHECKS, BENCH_ONLINE_CONCURRENCY.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const node = (script: string, ...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', here(script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();

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
