/**
 * Screenshots of the pages at a desktop (1280 px) and a phone (375 px) width, saved as
 * test-output/screenshots/<name>-<lang>-<width>.png for people to look at, and what a machine can
 * judge from them, at both widths:
 * - no page scrolls sideways (a table becomes labelled cards on a phone instead of a scrolling box);
 * - every action — a button, a button-styled link, a table's action link — lies inside the viewport;
 * - no table cell is squeezed below a few characters' width with its text wrapped (the 375 px table
 *   that wrapped every cell to one character per line);
 * - every table cell carries the data-label its card shows on a phone.
 * Each page is its own test, so a failing page is named, not hidden.
 *
 * Queues and histories are filled first through the workflow's use cases: applications waiting for
 * the provider (one with a Chinese domain) and for the bureau, and one the provider rejected with
 * reasons, whose applicant can sign in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../../src/accounts/index.ts';
import { usccCheckChar } from '../../src/filing/certificates.ts';
import { runDueJobs } from '../../src/jobs/index.ts';
import { notificationJobHandlers, runNotificationPass } from '../../src/notifications/index.ts';
import { notifyRectification, openRectifications, runCampaign } from '../../src/monitor/index.ts';
import { createFactsStore } from '../../src/store/index.ts';
import { providerReview } from '../../src/workflow/index.ts';
import { footer, localMonitor, seedFiledSites } from '../monitor/fixture.ts';
import type { LocalDns, LocalWeb } from '../monitor/local-net.ts';
import { startDns, startWeb } from '../monitor/local-net.ts';
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
import type { Newcomer } from './newcomer.ts';
import { newcomer, registerNewcomerDomains } from './newcomer.ts';
import { seedApplication } from './seed.ts';

const DESKTOP = 1280;
const PHONE = 375;
/** "A few characters": a cell narrower than this many em, with its text wrapped, is squeezed. */
const MIN_CELL_EM = 3;

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

/** Actions in main that are rendered (not visually hidden) and lie partly outside the viewport. */
const ACTIONS_OUTSIDE = `(() => {
  const width = window.innerWidth;
  const actions = [...document.querySelectorAll(
    'main button, main a.button, main input[type="submit"], main td.actions a, main .actions a')]
    .filter((e) => !e.classList.contains('visually-hidden') && e.getClientRects().length > 0);
  const outside = actions
    .filter((e) => { const r = e.getBoundingClientRect(); return r.left < -0.5 || r.right > width + 0.5; })
    .map((e) => (e.textContent || '').trim().slice(0, 40) + ' (' + Math.round(e.getBoundingClientRect().left) +
      '–' + Math.round(e.getBoundingClientRect().right) + ' px)');
  return { count: actions.length, outside };
})()`;

/**
 * Table cells squeezed: narrower than MIN_CELL_EM em with their text wrapped onto more than one line
 * (lines counted from the text's own boxes: a cell is as tall as its row, whatever its text).
 */
const SQUEEZED_CELLS = `(() => {
  const squeezed = [];
  for (const cell of document.querySelectorAll('main table td, main table th')) {
    if (cell.getClientRects().length === 0 || (cell.textContent || '').trim() === '') continue;
    const style = getComputedStyle(cell);
    const em = parseFloat(style.fontSize);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner >= ${MIN_CELL_EM} * em) continue;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    if (tops.size > 1)
      squeezed.push((cell.textContent || '').trim().slice(0, 20) + ' (' + Math.round(inner) + ' px wide, ' +
        tops.size + ' lines)');
  }
  return squeezed.slice(0, 5);
})()`;

/** Body cells of tables without the data-label their phone card shows. */
const UNLABELLED_CELLS = `[...document.querySelectorAll('main table.table > tbody > tr > td')]
  .filter((td) => !(td.getAttribute('data-label') || '').trim())
  .map((td) => (td.textContent || '').trim().slice(0, 30)).slice(0, 5)`;

