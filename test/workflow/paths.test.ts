import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runDueJobs } from '../../src/jobs/index.ts';
import {
  bureauReview,
  cancelAccess,
  cancelSubject,
  cancelWebsite,
  createApplication,
  providerReview,
  reminderAction,
  submitApplication,
  updateDraft,
  verifySms,
  withdrawApplication,
  WorkflowError,
  workflowJobHandlers,
} from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
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
  S1,
  S2,
  SUBJECT_LEADER_PHONE,
  smsCode,
  T0,
  typeCheck,
  website,
  WEBSITE_LEADER_PHONE,
  type World,
} from './workflow-fixture.ts';

const refusal = (code: string) => (error: unknown) => {
  assert.ok(error instanceof WorkflowError, String(error));
  assert.equal(error.code, code);
  assert.ok(error.messages.zh.length > 0 && error.messages.en.length > 0);
  return true;
};

async function submittedDraft(world: World, domain = 'demo-ok.cn', now = at(0)) {
  const d = { ...world.deps(now), actor: LI_LEI };
  const { application } = await createApplication({ ...d, input: typeCheck(S1, domain) });
  await updateDraft({
    ...d,
    applicationId: application.id,
    form: { subject: S1, websites: [website(domain)] },
  });
  return submitApplication({ ...d, applicationId: application.id });
}

