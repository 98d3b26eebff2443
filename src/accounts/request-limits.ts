/**
 * Fixed-window rate limits, per client address, counted in the database (table `rate_limit_counter`)
 * so that several `beian serve` processes on one database share one allowance and a restart does not
 * reset it (issue 14; in memory before, two instances doubled every limit). Each hit is one atomic
 * upsert that starts a new window or counts one more and returns the result, so concurrent requests
 * on any number of connections never both take the last slot (no read-then-write race). Failed
 * sign-ins are counted apart, per login and address (login-guard.ts): a limit per login
 * name alone let anyone lock the owner out (issue 12).
 */
import { sql } from 'kysely';
import type { Database } from '../store/index.ts';

export type RateLimit = { limit: number; windowMs: number };

export type RateLimitName =
  'login' | 'precheck' | 'certificateVerify' | 'serviceCodeLookup' | 'transferRequest' | 'identityLink';

/** Login (and registration): 10 a minute per IP (OWASP Authentication Cheat Sheet, throttling). */
const DEFAULT_RATE_LIMITS: Record<RateLimitName, RateLimit> = {
  login: { limit: 10, windowMs: 60_000 },
  precheck: { limit: 60, windowMs: 60_000 },
  // Codes carry 80 random bits, so this only keeps the public page from being used as a bulk oracle.
  certificateVerify: { limit: 30, windowMs: 60_000 },
  // Per account: an applicant checks a handful of codes; 80-bit codes make guessing hopeless anyway,
  // so this keeps the look-up from being an oracle to probe at speed (issue 15).
  serviceCodeLookup: { limit: 20, windowMs: 10 * 60_000 },
  // Per account: 转移备案 requests (issue 15) each may text a principal's phone; a company asks once or
  // twice, so 5 a day bounds both the texts one account can cause and what its requests could probe.
  transferRequest: { limit: 5, windowMs: 24 * 60 * 60_000 },
  // 真实性核验 links, per address: a person opens and sends their link a few times; tokens carry 256
  // random bits, so this only keeps the link pages from being probed at speed (issue 15).
  identityLink: { limit: 30, windowMs: 10 * 60_000 },
};

type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Keys longer than this are cut: a hostile header must not make rows of any size. */
const MAX_KEY_LENGTH = 200;

export type RateLimiter = {
  /** Counts one request under `key`; refuses it when the window's allowance is spent. */
  hit(key: string): Promise<RateDecision>;
};

/**
 * Slots of one key that this process took from the shared counter ahead of use (a lease) for the
 * window that began at `windowStart`: `left` are still to hand out; `spent` once the counter reached the
 * limit, so that nothing is left to take in this window and further requests are refused here without
 * a write; `block` is how many slots the next claim asks for.
 */
type Lease = { windowStart: number; left: number; spent: boolean; block: number };

/**
 * A claim takes at most this share of the limit (and never more than MAX_BLOCK slots): slots a process
 * took and did not use before the window ends are lost to the other instances, so with n instances an
 * address may be refused up to n × (block − 1) requests early, never let through late. For the
 * limits of DEFAULT_RATE_LIMITS that makes every block 1 (a write per request, as before) except the
 * precheck's (60 a minute: blocks of up to 3).
 */
const LEASE_SHARE = 20;
const MAX_BLOCK = 1024;
/** Leases kept in memory; past this the oldest is dropped (its unused slots are lost: stricter, never looser). */
const MAX_LEASES = 10_000;

/**
 * Counts in the database, `block` slots at a time. The first request of a key in a window claims one
 * slot; each further claim in that window asks for twice the last, up to the limit's LEASE_SHARE-th
 * part, and the process hands the slots out from memory. Every slot handed out by any instance was
 * first counted in the shared row by an atomic upsert, so all instances together never let more than
 * the limit through in a window, and a restart (which forgets its leases) never resets a count. Once
 * the row shows the limit reached, the process refuses that key until the window ends without writing
 * (before, each refused request was one more upsert: a flood of them cost a write apiece).
 * Issue 14: a precheck answered from a lease costs no database statement at all.
 */
