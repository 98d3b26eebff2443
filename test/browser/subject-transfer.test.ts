/**
 * 变更主体 and 转移备案 in the browser (issue 15), at 1280 and 375 px: han.meimei changes her filed
 * subject's name and principal (the 更名函 asked for, uploaded, submitted); the provider, MIIT's SMS
 * and the bureau approve (through the use cases, as the other walks cover those pages); li.lei then asks
 * for the subject by its credit code, and its principal answers on the texted link on a phone: a wrong
 * code first, then the right one; the subject shows in li.lei's filings.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { pdf } from '../documents/samples.ts';
import type { DemoSite, WatchedPage } from './harness.ts';
import { approveByUseCases, fillPerson, hanMeimei } from './walk-steps.ts';
import {
  SKIP_BROWSER,
  assertClean,
  flashText,
  horizontalOverflow,
  landedOn,
  launchChromium,
  openPage,
  screenshot,
  signIn,
  startDemoSite,
  withFailureScreenshot,
} from './harness.ts';

const SUBJECT_NUMBER = '京ICP备2021012345号';
const CREDIT_CODE = '91110108MA01AB2C3T';
const NEW_NAME = '北京示例数字信息技术有限公司';
const PRINCIPAL = '13512345678';

describe('变更主体 and 转移备案 in the browser', { skip: SKIP_BROWSER }, () => {
  let site: DemoSite;
  let browser: Browser;
  const tabs: WatchedPage[] = [];
  before(async () => {
    site = await startDemoSite();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('changes a subject with its 更名函, then moves it to another account on its principal’s code', async () => {
    const owner = await openPage(browser, site, { viewport: { width: 1280, height: 900 } });
    tabs.push(owner);
    const { page } = owner;
    let applicationId = 0;
    await withFailureScreenshot(owner, 'subject-change', async () => {
      await signIn(page, 'han.meimei');
      await page.goto('/filings');
      await page.locator(`a[href="/filings/${encodeURIComponent(SUBJECT_NUMBER)}/change-subject"]`).click();
      await landedOn(page, `/filings/${encodeURIComponent(SUBJECT_NUMBER)}/change-subject`);
      // The certificate is shown, not editable.
      assert.ok((await page.locator('main dl.summary-list').innerText()).includes(CREDIT_CODE));
      await page.getByLabel('主办单位名称', { exact: true }).fill(NEW_NAME);
      await page.getByLabel('证件住所', { exact: true }).fill('北京市海淀区中关村大街 1 号');
      await page.getByLabel('通讯地址', { exact: true }).fill('北京市海淀区中关村大街 1 号 3 楼 301 室');
      await fillPerson(page.getByRole('group', { name: '主体负责人' }), hanMeimei(PRINCIPAL));
      await screenshot(page, 'subject-change-form-1280', 1280);
      await page.getByRole('button', { name: '保存变更' }).click();
      await landedOn(page, /^\/subject-changes\/\d+$/);
      applicationId = Number(/\/subject-changes\/(\d+)/.exec(page.url())?.[1]);
      // Submitting a new name without the letter is refused beside the upload.
      await page.getByRole('button', { name: '提交初审' }).click();
      assert.match(await page.locator('main').innerText(), /须上传更名函/);
      await screenshot(page, 'subject-change-letter-needed-1280', 1280);
      await page.locator('input[name="file"]').setInputFiles({
        name: '更名函.pdf',
        mimeType: 'application/pdf',
        buffer: pdf('letter'),
      });
      await page.getByRole('button', { name: '上传更名函' }).click();
      await landedOn(page, `/subject-changes/${applicationId}`);
      assert.match(await flashText(page), /更名函\.pdf/);
      await page.setViewportSize({ width: 375, height: 800 });
      await screenshot(page, 'subject-change-draft-375', 375);
      assert.equal(await horizontalOverflow(page), 0);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByRole('button', { name: '提交初审' }).click();
      await landedOn(page, `/applications/${applicationId}`);
      await screenshot(page, 'subject-change-submitted-1280', 1280);
    });

    // 初审, MIIT's SMS to the new principal, the bureau: the use cases the review pages call.
    const approved = await approveByUseCases(site, applicationId, 'han.meimei');
    assert.equal(approved.subjectNumber, SUBJECT_NUMBER);

    const taker = await openPage(browser, site, { viewport: { width: 1280, height: 900 } });
    tabs.push(taker);
    await withFailureScreenshot(taker, 'transfer-request', async () => {
      await signIn(taker.page, 'li.lei');
      await taker.page.goto('/filings');
      await taker.page.locator('main a[href="/transfers"]').click();
      await landedOn(taker.page, '/transfers');
      await taker.page.getByLabel('主体证件号码或备案号', { exact: true }).fill(CREDIT_CODE);
      await taker.page.getByRole('button', { name: '申请转移' }).click();
      await landedOn(taker.page, '/transfers');
      assert.match(await flashText(taker.page), /已提交/);
      assert.match(await taker.page.locator('main table').innerText(), /等待主体负责人确认/);
      await screenshot(taker.page, 'transfer-request-1280', 1280);
      await taker.page.setViewportSize({ width: 375, height: 800 });
      await screenshot(taker.page, 'transfer-request-375', 375);
      assert.equal(await horizontalOverflow(taker.page), 0);
    });

    // The principal's phone: the sandbox outbox.
    const text = await site.database.kysely
      .selectFrom('sms_outbox')
      .select('body')
      .where('phone', '=', PRINCIPAL)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const link = /(https?:\/\/\S+\/transfer\/[A-Za-z0-9_-]+)/.exec(text.body)?.[1] ?? '';
    const code = /验证码：(\d{6})/.exec(text.body)?.[1] ?? '';
    assert.ok(link.startsWith(site.url), text.body);

    const phone = await openPage(browser, site, { viewport: { width: 375, height: 800 }, isMobile: true });
    tabs.push(phone);
    await withFailureScreenshot(phone, 'transfer-answer', async () => {
      await phone.page.goto(link);
      const main = await phone.page.locator('main').innerText();
      assert.match(main, new RegExp(NEW_NAME));
      assert.match(main, /li\.lei/);
      await screenshot(phone.page, 'transfer-answer-375', 375);
      assert.equal(await horizontalOverflow(phone.page), 0);
      await phone.page
        .getByLabel('短信验证码', { exact: true })
        .fill(code === '000000' ? '111111' : '000000');
      await phone.page.getByRole('button', { name: '确认转移' }).click();
      assert.match(await phone.page.locator('main').innerText(), /还可再试 4 次/);
      await screenshot(phone.page, 'transfer-answer-wrong-375', 375);
      await phone.page.getByLabel('短信验证码', { exact: true }).fill(code);
      await phone.page.getByRole('button', { name: '确认转移' }).click();
      assert.match(await flashText(phone.page), /已确认，备案已转移到账号 li\.lei/);
      await screenshot(phone.page, 'transfer-answered-375', 375);
    });

    await taker.page.setViewportSize({ width: 1280, height: 900 });
    await taker.page.goto('/filings');
    assert.match(await taker.page.locator('main').innerText(), new RegExp(SUBJECT_NUMBER));
    await taker.page.goto('/transfers');
    assert.match(await taker.page.locator('main table').innerText(), /已转移到本账号/);
    await screenshot(taker.page, 'transfer-done-1280', 1280);
    assertClean(site, ...tabs);
  });
});
