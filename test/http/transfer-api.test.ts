/**
 * 转移备案 (issue 15, seed Q9) over the JSON API, SQLite and PostgreSQL: only applicants ask (anonymous
 * and other roles refused), an account sees only its own requests, the principal answers with the
 * texted token and code (a wrong code is a field error, the request is answered once), a request dies
 * after 24 hours, and the per-account request limit is answered 429.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import type { WorkflowFixture } from './workflow-api-fixture.ts';
import { createWorkflowFixture, expectError, HOUR } from './workflow-api-fixture.ts';

/** han.meimei's filed subject in the demo data, and the phone its 主体负责人 answers on. */
const SUBJECT = '京ICP备2021012345号';
const PRINCIPAL = '13700137000';

type Transfer = { id: number; state: string; expiresAt: string };

for (const dialect of testDialects()) {
  describe(`filing transfer over the API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: WorkflowFixture;
    before(async () => {
      db = await dialect.open();
      fx = await createWorkflowFixture(db);
      // What the bureau holds of the subject: its principal's mobile (as a 变更主体 records it).
      await db.kysely
        .updateTable('filed_subject')
        .set({
          details: JSON.stringify({ responsiblePerson: { name: '韩梅梅', mobile: PRINCIPAL } }),
        })
        .where('subject_number', '=', SUBJECT)
        .execute();
    });
    after(() => db?.destroy());

    /** The token and code of the latest text to the principal. */
    async function latestText(): Promise<{ token: string; code: string }> {
      const row = await db.kysely
        .selectFrom('sms_outbox')
        .select('body')
        .where('phone', '=', PRINCIPAL)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      const token = /\/transfer\/([A-Za-z0-9_-]+)/.exec(row?.body ?? '')?.[1];
      const code = /验证码：(\d{6})/.exec(row?.body ?? '')?.[1];
      if (!token || !code) throw new Error(`no transfer text: ${row?.body ?? ''}`);
      return { token, code };
    }
    const holder = async () =>
      (
        await db.kysely
          .selectFrom('filed_subject')
          .select('account')
          .where('subject_number', '=', SUBJECT)
          .executeTakeFirstOrThrow()
      ).account;

    it('lets only applicants ask, and each sees only their own requests', async () => {
      await expectError(await fx.anonymous('POST', '/transfers', { query: SUBJECT }), 401, 'UNAUTHENTICATED');
      await expectError(await fx.anonymous('GET', '/transfers'), 401, 'UNAUTHENTICATED');
      for (const role of ['provider-reviewer', 'admin'] as const) {
        const caller = await fx.as(role);
        await expectError(await caller('POST', '/transfers', { query: SUBJECT }), 403, 'FORBIDDEN');
      }
      const bad = await expectError(
        await (
          await fx.as('li.lei')
        )('POST', '/transfers', { query: 'x'.repeat(101) }),
        400,
        'VALIDATION_FAILED',
      );
      assert.ok(bad.fields?.some((f) => f.path === 'query'));
      const chen = await fx.as('chen.jing');
      const asked = await chen('POST', '/transfers', { query: SUBJECT });
      assert.equal(asked.status, 202);
      const han = await fx.as('han.meimei');
      const theirs = (await (await han('GET', '/transfers')).json()) as { transfers: Transfer[] };
      assert.deepEqual(theirs.transfers, []);
      const mine = (await (await chen('GET', '/transfers')).json()) as { transfers: Transfer[] };
      assert.deepEqual(
        mine.transfers.map((t) => t.state),
        ['pending'],
      );
    });

    it('moves the subject on the right code, once; a wrong code is refused at its field', async () => {
      const li = await fx.as('li.lei');
      assert.equal((await li('POST', '/transfers', { query: SUBJECT })).status, 202);
      const { token, code } = await latestText();
      // The principal needs no account: the token is the key, sent in the body (never the URL).
      const read = await fx.anonymous('POST', '/transfers/read', { token });
      assert.equal(read.status, 200);
      const view = (await read.json()) as { state: string; requester: string; fromAccount: string };
      assert.deepEqual([view.state, view.requester, view.fromAccount], ['open', 'li.lei', 'han.meimei']);
      await expectError(
        await fx.anonymous('POST', '/transfers/read', { token: 'A'.repeat(43) }),
        404,
        'NOT_FOUND',
      );
      const wrongCode = code === '000000' ? '111111' : '000000';
      const wrong = await expectError(
        await fx.anonymous('POST', '/transfers/answer', { token, decision: 'confirm', code: wrongCode }),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(
        wrong.fields?.map((f) => [f.path, f.code]),
        [['code', 'TRANSFER_CODE_WRONG']],
      );
      assert.equal(await holder(), 'han.meimei');
      const done = await fx.anonymous('POST', '/transfers/answer', { token, decision: 'confirm', code });
      assert.equal(done.status, 200);
      assert.deepEqual(await done.json(), {
        outcome: 'confirmed',
        subjectNumber: SUBJECT,
        requester: 'li.lei',
      });
      assert.equal(await holder(), 'li.lei');
      await expectError(
        await fx.anonymous('POST', '/transfers/answer', { token, decision: 'decline' }),
        409,
        'INVALID_TRANSITION',
      );
      const mine = (await (await li('GET', '/transfers')).json()) as { transfers: Transfer[] };
      assert.equal(mine.transfers[0]?.state, 'transferred');
    });

    it('lets a request die after 24 hours', async () => {
      const zhang = await fx.as('zhang.wei');
      assert.equal((await zhang('POST', '/transfers', { query: SUBJECT })).status, 202);
      const { token, code } = await latestText();
      fx.clock.now = new Date(fx.clock.now.getTime() + 24 * HOUR + 1);
      const read = (await (await fx.anonymous('POST', '/transfers/read', { token })).json()) as {
        state: string;
      };
      assert.equal(read.state, 'expired');
      await expectError(
        await fx.anonymous('POST', '/transfers/answer', { token, decision: 'confirm', code }),
        409,
        'INVALID_TRANSITION',
      );
      assert.equal(await holder(), 'li.lei');
    });

    it('answers 429 past 5 requests a day per account', async () => {
      const nanning = await fx.as('nanning.shop');
      for (let i = 0; i < 5; i += 1)
        assert.equal((await nanning('POST', '/transfers', { query: `9111010800000000${i}X` })).status, 202);
      const limited = await nanning('POST', '/transfers', { query: SUBJECT });
      await expectError(limited, 429, 'TRANSFER_REQUEST_LIMITED');
      // Another account is not held back.
      assert.equal(
        (await (await fx.as('han.meimei'))('POST', '/transfers', { query: '91110108000000009X' })).status,
        202,
      );
    });
  });
}
