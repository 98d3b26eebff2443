/**
 * Runs the monitor over sites: per site, where each domain resolves, the home page, each domain's
 * registration and the known certificates, into one SiteReport. Sites run `concurrency` at a time
 * (the HTTP probe adds its per-host limit); registrations are looked up in batches through the
 * FactsSource, so local sources cost one query per batch and online ones their own limiter.
 */
import type { DomainFacts, FactsSource } from '../facts/index.ts';
import type { PolicyData } from '../policy/index.ts';
import type { MonitorFinding } from '../rules/index.ts';
import {
  certificateFindings,
  dnsFindings,
  homePageFindings,
  registrationFindings,
  sortFindings,
} from './checks.ts';
import type { ProviderRanges } from './provider-ranges.ts';
import type { DnsAnswer, DnsProbe, HttpProbe, MonitoredSite, SiteReport } from './types.ts';

export type MonitorDeps = {
  dns: DnsProbe;
  http: HttpProbe;
  facts: FactsSource;
  policy: Pick<PolicyData, 'parseIcpNumber'>;
  ranges: ProviderRanges;
  /** The evaluation instant (a fixed clock in tests). */
  now: () => Date;
  /** Days before an expiry that count as approaching (default 30). */
  warnDays?: number;
  /** Sites checked at once (default 20). */
  concurrency?: number;
};

/** Sites per registration lookup: one batched query per chunk, as the engine's bulk checks do. */
const FACTS_BATCH = 500;

/** The page the footer rule is about: the filed home URL when it is on one of the site's domains. */
export function homePageUrl(site: MonitoredSite): URL | null {
  const home = site.homeUrl?.trim() ?? '';
  const withScheme = /^https?:\/\//i.test(home) ? home : home === '' ? '' : `http://${home}`;
  if (withScheme !== '' && URL.canParse(withScheme)) {
    const url = new URL(withScheme);
    const host = url.hostname.toLowerCase();
    if (site.domains.some((d) => host === d || host.endsWith(`.${d}`))) return url;
  }
  const first = site.domains[0];
  return first === undefined ? null : new URL(`http://${first}/`);
}

async function checkSite(
  site: MonitoredSite,
  facts: Map<string, DomainFacts>,
  deps: MonitorDeps,
): Promise<SiteReport> {
  const at = deps.now();
  const warnDays = deps.warnDays ?? 30;
  const findings: MonitorFinding[] = [];
  const answers = new Map<string, DnsAnswer>();
  for (const domain of site.domains) {
    const answer = await deps.dns.resolve(domain);
    answers.set(domain, answer);
    findings.push(...dnsFindings(domain, answer, deps.ranges));
  }
  let url = homePageUrl(site);
  // A name that resolves nowhere has been reported as such; fetching it would only say it again.
  const hostAnswer = url ? answers.get(url.hostname.toLowerCase()) : undefined;
  if (url && hostAnswer !== undefined && hostAnswer.kind !== 'ok') url = null;
  if (url) findings.push(...homePageFindings(site, await deps.http.get(url), deps.policy));
  for (const domain of site.domains) {
    findings.push(
      ...registrationFindings(site, domain, facts.get(domain), deps.facts.consulted, at, warnDays),
    );
  }
  findings.push(...certificateFindings(site, at, warnDays));
  const sorted = sortFindings(findings);
  return {
    site,
    checkedAt: at.toISOString(),
    url: url?.href ?? null,
    findings: sorted,
    ok: !sorted.some((f) => f.severity === 'error'),
  };
}

/** Checks every site; reports come back in the sites' order, `onReport` hears each as it completes. */
export async function runMonitor(
  sites: readonly MonitoredSite[],
  deps: MonitorDeps,
  onReport?: (report: SiteReport, index: number) => void,
): Promise<SiteReport[]> {
  const reports: SiteReport[] = new Array<SiteReport>(sites.length);
  const concurrency = Math.max(1, deps.concurrency ?? 20);
  // Each batch's registrations are asked once, when its first site comes up; workers never wait at a
  // batch boundary for the slowest site of the batch before.
  const batches = new Map<number, Promise<Map<string, DomainFacts>>>();
  const factsFor = (index: number) => {
    const batch = Math.floor(index / FACTS_BATCH);
    let facts = batches.get(batch);
    if (!facts) {
      const domains = sites.slice(batch * FACTS_BATCH, (batch + 1) * FACTS_BATCH).flatMap((s) => s.domains);
      facts = deps.facts.domainFacts([...new Set(domains)]);
      batches.set(batch, facts);
      batches.delete(batch - 1);
    }
    return facts;
  };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < sites.length; i = next++) {
      const report = await checkSite(sites[i] as MonitoredSite, await factsFor(i), deps);
      reports[i] = report;
      onReport?.(report, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, sites.length) }, worker));
  return reports;
}
