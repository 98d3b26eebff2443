/**
 * Accessibility smoke checks on the main forms, in a real browser (issue 5): the login form works
 * from the keyboard alone (skip link, Tab, Enter); every input, select and textarea of the main forms
 * has a label that `getByLabel` finds it by — the name a screen reader announces; and a failed
 * submission announces its errors: the error summary (role=alert) takes focus and links to each field,
 * the field is `aria-invalid` and its `aria-describedby` names the error's text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createApplication } from '../../src/workflow/index.ts';
import type { DemoSite, WatchedPage } from './harness.ts';
import {
  DEMO_PASSWORD,
  SKIP_BROWSER,
  assertClean,
  landedOn,
  launchChromium,
  openPage,
  signIn,
  startDemoSite,
  withFailureScreenshot,
} from './harness.ts';
import { newcomer, registerNewcomerDomains } from './newcomer.ts';
import { seedApplication } from './seed.ts';

/** Every form control of `main` a person fills in: its id, name and label text (or what it lacks). */
const CONTROLS = `[...document.querySelectorAll('main input, main select, main textarea')]
  .filter((e) => e.type !== 'hidden' && e.type !== 'submit' && e.getAttribute('aria-hidden') !== 'true')
  .map((e) => ({
    id: e.id,
    name: e.getAttribute('name') || '',
    // textContent: a label inside a closed <details> is not rendered, yet it names its field.
    label: e.labels && e.labels.length > 0
      ? e.labels[0].textContent.replace(/\\s+/g, ' ').trim()
      : (e.getAttribute('aria-label') || ''),
  }))`;

type Control = { id: string; name: string; label: string };

/** Each control has a label, and `getByLabel(label, exact)` finds exactly that control among its matches. */
async function assertLabelled(page: Page, where: string): Promise<number> {
  const controls = await page.evaluate<Control[]>(CONTROLS);
  assert.ok(controls.length > 0, `${where}: no form controls`);
  for (const control of controls) {
    assert.ok(control.label !== '', `${where}: ${control.name} (#${control.id}) has no label`);
    assert.ok(control.id !== '', `${where}: ${control.name} has no id`);
    const byLabel = page.getByLabel(control.label, { exact: true });
    assert.equal(
      await byLabel.and(page.locator(`[id="${control.id}"]`)).count(),
      1,
      `${where}: getByLabel(${JSON.stringify(control.label)}) does not find ${control.name}`,
    );
  }
  return controls.length;
}

/**
 * The field `name` is marked wrong the announced way: aria-invalid, its aria-describedby naming an
 * element that holds `message`, and the (focused) error summary linking to it.
 */
async function assertFieldError(page: Page, name: string, message: RegExp): Promise<void> {
  const field = page.locator(`main [name="${name}"]`).first();
  assert.equal(await field.getAttribute('aria-invalid'), 'true', `${name}: aria-invalid`);
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts: string[] = [];
  for (const id of ids) texts.push(await page.locator(`[id="${id}"]`).innerText());
  assert.ok(
    texts.some((text) => message.test(text)),
    `${name}: aria-describedby ${JSON.stringify(ids)} says ${JSON.stringify(texts)}`,
  );
  const id = await field.getAttribute('id');
  const summary = page.getByRole('alert');
  assert.equal(await summary.locator(`a[href="#${id}"]`).count(), 1, `${name}: the summary links to #${id}`);
}

/** After a failed submission app.js moves focus to the error summary, which screen readers then read. */
async function assertSummaryFocused(page: Page): Promise<void> {
  await page.locator('[data-error-summary]').waitFor();
  assert.equal(await page.evaluate<string | null>('document.activeElement.getAttribute("role")'), 'alert');
}

/**
 * Hidden words inside a link or button (the action's object, for screen readers): each one's box and
 * the point at its centre, which automation and voice control aim at, belong to the control. Absolutely
 * positioned, the box sat above the link's text where a font's ascent and descent are shorter than the
 * line (Liberation Sans): a click there hit the table cell (issue 19).
 */
const HIDDEN_OUTSIDE_CONTROLS = `[...document.querySelectorAll('main .visually-hidden')]
  .map((hidden) => ({ hidden, control: hidden.closest('a, button, summary') }))
  .filter(({ control }) => control !== null)
  .map(({ hidden, control }) => {
    control.scrollIntoView({ block: 'center', inline: 'center' });
    const box = hidden.getBoundingClientRect();
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    const inside = [...control.getClientRects()].some(
      (r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom);
    const hit = document.elementFromPoint(x, y);
    return { text: control.textContent.replace(/\\s+/g, ' ').trim(), inside, hit: hit === null ? 'nothing' : control.contains(hit) ? 'control' : hit.tagName };
  })
  .filter((found) => !found.inside || found.hit !== 'control')`;