for (const dialect of testDialects()) {
  describe(`workflow paths (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
    });
    after(() => world?.database.destroy());

    it('provider rejection with field reasons goes back to draft on edit, then resubmits', async () => {
      const app = await submittedDraft(world);
      const reasons = [
        { path: 'websites.0.name', message: { zh: '网站名称不符合要求', en: 'Website name not allowed' } },
      ];
      const rejected = await providerReview({
        ...world.deps(at(HOUR)),
        actor: REVIEWER,
        applicationId: app.id,
        decision: { decision: 'reject', reasons },
      });
      assert.equal(rejected.status, 'provider-rejected');
      assert.deepEqual(rejected.rejection?.reasons, reasons);
      await assert.rejects(
        providerReview({
          ...world.deps(),
          actor: REVIEWER,
          applicationId: app.id,
          decision: { decision: 'reject', reasons: [] },
        }),
        refusal('VALIDATION_FAILED'),
      );
      const edited = await updateDraft({
        ...world.deps(at(2 * HOUR)),
        actor: LI_LEI,
        applicationId: app.id,
        form: { subject: S1, websites: [website('demo-ok.cn', '示例科技门户网站')] },
      });
      assert.equal(edited.application.status, 'draft');
      const again = await submitApplication({
        ...world.deps(at(3 * HOUR)),
        actor: LI_LEI,
        applicationId: app.id,
      });
      assert.equal(again.status, 'provider-review');
      assert.equal(again.rejection, null);
      await withdrawApplication({ ...world.deps(at(4 * HOUR)), actor: LI_LEI, applicationId: app.id });
    });

    it('bureau rejection returns to draft on edit; audit events equal transitions', async () => {
      const app = await submittedDraft(world);
      await providerReview({
        ...world.deps(at(HOUR)),
        actor: REVIEWER,
        applicationId: app.id,
        decision: { decision: 'approve' },
      });
      for (const phone of [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE])
        await verifySms({
          ...world.deps(at(HOUR)),
          actor: LI_LEI,
          applicationId: app.id,
          input: { phone, code: await smsCode(world, app.id, phone) },
        });
      const reasons = [
        {
          path: 'subject.mailingAddress',
          message: { zh: '通讯地址不详细', en: 'Mailing address incomplete' },
        },
      ];
      const result = await bureauReview({
        ...world.deps(at(2 * HOUR)),
        actor: BUREAU,
        applicationId: app.id,
        decision: { decision: 'reject', reasons },
      });
      assert.equal(result.application.status, 'bureau-rejected');
      const edited = await updateDraft({
        ...world.deps(at(3 * HOUR)),
        actor: LI_LEI,
        applicationId: app.id,
        form: { subject: S1, websites: [website('demo-ok.cn')] },
      });
      assert.equal(edited.application.status, 'draft');
      const trail = await auditTrail(world, app.id);
      assert.deepEqual(
        trail.map((e) => e.to),
        ['draft', 'provider-review', 'awaiting-sms', 'bureau-review', 'bureau-rejected', 'draft'],
      );
      await withdrawApplication({ ...world.deps(at(4 * HOUR)), actor: LI_LEI, applicationId: app.id });
    });

    it('SMS not completed in 24 h returns the order to the provider (runDueJobs, injected now)', async () => {
      const app = await submittedDraft(world);
      await providerReview({
        ...world.deps(at(HOUR)),
        actor: REVIEWER,
        applicationId: app.id,
        decision: { decision: 'approve' },
      });
      const handlers = workflowJobHandlers(world);
      await runDueJobs(world.database, handlers, at(HOUR + 23 * HOUR));
      const before = await world.database.kysely
        .selectFrom('application')
        .select('status')
        .where('id', '=', app.id)
        .executeTakeFirstOrThrow();
      assert.equal(before.status, 'awaiting-sms');
      await runDueJobs(world.database, handlers, at(HOUR + 24 * HOUR));
      const trail = await auditTrail(world, app.id);
      assert.deepEqual(trail.at(-1), {
        action: 'application.transition',
        from: 'awaiting-sms',
        to: 'provider-review',
        actor: 'system',
      });
      await withdrawApplication({ ...world.deps(at(2 * DAY)), actor: LI_LEI, applicationId: app.id });
    });

    it('an idle draft gets reminders at 7, 15 and 30 days and expires at 45', async () => {
      const d = { ...world.deps(at(0)), actor: LI_LEI };
      const { application } = await createApplication({ ...d, input: typeCheck(S1, 'demo-fresh.cn') });
      const handlers = workflowJobHandlers(world);
      for (const day of [6, 7, 8, 15, 30, 44, 45])
        await runDueJobs(world.database, handlers, at(day * DAY + HOUR));
      const trail = await auditTrail(world, application.id);
      assert.deepEqual(
        trail.map((e) => e.action + ':' + (e.to ?? '')),
        [
          'application.create:draft',
          `${reminderAction(7)}:draft`,
          `${reminderAction(15)}:draft`,
          `${reminderAction(30)}:draft`,
          'application.transition:expired',
        ],
      );
    });

    it('two concurrent submits for one domain: exactly one succeeds', async () => {
      const d = { ...world.deps(at(5 * DAY)), actor: LI_LEI };
      // Submits hold only on evidence of control (issue 12, squatting): li.lei's registrar account
      // holds the domain, real-name verified to S1, so both submits try to hold it.
      await world.database.kysely
        .insertInto('registrar_domain')
        .values({
          domain: 'xn--fsqz57bwsqkra.xn--fiqs8s',
          registrar_id: 'aliyun',
          account: 'li.lei',
          holder_name: S1.name,
          holder_type: 'enterprise',
          holder_id_type: 'uscc',
          holder_id_number: S1.idNumber,
          registered_at: T0.toISOString(),
          expires_at: '2030-01-01T00:00:00.000Z',
          status: 'active',
          transferred_to: null,
          transferred_at: null,
          real_name_status: 'verified',
          real_name_verified_at: T0.toISOString(),
          real_name_reported_at: T0.toISOString(),
          created_at: T0.toISOString(),
          updated_at: T0.toISOString(),
        })
        .execute();
      const ids: number[] = [];
      for (let i = 0; i < 2; i++) {
        const { application } = await createApplication({ ...d, input: typeCheck(S1, '示例科技.中国') });
        await updateDraft({
          ...d,
          applicationId: application.id,
          form: { subject: S1, websites: [website('示例科技.中国')] },
        });
        ids.push(application.id);
      }
      const results = await Promise.allSettled(
        ids.map((id) => submitApplication({ ...d, applicationId: id })),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const failed = results.find((r) => r.status === 'rejected');
      assert.ok(
        failed?.status === 'rejected' && failed.reason instanceof WorkflowError,
        'the other submit is refused',
      );
      const held = await world.database.kysely
        .selectFrom('application_domain')
        .selectAll()
        .where('domain', '=', 'xn--fsqz57bwsqkra.xn--fiqs8s')
        .execute();
      assert.equal(held.length, 1);
      for (const id of ids) await withdrawApplication({ ...d, applicationId: id }).catch(() => undefined);
      await world.database.kysely
        .deleteFrom('registrar_domain')
        .where('domain', '=', 'xn--fsqz57bwsqkra.xn--fiqs8s')
        .execute();
    });

    it('refuses what the permission table does not allow, and other accounts’ applications', async () => {
      const app = await submittedDraft(world, 'demo-ok.cn', at(6 * DAY));
      const d = world.deps(at(6 * DAY));
      await assert.rejects(
        providerReview({ ...d, actor: LI_LEI, applicationId: app.id, decision: { decision: 'approve' } }),
        refusal('FORBIDDEN'),
      );
      await assert.rejects(
        bureauReview({ ...d, actor: REVIEWER, applicationId: app.id, decision: { decision: 'approve' } }),
        refusal('FORBIDDEN'),
      );
      await assert.rejects(
        createApplication({ ...d, actor: REVIEWER, input: typeCheck(S1, 'demo-ok.cn') }),
        refusal('FORBIDDEN'),
      );
      await assert.rejects(
        withdrawApplication({ ...d, actor: actor('zhang.wei'), applicationId: app.id }),
        refusal('NOT_FOUND'),
      );
      await assert.rejects(
        bureauReview({ ...d, actor: BUREAU, applicationId: app.id, decision: { decision: 'approve' } }),
        refusal('INVALID_TRANSITION'),
      );
      // Seed Q9: the filing-type check does not tell wang.wu that S2 has an account here (issue 12);
      // submitting refuses it (test/workflow/squatting.test.ts). Q7: a domain filed by another subject.
      const q9 = await createApplication({
        ...d,
        actor: actor('wang.wu'),
        input: typeCheck(S2, 'demo-s2-new.cn'),
      });
      assert.equal(q9.application.filingType, 'add-website');
      await assert.rejects(
        createApplication({ ...d, actor: LI_LEI, input: typeCheck(S1, 'demo-prev-owner.cn') }),
        refusal('FILING_TYPE_BLOCKED'),
      );
      await withdrawApplication({ ...d, actor: LI_LEI, applicationId: app.id });
    });

    it('cancels access, a website and a subject; numbers are not reused', async () => {
      const han = actor('han.meimei');
      const d = { ...world.deps(at(7 * DAY)), actor: han };
      await assert.rejects(
        cancelWebsite({ ...d, actor: LI_LEI, websiteNumber: '京ICP备2021012345号-1' }),
        refusal('NOT_FOUND'),
      );
      const access = await cancelAccess({ ...d, websiteNumber: '京ICP备2021012345号-1' });
      assert.deepEqual(access.providers, []);
      await assert.rejects(
        cancelAccess({ ...d, websiteNumber: '京ICP备2021012345号-1' }),
        refusal('INVALID_TRANSITION'),
      );
      // Its only website: cancelling it cancels the subject too (注销网站).
      const cancelled = await cancelWebsite({ ...d, websiteNumber: '京ICP备2021012345号-1' });
      assert.equal(cancelled.subjectCancelled, '京ICP备2021012345号');
      await assert.rejects(
        cancelWebsite({ ...d, websiteNumber: '京ICP备2021012345号-1' }),
        refusal('NOT_FOUND'),
      );
      await assert.rejects(
        cancelSubject({ ...d, subjectNumber: '京ICP备2021012345号' }),
        refusal('NOT_FOUND'),
      );
      const events = await world.database.kysely
        .selectFrom('audit_event')
        .select('action')
        .where('actor_account', '=', 'han.meimei')
        .execute();
      assert.deepEqual(
        events.map((e) => e.action),
        ['filing.cancel-access', 'filing.cancel-website'],
      );
    });
  });
}
