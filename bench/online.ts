/**
 * Online bulk checks (issue 6): N domains checked through the bulk use case with RDAP/WHOIS facts, against
 * local servers (7 RDAP, 1 CNNIC-style WHOIS) that answer after a simulated latency. The figure is wall
 * time over the ideal, N × latency ÷ concurrency limit (goal ≤ 1.2): what the limiter, the chunked bulk
 * pipeline, the cache writes and the engine add to pure waiting. The servers run in a child process, as
 * real registries run elsewhere; the timer is this process's. Prints one JSON line.
 *
 *   node --import tsx bench/online.ts [checks=10000] [concurrency=32] [latencyMs=50]
 */
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createMemoryFacts } from '../src/facts/memory-facts.ts';
import {
  createOnlineFacts,
  loadBootstrap,
  loadWhoisServers,
  lookahead,
  withOnlineFacts,
} from '../src/online/index.ts';
import { loadPolicy } from '../src/policy/index.ts';
import { openDatabase } from '../src/store/index.ts';
import type { BulkRow } from '../src/checking/index.ts';
import { bulkCheck } from '../src/checking/index.ts';
import {
  cnnicAnswer,
  registryAnswer,
  startHttpServer,
  startWhoisServer,
  writeBootstrap,
  writeWhoisServers,
} from '../test/online/servers.ts';

const RDAP_TLDS = ['com', 'net', 'xyz', 'top', 'vip', 'shop', 'app'];
const SUFFIXES = [...RDAP_TLDS, 'cn'];

if (process.argv[2] === 'serve') await serve(Number(process.argv[3] ?? 50));
else await bench();

/** The servers; their URLs go to stdout, and when stdin closes, the number of requests they answered. */
async function serve(latencyMs: number): Promise<void> {
  const rdap = await Promise.all(
    RDAP_TLDS.map(() =>
      startHttpServer((path) => ({
        json: registryAnswer({ domain: path.slice(path.lastIndexOf('/') + 1) }, 'self'),
        delayMs: latencyMs,
      })),
    ),
  );
  const whois = await startWhoisServer((query) => ({
    text: cnnicAnswer({ domain: query }),
    delayMs: latencyMs,
  }));
  process.stdout.write(
    JSON.stringify({ rdap: rdap.map((server) => server.url), whoisPort: whois.port }) + '\n',
  );
  process.stdin.resume();
  process.stdin.on('end', () => {
    const requests = rdap.reduce((sum, server) => sum + server.requests.length, whois.requests.length);
    process.stdout.write(JSON.stringify({ requests }) + '\n', () => process.exit(0));
  });
}

async function bench(): Promise<void> {
  const checks = Number(process.argv[2] ?? 10_000);
  const concurrency = Number(process.argv[3] ?? 32);
  const latencyMs = Number(process.argv[4] ?? 50);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve', String(latencyMs)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const servers = JSON.parse(String((await lines.next()).value)) as { rdap: string[]; whoisPort: number };

  const database = await openDatabase({ path: ':memory:' });
  const online = createOnlineFacts({
    bootstrap: loadBootstrap(
      writeBootstrap(Object.fromEntries(RDAP_TLDS.map((tld, i) => [tld, `${servers.rdap[i]}/`]))),
    ),
    whoisServers: loadWhoisServers(writeWhoisServers(servers.whoisPort)),
    database,
    concurrency,
    // Eight servers share the global limit evenly (the defaults: 32 in all, 4 per server).
    perServer: Math.ceil(concurrency / SUFFIXES.length),
    timeoutMs: 30_000,
  });

  function* batches(): Generator<BulkRow[]> {
    let batch: BulkRow[] = [];
    for (let i = 0; i < checks; i++) {
      batch.push({ line: i + 2, input: `site-${i}.${SUFFIXES[i % SUFFIXES.length]}` });
      if (batch.length === 1000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  // Loaded before the clock starts, as the CLI does before it reads the file; one lookup per server
  // first, so the figure is the steady state and not the first fetch compiling Node's HTTP client.
  const policy = loadPolicy();
  await online.lookup(SUFFIXES.map((suffix) => `warm-up.${suffix}`));
  let written = 0;
  const started = process.hrtime.bigint();
  const summary = await bulkCheck({
    checker: { policy, facts: withOnlineFacts(createMemoryFacts(), online) },
    // As `beian check --file --online` does: lookups start for rows read ahead of the chunk checked.
    rows: lookahead(
      Readable.from(batches()) as AsyncIterable<BulkRow[]>,
      (batch) => online.prefetch(batch.map((row) => row.input)),
      2000,
    ),
    defaults: { at: '2026-11-28T12:00:00+08:00' },
    write: () => {
      written++;
    },
    reject: () => undefined,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const idealMs = (checks * latencyMs) / concurrency;

  child.stdin.end();
  const { requests } = JSON.parse(String((await lines.next()).value)) as { requests: number };
  await database.destroy();
  console.log(
    JSON.stringify({
      bench: 'online-checks',
      checks: summary.rows,
      written,
      requests,
      concurrency,
      latencyMs,
      wallMs: Math.round(wallMs),
      idealMs: Math.round(idealMs),
      ratioToIdeal: Number((wallMs / idealMs).toFixed(3)),
      cpuSeconds: Number((process.cpuUsage().user / 1e6).toFixed(1)),
    }),
  );
}