const focusedName = (page: Page) =>
  page.evaluate<string | null>('document.activeElement && document.activeElement.getAttribute("name")');

describe('accessibility of the main forms', { skip: SKIP_BROWSER }, () => {
  let site: DemoSite;
  let browser: Browser;
  const tabs: WatchedPage[] = [];
  let inReview = 0;
  let draft = 0;
  /** Signed in by the keyboard test; reused so the site's sign-in limit (10 a minute) is not reached. */
  let liLei: WatchedPage | undefined;

  before(async () => {
    site = await startDemoSite();
    const applicant = newcomer(1);
    await registerNewcomerDomains(site, applicant);
    inReview = await seedApplication(site, applicant, 'provider-review');
    // li.lei's draft (the demo's S1 with its passing domain) for the wizard's steps.
    const created = await createApplication({
      database: site.database,
      policy: site.policy,
      gateway: site.gateway,
      now: new Date(),
      actor: { account: 'li.lei', role: 'applicant' },
      input: {
        province: '330000',
        subject: {
          type: 'enterprise',
          idType: 'uscc',
          idNumber: '91330106MA2B3C4D5D',
          name: '杭州示例科技有限公司',
        },
        domain: 'demo-ok.cn',
      },
    });
    draft = created.application.id;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  async function tab(): Promise<WatchedPage> {
    const opened = await openPage(browser, site, { viewport: { width: 1280, height: 900 } });
    tabs.push(opened);
    return opened;
  }

  it('signs in from the keyboard alone: skip link, Tab to the fields, Enter to submit', async () => {
    const t = await tab();
    liLei = t;
    await withFailureScreenshot(t, 'a11y-keyboard-login', async () => {
      const { page } = t;
      await page.goto('/login');
      // The first Tab stop is the skip link, and it takes focus to the main content.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate<string>('document.activeElement.className'), 'skip-link');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate<string>('document.activeElement.id'), 'main');
      // From main, the next Tab stops are the form's: login name, password, then the button.
      await page.keyboard.press('Tab');
      assert.equal(await focusedName(page), 'login');
      await page.keyboard.type('li.lei');
      await page.keyboard.press('Tab');
      assert.equal(await focusedName(page), 'password');
      await page.keyboard.type(DEMO_PASSWORD);
      await page.keyboard.press('Enter');
      await landedOn(page, '/');
      await page.locator('.site-header .who').waitFor();
      assert.equal((await page.locator('main .flash').innerText()).trim(), '已登录。');
    });
  });

  it('labels every field of the public forms', async () => {
    const t = await tab();
    await withFailureScreenshot(t, 'a11y-labels-public', async () => {
      const { page } = t;
      for (const path of ['/login', '/register', '/precheck', '/query', '/certificates/verify']) {
        await page.goto(path);
        await assertLabelled(page, path);
      }
    });
  });

  it('labels every field of the signed-in forms, for each role', async () => {
    assert.ok(liLei, 'signed in by the keyboard test');
    await withFailureScreenshot(liLei, 'a11y-labels-applicant', async () => {
      const { page } = liLei as WatchedPage;
      for (const path of [
        '/applications/new',
        `/applications/${draft}/subject`,
        `/applications/${draft}/websites`,
        `/applications/${draft}/documents`,
      ]) {
        const response = await page.goto(path);
        assert.equal(response?.status(), 200, path);
        await assertLabelled(page, `${path} as li.lei`);
      }
    });
    const t = await tab();
    await withFailureScreenshot(t, 'a11y-labels-roles', async () => {
      const { page } = t;
      /** Pages by login; a function opens a page reached by a link rather than typed. */
      const byRole: [string, (string | (() => Promise<void>))[]][] = [
        [
          'han.meimei',
          [
            async () => {
              await page.goto('/filings');
              await page.getByRole('link', { name: '变更网站' }).first().click();
              await landedOn(page, /\/change$/);
            },
          ],
        ],
        ['demo.reviewer', [`/review/${inReview}`]],
        ['demo.bureau', ['/sandbox/sms']],
        ['demo.registrar', ['/registrar/register']],
        ['demo.admin', ['/admin/users']],
      ];
      for (const [login, opens] of byRole) {
        await signIn(page, login);
        for (const open of opens) {
          if (typeof open === 'string') {
            const response = await page.goto(open);
            assert.equal(response?.status(), 200, `${open} as ${login}`);
          } else {
            await open();
          }
          await assertLabelled(page, `${new URL(page.url()).pathname} as ${login}`);
        }
        await page.context().clearCookies();
      }
    });
  });

  it('announces field errors: login and registration', async () => {
    const t = await tab();
    await withFailureScreenshot(t, 'a11y-errors-session', async () => {
      const { page } = t;
      await page.goto('/login');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await assertSummaryFocused(page);
      await assertFieldError(page, 'login', /请填写账号名/);
      await assertFieldError(page, 'password', /请填写密码/);
      // The summary's link takes focus to its field.
      await page.getByRole('alert').getByRole('link', { name: '请填写密码' }).click();
      assert.equal(await focusedName(page), 'password');

      await page.goto('/register');
      await page.getByLabel('账号名').fill('Not Valid!');
      await page.getByLabel('姓名或称呼').fill('测试');
      await page.getByLabel('密码', { exact: true }).fill('long enough password');
      await page.getByLabel('再次输入密码').fill('a different password');
      await page.getByRole('button', { name: '注册并登录' }).click();
      await assertSummaryFocused(page);
      await assertFieldError(page, 'login', /账号名须为 2–64 个小写字母/);
      await assertFieldError(page, 'passwordConfirm', /两次输入的密码不一致/);
      // What was typed stays, passwords excepted.
      assert.equal(await page.getByLabel('账号名').inputValue(), 'Not Valid!');
      assert.equal(await page.getByLabel('密码', { exact: true }).inputValue(), '');
    });
  });

  it('announces field errors: precheck and the wizard’s subject step', async () => {
    const t = await tab();
    await withFailureScreenshot(t, 'a11y-errors-forms', async () => {
      const { page } = t;
      // Empty required fields: app.js leaves the submit to the server, which names each field.
      await page.goto('/precheck');
      await page.getByRole('button', { name: '验证', exact: true }).click();
      await assertSummaryFocused(page);
      await assertFieldError(page, 'province', /请选择备案省份/);
      await assertFieldError(page, 'subjectId', /请填写主办单位证件号码/);
      await assertFieldError(page, 'domain', /请填写域名/);
    });
    assert.ok(liLei, 'signed in by the keyboard test');
    await withFailureScreenshot(liLei, 'a11y-errors-wizard', async () => {
      const { page } = liLei as WatchedPage;
      // A use case's refusal lands on the nested field it names.
      await page.goto(`/applications/${draft}/subject`);
      const leader = page.getByRole('group', { name: '主体负责人' });
      await leader.getByLabel('手机号码').fill('12345');
      await page.getByRole('button', { name: '保存并继续' }).click();
      await assertSummaryFocused(page);
      await assertFieldError(page, 'subject.responsiblePerson.mobile', /手机/);
    });
    assertClean(site, ...tabs);
  });
});

/** Its own site: the sign-ins here would take the other suite past the site's limit of 10 a minute. */
describe('hidden words of controls', { skip: SKIP_BROWSER }, () => {
  let site: DemoSite;
  let browser: Browser;
  let inReview = 0;

  before(async () => {
    site = await startDemoSite();
    const applicant = newcomer(1);
    await registerNewcomerDomains(site, applicant);
    inReview = await seedApplication(site, applicant, 'provider-review');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  it('keeps the hidden words of links and buttons inside them, where a click aimed at them lands', async () => {
    const t = await openPage(browser, site, { viewport: { width: 1280, height: 900 } });
    await withFailureScreenshot(t, 'a11y-hidden-words', async () => {
      const { page } = t;
      const byRole: [string, string[]][] = [
        ['demo.reviewer', ['/review', `/review/${inReview}`]],
        ['demo.registrar', ['/registrar/real-name', '/registrar/reports']],
        ['demo.admin', ['/admin/users']],
      ];
      let checked = 0;
      for (const [login, paths] of byRole) {
        await signIn(page, login);
        for (const path of paths) {
          const response = await page.goto(path);
          assert.equal(response?.status(), 200, `${path} as ${login}`);
          checked += await page.locator('main :is(a, button, summary) .visually-hidden').count();
          assert.deepEqual(await page.evaluate(HIDDEN_OUTSIDE_CONTROLS), [], `${path} as ${login}`);
        }
        await page.context().clearCookies();
      }
      // The queue's #id link and the admin's per-account buttons at least.
      assert.ok(checked >= 3, `only ${checked} hidden words in controls were checked`);
    });
    assertClean(site, t);
  });
});
