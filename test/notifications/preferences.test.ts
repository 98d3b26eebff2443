/**
 * 通知偏好 (issue 16): an account turns kinds off per channel; the outbox then creates no e-mail or SMS
 * of that kind (the responsible persons' included) while the inbox keeps the notice; mandatory kinds
 * (短信核验 waiting …) cannot be turned off, and a stored row for one is ignored; each change is one
 * audit event, none when nothing changed. SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  listPreferences,
  MANDATORY_KINDS,
  PREFERENCE_KINDS,
  runNotificationPass,
  setPreferences,
} from '../../src/notifications/index.ts';
import type { Database } from '../../src/store/index.ts';
import { providerReview, withdrawApplication, WorkflowError } from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { submittedDraft } from '../workflow/filing-steps.ts';
import type { World } from '../workflow/workflow-fixture.ts';
import { at, HOUR, LI_LEI, openWorld, REVIEWER, T0 } from '../workflow/workflow-fixture.ts';

const SETTINGS = { publicUrl: 'https://beian.example.cn' };

for (const dialect of testDialects()) {
  describe(`notification preferences (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    let database: Database;
    before(async () => {
      world = await openWorld(() => dialect.open());
      database = world.database;
      // li.lei's own e-mail, already confirmed.
      await database.kysely
        .insertInto('notification_recipient')
        .values({
          account: LI_LEI.account,
          channel: 'email',
          address: 'li.lei@example.cn',
          lang: 'zh',
          is_account_email: 1,
          verified_at: T0.toISOString(),
          token_hash: null,
          token_expires_at: null,
          created_at: T0.toISOString(),
        })
        .execute();
    });
    after(() => database?.destroy());
    beforeEach(async () => {
      await database.kysely.deleteFrom('notification_preference').execute();
      await runNotificationPass(database, SETTINGS, T0);
      await database.kysely.deleteFrom('notification_delivery').execute();
    });

    const deliveriesOf = async (kind: string, applicationId: number) =>
      (
        await database.kysely
          .selectFrom('notification_delivery')
          .select(['channel', 'recipient'])
          .where('kind', '=', kind)
          .where('application_id', '=', applicationId)
          .execute()
      )
        .map((d) => `${d.channel}:${d.recipient}`)
        .sort();

    it('sends no e-mail or SMS of a kind turned off, keeps the inbox notice, and audits the change once', async () => {
      const set = await setPreferences({
        database,
        actor: LI_LEI,
        now: T0,
        off: [
          { kind: 'submitted', channel: 'email' },
          { kind: 'submitted', channel: 'sms' },
          { kind: 'approved', channel: 'sms' },
        ],
      });
      const submitted = set.find((p) => p.kind === 'submitted');
      assert.deepEqual([submitted?.email, submitted?.sms], [false, false]);
      assert.deepEqual(
        (() => {
          const a = set.find((p) => p.kind === 'approved');
          return [a?.email, a?.sms];
        })(),
        [true, false],
      );
      // The same settings again change nothing and write no second event.
      await setPreferences({
        database,
        actor: LI_LEI,
        now: T0,
        off: [
          { kind: 'approved', channel: 'sms' },
          { kind: 'submitted', channel: 'sms' },
          { kind: 'submitted', channel: 'email' },
        ],
      });
      const events = await database.kysely
        .selectFrom('audit_event')
        .select(['actor_account', 'target', 'data'])
        .where('action', '=', 'notification.preferences')
        .execute();
      assert.equal(events.length, 1);
      assert.equal(events[0]?.target, `account:${LI_LEI.account}`);

      const app = await submittedDraft(world, 'demo-ok.cn', at(HOUR));
      await runNotificationPass(database, SETTINGS, at(HOUR));
      assert.deepEqual(await deliveriesOf('submitted', app.id), ['inbox:li.lei']);
      // A kind left on still goes everywhere: the rejection reaches the e-mail and both phones.
      await providerReview({
        ...world.deps(at(2 * HOUR)),
        actor: REVIEWER,
        applicationId: app.id,
        decision: {
          decision: 'reject',
          reasons: [{ path: 'subject.name', message: { zh: '名称不符', en: 'Name differs' } }],
        },
      });
      await runNotificationPass(database, SETTINGS, at(2 * HOUR));
      assert.deepEqual(await deliveriesOf('rejected', app.id), [
        'email:li.lei@example.cn',
        'email:wang@example.cn',
        'inbox:li.lei',
        'sms:13800138000',
        'sms:13900139000',
      ]);
      await withdrawApplication({ ...world.deps(at(3 * HOUR)), actor: LI_LEI, applicationId: app.id });
    });

    it('refuses to turn off a mandatory kind, naming the entry, and ignores one stored anyway', async () => {
      await assert.rejects(
        setPreferences({
          database,
          actor: LI_LEI,
          now: T0,
          off: [
            { kind: 'approved', channel: 'email' },
            { kind: 'sms-waiting', channel: 'sms' },
            { kind: 'no-such-kind', channel: 'email' },
            { kind: 'rejected', channel: 'inbox' },
          ],
        }),
        (error: unknown) => {
          assert.ok(error instanceof WorkflowError, String(error));
          assert.equal(error.code, 'VALIDATION_FAILED');
          assert.deepEqual(
            error.fields.map((f) => [f.path, f.code]),
            [
              ['off.1.kind', 'MANDATORY'],
              ['off.2.kind', 'UNKNOWN_KIND'],
              ['off.3.channel', 'UNKNOWN_CHANNEL'],
            ],
          );
          assert.match(error.fields[0]?.message.zh ?? '', /不能关闭/);
          assert.match(error.fields[0]?.message.en ?? '', /cannot be turned off/);
          return true;
        },
      );
      // Nothing half-written: the valid entry of the refused request is not stored either.
      assert.deepEqual(await database.kysely.selectFrom('notification_preference').selectAll().execute(), []);

      // A row for a mandatory kind (written by hand, or by an older version) changes nothing.
      await database.kysely
        .insertInto('notification_preference')
        .values({
          account: LI_LEI.account,
          kind: 'sms-waiting',
          channel: 'sms',
          created_at: T0.toISOString(),
        })
        .execute();
      const listed = await listPreferences(database.kysely, LI_LEI.account);
      const waiting = listed.find((p) => p.kind === 'sms-waiting');
      assert.ok(waiting?.mandatory, 'listed as mandatory with its reason');
      assert.equal(waiting.sms, true);
      const app = await submittedDraft(world, 'demo-ok.cn', at(HOUR));
      await providerReview({
        ...world.deps(at(2 * HOUR)),
        actor: REVIEWER,
        applicationId: app.id,
        decision: { decision: 'approve' },
      });
      await runNotificationPass(database, SETTINGS, at(2 * HOUR));
      assert.deepEqual(await deliveriesOf('sms-waiting', app.id), [
        'email:li.lei@example.cn',
        'email:wang@example.cn',
        'inbox:li.lei',
        'sms:13800138000',
        'sms:13900139000',
      ]);
    });

    it('lists every kind an account can receive, mandatory ones with why, all on by default', async () => {
      const listed = await listPreferences(database.kysely, 'nobody.yet');
      assert.deepEqual(
        listed.map((p) => p.kind),
        [...PREFERENCE_KINDS],
      );
      assert.ok(!listed.some((p) => p.kind === 'verify-recipient' || p.kind === 'review-waiting'));
      assert.ok(listed.every((p) => p.email && p.sms));
      for (const p of listed)
        assert.equal(p.mandatory !== null, Object.hasOwn(MANDATORY_KINDS, p.kind), p.kind);
    });
  });
}
