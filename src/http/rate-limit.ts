/**
 * In-memory fixed-window rate limits, per client address. One process serves the API, so memory is the
 * right place; a deployment with several processes should limit at its proxy too. Failed sign-ins are
 * counted apart, per login and address (src/accounts/login-guard.ts): a limit per login name alone let
 * anyone lock the owner out (issue 12).
 */
export type RateLimit = { limit: number; windowMs: number };

export type RateLimitName = 'login' | 'precheck' | 'certificateVerify';

/** Login (and registration): 10 a minute per IP (OWASP Authentication Cheat Sheet, throttling). */
const DEFAULT_RATE_LIMITS: Record<RateLimitName, RateLimit> = {
  login: { limit: 10, windowMs: 60_000 },
  precheck: { limit: 60, windowMs: 60_000 },
  // Codes carry 80 random bits, so this only keeps the public page from being used as a bulk oracle.
  certificateVerify: { limit: 30, windowMs: 60_000 },
};

type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Keys beyond this are swept of expired windows; hostile clients cannot grow the map without end. */
const MAX_KEYS = 100_000;

class FixedWindowLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #rule: RateLimit;
  readonly #now: () => Date;

  constructor(rule: RateLimit, now: () => Date) {
    this.#rule = rule;
    this.#now = now;
  }

  /** Counts one request under `key`; refuses it when the window's allowance is spent. */
  hit(key: string): RateDecision {
    const now = this.#now().getTime();
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.#rule.windowMs) {
      if (!window && this.#windows.size >= MAX_KEYS) this.#sweep(now);
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.#rule.limit) {
      const retryAfterMs = window.start + this.#rule.windowMs - now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    }
    window.count += 1;
    return { allowed: true };
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) {
      if (now - window.start >= this.#rule.windowMs) this.#windows.delete(key);
    }
    // Still full: every key is live, so the oldest go; a flood then limits only itself.
    for (const key of this.#windows.keys()) {
      if (this.#windows.size < MAX_KEYS) break;
      this.#windows.delete(key);
    }
  }
}

export type RateLimiters = Record<RateLimitName, FixedWindowLimiter>;

export function createRateLimiters(
  config: Partial<Record<RateLimitName, RateLimit>>,
  now: () => Date,
): RateLimiters {
  const limiter = (name: RateLimitName) =>
    new FixedWindowLimiter(config[name] ?? DEFAULT_RATE_LIMITS[name], now);
  return {
    login: limiter('login'),
    precheck: limiter('precheck'),
    certificateVerify: limiter('certificateVerify'),
  };
}
