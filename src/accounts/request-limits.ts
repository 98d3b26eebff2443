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

class DatabaseLimiter implements RateLimiter {
  readonly #database: Database;
  readonly #name: RateLimitName;
  readonly #rule: RateLimit;
  readonly #now: () => Date;
  /** When this process last deleted expired windows; once per window length is enough. */
  #sweptAt = -Infinity;

  constructor(database: Database, name: RateLimitName, rule: RateLimit, now: () => Date) {
    this.#database = database;
    this.#name = name;
    this.#rule = rule;
    this.#now = now;
  }

  async hit(key: string): Promise<RateDecision> {
    const now = this.#now().getTime();
    const expired = now - this.#rule.windowMs;
    // One statement: both SET expressions read the row as it was, so a window that has run out
    // restarts at `now` with this request as its first, else the request is counted in it.
    const { rows } = await sql<{ window_start_ms: number | string; count: number }>`
      insert into rate_limit_counter (name, key, window_start_ms, count)
      values (${this.#name}, ${key.slice(0, MAX_KEY_LENGTH)}, ${now}, 1)
      on conflict (name, key) do update set
        count = case when rate_limit_counter.window_start_ms <= ${expired} then 1
                     else rate_limit_counter.count + 1 end,
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
    }
    if (!row || row.count <= this.#rule.limit) return { allowed: true };
    const retryAfterMs = Number(row.window_start_ms) + this.#rule.windowMs - now;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
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
