import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { domainToASCII } from 'node:url';
import { approvalYear, createSandboxGateway, formatSubjectNumber, MiitError } from '../../src/miit/index.ts';
import type { ApprovalRequest, SandboxGateway } from '../../src/miit/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { Database } from '../../src/store/index.ts';
import { concurrentHandle, testDialects } from '../support/databases.ts';

const policy = loadPolicy();
const SECRET = 'test-secret-0123456789abcdef';
// 2025-12-31T17:00Z is already 2026-01-01 in Asia/Shanghai.
const APPROVED_AT = new Date('2025-12-31T17:00:00.000Z');

function approval(index: number, overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    approvedAt: APPROVED_AT,
    province: '浙江',
    account: `user-${index}`,
    subject: {
      subjectNumber: null,
      name: `杭州测试${index}科技有限公司`,
      nature: 'enterprise',
      idType: 'uscc',
      idNumber: `91330106MA2B${String(index).padStart(6, '0')}`,
    },
    websites: [
      { name: `测试网站${index}`, domains: [`test-${index}.cn`], homeUrl: `https://www.test-${index}.cn/` },
    ],
    ...overrides,
  };
}

describe('ICP number format', () => {
  it('formats the numbers the policy parser reads back as filing numbers of the bureau', () => {
    assert.equal(formatSubjectNumber('浙', 2026, 123), '浙ICP备2026000123号');
    const reading = policy.parseIcpNumber(`${formatSubjectNumber('浙', 2026, 123)}-12`);
    assert.ok(reading.ok);
    assert.deepEqual(
      [reading.number.form, reading.number.province, reading.number.subjectNumber, reading.number.kind],
      ['filing', '330000', '浙ICP备2026000123号', 'website'],
    );
    assert.throws(() => formatSubjectNumber('浙', 2026, 1_000_000), RangeError);
  });

  it('dates the number by the approval year in Asia/Shanghai', () => {
    assert.equal(approvalYear(APPROVED_AT), 2026);
    assert.equal(approvalYear(new Date('2025-12-31T15:59:59.000Z')), 2025);
  });
});

