/** Resolution of dated policy entries (PolicyEntry) for a province and an instant. */
import { toShanghaiDate } from './calendar.ts';
import type { PolicyEntry, PolicyField, Province, ResolvedPolicy, ResolvedValue } from './types.ts';

export const POLICY_FIELDS: readonly PolicyField[] = [
  'maxDomainsPerWebsite',
  'minRemainingValidityMonths',
  'expiringSoonIsError',
  'domainCertificateRequired',
  'domainCertificateThreshold',
  'realNameReportingWorkdays',
  'approvedSuffixAndRegistrarRequired',
  'realNameReportingLatestWorkdays',
];

/** Whether an entry is in force on an Asia/Shanghai date (`YYYY-MM-DD` compares as a string). */
export function inForce(
  entry: { effectiveFrom: string; effectiveUntil?: string | undefined },
  date: string,
): boolean {
  return entry.effectiveFrom <= date && (entry.effectiveUntil === undefined || date <= entry.effectiveUntil);
}

/**
 * The entry deciding `field` for a province code (null: national) on a date: among the entries in force,
 * a province-specific one beats `*`; then the latest effectiveFrom; then the later entry in the list
 * (operator overrides are appended after the data, so they win a tie).
 */
function pickEntry(
  entries: readonly PolicyEntry[],
  field: PolicyField,
  provinceCode: string | null,
  date: string,
): PolicyEntry | null {
  let best: PolicyEntry | null = null;
  let bestRank = -1;
  for (const e of entries) {
    if (e.field !== field || !inForce(e, date)) continue;
    const specific = e.scope !== '*';
    if (specific && e.scope !== provinceCode) continue;
    const rank = specific ? 1 : 0;
    if (best === null || rank > bestRank || (rank === bestRank && e.effectiveFrom >= best.effectiveFrom)) {
      best = e;
      bestRank = rank;
    }
  }
  return best;
}

/**
 * Checks at load time that the national (`*`) entries of every field leave no gap from their first day
 * on, and that some entry is open-ended; otherwise resolvePolicy would fail on some date.
 */
export function checkNationalCoverage(entries: readonly PolicyEntry[]): void {
  for (const field of POLICY_FIELDS) {
    const national = entries
      .filter((e) => e.field === field && e.scope === '*')
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    if (national.length === 0) throw new Error(`policy data: no national (*) entry for ${field}`);
    let covered: string | undefined; // last day covered so far
    let open = false;
    for (const e of national) {
      if (covered !== undefined && e.effectiveFrom > nextDay(covered)) {
        throw new Error(`policy data: national ${field} has no entry in force on ${nextDay(covered)}`);
      }
      if (e.effectiveUntil === undefined) {
        open = true;
        break;
      }
      if (covered === undefined || e.effectiveUntil > covered) covered = e.effectiveUntil;
    }
    if (!open)
      throw new Error(`policy data: national ${field} has no entry in force after ${covered ?? '?'}`);
  }
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Builds resolvePolicy over the entries; `findProvince` turns the caller's province into a code. */
export function makeResolvePolicy(
  entries: readonly PolicyEntry[],
  findProvince: (query: string) => Province | null,
): (province: string | null, at: Date) => ResolvedPolicy {
  return (province, at) => {
    let code: string | null = null;
    if (province !== null) {
      const found = findProvince(province);
      if (!found) throw new Error(`unknown province ${JSON.stringify(province)}`);
      code = found.code;
    }
    const date = toShanghaiDate(at);
    const resolved = (field: PolicyField): ResolvedValue<never> => {
      const e = pickEntry(entries, field, code, date);
      if (!e) throw new Error(`no ${field} policy in force for ${code ?? '*'} on ${date} (Asia/Shanghai)`);
      return { value: e.value as never, entryId: e.id, scope: e.scope, effectiveFrom: e.effectiveFrom };
    };
    return {
      province: code,
      maxDomainsPerWebsite: resolved('maxDomainsPerWebsite'),
      minRemainingValidityMonths: resolved('minRemainingValidityMonths'),
      expiringSoonIsError: resolved('expiringSoonIsError'),
      domainCertificateRequired: resolved('domainCertificateRequired'),
      domainCertificateThreshold: resolved('domainCertificateThreshold'),
      realNameReportingWorkdays: resolved('realNameReportingWorkdays'),
      approvedSuffixAndRegistrarRequired: resolved('approvedSuffixAndRegistrarRequired'),
      realNameReportingLatestWorkdays: resolved('realNameReportingLatestWorkdays'),
    };
  };
}
