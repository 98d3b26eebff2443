import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createFactsStore } from '../../src/store/index.ts';
import type { Database } from '../../src/store/index.ts';
import { importRegistrations } from '../../src/imports/index.ts';
import { testDialects } from '../support/databases.ts';

const fixture = (name: string) => createReadStream(new URL(`../fixtures/import/${name}`, import.meta.url));
const jsonl = (...lines: (string | object)[]) =>
  Readable.from([
    lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n',
  ]);

const GOOD = {
  domain: 'good-1.cn',
  registrar: '阿里云计算有限公司',
  expiresAt: '2027-01-01T00:00:00+08:00',
  realName: {
    status: 'verified',
    holder: { name: '张三', idType: 'resident-id', idNumber: '44010619900101123x' },
  },
};

for (const dialect of testDialects()) {
  describe(`importRegistrations (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    before(async () => (db = await dialect.open()));
    after(() => db?.destroy());

    it('imports JSON Lines, normalising domains, instants and certificate numbers', async () => {
      const summary = await importRegistrations({
        db,
        input: fixture('registrations.jsonl'),
        format: 'jsonl',
      });
      assert.deepEqual(summary, { imported: 3, skipped: 0, errors: [], errorsOmitted: 0 });
      const facts = await createFactsStore(db).domainFacts([
        'beian-demo.cn',
        'xn--fsqu00a.xn--fiqs8s',
        'shop-demo.com',
      ]);
      assert.deepEqual(facts.get('xn--fsqu00a.xn--fiqs8s')?.registration, {
        domain: 'xn--fsqu00a.xn--fiqs8s',
        registrar: '北京新网数码信息技术有限公司',
        registrarIanaId: null,
        // Dates alone are midnight in Asia/Shanghai, stored as UTC.
        registeredAt: '2024-02-29T16:00:00.000Z',
        expiresAt: '2026-02-28T16:00:00.000Z',
        realName: {
          status: 'pending',
          verifiedAt: null,
          reportedAt: null,
          holder: { name: '张三', idType: 'resident-id', idNumber: '44010619900101123X' },
        },
        origin: 'import',
      });
      assert.equal(facts.get('beian-demo.cn')?.registration?.realName.reportedAt, '2020-01-04T02:00:00.000Z');
      assert.deepEqual(facts.get('shop-demo.com')?.registration?.realName, {
        status: 'none',
        verifiedAt: null,
        reportedAt: null,
        holder: null,
      });
    });

    it('imports the same data from CSV with dotted columns', async () => {
      const domains = ['beian-demo.cn', 'xn--fsqu00a.xn--fiqs8s', 'shop-demo.com'];
      const fromJsonl = await createFactsStore(db).domainFacts(domains);
      const summary = await importRegistrations({ db, input: fixture('registrations.csv'), format: 'csv' });
      assert.deepEqual(summary, { imported: 3, skipped: 0, errors: [], errorsOmitted: 0 });
      assert.deepEqual(await createFactsStore(db).domainFacts(domains), fromJsonl);
    });

    it('reports every kind of bad line with its number and field, and imports the rest', async () => {
      const summary = await importRegistrations({
        db,
        format: 'jsonl',
        input: jsonl(
          '# bad lines', // 1
          '{"domain": "broken.cn",', // 2
          { ...GOOD, realName: { status: 'done' } }, // 3
          { ...GOOD, domain: 'good-2.cn' }, // 4
          { ...GOOD, expiresAt: '2027-13-01' }, // 5
          { ...GOOD, expiresAt: '2027-01-01T00:00:00' }, // 6
          { ...GOOD, domain: 'a..cn' }, // 7
          { ...GOOD, domain: 'www.beian-demo.cn' }, // 8
          { ...GOOD, realName: { status: 'verified' } }, // 9
          { domain: 'good-3.cn', expiresAt: '2027-01-01' }, // 10
          { ...GOOD, registar: 'typo' }, // 11
          JSON.stringify({ ...GOOD, registrar: 'x'.repeat(70_000) }), // 12
          '[1, 2]', // 13
          {
            ...GOOD,
            realName: { status: 'verified', holder: { ...GOOD.realName.holder, idType: 'licence' } },
          }, // 14
          { ...GOOD, registrarIanaId: '420' }, // 15
          { ...GOOD, domain: 'good-4.cn', registeredAt: '2028-01-01' }, // 16
          { ...GOOD, domain: 'good-5.cn' }, // 17
        ),
      });
      const byLine = summary.errors.map((error) => [error.line, error.field ?? null]);
      assert.deepEqual(byLine, [
        [2, null],
        // Cross-field checks (holder required) wait until the fields themselves are valid.
        [3, 'realName.status'],
        [5, 'expiresAt'],
        [6, 'expiresAt'],
        [7, 'domain'],
        [8, 'domain'],
        [9, 'realName.holder'],
        [10, 'registrar'],
        [11, 'registar'],
        [12, null],
        [13, null],
        [14, 'realName.holder.idType'],
        [15, 'registrarIanaId'],
        [16, 'expiresAt'],
      ]);
      assert.equal(summary.imported, 2);
      assert.equal(summary.skipped, 14);
      const status = summary.errors.find((error) => error.field === 'realName.status');
      assert.deepEqual(status?.message, {
        zh: '第 3 行：realName.status 取值无效（应为 none、pending 或 verified）',
        en: 'line 3: realName.status is invalid (expected none, pending or verified)',
      });
      assert.match(
        summary.errors.find((error) => error.line === 8)?.message.en ?? '',
        /subdomain.*beian-demo\.cn/,
      );
      assert.match(summary.errors.find((error) => error.line === 12)?.message.zh ?? '', /超过 64 KiB/);
      assert.match(
        summary.errors.find((error) => error.line === 10)?.message.en ?? '',
        /registrar is required/,
      );
      const facts = await createFactsStore(db).domainFacts([
        'good-2.cn',
        'good-5.cn',
        'broken.cn',
        'good-4.cn',
      ]);
      assert.deepEqual([...facts.keys()].sort(), ['good-2.cn', 'good-5.cn']);
    });

    it('upserts on re-import, the later line of a repeated domain winning', async () => {
      const line = { ...GOOD, domain: 'again.cn' };
      for (let run = 0; run < 2; run += 1) {
        const summary = await importRegistrations({ db, format: 'jsonl', input: jsonl(line, line) });
        assert.deepEqual(summary, { imported: 2, skipped: 0, errors: [], errorsOmitted: 0 });
      }
      await importRegistrations({
        db,
        format: 'jsonl',
        batchSize: 1,
        input: jsonl({ ...line, registrar: '新网' }),
      });
      await importRegistrations({
        db,
        format: 'jsonl',
        input: jsonl(line, { ...line, registrar: '西部数码' }),
      });
      const rows = await db.kysely
        .selectFrom('domain_registration')
        .selectAll()
        .where('domain', '=', 'again.cn')
        .execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.registrar, '西部数码');
    });

    it('commits in batches and counts every line', async () => {
      const lines = Array.from({ length: 25 }, (_, index) => ({ ...GOOD, domain: `batch-${index}.cn` }));
      const summary = await importRegistrations({
        db,
        format: 'jsonl',
        batchSize: 7,
        input: jsonl(...lines),
      });
      assert.equal(summary.imported, 25);
      const facts = await createFactsStore(db).domainFacts(lines.map((line) => line.domain));
      assert.equal(facts.size, 25);
    });

    it('reports bad CSV rows by line, including rows after a multi-line cell', async () => {
      const header = 'domain,registrar,expiresAt,realName.status';
      const csv = [
        header, // 1
        'csv-1.cn,"多行\n名称",2027-01-01,none', // 2-3
        'csv-2.cn,新网,2027-01-01', // 4: a column short
        'csv-3.cn,新网,2027-01-01,maybe', // 5
        `csv-4.cn,${'x'.repeat(70_000)},2027-01-01,none`, // 6
        'csv-5.cn,新网,2027-01-01,none', // 7
      ].join('\r\n');
      const summary = await importRegistrations({ db, format: 'csv', input: Readable.from([csv]) });
      assert.deepEqual(
        summary.errors.map((error) => [error.line, error.field ?? null]),
        [
          [4, null],
          [5, 'realName.status'],
          [6, null],
        ],
      );
      assert.equal(summary.imported, 2);
      const facts = await createFactsStore(db).domainFacts(['csv-1.cn', 'csv-5.cn']);
      assert.equal(facts.get('csv-1.cn')?.registration?.registrar, '多行\n名称');
    });

    it('refuses a CSV header with unknown columns, importing nothing', async () => {
      const csv = 'domain,registrar,expiresAt,realName.stat\nheader-1.cn,新网,2027-01-01,none\n';
      const summary = await importRegistrations({ db, format: 'csv', input: Readable.from([csv]) });
      assert.equal(summary.imported, 0);
      assert.equal(summary.errors.length, 1);
      assert.equal(summary.errors[0]?.line, 1);
      assert.match(summary.errors[0]?.message.en ?? '', /unknown columns: realName\.stat/);
    });

    it('reads byte chunks split inside a character and caps the error list', async () => {
      const bytes = Buffer.from(`${JSON.stringify({ ...GOOD, domain: '字节.中国' })}\n{bad\n{bad\n{bad\n`);
      const chunks = Array.from({ length: bytes.length }, (_, index) => bytes.subarray(index, index + 1));
      const summary = await importRegistrations({
        db,
        format: 'jsonl',
        maxErrors: 2,
        input: Readable.from(chunks),
      });
      assert.equal(summary.imported, 1);
      assert.equal(summary.skipped, 3);
      assert.equal(summary.errors.length, 2);
      assert.equal(summary.errorsOmitted, 1);
      const facts = await createFactsStore(db).domainFacts(['xn--p8s842g.xn--fiqs8s']);
      assert.equal(facts.size, 1);
    });
  });
}
