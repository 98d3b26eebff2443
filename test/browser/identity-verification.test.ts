/**
 * 真实性核验 in the browser (issue 15), with BEIAN_IDENTITY_VERIFICATION=required: the applicant sees on
 * the review step that verification is missing, sends the responsible person a link (shown once and
 * texted, phone masked); the person opens it on a phone (375 px), is refused at the fields for a missing
 * photo and a non-image, and — the admin having steered the sandbox to fail the next check — fails with
 * the reason; the applicant sends a new link, the person passes; the reviewer sees the outcome with the
 * vendor's reference, and the submit goes through.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createAccount } from '../../src/accounts/index.ts';
import { JPEG, PNG, pdf } from '../documents/samples.ts';
import type { DemoSite, WatchedPage } from './harness.ts';
import {
  DEMO_PASSWORD,
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
import { newcomer, registerNewcomerDomains } from './newcomer.ts';
import { seedApplication } from './seed.ts';

const APPLICANT = newcomer(4);
const PERSON_ID = APPLICANT.subject.leader.idNumber;

describe('真实性核验 in the browser', { skip: SKIP_BROWSER }, () => {
  let site: DemoSite;
  let browser: Browser;
  let id = 0;
  const tabs: WatchedPage[] = [];
  before(async () => {
    site = await startDemoSite({ identity: { mode: 'required' } });
    await createAccount(
      site.database,
      {
        login: APPLICANT.login,
        role: 'applicant',
        displayName: APPLICANT.displayName,
        password: DEMO_PASSWORD,
      },
      new Date(),
    );
    await registerNewcomerDomains(site, APPLICANT);
    id = await seedApplication(site, APPLICANT, 'draft');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('sends a link, fails once as steered, passes on a new link, and the reviewer sees it', async () => {
    const applicant = await openPage(browser, site, { viewport: { width: 1280, height: 900 } });
    const phone = await openPage(browser, site, { viewport: { width: 375, height: 800 }, isMobile: true });
    const admin = await openPage(browser, site, { viewport: { width: 1280, height: 900 } });
    tabs.push(applicant, phone, admin);
    const { page } = applicant;

    /** Sends the person a link from the applicant's page and returns it as shown there. */
    async function sendLink(button: string): Promise<string> {
      await page.getByRole('button', { name: button }).click();
      await page.locator('#identity-link-url').waitFor();
      const url = await page.locator('#identity-link-url').inputValue();
      assert.match(url, /\/verify\/[A-Za-z0-9_-]{43}$/);
      assert.match(await page.locator('.identity-link').innerText(), /已发送短信至 138\*\*\*\*\d{4}/);
      return url;
    }

    await withFailureScreenshot(applicant, 'identity-applicant', async () => {
      await signIn(page, APPLICANT.login);
      await page.goto(`/applications/${id}/review`);
      const problems = await page.locator('.error-summary').innerText();
      assert.match(problems, /须完成真实性核验/);
      await page.getByRole('link', { name: /须完成真实性核验/ }).click();
      await landedOn(page, `/applications/${id}/identity`);
      assert.match(await page.locator('main').innerText(), /未发起/);
      await screenshot(page, 'identity-tasks-none-1280', 1280);
    });

    // The admin steers the sandbox: the next check of this person fails on the face.
    await withFailureScreenshot(admin, 'identity-sandbox', async () => {
      await signIn(admin.page, 'demo.admin');
      await admin.page.goto('/sandbox/identity');
      await admin.page.getByLabel('证件号码', { exact: true }).fill(PERSON_ID);
      await admin.page.getByLabel('结果', { exact: true }).selectOption('face-mismatch');
      await admin.page.locator('input[name="remaining"]').fill('1');
      await admin.page.getByRole('button', { name: '保存设定' }).click();
      await landedOn(admin.page, '/sandbox/identity');
      assert.match(await flashText(admin.page), /已设定/);
      assert.match(await admin.page.locator('main table').innerText(), /人脸不符/);
      await screenshot(admin.page, 'identity-sandbox-1280', 1280);
    });

    let link = '';
    await withFailureScreenshot(applicant, 'identity-issue', async () => {
      link = await sendLink('发送核验链接');
      assert.match(await page.locator('main').innerText(), /链接已发送，等待本人核验/);
      await screenshot(page, 'identity-link-issued-1280', 1280);
    });

    await withFailureScreenshot(phone, 'identity-phone', async () => {
      const p = phone.page;
      await p.goto(new URL(link).pathname);
      const text = await p.locator('main').innerText();
      assert.match(text, new RegExp(APPLICANT.subject.leader.name));
      assert.ok(!text.includes(PERSON_ID), 'the certificate number is masked');
      assert.equal(await p.locator('input[name="facePhoto"]').getAttribute('capture'), 'user');
      assert.equal(await horizontalOverflow(p), 0);
      await screenshot(p, 'identity-link-375', 375);
      // Only the ID photo, a PDF as the face photo, nothing signed: each refused at its field.
      await p
        .locator('input[name="idPhoto"]')
        .setInputFiles({ name: 'id.png', mimeType: 'image/png', buffer: PNG });
      await p.getByRole('button', { name: '提交核验' }).click();
      assert.match(await p.locator('.error-summary').innerText(), /请拍摄或选择本人照片/);
      await p
        .locator('input[name="idPhoto"]')
        .setInputFiles({ name: 'id.png', mimeType: 'image/png', buffer: PNG });
      await p
        .locator('input[name="facePhoto"]')
        .setInputFiles({ name: 'face.pdf', mimeType: 'application/pdf', buffer: pdf() });
      await p.getByRole('button', { name: '提交核验' }).click();
      const errors = await p.locator('.error-summary').innerText();
      assert.match(errors, /本人照片/);
      assert.match(errors, /互联网信息服务承诺书/);
      assert.equal(await horizontalOverflow(p), 0);
      await screenshot(p, 'identity-link-errors-375', 375);
      // Now properly: the steered failure answers, with its reason.
      await p
        .locator('input[name="idPhoto"]')
        .setInputFiles({ name: 'id.png', mimeType: 'image/png', buffer: PNG });
      await p
        .locator('input[name="facePhoto"]')
        .setInputFiles({ name: 'face.jpg', mimeType: 'image/jpeg', buffer: JPEG });
      for (const box of await p.locator('input[type="checkbox"]').all()) await box.check();
      await p.getByRole('button', { name: '提交核验' }).click();
      await p.locator('[data-identity-outcome="failed"]').waitFor();
      assert.match(await p.locator('main').innerText(), /人脸照片与证件不是同一人/);
      await screenshot(p, 'identity-link-failed-375', 375);
      // The link is spent.
      await p.goto(new URL(link).pathname);
      assert.match(await p.locator('[data-identity-gone]').innerText(), /已使用/);
    });

    await withFailureScreenshot(applicant, 'identity-retry', async () => {
      await page.goto(`/applications/${id}/identity`);
      assert.match(await page.locator('main').innerText(), /人脸照片与证件不是同一人/);
      link = await sendLink('重新核验');
    });

    await withFailureScreenshot(phone, 'identity-phone-pass', async () => {
      const p = phone.page;
      await p.goto(new URL(link).pathname);
      await p
        .locator('input[name="idPhoto"]')
        .setInputFiles({ name: 'id.png', mimeType: 'image/png', buffer: PNG });
      await p
        .locator('input[name="facePhoto"]')
        .setInputFiles({ name: 'face.jpg', mimeType: 'image/jpeg', buffer: JPEG });
      for (const box of await p.locator('input[type="checkbox"]').all()) await box.check();
      await p.getByRole('button', { name: '提交核验' }).click();
      await p.locator('[data-identity-outcome="passed"]').waitFor();
      await screenshot(p, 'identity-link-passed-375', 375);
    });

    await withFailureScreenshot(applicant, 'identity-submit', async () => {
      await page.goto(`/applications/${id}/identity`);
      await page.locator('[data-identity-complete]').waitFor();
      await screenshot(page, 'identity-tasks-passed-1280', 1280);
      await page.setViewportSize({ width: 375, height: 800 });
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, 'identity-tasks-passed-375', 375);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`/applications/${id}/review`);
      assert.match(await page.locator('main').innerText(), /均已通过真实性核验/);
      await page.getByRole('button', { name: '提交初审' }).click();
      await landedOn(page, `/applications/${id}`);
    });

    const reviewer = await openPage(browser, site, { viewport: { width: 1280, height: 900 } });
    tabs.push(reviewer);
    await withFailureScreenshot(reviewer, 'identity-reviewer', async () => {
      await signIn(reviewer.page, 'demo.reviewer');
      await reviewer.page.goto(`/review/${id}`);
      const section = reviewer.page.locator('[data-identity-review]');
      const text = await section.innerText();
      assert.match(text, /已通过/);
      assert.match(text, /sandbox:sandbox-identity-task-\d+/);
      await section.scrollIntoViewIfNeeded();
      await screenshot(reviewer.page, 'identity-review-1280', 1280);
      await reviewer.page.setViewportSize({ width: 375, height: 800 });
      assert.equal(await horizontalOverflow(reviewer.page), 0);
      await screenshot(reviewer.page, 'identity-review-375', 375);
    });
    assertClean(site, ...tabs);
  });
});
