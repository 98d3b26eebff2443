/**
 * APP备案 in the browser (issue 17), at 1280 and 375 px: han.meimei starts an application of apps only
 * from her filed subject ("只备案APP", no domain), goes from the subject straight to the apps, fills one
 * in, and submits it; it reads 新增APP, never 新增网站. The provider, MIIT's SMS and the bureau approve
 * (the use cases the review pages call, as the other walks do); the filed app then shows under 我的备案
 * with 变更APP, whose form comes filled in from the filing: she changes the name and submits the change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
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
      await page.getByRole('link', { name: '下一步：确认并提交' }).click();
      await landedOn(page, `/applications/${applicationId}/review`);
      await screenshot(page, 'app-only-review-1280', 1280);
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
    assertClean(site, tab);
  });
});
