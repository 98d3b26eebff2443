/**
 * APP备案 in the browser (issue 17), at 1280 and 375 px: han.meimei starts an application of apps only
 * from her filed subject ("只备案APP", no domain), goes from the subject straight to the apps, fills one
 * in, and submits it; it reads 新增APP, never 新增网站. The provider, MIIT's SMS and the bureau approve
 * (the use cases the review pages call, as the other walks do); the filed app then shows under 我的备案
 * with 变更APP, whose form comes filled in from the filing: she changes the name and submits the change.
 * On the way the subject step says the apps come next, the documents step names the type 新增APP, and
 * 取消接入 is asked first; once the change is approved she confirms it. Each page at 1280 and 375 px.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { makeSigner } from '../documents/apk-samples.ts';
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
  withFailureScreenshot,
  startDemoSite,
} from './harness.ts';

const SUBJECT_NUMBER = '京ICP备2021012345号';
const APP_LEADER = '13700137000';
const signer = makeSigner('Demo Ledger');

/** Screenshots at 1280 and 375 px, asserting no sideways scrolling on the phone; back to 1280. */
async function bothWidths(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}`, 1280);
  await page.setViewportSize({ width: 375, height: 800 });
  await screenshot(page, `${name}`, 375);
  assert.equal(await horizontalOverflow(page), 0, `${name} scrolls sideways at 375 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('APP备案 and 变更APP in the browser', { skip: SKIP_BROWSER }, () => {
  let site: DemoSite;
  let browser: Browser;
  before(async () => {
    site = await startDemoSite();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('files an app without a website, then changes it from my filings', async () => {
    const tab: WatchedPage = await openPage(browser, site, { viewport: { width: 1280, height: 900 } });
    const { page } = tab;
    let applicationId = 0;
    await withFailureScreenshot(tab, 'app-only', async () => {
      await signIn(page, 'han.meimei');
      await page.goto(`/applications/new?subject=${encodeURIComponent(SUBJECT_NUMBER)}`);
      await page.getByLabel('只备案APP（小程序、快应用），不备案网站').check();
      await screenshot(page, 'app-only-start-1280', 1280);
      await page.getByRole('button', { name: '验证并开始填写' }).click();
      await landedOn(page, /^\/applications\/\d+\/subject$/);
      applicationId = Number(/\/applications\/(\d+)\//.exec(page.url())?.[1]);
      assert.match(await flashText(page), /新增APP/);
      // The subject leads to the apps, and says so (no website in this application).
      const intro = await page.locator('main').innerText();
      assert.match(intro, /保存后继续填写APP信息/);
      assert.doesNotMatch(intro, /继续填写网站信息/);
      await bothWidths(page, 'app-only-subject');
      await page.getByLabel('证件住所', { exact: true }).fill('北京市海淀区中关村大街 1 号');
      await page.getByLabel('通讯地址', { exact: true }).fill('北京市海淀区中关村大街 1 号 3 楼 301 室');
      await fillPerson(page.getByRole('group', { name: '主体负责人' }), hanMeimei(APP_LEADER));
      await page.getByRole('button', { name: '保存并继续' }).click();
      // No website to fill in: the subject leads to the apps.
      await landedOn(page, `/applications/${applicationId}/apps`);

      const app = page.getByRole('group', { name: '新增 APP（不填名称则不添加）' });
      await app.getByLabel('APP 名称', { exact: true }).fill('示例记账');
      await app.getByLabel('类型', { exact: true }).selectOption({ label: 'APP' });
      await app.getByLabel('服务内容', { exact: true }).selectOption({ label: '网络软件/下载' });
      await app.getByLabel('使用的 IP 地址（每行一个）').fill('203.0.113.7');
      const android = app.getByRole('group', { name: '安卓', exact: false });
      await android.getByLabel('包名').fill('cn.demo.ledger');
      await android.getByLabel('公钥').fill(signer.expected.modulus);
      await android.getByLabel('签名 MD5 值').fill(signer.expected.md5);
      await fillPerson(app.getByRole('group', { name: 'APP 负责人' }), hanMeimei(APP_LEADER));
      await screenshot(page, 'app-only-apps-1280', 1280);
      await page.getByRole('button', { name: '保存，下一步', exact: true }).click();
      await landedOn(page, `/applications/${applicationId}/documents`);
      // 所需材料 names the application's type as every page does: 新增APP, not 新增网站.
      const materials = await page.locator('#materials-title').innerText();
      assert.match(materials, /新增APP/);
      assert.doesNotMatch(materials, /新增网站/);
      // No domain to pick or certificate to code: the upload asks only for the kind and the file.
      assert.equal(await page.locator('select[name="domain"], input[name="certificateCode"]').count(), 0);
      assert.equal(await page.locator('select[name="kind"] option[value="domain-certificate"]').count(), 0);
      // Nor does the step's help talk of domain certificates.
      assert.doesNotMatch(await page.locator('#step-help').innerText(), /域名证书|证书验证码/);
      await bothWidths(page, 'app-only-documents');
      // The same in English, then back to Chinese (the language is remembered in a cookie).
      await page.goto(`/applications/${applicationId}/documents?lang=en`);
      assert.match(await page.locator('#materials-title').innerText(), /new app \(新增APP\)/);
      await bothWidths(page, 'app-only-documents');
      await page.goto(`/applications/${applicationId}/documents?lang=zh`);
      await page.getByRole('link', { name: '下一步：确认并提交' }).click();
      await landedOn(page, `/applications/${applicationId}/review`);
      // The apps are what this application files: listed for checking, no website domain to verify.
      const review = await page.locator('main').innerText();
      assert.match(review, /APP 1: 示例记账/);
      assert.match(review, /cn\.demo\.ledger/);
      assert.doesNotMatch(review, /域名核验结果/);
      await bothWidths(page, 'app-only-review');
      await page.getByText('核验通过，可以提交。').waitFor();
      await page.getByRole('button', { name: '提交初审' }).click();
      await landedOn(page, `/applications/${applicationId}`);
      const detail = await page.locator('main').innerText();
      assert.match(detail, /新增APP/);
      assert.doesNotMatch(detail, /新增网站/);
      assert.match(detail, /示例记账/);
      await screenshot(page, 'app-only-submitted-1280', 1280);
      await page.setViewportSize({ width: 375, height: 800 });
      await screenshot(page, 'app-only-submitted-375', 375);
      assert.equal(await horizontalOverflow(page), 0);
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await approveByUseCases(site, applicationId, 'han.meimei');

    await withFailureScreenshot(tab, 'app-change', async () => {
      await page.goto('/filings');
      const row = page.locator('main tr', { hasText: '示例记账' });
      const appNumber = (await row.locator('th').innerText()).trim();
      assert.match(appNumber, /^京ICP备2021012345号-\d+A$/);
      await page.setViewportSize({ width: 375, height: 800 });
      await screenshot(page, 'app-filings-375', 375);
      assert.equal(await horizontalOverflow(page), 0);
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, 'app-filings-1280', 1280);
      // 取消接入 asks first: the app, who hosts it, what stays; looked at, then left unchanged.
      await row.getByRole('link', { name: '取消接入' }).click();
      await landedOn(page, `/filings/${encodeURIComponent(appNumber)}/cancel-app-access`);
      const confirm = await page.locator('main').innerText();
      assert.match(confirm, /示例记账/);
      assert.match(confirm, /APP备案号保留/);
      await bothWidths(page, 'app-cancel-access-confirm');
      await page.getByRole('link', { name: '返回，不做更改' }).click();
      await landedOn(page, '/filings');
      await row.getByRole('link', { name: '变更APP' }).click();
      await landedOn(page, `/filings/${encodeURIComponent(appNumber)}/change-app`);
      // Filled in from the filing: nothing to retype.
      assert.equal(await page.getByLabel('APP 名称', { exact: true }).inputValue(), '示例记账');
      assert.equal(
        await page.locator('#f-apps-0-platforms-android-packageName').inputValue(),
        'cn.demo.ledger',
      );
      assert.equal(await page.locator('#f-apps-0-responsiblePerson-mobile').inputValue(), APP_LEADER);
      await page.getByLabel('APP 名称', { exact: true }).fill('示例记账本');
      await screenshot(page, 'app-change-form-1280', 1280);
      await page.setViewportSize({ width: 375, height: 800 });
      await screenshot(page, 'app-change-form-375', 375);
      assert.equal(await horizontalOverflow(page), 0);
      await page.getByRole('button', { name: '提交变更' }).click();
      await landedOn(page, /^\/applications\/\d+$/);
      assert.match(await flashText(page), /变更APP申请已提交/);
      const detail = await page.locator('main').innerText();
      assert.match(detail, /变更APP/);
      assert.match(detail, new RegExp(appNumber));
      assert.match(detail, /示例记账本/);
      await screenshot(page, 'app-change-submitted-375', 375);
      assert.equal(await horizontalOverflow(page), 0);
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, 'app-change-submitted-1280', 1280);
    });

    // The change approved, 取消接入 goes through its confirmation.
    const changeId = Number(/\/applications\/(\d+)$/.exec(page.url())?.[1]);
    await approveByUseCases(site, changeId, 'han.meimei');
    await withFailureScreenshot(tab, 'app-cancel-access', async () => {
      await page.goto('/filings');
      const row = page.locator('main tr', { hasText: '示例记账本' });
      const appNumber = (await row.locator('th').innerText()).trim();
      await row.getByRole('link', { name: '取消接入' }).click();
      await landedOn(page, `/filings/${encodeURIComponent(appNumber)}/cancel-app-access`);
      await page.getByLabel('我已了解上述后果，确认办理').check();
      await page.getByRole('button', { name: '确认取消接入' }).click();
      await landedOn(page, '/filings');
      assert.match(await flashText(page), new RegExp(`已取消接入：${appNumber}`));
      // Filed still, hosted elsewhere or nowhere: no 变更APP or 取消接入 offered any more.
      const after = page.locator('main tr', { hasText: '示例记账本' });
      assert.equal(await after.getByRole('link', { name: '取消接入' }).count(), 0);
      assert.equal(await after.getByRole('link', { name: '变更APP' }).count(), 0);
      await bothWidths(page, 'app-access-cancelled-filings');
    });
    assertClean(site, tab);
  });
});
