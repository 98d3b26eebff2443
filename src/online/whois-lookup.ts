/**
 * WHOIS lookups for .cn and .中国 (no RDAP): CNNIC's server from data/whois-servers.json, the same
 * limiter as RDAP, and CNNIC's throttling reply treated like an HTTP 429 without Retry-After.
 */
import { parseCnnicWhois } from './cnnic-whois.ts';
import type { Limiter } from './limiter.ts';
import type { LookupAnswer } from './types.ts';
import { emptyAnswer } from './types.ts';
import { whoisQuery } from './whois-client.ts';
import type { WhoisServer, WhoisServers } from './whois-servers.ts';

type WhoisLookupOptions = {
  servers: WhoisServers;
  limiter: Limiter;
  timeoutMs: number;
  maxBytes: number;
  /** How long a throttled server is left alone before the retry. */
  rateLimitPauseMs: number;
  maxRateLimitRetries: number;
};

type WhoisLookup = {
  serverFor(domainAscii: string): WhoisServer | null;
  lookup(domainAscii: string): Promise<LookupAnswer>;
};

export function createWhoisLookup(options: WhoisLookupOptions): WhoisLookup {
  return {
    serverFor: (domainAscii) => options.servers.serverFor(domainAscii),
    async lookup(domainAscii) {
      const server = options.servers.serverFor(domainAscii);
      if (!server) return emptyAnswer(null, 'no-server');
      const name = `${server.host}:${server.port}`;
      for (let attempt = 0; ; attempt++) {
        const reply = await options.limiter.run(name, () =>
          whoisQuery(server, domainAscii, { timeoutMs: options.timeoutMs, maxBytes: options.maxBytes }),
        );
        if (reply.kind === 'error') return emptyAnswer(name, 'error', reply.error);
        const parsed = parseCnnicWhois(reply.text);
        if (parsed.kind === 'rate-limited') {
          if (attempt >= options.maxRateLimitRetries) return emptyAnswer(name, 'error', 'rate-limited');
          options.limiter.pause(name, options.rateLimitPauseMs);
          continue;
        }
        if (parsed.kind === 'not-found') return emptyAnswer(name, 'not-found');
        if (parsed.kind === 'malformed') return emptyAnswer(name, 'error', 'malformed');
        const facts = parsed.facts;
        if (facts.expiresAt === null || facts.registrar === null) {
          return emptyAnswer(name, 'error', 'incomplete');
        }
        return {
          server: name,
          outcome: 'found',
          registrar: facts.registrar,
          registrarIanaId: null,
          registeredAt: facts.registeredAt,
          expiresAt: facts.expiresAt,
          // CNNIC's .cn lifecycle is its own, not ICANN's auto-renew grace: the expiration stands.
          renewalGraceUntil: null,
          statuses: facts.statuses,
          holderName: facts.holderName,
        };
      }
    },
  };
}
