/**
 * 批量备案类型验证 (/precheck/bulk): a TXT or CSV upload answers with the result file, streamed as rows
 * are checked; the file's problems are 422s on the file field; the CSV output is formula-defused; the
 * check is bound to the signed-in account; CSRF, rate limit and English as on every page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FactsSource } from '../../src/facts/types.ts';
import type { Database } from '../../src/store/index.ts';
import { createFactsStore, openDatabase } from '../../src/store/index.ts';
import { readCsvRecords } from '../../src/checking/index.ts';
import {
  MAX_BULK_ROWS,
  MAX_BULK_UPLOAD_BYTES,
  ROWS_PER_PIECE,
} from '../../src/web/pages/bulk-precheck-page.tsx';
import type { Browser, WebFixture } from './web-fixture.ts';
import { createTestAccount } from '../support/app-fixture.ts';
import { PASSWORD, Page, createWebFixture } from './web-fixture.ts';

/** The demo's S1 subject: the real-name holder of demo-ok.cn (Zhejiang). */
const S1 = {
  province: '330000',
  subjectType: 'enterprise',
  subjectIdType: 'uscc',
  subjectId: '91330106MA2B3C4D5D',
  subjectName: '杭州示例科技有限公司',
};
/** The demo's S2 subject, filed through this provider under account han.meimei. */
const S2_COLUMNS = '110000,enterprise,uscc,91110108MA01AB2C3T';

type CsvRow = Record<string, string>;

/** The answer's CSV as rows keyed by the header, read with the same reader the uploads use. */
async function csvRows(text: string): Promise<CsvRow[]> {
  const records = [];
  for await (const batch of readCsvRecords([text])) records.push(...batch);
  const [header, ...rows] = records;
  assert.ok(header, 'a header row');
  return rows.map((record) =>
    Object.fromEntries(header.fields.map((name, i) => [name, record.fields[i] ?? ''])),
  );
}

const txt = (content: string | Uint8Array, name = 'domains.txt') =>
  new File([content], name, { type: 'text/plain' });
const csv = (content: string, name = 'domains.csv') => new File([content], name, { type: 'text/csv' });

