/**
 * Screenshots of the main pages at a desktop (1280 px) and a phone (375 px) width, saved as
 * test-output/screenshots/<name>-<lang>-<width>.png for people to look at, and the one thing a
 * machine can judge from them: at 375 px no page scrolls sideways (wide tables scroll inside their
 * own box instead). Each page is its own test, so an overflowing page is named, not hidden.
 *
 * Queues are filled first through the workflow's use cases: one application waiting for the
 * provider, one for the bureau (whose SMS codes are then in the outbox).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { DemoSite, WatchedPage } from './harness.ts';
import {
  SKIP_BROWSER,
  assertClean,
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

const DESKTOP = 1280;
const PHONE = 375;

/** The elements that stick out past the viewport where their parent does not: the culprits. */
const OFFENDERS = `(() => {
  const width = window.innerWidth;
  const describe = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  return [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5 &&
      (!e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 0.5))
    .slice(0, 5)
    .map((e) => describe(e) + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ' px)');
})()`;

type Shot = {
  name: string;
  /** '' is a visitor who is not signed in. */
  login: string;
  /** The page to open, or what to do to show it. */
  open: string | ((page: Page) => Promise<void>);
};

describe('screenshots of the main pages at 1280 and 375 px', { skip: SKIP_BROWSER }, () => {
  let site: DemoSite;
  let browser: Browser;
  const tabs = new Map<string, WatchedPage>();
  let inReview = 0;
  let draft = 0;

  before(async () => {
    site = await startDemoSite();
    const [forProvider, forBureau] = [newcomer(1), newcomer(2)];
    for (const person of [forProvider, forBureau]) await registerNewcomerDomains(site, person);
    inReview = await seedApplication(site, forProvider, 'provider-review');
    await seedApplication(site, forBureau, 'bureau-review');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  /** One tab per login, signed in through the form once. */
  async function tabOf(login: string): Promise<WatchedPage> {
    let tab = tabs.get(login);
    if (!tab) {
      tab = await openPage(browser, site, { viewport: { width: DESKTOP, height: 900 } });
      if (login !== '') await signIn(tab.page, login);
      tabs.set(login, tab);
    }
    return tab;
  }

  const SHOTS: Shot[] = [
    { name: 'home', login: '', open: '/' },
    {
      name: 'precheck-result',
      login: 'li.lei',
      async open(page) {
        await page.goto('/precheck');
        await page.getByLabel('备案省份').selectOption('330000');
        await page.getByLabel('主办单位性质').selectOption('enterprise');
        await page.getByLabel('证件类型').selectOption('uscc');
        await page.getByLabel('证件号码').fill('91330106MA2B3C4D5D');
        await page.getByLabel('主办单位名称').fill('杭州示例科技有限公司');
        await page.getByLabel('域名', { exact: true }).fill('demo-mismatch.cn');
        await page.getByRole('button', { name: '验证', exact: true }).click();
        await page.locator('#precheck-result li.finding').first().waitFor();
      },
    },
    {
      name: 'query-result',
      login: '',
      async open(page) {
        await page.goto('/query?by=domain&q=demo-filed-here.cn');
        await page.getByText('京ICP备2021012345号-1').first().waitFor();
      },
    },
    { name: 'rules', login: '', open: '/rules' },
    { name: 'login', login: '', open: '/login' },
    {
      name: 'applications-wizard-subject',
      login: 'li.lei',
      async open(page) {
        await page.goto('/applications/new');
        await page.getByLabel('备案省份').selectOption('330000');
        await page.getByLabel('主办单位性质').selectOption('enterprise');
        await page.getByLabel('主办单位证件类型').selectOption('uscc');
        await page.getByLabel('主办单位证件号码').fill('91330106MA2B3C4D5D');
        await page.getByLabel('主办单位名称').fill('杭州示例科技有限公司');
        await page.getByLabel('域名', { exact: true }).fill('demo-ok.cn');
        await page.getByRole('button', { name: '验证并开始填写' }).click();
        await landedOn(page, /^\/applications\/\d+\/subject$/);
        draft = Number(/\/applications\/(\d+)\//.exec(page.url())?.[1]);
      },
    },
    {
      name: 'applications-websites',
      login: 'li.lei',
      open: (page) => page.goto(`/applications/${draft}/websites`).then(() => undefined),
    },
    { name: 'applications', login: 'li.lei', open: '/applications' },
    { name: 'review-queue', login: 'demo.reviewer', open: '/review' },
    {
      name: 'review-detail',
      login: 'demo.reviewer',
      open: (page) => page.goto(`/review/${inReview}`).then(() => undefined),
    },
    { name: 'bureau-queue', login: 'demo.bureau', open: '/bureau' },
    { name: 'sms-outbox', login: 'demo.bureau', open: '/sandbox/sms' },
    { name: 'registrar-console', login: 'demo.registrar', open: '/registrar' },
    { name: 'my-domains', login: 'han.meimei', open: '/domains' },
    { name: 'admin-users', login: 'demo.admin', open: '/admin/users' },
    { name: 'admin-policy', login: 'demo.admin', open: '/admin/policy' },
  ];

  for (const shot of SHOTS) {
    it(`${shot.name}: both widths, and no sideways scrolling at ${PHONE} px`, async () => {
      const tab = await tabOf(shot.login);
      const { page } = tab;
      await withFailureScreenshot(tab, `screenshot-${shot.name}`, async () => {
        await page.setViewportSize({ width: DESKTOP, height: 900 });
        if (typeof shot.open === 'string') {
          const response = await page.goto(shot.open);
          assert.equal(response?.status(), 200, `${shot.open} answered ${response?.status()}`);
        } else {
          await shot.open(page);
        }
        await screenshot(page, shot.name, DESKTOP);
        await screenshot(page, shot.name, PHONE);
        const overflow = await horizontalOverflow(page);
        const offenders = overflow > 0 ? await page.evaluate<string[]>(OFFENDERS) : [];
        assert.equal(
          overflow,
          0,
          `${pathOfPage(page)} is ${overflow} px wider than a ${PHONE} px screen: ${offenders.join('; ')}`,
        );
      });
      assertClean(site, tab);
    });
  }
});

const pathOfPage = (page: Page) => new URL(page.url()).pathname;
