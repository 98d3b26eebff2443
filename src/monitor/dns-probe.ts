/**
 * The DNS probe on node:dns's Resolver: the operator names the resolvers (`host:port`, so tests and
 * operators with their own recursive resolver can point it anywhere), else the system's. A and AAAA are
 * asked together; the resolver follows CNAMEs.
 */
import { Resolver } from 'node:dns/promises';
import type { DnsAnswer, DnsProbe } from './types.ts';

type DnsProbeOptions = {
  /** `1.2.3.4`, `1.2.3.4:5353`, `[2001:db8::1]:53`; empty: the system's resolvers. */
  servers?: readonly string[];
  /** Per try, in ms (default 3000). */
  timeoutMs?: number;
  /** Tries per server (default 2). */
  tries?: number;
  /** How long an answer serves `recent` (default 10 s): the span of one website's check. */
  recentMs?: number;
};

/** Answers kept for `recent`: the sites being checked at once, with room to spare. */
const RECENT_LIMIT = 5000;

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? 'error';

export function createDnsProbe(options: DnsProbeOptions = {}): DnsProbe {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 3000, tries: options.tries ?? 2 });
  if (options.servers && options.servers.length > 0) resolver.setServers([...options.servers]);
  const ask = (query: Promise<string[]>) =>
    query.then(
      (addresses) => ({ addresses, code: null }),
      (error: unknown) => ({ addresses: [] as string[], code: codeOf(error) }),
    );
  const recentMs = options.recentMs ?? 10_000;
  const recent = new Map<string, { answer: DnsAnswer; at: number }>();
  async function resolve(name: string): Promise<DnsAnswer> {
    const answer = await lookup(name);
    recent.delete(name);
    if (answer.kind === 'ok') {
      recent.set(name, { answer, at: Date.now() });
      // Oldest first in insertion order: the sites checked longest ago.
      if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
    }
    return answer;
  }
  return {
    resolve,
    recent(name: string): Promise<DnsAnswer> {
      const kept = recent.get(name);
      if (kept && Date.now() - kept.at <= recentMs) return Promise.resolve(kept.answer);
      return resolve(name);
    },
  };

  async function lookup(name: string): Promise<DnsAnswer> {
    const [v4, v6] = await Promise.all([ask(resolver.resolve4(name)), ask(resolver.resolve6(name))]);
    const addresses = [...v4.addresses, ...v6.addresses];
    if (addresses.length > 0) return { kind: 'ok', addresses };
    const codes = [v4.code, v6.code];
    if (codes.includes('ENOTFOUND')) return { kind: 'no-address', reason: 'nxdomain' };
    const failure = codes.find((code) => code !== null && code !== 'ENODATA');
    if (failure !== undefined && failure !== null)
      return { kind: 'error', reason: DNS_ERRORS[failure] ?? failure.toLowerCase() };
    return { kind: 'no-address', reason: 'no-data' };
  }
}

const DNS_ERRORS: Record<string, string> = {
  ETIMEOUT: 'timeout',
  ESERVFAIL: 'servfail',
  EREFUSED: 'refused',
  ECONNREFUSED: 'refused',
};
