/**
 * The applicant pages against hostile input and forged requests: a subject named `<script>…` and a
 * website name that tries to leave its attribute render as text on every page that shows them; every
 * kind of POST form is refused without its CSRF token, or when the browser says it came from another
 * site, and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { providerReview } from '../../src/workflow/index.ts';
import { pdf } from '../documents/samples.ts';
import { testDialects } from '../support/databases.ts';
import type { ApplicantFixture, ApplicantPages } from './applicant-fixture.ts';
import {
  IMG_NAME,
  PROVIDER_REVIEWER,
  SCRIPT_NAME,
  assertRedirect,
  assertStatus,
  openApplicantPages,
  fillDraft,
  startApplication,
  subjectFields,
  submit,
  websiteFields,
} from './applicant-fixture.ts';
import type { Browser } from './web-fixture.ts';
import { Page } from './web-fixture.ts';

/** No markup from the hostile strings: they appear escaped, never as tags or attributes. */
function assertInert(page: Page, where: string): void {
  assert.ok(!page.html.includes(SCRIPT_NAME), `${where}: raw <script>`);
  assert.ok(!page.html.includes('<img'), `${where}: an <img> tag`);
  // Attribute values are quoted and escaped: outside them, no handler attribute may appear.
  const outsideValues = page.html.replace(/"[^"]*"/g, '""');
  assert.doesNotMatch(outsideValues, /<[^>]+\son[a-z]+=/i, `${where}: an event handler attribute`);
}