type Shot = {
  name: string;
  /** '' is a visitor who is not signed in. */
  login: string;
  /** The page to open, or what to do to show it. */
  open: string | ((page: Page) => Promise<void>);
};

/** A newcomer whose first website has a Chinese domain (IDN), to see U-labels on the pages. */
function idnNewcomer(n: number, label: string): Newcomer {
  const base = newcomer(n);
  const [first, ...rest] = base.websites;
  if (!first) throw new Error('no website');
  return { ...base, websites: [{ ...first, domain: `${label}.cn` }, ...rest] };
}

/** A Jiangsu newcomer: the bureau there requires a 域名证书 per domain (domain-certificate-320000). */
function jiangsuNewcomer(n: number): Newcomer {
  const base = newcomer(n);
  const body = `91320100MA7BRW0F${n + 1}`;
  return {
    ...base,
    subject: {
      ...base.subject,
      province: { code: '320000', label: '江苏（苏）', icpPrefix: '苏' },
      name: '南京新起点文化传媒有限公司',
      idNumber: `${body}${usccCheckChar(body)}`,
      certificateAddress: '江苏省南京市玄武区中山路 1 号',
      mailingAddress: '江苏省南京市玄武区中山路 1 号 2 楼',
    },
    websites: base.websites.map((website) => ({
      ...website,
      domain: website.domain.replace('xinqidian', 'xqd-js'),
    })),
  };
}

