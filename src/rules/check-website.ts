/**
 * Website rules over the domains of one website (`--one-website`): the domains-per-website limit of the
 * province's policy in force (seed Q3; 工信管函〔2019〕633号 made it 1 everywhere from 2019-04-22). A filed
 * website's own domains (FILED_WEBSITE_DOMAINS_KEPT, earlier-filings.ts) stay outside the limit: an
 * access or change filing keeps them or fewer; each domain added now counts after them.
 */
import type { CheckContext } from './context.ts';
import { provinceLabel } from './context.ts';
import { makeFinding } from './render.ts';
import type { CheckResult, Evidence } from './types.ts';

/** The filed website a result's domain is kept from, if checkDomain found one. */
function keptFrom(result: CheckResult): string | null {
  const number = result.findings.find((f) => f.code === 'FILED_WEBSITE_DOMAINS_KEPT')?.evidence.number;
  return typeof number === 'string' ? number : null;
}

/** Adds TOO_MANY_DOMAINS_PER_WEBSITE to each domain past the limit; kept domains, then the first added, stay. */
export function checkWebsite(ctx: CheckContext, results: readonly CheckResult[]): CheckResult[] {
  // Added domains in order; kept ones apart. One website is checked, so only one filed website's domains
  // are kept: a domain of another filed website is an addition here.
  const order = new Map<string, number>();
  const kept = new Set<string>();
  let keptWebsite: string | null = null;
  for (const result of results) {
    const key = result.domain?.registrableAscii;
    if (key === undefined || order.has(key) || kept.has(key)) continue;
    const number = keptFrom(result);
    if (number !== null && (keptWebsite === null || keptWebsite === number)) {
      keptWebsite = number;
      kept.add(key);
    } else order.set(key, order.size);
  }
  const limit = ctx.resolved.maxDomainsPerWebsite;
  const count = kept.size + order.size;
  if (count <= limit.value) return [...results];
  const province = provinceLabel(ctx.province);
  const evidence: Evidence = {
    count,
    limit: limit.value,
    province: ctx.province?.code ?? null,
    policyEntry: limit.entryId,
    effectiveFrom: limit.effectiveFrom,
    ...(keptWebsite !== null ? { keptDomains: kept.size, keptWebsite } : {}),
  };
  return results.map((result) => {
    const index = result.domain ? order.get(result.domain.registrableAscii) : undefined;
    if (index === undefined || kept.size + index < limit.value) return result;
    // Where the limit is one, "继续增加域名" does not exist: each further domain is a website of its own.
    const finding = makeFinding(
      'TOO_MANY_DOMAINS_PER_WEBSITE',
      { count, limit: limit.value, province, date: ctx.atDate, effectiveFrom: limit.effectiveFrom },
      evidence,
      undefined,
      limit.value === 1 ? 'limit-one' : undefined,
    );
    return { ...result, ok: false, findings: [...result.findings, finding] };
  });
}
