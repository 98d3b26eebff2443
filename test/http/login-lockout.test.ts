/**
 * Issue 12, item 5: anyone could lock any account out. Failed sign-ins are now counted per (login,
 * address), so an attacker's address is limited and the owner's is not; across addresses a login gets
 * a back-off that delays the addresses that failed (never a refusal of one that has not); each limit
 * is audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { apiErrorSchema } from '../../src/http/errors.ts';
import { testDialects } from '../support/databases.ts';
import type { Fixture } from './http-fixture.ts';
import { PASSWORD, START, createFixture } from './http-fixture.ts';

const MINUTE = 60_000;

for (const dialect of testDialects()) {
  describe(`sign-in limits that cannot lock the owner out (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: Fixture;
    before(async () => {
      db = await dialect.open();
      fx = await createFixture(db);
    });
    after(() => db?.destroy());

    const login = (name: string, password: string, ip: string) =>
      fx.request('POST', '/session', { body: { login: name, password }, headers: { 'x-test-ip': ip } });
    const at = (ms: number) => {
      fx.clock.now = new Date(START.getTime() + ms);
    };
    const auditOf = (login: string) =>
      db.kysely
        .selectFrom('audit_event')
        .select(['action', 'actor_account', 'data', 'created_at'])
        .where('target', '=', `account:${login}`)
        .where('action', 'like', 'account.login-%')
        .orderBy('id')
        .execute();

    it('limits the attacker’s address and lets the owner in from another', async () => {
      at(0);
      const attacker = '203.0.113.7';
      for (let i = 0; i < 5; i++)
        assert.equal((await login('admin.user', `guess ${i}`, attacker)).status, 401);
      // The sixth try from that address is refused before the password is looked at, even a right one.
      const limited = await login('admin.user', PASSWORD, attacker);
      assert.equal(limited.status, 429);
      const body = apiErrorSchema.parse(await limited.json());
      assert.equal(body.code, 'RATE_LIMITED');
      assert.equal(limited.headers.get('retry-after'), '900');
      assert.match(body.message.zh, /15 分钟/);
      assert.match(body.message.en, /15 minutes/);
      // The owner, from an address that has not failed, signs in.
      assert.equal((await login('admin.user', PASSWORD, '198.51.100.1')).status, 200);
      // Another account from the attacker's address is not affected by admin.user's count.
      assert.equal((await login('applicant.user', PASSWORD, attacker)).status, 200);
      const audit = await auditOf('admin.user');
      assert.deepEqual(
        audit.map((event) => [event.action, event.actor_account]),
        [['account.login-limited', 'anonymous']],
      );
      assert.deepEqual(JSON.parse(audit[0]?.data ?? '{}'), {
        address: attacker,
        failures: 5,
        until: new Date(START.getTime() + 15 * MINUTE).toISOString(),
      });
      // After the window the address may try again.
      at(15 * MINUTE);
      assert.equal((await login('admin.user', PASSWORD, attacker)).status, 200);
    });

    it('backs off a login that fails from many addresses, delaying only addresses that failed', async () => {
      at(DAY_MS);
      const address = (i: number) => `192.0.2.${100 + i}`;
      for (let i = 0; i < 10; i++)
        assert.equal((await login('provider-reviewer.user', 'wrong', address(i))).status, 401);
      // Ten failures in 24 h: an address that failed waits 15 s before its next try.
      const early = await login('provider-reviewer.user', 'still wrong', address(0));
      assert.equal(early.status, 429);
      assert.equal(early.headers.get('retry-after'), '15');
      const message = apiErrorSchema.parse(await early.json()).message;
      assert.match(message.zh, /该账号近期登录失败次数较多/);
      assert.match(message.en, /failed sign-ins/);
      // An address that has not failed is not delayed: the owner signs in at once.
      assert.equal((await login('provider-reviewer.user', PASSWORD, '198.51.100.2')).status, 200);
      // After its delay the failed address may try; another failure doubles the delay (30 s).
      at(DAY_MS + 15_000);
      assert.equal((await login('provider-reviewer.user', 'wrong again', address(0))).status, 401);
      const doubled = await login('provider-reviewer.user', 'wrong again', address(1));
      assert.equal(doubled.status, 429);
      assert.equal(
        doubled.headers.get('retry-after'),
        '15',
        'address 1 last failed at the start: 30 s after',
      );
      at(DAY_MS + 15_000 + 29_000);
      const waiting = await login('provider-reviewer.user', PASSWORD, address(0));
      assert.equal(waiting.status, 429);
      assert.equal(waiting.headers.get('retry-after'), '1');
      at(DAY_MS + 15_000 + 30_000);
      assert.equal((await login('provider-reviewer.user', PASSWORD, address(0))).status, 200);
      const audit = await auditOf('provider-reviewer.user');
      assert.deepEqual(
        audit.map((event) => event.action),
        ['account.login-backoff'],
      );
      assert.deepEqual(JSON.parse(audit[0]?.data ?? '{}'), { failures: 10, delaySeconds: 15 });
      // A day later the failures have aged out: no delay for anyone.
      at(2 * DAY_MS + 60_000);
      assert.equal((await login('provider-reviewer.user', 'wrong', address(3))).status, 401);
      assert.equal((await login('provider-reviewer.user', PASSWORD, address(3))).status, 200);
    });
  });
}

const DAY_MS = 24 * 60 * MINUTE;
