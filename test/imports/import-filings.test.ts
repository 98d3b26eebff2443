import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createFactsStore } from '../../src/store/index.ts';
import type { Database } from '../../src/store/index.ts';
import { importFilings } from '../../src/imports/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import { testDialects } from '../support/databases.ts';

const policy = loadPolicy();

const fixture = (name: string) => createReadStream(new URL(`../fixtures/import/${name}`, import.meta.url));
const jsonl = (...lines: (string | object)[]) =>
  Readable.from([
    lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n',
  ]);

const DOMAINS = [
  'beian-demo.cn',
  'xn--fsqu00a.xn--fiqs8s',
  'beian-demo2.cn',
  'zhangsan-blog.cn',
  'shop-demo.com',
];
const ID_NUMBERS = ['91110105MA01ABCDEX', '44010619900101123x', '91330100MA2XXXXXXX'];

/** A filed subject `粤ICP备<n>号` with one website per domain list. */
function subject(n: string, ...websites: string[][]) {
  const number = `粤ICP备${n}号`;
  return {
    subjectNumber: number,
    province: '440000',
    subject: { name: `主体${n}`, type: 'enterprise', idType: 'uscc', idNumber: `9144${n}` },
    provider: 'other',
    websites: websites.map((domains, index) => ({ number: `${number}-${index + 1}`, domains })),
  };
}

async function counts(db: Database) {
  const count = async (table: 'filed_subject' | 'filed_website' | 'filed_website_domain') =>
    (await db.kysely.selectFrom(table).selectAll().execute()).length;
  return [await count('filed_subject'), await count('filed_website'), await count('filed_website_domain')];
}

