/**
 * The wizard's app step (APP备案) through its pages, without JavaScript: after the websites, an app
 * with its iOS certificate uploaded (the SHA-1 and public key filled in from it), a hostile file
 * refused on its own box, a mini program added and one removed; the findings under the app.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makeSigner } from '../documents/apk-samples.ts';
import { testDialects } from '../support/databases.ts';
import type { ApplicantFixture, ApplicantPages } from './applicant-fixture.ts';
import { bureauReview, providerReview } from '../../src/workflow/index.ts';
import {
  assertFieldError,
  assertRedirect,
  assertStatus,
  BUREAU_REVIEWER,
  fillDraft,
  HOUR,
  openApplicantPages,
  PROVIDER_REVIEWER,
  startApplication,
  submit,
  SUBJECT_LEADER_PHONE,
  WEBSITE_LEADER_PHONE,
} from './applicant-fixture.ts';
import type { Browser } from './web-fixture.ts';
import { Page } from './web-fixture.ts';

const signer = makeSigner('Web iOS Distribution');

/** An app's fields as the form names them, at block `i`. */
function appFields(i: number, name: string, type = 'app'): Record<string, string> {
  const base = `apps.${i}`;
  return {
    [`${base}.name`]: name,
    [`${base}.type`]: type,
    [`${base}.serviceContent`]: 'software',
    [`${base}.domainsText`]: '',
    [`${base}.ipsText`]: '203.0.113.9',
    [`${base}.responsiblePerson.name`]: '王小明',
    [`${base}.responsiblePerson.idType`]: 'resident-id',
    [`${base}.responsiblePerson.idNumber`]: '11010519491231002X',
    [`${base}.responsiblePerson.mobile`]: '13900139000',
    [`${base}.responsiblePerson.emergencyPhone`]: '0571-87654321',
    [`${base}.responsiblePerson.email`]: 'wang@example.cn',
  };
}

/** Posts the app step's multipart form as a browser would, with files by field name. */
async function postApps(
  browser: Browser,
  id: number,
  fields: Record<string, string>,
  files: Record<string, Buffer> = {},
) {
  const page = await browser.get(`/applications/${id}/apps`);
  const body = new FormData();
  body.set('_csrf', browser.csrf);
  body.set('_version', page.inputValue('_version') ?? '');
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  for (const [name, bytes] of Object.entries(files))
    body.set(name, new File([new Uint8Array(bytes)], 'signing.cer', { type: 'application/octet-stream' }));
  return Page.of(await browser.request(`/applications/${id}/apps`, { method: 'POST', body }));
}

