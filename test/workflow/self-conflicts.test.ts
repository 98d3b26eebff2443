/**
 * Issue 13, "the engine judges an application against itself": re-checks of an application leave out its
 * own hold, an approved application reads as filed, and the filings the workflow changes (取消接入) read as
 * they now are. Runs over the store, as the review pages and the wizard do.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkDomains } from '../../src/checking/index.ts';
import { createFactsStore } from '../../src/store/index.ts';
import { cancelAccess, providerReview, recheckApplication, verifyDraft } from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { fileThrough, submittedDraft } from './filing-steps.ts';
import {
  actor,
  at,
  DAY,
  HOUR,
  LI_LEI,
  openWorld,
  policy,
  REVIEWER,
  S1,
  S2,
  type World,
} from './workflow-fixture.ts';

const HAN = actor('han.meimei');
const S2_WEBSITE = '京ICP备2021012345号-1';

for (const dialect of testDialects()) {
  describe(`an application is never its own conflict (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
    });
    after(() => world?.database.destroy());

    const codes = (checks: { result: { findings: { code: string }[] } }[]) =>
      checks.flatMap((check) => check.result.findings.map((f) => f.code));

    it('approved, it reads as filed, not refused against the number it was just issued', async () => {
      const approved = await fileThrough(world, '示例科技.中国', at(0));
      assert.equal(approved.application.status, 'approved');
      assert.deepEqual(await recheckApplication(world.deps(at(DAY)), approved.application), {
        filed: true,
      });
    });

    it('under review and after a rejection, its own domain is not "in an application in progress"', async () => {
      const app = await submittedDraft(world, 'demo-ok.cn', at(DAY));
      const review = await recheckApplication(world.deps(at(DAY + HOUR)), app);
      assert.equal(review.filed, false);
      if (review.filed) return;
      assert.deepEqual(codes(review.checks), []);
      assert.equal(review.checks[0]?.result.filingType, 'add-website');

      const rejected = await providerReview({
        ...world.deps(at(DAY + HOUR)),
        actor: REVIEWER,
        applicationId: app.id,
        decision: {
          decision: 'reject',
          reasons: [{ path: 'websites.0.name', message: { zh: '名称不符', en: 'Bad name' } }],
        },
      });
      assert.equal(rejected.status, 'provider-rejected');
      // The applicant's websites step (verifyDraft) while the rejected application still holds its domain.
      const step = await verifyDraft({
        ...world.deps(at(DAY + 2 * HOUR)),
        actor: LI_LEI,
        applicationId: app.id,
      });
      assert.deepEqual(codes(step.checks), []);
      assert.ok(step.errors.every((e) => e.code !== 'DOMAIN_ORDER_IN_PROGRESS'));

      // Anyone else still meets the hold: the exclusion is the application's own, not the domain's.
      const other = await checkDomains(
        { policy, facts: createFactsStore(world.database) },
        { inputs: ['demo-ok.cn'], subjectId: S2.idNumber, subjectName: S2.name, account: 'han.meimei' },
        () => at(DAY + 2 * HOUR),
      );
      assert.ok(other.results[0]?.findings.some((f) => f.code === 'DOMAIN_ORDER_IN_PROGRESS'));
    });

    it('a subdomain of another subject’s website: the refusal says who holds it, with no "needs no filing"', async () => {
      const report = await checkDomains(
        { policy, facts: createFactsStore(world.database) },
        {
          inputs: ['shop.demo-filed-here.cn'],
          subjectId: S1.idNumber,
          subjectName: S1.name,
          account: 'li.lei',
        },
        () => at(2 * DAY),
      );
      const findings = report.results[0]?.findings ?? [];
      assert.ok(findings.every((f) => !f.code.startsWith('PARENT_DOMAIN_')));
      const refusal = findings.find((f) => f.code === 'DOMAIN_FILED_BY_OTHER_SUBJECT');
      assert.ok(refusal);
      assert.match(refusal.remedy.zh, /只有北京示例信息技术有限公司能注销自己的备案/);
    });

    it('after 取消接入, a subdomain of the 空壳网站 is not "filed through another provider"', async () => {
      await cancelAccess({ ...world.deps(at(3 * DAY)), actor: HAN, websiteNumber: S2_WEBSITE });
      const report = await checkDomains(
        { policy, facts: createFactsStore(world.database) },
        {
          inputs: ['shop.demo-filed-here.cn'],
          subjectId: S2.idNumber,
          subjectName: S2.name,
          account: 'han.meimei',
        },
        () => at(3 * DAY),
      );
      const parent = report.results[0]?.findings.find((f) => f.code === 'PARENT_DOMAIN_FILED_ELSEWHERE');
      assert.ok(parent);
      assert.match(parent.message.zh, /但目前没有任何接入商（接入已取消）/);
      assert.doesNotMatch(parent.message.zh, /其他接入商/);
      assert.equal(report.results[0]?.filingType, 'add-access');
    });
  });
}
