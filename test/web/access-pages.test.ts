/**
 * 备案资源 and 备案服务码 pages (issue 15): an operator registers a resource by form (bad IPs named on
 * their field), imports CSV and voids a code after ticking the confirmation; the applicant sees her
 * codes, grants one, and the wizard's website step and My filings show the code and the access
 * information ("未记录" when none was recorded).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import type { WebFixture } from './web-fixture.ts';
import { createWebFixture } from './web-fixture.ts';

const form = (extra: Record<string, string> = {}) => ({
  account: 'applicant.user',
  label: 'ecs-web-1',
  accessMethod: 'cloud-server',
  province: '浙江',
  ips: '47.96.1.10\n2408:4000::10',
  termStart: '2026-11-01',
  termEnd: '2027-11-01',
  codeQuota: '2',
  ...extra,
});

describe('resource and service code pages', () => {
  let db: Database;
  let fx: WebFixture;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db);
  });
  after(() => db.destroy());

  it('registers by form, names bad IPs on their field, and is the operators’ alone', async () => {
    const admin = await fx.browser('admin');
    const page = await admin.get('/admin/resources');
    assert.equal(page.status, 200);
    assert.match(page.html, /<a href="\/admin\/resources"[^>]*>备案资源<\/a>/, 'in the navigation');
    const bad = await admin.post('/admin/resources', form({ ips: '192.168.0.1 2001:db8::1' }));
    assert.equal(bad.status, 422);
    assert.ok(bad.text.includes('RFC 6890') && bad.text.includes('RFC 3849'), bad.text);
    assert.match(bad.html, /id="f-ips\.0"|href="#f-ips/);
    const made = await admin.post('/admin/resources', form());
    assert.equal(made.status, 303);
    const codesPath = made.location ?? '';
    assert.match(codesPath, /^\/admin\/resources\/\d+$/);
    const codes = await admin.get(codesPath);
    assert.equal(codes.status, 200);
    const shown = [
      ...new Set(
        [...codes.text.matchAll(/\b([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\b/g)].map((m) => m[1]),
      ),
    ];
    assert.equal(shown.length, 2, codes.text);
    assert.ok(!/<td(?![^>]*data-label)/.test(codes.html), 'every cell labelled');
    const applicant = await fx.browser('applicant');
    assert.equal((await applicant.get('/admin/resources')).status, 403);

    // Voiding asks for the box first.
    const code = (shown[0] ?? '').replace(/-/g, '');
    const unticked = await admin.post(`${codesPath}/void`, { code });
    assert.equal(unticked.status, 422);
    const voided = await admin.post(`${codesPath}/void`, { code, confirm: '1' });
    assert.equal(voided.status, 303);
    assert.ok((await admin.get(codesPath)).text.includes('已作废'));

    // The applicant holds the other code: listed, and grantable.
    const mine = await applicant.get('/service-codes');
    assert.equal(mine.status, 200);
    assert.ok(mine.text.includes(shown[1] ?? '?') && mine.text.includes('ecs-web-1'), mine.text);
    const refused = await applicant.post('/service-codes/grant', {
      code: (shown[1] ?? '').replace(/-/g, ''),
      toAccount: 'nobody',
    });
    assert.equal(refused.status, 422);
    assert.ok(refused.text.includes('请填写另一个有效的申请人账号'));
    const en = await applicant.get('/service-codes?lang=en');
    assert.ok(en.text.includes('My service codes') && en.text.includes('unused'), en.text);
  });

  it('imports CSV text and reports its bad lines', async () => {
    const admin = await fx.browser('admin');
    await admin.get('/admin/resources');
    const csv =
      'account,label,accessMethod,province,ips,termStart,termEnd\napplicant.user,ecs-csv-1,cloud-server,浙江,47.96.8.8,2026-11-01,2027-11-01\napplicant.user,ecs-csv-2,cloud-server,浙江,127.0.0.1,2026-11-01,2027-11-01\n';
    const done = await admin.post('/admin/resources/import', { csv });
    assert.equal(done.status, 422);
    assert.ok(done.text.includes('已登记 1 个资源') && done.text.includes('第 3 行'), done.text);
  });

  it('offers the code field in the website step and shows access information as not recorded', async () => {
    const applicant = await fx.browser('applicant');
    const check = await applicant.get('/applications/new');
    assert.equal(check.status, 200);
    const started = await applicant.post('/applications/new', {
      province: '浙江',
      'subject.type': 'enterprise',
      'subject.idType': 'uscc',
      'subject.idNumber': '91330106MA2B3C4D5D',
      'subject.name': '杭州示例科技有限公司',
      domain: 'demo-ok.cn',
    });
    assert.equal(started.status, 303, started.text);
    const id = /^\/applications\/(\d+)\/subject$/.exec(started.location ?? '')?.[1];
    assert.ok(id, String(started.location));
    const websiteStep = await applicant.get(`/applications/${id}/websites`);
    assert.equal(websiteStep.status, 200);
    assert.ok(websiteStep.html.includes('name="websites.0.serviceCode"'), websiteStep.text.slice(0, 500));
    assert.ok(websiteStep.text.includes('备案服务码'));
    // A filed website without access information (as imports leave them) shows "未记录", never a guess.
    await db.kysely
      .updateTable('filed_subject')
      .set({ account: 'applicant.user' })
      .where('id_number', '=', '91110108MA01AB2C3T')
      .execute();
    const filings = await applicant.get('/filings');
    assert.equal(filings.status, 200);
    assert.ok(
      filings.text.includes('接入信息') && filings.text.includes('未记录'),
      filings.text.slice(0, 2000),
    );
    assert.ok(filings.html.includes('/change-access'));
  });
});
