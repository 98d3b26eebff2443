/**
 * Filed websites in a database and a monitor wired to the local DNS and web servers (local-net.ts), for
 * the campaign tests, the web page tests and bench/monitor.ts.
 */
import { createMemoryFacts } from '../../src/facts/memory-facts.ts';
import type { FactsSource } from '../../src/facts/index.ts';
import {
  MONITOR_USER_AGENT,
  createDnsProbe,
  createHttpProbe,
  parseProviderRanges,
} from '../../src/monitor/index.ts';
import type { MonitorDeps } from '../../src/monitor/index.ts';
import { createAddressGuard } from '../../src/online/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { Database } from '../../src/store/index.ts';
import type { LocalDns, LocalWeb } from './local-net.ts';

export type SeedSite = {
  number: string;
  domains: string[];
  province?: string;
  account?: string | null;
  subjectName?: string;
  name?: string;
  homeUrl?: string | null;
  /** Default `self`. */
  providers?: string;
};

/** The subject number of a website number: `京ICP备2021000001号-1` → `京ICP备2021000001号`. */
const subjectNumberOf = (number: string): string => number.replace(/-\d+$/, '');

/** Inserts filed subjects and websites (one subject per subject number), in batches. */
export async function seedFiledSites(database: Database, sites: readonly SeedSite[]): Promise<void> {
  const db = database.kysely;
  const subjects = new Map<string, number>();
  const at = '2024-01-01T00:00:00.000Z';
  for (let start = 0; start < sites.length; start += 200) {
    await db.transaction().execute(async (tx) => {
      for (const site of sites.slice(start, start + 200)) {
        const subjectNumber = subjectNumberOf(site.number);
        let subjectId = subjects.get(subjectNumber);
        if (subjectId === undefined) {
          const row = await tx
            .insertInto('filed_subject')
            .values({
              subject_number: subjectNumber,
              province: site.province ?? '110000',
              name: site.subjectName ?? '北京示例科技有限公司',
              type: 'enterprise',
              id_type: 'uscc',
              id_number: `91110108MA${String(subjects.size).padStart(8, '0')}`,
              provider: 'self',
              account: site.account === undefined ? 'li.lei' : site.account,
              state: 'filed',
              created_at: at,
              approved_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          subjectId = row.id;
          subjects.set(subjectNumber, subjectId);
        }
        const website = await tx
          .insertInto('filed_website')
          .values({
            subject_id: subjectId,
            number: site.number,
            providers: site.providers ?? 'self',
            name: site.name ?? '示例网站',
            home_url: site.homeUrl ?? null,
            approved_at: at,
            first_approved_at: at,
            shell_since: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('filed_website_domain')
          .values(site.domains.map((domain, position) => ({ website_id: website.id, domain, position })))
          .execute();
      }
    });
  }
}

/** The footer a compliant site shows: its number linked to MIIT's filing system. */
export const footer = (number: string): string =>
  `<footer><a href="https://beian.miit.gov.cn/" target="_blank">${number}</a></footer>`;

/** A monitor against the local servers; the guard allows 127.0.0.1 (the servers) and nothing internal else. */
export function localMonitor(
  dns: LocalDns,
  web: LocalWeb,
  options: { now?: () => Date; facts?: FactsSource; concurrency?: number; timeoutMs?: number } = {},
): MonitorDeps {
  const probe = createDnsProbe({ servers: [dns.server], timeoutMs: 2000, tries: 1 });
  return {
    dns: probe,
    http: createHttpProbe({
      dns: probe,
      guard: createAddressGuard({ allow: ['127.0.0.1'] }),
      userAgent: MONITOR_USER_AGENT,
      ports: { http: web.port },
      timeoutMs: options.timeoutMs ?? 5000,
      // The bench's sites share one host address but not one name: the per-host limit is per name.
      perHost: 2,
    }),
    facts: options.facts ?? createMemoryFacts(),
    policy: loadPolicy(),
    ranges: parseProviderRanges('127.0.0.0/8'),
    now: options.now ?? (() => new Date('2026-12-01T04:00:00Z')),
    concurrency: options.concurrency ?? 8,
  };
}
