/**
 * 接入商 IP 段 — the address ranges the provider declares for its servers (what it reports to MIIT as
 * its access resources). A filed domain resolving outside them no longer points here: the shell-website
 * (空壳) risk that access-accuracy checks look for.
 */
import { BlockList, isIP } from 'node:net';
import { LocalizedError } from '../shared/index.ts';

export type ProviderRanges = {
  /** As configured, for evidence (`203.0.113.0/24, 2001:db8::/32`). */
  readonly text: string;
  readonly count: number;
  includes(address: string): boolean;
};

/**
 * Reads `a.b.c.d/n` and IPv6 `x::/n` ranges, separated by commas or whitespace (BEIAN_PROVIDER_CIDRS).
 * A malformed entry is a LocalizedError naming it, never silently dropped: a range left out would
 * report every site in it as moved away.
 */
export function parseProviderRanges(text: string): ProviderRanges {
  const list = new BlockList();
  const entries = text.split(/[\s,]+/).filter((entry) => entry !== '');
  for (const entry of entries) {
    const match = /^([^/]+)\/(\d{1,3})$/.exec(entry);
    const address = match?.[1] ?? entry;
    const family = isIP(address);
    const bits = match ? Number(match[2]) : family === 4 ? 32 : 128;
    if (family === 0 || bits > (family === 4 ? 32 : 128)) {
      throw new LocalizedError({
        zh: `BEIAN_PROVIDER_CIDRS 中的“${entry}”不是 IP 段（应为 203.0.113.0/24 或 2001:db8::/32 这样的形式）`,
        en: `"${entry}" in BEIAN_PROVIDER_CIDRS is not an IP range (expected the form 203.0.113.0/24 or 2001:db8::/32)`,
      });
    }
    list.addSubnet(address, bits, family === 4 ? 'ipv4' : 'ipv6');
  }
  return {
    text: entries.join(', '),
    count: entries.length,
    includes(address) {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
