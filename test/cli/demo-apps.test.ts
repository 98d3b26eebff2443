/**
 * The demo's APP filing, as the README tells a visitor to try it: the filed app of 北京示例信息技术有限公司
 * (demo/apps.jsonl) in the public query, and li.lei's app that reuses its package name, refused with
 * APP_IDENTIFIER_FILED_ELSEWHERE. On the demo as `npm start` loads it (dates moved to the start day).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDemoSite } from '../../src/cli/demo-site.ts';
import { createSandboxGateway } from '../../src/miit/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { createApplication, saveDraftApps, updateDraft } from '../../src/workflow/index.ts';
import { S1, typeCheck, website } from '../workflow/workflow-fixture.ts';

const policy = loadPolicy();
const NOW = new Date('2026-12-07T04:00:00.000Z');

describe('demo APP filing (README, "APP filing")', () => {
  let database: Database;
  before(async () => {
    database = await openDatabase({ path: ':memory:' });
    await loadDemoSite(database, policy, NOW);
  });
  after(() => database?.destroy());

  it('has the filed app 示例钱包 in the public query, and refuses its package to another subject', async () => {
    const gateway = createSandboxGateway({ database, policy, smsSecret: 'demo-apps-test-secret-0123456789' });
    const [wallet] = await gateway.publicAppQuery({ by: 'app-name', name: '示例钱包' });
    assert.deepEqual(
      [wallet?.appNumber, wallet?.subjectName],
      ['京ICP备2021012345号-2A', '北京示例信息技术有限公司'],
    );

    const deps = {
      database,
      policy,
      gateway,
      now: NOW,
      actor: { account: 'li.lei', role: 'applicant' as const },
    };
    const { application } = await createApplication({ ...deps, input: typeCheck(S1, 'demo-ok.cn') });
    await updateDraft({
      ...deps,
      applicationId: application.id,
      form: { subject: S1, websites: [website('demo-ok.cn')] },
    });
    const saved = await saveDraftApps({
      ...deps,
      applicationId: application.id,
      apps: [
        {
          name: '杭州钱包',
          type: 'app',
          platforms: {
            android: {
              packageName: 'cn.beian.demo.wallet',
              publicKey: 'ab'.repeat(128),
              md5: 'cd'.repeat(16),
            },
          },
          serviceContent: ['shopping'],
          responsiblePerson: S1.responsiblePerson,
        },
      ],
    });
    assert.deepEqual(
      saved.errors.map((e) => `${e.path} ${e.code}`),
      ['apps.0 APP_IDENTIFIER_FILED_ELSEWHERE'],
    );
    assert.match(saved.errors[0]?.message.zh ?? '', /京ICP备2021012345号-2A/);

    // Another package passes; a host on the expired demo domain is refused on that host.
    const app = (packageName: string, domains: string[]) => ({
      name: '杭州钱包',
      type: 'app',
      platforms: { android: { packageName, publicKey: 'ab'.repeat(128), md5: 'cd'.repeat(16) } },
      serviceContent: ['shopping'],
      responsiblePerson: S1.responsiblePerson,
      domains,
    });
    const version = saved.application.version;
    const other = await saveDraftApps({
      ...deps,
      applicationId: application.id,
      apps: [app('cn.hangzhou.wallet', ['api.demo-ok.cn'])],
      expectedVersion: version,
    });
    assert.deepEqual(other.errors, []);
    const codes = other.checks[0]?.result.domains[0]?.result.findings.map((f) => f.code);
    assert.ok(codes?.includes('APP_DOMAIN_OF_FILED_WEBSITE'), codes?.join());
    const expired = await saveDraftApps({
      ...deps,
      applicationId: application.id,
      apps: [app('cn.hangzhou.wallet', ['api.demo-expired.cn'])],
    });
    assert.deepEqual(
      expired.errors.map((e) => `${e.path} ${e.code}`),
      ['apps.0.domains.0 DOMAIN_EXPIRED'],
    );
  });
});
