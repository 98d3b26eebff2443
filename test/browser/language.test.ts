/**
 * The language switch (issue 5): Chinese by default — even for a browser set to English, since
 * Accept-Language is not read — English after the header's switch, `<html lang>` following, the choice
 * kept across navigation (a cookie) and the visitor's place kept by the switch; back to Chinese the
 * same way. Walked on home, precheck (its inline result too), query and login.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DemoSite, WatchedPage } from './harness.ts';
import {
  SKIP_BROWSER,
  assertClean,
  landedOn,
  launchChromium,
  openPage,
  startDemoSite,
  withFailureScreenshot,
} from './harness.ts';

type PageText = { path: string; zh: string; en: string };

/** The four pages and their headings in each language. */
const PAGES: PageText[] = [
  { path: '/', zh: '网站备案', en: 'ICP website filing' },
  { path: '/precheck', zh: '备案类型验证', en: 'Filing-type check' },
  { path: '/query', zh: '备案查询', en: 'Filing query' },
  { path: '/login', zh: '登录', en: 'Sign in' },
];

async function state(page: Page) {
  return {
    lang: await page.locator('html').getAttribute('lang'),
    h1: (await page.locator('main h1').innerText()).trim(),
    switchText: (await page.locator('a.lang-switch').innerText()).trim(),
    switchLang: await page.locator('a.lang-switch').getAttribute('lang'),
  };
}

const ZH = (h1: string) => ({ lang: 'zh-CN', h1, switchText: 'English', switchLang: 'en' });
const EN = (h1: string) => ({ lang: 'en', h1, switchText: '中文', switchLang: 'zh-CN' });

/** Clicks the header's switch and waits for the page in the other language. */
async function switchLanguage(page: Page, to: 'zh-CN' | 'en'): Promise<void> {
  await page.locator('a.lang-switch').click();
  await page.locator(`html[lang="${to}"]`).waitFor({ state: 'attached' });
}

describe('the language switch', { skip: SKIP_BROWSER }, () => {
  let site: DemoSite;
  let browser: Browser;
  let tab: WatchedPage;

  before(async () => {
    site = await startDemoSite();
    browser = await launchChromium();
    // A browser that asks for English: beian still answers in Chinese until the visitor switches.
    tab = await openPage(browser, site, { locale: 'en-US', viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('is Chinese by default, even when the browser asks for English', async () => {
    const { page } = tab;
    for (const { path, zh } of PAGES) {
      await page.goto(path);
      assert.deepEqual(await state(page), ZH(zh), path);
    }
  });

  it('switches each page to English and back, in place', () =>
    withFailureScreenshot(tab, 'language-switch', async () => {
      const { page } = tab;
      for (const { path, zh, en } of PAGES) {
        await page.goto(path);
        await switchLanguage(page, 'en');
        assert.equal(new URL(page.url()).pathname, path, 'the switch keeps the page');
        assert.deepEqual(await state(page), EN(en), `${path} in English`);
        await switchLanguage(page, 'zh-CN');
        assert.equal(new URL(page.url()).pathname, path);
        assert.deepEqual(await state(page), ZH(zh), `${path} back in Chinese`);
      }
    }));

  it('keeps English across navigation, in results and forms too, until switched back', () =>
    withFailureScreenshot(tab, 'language-persists', async () => {
      const { page } = tab;
      const nav = page.getByRole('navigation');
      await page.goto('/');
      await switchLanguage(page, 'en');

      // Precheck: the inline result (rendered by app.js from the API's report) speaks English too.
      await nav.getByRole('link', { name: 'Filing-type check' }).click();
      await landedOn(page, '/precheck');
      assert.equal(page.url().includes('lang='), false, 'remembered, not carried in the URL');
      assert.deepEqual(await state(page), EN('Filing-type check'));
      await page.getByLabel('Province').selectOption({ label: 'Zhejiang 浙江 (浙)' });
      await page.getByLabel('Subject type').selectOption('enterprise');
      await page.getByLabel('Certificate type').selectOption('uscc');
      await page.getByLabel('Certificate number').fill('91330106MA2B3C4D5D');
      await page.getByLabel('Domain', { exact: true }).fill('demo-expired.cn');
      await page.getByRole('button', { name: 'Check', exact: true }).click();
      const finding = page.locator('#precheck-result li.finding');
      await finding.waitFor();
      assert.equal(await finding.locator('.finding-code').innerText(), 'DOMAIN_EXPIRED');
      assert.match(await finding.locator('.finding-remedy').innerText(), /^What to do: \w/);

      // Query: the form and the results in English; the switch keeps the query.
      await nav.getByRole('link', { name: 'Filing query' }).click();
      await landedOn(page, '/query');
      await page.getByLabel('Domain', { exact: true }).check();
      await page.getByLabel('Search for').fill('demo-filed-here.cn');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByText('京ICP备2021012345号-1').first().waitFor();
      assert.deepEqual(await state(page), EN('Filing query'));
      assert.ok((await page.locator('main').innerText()).includes('Website number'));
      await switchLanguage(page, 'zh-CN');
      assert.equal(new URL(page.url()).searchParams.get('q'), 'demo-filed-here.cn');
      assert.ok((await page.locator('main').innerText()).includes('网站备案号'));
      await switchLanguage(page, 'en');

      // Login: labels in English.
      await page.locator('.site-header').getByRole('link', { name: 'Sign in' }).click();
      await landedOn(page, '/login');
      assert.deepEqual(await state(page), EN('Sign in'));
      await page.getByLabel('Login name').waitFor();
      await page.getByLabel('Password').waitFor();

      // Back to Chinese: remembered as well.
      await switchLanguage(page, 'zh-CN');
      await nav.getByRole('link', { name: '首页' }).click();
      await landedOn(page, '/');
      assert.deepEqual(await state(page), ZH('网站备案'));
      await nav.getByRole('link', { name: '备案查询' }).click();
      await landedOn(page, '/query');
      assert.deepEqual(await state(page), ZH('备案查询'));

      assertClean(site, tab);
    }));
});
