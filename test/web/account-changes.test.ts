/**
 * The account use cases behind /register and /admin/users (src/accounts/register-applicant.ts and
 * manage-accounts.ts) on both databases: one audit event per change in its transaction, a taken login
 * refused even when two registrations race, sessions ended where the change demands it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccountError, authenticate, createAccount } from '../../src/accounts/accounts.ts';
import { createSession } from '../../src/accounts/credentials.ts';
import {
  adminCreateAccount,
  adminSetAccountDisabled,
  adminSetPassword,
} from '../../src/accounts/manage-accounts.ts';
import { registerApplicant } from '../../src/accounts/register-applicant.ts';
import type { Database } from '../../src/store/index.ts';
import { concurrentHandle, testDialects } from '../support/databases.ts';

const NOW = new Date('2026-11-28T04:00:00.000Z');
const PASSWORD = 'correct horse battery staple';
const KEY = 'test-credential-key-0123456789abcdef';

for (const dialect of testDialects()) {
  describe(`account changes (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let admin: { account: string; role: 'admin' };
    before(async () => {
      db = await dialect.open();
      const created = await createAccount(
        db,
        { login: 'root', displayName: 'Root', role: 'admin', password: PASSWORD },
        NOW,
      );
      admin = { account: created.login, role: 'admin' };
    });
    after(() => db.destroy());

    const events = (login: string) =>
      db.kysely
        .selectFrom('audit_event')
        .select(['action', 'actor_account', 'from_status', 'to_status', 'application_id'])
        .where('target', '=', `account:${login}`)
        .orderBy('id')
        .execute();

    it('registers an applicant once, even when two registrations of one login race', async () => {
      const other = await concurrentHandle(db);
      try {
        const input = { login: 'Race.Winner', displayName: '赛跑', password: PASSWORD };
        const results = await Promise.allSettled([
          registerApplicant({ db, input, now: NOW }),
          registerApplicant({ db: other, input, now: NOW }),
        ]);
        const won = results.filter((result) => result.status === 'fulfilled');
        const lost = results.filter((result) => result.status === 'rejected');
        assert.equal(won.length, 1);
        assert.equal(lost.length, 1);
        assert.ok((lost[0] as PromiseRejectedResult).reason instanceof AccountError);
      } finally {
        await other.destroy();
      }
      const account = await authenticate(db, 'race.winner', PASSWORD);
      assert.equal(account?.role, 'applicant');
      assert.deepEqual(await events('race.winner'), [
        {
          action: 'account.register',
          actor_account: 'race.winner',
          from_status: null,
          to_status: 'enabled',
          application_id: null,
        },
      ]);
    });

    it('creates, disables, enables and resets with one audit event each', async () => {
      const created = await adminCreateAccount({
        db,
        actor: admin,
        input: { login: 'clerk', displayName: 'Clerk', role: 'bureau-reviewer', password: PASSWORD },
        now: NOW,
      });
      await assert.rejects(
        adminCreateAccount({
          db,
          actor: admin,
          input: { login: 'clerk', displayName: 'x', role: 'admin', password: PASSWORD },
          now: NOW,
        }),
        AccountError,
      );
      await createSession(db, KEY, created.id, NOW, 60_000);
      const disabled = await adminSetAccountDisabled({
        db,
        actor: admin,
        accountId: created.id,
        disabled: true,
        now: NOW,
      });
      assert.equal(disabled.disabled, true);
      const sessions = await db.kysely
        .selectFrom('account_session')
        .select('id_hash')
        .where('account_id', '=', created.id)
        .execute();
      assert.deepEqual(sessions, []);
      // Disabling twice changes nothing and records nothing.
      await adminSetAccountDisabled({ db, actor: admin, accountId: created.id, disabled: true, now: NOW });
      await adminSetAccountDisabled({ db, actor: admin, accountId: created.id, disabled: false, now: NOW });
      await adminSetPassword({
        db,
        actor: admin,
        accountId: created.id,
        password: 'another long passphrase',
        now: NOW,
      });
      assert.equal(await authenticate(db, 'clerk', PASSWORD), null);
      assert.equal((await authenticate(db, 'clerk', 'another long passphrase'))?.login, 'clerk');
      assert.deepEqual(
        (await events('clerk')).map((event) => [
          event.action,
          event.actor_account,
          event.from_status,
          event.to_status,
        ]),
        [
          ['account.create', 'root', null, 'enabled'],
          ['account.disable', 'root', 'enabled', 'disabled'],
          ['account.enable', 'root', 'disabled', 'enabled'],
          ['account.reset-password', 'root', null, null],
        ],
      );
    });

    it('refuses to disable the acting administrator or an unknown account, changing nothing', async () => {
      const self = (
        await db.kysely
          .selectFrom('account')
          .select('id')
          .where('login', '=', 'root')
          .executeTakeFirstOrThrow()
      ).id;
      await assert.rejects(
        adminSetAccountDisabled({ db, actor: admin, accountId: self, disabled: true, now: NOW }),
        AccountError,
      );
      await assert.rejects(
        adminSetAccountDisabled({ db, actor: admin, accountId: 999_999, disabled: true, now: NOW }),
        AccountError,
      );
      await assert.rejects(
        adminSetPassword({ db, actor: admin, accountId: 999_999, password: PASSWORD, now: NOW }),
        AccountError,
      );
      assert.deepEqual(await events('root'), []);
    });
  });
}
