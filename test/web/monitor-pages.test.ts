/**
 * The compliance monitor's pages, without JavaScript: an operator starts a campaign (run by the job
 * worker), reads its findings and reports, opens rectifications with a deadline, notifies and rechecks;
 * the applicant reads their own notices. In zh and en, every table cell labelled for the phone layout,
 * and only the roles of the permission table let in. Sites are served by the local DNS and web servers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runDueJobs } from '../../src/jobs/index.ts';
import { monitorJobHandlers } from '../../src/monitor/index.ts';
import type { MonitorDeps } from '../../src/monitor/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { footer, localMonitor, seedFiledSites } from '../monitor/fixture.ts';
import { startDns, startWeb } from '../monitor/local-net.ts';
import type { LocalDns, LocalWeb, SiteReply } from '../monitor/local-net.ts';
import type { Page, WebFixture } from './web-fixture.ts';
import { createWebFixture } from './web-fixture.ts';

const FAILING = '京ICP备2026900001号-1';
const PASSING = '京ICP备2026900002号-1';
const pages = new Map<string, SiteReply>([
  ['shop-monitor.cn', { kind: 'page', html: '<h1>小店</h1><footer>© 2026</footer>' }],
  ['blog-monitor.cn', { kind: 'page', html: `<h1>博客</h1>${footer(PASSING)}` }],
]);

/** Every body cell of the page's tables carries the data-label its phone card shows. */
function assertLabelledCells(page: Page): void {
  const cells = [...page.html.matchAll(/<td\b[^>]*>/g)].map((m) => m[0]);
  assert.ok(cells.length > 0, 'a table with cells');
  assert.deepEqual(
    cells.filter((tag) => !/\bdata-label="[^"]+"/.test(tag)),
    [],
  );
}