for (const dialect of testDialects()) {
  describe(`importFilings (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    before(async () => (db = await dialect.open()));
    after(() => db?.destroy());

    it('imports filed subjects and an application in progress from JSON Lines', async () => {
      const summary = await importFilings({ db, policy, input: fixture('filings.jsonl'), format: 'jsonl' });
      assert.deepEqual(summary, { imported: 3, skipped: 0, errors: [], errorsOmitted: 0 });
      const store = createFactsStore(db);
      const facts = await store.domainFacts(DOMAINS);
      const demo = facts.get('beian-demo.cn')?.filing;
      assert.equal(demo?.subject.subjectNumber, '京ICP备2021000001号');
      assert.deepEqual(demo?.website, {
        number: '京ICP备2021000001号-1',
        domains: ['beian-demo.cn', 'xn--fsqu00a.xn--fiqs8s'],
        providers: ['other'],
        // A date alone is midnight in Asia/Shanghai.
        approvedAt: '2017-05-09T16:00:00.000Z',
      });
      assert.equal(demo?.subject.websites.length, 2);
      assert.equal(facts.get('beian-demo2.cn')?.filing?.website.number, '京ICP备2021000001号-2');
      assert.equal(facts.get('beian-demo2.cn')?.inProgress[0]?.subject.subject.name, '杭州某某网络有限公司');
      assert.deepEqual(facts.get('shop-demo.com')?.inProgress[0]?.subject, {
        subjectNumber: null,
        province: '330000',
        subject: {
          name: '杭州某某网络有限公司',
          type: 'enterprise',
          idType: 'uscc',
          idNumber: '91330100MA2XXXXXXX',
        },
        provider: 'self',
        account: 'acct-2',
        state: 'in-progress',
        // A website without provider(s) takes the subject's provider.
        websites: [
          {
            number: null,
            domains: ['shop-demo.com', 'beian-demo2.cn'],
            providers: ['self'],
            approvedAt: null,
          },
        ],
      });
      const filings = await store.subjectFilings(ID_NUMBERS);
      assert.deepEqual([...filings.keys()], ['91110105MA01ABCDEX', '44010619900101123X']);
      const zhang = filings.get('44010619900101123X')?.[0];
      assert.equal(zhang?.account, 'acct-1');
      assert.deepEqual(zhang?.websites[0]?.providers, ['self', 'other']);
      assert.equal(zhang?.websites[0]?.approvedAt, '2021-03-01T02:00:00.000Z');
      assert.equal(facts.get('beian-demo2.cn')?.filing?.website.approvedAt, null, 'absent: unknown');
    });

    it('is idempotent on re-import and reads both CSV layouts the same way', async () => {
      const store = createFactsStore(db);
      const expected = [
        await store.domainFacts(DOMAINS),
        await store.subjectFilings(ID_NUMBERS),
        await counts(db),
      ];
      const runs = [
        ['filings.jsonl', 'jsonl'],
        ['filings-rows.csv', 'csv'],
        ['filings-websites.csv', 'csv'],
      ] as const;
      for (const [file, format] of runs) {
        const summary = await importFilings({ db, policy, input: fixture(file), format });
        assert.deepEqual(summary.errors, [], file);
        assert.equal(summary.imported, file === 'filings-rows.csv' ? 4 : 3, file);
        const actual = [
          await store.domainFacts(DOMAINS),
          await store.subjectFilings(ID_NUMBERS),
          await counts(db),
        ];
        assert.deepEqual(actual, expected, file);
      }
    });

    it('replaces a subject’s websites when its number is imported again', async () => {
      await importFilings({
        db,
        policy,
        format: 'jsonl',
        input: jsonl(subject('30000001', ['old-1.cn'], ['old-2.cn'])),
      });
      await importFilings({ db, policy, format: 'jsonl', input: jsonl(subject('30000001', ['new-1.cn'])) });
      const facts = await createFactsStore(db).domainFacts(['old-1.cn', 'old-2.cn', 'new-1.cn']);
      assert.deepEqual([...facts.keys()], ['new-1.cn']);
      assert.deepEqual(facts.get('new-1.cn')?.filing?.subject.websites.length, 1);
    });

    it('reports every kind of bad line and leaves nothing of it behind', async () => {
      const self = { ...subject('40000001', ['ok-1.cn']), provider: 'self', account: 'a' };
      const summary = await importFilings({
        db,
        policy,
        format: 'jsonl',
        batchSize: 100,
        input: jsonl(
          '{"subjectNumber": ', // 1
          { ...subject('40000002', ['bad-1.cn']), subjectNumber: '粤ICP备123号' }, // 2
          { ...subject('40000003', ['bad-2.cn']), province: '110000' }, // 3
          { ...subject('40000004', ['bad-3.cn']), provider: 'self' }, // 4
          { ...self, subject: { ...self.subject, type: 'company' } }, // 5
          subject('40000005', ['www.bad-4.cn']), // 6
          {
            ...subject('40000006', ['bad-5.cn']),
            websites: [{ number: '粤ICP备40000007号-1', domains: ['bad-5.cn'] }],
          }, // 7
          self, // 8
          subject('40000008', ['bad-6.cn'], ['ok-1.cn']), // 9: ok-1.cn is filed by line 8
          subject('40000009', ['bad-7.cn', 'bad-7.cn']), // 10
          { ...subject('40000010', ['bad-8.cn']), state: 'in-progress' }, // 11
          { ...subject('40000011', []) }, // 12
          {
            ...self,
            account: undefined,
            provider: 'other',
            subjectNumber: '粤ICP备40000001号',
            websites: [],
          }, // 13
          { ...subject('40000012', ['ok-2.cn']), account: 'acct' }, // 14
          subject('40000013', ['ok-3.cn']), // 15
        ),
      });
      assert.deepEqual(
        summary.errors.map((error) => [error.line, error.field ?? null]),
        [
          [1, null],
          [2, 'subjectNumber'],
          [3, 'subjectNumber'],
          [4, 'account'],
          [5, 'subject.type'],
          [6, 'websites[0].domains[0]'],
          [7, 'websites[0].number'],
          [9, 'websites[1].domains[0]'],
          [10, 'websites[0].domains[1]'],
          [11, 'subjectNumber'],
          [11, 'websites[0].number'],
          [12, 'websites[0].domains'],
          [13, null],
          [14, 'account'],
        ],
      );
      assert.equal(summary.imported, 2);
      const messages = summary.errors.map((error) => error.message.en).join('\n');
      assert.match(
        messages,
        /line 9: websites\[1\]\.domains\[0\] ok-1\.cn is already filed under another subject, 粤ICP备40000001号/,
      );
      assert.match(messages, /line 13: subject fields differ from line 8/);
      assert.match(summary.errors[3]?.message.zh ?? '', /^第 4 行：account 为必填项（provider 为 self 时）$/);
      // Line 9 failed on its second website: its subject and first website were not written.
      const facts = await createFactsStore(db).domainFacts(['bad-6.cn', 'ok-1.cn', 'ok-3.cn']);
      assert.deepEqual([...facts.keys()].sort(), ['ok-1.cn', 'ok-3.cn']);
      const bad = await db.kysely
        .selectFrom('filed_subject')
        .select('id')
        .where('subject_number', '=', '粤ICP备40000008号')
        .execute();
      assert.deepEqual(bad, []);
    });

    it('takes an optional approval date per website and refuses bad or future ones, naming the field', async () => {
      const dated = (n: string, approvedAt: unknown) => {
        const line = subject(
          n,
          ['a.cn'].map((d) => `${n}-${d}`),
        );
        return { ...line, websites: line.websites.map((w) => ({ ...w, approvedAt })) };
      };
      const now = new Date('2026-11-28T04:00:00.000Z'); // 12:00 in Asia/Shanghai
      const summary = await importFilings({
        policy,
        db,
        format: 'jsonl',
        now: () => now,
        input: jsonl(
          dated('50000001', '2012-06-18'), // 1: a date alone: midnight Asia/Shanghai
          dated('50000002', '2012-06-18T10:00:00+08:00'), // 2
          dated('50000003', null), // 3: unknown
          dated('50000004', '2012-13-01'), // 4
          dated('50000005', '2012-06-18 10:00'), // 5: no offset
          dated('50000006', '2026-11-28T12:00:01+08:00'), // 6: a second after the import
          dated('50000007', 20120618), // 7
          {
            ...dated('50000008', '2012-06-18'),
            subjectNumber: null,
            state: 'in-progress',
            websites: [{ domains: ['50000008-a.cn'], approvedAt: '2012-06-18' }],
          }, // 8: not approved yet
          dated('50000009', '2026-11-28T12:00:00+08:00'), // 9: the import instant itself
        ),
      });
      assert.deepEqual(
        summary.errors.map((error) => [error.line, error.field ?? null]),
        [
          [4, 'websites[0].approvedAt'],
          [5, 'websites[0].approvedAt'],
          [6, 'websites[0].approvedAt'],
          [7, 'websites[0].approvedAt'],
          [8, 'websites[0].approvedAt'],
        ],
      );
      assert.equal(summary.imported, 4);
      const [bad, future] = [summary.errors[0], summary.errors[2]];
      assert.match(bad?.message.zh ?? '', /^第 4 行：websites\[0\]\.approvedAt 不是带时区的 ISO 8601 时间/);
      assert.match(bad?.message.en ?? '', /^line 4: websites\[0\]\.approvedAt is not an ISO 8601 time/);
      assert.equal(
        future?.message.en,
        'line 6: websites[0].approvedAt is after the import time 2026-11-28T12:00:00+08:00: an approval date cannot be in the future',
      );
      assert.match(future?.message.zh ?? '', /^第 6 行：websites\[0\]\.approvedAt 晚于导入时间/);
      const facts = await createFactsStore(db).domainFacts([
        '50000001-a.cn',
        '50000002-a.cn',
        '50000003-a.cn',
        '50000009-a.cn',
      ]);
      assert.deepEqual(
        [...facts.values()].map((f) => f.filing?.website.approvedAt),
        ['2012-06-17T16:00:00.000Z', '2012-06-18T02:00:00.000Z', null, '2026-11-28T04:00:00.000Z'],
      );
    });

    it('names the one-website CSV column of a bad approval date', async () => {
      const header =
        'subjectNumber,province,subject.name,subject.type,subject.idType,subject.idNumber,provider,website.number,website.domains,website.approvedAt';
      const summary = await importFilings({
        policy,
        db,
        format: 'csv',
        input: Readable.from([
          `${header}\n粤ICP备50000010号,440000,主体,enterprise,uscc,914450000010,other,粤ICP备50000010号-1,csv-dated.cn,2017-02-30\n`,
        ]),
      });
      assert.deepEqual(
        summary.errors.map((error) => [error.line, error.field]),
        [[2, 'website.approvedAt']],
      );
    });

    it('keeps the stored subject intact when its replacement line is rejected', async () => {
      await importFilings({
        db,
        policy,
        format: 'jsonl',
        input: jsonl(subject('50000001', ['keep-1.cn']), subject('50000002', ['taken.cn'])),
      });
      const summary = await importFilings({
        db,
        policy,
        format: 'jsonl',
        input: jsonl(subject('50000001', ['keep-2.cn'], ['taken.cn'])),
      });
      assert.equal(summary.skipped, 1);
      const facts = await createFactsStore(db).domainFacts(['keep-1.cn', 'keep-2.cn']);
      assert.deepEqual([...facts.keys()], ['keep-1.cn']);
    });

    it('merges CSV rows of one subject, even apart, and checks they agree', async () => {
      const header =
        'subjectNumber,province,subject.name,subject.type,subject.idType,subject.idNumber,provider,website.number,website.domains';
      const row = (n: string, site: string, domains: string, name = '主体') =>
        `鄂ICP备${n}号,420000,${name},enterprise,uscc,9142${n},other,鄂ICP备${n}号-${site},${domains}`;
      const csv = [
        header,
        row('60000001', '1', 'merge-1.cn;merge-2.cn'), // 2
        row('60000002', '1', 'merge-3.cn'), // 3
        row('60000001', '2', 'merge-4.cn'), // 4
        row('60000001', '3', 'merge-5.cn', '别的名字'), // 5
        row('60000001', '2', 'merge-6.cn'), // 6: website number repeated
        row('60000001', '4', 'merge-1.cn'), // 7: domain repeated in the subject
        row('60000001', '5', 'merge-7.cn,'), // 8: a column too many
        'x', // 9
      ].join('\n');
      const summary = await importFilings({
        db,
        policy,
        format: 'csv',
        batchSize: 2,
        input: Readable.from([csv]),
      });
      assert.deepEqual(
        summary.errors.map((error) => [error.line, error.field ?? null]),
        [
          [5, null],
          [6, 'website.number'],
          [7, 'website.domains[0]'],
          [8, null],
          [9, null],
        ],
      );
      assert.equal(summary.imported, 3);
      assert.equal(
        summary.errors[2]?.message.en,
        'line 7: website.domains[0] merge-1.cn is already in another website of this subject',
      );
      const facts = await createFactsStore(db).domainFacts(['merge-1.cn', 'merge-4.cn']);
      assert.deepEqual(
        facts.get('merge-4.cn')?.filing?.subject.websites.map((website) => website.number),
        ['鄂ICP备60000001号-1', '鄂ICP备60000001号-2'],
      );
    });

    it('replaces an application in progress of the same certificate number', async () => {
      const application = {
        state: 'in-progress',
        province: '330000',
        subject: {
          name: '申请中',
          type: 'individual',
          idType: 'resident-id',
          idNumber: '33010619900101123x',
        },
        provider: 'other',
        websites: [{ domains: ['apply-1.cn'] }],
      };
      await importFilings({ db, policy, format: 'jsonl', input: jsonl(application) });
      await importFilings({
        db,
        policy,
        format: 'jsonl',
        input: jsonl({ ...application, websites: [{ domains: ['apply-2.cn'] }] }),
      });
      const facts = await createFactsStore(db).domainFacts(['apply-1.cn', 'apply-2.cn']);
      assert.deepEqual([...facts.keys()], ['apply-2.cn']);
      assert.equal(facts.get('apply-2.cn')?.inProgress.length, 1);
    });

    it('imports licence holders’ numbers, in one written form, from JSON Lines and CSV', async () => {
      const holder = (subjectNumber: string, province: string, id: string, websites: object[]) => ({
        subjectNumber,
        province,
        subject: { name: `许可证主体${id}`, type: 'enterprise', idType: 'uscc', idNumber: `91${id}` },
        provider: 'other',
        websites,
      });
      const summary = await importFilings({
        db,
        policy,
        format: 'jsonl',
        input: jsonl(
          holder('京ICP证030173号', '110000', '1100001', [
            { number: '京ICP证030173号-1', domains: ['licence-baidu.cn'] },
            { number: '京ICP证 030173号-102', domains: ['licence-baidu2.cn'] },
          ]),
          holder('粤B2-20090059', '440000', '4400001', [
            { number: '粤b2－20090059－5', domains: ['licence-qq.cn'] },
          ]),
          holder('川B2-20100027', '510000', '5100001', [
            { number: '川B2-20100027-8', domains: ['licence-sc.cn'] },
          ]),
        ),
      });
      assert.deepEqual(summary, { imported: 3, skipped: 0, errors: [], errorsOmitted: 0 });

      const header =
        'subjectNumber,province,subject.name,subject.type,subject.idType,subject.idNumber,provider,website.number,website.domains';
      const csv = [
        header,
        // Rows of one subject merge; importing its number again replaces its websites with these.
        '粤B2-20090059,440000,许可证主体4400001,enterprise,uscc,914400001,other,粤B2-20090059-5,licence-qq.cn',
        '粤B2-20090059,440000,许可证主体4400001,enterprise,uscc,914400001,other,粤B2-20090059-6,licence-qq2.cn',
        '浙B2-20080101,330000,许可证主体3300001,enterprise,uscc,913300001,other,浙B2-20080101-4,licence-zj.cn',
      ].join('\n');
      const rows = await importFilings({ db, policy, format: 'csv', input: Readable.from([csv]) });
      assert.deepEqual(rows.errors, []);

      const facts = await createFactsStore(db).domainFacts([
        'licence-baidu.cn',
        'licence-baidu2.cn',
        'licence-qq.cn',
        'licence-qq2.cn',
        'licence-sc.cn',
        'licence-zj.cn',
      ]);
      const numbers = Object.fromEntries(
        [...facts].map(([domain, f]) => [
          domain,
          [f.filing?.subject.subjectNumber, f.filing?.website.number],
        ]),
      );
      assert.deepEqual(numbers, {
        'licence-baidu.cn': ['京ICP证030173号', '京ICP证030173号-1'],
        'licence-baidu2.cn': ['京ICP证030173号', '京ICP证030173号-102'],
        'licence-qq.cn': ['粤B2-20090059', '粤B2-20090059-5'],
        'licence-qq2.cn': ['粤B2-20090059', '粤B2-20090059-6'],
        'licence-sc.cn': ['川B2-20100027', '川B2-20100027-8'],
        'licence-zj.cn': ['浙B2-20080101', '浙B2-20080101-4'],
      });
    });

    it('refuses licence numbers that do not fit their subject or province, naming the field in zh and en', async () => {
      const line = (subjectNumber: string, province: string, id: string, numbers: string[]) => ({
        subjectNumber,
        province,
        subject: { name: `主体${id}`, type: 'enterprise', idType: 'uscc', idNumber: `91${id}` },
        provider: 'other',
        websites: numbers.map((number, index) => ({ number, domains: [`refused-${id}-${index}.cn`] })),
      });
      const summary = await importFilings({
        db,
        policy,
        format: 'jsonl',
        input: jsonl(
          // 1: a mixed subject: a licence holder's website under a filing number
          line('浙B2-20080224', '330000', '8001', ['浙B2-20080224-1', '浙ICP备2021000001号-2']),
          line('京ICP证150476号', '440000', '8002', ['京ICP证150476号-1']), // 2: 京 is not 广东
          line('川ICP备09150084号', '510000', '8003', ['川ICP备09150084号-1']), // 3: 四川 files under 蜀
          line('B2-20090059', '440000', '8004', ['B2-20090059-1']), // 4: cross-region, no bureau
          line('京ICP证030173号-1', '110000', '8005', ['京ICP证030173号-1']), // 5: a website's number
          line('粤B2-20090059', '440000', '8006', ['粤B2-20090059']), // 6: a subject's number
          line('粤B2-20090059', '440000', '8007', ['粤B2-20090059-1626X']), // 7: an app's number
        ),
      });
      assert.equal(summary.imported, 0);
      const errors = summary.errors.map((error) => [error.line, error.field ?? null, error.message]);
      assert.deepEqual(
        errors.map(([lineNo, field]) => [lineNo, field]),
        [
          [1, 'websites[1].number'],
          [2, 'subjectNumber'],
          [3, 'subjectNumber'],
          [3, 'websites[0].number'],
          [4, 'subjectNumber'],
          [4, 'websites[0].number'],
          [5, 'subjectNumber'],
          [6, 'websites[0].number'],
          [7, 'websites[0].number'],
        ],
      );
      const zh = summary.errors.map((error) => error.message.zh);
      const en = summary.errors.map((error) => error.message.en);
      assert.equal(zh[0], '第 1 行：websites[1].number 应为主体备案号加序号（浙B2-20080224-1、-2…）');
      assert.equal(
        en[0],
        'line 1: websites[1].number must be the subject number with a sequence (浙B2-20080224-1, -2…)',
      );
      assert.equal(
        zh[1],
        '第 2 行：subjectNumber 的省份简称「京」属于北京（110000），与 province 440000（广东）不一致',
      );
      assert.equal(
        en[1],
        'line 2: subjectNumber prefix 京 is the bureau of 北京 (110000), not of province 440000 (广东)',
      );
      assert.match(
        zh[2] ?? '',
        /^第 3 行：subjectNumber 的省份简称「川」只用于许可证号；四川的备案号以「蜀ICP备」开头$/,
      );
      assert.match(en[4] ?? '', /^line 4: subjectNumber is a cross-region licence without a province prefix/);
      assert.equal(zh[6], '第 5 行：subjectNumber 是网站备案号；主体备案号不带序号，即 京ICP证030173号');
      assert.match(
        en[7] ?? '',
        /^line 6: websites\[0\]\.number is a subject number; .*\(粤B2-20090059-1, -2…\)$/,
      );
      assert.match(zh[8] ?? '', /^第 7 行：websites\[0\]\.number 是 App 或小程序的备案号/);
    });

    it('reports a CSV websites cell that is not JSON', async () => {
      const csv =
        'subjectNumber,province,subject.name,subject.type,subject.idType,subject.idNumber,provider,websites\n' +
        '湘ICP备70000001号,430000,主体,enterprise,uscc,91430000X,other,"[{""number"":"\n';
      const summary = await importFilings({ db, policy, format: 'csv', input: Readable.from([csv]) });
      assert.deepEqual(
        summary.errors.map((error) => [error.line, error.field]),
        [[2, 'websites']],
      );
    });
  });
}