async function upload(
  browser: Browser,
  fields: Record<string, string>,
  file: File | null,
  options: { csrf?: string | false; headers?: Record<string, string> } = {},
): Promise<Response> {
  const form = new FormData();
  const csrf = options.csrf === undefined ? browser.csrf : options.csrf;
  if (csrf !== false) form.set('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (file) form.set('file', file);
  return browser.request('/precheck/bulk', { method: 'POST', body: form, headers: options.headers ?? {} });
}

/** A visitor who has loaded the form (so holds its form token). */
async function visitorOn(fx: WebFixture, query = ''): Promise<Browser> {
  const visitor = await fx.browser();
  await visitor.get(`/precheck/bulk${query}`);
  return visitor;
}

/** The 422 page's error on the file field: marked invalid, linked from the summary, with this text. */
function assertFileError(page: Page, message: RegExp): void {
  assert.equal(page.status, 422, page.text.slice(0, 300));
  assert.equal(Page.attribute(page.tagWithId('f-file') ?? '', 'aria-invalid'), 'true');
  assert.ok(page.tagWithId('f-file-error'), 'the error next to the field');
  const linked = [...page.html.matchAll(/<a href="#f-file">([^<]*)<\/a>/g)].map((m) => m[1] ?? '');
  assert.ok(
    linked.some((text) => message.test(text)),
    `summary links: ${linked.join(' | ')}`,
  );
}

describe('批量备案类型验证', () => {
  let db: Database;
  let fx: WebFixture;
  let lookups = 0;

  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    const store = createFactsStore(db);
    // Counts batches of domain lookups: one per checked piece of the answer.
    const facts: FactsSource = {
      consulted: store.consulted,
      domainFacts: (domains) => {
        lookups++;
        return store.domainFacts(domains);
      },
      subjectFilings: (ids) => store.subjectFilings(ids),
    };
    fx = await createWebFixture(db, { facts });
    await createTestAccount(db, { login: 'han.meimei', displayName: '韩梅梅', role: 'applicant' });
  });
  after(() => db.destroy());

  it('is linked from 备案类型验证 and shows the upload form with progress hooks', async () => {
    const visitor = await fx.browser();
    const precheck = await visitor.get('/precheck');
    assert.match(precheck.html, /<a href="\/precheck\/bulk">/);
    const page = await visitor.get('/precheck/bulk');
    assert.equal(page.status, 200);
    assert.match(page.html, /<title>批量备案类型验证 – beian<\/title>/);
    const form = /<form action="\/precheck\/bulk"[^>]*>/.exec(page.html)?.[0] ?? '';
    assert.equal(Page.attribute(form, 'enctype'), 'multipart/form-data');
    assert.equal(Page.attribute(form, 'data-bulk-precheck'), '');
    assert.equal(Page.attribute(form, 'data-max-bytes'), String(MAX_BULK_UPLOAD_BYTES));
    assert.equal(Page.attribute(form, 'data-progress'), '已核验 {done} / {total} 行');
    assert.match(page.tagWithId('f-file') ?? '', /type="file"/);
    assert.match(page.html, /<input type="radio" id="f-format" name="format" value="csv" checked=""/);
    assert.match(page.html, /<progress class="bulk-bar" data-bulk-bar="" hidden=""><\/progress>/);
    assert.match(page.html, /role="status" aria-live="polite" data-bulk-status=""><\/p>/);
    assert.match(page.text, /不超过 2 MiB、10,000 行/);
    assert.match(page.text, /beian check --file/);
  });

  it('answers a TXT upload with one CSV row per domain, in order, with the checks’ codes', async () => {
    const visitor = await visitorOn(fx);
    const response = await upload(
      visitor,
      S1,
      txt(
        [
          '\uFEFFdemo-ok.cn',
          '',
          '# comments and blank lines are skipped, but counted',
          'WWW.demo-expired.cn',
          '例子.中国',
          'demo-mismatch.cn',
          'demo-noname.cn',
          'not a domain',
        ].join('\r\n'),
      ),
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(
      response.headers.get('content-disposition'),
      'attachment; filename="beian-precheck-2026-11-28-120000.csv"',
    );
    assert.equal(response.headers.get('x-bulk-rows'), '6');
    const text = await response.text();
    assert.ok(text.startsWith('line,input,domain,registrable,filingType,ok,codes,message\n'), 'no BOM');
    const rows = await csvRows(text);
    assert.deepEqual(
      rows.map((row) => [row.line, row.input, row.ok]),
      [
        ['1', 'demo-ok.cn', 'true'],
        ['4', 'WWW.demo-expired.cn', 'false'],
        ['5', '例子.中国', 'false'],
        ['6', 'demo-mismatch.cn', 'false'],
        ['7', 'demo-noname.cn', 'false'],
        ['8', 'not a domain', 'false'],
      ],
    );
    const [ok, expired, idn, mismatch, noName, invalid] = rows as [
      CsvRow,
      CsvRow,
      CsvRow,
      CsvRow,
      CsvRow,
      CsvRow,
    ];
    assert.deepEqual([ok.domain, ok.filingType, ok.codes], ['demo-ok.cn', 'first-filing', '']);
    assert.equal(expired.registrable, 'demo-expired.cn');
    assert.deepEqual(expired.codes?.split(' ').sort(), [
      'DOMAIN_EXPIRED',
      'PARENT_DOMAIN_NOT_FILED',
      'SUBDOMAIN_INPUT',
    ]);
    assert.equal(expired.message, 'demo-expired.cn 已于 2026-10-01 到期。');
    assert.deepEqual([idn.domain, idn.codes], ['xn--fsqu00a.xn--fiqs8s', 'DOMAIN_NOT_REGISTERED']);
    assert.equal(mismatch.codes, 'HOLDER_MISMATCH');
    assert.equal(noName.codes, 'REAL_NAME_MISSING');
    assert.deepEqual([invalid.domain, invalid.filingType, invalid.codes], ['', '', 'DOMAIN_INVALID']);
  });

  it('takes each CSV row’s own subject columns over the form’s', async () => {
    const visitor = await visitorOn(fx);
    const response = await upload(
      visitor,
      { province: '330000' },
      csv(
        [
          'Domain,province,subjectType,subjectIdType,subjectId,subjectName,notes',
          'demo-ok.cn,,enterprise,uscc,91330106MA2B3C4D5D,杭州示例科技有限公司,the holder',
          'demo-ok.cn,110000,enterprise,uscc,91110108MA01AB2C3T,"北京某某, 有限公司",someone else',
          'demo-ok.cn,,,,,,no subject',
        ].join('\n'),
      ),
    );
    assert.equal(response.status, 200);
    const rows = await csvRows(await response.text());
    assert.deepEqual(
      rows.map((row) => [row.line, row.ok, row.codes]),
      [
        ['2', 'true', ''],
        // Not whether that subject has an account here (issue 12): it is filed here, so 新增网站.
        ['3', 'false', 'HOLDER_MISMATCH'],
        ['4', 'true', 'SUBJECT_NOT_GIVEN'],
      ],
    );
  });

  it('binds the check to the signed-in account, never to a CSV account column (Q9)', async () => {
    const file = () =>
      csv(
        `domain,province,subjectType,subjectIdType,subjectId,account\ndemo-s2-new.cn,${S2_COLUMNS},han.meimei\n`,
      );
    const anonymous = await visitorOn(fx);
    const asNobody = await csvRows(await (await upload(anonymous, {}, file())).text());
    // Even naming the owner: no account is revealed to a visitor who does not control the subject.
    assert.deepEqual([asNobody[0]?.filingType, asNobody[0]?.codes], ['add-website', '']);

    const han = await fx.browser();
    await han.get('/login');
    await han.post('/login', { login: 'han.meimei', password: PASSWORD });
    await han.get('/precheck/bulk');
    const asOwner = await csvRows(await (await upload(han, {}, file())).text());
    assert.deepEqual(
      [asOwner[0]?.ok, asOwner[0]?.filingType, asOwner[0]?.codes],
      ['true', 'add-website', ''],
    );
  });

  it('answers JSON Lines: one contract result a line, with its line number', async () => {
    const visitor = await visitorOn(fx);
    const response = await upload(visitor, { ...S1, format: 'jsonl' }, txt('demo-ok.cn\ndemo-expired.cn\n'));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-ndjson; charset=utf-8');
    assert.match(
      response.headers.get('content-disposition') ?? '',
      /filename="beian-precheck-[-0-9]+\.jsonl"/,
    );
    const lines = (await response.text()).split('\n');
    assert.equal(lines.pop(), '', 'ends with a line break');
    const results = lines.map(
      (line) =>
        JSON.parse(line) as {
          line: number;
          input: string;
          ok: boolean;
          findings: { code: string; message: { zh: string; en: string } }[];
          domain: { ascii: string };
        },
    );
    assert.deepEqual(
      results.map((r) => [r.line, r.input, r.ok, r.domain.ascii]),
      [
        [1, 'demo-ok.cn', true, 'demo-ok.cn'],
        [2, 'demo-expired.cn', false, 'demo-expired.cn'],
      ],
    );
    const expired = results[1]?.findings.find((f) => f.code === 'DOMAIN_EXPIRED');
    assert.equal(expired?.message.en, 'demo-expired.cn expired on 2026-10-01.');
  });

  it('defuses spreadsheet formulas in the CSV (OWASP CSV injection)', async () => {
    const visitor = await visitorOn(fx);
    const hostile = [
      "=cmd|' /C calc'!A0",
      '+1+1',
      '-2+3',
      '@SUM(A1:A2)',
      '=HYPERLINK("http://x.example","a,b")',
    ];
    const response = await upload(visitor, {}, txt(hostile.join('\n')));
    const text = await response.text();
    assert.match(text, /\n1,'=cmd\|' \/C calc'!A0,,,,false,DOMAIN_INVALID,/);
    const rows = await csvRows(text);
    assert.deepEqual(
      rows.map((row) => row.input),
      hostile.map((input) => `'${input}`),
    );
    for (const row of rows) {
      for (const [column, cell] of Object.entries(row)) {
        assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `${row.line} ${column}: ${cell}`);
      }
    }
  });

  it('refuses a missing, empty, binary, non-UTF-8 or malformed file with 422 on the file field', async () => {
    const visitor = await visitorOn(fx);
    const missing = await Page.of(await upload(visitor, S1, null));
    assertFileError(missing, /^请选择要上传的文件$/);
    assert.equal(missing.inputValue('subjectId'), S1.subjectId, 'the form keeps the subject');

    assertFileError(await Page.of(await upload(visitor, {}, txt(''))), /^上传的文件是空的$/);
    assertFileError(
      await Page.of(await upload(visitor, {}, txt('# only a comment\n\n'))),
      /^文件中没有域名$/,
    );
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
    assertFileError(await Page.of(await upload(visitor, {}, txt(png, 'logo.txt'))), /不是 UTF-8 编码的文本/);
    // 例子.中国 saved as GBK, as Excel does on a Chinese Windows.
    const gbk = new Uint8Array([0xc0, 0xfd, 0xd7, 0xd3, 0x2e, 0xd6, 0xd0, 0xb9, 0xfa, 0x0a]);
    assertFileError(await Page.of(await upload(visitor, {}, txt(gbk))), /以 UTF-8 编码保存/);
    assertFileError(
      await Page.of(await upload(visitor, {}, csv('name,province\nexample.cn,330000\n'))),
      /表头，并包含 domain/,
    );
    assertFileError(await Page.of(await upload(visitor, {}, csv('domain\n"demo-ok.cn\n'))), /CSV 格式错误/);
  });

  it('refuses more rows or bytes than the web takes, pointing to the command line', async () => {
    const visitor = await visitorOn(fx);
    const tooMany = 'demo-ok.cn\n'.repeat(MAX_BULK_ROWS + 1);
    assertFileError(
      await Page.of(await upload(visitor, {}, txt(tooMany))),
      /超过 10,000 行.*beian check --file/,
    );
    const exactly = await upload(visitor, {}, txt('demo-ok.cn\n'.repeat(MAX_BULK_ROWS)));
    assert.equal(exactly.status, 200);
    assert.equal(exactly.headers.get('x-bulk-rows'), String(MAX_BULK_ROWS));
    await exactly.body?.cancel();

    const tooLarge = txt(`# ${'x'.repeat(MAX_BULK_UPLOAD_BYTES)}\ndemo-ok.cn\n`);
    assertFileError(await Page.of(await upload(visitor, {}, tooLarge)), /不能超过 2 MiB/);
    const farTooLarge = await Page.of(await upload(visitor, {}, txt('x'.repeat(3 * MAX_BULK_UPLOAD_BYTES))));
    assert.equal(farTooLarge.status, 413);
  });

  it('refuses rows whose own columns are invalid, naming their lines, before answering', async () => {
    const visitor = await visitorOn(fx);
    const page = await Page.of(
      await upload(
        visitor,
        {},
        csv(
          'domain,province,subjectType\na.cn,atlantis,\nb.cn,330000,enterprise\nc.cn,,pirate\nd.cn,atlantis,\n',
        ),
      ),
    );
    assertFileError(page, /^第 2 行：省份“atlantis”无法识别/);
    assertFileError(page, /^第 4 行：subjectType 取值无效/);
    assertFileError(page, /^第 5 行：省份“atlantis”无法识别/);
  });

  it('ties invalid form fields to their fields', async () => {
    const visitor = await visitorOn(fx);
    const page = await Page.of(
      await upload(
        visitor,
        { province: 'atlantis', subjectType: 'pirate', format: 'xlsx' },
        txt('demo-ok.cn\n'),
      ),
    );
    assert.equal(page.status, 422);
    assert.match(page.html, /<a href="#f-subjectType">主办单位性质不在可选范围内<\/a>/);
    assert.match(page.html, /<a href="#f-format">结果格式只能是 CSV 或 JSON Lines<\/a>/);
    const province = await Page.of(await upload(visitor, { province: 'atlantis' }, txt('demo-ok.cn\n')));
    assert.match(province.html, /<a href="#f-province">省份“atlantis”无法识别/);
    // A bad default is reported once, on its field, not again on every row that uses it.
    const withRows = await Page.of(
      await upload(visitor, { province: 'atlantis' }, csv('domain,subjectType\na.cn,enterprise\n')),
    );
    assert.match(withRows.html, /<a href="#f-province">/);
    assert.doesNotMatch(withRows.html, /<a href="#f-file">/);
  });

  it('requires the form token and refuses cross-site posts', async () => {
    const visitor = await visitorOn(fx);
    assert.equal((await upload(visitor, S1, txt('demo-ok.cn\n'), { csrf: false })).status, 403);
    assert.equal((await upload(visitor, S1, txt('demo-ok.cn\n'), { csrf: 'forged' })).status, 403);
    const crossSite = await upload(visitor, S1, txt('demo-ok.cn\n'), {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(crossSite.status, 403);
    const signedIn = await fx.browser('applicant');
    assert.equal((await upload(signedIn, S1, txt('demo-ok.cn\n'), { csrf: 'forged' })).status, 403);
    assert.equal((await upload(signedIn, S1, txt('demo-ok.cn\n'))).status, 200);
  });

  it('streams: the answer starts before any row is checked, and rows arrive while later ones are not', async () => {
    const count = 2_000;
    const pieces = count / ROWS_PER_PIECE;
    const domains = Array.from({ length: count }, (_, i) => `bulk-${i}.cn`);
    const visitor = await visitorOn(fx);
    lookups = 0;
    const response = await upload(visitor, S1, txt(domains.join('\n')));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-length'), null, 'a stream, not a buffered body');
    assert.equal(lookups, 0, 'headers come before any check');

    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!/\n1,bulk-0\.cn,/.test(text)) {
      const step = await reader.read();
      assert.ok(!step.done, 'the first row arrives');
      text += decoder.decode(step.value, { stream: true });
    }
    assert.ok(lookups < pieces, `first rows seen after ${lookups} of ${pieces} lookups`);
    for (;;) {
      const step = await reader.read();
      if (step.done) break;
      text += decoder.decode(step.value, { stream: true });
    }
    assert.equal(lookups, pieces);
    const rows = await csvRows(text);
    assert.equal(rows.length, count);
    assert.deepEqual(
      rows.map((row) => row.input),
      domains,
    );
  });

  it('speaks English on ?lang=en: the page, its errors and the result messages', async () => {
    const visitor = await visitorOn(fx, '?lang=en');
    const page = await visitor.get('/precheck/bulk');
    assert.match(page.html, /<title>Bulk filing-type check – beian<\/title>/);
    assert.match(page.html, /<label class="field-label" for="f-file">Domain file<\/label>/);
    assert.match(page.text, /at most 2 MiB and 10,000 rows/);
    const form = /<form action="\/precheck\/bulk"[^>]*>/.exec(page.html)?.[0] ?? '';
    assert.equal(Page.attribute(form, 'data-progress'), 'Checked {done} of {total} rows');
    assertFileError(await Page.of(await upload(visitor, {}, txt(''))), /^The uploaded file is empty$/);
    const rows = await csvRows(await (await upload(visitor, S1, txt('demo-expired.cn\n'))).text());
    assert.equal(rows[0]?.message, 'demo-expired.cn expired on 2026-10-01.');
  });
});

describe('批量备案类型验证 rate limit', () => {
  let db: Database;
  let fx: WebFixture;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db, {
      rateLimits: { precheck: { limit: 1, windowMs: 60_000 } },
    });
  });
  after(() => db.destroy());

  it('counts uploads against the precheck limit', async () => {
    const visitor = await visitorOn(fx);
    const first = await upload(visitor, S1, txt('demo-ok.cn\n'));
    assert.equal(first.status, 200);
    await first.body?.cancel();
    assert.equal((await upload(visitor, S1, txt('demo-ok.cn\n'))).status, 429);
  });
});
