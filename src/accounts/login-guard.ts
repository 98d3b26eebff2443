/**
 * 登录限制 — failed sign-ins, counted so that an attacker cannot lock the owner out (issue 12: a limit
 * per login name, checked before the password, let ten wrong tries a minute from anywhere keep
 * demo.admin out). After OWASP's "Slow Down Online Guessing Attacks with Device Cookies", with the
 * client address in the device cookie's place:
 *
 * - per (login, address): 5 failures in 15 minutes refuse that address for that login until the
 *   oldest failure leaves the window — the attacker's address, never the owner's;
 * - per login, across addresses: from 10 failures in 24 hours on, every address that has failed for
 *   the login waits before its next try, 15 s doubling with each further failure up to 15 minutes
 *   (a delay, not a refusal: OWASP Authentication Cheat Sheet, "Login Throttling");
 * - an address with no failure for the login is never delayed: a right password from it signs in.
 *
 * The per-address request limit (src/http/rate-limit.ts `login`) stays in front of all this. State is
 * in memory, like the other limits: one process serves the app (several processes should also limit
 * at their proxy); a restart forgets it, which errs towards letting the owner in.
 */

/** The thresholds; defaults below, tests may shorten them. */
export type LoginGuardRules = {
  /** Failures per (login, address) within `addressWindowMs` before that address is refused. */
  addressFailures: number;
  addressWindowMs: number;
  /** Failures per login (any address) within `loginWindowMs` from which failed addresses are delayed. */
  backoffFailures: number;
  loginWindowMs: number;
  /** The delay at `backoffFailures`, doubled with each failure beyond, at most `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
};

const MINUTE = 60_000;

export const DEFAULT_LOGIN_GUARD_RULES: LoginGuardRules = {
  addressFailures: 5,
  addressWindowMs: 15 * MINUTE,
  backoffFailures: 10,
  loginWindowMs: 24 * 60 * MINUTE,
  baseDelayMs: 15_000,
  maxDelayMs: 15 * MINUTE,
};

/** Why an attempt is refused before its password is checked, and until when. */
export type LoginRefusal = { kind: 'address-limited' | 'backoff'; retryAfterMs: number };

/** What a failure started, for the audit trail. */
export type LoginLimitEvent =
  | { kind: 'address-limited'; address: string; failures: number; until: Date }
  | { kind: 'backoff'; failures: number; delayMs: number };

type Failure = { address: string; at: number };

/** Logins tracked beyond this are swept of aged-out failures; hostile input cannot grow the map without end. */
const MAX_LOGINS = 100_000;
/** Failures kept per login: enough to reach the longest delay many times over. */
const MAX_FAILURES_PER_LOGIN = 500;

export class LoginGuard {
  readonly rules: LoginGuardRules;
  readonly #failures = new Map<string, Failure[]>();

  constructor(rules: Partial<LoginGuardRules> = {}) {
    this.rules = { ...DEFAULT_LOGIN_GUARD_RULES, ...rules };
  }

  /** Whether `address` may try a password for `login` now; null when it may. */
  check(login: string, address: string, now: Date): LoginRefusal | null {
    const t = now.getTime();
    const failures = this.#live(login, t);
    const own = failures.filter((f) => f.address === address);
    if (own.length === 0) return null;
    const recent = own.filter((f) => t - f.at < this.rules.addressWindowMs);
    if (recent.length >= this.rules.addressFailures) {
      const oldest = recent[recent.length - this.rules.addressFailures]?.at ?? t;
      return { kind: 'address-limited', retryAfterMs: oldest + this.rules.addressWindowMs - t };
    }
    const delay = this.#delay(failures.length);
    const last = own[own.length - 1]?.at ?? t;
    if (delay > 0 && t - last < delay) return { kind: 'backoff', retryAfterMs: last + delay - t };
    return null;
  }

  /** Counts a wrong password; returns the limits this failure started (for the audit trail). */
  recordFailure(login: string, address: string, now: Date): LoginLimitEvent[] {
    const t = now.getTime();
    if (!this.#failures.has(login) && this.#failures.size >= MAX_LOGINS) this.#sweep(t);
    const failures = [...this.#live(login, t), { address, at: t }].slice(-MAX_FAILURES_PER_LOGIN);
    this.#failures.set(login, failures);
    const events: LoginLimitEvent[] = [];
    const recent = failures.filter((f) => f.address === address && t - f.at < this.rules.addressWindowMs);
    if (recent.length === this.rules.addressFailures)
      events.push({
        kind: 'address-limited',
        address,
        failures: recent.length,
        until: new Date((recent[0]?.at ?? t) + this.rules.addressWindowMs),
      });
    if (failures.length === this.rules.backoffFailures)
      events.push({ kind: 'backoff', failures: failures.length, delayMs: this.#delay(failures.length) });
    return events;
  }

  /** A right password: the address is no longer one that failed for this login. */
  recordSuccess(login: string, address: string, now: Date): void {
    const remaining = this.#live(login, now.getTime()).filter((f) => f.address !== address);
    if (remaining.length === 0) this.#failures.delete(login);
    else this.#failures.set(login, remaining);
  }

  /** The delay after `failures` in the login window: 0 below the threshold. */
  #delay(failures: number): number {
    if (failures < this.rules.backoffFailures) return 0;
    const doublings = Math.min(failures - this.rules.backoffFailures, 30);
    return Math.min(this.rules.baseDelayMs * 2 ** doublings, this.rules.maxDelayMs);
  }

  #live(login: string, t: number): Failure[] {
    return (this.#failures.get(login) ?? []).filter((f) => t - f.at < this.rules.loginWindowMs);
  }

  #sweep(t: number): void {
    for (const [login, failures] of this.#failures) {
      if (failures.every((f) => t - f.at >= this.rules.loginWindowMs)) this.#failures.delete(login);
    }
    // Still full: every login is live, so the oldest entries go; a flood then evicts only itself.
    for (const login of this.#failures.keys()) {
      if (this.#failures.size < MAX_LOGINS) break;
      this.#failures.delete(login);
    }
  }
}
