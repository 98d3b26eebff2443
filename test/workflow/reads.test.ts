/**
 * The read use cases the API and the pages share: one application (own or any), the lists, a
 * reviewer's queue with waiting times, and the timeline from the audit trail.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Application } from '../../src/workflow/index.ts';
import {
  applicationTimeline,
  createApplication,
  listApplications,
  providerReview,
  readApplication,
  reviewQueue,
  submitApplication,
  updateDraft,
} from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { refusal, submittedDraft } from './filing-steps.ts';
import {
  actor,
  at,
  BUREAU,
  HOUR,
  LI_LEI,
  openWorld,
  REVIEWER,
  S5,
  typeCheck,
  website,
  type World,
} from './workflow-fixture.ts';

const CHEN = actor('chen.jing');
const ADMIN = actor('root.admin', 'admin');

for (const dialect of testDialects()) {
  describe(`workflow reads (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    let first: Application;
    let second: Application;
    let draft: Application;
    before(async () => {
      world = await openWorld(() => dialect.open());
      first = await submittedDraft(world, 'demo-ok.cn', at(HOUR));
      const d = { ...world.deps(at(2 * HOUR)), actor: CHEN };
      draft = (await createApplication({ ...d, input: typeCheck(S5, 'demo-filed-elsewhere.cn') }))
        .application;
      await updateDraft({
        ...d,
        applicationId: draft.id,
        form: { subject: S5, websites: [website('demo-filed-elsewhere.cn')] },
      });
      second = await submitApplication({ ...d, applicationId: draft.id });
    });
    after(() => world?.database.destroy());

    const as = (who: ReturnType<typeof actor>, now = at(3 * HOUR)) => ({ ...world.deps(now), actor: who });

    it('readApplication: one’s own, or any for the roles that read any; someone else’s is not found', async () => {
      assert.equal(
        (await readApplication({ ...as(LI_LEI), applicationId: first.id, scope: 'own' })).id,
        first.id,
      );
      await assert.rejects(
        readApplication({ ...as(CHEN), applicationId: first.id, scope: 'own' }),
        refusal('NOT_FOUND'),
      );
      assert.equal(
        (await readApplication({ ...as(REVIEWER), applicationId: first.id, scope: 'any' })).id,
        first.id,
      );
      await assert.rejects(
        readApplication({ ...as(LI_LEI), applicationId: second.id, scope: 'any' }),
        refusal('FORBIDDEN'),
      );
      await assert.rejects(
        readApplication({ ...as(REVIEWER), applicationId: 999_999, scope: 'any' }),
        refusal('NOT_FOUND'),
      );
    });

    it('listApplications: one’s own newest first, everyone’s oldest first, by status, a page at a time', async () => {
      const ids = (apps: Application[]) => apps.map((app) => app.id);
      assert.deepEqual(ids(await listApplications({ ...as(LI_LEI), scope: 'own', limit: 50 })), [first.id]);
      assert.deepEqual(ids(await listApplications({ ...as(CHEN), scope: 'own', limit: 50 })), [second.id]);
      assert.deepEqual(ids(await listApplications({ ...as(ADMIN), scope: 'any', limit: 50 })), [
        first.id,
        second.id,
      ]);
      assert.deepEqual(
        ids(
          await listApplications({
            ...as(REVIEWER),
            scope: 'any',
            status: 'provider-review',
            limit: 1,
            offset: 1,
          }),
        ),
        [second.id],
      );
      assert.deepEqual(
        ids(await listApplications({ ...as(REVIEWER), scope: 'any', status: 'draft', limit: 50 })),
        [],
      );
      await assert.rejects(
        listApplications({ ...as(REVIEWER), scope: 'own', limit: 50 }),
        refusal('FORBIDDEN'),
      );
      await assert.rejects(listApplications({ ...as(CHEN), scope: 'any', limit: 50 }), refusal('FORBIDDEN'));
    });

    it('reviewQueue: oldest submission first, waiting since entering the status, whether more follow', async () => {
      const page = await reviewQueue({ ...as(REVIEWER), status: 'provider-review', limit: 1, offset: 0 });
      assert.deepEqual(
        page.entries.map((e) => [e.application.id, e.waitingSince]),
        [[first.id, at(HOUR).toISOString()]],
      );
      assert.equal(page.hasMore, true);
      const rest = await reviewQueue({ ...as(REVIEWER), status: 'provider-review', limit: 1, offset: 1 });
      assert.deepEqual(
        rest.entries.map((e) => [e.application.id, e.waitingSince]),
        [[second.id, at(2 * HOUR).toISOString()]],
      );
      assert.equal(rest.hasMore, false);
      assert.deepEqual(
        (await reviewQueue({ ...as(BUREAU), status: 'bureau-review', limit: 5, offset: 0 })).entries,
        [],
      );
      // Each console's queue is for the role that decides it.
      await assert.rejects(
        reviewQueue({ ...as(BUREAU), status: 'provider-review', limit: 5, offset: 0 }),
        refusal('FORBIDDEN'),
      );
      await assert.rejects(
        reviewQueue({ ...as(LI_LEI), status: 'provider-review', limit: 5, offset: 0 }),
        refusal('FORBIDDEN'),
      );
    });

    it('applicationTimeline: every audit event in order, with statuses and data (a rejection’s reasons)', async () => {
      const reasons = [{ path: 'websites.0.name', message: { zh: '名称不符', en: 'Name does not match' } }];
      await providerReview({
        ...as(REVIEWER, at(4 * HOUR)),
        applicationId: second.id,
        decision: { decision: 'reject', reasons },
      });
      const { application, timeline } = await applicationTimeline({
        ...as(CHEN, at(5 * HOUR)),
        applicationId: second.id,
        scope: 'own',
      });
      assert.equal(application.status, 'provider-rejected');
      const last = timeline.at(-1);
      assert.deepEqual(
        timeline.map((e) => [e.from, e.to]).filter(([from, to]) => from !== null || to !== null),
        [
          [null, 'draft'],
          ['draft', 'provider-review'],
          ['provider-review', 'provider-rejected'],
        ],
      );
      assert.equal(timeline[0]?.at, at(2 * HOUR).toISOString());
      assert.equal(timeline[0]?.actor, CHEN.account);
      assert.equal(last?.actor, REVIEWER.account);
      assert.equal(last?.role, 'provider-reviewer');
      assert.deepEqual(last?.data.reasons, reasons);
      const asReviewer = await applicationTimeline({
        ...as(REVIEWER),
        applicationId: second.id,
        scope: 'any',
      });
      assert.deepEqual(asReviewer.timeline, timeline);
      await assert.rejects(
        applicationTimeline({ ...as(LI_LEI), applicationId: second.id, scope: 'own' }),
        refusal('NOT_FOUND'),
      );
    });
  });
}