for (const dialect of testDialects()) {
  describe(`wizard app step (${dialect.name})`, { skip: dialect.skip }, () => {
    let pages: ApplicantPages | undefined;
    let fx: ApplicantFixture;
    let applicant: Browser;
    before(async () => {
      pages = await openApplicantPages(dialect);
      ({ fx, applicant } = pages);
    });
    after(() => pages?.close());

    it('saves an app from its certificate, refuses a hostile file on its box, adds and removes apps', async () => {
      const domain = 'web-app-step.cn';
      const subject = await fx.newcomer({ domains: [domain] });
      const id = await startApplication(applicant, subject, domain);
      await fillDraft(applicant, id, subject, domain);

      // The subject step says what comes after it: websites alone until the application carries an app.
      const before = await applicant.get(`/applications/${id}/subject`);
      assert.ok(before.text.includes('保存后继续填写网站信息。'), before.text.slice(0, 800));

      const empty = await applicant.get(`/applications/${id}/apps`);
      assertStatus(empty, 200);
      assert.match(empty.html, /enctype="multipart\/form-data"/);
      assert.match(empty.html, /aria-current="step"[^>]*>填写APP信息/);

      const bundle = { 'apps.0.platforms.ios.bundleId': 'cn.webtest.ledger' };
      const hostile = await postApps(
        applicant,
        id,
        { ...appFields(0, '网页记账'), ...bundle, _newIndex: '0' },
        {
          'apps.0.platforms.ios.file': Buffer.from('<script>alert(1)</script>'),
        },
      );
      assertStatus(hostile, 422);
      assertFieldError(hostile, 'apps.0.platforms.ios.file', /不是证书文件/);
      assert.ok(!hostile.html.includes('<script>alert(1)'), 'nothing of the file is echoed');

      const saved = await postApps(
        applicant,
        id,
        { ...appFields(0, '网页记账'), ...bundle, _newIndex: '0' },
        {
          'apps.0.platforms.ios.file': signer.der,
        },
      );
      assertRedirect(saved, `/applications/${id}/documents`);
      const both = await applicant.get(`/applications/${id}/subject`);
      assert.ok(both.text.includes('保存后继续填写网站和APP信息。'), both.text.slice(0, 800));
      const bothEn = await applicant.get(`/applications/${id}/subject?lang=en`);
      assert.ok(bothEn.text.includes('Then continue with the websites and the apps.'));
      await applicant.get(`/applications/${id}/subject?lang=zh`); // the cookie back to Chinese
      const again = await applicant.get(`/applications/${id}/apps`);
      assert.equal(again.inputValue('apps.0.platforms.ios.sha1'), signer.expected.sha1);
      assert.equal(again.inputValue('apps.0.platforms.ios.publicKey'), signer.expected.modulus);
      assert.equal(again.inputValue('apps.0.ipsText'), null, 'a textarea, not an input');
      assert.ok(again.html.includes('203.0.113.9'));

      // A mini program in the blank block, then the app removed.
      const two = await postApps(applicant, id, {
        ...appFields(0, '网页记账'),
        'apps.0.platforms.ios.bundleId': 'cn.webtest.ledger',
        'apps.0.platforms.ios.publicKey': signer.expected.modulus,
        'apps.0.platforms.ios.sha1': signer.expected.sha1,
        ...appFields(1, '网页小程序', 'mini-program'),
        _newIndex: '1',
      });
      assertRedirect(two, `/applications/${id}/documents`);
      const removed = await postApps(applicant, id, {
        ...appFields(0, '网页记账'),
        'apps.0.platforms.ios.bundleId': 'cn.webtest.ledger',
        'apps.0.platforms.ios.publicKey': signer.expected.modulus,
        'apps.0.platforms.ios.sha1': signer.expected.sha1,
        ...appFields(1, '网页小程序', 'mini-program'),
        _newIndex: '2',
        _action: 'remove:0',
      });
      assertRedirect(removed, `/applications/${id}/apps`);
      const left = await applicant.get(`/applications/${id}/apps`);
      assert.equal(left.inputValue('apps.0.name'), '网页小程序');
      assert.equal(left.inputValue('apps.1.name'), '');
    });

    it('shows the apps on the detail page, files them, and lists, finds and cancels the app', async () => {
      const domain = 'web-app-filed.cn';
      const subject = await fx.newcomer({ domains: [domain] });
      const id = await startApplication(applicant, subject, domain);
      await fillDraft(applicant, id, subject, domain);
      const saved = await postApps(
        applicant,
        id,
        {
          ...appFields(0, '网页钱包'),
          'apps.0.platforms.ios.bundleId': 'cn.webtest.wallet',
          'apps.0.domainsText': `api.${domain}`,
          _newIndex: '0',
        },
        { 'apps.0.platforms.ios.file': signer.pem },
      );
      assertRedirect(saved, `/applications/${id}/documents`);
      const detail = await applicant.get(`/applications/${id}`);
      assert.ok(
        detail.text.includes('APP 信息') && detail.text.includes('网页钱包'),
        'the app on the detail page',
      );
      assert.ok(detail.text.includes('cn.webtest.wallet'), 'bundle');
      assert.ok(detail.text.includes('属于本申请中的网站'), 'the host belongs to the website');

      assertRedirect(await submit(applicant, id), `/applications/${id}`);
      fx.clock.now = new Date(fx.clock.now.getTime() + HOUR);
      await providerReview({
        ...fx.deps(),
        actor: PROVIDER_REVIEWER,
        applicationId: id,
        decision: { decision: 'approve' },
      });
      const sms = await applicant.get(`/applications/${id}/sms`);
      const fields = [...sms.html.matchAll(/name="(code\.\d+)"/g)].map((m) => m[1] ?? '');
      assert.equal(fields.length, 2);
      for (const [k, phone] of [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE].entries())
        assertRedirect(
          await applicant.post(`/applications/${id}/sms`, { [fields[k] ?? '']: await fx.smsCode(id, phone) }),
          /^\/applications\/\d+(\/sms)?$/,
        );
      fx.clock.now = new Date(fx.clock.now.getTime() + HOUR);
      const approved = await bureauReview({
        ...fx.deps(),
        actor: BUREAU_REVIEWER,
        applicationId: id,
        decision: { decision: 'approve' },
      });
      const number = approved.apps?.[0]?.number ?? '';
      assert.match(number, /号-2A$/);
      assert.ok(
        (await applicant.get(`/applications/${id}`)).text.includes(number),
        'the number on the detail page',
      );

      const filings = await applicant.get('/filings');
      assert.ok(
        filings.text.includes(number) && filings.text.includes('注销APP'),
        filings.text.slice(0, 1500),
      );
      const found = await applicant.get(`/query?by=app&q=${encodeURIComponent('网页钱包')}`);
      assertStatus(found, 200);
      assert.ok(found.text.includes(number) && found.text.includes(subject.name), found.text.slice(0, 1500));
      const byNumber = await applicant.get(`/query?q=${encodeURIComponent(number)}`);
      assert.ok(byNumber.text.includes('网页钱包'), 'an app number is recognised');

      // 取消接入: confirmed first; the app stays filed and listed, no longer hosted here.
      const leave = `/filings/${encodeURIComponent(number)}/cancel-app-access`;
      assert.ok(filings.html.includes(`href="${leave}"`), 'listed with its 取消接入 link');
      const confirm = await applicant.get(leave);
      assertStatus(confirm, 200);
      assert.ok(confirm.text.includes('APP备案号保留'), confirm.text.slice(0, 1500));
      assertStatus(await applicant.post(leave, {}), 422);
      assertRedirect(await applicant.post(leave, { confirm: '1' }), '/filings');
      const left = await applicant.get('/filings');
      assert.ok(left.text.includes(`已取消接入：${number}`), 'the flash names it');
      assert.ok(!left.html.includes(`href="${leave}"`), 'nothing left to cancel');
      assert.ok(!left.html.includes('/change-app"'), 'a change is for apps hosted here');

      const href = `/filings/${encodeURIComponent(number)}/cancel-app`;
      assert.ok(left.html.includes(`href="${href}"`), 'listed with its cancel link');
      assertStatus(await applicant.get(href), 200);
      assertRedirect(await applicant.post(href, { confirm: '1' }), '/filings');
      const after = await applicant.get('/filings');
      assert.ok(after.text.includes(`已注销APP ${number}`), 'the flash names it');
      assert.ok(!after.html.includes(`href="${href}"`), 'no longer listed');
    });
  });
}
