/**
 * Issue 14: rate limits and the sign-in guard are counted in the database, so two `beian serve`
 * processes on one database share one allowance (in memory, each had its own: the limit doubled) and
 * a restart does not reset it. Two limiters over one database stand for two instances; a new one for
 * a restart; concurrent hits on separate connections (PostgreSQL) for a burst across instances.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LoginGuard } from '../../src/accounts/index.ts';
import { createRateLimiters } from '../../src/accounts/index.ts';
import type { Database } from '../../src/store/index.ts';
import { concurrentHandle, testDialects } from '../support/databases.ts';

const START = new Date('2026-03-02T02:00:00Z');
const MINUTE = 60_000;

for (const dialect of testDialects()) {
  describe(`shared rate limits and sign-in guard (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let other: Database;
    let now = START;
    const clock = () => now;
    before(async () => {
      db = await dialect.open();
      other = await concurrentHandle(db);
    });
    after(async () => {
      await other?.destroy();
      await db?.destroy();
    });

    it('two instances share one allowance, and a restart keeps the count', async () => {
      now = START;
      const rule = { precheck: { limit: 4, windowMs: MINUTE } };
      const a = createRateLimiters(db, rule, clock);
      const b = createRateLimiters(other, rule, clock);
      const outcomes = [];
      for (let i = 0; i < 3; i++) {
        outcomes.push((await a.precheck.hit('198.51.100.1')).allowed);
        outcomes.push((await b.precheck.hit('198.51.100.1')).allowed);
      }
      assert.deepEqual(outcomes, [true, true, true, true, false, false]);
      // Another address has its own allowance.
      assert.equal((await b.precheck.hit('198.51.100.2')).allowed, true);
      // A restarted instance (new limiter) still refuses, with the time left in the window.
      now = new Date(START.getTime() + 20_000);
      const restarted = createRateLimiters(db, rule, clock);
      assert.deepEqual(await restarted.precheck.hit('198.51.100.1'), {
        allowed: false,
        retryAfterSeconds: 40,
      });
      // The window over, the address starts afresh.
      now = new Date(START.getTime() + MINUTE);
      assert.deepEqual(await restarted.precheck.hit('198.51.100.1'), { allowed: true });
      assert.deepEqual(await a.precheck.hit('198.51.100.1'), { allowed: true });
    });

    it('concurrent hits from two instances never exceed the limit', async () => {
      now = new Date(START.getTime() + 10 * MINUTE);
      const rule = { login: { limit: 10, windowMs: MINUTE } };
      const a = createRateLimiters(db, rule, clock);
      const b = createRateLimiters(other, rule, clock);
      const hits = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).login.hit('192.0.2.9')),
      );
      assert.equal(hits.filter((hit) => hit.allowed).length, 10);
    });

    it('a limit counted in leased blocks lets exactly the limit through on one instance', async () => {
      // 200 a minute: claims of 1, 2, 4, 8 and then 10 slots (the limit's twentieth part).
      now = new Date(START.getTime() + 40 * MINUTE);
      const rule = { precheck: { limit: 200, windowMs: MINUTE } };
      const a = createRateLimiters(db, rule, clock);
      const hits = [];
      for (let i = 0; i < 203; i++) hits.push(await a.precheck.hit('198.51.100.40'));
      assert.equal(hits.filter((hit) => hit.allowed).length, 200);
      assert.deepEqual(hits.at(-1), { allowed: false, retryAfterSeconds: 60 });
      // Fewer writes than requests: the shared row counted the blocks, not each request.
      const row = await db.kysely
        .selectFrom('rate_limit_counter')
        .select('count')
        .where('name', '=', 'precheck')
        .where('key', '=', '198.51.100.40')
        .executeTakeFirstOrThrow();
      assert.ok(Number(row.count) >= 200 && Number(row.count) <= 210, `count ${row.count}`);
      // A restart forgets the lease but not the count.
      now = new Date(START.getTime() + 40 * MINUTE + 30_000);
      assert.deepEqual(await createRateLimiters(db, rule, clock).precheck.hit('198.51.100.40'), {
        allowed: false,
        retryAfterSeconds: 30,
      });
      // The next window starts afresh with a block of one.
      now = new Date(START.getTime() + 41 * MINUTE);
      assert.deepEqual(await a.precheck.hit('198.51.100.40'), { allowed: true });
    });

    it('leased blocks across two instances never let more than the limit through', async () => {
      now = new Date(START.getTime() + 50 * MINUTE);
      const rule = { precheck: { limit: 200, windowMs: MINUTE } };
      const a = createRateLimiters(db, rule, clock);
      const b = createRateLimiters(other, rule, clock);
      const hits = await Promise.all(
        Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? a : b).precheck.hit('203.0.113.50')),
      );
      const allowed = hits.filter((hit) => hit.allowed).length;
      // Slots one instance leased and did not use are lost to the other: at most a block short each.
      assert.ok(allowed <= 200 && allowed >= 200 - 2 * 9, `allowed ${allowed}`);
    });

    it('sign-in failures recorded through one instance limit the address at the other', async () => {
      now = new Date(START.getTime() + 20 * MINUTE);
      const a = new LoginGuard(db);
      const b = new LoginGuard(other);
      for (let i = 0; i < 4; i++) await (i % 2 === 0 ? a : b).recordFailure('li.lei', '203.0.113.5', now);
      assert.equal(await a.check('li.lei', '203.0.113.5', now), null);
      const fifth = await b.recordFailure('li.lei', '203.0.113.5', now);
      assert.deepEqual(
        fifth.map((event) => event.kind),
        ['address-limited'],
      );
      // A restart (a new guard) still refuses that address; another address may try.
      const restarted = new LoginGuard(db);
      assert.equal((await restarted.check('li.lei', '203.0.113.5', now))?.kind, 'address-limited');
      assert.equal(await restarted.check('li.lei', '198.51.100.5', now), null);
      // A right password from the limited address's owner elsewhere clears only that address.
      await a.recordSuccess('li.lei', '198.51.100.5', now);
      assert.equal((await b.check('li.lei', '203.0.113.5', now))?.kind, 'address-limited');
    });

    it('concurrent failures reach each threshold once: one audit-worthy event each', async () => {
      now = new Date(START.getTime() + 30 * MINUTE);
      const a = new LoginGuard(db);
      const b = new LoginGuard(other);
      const events = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? a : b).recordFailure('han.meimei', '192.0.2.77', now),
        ),
      );
      const kinds = events.flat().map((event) => event.kind);
      assert.deepEqual(kinds.sort(), ['address-limited', 'backoff']);
      const stored = await db.kysely
        .selectFrom('login_failure')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('login', '=', 'han.meimei')
        .executeTakeFirstOrThrow();
      assert.equal(Number(stored.n), 12);
    });
  });
}