describe('compliance monitor pages', () => {
  let db: Database;
  let fx: WebFixture;
  let dns: LocalDns;
  let web: LocalWeb;
  let monitor: () => MonitorDeps;
  const work = () => runDueJobs(db, monitorJobHandlers(monitor), fx.clock.now);

  before(async () => {
    dns = await startDns(
      new Map([
        ['shop-monitor.cn', { a: ['127.0.0.1'] }],
        ['blog-monitor.cn', { a: ['127.0.0.1'] }],
      ]),
    );
    web = await startWeb((host) => pages.get(host));
    db = await openDatabase({ path: ':memory:' });
    monitor = () => localMonitor(dns, web, { now: () => fx.clock.now });
    fx = await createWebFixture(db, { monitor });
    await seedFiledSites(db, [
      { number: FAILING, domains: ['shop-monitor.cn'], account: 'applicant.user', name: '示例小店' },
      { number: PASSING, domains: ['blog-monitor.cn'], account: 'applicant.user', name: '示例博客' },
    ]);
  });
  after(async () => {
    await db.destroy();
    await dns.close();
    await web.close();
  });

  it('lets the provider’s reviewer start a campaign the worker runs, and lists it', async () => {
    const reviewer = await fx.browser('provider-reviewer');
    const start = await reviewer.get('/monitor');
    assert.equal(start.status, 200);
    assert.match(start.text, /合规巡检/);
    assert.match(start.text, /还没有巡检记录/);
    // A province and an account at once is a field error, not a guess.
    const both = await reviewer.post('/monitor/campaigns', { province: '110000', account: 'applicant.user' });
    assert.equal(both.status, 422);
    assert.match(both.text, /省份和账号只能选一个/);
    const queued = await reviewer.post('/monitor/campaigns', { account: 'applicant.user' });
    assert.equal(queued.status, 303);
    assert.equal(queued.location, '/monitor');
    assert.match((await reviewer.get('/monitor')).text, /巡检已排队/);
    assert.equal((await work()).completed, 1);
    const list = await reviewer.get('/monitor');
    assert.match(list.text, /#1 账号 applicant\.user 已完成 .* provider-reviewer\.user 2 1/);
    assertLabelledCells(list);
  });

  it('shows the campaign’s findings, with CSV and PDF reports', async () => {
    const reviewer = await fx.browser('provider-reviewer');
    const page = await reviewer.get('/monitor/campaigns/1');
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`${FAILING} 示例小店 .* 不合格 错误 .*FOOTER_NUMBER_MISSING`));
    assert.match(page.text, new RegExp(`${PASSING} 示例博客 .* 合格`));
    assertLabelledCells(page);
    const en = await reviewer.get('/monitor/campaigns/1?lang=en');
    assert.match(en.text, /Campaign #1/);
    assert.match(en.text, /fails error The home page .*FOOTER_NUMBER_MISSING/i);
    const csv = await reviewer.request('/monitor/campaigns/1/report.csv');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(await csv.text(), new RegExp(`${FAILING}.*FOOTER_NUMBER_MISSING`));
    const pdf = await reviewer.request('/monitor/campaigns/1/report.pdf');
    assert.equal(pdf.status, 200);
    assert.equal(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
    assert.equal((await reviewer.get('/monitor/campaigns/99')).status, 404);
  });

  it('opens rectifications with a valid deadline, and the applicant sees them once notified', async () => {
    const reviewer = await fx.browser('provider-reviewer');
    await reviewer.get('/monitor/campaigns/1');
    const past = await reviewer.post('/monitor/campaigns/1/rectifications', { deadline: '2026-01-01' });
    assert.equal(past.status, 422);
    assert.match(past.text, /须为今天或以后的日期/);
    const opened = await reviewer.post('/monitor/campaigns/1/rectifications', { deadline: '2026-12-20' });
    assert.equal(opened.status, 303);
    assert.equal(opened.location, '/monitor/rectifications');
    const list = await reviewer.get('/monitor/rectifications');
    assert.match(
      list.text,
      new RegExp(`#1 ${FAILING} applicant\\.user 待整改 2026-12-20 FOOTER_NUMBER_MISSING`),
    );
    assertLabelledCells(list);

    const applicant = await fx.browser('applicant');
    assert.match((await applicant.get('/my/rectifications')).text, /您的网站没有整改通知/);
    await reviewer.get('/monitor/rectifications/1');
    const notified = await reviewer.post('/monitor/rectifications/1/notify', {});
    assert.equal(notified.status, 303);
    assert.match((await reviewer.get('/monitor/rectifications/1')).text, /已通知申请人。/);
    const mine = await applicant.get('/my/rectifications');
    assert.match(mine.text, new RegExp(`${FAILING} 已通知 2026-12-20`));
    assert.match(mine.text, /整改方法：/);
    assertLabelledCells(mine);
    const mineEn = await applicant.get('/my/rectifications?lang=en');
    assert.match(mineEn.text, /Rectification notices .* notified 2026-12-20/);
  });

  it('rechecks: still failing keeps it open, fixed closes it', async () => {
    const reviewer = await fx.browser('provider-reviewer');
    await reviewer.get('/monitor/rectifications/1');
    await reviewer.post('/monitor/rectifications/1/recheck', {});
    assert.match((await reviewer.get('/monitor/rectifications/1')).text, /已复查：仍不合格。/);
    pages.set('shop-monitor.cn', { kind: 'page', html: footer(FAILING) });
    await reviewer.post('/monitor/rectifications/1/recheck', {});
    const closed = await reviewer.get('/monitor/rectifications/1');
    assert.match(closed.text, /已复查：合格，整改已关闭。/);
    assert.match(closed.text, /状态 已关闭/);
    // Closed: no more actions offered, and one sent anyway is refused with the reason.
    assert.doesNotMatch(closed.html, /action="\/monitor\/rectifications\/1\/notify"/);
    await reviewer.post('/monitor/rectifications/1/settle', { to: 'escalated' });
    assert.match((await reviewer.get('/monitor/rectifications/1')).text, /不能改为“已上报”/);
  });

  it('keeps the pages to the permission table’s roles', async () => {
    for (const role of ['applicant', 'bureau-reviewer', 'registrar-operator'] as const) {
      const browser = await fx.browser(role);
      assert.equal((await browser.get('/monitor')).status, 403, role);
      assert.equal((await browser.get('/monitor/rectifications/1')).status, 403, role);
      assert.equal((await browser.request('/monitor/campaigns/1/report.csv')).status, 403, role);
    }
    const admin = await fx.browser('admin');
    assert.equal((await admin.get('/monitor/rectifications')).status, 200);
    const reviewer = await fx.browser('provider-reviewer');
    assert.equal((await reviewer.get('/my/rectifications')).status, 403);
    const anonymous = await fx.browser();
    assert.equal((await anonymous.get('/monitor')).status, 303);
  });
});
