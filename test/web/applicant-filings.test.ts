/**
 * 我的备案 through its pages: the filed subjects and websites with their numbers, domains and
 * providers; 变更网站 starting a change application; 取消接入, 注销网站 and 注销主体 each behind a
 * confirmation page (GET) before the POST, since none can be undone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BureauReviewResult } from '../../src/workflow/index.ts';
import {
  bureauReview,
  providerReview,
  registerResource,
  verifySms,
  withdrawApplication,
} from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import type { ApplicantFixture, ApplicantPages } from './applicant-fixture.ts';
import {
  BUREAU_REVIEWER,
  HOUR,
  PROVIDER_REVIEWER,
  SUBJECT_LEADER_PHONE,
  WEBSITE_LEADER_PHONE,
  assertFieldError,
  assertRedirect,
  assertStatus,
  openApplicantPages,
  submitNewcomer,
  websiteFields,
} from './applicant-fixture.ts';
import type { Browser, Page } from './web-fixture.ts';
import { decodeEntities } from './web-fixture.ts';

/** What a browser would post from the page's form `action`: its inputs, ticked boxes and selections. */
function formFields(page: Page, action: string): Record<string, string> {
  const start = page.html.indexOf(`action="${action}"`);
  assert.ok(start >= 0, `no form for ${action}`);
  const html = page.html.slice(start, page.html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (name === undefined) continue;
    // As a browser posts: only the checked box or radio of a group.
    if (/type="(checkbox|radio)"/.test(tag) && !/\bchecked\b/.test(tag)) continue;
    fields[decodeEntities(name)] = decodeEntities(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  for (const [, name, options] of html.matchAll(
    /<select\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g,
  )) {
    const selected = /<option\b[^>]*\bvalue="([^"]*)"[^>]*\bselected\b/.exec(options ?? '')?.[1];
    if (name !== undefined && selected !== undefined) fields[decodeEntities(name)] = decodeEntities(selected);
  }
  for (const [, name, text] of html.matchAll(/<textarea\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g))
    if (name !== undefined) fields[decodeEntities(name)] = decodeEntities(text ?? '');
  return fields;
}

const href = (number: string, action: string) => `/filings/${encodeURIComponent(number)}/${action}`;