describe('the pages at 1280 and 375 px', { skip: SKIP_BROWSER }, () => {
  let site: DemoSite;
  let browser: Browser;
  const tabs = new Map<string, WatchedPage>();
  let inReview = 0;
  let rejected = 0;
  let draft = 0;
  const rejectedPerson = idnNewcomer(3, '新起点示例');
  const jiangsuPerson = jiangsuNewcomer(5);
  let jiangsuDraft = 0;
  let dns: LocalDns;
  let web: LocalWeb;
  let campaignId = 0;
  let rectificationId = 0;

  /** 合规巡检: han.meimei's websites served locally, one compliant, two not; a campaign over them. */
  async function seedMonitor(): Promise<void> {
    const actor = { account: 'demo.reviewer', role: 'provider-reviewer' };
    const numbers = ['京ICP备2026900001号-1', '京ICP备2026900002号-1', '京ICP备2026900003号-1'];
    await seedFiledSites(site.database, [
      {
        number: numbers[0] as string,
        domains: ['shop-monitor.cn'],
        account: 'han.meimei',
        name: '韩梅梅的小店',
      },
      {
        number: numbers[1] as string,
        domains: ['blog-monitor.cn'],
        account: 'han.meimei',
        name: '韩梅梅的博客',
      },
      { number: numbers[2] as string, domains: ['gone-monitor.cn'], account: 'han.meimei', name: '旧站' },
    ]);
    const outcome = await runCampaign(site.database, {
      cohort: { kind: 'account', account: 'han.meimei' },
      actor,
      monitor: localMonitor(dns, web, { now: () => new Date(), facts: createFactsStore(site.database) }),
    });
    campaignId = outcome?.campaignId ?? 0;
    const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const { opened } = await openRectifications(site.database, {
      campaignId,
      deadline,
      actor,
      now: new Date(),
    });
    rectificationId = opened[0]?.id ?? 0;
    for (const { id } of opened) await notifyRectification(site.database, { id, actor, now: new Date() });
  }

  before(async () => {
    dns = await startDns(
      new Map([
        ['shop-monitor.cn', { a: ['127.0.0.1'] }],
        ['blog-monitor.cn', { a: ['127.0.0.1'] }],
      ]),
    );
    web = await startWeb((host) =>
      host === 'shop-monitor.cn'
        ? { kind: 'page', html: '<h1>小店</h1><footer>© 2026</footer>' }
        : host === 'blog-monitor.cn'
          ? { kind: 'page', html: `<h1>博客</h1>${footer('京ICP备2026900002号-1')}` }
          : undefined,
    );
    site = await startDemoSite({
      monitor: () =>
        localMonitor(dns, web, { now: () => new Date(), facts: createFactsStore(site.database) }),
    });
    await seedMonitor();
    const [forProvider, forBureau, idnInQueue] = [newcomer(1), newcomer(2), idnNewcomer(4, '新起点网店')];
    for (const person of [forProvider, forBureau, rejectedPerson, idnInQueue, jiangsuPerson])
      await registerNewcomerDomains(site, person);
    jiangsuDraft = await seedApplication(site, jiangsuPerson, 'draft');
    inReview = await seedApplication(site, forProvider, 'provider-review');
    await seedApplication(site, forBureau, 'bureau-review');
    await seedApplication(site, idnInQueue, 'provider-review');
    rejected = await seedApplication(site, rejectedPerson, 'provider-review');
    await providerReview({
      database: site.database,
      policy: site.policy,
      gateway: site.gateway,
      now: new Date(),
      actor: { account: 'demo.reviewer', role: 'provider-reviewer' },
      applicationId: rejected,
      decision: {
        decision: 'reject',
        reasons: [
          {
            path: 'websites.0.name',
            message: { zh: '网站名称请体现网站内容', en: 'Name the website after its content' },
          },
          {
            path: 'subject.mailingAddress',
            message: { zh: '通讯地址请写到门牌号', en: 'Give the mailing address down to the door' },
          },
        ],
      },
    });
    await createAccount(
      site.database,
      {
        login: jiangsuPerson.login,
        role: 'applicant',
        displayName: jiangsuPerson.displayName,
        password: DEMO_PASSWORD,
      },
      new Date(),
    );
    await createAccount(
      site.database,
      {
        login: rejectedPerson.login,
        role: 'applicant',
        displayName: rejectedPerson.displayName,
        password: DEMO_PASSWORD,
      },
      new Date(),
    );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await dns?.close();
    await web?.close();
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

  /** The first website number of han.meimei's demo filing, from 我的备案. */
  async function filedNumber(page: Page, kind: 'website' | 'subject'): Promise<string> {
    await page.goto('/filings');
    const text = await page.locator('main').innerText();
    const number = /京ICP备\d+号(-\d+)?/.exec(text)?.[0] ?? '';
    assert.ok(number, text);
    return kind === 'subject' ? number.replace(/-\d+$/, '') : number;
  }

  const SHOTS: Shot[] = [
    { name: 'home', login: '', open: '/' },
    { name: 'help', login: '', open: '/help' },
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
        await page.goto('/query?q=demo-filed-here.cn');
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
    {
      name: 'applications-documents',
      login: 'li.lei',
      async open(page) {
        await page.goto(`/applications/${draft}/documents`);
        await page.getByLabel('材料类型').selectOption({ label: '其他材料' });
        await page.getByLabel('文件', { exact: true }).setInputFiles({
          name: '补充说明.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
        });
        await page.getByRole('button', { name: '上传', exact: true }).click();
        await page.getByRole('cell', { name: '补充说明.pdf', exact: true }).waitFor();
      },
    },
    {
      // 所需材料 in Jiangsu: the certificate listed as required before upload, then the one the
      // registrar sandbox printed uploaded and verified by the marks it carries.
      name: 'applications-documents-certificate',
      login: jiangsuPerson.login,
      async open(page) {
        const domain = jiangsuPerson.websites[0]?.domain ?? '';
        await page.goto(`/applications/${jiangsuDraft}/documents`);
        const materials = page.locator('#materials');
        assert.match(await materials.innerText(), /江苏（苏） · 首次备案/);
        assert.match(
          await materials.innerText(),
          new RegExp(`${domain.replaceAll('.', '\\.')}\\s*：\\s*未上传`),
        );
        // Before any upload: the requirement, at both widths.
        await screenshot(page, 'applications-documents-certificate-required', PHONE);
        await screenshot(page, 'applications-documents-certificate-required', DESKTOP);
        const certificate = await site.registrar.issueCertificate({
          actor: { account: jiangsuPerson.login, role: 'applicant' },
          now: new Date(),
          domain,
        });
        // Preselected: the kind 域名证书 and the domain still lacking one.
        assert.equal(await page.getByLabel('材料类型').inputValue(), 'domain-certificate');
        assert.equal(await page.getByLabel('对应域名').inputValue(), domain);
        await page.getByLabel('文件', { exact: true }).setInputFiles({
          name: '域名证书.pdf',
          mimeType: 'application/pdf',
          buffer: certificate.pdf,
        });
        await page.getByRole('button', { name: '上传', exact: true }).click();
        await page.getByRole('cell', { name: '域名证书.pdf', exact: true }).waitFor();
        assert.match(await flashText(page), new RegExp(`域名证书已核验（证书编号 ${certificate.serial}）`));
        assert.match(await materials.innerText(), new RegExp(`已核验，证书编号 ${certificate.serial}`));
      },
    },
    {
      name: 'document-remove-confirm',
      login: 'li.lei',
      async open(page) {
        await page.goto(`/applications/${draft}/documents`);
        await page.getByRole('button', { name: '删除 补充说明.pdf' }).click();
        await page.getByRole('button', { name: '确认删除' }).waitFor();
      },
    },
    {
      name: 'applications-review',
      login: 'li.lei',
      open: (page) => page.goto(`/applications/${draft}/review`).then(() => undefined),
    },
    { name: 'applications', login: 'li.lei', open: '/applications' },
    { name: 'applications-rejected', login: rejectedPerson.login, open: '/applications' },
    {
      name: 'application-rejected-detail',
      login: rejectedPerson.login,
      open: (page) => page.goto(`/applications/${rejected}`).then(() => undefined),
    },
    {
      // English, to see the step bar's longer labels; the language is remembered, so switched back last.
      name: 'application-detail-english',
      login: rejectedPerson.login,
      open: (page) => page.goto(`/applications/${rejected}?lang=en`).then(() => undefined),
    },
    { name: 'filings', login: 'han.meimei', open: '/filings' },
    {
      name: 'cancel-subject-confirm',
      login: 'han.meimei',
      async open(page) {
        const subject = await filedNumber(page, 'subject');
        await page.goto(`/filings/${encodeURIComponent(subject)}/cancel-subject`);
      },
    },
    {
      name: 'change-website',
      login: 'han.meimei',
      async open(page) {
        const number = await filedNumber(page, 'website');
        await page.goto(`/filings/${encodeURIComponent(number)}/change`);
      },
    },
    { name: 'review-queue', login: 'demo.reviewer', open: '/review' },
    {
      name: 'review-detail',
      login: 'demo.reviewer',
      open: (page) => page.goto(`/review/${inReview}`).then(() => undefined),
    },
    {
      // 初审 tools: the queue's ages against the service level, overdue first.
      name: 'review-queue-overdue',
      login: 'demo.reviewer',
      async open(page) {
        await page.goto('/review?sort=overdue');
        const main = await page.locator('main').innerText();
        assert.match(main, /服务时限：进入队列后 \d+ 个工作日内处理/);
      },
    },
    {
      // The reason picker: a field, then a coded reason of the library for it.
      name: 'review-reason-picker',
      login: 'demo.reviewer',
      async open(page) {
        await page.goto(`/review/${inReview}`);
        await page.locator('select[name="reasons.0.path"]').selectOption({ index: 1 });
        const code = page.locator('select[name="reasons.0.code"]');
        await code.selectOption({ index: 1 });
        assert.notEqual(await code.inputValue(), '', 'a library reason is picked');
        await code.scrollIntoViewIfNeeded();
      },
    },
    {
      // The call log: a call recorded through its form, then listed.
      name: 'review-call-log',
      login: 'demo.reviewer',
      async open(page) {
        await page.goto(`/review/${inReview}`);
        await page.locator('select[name="target"]').selectOption({ index: 1 });
        await page.locator('select[name="outcome"]').selectOption('no-answer');
        await page.locator('textarea[name="note"]').fill('上午无人接听，下午再打');
        await page.getByRole('button', { name: '保存通话记录' }).click();
        await landedOn(page, `/review/${inReview}`);
        assert.match(await flashText(page), new RegExp(`已记录通话：申请 #${inReview}`));
        await page.getByRole('cell', { name: '上午无人接听，下午再打' }).waitFor();
      },
    },
    { name: 'bureau-queue', login: 'demo.bureau', open: '/bureau' },
    { name: 'sms-outbox', login: 'demo.bureau', open: '/sandbox/sms' },
    { name: 'registrar-console', login: 'demo.registrar', open: '/registrar' },
    { name: 'my-domains', login: 'han.meimei', open: '/domains' },
    { name: 'admin-users', login: 'demo.admin', open: '/admin/users' },
    { name: 'admin-policy', login: 'demo.admin', open: '/admin/policy' },
    {
      // The rejection above, delivered: the inbox lists it with its reasons.
      name: 'notifications',
      login: rejectedPerson.login,
      async open(page) {
        await runNotificationPass(site.database, { publicUrl: site.url }, new Date());
        await page.goto('/notifications?lang=zh');
      },
    },
    {
      name: 'notification-settings',
      login: rejectedPerson.login,
      async open(page) {
        await page.goto('/account/notifications?lang=zh');
        await page.locator('#f-email').fill('xinqidian@example.cn');
        await page.getByRole('button', { name: '保存并发送验证邮件' }).click();
        await page.getByLabel('接收地址').fill('13700137000');
        await page.getByLabel('短信', { exact: true }).check();
        await page.getByRole('button', { name: '添加并发送验证链接' }).click();
        await page.getByRole('cell', { name: '13700137000', exact: true }).waitFor();
      },
    },
    {
      // Deliveries without SMTP configured fail, saying so: the log has rows to show.
      name: 'admin-notifications',
      login: 'demo.admin',
      async open(page) {
        await runDueJobs(site.database, notificationJobHandlers({ email: null, sms: null }), new Date());
        await page.goto('/admin/notifications?lang=zh');
        await page.getByRole('button', { name: /^重发/ }).first().waitFor();
      },
    },
    { name: 'monitor-campaigns', login: 'demo.reviewer', open: '/monitor' },
    {
      name: 'monitor-campaign',
      login: 'demo.reviewer',
      open: (page) => page.goto(`/monitor/campaigns/${campaignId}`).then(() => undefined),
    },
    { name: 'monitor-rectifications', login: 'demo.reviewer', open: '/monitor/rectifications' },
    {
      name: 'monitor-rectification',
      login: 'demo.reviewer',
      open: (page) => page.goto(`/monitor/rectifications/${rectificationId}`).then(() => undefined),
    },
    { name: 'my-rectifications', login: 'han.meimei', open: '/my/rectifications' },
    {
      name: 'admin-resources',
      login: 'demo.admin',
      async open(page) {
        await page.goto('/admin/resources');
        if ((await page.getByRole('link', { name: 'ecs-hz-screenshot' }).count()) === 0) {
          await page.getByLabel('账号').fill('han.meimei');
          await page.getByLabel('资源名称').fill('ecs-hz-screenshot');
          await page.getByLabel('服务器放置地').fill('北京');
          await page.getByLabel('IP 地址').fill('47.96.1.10\n2408:4000:1234:5678::10');
          await page.getByLabel('开始日期').fill('2026-01-01');
          await page.getByLabel('到期日期').fill('2030-01-01');
          await page.getByRole('button', { name: '登记资源' }).click();
          await landedOn(page, /^\/admin\/resources\/\d+$/);
          await page.goto('/admin/resources');
        }
      },
    },
    {
      name: 'admin-resource-codes',
      login: 'demo.admin',
      async open(page) {
        await page.goto('/admin/resources');
        await page.getByRole('link', { name: 'ecs-hz-screenshot' }).click();
        await landedOn(page, /^\/admin\/resources\/\d+$/);
      },
    },
    { name: 'service-codes', login: 'han.meimei', open: '/service-codes' },
    {
      name: 'change-access',
      login: 'han.meimei',
      async open(page) {
        await page.goto('/filings');
        await page.getByRole('link', { name: '变更接入' }).first().click();
        await landedOn(page, /\/change-access$/);
      },
    },
  ];

  /** The layout checks of the header comment, at the viewport's current width. */
  async function assertLayout(page: Page, width: number) {
    const where = `${new URL(page.url()).pathname} at ${width} px`;
    const overflow = await horizontalOverflow(page);
    const offenders = overflow > 0 ? await page.evaluate<string[]>(OFFENDERS) : [];
    assert.equal(overflow, 0, `${where} is ${overflow} px wider than the screen: ${offenders.join('; ')}`);
    const actions = await page.evaluate<{ count: number; outside: string[] }>(ACTIONS_OUTSIDE);
    assert.deepEqual(actions.outside, [], `${where}: actions outside the viewport`);
    assert.deepEqual(await page.evaluate<string[]>(SQUEEZED_CELLS), [], `${where}: squeezed table cells`);
    assert.deepEqual(
      await page.evaluate<string[]>(UNLABELLED_CELLS),
      [],
      `${where}: cells without data-label`,
    );
    return actions.count;
  }

  for (const shot of SHOTS) {
    it(`${shot.name}: both widths, nothing off-screen or squeezed`, async () => {
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
        const desktopActions = await assertLayout(page, DESKTOP);
        await screenshot(page, shot.name, PHONE);
        const phoneActions = await assertLayout(page, PHONE);
        // The same actions are there at both widths: none is hidden to make the phone layout fit.
        assert.equal(phoneActions, desktopActions, 'actions at 375 px vs 1280 px');
      });
      assertClean(site, tab);
    });
  }

  it('shows the phone layout the checks describe: a table as labelled cards, the step bar', async () => {
    const tab = await tabOf(rejectedPerson.login);
    const { page } = tab;
    await page.setViewportSize({ width: PHONE, height: 800 });
    await page.goto('/applications?lang=zh');
    // A row is a card: its cells stacked full width, each with its column's name above the value.
    const cell = `document.querySelector('main table.table > tbody > tr > td[data-label="主办单位"]')`;
    assert.equal(await page.evaluate<string>(`getComputedStyle(${cell}, '::before').content`), '"主办单位"');
    const [cellWidth, rowWidth] = await page.evaluate<[number, number]>(
      `[${cell}.getBoundingClientRect().width, ${cell}.parentElement.getBoundingClientRect().width]`,
    );
    assert.ok(cellWidth > rowWidth * 0.8, `the cell spans the card: ${cellWidth} of ${rowWidth} px`);
    // The Chinese domain as typed, the A-label under it.
    await page.getByText('新起点示例.cn', { exact: true }).first().waitFor();
    // The rejected application's step bar: 初审 rejected, 填写 done.
    await page.goto(`/applications/${rejected}`);
    const current = page.locator('.progress-step[aria-current="step"]');
    assert.match((await current.getAttribute('class')) ?? '', /progress-rejected/);
    assert.equal(await current.locator('.progress-label').innerText(), '初审');
    // The reasons name their fields by label.
    const main = await page.locator('main').innerText();
    assert.ok(main.includes('网站 1 · 网站名称'), main);
    assert.ok(!/websites\.0|subject\.mailingAddress/.test(main), 'no field paths');
    assertClean(site, tab);
  });
});
