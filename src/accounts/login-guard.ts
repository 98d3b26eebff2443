import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, Schema } from '../store/index.ts';
import { writeTransaction } from '../store/index.ts';

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
 * The per-address request limit (src/http/rate-limit.ts `login`) stays in front of all this. Failures
 * are rows in the database (`login_failure`, issue 14), so several `beian serve` processes on one
 * database count them together and a restart does not wipe an attacker's record. A failure is
 * recorded and counted in one write transaction holding the login's lock (an advisory lock on
 * PostgreSQL, the database write lock on SQLite): concurrent failures each see the others, and the
 * threshold's audit event is written once.
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

/** Failures kept per login: enough to reach the longest delay many times over. */
const MAX_FAILURES_PER_LOGIN = 500;
/** Advisory lock class (first key of pg_advisory_xact_lock): "beil" in ASCII. */
const LOGIN_LOCK_CLASS = 0x6265696c;

export class LoginGuard {
  readonly rules: LoginGuardRules;
  readonly #database: Database;

  constructor(database: Database, rules: Partial<LoginGuardRules> = {}) {
    this.#database = database;
    this.rules = { ...DEFAULT_LOGIN_GUARD_RULES, ...rules };
  }

  /** Whether `address` may try a password for `login` now; null when it may. */
  async check(login: string, address: string, now: Date): Promise<LoginRefusal | null> {
    const t = now.getTime();
    const failures = await this.#live(this.#database.kysely, login, t);
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
  recordFailure(login: string, address: string, now: Date): Promise<LoginLimitEvent[]> {
    const t = now.getTime();
    return writeTransaction(this.#database, async (tx) => {
      if (this.#database.dialect === 'postgres')
        await sql`select pg_advisory_xact_lock(${LOGIN_LOCK_CLASS}, hashtext(${login}))`.execute(tx);
      // Failures past the longest window count for nothing: gone, for every login, so the table
      // holds at most a day of failures whatever logins are tried.
      await tx
        .deleteFrom('login_failure')
        .where('at_ms', '<=', t - this.rules.loginWindowMs)
        .execute();
      await tx.insertInto('login_failure').values({ login, address, at_ms: t }).execute();
      const failures = await this.#live(tx, login, t);
      const oldestKept = failures[0];
      if (failures.length >= MAX_FAILURES_PER_LOGIN && oldestKept)
        await tx
          .deleteFrom('login_failure')
          .where('login', '=', login)
          .where('at_ms', '<', oldestKept.at)
          .execute();
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
    });
  }

  /** A right password: the address is no longer one that failed for this login. */
  async recordSuccess(login: string, address: string, _now: Date): Promise<void> {
    await this.#database.kysely
      .deleteFrom('login_failure')
      .where('login', '=', login)
      .where('address', '=', address)
      .execute();
  }

  /** The delay after `failures` in the login window: 0 below the threshold. */
  #delay(failures: number): number {
    if (failures < this.rules.backoffFailures) return 0;
    const doublings = Math.min(failures - this.rules.backoffFailures, 30);
    return Math.min(this.rules.baseDelayMs * 2 ** doublings, this.rules.maxDelayMs);
  }

  /** The login's failures in its window, oldest first (the newest MAX_FAILURES_PER_LOGIN). */
  async #live(db: Kysely<Schema>, login: string, t: number): Promise<Failure[]> {
    const rows = await db
      .selectFrom('login_failure')
      .select(['address', 'at_ms'])
      .where('login', '=', login)
      .where('at_ms', '>', t - this.rules.loginWindowMs)
      .orderBy('at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(MAX_FAILURES_PER_LOGIN)
      .execute();
    return rows.reverse().map((row) => ({ address: row.address, at: Number(row.at_ms) }));
  }
}
