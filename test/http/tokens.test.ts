/**
 * API tokens as credentials (issue 12, item 2): a password reset or a disable revokes every credential,
 * a user lists and revokes their own tokens, tokens carry a name, a scope and a last-used time, a
 * read-only token may only read (on every route), and creation and revocation are audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setAccountDisabled, setAccountPassword } from '../../src/accounts/accounts.ts';
import { adminSetAccountDisabled, adminSetPassword } from '../../src/accounts/manage-accounts.ts';
import { ROLES, can } from '../../src/filing/roles.ts';
import type { Role } from '../../src/filing/roles.ts';
import { tokenListSchema } from '../../src/http/schemas.ts';
import { API_ROUTES } from '../../src/http/routes.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import type { Fixture } from './http-fixture.ts';
import { START, createFixture, read } from './http-fixture.ts';

const NEW_PASSWORD = 'another long passphrase';
const ADMIN = { account: 'admin.user', role: 'admin' } as const;

for (const dialect of testDialects()) {
  describe(`API tokens (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: Fixture;
    before(async () => {
      db = await dialect.open();
      fx = await createFixture(db, {
        rateLimits: { precheck: { limit: 10_000, windowMs: 60_000 } },
      });
    });
    after(() => db.destroy());

    async function mint(role: Role, body: Record<string, unknown> = { name: 'script' }) {
      const { cookie, csrf } = await fx.sessionOf(role);
      const created = await fx.request('POST', '/tokens', {
        body,
        headers: { cookie, 'x-csrf-token': csrf },
      });
      assert.equal(created.status, 201, await created.clone().text());
      const token = await read.token(created);
      return { ...token, authorization: `Bearer ${token.token}`, cookie, csrf };
    }
    const whoAmI = (authorization: string) => fx.request('GET', '/session', { headers: { authorization } });

    it('a password reset by the owner (CLI) ends every session and token of the account', async () => {
      const { authorization, cookie } = await mint('applicant');
      assert.equal((await whoAmI(authorization)).status, 200);
      await setAccountPassword(db, 'applicant.user', NEW_PASSWORD);
      assert.equal((await whoAmI(authorization)).status, 401, 'the token is revoked');
      assert.equal((await fx.request('GET', '/session', { headers: { cookie } })).status, 401);
    });

    it('an administrator’s reset and disable revoke tokens too, and say so in the audit', async () => {
      const reset = await mint('registrar-operator');
      await adminSetPassword({
        db,
        actor: ADMIN,
        accountId: fx.accounts.get('registrar-operator') as number,
        password: NEW_PASSWORD,
        now: START,
      });
      assert.equal((await whoAmI(reset.authorization)).status, 401);

      const disabled = await mint('bureau-reviewer');
      const id = fx.accounts.get('bureau-reviewer') as number;
      await adminSetAccountDisabled({ db, actor: ADMIN, accountId: id, disabled: true, now: START });
      await adminSetAccountDisabled({ db, actor: ADMIN, accountId: id, disabled: false, now: START });
      assert.equal((await whoAmI(disabled.authorization)).status, 401, 'enabling again revives nothing');
      const remaining = await db.kysely
        .selectFrom('api_token')
        .select('id')
        .where('account_id', '=', id)
        .execute();
      assert.deepEqual(remaining, []);

      const cli = await mint('provider-reviewer');
      await setAccountDisabled(db, 'provider-reviewer.user', true);
      await setAccountDisabled(db, 'provider-reviewer.user', false);
      assert.equal((await whoAmI(cli.authorization)).status, 401);
    });

    it('lists one’s own tokens with name, scope, dates and last use; never the token or its hash', async () => {
      const full = await mint('admin', { name: 'nightly export', expiresInDays: 30 });
      const readOnly = await mint('admin', { name: 'dashboard', scope: 'read' });
      const other = await mint('applicant', { name: 'not yours' });
      const listed = await fx.request('GET', '/tokens', { headers: { cookie: full.cookie } });
      assert.equal(listed.status, 200);
      const text = await listed.clone().text();
      assert.ok(!text.includes(full.token) && !text.includes('token_hash'), text);
      const tokens = tokenListSchema.parse(await listed.json()).tokens;
      const mine = tokens.filter((t) => t.id === full.id || t.id === readOnly.id);
      assert.deepEqual(
        mine.map((t) => [t.name, t.scope, t.expiresAt, t.lastUsedAt]),
        [
          ['nightly export', 'full', '2026-12-28T04:00:00.000Z', null],
          ['dashboard', 'read', '2027-02-26T04:00:00.000Z', null],
        ],
      );
      assert.ok(!tokens.some((t) => t.id === other.id), 'another account’s token is not listed');
      // Listing works with a token too (it is a read).
      assert.equal(
        (await fx.request('GET', '/tokens', { headers: { authorization: readOnly.authorization } })).status,
        200,
      );
    });

    it('records the last use at most once a minute', async () => {
      const { id, authorization, cookie } = await mint('admin', { name: 'counter' });
      const lastUsed = async () =>
        (
          await db.kysely
            .selectFrom('api_token')
            .select('last_used_at')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).last_used_at;
      assert.equal(await lastUsed(), null);
      try {
        fx.clock.now = new Date(START.getTime() + 1_000);
        await whoAmI(authorization);
        assert.equal(await lastUsed(), '2026-11-28T04:00:01.000Z');
        fx.clock.now = new Date(START.getTime() + 50_000);
        await whoAmI(authorization);
        assert.equal(await lastUsed(), '2026-11-28T04:00:01.000Z', 'within the minute: no write');
        fx.clock.now = new Date(START.getTime() + 62_000);
        await whoAmI(authorization);
        assert.equal(await lastUsed(), '2026-11-28T04:01:02.000Z');
        const tokens = tokenListSchema.parse(
          await (await fx.request('GET', '/tokens', { headers: { cookie } })).json(),
        ).tokens;
        assert.equal(tokens.find((t) => t.id === id)?.lastUsedAt, '2026-11-28T04:01:02.000Z');
      } finally {
        fx.clock.now = START;
      }
    });

    it('revokes one’s own token (204, audited); another account’s is 404 and stays', async () => {
      const mine = await mint('applicant', { name: 'to revoke' });
      const theirs = await mint('admin', { name: 'admin script' });
      const refused = await fx.request('DELETE', `/tokens/${theirs.id}`, {
        headers: { cookie: mine.cookie, 'x-csrf-token': mine.csrf },
      });
      assert.equal(refused.status, 404);
      assert.equal((await whoAmI(theirs.authorization)).status, 200);
      const revoked = await fx.request('DELETE', `/tokens/${mine.id}`, {
        headers: { cookie: mine.cookie, 'x-csrf-token': mine.csrf },
      });
      assert.equal(revoked.status, 204);
      assert.equal((await whoAmI(mine.authorization)).status, 401);
      const again = await fx.request('DELETE', `/tokens/${mine.id}`, {
        headers: { cookie: mine.cookie, 'x-csrf-token': mine.csrf },
      });
      assert.equal(again.status, 404);
      const audit = await db.kysely
        .selectFrom('audit_event')
        .select(['action', 'actor_account', 'target', 'data'])
        .where('action', 'in', ['account.create-token', 'account.revoke-token'])
        .where('target', '=', 'account:applicant.user')
        .orderBy('id')
        .execute();
      const events = audit.map((e) => [e.action, e.actor_account, JSON.parse(String(e.data)) as unknown]);
      assert.deepEqual(events.slice(-2), [
        ['account.create-token', 'applicant.user', { tokenId: mine.id, name: 'to revoke', scope: 'full' }],
        ['account.revoke-token', 'applicant.user', { tokenId: mine.id, name: 'to revoke', scope: 'full' }],
      ]);
    });

    it('refuses a scope it does not know, naming the field', async () => {
      const { cookie, csrf } = await fx.sessionOf('admin');
      const response = await fx.request('POST', '/tokens', {
        body: { name: 'x', scope: 'root' },
        headers: { cookie, 'x-csrf-token': csrf },
      });
      assert.equal(response.status, 400);
      const body = (await response.json()) as { fields: { path: string }[] };
      assert.deepEqual(
        body.fields.map((f) => f.path),
        ['scope'],
      );
    });

    it('a read-only token reads, prechecks, and is refused every change with TOKEN_READ_ONLY', async () => {
      const { authorization } = await mint('applicant', { name: 'reader', scope: 'read' });
      const headers = { authorization };
      assert.equal((await fx.request('GET', '/applications', { headers })).status, 200);
      const precheck = await fx.request('POST', '/precheck', { body: { inputs: ['demo-ok.cn'] }, headers });
      assert.equal(precheck.status, 200);
      const create = await fx.request('POST', '/applications', {
        body: {
          province: '330000',
          subject: { type: 'enterprise', idType: 'uscc', idNumber: '91330100MA2H3X4Y5B' },
          domain: 'demo-ok.cn',
        },
        headers,
      });
      assert.equal(create.status, 403);
      assert.equal(await read.errorCode(create), 'TOKEN_READ_ONLY');
      assert.equal((await whoAmI(authorization)).status, 200, 'still valid after a refusal');
    });

    // The matrix: every route, every role, with a read-only token. A route that changes something
    // (not GET, and not one of the table's read actions) answers 403 TOKEN_READ_ONLY to a role that
    // could otherwise use it; everything else answers as it would to a full token.
    for (const role of ROLES) {
      it(`read-only token of ${role}: every route`, async () => {
        const { authorization } = await mint(role, { name: `matrix ${role}`, scope: 'read' });
        for (const route of API_ROUTES) {
          if (route.method === 'delete' && route.path === '/session') continue; // would revoke it
          const path = route.path.replace(/:\w+/g, '1');
          const response = await fx.request(route.method.toUpperCase(), path, {
            headers: { authorization, 'content-type': 'application/json' },
            ...(route.method === 'get' ? {} : { body: {} }),
          });
          const label = `${route.method} ${route.path} as ${role}: ${response.status}`;
          const allowedByRole =
            route.access === 'anyone' || route.access === 'signed-in' || can(role, route.access);
          const reads =
            route.access === 'anyone' ||
            route.method === 'get' ||
            [
              'precheck',
              'certificate.verify-public',
              'filing.query-public',
              'service-code.read-own',
            ].includes(route.access);
          if (!allowedByRole) assert.equal(response.status, 403, label);
          else if (!reads) {
            assert.equal(response.status, 403, label);
            assert.equal(await read.errorCode(response), 'TOKEN_READ_ONLY', label);
          } else assert.ok(response.status !== 401 && response.status !== 403, label);
        }
      });
    }
  });
}