for (const dialect of testDialects()) {
  describe(`applicant filing pages (${dialect.name})`, { skip: dialect.skip }, () => {
    let pages: ApplicantPages | undefined;
    let fx: ApplicantFixture;
    let applicant: Browser;
    before(async () => {
      pages = await openApplicantPages(dialect);
      ({ fx, applicant } = pages);
    });
    after(() => pages?.close());

    /** Filed through the pages and the reviewers' use cases: the numbers the bureau issued. */
    async function filed(domain: string): Promise<BureauReviewResult> {
      const { id } = await submitNewcomer({ fx, applicant }, domain);
      const step = (hours: number) => ({
        ...fx.deps(),
        now: new Date(fx.clock.now.getTime() + hours * HOUR),
      });
      await providerReview({
        ...step(1),
        actor: PROVIDER_REVIEWER,
        applicationId: id,
        decision: { decision: 'approve' },
      });
      for (const phone of [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE]) {
        const code = await fx.smsCode(id, phone);
        await verifySms({
          ...step(2),
          actor: { account: 'applicant.user', role: 'applicant' },
          applicationId: id,
          input: { phone, code },
        });
      }
      return bureauReview({
        ...step(3),
        actor: BUREAU_REVIEWER,
        applicationId: id,
        decision: { decision: 'approve' },
      });
    }

    it('prefills a change and a new website from the filing, and says up front what waits for what', async () => {
      const approved = await filed('web-prefill.cn');
      const number = approved.websites[0]?.number ?? '';
      const subjectNumber = approved.subjectNumber ?? '';

      // 我的备案 offers 新增网站 for the subject; the new-application form comes with the subject filled in.
      const list = await applicant.get('/filings');
      const addHref = `/applications/new?subject=${encodeURIComponent(subjectNumber)}`;
      assert.ok(list.html.includes(`href="${addHref}"`), '新增网站 entry');
      const start = await applicant.get(addHref);
      assertStatus(start, 200);
      const startFields = formFields(start, '/applications/new');
      assert.equal(startFields['subject.idType'], 'uscc');
      assert.ok((startFields['subject.idNumber'] ?? '') !== '', 'certificate number filled in');
      assert.ok((startFields['subject.name'] ?? '') !== '', 'name filled in');
      const created = await applicant.post('/applications/new', {
        ...startFields,
        domain: 'web-prefill-two.cn',
      });
      const draft = assertRedirect(created, /^\/applications\/\d+\/subject$/);
      const subjectStep = await applicant.get(draft);
      assert.equal(subjectStep.inputValue('subject.certificateAddress'), '浙江省杭州市西湖区文三路 200 号');
      assert.ok(
        (subjectStep.inputValue('subject.responsiblePerson.name') ?? '') !== '',
        '主体负责人 filled in',
      );
      assert.ok((subjectStep.inputValue('subject.mailingAddress') ?? '') !== '', 'mailing address filled in');

      // 变更网站 shows every field as filed: submitted as shown, with one edit, it goes through.
      const change = await applicant.get(href(number, 'change'));
      assertStatus(change, 200);
      const shown = formFields(change, href(number, 'change'));
      assert.equal(shown['websites.0.serviceContent.organisation-portal'], 'organisation-portal');
      assert.equal(shown['websites.0.responsiblePerson.mobile'], WEBSITE_LEADER_PHONE);
      // The website's person is not the subject's here, so the box is offered unticked.
      assert.match(change.html, /name="_samePerson\.0" value="1"(?! checked)/);
      const submitted = await applicant.post(href(number, 'change'), {
        ...shown,
        'websites.0.name': '网页测试新版网站',
        // 网站负责人同主体负责人: the subject's person is copied, the fields may be left empty.
        '_samePerson.0': '1',
        'websites.0.responsiblePerson.name': '',
        'websites.0.responsiblePerson.mobile': '',
      });
      const location = assertRedirect(submitted, /^\/applications\/\d+$/);
      const changeId = Number(location.split('/').pop());
      const changed = await applicant.get(location);
      assert.ok(
        changed.text.includes(SUBJECT_LEADER_PHONE),
        'the subject’s person answers for the website now',
      );

      // While the change runs: shown on 我的备案, 变更网站/新增网站/取消接入 unavailable with why.
      const busy = await applicant.get('/filings');
      assert.match(busy.text, new RegExp(`进行中：备案申请 #${changeId} ?（变更备案 · 接入商初审中）`));
      assert.ok(busy.html.includes(`href="/applications/${changeId}"`));
      assert.ok(busy.text.includes('变更中'));
      assert.ok(!busy.html.includes(`href="${addHref}"`), 'no 新增网站 link');
      assert.ok(!busy.html.includes(`href="${href(number, 'change')}"`), 'no change link');
      assert.ok(!busy.html.includes(`href="${href(number, 'cancel-access')}"`), 'no 取消接入 link');
      assert.match(busy.html, /<span class="action-unavailable" aria-disabled="true"[^>]*>取消接入/);
      // The pages behind them say so before any form; the workflow refuses a post all the same.
      const changeAgain = await applicant.get(href(number, 'change'));
      assert.ok(changeAgain.text.includes(`进行中：备案申请 #${changeId}`));
      assert.equal(changeAgain.inputValue('websites.0.name'), null, 'no form');
      const access = await applicant.get(href(number, 'cancel-access'));
      assert.ok(access.text.includes(`进行中：备案申请 #${changeId}`));
      assert.equal(access.inputValue('confirm'), null, 'no confirmation box');
      const refused = await applicant.post(href(number, 'cancel-access'), { confirm: '1' });
      assertStatus(refused, 409);
      assert.ok(refused.text.includes('取消接入须等其完成或撤回后办理'), refused.text);
      assert.ok((await applicant.get('/filings')).text.includes('本接入商'), 'still hosted');

      await withdrawApplication({
        ...fx.deps(),
        actor: { account: 'applicant.user', role: 'applicant' },
        applicationId: changeId,
      });
      const free = await applicant.get('/filings');
      assert.ok(free.html.includes(`href="${href(number, 'cancel-access')}"`), 'offered again');
      assert.deepEqual(fx.errors, []);
    });

    it('变更接入 shows the 网站负责人 as filed, and submitted as shown it needs only the new code', async () => {
      const approved = await filed('web-access-prefill.cn');
      const number = approved.websites[0]?.number ?? '';
      const page = await applicant.get(href(number, 'change-access'));
      assertStatus(page, 200);
      const shown = formFields(page, href(number, 'change-access'));
      // The person the website was filed with (websiteFields in the fixture), not an empty form.
      assert.deepEqual(
        Object.fromEntries(
          Object.entries(shown).filter(([name]) => name.startsWith('websites.0.responsiblePerson.')),
        ),
        Object.fromEntries(
          Object.entries(websiteFields(0, 'web-access-prefill.cn')).filter(([name]) =>
            name.startsWith('websites.0.responsiblePerson.'),
          ),
        ),
      );
      const { codes } = await registerResource({
        ...fx.deps(),
        actor: { account: 'ops.admin', role: 'admin' },
        input: {
          account: 'applicant.user',
          label: 'ecs-prefill',
          accessMethod: 'cloud-server',
          province: '浙江',
          ips: ['47.96.3.3'],
          termStart: '2026-01-01',
          termEnd: '2030-01-01',
          codeQuota: 1,
        },
      });
      const again = await applicant.get(href(number, 'change-access'));
      const submitted = await applicant.post(href(number, 'change-access'), {
        ...formFields(again, href(number, 'change-access')),
        'websites.0.serviceCode': codes[0] ?? '',
      });
      const location = assertRedirect(submitted, /^\/applications\/\d+$/);
      const row = await fx
        .deps()
        .database.kysely.selectFrom('application')
        .select(['websites', 'change_kind'])
        .where('id', '=', Number(location.split('/').pop()))
        .executeTakeFirstOrThrow();
      assert.equal(row.change_kind, 'access');
      const [website] = JSON.parse(row.websites) as { responsiblePerson: Record<string, string> }[];
      assert.equal(website?.responsiblePerson.mobile, WEBSITE_LEADER_PHONE);
      assert.equal(website?.responsiblePerson.name, '王小明');
    });

    it('lists my filings and changes a website through a change application', async () => {
      const approved = await filed('web-filed.cn');
      const number = approved.websites[0]?.number ?? '';
      assert.match(number, /^浙ICP备\d+号-1$/);

      const list = await applicant.get('/filings');
      assertStatus(list, 200);
      assert.match(list.html, /<a href="\/filings" aria-current="page">我的备案<\/a>/);
      assert.ok(list.text.includes(number));
      assert.ok(list.text.includes(approved.subjectNumber ?? '?'));
      assert.ok(list.text.includes('web-filed.cn'));
      assert.ok(list.text.includes('本接入商'));
      for (const action of ['change', 'cancel-access', 'cancel-website'])
        assert.ok(list.html.includes(href(number, action)), action);
      // 注销主体 is offered, as a plain link in small print: never a button beside the everyday actions.
      const cancelSubject = href(approved.subjectNumber ?? '', 'cancel-subject');
      assert.ok(list.html.includes(`<p class="subject-actions">其他操作：<a href="${cancelSubject}">`));
      assert.ok(!list.html.includes('class="button button-warning"'), 'no warning button on 我的备案');

      // The approved application shows its numbers.
      const detail = await applicant.get(`/applications/${approved.application.id}`);
      assert.ok(detail.text.includes('已备案'));
      assert.ok(detail.text.includes(number));

      // 变更网站: the form is the filed website; a new domain is refused on its box.
      const change = await applicant.get(href(number, 'change'));
      assertStatus(change, 200);
      assert.equal(change.inputValue('websites.0.domains.0'), 'web-filed.cn');
      assert.equal(change.inputValue('websites.0.name'), '网页测试官方网站');
      const added = await applicant.post(href(number, 'change'), {
        ...websiteFields(0, 'web-filed.cn', '网页测试新版网站'),
        'websites.0.domains.1': 'web-filed-more.cn',
      });
      assertStatus(added, 422);
      assertFieldError(added, 'websites.0.domains.1', '不能变更');
      const changed = await applicant.post(
        href(number, 'change'),
        websiteFields(0, 'web-filed.cn', '网页测试新版网站'),
      );
      const location = assertRedirect(changed, /^\/applications\/\d+$/);
      const changeApp = await applicant.get(location);
      assert.ok(changeApp.text.includes('变更申请已提交'));
      assert.ok(changeApp.text.includes('接入商初审中'));
      assert.ok(changeApp.text.includes(number), 'the change names the website it changes');
      assert.ok(changeApp.text.includes('网页测试新版网站'));
      // A change is not edited in the wizard.
      assertRedirect(await applicant.get(`${location}/subject`), location);

      // While the change is under way the subject cannot be cancelled: the confirmation page says why.
      const subjectNumber = approved.subjectNumber ?? '';
      await applicant.get(href(subjectNumber, 'cancel-subject'));
      const refused = await applicant.post(href(subjectNumber, 'cancel-subject'), { confirm: '1' });
      assertStatus(refused, 409);
      assert.ok(refused.text.includes('进行中的备案申请'));
      assert.ok((await applicant.get('/filings')).text.includes(subjectNumber), 'still filed');
      assert.deepEqual(fx.errors, []);
    });

    it('cancels access and then the website, each after its confirmation page', async () => {
      // The demo's 北京示例信息技术有限公司, filed here under han.meimei with one website.
      const han = await fx.browserOf('han.meimei');
      const list = await han.get('/filings');
      assertStatus(list, 200);
      const number = /京ICP备\d+号-\d+/.exec(list.text)?.[0] ?? '';
      assert.ok(number, list.text.slice(0, 1500));
      assert.ok(list.text.includes('demo-filed-here.cn'));
      assert.ok(list.text.includes('北京示例信息官方网站'), 'the demo filing has its website name');

      const confirmAccess = await han.get(href(number, 'cancel-access'));
      assertStatus(confirmAccess, 200);
      assert.ok(confirmAccess.text.includes('备案号保留'));
      assert.ok(confirmAccess.html.includes(`action="${href(number, 'cancel-access')}" method="post"`));
      assert.ok(
        (await han.get('/filings')).text.includes('本接入商'),
        'the confirmation page changes nothing',
      );
      // The box is ticked, or nothing happens: the page comes back saying so.
      const unticked = await han.post(href(number, 'cancel-access'), {});
      assertStatus(unticked, 422);
      assertFieldError(unticked, 'confirm', '请先勾选确认');
      assert.ok((await han.get('/filings')).text.includes('本接入商'), 'unconfirmed: still hosted');
      assertRedirect(await han.post(href(number, 'cancel-access'), { confirm: '1' }), '/filings');
      const afterAccess = await han.get('/filings');
      assert.ok(afterAccess.text.includes(`已取消接入：${number}`));
      assert.ok(!afterAccess.html.includes(href(number, 'change')), 'no change without access');

      const confirmCancel = await han.get(href(number, 'cancel-website'));
      assertStatus(confirmCancel, 200);
      assert.ok(confirmCancel.text.includes('永久作废'));
      assert.ok(confirmCancel.text.includes('demo-filed-here.cn'));
      assertStatus(await han.post(href(number, 'cancel-website'), {}), 422);
      assertRedirect(await han.post(href(number, 'cancel-website'), { confirm: '1' }), '/filings');
      const gone = await han.get('/filings');
      assert.ok(gone.text.includes(`已注销网站 ${number}`));
      assert.ok(gone.text.includes('一并注销'), 'its only website: the subject goes with it');
      assert.ok(gone.text.includes('还没有已备案的主体'));
    });

    it('answers filings that are not mine with the 404 page', async () => {
      const stranger = await fx.browserOf('stranger.applicant');
      // The applicant's filing of the first test.
      const list = await applicant.get('/filings');
      const number = /浙ICP备\d+号-\d+/.exec(list.text)?.[0] ?? '';
      assert.ok(number);
      for (const action of ['change', 'cancel-access', 'cancel-website']) {
        assert.equal((await stranger.get(href(number, action))).status, 404, action);
      }
      await stranger.get('/filings');
      assert.equal((await stranger.post(href(number, 'cancel-website'), { confirm: '1' })).status, 404);
      assert.ok((await applicant.get('/filings')).text.includes(number), 'untouched');
    });
  });
}
