/**
 * 在线查询 — registration facts for domains registered elsewhere, from RDAP (gTLDs) or CNNIC WHOIS (.cn,
 * .中国), cached in the database. Lookups run under one limiter (global and per server); each domain's
 * lookup starts once and is shared by everyone waiting for it, so a bulk check can start the lookups of
 * rows it has not reached yet (prefetch) without asking twice.
 */
import type { Database } from '../store/index.ts';
import type { RdapBootstrap } from './bootstrap.ts';
import type { OnlineCache } from './cache.ts';
import { createOnlineCache } from './cache.ts';
import { createLimiter } from './limiter.ts';
import { createRdapClient } from './rdap-client.ts';
import type { LookupAnswer, OnlineRecord, OnlineSourceName } from './types.ts';
import { createWhoisLookup } from './whois-lookup.ts';
import type { WhoisServers } from './whois-servers.ts';

const HOUR_MS = 3_600_000;

type OnlineTtl = { found: number; notFound: number; error: number };

/** Found answers change rarely (a renewal, a transfer); failures should be retried soon. */
const DEFAULT_TTL: OnlineTtl = { found: 24 * HOUR_MS, notFound: HOUR_MS, error: 10 * 60_000 };

export type OnlineFactsOptions = {
  bootstrap: RdapBootstrap;
  whoisServers: WhoisServers;
  /** The cache; null: every lookup asks the server. */
  database: Database | null;
  /** The clock for cache lifetimes and lookup times. */
  now?: () => Date;
  /** Per request, body included (default 5 s). */
  timeoutMs?: number;
  /** Largest answer read (default 512 KiB). */
  maxBodyBytes?: number;
  /** Requests in flight in all (default 32). */
  concurrency?: number;
  /** Requests in flight per server (default 4): registries throttle clients that ask more. */
  perServer?: number;
  ttl?: Partial<OnlineTtl>;
  /** Longest Retry-After waited for (default 30 s); longer ones fail the lookup as `rate-limited`. */
  maxRetryAfterMs?: number;
  /** Pause after a throttled WHOIS reply (default 2 s). */
  whoisPauseMs?: number;
  /** Injected delay for Retry-After and WHOIS pauses, so tests never sleep. */
  wait?: (ms: number) => Promise<void>;
};

/** 在线查询 — registration facts from public sources, per registrable domain. */
export type OnlineFacts = {
  /** One record per registrable domain (A-label), from the cache or the servers. */
  lookup(domains: readonly string[]): Promise<Map<string, OnlineRecord>>;
  /** Starts lookups without waiting for them; a later lookup() of the same domains picks them up. */
  prefetch(domains: readonly string[]): void;
  readonly bootstrap: RdapBootstrap;
};

export function createOnlineFacts(options: OnlineFactsOptions): OnlineFacts {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBodyBytes ?? 512 * 1024;
  const ttl: OnlineTtl = { ...DEFAULT_TTL, ...options.ttl };
  const limiter = createLimiter({
    global: options.concurrency ?? 32,
    perServer: options.perServer ?? 4,
    ...(options.wait ? { wait: options.wait } : {}),
  });
  const rdap = createRdapClient({
    bootstrap: options.bootstrap,
    limiter,
    now,
    timeoutMs,
    maxBytes,
    maxRedirects: 3,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    maxRateLimitRetries: 2,
  });
  const whois = createWhoisLookup({
    servers: options.whoisServers,
    limiter,
    timeoutMs,
    maxBytes,
    rateLimitPauseMs: options.whoisPauseMs ?? 2000,
    maxRateLimitRetries: 2,
  });
  const cache: OnlineCache | null = options.database ? createOnlineCache(options.database) : null;
  const pending = new Map<string, Promise<OnlineRecord>>();

  // Cache rows are written in batches (one upsert per few hundred answers, not one per answer); every
  // lookup() waits for the rows of its answers, so the next run finds them.
  const writes: { record: OnlineRecord; expiresAt: Date }[] = [];
  let written: Promise<void> = Promise.resolve();
  let writeError: { error: unknown } | null = null;
  const flush = (): Promise<void> => {
    if (cache && writes.length > 0) {
      const batch = writes.splice(0);
      written = written
        .then(() => cache.write(batch))
        .catch((error: unknown) => {
          writeError ??= { error };
        });
    }
    return written;
  };

  // RDAP where IANA's bootstrap has the TLD; CNNIC WHOIS for .cn and .中国, which have none.
  const sourceFor = (domain: string): OnlineSourceName =>
    rdap.baseFor(domain) === null && whois.serverFor(domain) !== null ? 'whois' : 'rdap';

  async function ask(source: OnlineSourceName, domain: string): Promise<OnlineRecord> {
    const observedAt = now();
    const answer: LookupAnswer = await (source === 'rdap' ? rdap.lookup(domain) : whois.lookup(domain));
    const record: OnlineRecord = { ...answer, source, domain, observedAt: observedAt.toISOString() };
    if (cache && record.outcome !== 'no-server') {
      const life =
        record.outcome === 'found' ? ttl.found : record.outcome === 'not-found' ? ttl.notFound : ttl.error;
      writes.push({ record, expiresAt: new Date(observedAt.getTime() + life) });
      if (writes.length >= 200) void flush();
    }
    return record;
  }

  /** One cache read per source for the batch, then the servers for the misses. */
  function start(domains: readonly string[]): void {
    const fresh = [...new Set(domains)].filter((domain) => !pending.has(domain));
    if (fresh.length === 0) return;
    const bySource = new Map<OnlineSourceName, string[]>();
    for (const domain of fresh) {
      const source = sourceFor(domain);
      const group = bySource.get(source);
      if (group) group.push(domain);
      else bySource.set(source, [domain]);
    }
    for (const [source, group] of bySource) {
      const cached = cache
        ? cache.read(source, group, now())
        : Promise.resolve(new Map<string, OnlineRecord>());
      for (const domain of group) {
        pending.set(
          domain,
          cached.then((hits) => hits.get(domain) ?? ask(source, domain)),
        );
      }
    }
  }

  return {
    bootstrap: options.bootstrap,
    prefetch(domains) {
      start(domains);
      // A prefetch nobody collects must not reject unhandled; lookup() sees the same rejection.
      for (const domain of domains) pending.get(domain)?.catch(() => undefined);
    },
    async lookup(domains) {
      start(domains);
      const unique = [...new Set(domains)];
      const waiting = unique.map((domain) => pending.get(domain) as Promise<OnlineRecord>);
      try {
        const records = await Promise.all(waiting);
        await flush();
        if (writeError) {
          const { error } = writeError;
          writeError = null;
          throw error;
        }
        return new Map(unique.map((domain, index) => [domain, records[index] as OnlineRecord]));
      } finally {
        // Collected: a later check of the same domain reads the cache, so memory stays bounded.
        unique.forEach((domain, index) => {
          if (pending.get(domain) === waiting[index]) pending.delete(domain);
        });
      }
    },
  };
}