for (const dialect of testDialects()) {
  describe(`applicant pages: escaping and CSRF (${dialect.name})`, { skip: dialect.skip }, () => {
    let pages: ApplicantPages | undefined;
    let db: Database;
    let fx: ApplicantFixture;
    let applicant: Browser;
    before(async () => {
      pages = await openApplicantPages(dialect);
      ({ db, fx, applicant } = pages);
    });
    after(() => pages?.close());

    it('shows hostile subject, website and file names as text on every page', async () => {
      const subject = await fx.newcomer({ name: SCRIPT_NAME, domains: ['web-evil.cn'] });
      const id = await startApplication(applicant, subject, 'web-evil.cn');
      const step = await applicant.get(`/applications/${id}/subject`);
      assertInert(step, 'subject step');
      assert.equal(step.inputValue('subject.name'), SCRIPT_NAME, 'kept as typed, escaped in the attribute');
      assert.ok(step.html.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;"'));
      assertRedirect(
        await applicant.post(`/applications/${id}/subject`, subjectFields(subject)),
        `/applications/${id}/websites`,
      );

      // A website name that tries to close its attribute: refused, and echoed inert into the input.
      await applicant.get(`/applications/${id}/websites`);
      const refused = await applicant.post(`/applications/${id}/websites`, {
        ...websiteFields(0, 'web-evil.cn', IMG_NAME),
        _action: 'save',
      });
      assertStatus(refused, 422);
      assertInert(refused, 'websites step');
      assert.equal(refused.inputValue('websites.0.name'), IMG_NAME);
      assert.ok(refused.html.includes('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"'));

      await fillDraft(applicant, id, subject, 'web-evil.cn');
      const body = new FormData();
      await applicant.get(`/applications/${id}/documents`);
      body.set('_csrf', applicant.csrf);
      body.set('kind', 'other');
      body.set(
        'file',
        new File([new Uint8Array(pdf('evil'))], `${IMG_NAME}.pdf`, { type: 'application/pdf' }),
      );
      assertRedirect(
        await Page.of(await applicant.request(`/applications/${id}/documents`, { method: 'POST', body })),
        `/applications/${id}/documents`,
      );

      for (const path of [
        '/applications',
        `/applications/${id}`,
        `/applications/${id}/documents`,
        `/applications/${id}/review`,
      ]) {
        const page = await applicant.get(path);
        assertStatus(page, 200);
        assertInert(page, path);
        assert.ok(
          page.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;') || path.endsWith('/documents'),
          `${path}: the name is shown`,
        );
      }
      // Names people typed are isolated for bidirectional text.
      const list = await applicant.get('/applications');
      assert.ok(list.html.includes('<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>'));

      // The reviewer's reason is text people typed too.
      assertRedirect(await submit(applicant, id), `/applications/${id}`);
      await providerReview({
        ...fx.deps(),
        actor: PROVIDER_REVIEWER,
        applicationId: id,
        decision: {
          decision: 'reject',
          reasons: [{ path: 'subject.name', message: { zh: IMG_NAME, en: IMG_NAME } }],
        },
      });
      const rejected = await applicant.get(`/applications/${id}`);
      assertInert(rejected, 'rejected detail');
      assert.ok(rejected.html.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
      assert.deepEqual(fx.errors, []);
    });

    it('refuses every kind of POST form without its CSRF token, or sent from another site, changing nothing', async () => {
      const subject = await fx.newcomer({ domains: ['web-csrf.cn'] });
      const id = await startApplication(applicant, subject, 'web-csrf.cn');
      await fillDraft(applicant, id, subject, 'web-csrf.cn');
      const before = await db.kysely
        .selectFrom('application')
        .select(['version', 'status'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const han = await fx.browserOf('han.meimei');
      const filings = await han.get('/filings');
      const number = encodeURIComponent(/京ICP备\d+号-\d+/.exec(filings.text)?.[0] ?? 'none');

      const forms: [Browser, string, Record<string, string>][] = [
        [applicant, '/applications/new', { province: subject.province, domain: 'web-csrf.cn' }],
        [applicant, `/applications/${id}/subject`, subjectFields(subject)],
        [applicant, `/applications/${id}/websites`, { ...websiteFields(0, 'web-csrf.cn'), _action: 'save' }],
        [applicant, `/applications/${id}/documents/1/remove`, {}],
        [applicant, `/applications/${id}/submit`, {}],
        [applicant, `/applications/${id}/withdraw`, {}],
        [applicant, `/applications/${id}/sms`, { 'code.1': '123456' }],
        [applicant, `/applications/${id}/sms/resend`, { verification: '1' }],
        [han, `/filings/${number}/change`, websiteFields(0, 'demo-filed-here.cn')],
        [han, `/filings/${number}/cancel-access`, {}],
        [han, `/filings/${number}/cancel-website`, {}],
        [han, `/filings/${number}/cancel-subject`, {}],
      ];
      for (const [browser, path, fields] of forms) {
        const missing = await browser.post(path, fields, { csrf: false });
        assert.equal(missing.status, 403, `${path} without a token: ${missing.status}`);
        assert.ok(missing.text.includes('表单已失效'), path);
        const forged = await browser.post(path, fields, { csrf: 'not-the-token' });
        assert.equal(forged.status, 403, `${path} with a wrong token: ${forged.status}`);
        const crossSite = await browser.post(path, fields, { headers: { 'sec-fetch-site': 'cross-site' } });
        assert.equal(crossSite.status, 403, `${path} from another site: ${crossSite.status}`);
      }
      // The multipart upload form too.
      const upload = new FormData();
      upload.set('kind', 'other');
      upload.set('file', new File([new Uint8Array(pdf('csrf'))], 'x.pdf', { type: 'application/pdf' }));
      const noToken = await applicant.request(`/applications/${id}/documents`, {
        method: 'POST',
        body: upload,
      });
      assert.equal(noToken.status, 403);

      const after = await db.kysely
        .selectFrom('application')
        .select(['version', 'status'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(after, before, 'the application is unchanged');
      const documents = await db.kysely
        .selectFrom('application_document')
        .select('id')
        .where('application_id', '=', id)
        .execute();
      assert.deepEqual(documents, []);
      assert.ok((await han.get('/filings')).text.includes('demo-filed-here.cn'), 'the filing is untouched');
      // With the token, the same form goes through.
      await applicant.get(`/applications/${id}/withdraw`);
      assertRedirect(await applicant.post(`/applications/${id}/withdraw`, {}), `/applications/${id}`);
    });
  });
}
