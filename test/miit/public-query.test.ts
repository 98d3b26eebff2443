import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Readable } from 'node:stream';
import { importFilings } from '../../src/imports/index.ts';
import { createSandboxGateway } from '../../src/miit/index.ts';
import type { IssuedNumbers, SandboxGateway } from '../../src/miit/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';

const policy = loadPolicy();
// 2026-03-01 01:30 in Asia/Shanghai is still 2026-02-28 in UTC: the approval date is Shanghai's.
const APPROVED_AT = new Date('2026-02-28T17:30:00.000Z');

for (const dialect of testDialects()) {
  describe(`MIIT sandbox public query (${dialect.name})`, { skip: dialect.skip }, () => {
    let database: Database;
    let gateway: SandboxGateway;
    let issued: IssuedNumbers;
    before(async () => {
      database = await dialect.open();
      gateway = createSandboxGateway({
        database,
        policy,
        smsSecret: 'public-query-secret-0123',
      });
      issued = await gateway.issueNumbers({
        approvedAt: APPROVED_AT,
        province: '330000',
        account: 'li.lei',
        subject: {
          subjectNumber: null,
          name: '杭州示例科技有限公司',
          nature: 'enterprise',
          idType: 'uscc',
          idNumber: '91330106MA2B3C4D5D',
        },
        websites: [
          { name: '示例科技官方网站', domains: ['demo-ok.cn'], homeUrl: 'https://www.demo-ok.cn/' },
          { name: '示例科技文档中心', domains: ['示例科技.中国'], homeUrl: null },
        ],
      });
      await gateway.issueNumbers({
        approvedAt: APPROVED_AT,
        province: '浙江',
        account: 'han.meimei',
        subject: {
          subjectNumber: null,
          name: '杭州示例贸易有限公司',
          nature: 'enterprise',
          idType: 'uscc',
          idNumber: '91330106MA2B3C4D6E',
        },
        websites: [{ name: '示例贸易网站', domains: ['demo-trade.cn'], homeUrl: null }],
      });
    });
    after(() => database?.destroy());

    it('finds a website by domain, subdomain or U-label, with the public fields', async () => {
      const [record] = await gateway.publicQuery({ by: 'domain', domain: 'https://WWW.demo-ok.cn/path' });
      assert.deepEqual(record, {
        subjectName: '杭州示例科技有限公司',
        nature: 'enterprise',
        natureName: '企业',
        subjectNumber: issued.subjectNumber,
        websiteNumber: `${issued.subjectNumber}-1`,
        websiteName: '示例科技官方网站',
        homeUrl: 'https://www.demo-ok.cn/',
        domains: [{ ascii: 'demo-ok.cn', unicode: 'demo-ok.cn' }],
        approvedOn: '2026-03-01',
        limitAccess: false,
      });
      const idn = await gateway.publicQuery({ by: 'domain', domain: 'www.示例科技.中国' });
      assert.deepEqual(
        idn.map((found) => [found.websiteNumber, found.domains[0]?.unicode]),
        [[`${issued.subjectNumber}-2`, '示例科技.中国']],
      );
      assert.deepEqual(await gateway.publicQuery({ by: 'domain', domain: 'not a domain' }), []);
      assert.deepEqual(await gateway.publicQuery({ by: 'domain', domain: 'unfiled.cn' }), []);
    });

    it('finds by subject number (every website) or website number', async () => {
      const bySubject = await gateway.publicQuery({ by: 'number', number: issued.subjectNumber });
      assert.deepEqual(
        bySubject.map((found) => found.websiteName),
        ['示例科技官方网站', '示例科技文档中心'],
      );
      const byWebsite = await gateway.publicQuery({ by: 'number', number: ` ${issued.subjectNumber}-2 ` });
      assert.deepEqual(
        byWebsite.map((found) => found.websiteNumber),
        [`${issued.subjectNumber}-2`],
      );
      assert.deepEqual(await gateway.publicQuery({ by: 'number', number: '浙ICP证030173号' }), []);
    });

    it('finds licence holders by their licence number, as typed or copied from a footer', async () => {
      const holder = (subjectNumber: string, province: string, name: string, websites: object[]) =>
        JSON.stringify({
          subjectNumber,
          province,
          subject: { name, type: 'enterprise', idType: 'uscc', idNumber: `91${province}${name.length}` },
          provider: 'other',
          websites,
        });
      const summary = await importFilings({
        db: database,
        policy,
        format: 'jsonl',
        input: Readable.from([
          holder('京ICP证030173号', '110000', '北京示例网讯科技有限公司', [
            { number: '京ICP证030173号-1', domains: ['licence-demo.cn'] },
            { number: '京ICP证030173号-2', domains: ['licence-demo2.cn'] },
          ]) + '\n',
          holder('粤B2-20090059', '440000', '深圳示例计算机系统有限公司', [
            { number: '粤B2-20090059-5', domains: ['licence-qq.cn'] },
          ]) + '\n',
        ]),
      });
      assert.deepEqual(summary.errors, []);
      const numbers = async (number: string) =>
        (await gateway.publicQuery({ by: 'number', number })).map((r) => [r.subjectNumber, r.websiteNumber]);
      assert.deepEqual(await numbers('京ICP证030173号'), [
        ['京ICP证030173号', '京ICP证030173号-1'],
        ['京ICP证030173号', '京ICP证030173号-2'],
      ]);
      assert.deepEqual(await numbers(' 京ICP证 030173号-2 '), [['京ICP证030173号', '京ICP证030173号-2']]);
      assert.deepEqual(await numbers('粤b2－20090059－5'), [['粤B2-20090059', '粤B2-20090059-5']]);
      assert.deepEqual(await numbers('粤B2-20090059'), [['粤B2-20090059', '粤B2-20090059-5']]);
      // No prefix, no bureau: a cross-region licence is not a filing number and finds nothing.
      assert.deepEqual(await numbers('B2-20090059-5'), []);
    });

    it('finds by exact subject name or prefix, with a limit', async () => {
      const exact = await gateway.publicQuery({ by: 'subject-name', name: '杭州示例贸易有限公司' });
      assert.deepEqual(
        exact.map((found) => found.websiteName),
        ['示例贸易网站'],
      );
      const prefix = await gateway.publicQuery({ by: 'subject-name', name: '杭州示例', match: 'prefix' });
      assert.equal(prefix.length, 3);
      const limited = await gateway.publicQuery({
        by: 'subject-name',
        name: '杭州示例',
        match: 'prefix',
        limit: 2,
      });
      assert.equal(limited.length, 2);
      assert.deepEqual(await gateway.publicQuery({ by: 'subject-name', name: '杭州示例' }), []);
    });

    it('stops showing a cancelled website, and flags limited access', async () => {
      await gateway.cancel(`${issued.subjectNumber}-2`);
      assert.deepEqual(await gateway.publicQuery({ by: 'domain', domain: '示例科技.中国' }), []);
      await database.kysely
        .updateTable('filed_website')
        .set({ limit_access: 1 })
        .where('number', '=', `${issued.subjectNumber}-1`)
        .execute();
      const [record] = await gateway.publicQuery({ by: 'domain', domain: 'demo-ok.cn' });
      assert.equal(record?.limitAccess, true);
    });
  });
}
