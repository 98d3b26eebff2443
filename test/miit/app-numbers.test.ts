import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSandboxGateway, MiitError, parseAppNumber } from '../../src/miit/index.ts';
import type { AppApprovalRequest, ApprovalRequest, SandboxGateway } from '../../src/miit/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';

const policy = loadPolicy();
const APPROVED_AT = new Date('2026-12-05T04:00:00.000Z');
const ID = '91330106MA2B3C4D5D';

const websites: ApprovalRequest = {
  approvedAt: APPROVED_AT,
  province: '浙江',
  account: 'li.lei',
  subject: {
    subjectNumber: null,
    name: '杭州示例科技有限公司',
    nature: 'enterprise',
    idType: 'uscc',
    idNumber: ID,
  },
  websites: [{ name: '示例官方网站', domains: ['ledger-demo.cn'], homeUrl: null }],
};

const app = (
  name: string,
  type: string,
  suffix: string,
  identifiers: string[],
): AppApprovalRequest['apps'][number] => ({
  name,
  type,
  suffix,
  identifiers,
  entry: { name },
});
const apps = (...list: AppApprovalRequest['apps'][number][]): AppApprovalRequest => ({
  approvedAt: APPROVED_AT,
  subjectIdNumber: ID,
  apps: list,
});

describe('app numbers as written', () => {
  it('reads an app number through the website reader and its letter', () => {
    assert.deepEqual(parseAppNumber(policy, '浙ICP备2026000001号-2a'), {
      text: '浙ICP备2026000001号-2A',
      subjectNumber: '浙ICP备2026000001号',
      seq: 2,
      suffix: 'A',
    });
    assert.equal(parseAppNumber(policy, '粤B2-20090059-1626X')?.suffix, 'X');
    assert.equal(parseAppNumber(policy, '浙ICP备2026000001号-2'), null);
    assert.equal(parseAppNumber(policy, '浙ICP备2026000001号A'), null);
  });
});

for (const dialect of testDialects()) {
  describe(`MIIT sandbox app numbers (${dialect.name})`, { skip: dialect.skip }, () => {
    let database: Database;
    let gateway: SandboxGateway;
    before(async () => {
      database = await dialect.open();
      gateway = createSandboxGateway({ database, policy, smsSecret: 'test-secret-0123456789abcdef' });
    });
    after(() => database?.destroy());

    it("numbers apps after the subject's websites in one sequence, A for apps and X for mini programs", async () => {
      const { subjectNumber } = await gateway.issueNumbers(websites);
      const issued = await gateway.issueAppNumbers(
        apps(
          app('示例记账', 'app', 'A', ['android:cn.demo.ledger', 'ios:cn.demo.ledger']),
          app('示例小程序', 'mini-program', 'X', []),
        ),
      );
      assert.deepEqual(
        issued.apps.map((a) => a.number),
        [`${subjectNumber}-2A`, `${subjectNumber}-3X`],
      );
      // A website after them continues the same sequence.
      const more = await gateway.issueNumbers({
        ...websites,
        subject: { ...websites.subject, subjectNumber },
        websites: [{ name: '示例第二网站', domains: ['ledger-two.cn'], homeUrl: null }],
      });
      assert.equal(more.websites[0]?.number, `${subjectNumber}-4`);
    });

    it('never reissues a cancelled app number, and keeps the subject while an app is filed', async () => {
      const [record] = await gateway.publicAppQuery({ by: 'app-name', name: '示例记账' });
      assert.ok(record);
      await gateway.cancelApp(record.appNumber);
      assert.deepEqual(await gateway.publicAppQuery({ by: 'number', number: record.appNumber }), []);
      const again = await gateway.issueAppNumbers(
        apps(app('示例记账', 'app', 'A', ['android:cn.demo.ledger'])),
      );
      assert.equal(again.apps[0]?.number, `${record.subjectNumber}-5A`);

      // Cancelling both websites leaves the subject filed: its apps still are.
      for (const w of await gateway.publicQuery({ by: 'subject-name', name: '杭州示例科技有限公司' }))
        assert.equal((await gateway.cancel(w.websiteNumber)).subjectCancelled, null);
      const left = await gateway.publicAppQuery({ by: 'number', number: record.subjectNumber });
      assert.deepEqual(left.map((a) => a.appNumber).sort(), [
        `${record.subjectNumber}-3X`,
        `${record.subjectNumber}-5A`,
      ]);
      await gateway.cancelApp(`${record.subjectNumber}-3X`);
      assert.equal(
        (await gateway.cancelApp(`${record.subjectNumber}-5A`)).subjectCancelled,
        record.subjectNumber,
      );
    });

    it('refuses a package another filed app holds, and finds apps by subject name prefix', async () => {
      await gateway.issueNumbers({
        ...websites,
        websites: [{ name: '示例三号网站', domains: ['ledger-three.cn'], homeUrl: null }],
      });
      await gateway.issueAppNumbers(apps(app('示例钱包', 'app', 'A', ['harmonyos:cn.demo.wallet'])));
      await assert.rejects(
        gateway.issueAppNumbers(apps(app('别的钱包', 'app', 'A', ['harmonyos:cn.demo.wallet']))),
        (e: unknown) => e instanceof MiitError && e.code === 'app-already-filed',
      );
      const found = await gateway.publicAppQuery({ by: 'subject-name', name: '杭州示例', match: 'prefix' });
      assert.deepEqual(
        found.map((a) => [a.appName, a.natureName, a.approvedOn]),
        [['示例钱包', '企业', '2026-12-05']],
      );
    });
  });
}
