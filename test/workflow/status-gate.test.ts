/**
 * The status gate of the use cases (src/workflow/transition.ts): `assertStatus` refuses what the status
 * table does not allow, `reopenIfRejected` returns a rejected application to draft as a recorded
 * transition and leaves any other status alone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeTransaction } from '../../src/store/transaction.ts';
import type { Application } from '../../src/workflow/index.ts';
import {
  createApplication,
  providerReview,
  submitApplication,
  updateDraft,
  withdrawApplication,
  WorkflowError,
} from '../../src/workflow/index.ts';
import { assertStatus, reopenIfRejected } from '../../src/workflow/transition.ts';
import { testDialects } from '../support/databases.ts';
import {
  at,
  auditTrail,
  HOUR,
  LI_LEI,
  openWorld,
  REVIEWER,
  S1,
  typeCheck,
  website,
  type World,
} from './workflow-fixture.ts';

const refused = (error: unknown): boolean => {
  assert.ok(error instanceof WorkflowError, String(error));
  assert.equal(error.code, 'INVALID_TRANSITION');
  return true;
};

async function draft(world: World): Promise<Application> {
  const d = { ...world.deps(at(0)), actor: LI_LEI };
  const { application } = await createApplication({ ...d, input: typeCheck(S1, 'demo-ok.cn') });
  await updateDraft({
    ...d,
    applicationId: application.id,
    form: { subject: S1, websites: [website('demo-ok.cn')] },
  });
  return application;
}

for (const dialect of testDialects()) {
  describe(`status gate (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
    });
    after(() => world?.database.destroy());

    it('asserts what the status table allows, with the caller’s wording when given', async () => {
      const app = await draft(world);
      assertStatus(app, 'edit');
      assertStatus(app, 'submit');
      assertStatus(app, 'documents');
      assert.throws(() => assertStatus(app, 'sms'), refused);
      const wording = { zh: '不能这样做', en: 'Not now' };
      assert.throws(
        () => assertStatus(app, 'sms', wording),
        (error: unknown) => refused(error) && (error as WorkflowError).messages === wording,
      );
      await withdrawApplication({ ...world.deps(at(HOUR)), actor: LI_LEI, applicationId: app.id });
    });

    it('reopens a rejected application as a transition and leaves other statuses alone', async () => {
      const app = await draft(world);
      const submitted = await submitApplication({
        ...world.deps(at(HOUR)),
        actor: LI_LEI,
        applicationId: app.id,
      });
      const untouched = await writeTransaction(world.database, (tx) =>
        reopenIfRejected(tx, submitted, LI_LEI, at(HOUR)),
      );
      assert.equal(untouched, submitted);
      assert.throws(() => assertStatus(untouched, 'edit'), refused);
      const rejected = await providerReview({
        ...world.deps(at(2 * HOUR)),
        actor: REVIEWER,
        applicationId: app.id,
        decision: {
          decision: 'reject',
          reasons: [{ path: 'subject.name', message: { zh: '名称', en: 'Name' } }],
        },
      });
      const reopened = await writeTransaction(world.database, (tx) =>
        reopenIfRejected(tx, rejected, LI_LEI, at(3 * HOUR)),
      );
      assert.equal(reopened.status, 'draft');
      assertStatus(reopened, 'edit');
      const trail = await auditTrail(world, app.id);
      assert.deepEqual(trail.at(-1), {
        action: 'application.transition',
        from: 'provider-rejected',
        to: 'draft',
        actor: 'li.lei',
      });
      const data = await world.database.kysely
        .selectFrom('audit_event')
        .select('data')
        .where('application_id', '=', app.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(data.data), { reason: 'edit-after-rejection' });
      await withdrawApplication({ ...world.deps(at(4 * HOUR)), actor: LI_LEI, applicationId: app.id });
    });
  });
}
