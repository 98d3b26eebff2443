import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bureauReview, providerReview, resendSms, verifySms } from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { refusal, submittedDraft } from './filing-steps.ts';
import {
  actor,
  at,
  auditTrail,
  BUREAU,
  DAY,
  HOUR,
  LI_LEI,
  openWorld,
  REVIEWER,
  SUBJECT_LEADER_PHONE,
  smsCode,
  WEBSITE_LEADER_PHONE,
  type World,
} from './workflow-fixture.ts';

/** A code that is surely wrong: the right one with its first digit changed. */
const wrong = (code: string): string => `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;

for (const dialect of testDialects()) {
  describe(`SMS resend and failure (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
    });
    after(() => world?.database.destroy());

    const awaitingSms = async (start: number, domain: string) => {
      const app = await submittedDraft(world, domain, at(start));
      await providerReview({
        ...world.deps(at(start + HOUR)),
        actor: REVIEWER,
        applicationId: app.id,
        decision: { decision: 'approve' },
      });
      return app.id;
    };

    it('resends a new code: the old one stops working, the new one verifies; audited', async () => {
      const id = await awaitingSms(0, 'demo-ok.cn');
      const old = await smsCode(world, id, WEBSITE_LEADER_PHONE);
      const d = { ...world.deps(at(2 * HOUR)), actor: LI_LEI, applicationId: id };
      const resent = await resendSms({ ...d, input: { phone: '+86 139-0013-9000' } });
      assert.equal(resent.application.status, 'awaiting-sms');
      const recipient = resent.status.recipients.find((r) => r.phone === WEBSITE_LEADER_PHONE);
      assert.equal(recipient?.resendCount, 1);
      assert.equal(recipient?.expiresAt, at(2 * HOUR + DAY).toISOString());
      const fresh = await smsCode(world, id, WEBSITE_LEADER_PHONE);
      if (fresh !== old) {
        const stale = await verifySms({ ...d, input: { phone: WEBSITE_LEADER_PHONE, code: old } });
        assert.equal(stale.outcome, 'wrong-code');
      }
      const ok = await verifySms({ ...d, input: { phone: WEBSITE_LEADER_PHONE, code: fresh } });
      assert.equal(ok.outcome, 'verified');
      const events = await world.database.kysely
        .selectFrom('audit_event')
        .select(['action', 'data', 'actor_account'])
        .where('application_id', '=', id)
        .where('action', '=', 'application.resend-sms')
        .execute();
      assert.equal(events.length, 1);
      assert.equal(events[0]?.actor_account, 'li.lei');
      assert.equal((JSON.parse(events[0]?.data ?? '{}') as { phone?: string }).phone, WEBSITE_LEADER_PHONE);
      // A verified phone has nothing to resend; another account's application is not found.
      await assert.rejects(
        resendSms({ ...d, input: { phone: WEBSITE_LEADER_PHONE } }),
        refusal('SMS_FAILED'),
      );
      await assert.rejects(resendSms({ ...d, input: { phone: '13700137000' } }), refusal('SMS_FAILED'));
      await assert.rejects(
        resendSms({ ...d, actor: actor('zhang.wei'), input: { phone: SUBJECT_LEADER_PHONE } }),
        refusal('NOT_FOUND'),
      );
      const code = await smsCode(world, id, SUBJECT_LEADER_PHONE);
      const done = await verifySms({ ...d, input: { phone: SUBJECT_LEADER_PHONE, code } });
      assert.equal(done.application.status, 'bureau-review');
      await assert.rejects(
        resendSms({ ...d, input: { phone: SUBJECT_LEADER_PHONE } }),
        refusal('INVALID_TRANSITION'),
      );
      await bureauReview({ ...d, actor: BUREAU, decision: { decision: 'approve' } });
    });

    it('five wrong codes return the application to provider review; a new round then completes', async () => {
      const id = await awaitingSms(2 * DAY, '示例科技.中国');
      const d = { ...world.deps(at(2 * DAY + 2 * HOUR)), actor: LI_LEI, applicationId: id };
      const right = await smsCode(world, id, SUBJECT_LEADER_PHONE);
      for (let tries = 4; tries >= 1; tries -= 1) {
        const r = await verifySms({ ...d, input: { phone: SUBJECT_LEADER_PHONE, code: wrong(right) } });
        assert.equal(r.outcome, 'wrong-code');
        assert.equal(r.triesLeft, tries);
        assert.equal(r.application.status, 'awaiting-sms');
      }
      const fifth = await verifySms({ ...d, input: { phone: SUBJECT_LEADER_PHONE, code: wrong(right) } });
      assert.equal(fifth.outcome, 'failed');
      assert.equal(fifth.application.status, 'provider-review');
      // Committed, not only returned: the stored status and the audit trail agree.
      const stored = await world.database.kysely
        .selectFrom('application')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.status, 'provider-review');
      const trail = await auditTrail(world, id);
      assert.deepEqual(trail.at(-1), {
        action: 'application.transition',
        from: 'awaiting-sms',
        to: 'provider-review',
        actor: 'li.lei',
      });
      // The failed code cannot be resent: the provider must review again (Huawei Cloud 备案短信核验).
      await assert.rejects(
        resendSms({ ...d, input: { phone: SUBJECT_LEADER_PHONE } }),
        refusal('INVALID_TRANSITION'),
      );
      await providerReview({
        ...world.deps(at(2 * DAY + 3 * HOUR)),
        actor: REVIEWER,
        applicationId: id,
        decision: { decision: 'approve' },
      });
      const later = { ...d, ...world.deps(at(2 * DAY + 4 * HOUR)) };
      let status = '';
      for (const phone of [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE]) {
        const r = await verifySms({ ...later, input: { phone, code: await smsCode(world, id, phone) } });
        assert.equal(r.outcome, 'verified');
        status = r.application.status;
      }
      assert.equal(status, 'bureau-review');
    });
  });
}
