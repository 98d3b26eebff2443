/**
 * The reviewers' consoles over HTTP: the 初审 queue and detail (verification re-run now, documents,
 * timeline), rejecting with field reasons the applicant then sees, approving into SMS verification, the
 * sandbox SMS outbox, the bureau's approval with the numbers it issues; who may open what, CSRF on
 * every form, and hostile names escaped. SQLite (the pages add no SQL of their own but the queue's).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { loadApplication } from '../../src/workflow/index.ts';
import { S2, SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE } from '../workflow/workflow-fixture.ts';
import { HOUR, draft, read } from '../http/workflow-api-fixture.ts';
import type { WebFixture } from './review-web-fixture.ts';
import { createWebFixture, follow, html, redirectsTo, textOf } from './review-web-fixture.ts';

const HOSTILE = '<script>alert("pwned")</script>\u202Egnp.exe';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

describe('review consoles (web)', () => {
  let db: Database;
  let fx: WebFixture;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db);
  });
  after(async () => {
    fx.cleanup();
    await db.destroy();
  });

  /** Registers `domain` for S2 in the MIIT sandbox's domain database, like the demo's demo-s2-new.cn. */
  async function registeredLikeS2(domain: string): Promise<void> {
    const row = await db.kysely
      .selectFrom('domain_registration')
      .selectAll()
      .where('domain', '=', 'demo-s2-new.cn')
      .executeTakeFirstOrThrow();
    await db.kysely
      .insertInto('domain_registration')
      .values({ ...row, domain })
      .execute();
  }

  /** han.meimei's application for S2 with one domain, submitted (a document uploaded as a draft). */
  async function submitted(domain: string, withDocument = false): Promise<number> {
    const han = await fx.as('han.meimei');
    const { id } = await draft(han, S2, domain);
    if (withDocument) {
      const browser = await fx.browser('han.meimei');
      const body = new FormData();
      body.set('kind', 'other');
      body.set('file', new File([PDF], '营业执照<b>.pdf', { type: 'application/pdf' }));
      const uploaded = await fx.web.request(`/api/v1/applications/${id}/documents`, {
        method: 'POST',
        headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf },
        body,
      });
      assert.equal(uploaded.status, 201, await uploaded.text());
    }
    const result = await read.application(await han('POST', `/applications/${id}/submit`));
    assert.equal(result.status, 'provider-review');
    return id;
  }

  it('sends anonymous visitors to sign in and refuses roles without the action', async () => {
    const anonymous = await fx.browser(null);
    redirectsTo(await anonymous.get('/review'), '/login?next=%2Freview');
    redirectsTo(await anonymous.get('/bureau/1'), '/login?next=%2Fbureau%2F1');
    redirectsTo(await anonymous.get('/sandbox/sms'), '/login?next=%2Fsandbox%2Fsms');
    const applicant = await fx.browser('li.lei');
    for (const path of ['/review', '/review/1', '/bureau', '/sandbox/sms', '/review/1/documents/1']) {
      assert.match(await html(await applicant.get(path), 403), /无权访问/, path);
    }
    const provider = await fx.browser('provider-reviewer');
    await html(await provider.get('/bureau'), 403);
    await html(await provider.get('/sandbox/sms'), 403);
    const bureau = await fx.browser('bureau-reviewer');
    await html(await bureau.get('/review'), 403);
    // Navigation shows each console to its own role only.
    assert.match(await html(await provider.get('/')), /href="\/review"/);
    assert.doesNotMatch(await html(await provider.get('/')), /href="\/bureau"/);
    assert.match(await html(await bureau.get('/')), /href="\/sandbox\/sms"/);
  });

  it('lists a submitted application in the provider queue, oldest first, in both languages', async () => {
    const first = await submitted('demo-s2-new.cn');
    fx.clock.now = new Date(fx.clock.now.getTime() + 26 * HOUR);
    // Sessions last 12 hours: sign in after the clock moved.
    const provider = await fx.browser('provider-reviewer');
    const page = await html(await provider.get('/review'));
    assert.match(page, new RegExp(`href="/review/${first}"`));
    const text = textOf(page);
    assert.ok(text.includes('北京示例信息技术有限公司'), "text.includes('北京示例信息技术有限公司')");
    assert.ok(text.includes('北京（京）'), "text.includes('北京（京）')");
    assert.ok(text.includes('demo-s2-new.cn'), "text.includes('demo-s2-new.cn')");
    assert.ok(text.includes('新增网站'), "text.includes('新增网站')");
    assert.ok(text.includes('1 天 2 小时'), text);
    const english = await html(await provider.get('/review?lang=en'));
    assert.match(english, /<html lang="en"/);
    assert.ok(
      textOf(english).includes('Provider review queue'),
      "textOf(english).includes('Provider review queue')",
    );
    assert.ok(textOf(english).includes('1 d 2 h'), "textOf(english).includes('1 d 2 h')");
    // Withdraw again so later tests own the subject's one active application.
    const han = await fx.as('han.meimei');
    assert.equal((await han('POST', `/applications/${first}/withdraw`)).status, 200);
    assert.doesNotMatch(await html(await provider.get('/review')), new RegExp(`href="/review/${first}"`));
  });

  it('shows the verification re-run now (not blocked by its own hold), documents and the timeline', async () => {
    const id = await submitted('demo-s2-new.cn', true);
    const provider = await fx.browser('provider-reviewer');
    const before = textOf(await html(await provider.get(`/review/${id}`)));
    assert.ok(before.includes('可以备案'), 'the domain passes as it did at submit');
    assert.ok(!before.includes('DOMAIN_ORDER_IN_PROGRESS'), 'its own hold is not another application');
    // Each result names its field as the form does, not by its path.
    assert.ok(before.includes('网站 1 · 网站域名 1'), before);
    assert.ok(!before.includes('websites.0.domains.0'), 'no field paths on the page');
    // The facts change after submission: the reviewer sees the check as of now.
    await db.kysely
      .updateTable('domain_registration')
      .set({ expires_at: '2026-01-01T00:00:00.000Z' })
      .where('domain', '=', 'demo-s2-new.cn')
      .execute();
    const page = await html(await provider.get(`/review/${id}`));
    const text = textOf(page);
    assert.ok(text.includes('暂不能备案'), "text.includes('暂不能备案')");
    assert.match(page, /<code>DOMAIN_EXPIRED<\/code>/);
    assert.ok(text.includes('处理办法'), "text.includes('处理办法')");
    // Documents: the uploaded name escaped, a download link that serves the bytes.
    assert.ok(page.includes('营业执照&lt;b&gt;.pdf'), "page.includes('营业执照&lt;b&gt;.pdf')");
    const link = /href="(\/review\/\d+\/documents\/\d+)"/.exec(page)?.[1] ?? '';
    const download = await provider.get(link);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment;/);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), PDF);
    await html(await provider.get(`/review/${id}/documents/999`), 404);
    // Timeline: created, submitted, the upload.
    assert.ok(text.includes('处理记录'), "text.includes('处理记录')");
    assert.ok(text.includes('草稿 → 接入商初审中'), "text.includes('草稿 → 接入商初审中')");
    assert.ok(text.includes('上传材料'), "text.includes('上传材料')");
    await db.kysely
      .updateTable('domain_registration')
      .set({ expires_at: '2028-03-01T02:00:00.000Z' })
      .where('domain', '=', 'demo-s2-new.cn')
      .execute();
    await html(await provider.get('/review/999999'), 404);
    await html(await provider.get('/review/not-a-number'), 404);
  });

  it('rejects with reasons per field and a general one; the applicant sees them; bad forms re-render', async () => {
    const [row] = await db.kysely
      .selectFrom('application')
      .select('id')
      .where('status', '=', 'provider-review')
      .execute();
    const id = row?.id ?? 0;
    const provider = await fx.browser('provider-reviewer');
    const nothing = await html(await provider.post(`/review/${id}/reject`, {}), 422);
    assert.ok(
      textOf(nothing).includes('驳回时至少填写一条原因'),
      "textOf(nothing).includes('驳回时至少填写一条原因')",
    );
    assert.match(nothing, /href="#f-reasons"/);
    const unknown = await html(
      await provider.post(`/review/${id}/reject`, {
        'reasons.0.path': 'websites.7.name',
        'reasons.0.message': 'x',
      }),
      422,
    );
    assert.ok(
      textOf(unknown).includes('所选字段不属于该申请'),
      "textOf(unknown).includes('所选字段不属于该申请')",
    );
    const noText = await html(
      await provider.post(`/review/${id}/reject`, { 'reasons.1.path': 'subject.name' }),
      422,
    );
    assert.match(noText, /href="#f-reasons-1-message"/);
    assert.match(noText, /aria-invalid="true"/);
    // The chosen field is kept in the re-rendered form.
    assert.match(noText, /<option value="subject.name" selected="">/);
    assert.equal((await loadApplication(db.kysely, id)).status, 'provider-review');

    const response = await provider.post(`/review/${id}/reject`, {
      'reasons.0.path': 'websites.0.name',
      'reasons.0.message': '网站名称不能只写“官方网站”',
      'reasons.2.path': 'subject.mailingAddress',
      'reasons.2.message': '通讯地址请写到门牌号',
      general: '请补充营业执照扫描件',
    });
    redirectsTo(response, `/review/${id}`);
    const after = await html(await follow(provider, response));
    assert.ok(textOf(after).includes(`已驳回申请 #${id}`), `已驳回申请 #${id}`);
    assert.ok(textOf(after).includes('初审驳回'), "textOf(after).includes('初审驳回')");
    // The reasons, in the summary and the timeline, by the fields' labels.
    assert.ok(textOf(after).includes('网站 1 · 网站名称：网站名称不能只写“官方网站”'), textOf(after));
    assert.ok(textOf(after).includes('通讯地址：通讯地址请写到门牌号'));
    assert.ok(!/websites\.0\.name|subject\.mailingAddress/.test(textOf(after)), 'no paths shown');
    const stored = await loadApplication(db.kysely, id);
    assert.equal(stored.status, 'provider-rejected');
    const reasons = [
      {
        path: 'websites.0.name',
        message: { zh: '网站名称不能只写“官方网站”', en: '网站名称不能只写“官方网站”' },
      },
      { path: 'subject.mailingAddress', message: { zh: '通讯地址请写到门牌号', en: '通讯地址请写到门牌号' } },
      { path: 'application', message: { zh: '请补充营业执照扫描件', en: '请补充营业执照扫描件' } },
    ];
    assert.deepEqual(stored.rejection?.reasons, reasons);
    assert.equal(stored.rejection?.by, 'provider');
    const han = await fx.as('han.meimei');
    const detail = await read.detail(await han('GET', `/applications/${id}`));
    assert.deepEqual(detail.application.rejection?.reasons, reasons);
    // Decided: no form any more, and deciding again is refused in place.
    assert.ok(
      !after.includes(`action="/review/${id}/approve"`),
      '!after.includes(`action="/review/${id}/approve"`)',
    );
    const again = await html(await provider.post(`/review/${id}/approve`), 409);
    assert.ok(textOf(again).includes('未能完成'), "textOf(again).includes('未能完成')");
    assert.equal((await han('POST', `/applications/${id}/withdraw`)).status, 200);
  });

  it('approves into SMS verification; the outbox shows the codes; the bureau approves and sees the numbers', async () => {
    const id = await submitted('demo-s2-new.cn');
    const provider = await fx.browser('provider-reviewer');
    // Approving asks for the box to be ticked; unticked, nothing is decided.
    const unticked = await html(await provider.post(`/review/${id}/approve`), 422);
    assert.ok(textOf(unticked).includes('通过前请勾选确认'), textOf(unticked));
    assert.match(
      unticked,
      /<input type="checkbox" id="f-confirm" name="confirm" value="1"[^>]*aria-invalid="true"/,
    );
    assert.equal((await loadApplication(db.kysely, id)).status, 'provider-review');
    const approved = await provider.post(`/review/${id}/approve`, { confirm: '1' });
    redirectsTo(approved, `/review/${id}`);
    assert.ok(
      textOf(await html(await follow(provider, approved))).includes('已通过初审'),
      "textOf(await html(await follow(provider, approved))).includes('已通过初审')",
    );
    assert.equal((await loadApplication(db.kysely, id)).status, 'awaiting-sms');

    const bureau = await fx.browser('bureau-reviewer');
    const outbox = await html(await bureau.get(`/sandbox/sms?applicationId=${id}`));
    const codes = [...textOf(outbox).matchAll(/验证码：(\d{6})/g)].map((m) => m[1]);
    assert.equal(codes.length, 2, 'one message per phone');
    assert.ok(
      outbox.includes(SUBJECT_LEADER_PHONE) && outbox.includes(WEBSITE_LEADER_PHONE),
      'outbox.includes(SUBJECT_LEADER_PHONE) && outbox.includes(WEBSITE_LEADER_PHONE)',
    );
    const one = await html(
      await bureau.get(`/sandbox/sms?applicationId=${id}&phone=${WEBSITE_LEADER_PHONE}`),
    );
    assert.ok(
      !one.includes(`<bdi class="code">${SUBJECT_LEADER_PHONE}</bdi>`),
      '!one.includes(`<bdi class="code">${SUBJECT_LEADER_PHONE}</bdi>`)',
    );
    assert.ok(
      textOf(await html(await bureau.get('/sandbox/sms?applicationId=999999'))).includes(
        '没有符合条件的短信',
      ),
      "textOf(await html(await bureau.get('/sandbox/sms?applicationId=999999'))).incl",
    );
    assert.ok(
      textOf(await html(await bureau.get('/sandbox/sms?applicationId=abc'), 422)).includes(
        '申请编号应为正整数',
      ),
      "textOf(await html(await bureau.get('/sandbox/sms?applicationId=abc'), 422)).in",
    );
    assert.equal((await (await fx.browser('admin')).get('/sandbox/sms')).status, 200);
    const badPhone = textOf(await html(await bureau.get('/sandbox/sms?phone=not-a-phone'), 422));
    assert.ok(badPhone.includes('不是有效的大陆手机号码'), badPhone);

    const han = await fx.as('han.meimei');
    for (const phone of [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE]) {
      const page = await html(await bureau.get(`/sandbox/sms?applicationId=${id}&phone=${phone}`));
      const code = /验证码：(\d{6})/.exec(textOf(page))?.[1] ?? '';
      const result = await read.sms(await han('POST', `/applications/${id}/sms/verify`, { phone, code }));
      assert.equal(result.outcome, 'verified');
    }
    const queue = await html(await bureau.get('/bureau'));
    assert.match(queue, new RegExp(`href="/bureau/${id}"`));
    const detail = await html(await bureau.get(`/bureau/${id}`));
    assert.ok(textOf(detail).includes('管局审核：申请'), "textOf(detail).includes('管局审核：申请')");
    assert.match(detail, new RegExp(`action="/bureau/${id}/approve"`));

    await html(await bureau.post(`/bureau/${id}/approve`), 422);
    assert.equal((await loadApplication(db.kysely, id)).status, 'bureau-review', 'unticked: not decided');
    const decided = await bureau.post(`/bureau/${id}/approve`, { confirm: '1' });
    redirectsTo(decided, `/bureau/${id}`);
    const page = textOf(await html(await follow(bureau, decided)));
    const number = /京ICP备\d+号-\d+/.exec(page)?.[0];
    assert.ok(number, page);
    assert.ok(page.includes('已通过管局审核'), "page.includes('已通过管局审核')");
    assert.ok(page.includes('网站备案号'), "page.includes('网站备案号')");
    assert.equal((await loadApplication(db.kysely, id)).status, 'approved');
    // Without the flash the detail still shows the numbers.
    assert.ok(
      textOf(await html(await bureau.get(`/bureau/${id}`))).includes(number),
      'textOf(await html(await bureau.get(`/bureau/${id}`))).includes(number)',
    );
  });

  it('lets the bureau reject with a reason', async () => {
    await registeredLikeS2('demo-s2-second.cn');
    const han = await fx.as('han.meimei');
    const { id } = await draft(han, S2, 'demo-s2-second.cn');
    await read.application(await han('POST', `/applications/${id}/submit`));
    const provider = await fx.browser('provider-reviewer');
    redirectsTo(await provider.post(`/review/${id}/approve`, { confirm: '1' }), `/review/${id}`);
    const bureau = await fx.browser('bureau-reviewer');
    for (const phone of [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE]) {
      const page = await html(await bureau.get(`/sandbox/sms?applicationId=${id}&phone=${phone}`));
      const code = /验证码：(\d{6})/.exec(textOf(page))?.[1] ?? '';
      await read.sms(await han('POST', `/applications/${id}/sms/verify`, { phone, code }));
    }
    const rejected = await bureau.post(`/bureau/${id}/reject`, {
      'reasons.0.path': 'websites.0.homeUrl',
      'reasons.0.message': '首页无法访问',
    });
    redirectsTo(rejected, `/bureau/${id}`);
    const stored = await loadApplication(db.kysely, id);
    assert.equal(stored.status, 'bureau-rejected');
    assert.deepEqual(stored.rejection, {
      by: 'bureau',
      at: fx.clock.now.toISOString(),
      reasons: [{ path: 'websites.0.homeUrl', message: { zh: '首页无法访问', en: '首页无法访问' } }],
    });
    assert.equal((await han('POST', `/applications/${id}/withdraw`)).status, 200);
  });

  it('refuses every decision form without the session’s CSRF token, or sent cross-site', async () => {
    await registeredLikeS2('demo-s2-third.cn');
    const id = await submitted('demo-s2-third.cn');
    const provider = await fx.browser('provider-reviewer');
    const bureau = await fx.browser('bureau-reviewer');
    const reject = { 'reasons.0.path': 'subject.name', 'reasons.0.message': 'x' };
    const cases = [
      [provider, `/review/${id}/approve`, {}],
      [provider, `/review/${id}/reject`, reject],
      [bureau, `/bureau/${id}/approve`, {}],
      [bureau, `/bureau/${id}/reject`, reject],
    ] as const;
    for (const [browser, path, form] of cases) {
      const missing = await html(await browser.post(path, form, { csrf: false }), 403);
      assert.ok(textOf(missing).includes('表单已失效或并非来自本站'), path);
      await html(await browser.post(path, { ...form, _csrf: 'forged' }), 403);
      await html(await browser.post(path, form, { headers: { 'sec-fetch-site': 'cross-site' } }), 403);
      // Another session's token is no token for this one.
      const other = await fx.browser('admin');
      await html(await browser.post(path, { ...form, _csrf: other.csrf }), 403);
    }
    assert.equal((await loadApplication(db.kysely, id)).status, 'provider-review');
    // Anonymous POSTs go to sign-in, not to the use case.
    const anonymous = await fx.browser(null);
    redirectsTo(await anonymous.post(`/review/${id}/approve`, {}, { csrf: false }), /^\/login/);
  });

  it('escapes hostile subject and website names in the queue and the detail', async () => {
    const [row] = await db.kysely
      .selectFrom('application')
      .select(['id', 'subject', 'websites'])
      .where('status', '=', 'provider-review')
      .execute();
    assert.ok(row, 'expected true');
    const subject = { ...(JSON.parse(row.subject) as Record<string, unknown>), name: HOSTILE };
    const websites = (JSON.parse(row.websites) as Record<string, unknown>[]).map((w) => ({
      ...w,
      name: HOSTILE,
    }));
    await db.kysely
      .updateTable('application')
      .set({ subject: JSON.stringify(subject), websites: JSON.stringify(websites) })
      .where('id', '=', row.id)
      .execute();
    const provider = await fx.browser('provider-reviewer');
    for (const path of ['/review', `/review/${row.id}`]) {
      const page = await html(await provider.get(path));
      assert.ok(!page.includes('<script>alert'), path);
      assert.ok(page.includes('&lt;script&gt;alert('), path);
      // The name is isolated from the surrounding text (the RLO override cannot reorder the page).
      assert.match(
        page,
        /<bdi>&lt;script&gt;alert\(&quot;pwned&quot;\)&lt;\/script&gt;\u202Egnp\.exe<\/bdi>/,
        path,
      );
    }
    const detail = await html(await provider.get(`/review/${row.id}`));
    // In the reason choices too (option text).
    assert.match(detail, /<option value="subject.name">[^<]*&lt;script&gt;/);
    assert.deepEqual(fx.webErrors, []);
  });

  it('shows a pre-2018 .org in an access filing as passing, naming 264号 and the approval date (初审 as the engine)', async () => {
    // The demo's S8 (demo/filings.jsonl): demo-legacy.org at GoDaddy, filed elsewhere on 2012-06-18.
    const s8 = {
      ...S2,
      idNumber: '91440300MA5F6G7H8B',
      name: '深圳示例开源技术有限公司',
      province: '广东',
      certificateAddress: '广东省深圳市南山区科技园 1 号',
      mailingAddress: '广东省深圳市南山区科技园 1 号 2 楼',
    };
    const applicant = await fx.as('chen.jing');
    const { id, created, saved } = await draft(applicant, s8, 'demo-legacy.org');
    assert.equal(created.application.filingType, 'add-access');
    assert.deepEqual(saved.errors, []);
    const result = await read.application(await applicant('POST', `/applications/${id}/submit`));
    assert.equal(result.status, 'provider-review');
    const provider = await fx.browser('provider-reviewer');
    const page = await html(await provider.get(`/review/${id}`));
    const text = textOf(page);
    assert.match(page, /<code>FILED_BEFORE_DOMAIN_RULES<\/code>/);
    assert.doesNotMatch(page, /<code>SUFFIX_NOT_APPROVED<\/code>/);
    assert.ok(text.includes('可以备案'), 'the reviewer sees it passing, as the submit did');
    assert.ok(text.includes('工信部信管〔2017〕264号') && text.includes('2012-06-18'), text);
    assert.equal((await applicant('POST', `/applications/${id}/withdraw`)).status, 200);
  });
});
