/**
 * The applicant's application pages: the reviewers' field-level rejection reasons highlighted on the
 * fields they name (detail page and wizard), resubmitting; SMS verification with the codes from the
 * sandbox outbox (a wrong one counted, a resend); withdrawing with a confirmation; someone else's
 * application is a 404 page; the English switch.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { providerReview } from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import type { ApplicantFixture, ApplicantPages } from './applicant-fixture.ts';
import {
  HOUR,
  PROVIDER_REVIEWER,
  SUBJECT_LEADER_PHONE,
  WEBSITE_LEADER_PHONE,
  assertFieldError,
  assertRedirect,
  assertStatus,
  openApplicantPages,
  startApplication,
  subjectFields,
  submit,
  submitNewcomer,
} from './applicant-fixture.ts';
import type { Browser } from './web-fixture.ts';

for (const dialect of testDialects()) {
  describe(`applicant application pages (${dialect.name})`, { skip: dialect.skip }, () => {
    let pages: ApplicantPages | undefined;
    let fx: ApplicantFixture;
    let applicant: Browser;
    before(async () => {
      pages = await openApplicantPages(dialect);
      ({ fx, applicant } = pages);
    });
    after(() => pages?.close());

    const submitted = (domain: string) => submitNewcomer({ fx, applicant }, domain);

    it('highlights a provider’s rejection reasons on the fields they name, and resubmits', async () => {
      const { id, subject } = await submitted('web-rejected.cn');
      await providerReview({
        ...fx.deps(),
        actor: PROVIDER_REVIEWER,
        applicationId: id,
        decision: {
          decision: 'reject',
          reasons: [
            {
              path: 'subject.name',
              message: { zh: '名称与营业执照不一致', en: 'The name differs from the licence' },
            },
            {
              path: 'websites.0.name',
              message: { zh: '网站名称过于宽泛', en: 'The website name is too vague' },
            },
            { path: 'application', message: { zh: '请补充授权书', en: 'Add the authorisation letter' } },
          ],
        },
      });

      const detail = await applicant.get(`/applications/${id}`);
      assertStatus(detail, 200);
      assert.ok(detail.text.includes('初审驳回'));
      assert.ok(detail.text.includes('驳回原因'));
      // The summary at the top links to each field; the general reason is listed without a link.
      assert.ok(detail.html.includes('href="#f-subject-name"'));
      assert.ok(detail.html.includes('href="#f-websites-0-name"'));
      assert.ok(detail.text.includes('请补充授权书'));
      // Next to the field: its row is marked, the reason is there, tied by aria-describedby.
      const row = detail.tagWithId('f-subject-name') ?? '';
      assert.match(row, /field-invalid/);
      const reason = /id="f-subject-name-error"[^>]*>([\s\S]*?)<\/p>/.exec(detail.html)?.[1] ?? '';
      assert.ok(reason.includes('名称与营业执照不一致'), reason);
      assert.match(detail.html, /<dd aria-describedby="f-subject-name-error">/);
      assert.match(detail.tagWithId('f-websites-0-name') ?? '', /field-invalid/);
      assert.doesNotMatch(detail.tagWithId('f-subject-idNumber') ?? '', /field-invalid/);
      // The allowed actions: revise (the wizard) and withdraw; not SMS.
      assert.ok(detail.html.includes(`href="/applications/${id}/review"`));
      assert.ok(detail.html.includes(`href="/applications/${id}/withdraw"`));
      assert.ok(!detail.html.includes(`/applications/${id}/sms`));
      assert.ok(detail.text.includes('接入商初审中 → 初审驳回'), 'the timeline shows the rejection');
      // The history names each reason's field by its label, never by its path.
      assert.match(detail.text, /网站 1 · 网站名称 ?： ?网站名称过于宽泛/, 'labelled in the timeline');
      assert.match(detail.text, /主办单位名称 ?： ?名称与营业执照不一致/);
      assert.match(detail.text, /整个申请（总体原因） ?： ?请补充授权书/);
      assert.doesNotMatch(detail.text, /websites\.0\.name|subject\.name/);
      // The step bar: 初审 is where it was rejected, 填写 behind it, and what to do next is said.
      assert.match(
        detail.html,
        /<li class="progress-step progress-done"[^>]*><span class="progress-label">填写<\/span>/,
      );
      assert.match(
        detail.html,
        /<li class="progress-step progress-rejected" aria-current="step"[^>]*><span class="progress-label">初审<\/span>/,
      );
      assert.ok(detail.text.includes('初审驳回：请按驳回原因修改后重新提交。'));

      // In the wizard, the reason is on the input itself.
      const step = await applicant.get(`/applications/${id}/subject`);
      assertStatus(step, 200);
      assertFieldError(step, 'subject.name', '驳回原因：名称与营业执照不一致');
      const websites = await applicant.get(`/applications/${id}/websites`);
      assertFieldError(websites, 'websites.0.name', '网站名称过于宽泛');

      // Saving returns it to draft; submitting again sends it back to the provider.
      const fields = { ...subjectFields(subject), 'subject.name': subject.name };
      assertRedirect(
        await applicant.post(`/applications/${id}/subject`, fields),
        `/applications/${id}/websites`,
      );
      assertRedirect(await submit(applicant, id), `/applications/${id}`);
      const again = await applicant.get(`/applications/${id}`);
      assert.ok(again.text.includes('接入商初审中'));
      assert.ok(!again.text.includes('驳回原因'), 'a new submission clears the reasons');
      assert.deepEqual(fx.errors, []);
    });

    it('resubmits a rejected application from the review page without other changes', async () => {
      const { id } = await submitted('web-resubmit.cn');
      await providerReview({
        ...fx.deps(),
        actor: PROVIDER_REVIEWER,
        applicationId: id,
        decision: {
          decision: 'reject',
          reasons: [{ path: 'application', message: { zh: '请重新确认', en: 'Confirm again' } }],
        },
      });
      const review = await applicant.get(`/applications/${id}/review`);
      assertStatus(review, 200);
      assertRedirect(
        await applicant.post(`/applications/${id}/submit`, { _version: review.inputValue('_version') ?? '' }),
        `/applications/${id}`,
      );
      const detail = await applicant.get(`/applications/${id}`);
      assert.ok(detail.text.includes('接入商初审中'));
      assert.ok(
        detail.text.includes('初审驳回 → 草稿'),
        'back to draft, then submitted: both in the timeline',
      );
    });

    it('verifies the SMS codes read from the sandbox outbox, counting a wrong one, and resends', async () => {
      const { id } = await submitted('web-sms.cn');
      fx.clock.now = new Date(fx.clock.now.getTime() + HOUR);
      await providerReview({
        ...fx.deps(),
        actor: PROVIDER_REVIEWER,
        applicationId: id,
        decision: { decision: 'approve' },
      });

      const detail = await applicant.get(`/applications/${id}`);
      assert.ok(detail.text.includes('待短信核验'));
      assert.ok(detail.html.includes(`href="/applications/${id}/sms"`));

      const page = await applicant.get(`/applications/${id}/sms`);
      assertStatus(page, 200);
      assert.ok(page.text.includes('138****8000') && page.text.includes('139****9000'));
      assert.ok(!page.html.includes(SUBJECT_LEADER_PHONE), 'phones are masked');
      assert.ok(page.text.includes('短信发件箱'), 'the page says where the sandbox keeps the codes');
      const fields = [...page.html.matchAll(/name="(code\.\d+)"/g)].map((m) => m[1] ?? '');
      assert.equal(fields.length, 2);
      const [leaderField = '', websiteField = ''] = fields;

      // A wrong code is a try: counted, shown on its field. (A minute on: resends may go again.)
      fx.clock.now = new Date(fx.clock.now.getTime() + 60_000);
      const right = await fx.smsCode(id, SUBJECT_LEADER_PHONE);
      const wrongCode = right === '000000' ? '111111' : '000000';
      const wrong = await applicant.post(`/applications/${id}/sms`, { [leaderField]: wrongCode });
      assertStatus(wrong, 422);
      assertFieldError(wrong, leaderField, '还可以尝试 4 次');

      // A new code for the website's responsible person: the old one stops working.
      const before = await fx.smsCode(id, WEBSITE_LEADER_PHONE);
      const resend = /name="verification" value="(\d+)"/g;
      const ids = [...wrong.html.matchAll(resend)].map((m) => m[1] ?? '');
      assert.equal(ids.length, 2);
      const resent = await applicant.post(`/applications/${id}/sms/resend`, { verification: ids[1] ?? '' });
      assertRedirect(resent, `/applications/${id}/sms`);
      const afterResend = await applicant.get(`/applications/${id}/sms`);
      assert.ok(afterResend.text.includes('已重新发送验证码到 139****9000'));
      const fresh = await fx.smsCode(id, WEBSITE_LEADER_PHONE);
      assert.notEqual(fresh, before);

      // One phone at a time works; the last one sends the application to the bureau.
      assertRedirect(
        await applicant.post(`/applications/${id}/sms`, { [leaderField]: right }),
        `/applications/${id}/sms`,
      );
      const half = await applicant.get(`/applications/${id}/sms`);
      assert.ok(half.text.includes('已核验：138****8000'));
      assert.ok(half.text.includes('已核验'));
      const done = await applicant.post(`/applications/${id}/sms`, { [websiteField]: fresh });
      assertRedirect(done, `/applications/${id}`);
      const bureau = await applicant.get(`/applications/${id}`);
      assert.ok(bureau.text.includes('短信核验已完成'));
      assert.ok(bureau.text.includes('管局审核中'));
      // The SMS page is over: back to the application.
      assertRedirect(await applicant.get(`/applications/${id}/sms`), `/applications/${id}`);
      assert.deepEqual(fx.errors, []);
    });

    it('limits resends, saying when the next may go; a provider reviewer restarts the round (issue 12)', async () => {
      const { id } = await submitted('web-sms-limits.cn');
      fx.clock.now = new Date(fx.clock.now.getTime() + HOUR);
      await providerReview({
        ...fx.deps(),
        actor: PROVIDER_REVIEWER,
        applicationId: id,
        decision: { decision: 'approve' },
      });
      const page = await applicant.get(`/applications/${id}/sms`);
      assert.ok(page.text.includes('同一号码输错 5 次或本申请共输错 10 次'), 'the limits are stated');
      assert.ok(page.text.includes('本轮还可重发 5 次'));
      // The first code just went: no resend button yet, the time it may go instead.
      assert.doesNotMatch(page.html, /name="verification"/);
      assert.match(page.text, /\d{4}-\d{2}-\d{2} \d{2}:\d{2} 后可重发/);

      fx.clock.now = new Date(fx.clock.now.getTime() + 60_000);
      const ready = await applicant.get(`/applications/${id}/sms`);
      const ids = [...ready.html.matchAll(/name="verification" value="(\d+)"/g)].map((m) => m[1] ?? '');
      assert.equal(ids.length, 2);
      assertRedirect(
        await applicant.post(`/applications/${id}/sms/resend`, { verification: ids[0] ?? '' }),
        `/applications/${id}/sms`,
      );
      // Posting again at once (a second tab, a double click): refused with the time, 429.
      const again = await applicant.post(`/applications/${id}/sms/resend`, { verification: ids[0] ?? '' });
      assertStatus(again, 429);
      assert.ok(again.headers.get('retry-after') === '60');
      assert.match(
        again.text,
        /同一手机号两次发送验证码至少间隔 60 秒，请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间）后再试/,
      );

      // The reviewer sees the round and restarts it; the applicant cannot.
      const reviewer = await fx.browser('provider-reviewer');
      const detail = await reviewer.get(`/review/${id}`);
      assertStatus(detail, 200);
      assert.match(detail.html, new RegExp(`action="/review/${id}/sms-restart"`));
      assert.ok(detail.text.includes('还可重发 4 次'));
      assertStatus(await applicant.post(`/review/${id}/sms-restart`, {}), 403);
      const restarted = await reviewer.post(`/review/${id}/sms-restart`, {});
      assertRedirect(restarted, `/review/${id}`);
      const after = await reviewer.get(`/review/${id}`);
      assert.ok(after.text.includes('已重新发起短信核验：申请 #'));
      assert.ok(after.text.includes('还可重发 5 次'));
      const timeline = await applicant.get(`/applications/${id}`);
      assert.ok(timeline.text.includes('重新发起短信核验'));
      assert.deepEqual(fx.errors, []);
    });

    it('withdraws after a confirmation page', async () => {
      const subject = await fx.newcomer({ domains: ['web-withdraw.cn'] });
      const id = await startApplication(applicant, subject, 'web-withdraw.cn');
      const confirm = await applicant.get(`/applications/${id}/withdraw`);
      assertStatus(confirm, 200);
      assert.ok(confirm.text.includes('不能恢复'));
      assert.match(confirm.html, new RegExp(`<form action="/applications/${id}/withdraw" method="post"`));
      const done = await applicant.post(`/applications/${id}/withdraw`, {});
      assertRedirect(done, `/applications/${id}`);
      const detail = await applicant.get(`/applications/${id}`);
      assert.ok(detail.text.includes('备案申请已撤回'));
      assert.ok(detail.text.includes('已撤回'));
      assert.ok(!detail.html.includes(`href="/applications/${id}/withdraw"`), 'nothing left to withdraw');
      assertRedirect(await applicant.get(`/applications/${id}/websites`), `/applications/${id}`);
    });

    it('answers someone else’s application with the 404 page, on every page of it', async () => {
      const subject = await fx.newcomer({ domains: ['web-private.cn'] });
      const id = await startApplication(applicant, subject, 'web-private.cn');
      const other = await fx.browserOf('other.applicant');
      for (const path of [
        '',
        '/subject',
        '/websites',
        '/documents',
        '/review',
        '/sms',
        '/withdraw',
        '/documents/1',
      ]) {
        const page = await other.get(`/applications/${id}${path}`);
        assert.equal(page.status, 404, `${path}: ${page.status}`);
        assert.match(page.html, /^<!doctype html><html lang="zh-CN">/);
        assert.ok(page.text.includes('找不到'), path);
      }
      await other.get('/applications');
      for (const path of ['/subject', '/websites', '/submit', '/withdraw']) {
        const page = await other.post(`/applications/${id}${path}`, subjectFields(subject));
        assert.equal(page.status, 404, `POST ${path}: ${page.status}`);
      }
      const mine = await other.get('/applications');
      assert.ok(!mine.text.includes('web-private.cn'), 'not in the other applicant’s list');
      // Ids that are no ids are pages that do not exist.
      assert.equal((await applicant.get('/applications/abc')).status, 404);
      assert.equal((await applicant.get('/applications/0/subject')).status, 404);
      // Still the applicant's own, untouched.
      const own = await applicant.get(`/applications/${id}`);
      assertStatus(own, 200);
      assert.ok(own.text.includes('草稿'));
      // Reviewers read applications on their console, not here.
      assert.equal((await (await fx.browser('provider-reviewer')).get(`/applications/${id}`)).status, 403);
    });

    it('switches to English and stays there', async () => {
      const subject = await fx.newcomer({ domains: ['web-english.cn'] });
      const id = await startApplication(applicant, subject, 'web-english.cn');
      const list = await applicant.get('/applications?lang=en');
      assertStatus(list, 200);
      assert.match(list.html, /<html lang="en">/);
      assert.ok(list.text.includes('My applications'));
      assert.ok(list.text.includes('New application'));
      assert.ok(list.text.includes('draft'));
      const step = await applicant.get(`/applications/${id}/subject`);
      assert.match(step.html, /<html lang="en">/);
      assert.ok(step.text.includes('Subject name'));
      assert.ok(step.text.includes('Responsible person of the subject'));
      const fields = subjectFields(subject);
      delete fields['subject.certificateAddress'];
      const wrong = await applicant.post(`/applications/${id}/subject`, fields);
      assertStatus(wrong, 422);
      assert.match(wrong.html, /<title>Error: /);
      assertFieldError(wrong, 'subject.certificateAddress', /certificate address/i);
      const zh = await applicant.get(`/applications/${id}?lang=zh`);
      assert.match(zh.html, /<html lang="zh-CN">/);
    });
  });
}