for (const dialect of testDialects()) {
  describe(`MIIT sandbox numbers (${dialect.name})`, { skip: dialect.skip }, () => {
    let database: Database;
    let gateway: SandboxGateway;
    before(async () => {
      database = await dialect.open();
      gateway = createSandboxGateway({ database, policy, smsSecret: SECRET });
    });
    after(() => database?.destroy());

    it('issues a subject number and website numbers on a first filing', async () => {
      const issued = await gateway.issueNumbers(
        approval(1, {
          websites: [
            { name: '测试网站甲', domains: ['WWW.First-1.cn'], homeUrl: null },
            { name: '测试网站乙', domains: ['例子测试.中国'], homeUrl: null },
          ],
        }),
      );
      assert.match(issued.subjectNumber, /^浙ICP备2026\d{6}号$/);
      assert.equal(issued.subjectIsNew, true);
      assert.deepEqual(
        issued.websites.map((website) => [website.number, website.domains]),
        [
          [`${issued.subjectNumber}-1`, ['first-1.cn']],
          [`${issued.subjectNumber}-2`, [domainToASCII('例子测试.中国')]],
        ],
      );
    });

    it('gives 50 concurrent approvals 50 distinct numbers', async () => {
      const handle = await concurrentHandle(database);
      const concurrent = createSandboxGateway({ database: handle, policy, smsSecret: SECRET });
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) => concurrent.issueNumbers(approval(100 + index))),
      ).finally(() => handle.destroy());
      const subjectNumbers = new Set(results.map((result) => result.subjectNumber));
      assert.equal(subjectNumbers.size, 50);
      const websiteNumbers = new Set(results.flatMap((result) => result.websites.map((w) => w.number)));
      assert.equal(websiteNumbers.size, 50);
    });

    it('gives concurrent new websites of one subject distinct -N, never reusing a cancelled one', async () => {
      const first = await gateway.issueNumbers(approval(2));
      const handle = await concurrentHandle(database);
      const concurrent = createSandboxGateway({ database: handle, policy, smsSecret: SECRET });
      const more = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          concurrent.issueNumbers(
            approval(2, {
              subject: { ...approval(2).subject, subjectNumber: first.subjectNumber },
              websites: [{ name: `新增网站${index}`, domains: [`more-${index}.cn`], homeUrl: null }],
            }),
          ),
        ),
      ).finally(() => handle.destroy());
      const seqs = more
        .map((result) => Number(result.websites[0]?.number.split('-')[1]))
        .sort((a, b) => a - b);
      assert.deepEqual(
        seqs,
        Array.from({ length: 20 }, (_, index) => index + 2),
      );
      assert.ok(more.every((result) => result.subjectNumber === first.subjectNumber && !result.subjectIsNew));

      await gateway.cancel(`${first.subjectNumber}-21`);
      const after21 = await gateway.issueNumbers(
        approval(2, { websites: [{ name: '再次新增', domains: ['again-2.cn'], homeUrl: null }] }),
      );
      assert.equal(
        after21.websites[0]?.number,
        `${first.subjectNumber}-22`,
        'found by certificate, -21 not reused',
      );
    });

    it('skips subject numbers an import already holds', async () => {
      const taken = formatSubjectNumber('苏', 2026, 1);
      const imported = await database.kysely
        .insertInto('filed_subject')
        .values({
          subject_number: taken,
          province: '320000',
          name: '导入主体',
          type: 'enterprise',
          id_type: 'uscc',
          id_number: '91320000MA1XXXXXXX',
          provider: 'other',
          account: null,
          state: 'filed',
          created_at: APPROVED_AT.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await database.kysely
        .insertInto('filed_website')
        .values({ subject_id: imported.id, number: `${taken}-3`, providers: 'other' })
        .execute();
      const issued = await gateway.issueNumbers(approval(3, { province: '江苏' }));
      assert.equal(issued.subjectNumber, formatSubjectNumber('苏', 2026, 2));
      // A new website of the imported subject continues after its highest imported -N.
      const added = await gateway.issueNumbers(
        approval(4, {
          province: '江苏',
          subject: { ...approval(4).subject, subjectNumber: taken },
          websites: [{ name: '导入后新增', domains: ['after-import.cn'], homeUrl: null }],
        }),
      );
      assert.equal(added.websites[0]?.number, `${taken}-4`);
    });

    it('numbers a licence holder’s new website under its licence, after its imported -N', async () => {
      // Baidu's websites are 京ICP证030173号-1 … -102 (MIIT public query); the sandbox issues no licence.
      const licence = '京ICP证030173号';
      const holder = await database.kysely
        .insertInto('filed_subject')
        .values({
          subject_number: licence,
          province: '110000',
          name: '北京示例网讯科技有限公司',
          type: 'enterprise',
          id_type: 'uscc',
          id_number: '91110000802100433B',
          provider: 'other',
          account: null,
          state: 'filed',
          created_at: APPROVED_AT.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await database.kysely
        .insertInto('filed_website')
        .values({ subject_id: holder.id, number: `${licence}-102`, providers: 'other' })
        .execute();
      const added = await gateway.issueNumbers(
        approval(7, {
          province: '北京',
          subject: { ...approval(7).subject, subjectNumber: licence },
          websites: [{ name: '许可证主体新增', domains: ['licence-holder.cn'], homeUrl: null }],
        }),
      );
      assert.deepEqual([added.subjectNumber, added.subjectIsNew], [licence, false]);
      assert.equal(added.websites[0]?.number, `${licence}-103`);
      // Cancelling reads the licence number too: the website goes, the subject keeps its other one.
      assert.deepEqual(await gateway.cancel(' 京ICP证 030173号-103 '), { subjectCancelled: null });
    });

    it('refuses a domain filed already, and rolls the whole approval back', async () => {
      await assert.rejects(
        gateway.issueNumbers(
          approval(5, { websites: [{ name: '重复', domains: ['www.first-1.cn'], homeUrl: null }] }),
        ),
        (error: unknown) => error instanceof MiitError && error.code === 'domain-already-filed',
      );
      const subjects = await database.kysely
        .selectFrom('filed_subject')
        .select('id')
        .where('name', '=', '杭州测试5科技有限公司')
        .execute();
      assert.deepEqual(subjects, []);
    });

    it('adds and removes this provider without changing the number', async () => {
      const issued = await gateway.issueNumbers(approval(6));
      const number = issued.websites[0]?.number ?? '';
      await gateway.setAccess(number, false);
      await gateway.setAccess(number, true);
      const row = await database.kysely
        .selectFrom('filed_website')
        .select(['providers', 'number'])
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { providers: 'self', number });
    });
  });
}
