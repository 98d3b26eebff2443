/**
 * `--at` applies to what the workflow records as to registrations: an application submitted after the
 * evaluation instant was not in progress then, and a website the bureau approved after it was not
 * filed then (RegistryWebsite.approvedAt, RegistrySubject.createdAt read by the facts store).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { checkDomains } from '../../src/checking/index.ts';
import { createFactsStore } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import { fileThrough, submittedDraft } from './filing-steps.ts';
import { providerReview } from '../../src/workflow/index.ts';
import { at, DAY, HOUR, openWorld, policy, REVIEWER, type World } from './workflow-fixture.ts';

for (const dialect of testDialects()) {
  describe(`the workflow's filings as of --at (${dialect.name})`, { skip: dialect.skip }, () => {
    // One world per test: the subject may have one application under way at a time.
    let world: World;
    beforeEach(async () => {
      world = await openWorld(() => dialect.open());
    });
    afterEach(() => world.database.destroy());

    const check = async (domain: string, when: Date) => {
      const report = await checkDomains(
        { policy, facts: createFactsStore(world.database) },
        {
          inputs: [domain],
          province: '浙江',
          subjectType: 'enterprise',
          subjectName: '杭州示例科技有限公司',
          subjectIdType: 'uscc',
          subjectId: '91330106MA2B3C4D5D',
          account: 'li.lei',
          at: when.toISOString(),
        },
      );
      const result = report.results[0]!;
      return { filingType: result.filingType, codes: result.findings.map((f) => f.code).sort() };
    };

    it('an application that takes its hold on day 2 (初审 passed) is in progress from then on, not before', async () => {
      // Without evidence of control a submitted order holds nothing until 初审 passes (issue 12).
      const app = await submittedDraft(world, 'demo-ok.cn', at(2 * DAY - HOUR));
      await providerReview({
        ...world.deps(at(2 * DAY)),
        actor: REVIEWER,
        applicationId: app.id,
        decision: { decision: 'approve' },
      });
      assert.deepEqual(await check('demo-ok.cn', at(DAY)), { filingType: 'first-filing', codes: [] });
      assert.deepEqual(await check('demo-ok.cn', at(3 * DAY)), {
        filingType: null,
        codes: ['DOMAIN_ORDER_IN_PROGRESS'],
      });
    });

    it('a website approved on day 5 is filed from then on; before it, a first filing', async () => {
      const approved = await fileThrough(world, 'xn--fsqz57bwsqkra.xn--fiqs8s', at(5 * DAY));
      assert.equal(approved.application.status, 'approved');
      assert.deepEqual(await check('示例科技.中国', at(4 * DAY)), { filingType: 'first-filing', codes: [] });
      assert.deepEqual(await check('示例科技.中国', at(6 * DAY)), {
        filingType: null,
        codes: ['DOMAIN_ALREADY_FILED_HERE'],
      });
    });
  });
}