class DatabaseLimiter implements RateLimiter {
  readonly #database: Database;
  readonly #name: RateLimitName;
  readonly #rule: RateLimit;
  readonly #now: () => Date;
  readonly #maxBlock: number;
  readonly #leases = new Map<string, Lease>();
  /** The claim in flight per key: concurrent requests of one key wait for it instead of claiming too. */
  readonly #claims = new Map<string, Promise<void>>();
  /** When this process last deleted expired windows; once per window length is enough. */
  #sweptAt = -Infinity;

  constructor(database: Database, name: RateLimitName, rule: RateLimit, now: () => Date) {
    this.#database = database;
    this.#name = name;
    this.#rule = rule;
    this.#now = now;
    this.#maxBlock = Math.max(1, Math.min(MAX_BLOCK, Math.floor(rule.limit / LEASE_SHARE)));
  }

  async hit(rawKey: string): Promise<RateDecision> {
    const key = rawKey.slice(0, MAX_KEY_LENGTH);
    for (;;) {
      const now = this.#now().getTime();
      const lease = this.#leases.get(key);
      if (lease && now < lease.windowStart + this.#rule.windowMs) {
        if (lease.left > 0) {
          lease.left -= 1;
          return { allowed: true };
        }
        if (lease.spent) return this.#refusal(lease.windowStart, now);
      }
      const pending = this.#claims.get(key);
      if (pending) {
        await pending;
        continue;
      }
      const claim = this.#claim(key, now, lease);
      this.#claims.set(key, claim);
      try {
        await claim;
      } finally {
        this.#claims.delete(key);
      }
    }
  }

  #refusal(windowStart: number, now: number): RateDecision {
    const retryAfterMs = windowStart + this.#rule.windowMs - now;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }

  /** Takes the next block of `key`'s slots from the shared counter into its lease. */
  async #claim(key: string, now: number, previous: Lease | undefined): Promise<void> {
    const expired = now - this.#rule.windowMs;
    const current = previous !== undefined && now < previous.windowStart + this.#rule.windowMs;
    const block = current ? previous.block : 1;
    // One statement: both SET expressions read the row as it was, so a window that has run out
    // restarts at `now` with this block as its first, else the block is counted in it.
    const { rows } = await sql<{ window_start_ms: number | string; count: number }>`
      insert into rate_limit_counter (name, key, window_start_ms, count)
      values (${this.#name}, ${key}, ${now}, ${block})
      on conflict (name, key) do update set
        count = case when rate_limit_counter.window_start_ms <= ${expired} then ${block}
                     else rate_limit_counter.count + ${block} end,
        window_start_ms = case when rate_limit_counter.window_start_ms <= ${expired} then ${now}
                               else rate_limit_counter.window_start_ms end
      returning window_start_ms, count`.execute(this.#database.kysely);
    const row = rows[0];
    if (now - this.#sweptAt >= this.#rule.windowMs) {
      this.#sweptAt = now;
      await this.#database.kysely
        .deleteFrom('rate_limit_counter')
        .where('name', '=', this.#name)
        .where('window_start_ms', '<=', expired)
        .execute();
      for (const [leased, lease] of this.#leases) {
        if (lease.windowStart <= expired) this.#leases.delete(leased);
      }
    }
    const windowStart = row ? Number(row.window_start_ms) : now;
    const count = row ? Number(row.count) : block;
    // Slots of this block at or below the limit are ours; the rest were counted past it.
    const granted = Math.max(0, Math.min(block, this.#rule.limit - (count - block)));
    this.#leases.delete(key);
    if (this.#leases.size >= MAX_LEASES) this.#leases.delete(this.#leases.keys().next().value as string);
    this.#leases.set(key, {
      windowStart,
      left: granted,
      spent: count >= this.#rule.limit,
      block: Math.min(this.#maxBlock, block * 2),
    });
  }
}

export type RateLimiters = Record<RateLimitName, RateLimiter>;

export function createRateLimiters(
  database: Database,
  config: Partial<Record<RateLimitName, RateLimit>>,
  now: () => Date,
): RateLimiters {
  const limiter = (name: RateLimitName) =>
    new DatabaseLimiter(database, name, config[name] ?? DEFAULT_RATE_LIMITS[name], now);
  return {
    login: limiter('login'),
    precheck: limiter('precheck'),
    certificateVerify: limiter('certificateVerify'),
    serviceCodeLookup: limiter('serviceCodeLookup'),
    transferRequest: limiter('transferRequest'),
    identityLink: limiter('identityLink'),
  };
}
