import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { runDueJobs } from '../../src/jobs/index.ts';
import {
  bureauReview,
  providerReview,
  resendSms,
  restartSms,
  verifySms,
  WorkflowError,
  workflowJobHandlers,
} from '../../src/workflow/index.ts';
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
      // The 24 h run from the first code (at 1 h), not from the resend (issue 12).
      assert.equal(recipient?.expiresAt, at(HOUR + DAY).toISOString());
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

  describe(`SMS limits in the workflow (${dialect.name})`, { skip: dialect.skip }, () => {
    // A world per test: each takes demo-ok.cn through SMS verification and leaves it held.
    let world: World;
    beforeEach(async () => {
      world = await openWorld(() => dialect.open());
    });
    afterEach(() => world?.database.destroy());

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

    it('refuses a resend too soon, saying when it may go in zh and en (issue 12)', async () => {
      const id = await awaitingSms(0, 'demo-ok.cn');
      const d = { ...world.deps(at(HOUR + 10_000)), actor: LI_LEI, applicationId: id };
      await assert.rejects(resendSms({ ...d, input: { phone: SUBJECT_LEADER_PHONE } }), (error: unknown) => {
        refusal('SMS_RESEND_LIMITED')(error);
        const e = error as WorkflowError;
        // 60 s after the code sent at 1 h (13:00 in Asia/Shanghai).
        assert.match(e.messages.zh, /60 秒.*2026-11-28 13:01:00/);
        assert.match(e.messages.en, /60 seconds.*2026-11-28 13:01:00/);
        assert.deepEqual(
          e.fields.map((f) => [f.path, f.code]),
          [['phone', 'SMS_RESEND_LIMITED']],
        );
        return true;
      });
      const later = { ...d, ...world.deps(at(HOUR + 60_000)) };
      const resent = await resendSms({ ...later, input: { phone: SUBJECT_LEADER_PHONE } });
      assert.equal(resent.status.resendsLeft, 4);
    });

    it('counts wrong codes across resends: four, a resend, one more fails it (issue 12)', async () => {
      const id = await awaitingSms(0, 'demo-ok.cn');
      const d = { ...world.deps(at(2 * HOUR)), actor: LI_LEI, applicationId: id };
      const right = await smsCode(world, id, SUBJECT_LEADER_PHONE);
      for (let i = 0; i < 4; i++)
        await verifySms({ ...d, input: { phone: SUBJECT_LEADER_PHONE, code: wrong(right) } });
      await resendSms({ ...d, input: { phone: SUBJECT_LEADER_PHONE } });
      const fresh = await smsCode(world, id, SUBJECT_LEADER_PHONE);
      const fifth = await verifySms({ ...d, input: { phone: SUBJECT_LEADER_PHONE, code: wrong(fresh) } });
      assert.equal(fifth.outcome, 'failed');
      assert.equal(fifth.application.status, 'provider-review');
      // Locked: no code is checked and none is sent until a reviewer approves a new round.
      await assert.rejects(
        verifySms({ ...d, input: { phone: SUBJECT_LEADER_PHONE, code: fresh } }),
        refusal('INVALID_TRANSITION'),
      );
      await assert.rejects(
        resendSms({ ...d, input: { phone: SUBJECT_LEADER_PHONE } }),
        refusal('INVALID_TRANSITION'),
      );
    });

    it('times out 24 h after the first code even when a code was resent since (issue 12)', async () => {
      const id = await awaitingSms(0, 'demo-ok.cn');
      const d = { ...world.deps(at(20 * HOUR)), actor: LI_LEI, applicationId: id };
      await resendSms({ ...d, input: { phone: WEBSITE_LEADER_PHONE } });
      const handlers = workflowJobHandlers(world);
      await runDueJobs(world.database, handlers, at(HOUR + DAY));
      const stored = await world.database.kysely
        .selectFrom('application')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.status, 'provider-review');
    });

    it('lets a provider reviewer restart SMS verification: new codes and counts, audited (issue 12)', async () => {
      const id = await awaitingSms(0, 'demo-ok.cn');
      const start = HOUR;
      const applicant = { ...world.deps(at(start + HOUR)), actor: LI_LEI, applicationId: id };
      const old = await smsCode(world, id, SUBJECT_LEADER_PHONE);
      await verifySms({ ...applicant, input: { phone: SUBJECT_LEADER_PHONE, code: wrong(old) } });
      // Spend the round's resends.
      for (let i = 0; i < 5; i++) {
        const phone = i % 2 ? SUBJECT_LEADER_PHONE : WEBSITE_LEADER_PHONE;
        await resendSms({ ...applicant, ...world.deps(at(start + HOUR + i * 2 * 60_000)), input: { phone } });
      }
      const spent = { ...applicant, ...world.deps(at(start + 2 * HOUR)) };
      await assert.rejects(
        resendSms({ ...spent, input: { phone: SUBJECT_LEADER_PHONE } }),
        (error: unknown) =>
          refusal('SMS_RESEND_LIMITED')(error) &&
          /审核员重新发起短信核验/.test((error as WorkflowError).messages.zh),
      );
      // Only a reviewer may restart, and only while the application awaits SMS verification.
      await assert.rejects(restartSms({ ...spent, applicationId: id }), refusal('FORBIDDEN'));
      const restarted = await restartSms({
        ...world.deps(at(start + 3 * HOUR)),
        actor: REVIEWER,
        applicationId: id,
      });
      assert.equal(restarted.application.status, 'awaiting-sms');
      assert.deepEqual(
        [restarted.status.resendsLeft, restarted.status.triesLeft, restarted.status.wrongAttempts],
        [5, 10, 0],
      );
      assert.ok(
        restarted.status.recipients.every((r) => r.expiresAt === at(start + 3 * HOUR + DAY).toISOString()),
      );
      const trail = await auditTrail(world, id);
      assert.deepEqual(trail.at(-1), {
        action: 'application.restart-sms',
        from: 'awaiting-sms',
        to: 'awaiting-sms',
        actor: 'zhao.reviewer',
      });
      // The first round's timeout no longer applies; the new round's does, 24 h after the restart.
      const handlers = workflowJobHandlers(world);
      await runDueJobs(world.database, handlers, at(start + DAY));
      const statusOf = async () =>
        (
          await world.database.kysely
            .selectFrom('application')
            .select('status')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).status;
      assert.equal(await statusOf(), 'awaiting-sms');
      await runDueJobs(world.database, handlers, at(start + 3 * HOUR + DAY));
      assert.equal(await statusOf(), 'provider-review');
      await assert.rejects(
        restartSms({ ...world.deps(at(start + 3 * HOUR + DAY)), actor: REVIEWER, applicationId: id }),
        refusal('INVALID_TRANSITION'),
      );
    });
  });
}
