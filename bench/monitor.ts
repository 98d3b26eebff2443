/**
 * A compliance campaign (issue 18) over N filed websites hosted here, against local servers: a DNS
 * server (dns2) answering at once, as a caching resolver does, and a web server answering every home
 * page after a simulated latency. The figure is the campaign's wall time (runCampaign: reading the
 * cohort from the database, DNS, HTTP, the checks, storing every result and the audit events) over the
 * concurrency-bound ideal, N × latency ÷ concurrency (goal ≤ 1.3). The servers run in a child process,
 * as customers' servers run elsewhere; the timer is this process's. Prints one JSON line.
 *
 *   node --import tsx bench/monitor.ts [sites=10000] [concurrency=50] [latencyMs=50]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runCampaign } from '../src/monitor/index.ts';
import { openDatabase } from '../src/store/index.ts';
import { footer, localMonitor, seedFiledSites } from '../test/monitor/fixture.ts';
import type { SeedSite } from '../test/monitor/fixture.ts';
import type { ZoneEntry } from '../test/monitor/local-net.ts';
import { startDns, startWeb } from '../test/monitor/local-net.ts';

const numberOf = (i: number): string => `京ICP备${String(2026000000 + i)}号-1`;
const domainOf = (i: number): string => `site-${i}.cn`;

if (process.argv[2] === 'serve') await serve(Number(process.argv[3]), Number(process.argv[4]));
else await bench();

/**
 * The servers. Every tenth site shows no number (a failing site with its finding), the rest comply.
 * Prints the DNS server and web port; when stdin closes, the requests the web server answered.
 */
async function serve(sites: number, latencyMs: number): Promise<void> {
  const zone = new Map<string, ZoneEntry>();
  for (let i = 0; i < sites; i++) zone.set(domainOf(i), { a: ['127.0.0.1'] });
  const dns = await startDns(zone);
  const web = await startWeb(
    (host) => {
      const i = Number(/^site-(\d+)\.cn$/.exec(host)?.[1] ?? NaN);
      if (!Number.isInteger(i)) return undefined;
      const body = i % 10 === 0 ? '<footer>© 2026</footer>' : footer(numberOf(i));
      return { kind: 'page', html: `<!doctype html><title>site ${i}</title><h1>site ${i}</h1>${body}` };
    },
    { latencyMs },
  );
  process.stdout.write(JSON.stringify({ dns: dns.server, webPort: web.port }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    process.stdout.write(JSON.stringify({ requests: web.requests.length }) + '\n', () => process.exit(0));
  });
}

async function bench(): Promise<void> {
  const sites = Number(process.argv[2] ?? 10_000);
  const concurrency = Number(process.argv[3] ?? 50);
  const latencyMs = Number(process.argv[4] ?? 50);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve', String(sites), String(latencyMs)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const servers = JSON.parse(String((await lines.next()).value)) as { dns: string; webPort: number };

  // A file database, as `beian serve` keeps one (WAL, fsync on commit), not :memory:.
  const database = await openDatabase({ path: join(mkdtempSync(join(tmpdir(), 'beian-bench-')), 'b.db') });
  const seed: SeedSite[] = Array.from({ length: sites }, (_, i) => ({
    number: numberOf(i),
    domains: [domainOf(i)],
    account: `account-${i % 100}`,
  }));
  await seedFiledSites(database, seed);
  const fakeServers = { server: servers.dns, queries: [], close: () => Promise.resolve() };
  const fakeWeb = { port: servers.webPort, requests: [], close: () => Promise.resolve() };
  const monitor = localMonitor(fakeServers, fakeWeb, { concurrency, timeoutMs: 30_000 });

  const started = process.hrtime.bigint();
  const outcome = await runCampaign(database, {
    cohort: { kind: 'all' },
    actor: { account: 'bench', role: 'provider-reviewer' },
    monitor,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const idealMs = (sites * latencyMs) / concurrency;

  child.stdin.end();
  const { requests } = JSON.parse(String((await lines.next()).value)) as { requests: number };
  await database.destroy();
  console.log(
    JSON.stringify({
      bench: 'monitor-campaign',
      sites: outcome?.sites,
      failing: outcome?.failing,
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
