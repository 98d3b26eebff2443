import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  bureauReview,
  changeWebsite,
  providerReview,
  recheckApplication,
  updateDraft,
  verifySms,
} from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { refusal } from './filing-steps.ts';
import {
  actor,
  at,
  auditTrail,
  BUREAU,
  HOUR,
  LI_LEI,
  openWorld,
  REVIEWER,
  S1,
  SUBJECT_LEADER_PHONE,
  smsCode,
  website,
  WEBSITE_LEADER_PHONE,
  type World,
} from './workflow-fixture.ts';

const IDN = 'xn--fsqz57bwsqkra.xn--fiqs8s'; // 示例科技.中国

for (const dialect of testDialects()) {
  describe(`变更网站 (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    let number = '';
    before(async () => {
      world = await openWorld(() => dialect.open());
      // A multi-domain website approved in 2018, before one domain per website (工信管函〔2019〕633号).
      const issued = await world.gateway.issueNumbers({
        approvedAt: new Date('2018-06-01T04:00:00.000Z'),
        province: '浙江',
        account: 'li.lei',
        subject: {
          subjectNumber: null,
          name: S1.name,
          nature: 'enterprise',
          idType: 'uscc',
          idNumber: S1.idNumber,
        },
        websites: [
          {
            name: '示例科技官方网站',
            domains: ['demo-ok.cn', '示例科技.中国'],
            homeUrl: 'https://www.demo-ok.cn/',
          },
        ],
      });
      number = issued.websites[0]?.number ?? '';
    });
    after(() => world?.database.destroy());

    const form = (domains: string[], name = '示例科技产品展示网站') => ({
      ...website(domains[0] ?? '', name),
      domains,
    });

    it('refuses added or replaced domains, other accounts and roles without filing.change-own', async () => {
      const d = { ...world.deps(), actor: LI_LEI, websiteNumber: number };
      await assert.rejects(changeWebsite({ ...d, input: form(['demo-ok.cn', 'demo-fresh.cn']) }), (error) => {
        assert.ok(refusal('VALIDATION_FAILED')(error));
        const fields = (error as { fields: { path: string; code: string }[] }).fields;
        assert.deepEqual(
          fields.map((f) => [f.path, f.code]),
          [['websites.0.domains.1', 'CHANGE_DOMAIN_ADDED']],
        );
        return true;
      });
      await assert.rejects(
        changeWebsite({ ...d, input: form(['demo-ok.cn', 'demo-ok.cn']) }),
        refusal('VALIDATION_FAILED'),
      );
      await assert.rejects(
        changeWebsite({ ...d, actor: actor('zhang.wei'), input: form(['demo-ok.cn']) }),
        refusal('NOT_FOUND'),
      );
      await assert.rejects(
        changeWebsite({ ...d, actor: REVIEWER, input: form(['demo-ok.cn']) }),
        refusal('FORBIDDEN'),
      );
      await assert.rejects(
        changeWebsite({ ...d, input: { ...form(['demo-ok.cn']), name: '' } }),
        refusal('VALIDATION_FAILED'),
      );
    });

    it('reduces a multi-domain website through provider review, the website leader’s SMS and the bureau; the number stays', async () => {
      const d = { ...world.deps(), actor: LI_LEI, websiteNumber: number };
      const change = await changeWebsite({ ...d, input: form(['demo-ok.cn']) });
      assert.equal(change.status, 'provider-review');
      assert.equal(change.changeOf, number);
      assert.equal(change.filingType, 'change');
      // The reviewer's re-check judges the change without itself: its hold and the filing it changes
      // are no conflicts, and the engine derives 变更备案 (issue 13).
      const recheckOf = async (app: typeof change) => {
        const result = await recheckApplication(world.deps(at(HOUR)), app);
        assert.equal(result.filed, false);
        return result.filed ? [] : result.checks;
      };
      const underReview = await recheckOf(change);
      assert.deepEqual(
        underReview.map((c) => c.result.filingType),
        ['change'],
      );
      assert.deepEqual(
        underReview.flatMap((c) =>
          c.result.findings.filter((f) => f.severity === 'error').map((f) => f.code),
        ),
        [],
      );
      // A change is revised through changeWebsite, not as a draft.
      const rejectedChange = await providerReview({
        ...world.deps(at(HOUR)),
        actor: REVIEWER,
        applicationId: change.id,
        decision: {
          decision: 'reject',
          reasons: [{ path: 'websites.0.name', message: { zh: '名称不符', en: 'Bad name' } }],
        },
      });
      assert.equal(rejectedChange.status, 'provider-rejected');
      const rejected = await recheckOf(rejectedChange);
      assert.equal(rejected[0]?.result.filingType, 'change');
      assert.ok(rejected[0]?.result.findings.every((f) => f.code !== 'DOMAIN_ORDER_IN_PROGRESS'));
      await assert.rejects(
        updateDraft({
          ...world.deps(at(HOUR)),
          actor: LI_LEI,
          applicationId: change.id,
          form: { subject: S1, websites: [form(['demo-ok.cn'])] },
        }),
        refusal('INVALID_TRANSITION'),
      );
      // One change in flight per subject.
      await assert.rejects(
        changeWebsite({ ...d, input: form(['demo-ok.cn']) }),
        refusal('SUBJECT_HAS_ACTIVE_APPLICATION'),
      );
      const revised = await changeWebsite({
        ...world.deps(at(2 * HOUR)),
        actor: LI_LEI,
        websiteNumber: number,
        applicationId: change.id,
        input: form(['demo-ok.cn'], '示例科技产品网站'),
      });
      assert.equal(revised.status, 'provider-review');
      await providerReview({
        ...world.deps(at(3 * HOUR)),
        actor: REVIEWER,
        applicationId: change.id,
        decision: { decision: 'approve' },
      });
      // 变更网站: only the 网站负责人 verifies (a provider's notice of MIIT's SMS targets, dwera.cn).
      assert.deepEqual(
        await world.gateway.readOutbox({ applicationId: change.id, phone: SUBJECT_LEADER_PHONE }),
        [],
      );
      const code = await smsCode(world, change.id, WEBSITE_LEADER_PHONE);
      const verified = await verifySms({
        ...world.deps(at(4 * HOUR)),
        actor: LI_LEI,
        applicationId: change.id,
        input: { phone: WEBSITE_LEADER_PHONE, code },
      });
      assert.equal(verified.application.status, 'bureau-review');
      const approved = await bureauReview({
        ...world.deps(at(5 * HOUR)),
        actor: BUREAU,
        applicationId: change.id,
        decision: { decision: 'approve' },
      });
      assert.deepEqual(approved.websites, [{ website: 0, number, domains: ['demo-ok.cn'], kind: 'changed' }]);
      // Approved: filed by its own approval, never refused against its own number.
      assert.deepEqual(await recheckApplication(world.deps(at(6 * HOUR)), approved.application), {
        filed: true,
      });
      const [record] = await world.gateway.publicQuery({ by: 'number', number });
      assert.equal(record?.websiteName, '示例科技产品网站');
      assert.deepEqual(
        record?.domains.map((x) => x.ascii),
        ['demo-ok.cn'],
      );
      assert.deepEqual(await world.gateway.publicQuery({ by: 'domain', domain: IDN }), []);
      const trail = await auditTrail(world, change.id);
      assert.deepEqual(
        trail.map((e) => `${e.action}:${e.to}`),
        [
          'application.create-change:draft',
          'application.transition:provider-review',
          'application.transition:provider-rejected',
          'application.transition:draft',
          'application.transition:provider-review',
          'application.transition:awaiting-sms',
          'application.transition:bureau-review',
          'application.transition:approved',
        ],
      );
    });

    it('a single-domain website cannot change its domain', async () => {
      const d = { ...world.deps(at(6 * HOUR)), actor: LI_LEI, websiteNumber: number };
      await assert.rejects(changeWebsite({ ...d, input: form([IDN]) }), (error) => {
        assert.ok(refusal('VALIDATION_FAILED')(error));
        assert.equal((error as { fields: { code: string }[] }).fields[0]?.code, 'CHANGE_DOMAIN_FIXED');
        return true;
      });
    });
  });
}
