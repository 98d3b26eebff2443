/**
 * Website rules over the domains of one website (`--one-website`): the domains-per-website limit of the
 * province's policy in force (seed Q3; 工信管函〔2019〕633号 made it 1 everywhere from 2019-04-22).
 */
import type { CheckContext } from './context.ts';
import { provinceLabel } from './context.ts';
import { makeFinding } from './render.ts';
import type { CheckResult } from './types.ts';

/** Adds TOO_MANY_DOMAINS_PER_WEBSITE to each domain past the limit; the first `limit` domains stay. */
export function checkWebsite(ctx: CheckContext, results: readonly CheckResult[]): CheckResult[] {
  const order = new Map<string, number>();
  for (const result of results) {
    if (result.domain && !order.has(result.domain.registrableAscii)) {
      order.set(result.domain.registrableAscii, order.size);
    }
  }
  const limit = ctx.resolved.maxDomainsPerWebsite;
  const count = order.size;
  if (count <= limit.value) return [...results];
  const province = provinceLabel(ctx.province);
  return results.map((result) => {
    const index = result.domain ? (order.get(result.domain.registrableAscii) ?? 0) : 0;
    if (!result.domain || index < limit.value) return result;
    // Where the limit is one, "继续增加域名" does not exist: each further domain is a website of its own.
    const finding = makeFinding(
      'TOO_MANY_DOMAINS_PER_WEBSITE',
      { count, limit: limit.value, province, date: ctx.atDate, effectiveFrom: limit.effectiveFrom },
      {
        count,
        limit: limit.value,
        province: ctx.province?.code ?? null,
        policyEntry: limit.entryId,
        effectiveFrom: limit.effectiveFrom,
      },
      undefined,
      limit.value === 1 ? 'limit-one' : undefined,
    );
    return { ...result, ok: false, findings: [...result.findings, finding] };
  });
}
