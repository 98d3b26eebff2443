/**
 * Issue 12, item 8: ten submits of one application at once. One wins; the nine losers lost a race for
 * the application's status, so they get the transition conflict (INVALID_TRANSITION, the code of a
 * status that no longer allows the change), not DOMAIN_IN_ACTIVE_APPLICATION, which would tell the
 * applicant that some other application holds their domain.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSandboxGateway } from '../../src/miit/index.ts';
import {
  createApplication,
  submitApplication,
  updateDraft,
  WorkflowError,
} from '../../src/workflow/index.ts';
import { concurrentHandle, testDialects } from '../support/databases.ts';
import {
  at,
  auditTrail,
  LI_LEI,
  openWorld,
  policy,
  S1,
  typeCheck,
  website,
  type World,
} from './workflow-fixture.ts';

for (const dialect of testDialects()) {
  describe(`concurrent submits of one application (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
    });
    after(() => world?.database.destroy());

    it('lets one of ten submits through and answers the nine others with the transition conflict', async () => {
      const d = { ...world.deps(at(0)), actor: LI_LEI };
      const { application } = await createApplication({ ...d, input: typeCheck(S1, 'demo-ok.cn') });
      await updateDraft({
        ...d,
        applicationId: application.id,
        form: { subject: S1, websites: [website('demo-ok.cn')] },
      });
      // On PostgreSQL a pool of its own: the ten transactions really run on ten connections at once.
      const handle = await concurrentHandle(world.database);
      const gateway = createSandboxGateway({
        database: handle,
        policy,
        smsSecret: 'workflow-test-secret-0123456789',
      });
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          submitApplication({
            database: handle,
            policy,
            gateway,
            now: at(0),
            actor: LI_LEI,
            applicationId: application.id,
          }),
        ),
      ).finally(() => handle.destroy());
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const codes = results.flatMap((r) =>
        r.status === 'rejected' ? [r.reason instanceof WorkflowError ? r.reason.code : String(r.reason)] : [],
      );
      assert.deepEqual(
        codes,
        Array.from({ length: 9 }, () => 'INVALID_TRANSITION'),
      );
      for (const r of results) {
        if (r.status === 'rejected' && r.reason instanceof WorkflowError) {
          assert.ok(r.reason.messages.zh.length > 0 && r.reason.messages.en.length > 0);
        }
      }
      const trail = await auditTrail(world, application.id);
      assert.equal(trail.filter((e) => e.to === 'provider-review').length, 1, 'one submit recorded');
    });
  });
}
