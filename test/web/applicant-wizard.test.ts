/**
 * The filing wizard through its pages, without JavaScript: 备案类型验证 → 主体信息 → 网站信息 (with
 * "继续增加域名" refused by the one-domain-per-website policy and "保存，并继续添加网站") → 备案材料 →
 * 确认提交 → provider review; field errors on the inputs they name; a blocked filing type; Jiangsu's
 * domain certificate, uploaded through the documents page before submit passes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pdf } from '../documents/samples.ts';
import { testDialects } from '../support/databases.ts';
import type { ApplicantFixture, ApplicantPages } from './applicant-fixture.ts';
import {
  applicationIdOf,
  assertFieldError,
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

/** Posts the documents page's multipart form, as a browser would. */
async function upload(
  browser: Browser,
  id: number,
  fields: Record<string, string>,
  fileName: string,
  bytes: Buffer,
) {
  await browser.get(`/applications/${id}/documents`);
  const body = new FormData();
  body.set('_csrf', browser.csrf);
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  body.set('file', new File([new Uint8Array(bytes)], fileName, { type: 'application/pdf' }));
  return Page.of(await browser.request(`/applications/${id}/documents`, { method: 'POST', body }));
}

for (const dialect of testDialects()) {
  describe(`applicant wizard pages (${dialect.name})`, { skip: dialect.skip }, () => {
    let pages: ApplicantPages | undefined;
    let fx: ApplicantFixture;
    let applicant: Browser;
    before(async () => {
      pages = await openApplicantPages(dialect);
      ({ fx, applicant } = pages);
    });
    after(() => pages?.close());

    it('shows a Chinese domain as typed after saving, with its A-label as secondary text', async () => {
      const domain = '网页测试.cn';
      const ascii = new URL(`http://${domain}`).hostname; // xn--…, as stored
      assert.match(ascii, /^xn--/);
      const subject = await fx.newcomer({ domains: [domain] });
      const id = await startApplication(applicant, subject, domain);
      await fillDraft(applicant, id, subject, domain);

      // The boxes show the U-label and the home page's Chinese host; the A-label is a hint, not the value.
      const websites = await applicant.get(`/applications/${id}/websites`);
      assertStatus(websites, 200);
      assert.equal(websites.inputValue('websites.0.domains.0'), domain);
      assert.equal(websites.inputValue('websites.0.homeUrl'), `https://www.${domain}/`);
      const hint = /id="f-websites-0-domains-0-hint"[^>]*>([^<]*)</.exec(websites.html)?.[1] ?? '';
      assert.ok(hint.includes(`ASCII 形式（Punycode）：${ascii}`), hint);
      assert.ok(websites.text.includes(`https://www.${ascii}/`), 'the home page URL’s ASCII form is a hint');
      // 填写说明 beside the step, with the rules behind the fields.
      assert.match(
        websites.html,
        /<aside class="step-help" id="step-help" aria-labelledby="step-help-title">/,
      );
      assert.ok(websites.html.includes('href="/rules#TOO_MANY_DOMAINS_PER_WEBSITE"'));

      // Lists and summaries: the U-label, the A-label as a small line and a tooltip.
      const shown = `<bdi class="domain" title="${ascii}">${domain}</bdi><span class="ascii ascii-line" dir="ltr">${ascii}</span>`;
      assert.ok((await applicant.get('/applications')).html.includes(shown), 'the list');
      assertRedirect(await submit(applicant, id), `/applications/${id}`);
      const provider = await fx.browser('provider-reviewer');
      assert.ok((await provider.get('/review')).html.includes(shown), 'the provider’s queue');
      const review = await provider.get(`/review/${id}`);
      assert.ok(review.text.includes(`${domain} (${ascii})`), 'the reviewer’s field table');

      // English pages name the province in English, not as stored Chinese.
      const english = await applicant.get(`/applications/${id}?lang=en`);
      assert.ok(english.text.includes('Zhejiang 浙江 (浙)'), english.text.slice(0, 1500));
      await applicant.get(`/applications/${id}?lang=zh`);
      assert.deepEqual(fx.errors, []);
    });

    it('files a newcomer’s first application up to the provider’s review', async () => {
      const subject = await fx.newcomer({ domains: ['web-first.cn', 'web-second.cn', 'web-third.cn'] });
      const list = await applicant.get('/applications');
      assertStatus(list, 200);
      assert.ok(list.html.includes('href="/applications/new"'));
      assert.match(list.html, /<a href="\/applications" aria-current="page">我的备案申请<\/a>/);

      // 备案类型验证
      assertStatus(await applicant.get('/applications/new'), 200);
      const created = await applicant.post('/applications/new', {
        province: subject.province,
        'subject.type': subject.type,
        'subject.idType': subject.idType,
        'subject.idNumber': subject.idNumber,
        'subject.name': subject.name,
        domain: 'web-first.cn',
      });
      const id = applicationIdOf(assertRedirect(created, /^\/applications\/\d+\/subject$/));

      // 主体信息: pre-filled from the check, the flash names the filing type, the step is marked.
      const subjectStep = await applicant.get(`/applications/${id}/subject`);
      assertStatus(subjectStep, 200);
      assert.ok(
        subjectStep.text.includes('已创建备案申请，备案类型：首次备案'),
        subjectStep.text.slice(0, 800),
      );
      assert.equal(subjectStep.inputValue('subject.idNumber'), subject.idNumber);
      assert.match(
        subjectStep.html,
        /<a href="\/applications\/\d+\/subject" aria-current="step">填写主体信息<\/a>/,
      );
      const savedSubject = await applicant.post(`/applications/${id}/subject`, {
        ...subjectFields(subject),
        _version: subjectStep.inputValue('_version') ?? '',
      });
      assertRedirect(savedSubject, `/applications/${id}/websites`);

      // 网站信息: the domain from the check is there; 继续增加域名 is not offered where the policy in force
      // allows one domain per website (nationwide since 2019-04-22), and a crafted post meets the limit.
      const websites = await applicant.get(`/applications/${id}/websites`);
      assertStatus(websites, 200);
      assert.ok(websites.text.includes('主体信息已保存'));
      assert.equal(websites.inputValue('websites.0.domains.0'), 'web-first.cn');
      assert.match(websites.html, /aria-current="step">填写网站信息</);
      assert.equal(websites.inputValue('_newDomain.0'), null, 'no box for a second domain');
      assert.ok(!websites.text.includes('继续增加域名'), 'no 继续增加域名 button');
      const more = await applicant.post(`/applications/${id}/websites`, {
        ...websiteFields(0, 'web-first.cn'),
        '_newDomain.0': 'web-third.cn',
        _action: 'add-domain:0',
      });
      assertStatus(more, 422);
      // The refusal sits on the website's domain list (a fieldset: described by its error, no aria-invalid).
      assert.match(
        more.tagWithId('f-websites-0-domains') ?? '',
        /aria-describedby="f-websites-0-domains-error"/,
      );
      assert.match(more.html, /id="f-websites-0-domains-error"[^>]*>[^<]*(<[^>]*>[^<]*)*?1/);
      assert.ok(more.html.includes('href="#f-websites-0-domains"'), 'the error summary links to the list');
      assert.equal(more.inputValue('websites.0.name'), '网页测试官方网站', 'what was typed stays');

      // 保存，并继续添加网站: saves website 1, then adds website 2 with its domain.
      const added = await applicant.post(`/applications/${id}/websites`, {
        ...websiteFields(0, 'web-first.cn'),
        _newWebsiteDomain: 'web-second.cn',
        _action: 'add-website',
      });
      assertRedirect(added, `/applications/${id}/websites#website-1`);
      const two = await applicant.get(`/applications/${id}/websites`);
      assert.ok(two.text.includes('已保存，并添加了网站：web-second.cn'), two.text.slice(0, 800));
      assert.equal(two.inputValue('websites.0.name'), '网页测试官方网站');
      assert.equal(two.inputValue('websites.1.domains.0'), 'web-second.cn');
      assert.match(two.tagWithId('f-websites-0-serviceContent-organisation-portal') ?? '', /checked/);
      const saved = await applicant.post(`/applications/${id}/websites`, {
        ...websiteFields(0, 'web-first.cn'),
        ...websiteFields(1, 'web-second.cn', '网页测试资讯网站'),
        _version: two.inputValue('_version') ?? '',
        _action: 'save',
      });
      assertRedirect(saved, `/applications/${id}/apps`);

      // 备案材料: Zhejiang asks for no domain certificate.
      const documents = await applicant.get(`/applications/${id}/documents`);
      assertStatus(documents, 200);
      // The materials are listed before the upload form: Zhejiang, first filing, no certificate required.
      assert.ok(documents.text.includes('所需材料'), documents.text.slice(0, 1500));
      assert.ok(documents.text.includes('浙江（浙） · 首次备案'));
      assert.ok(documents.text.includes('域名证书：现行政策不要求'));
      assert.ok(documents.text.indexOf('所需材料') < documents.text.indexOf('上传材料'));
      assert.match(documents.html, /enctype="multipart\/form-data"/);

      // 确认并提交
      const review = await applicant.get(`/applications/${id}/review`);
      assertStatus(review, 200);
      assert.ok(review.text.includes('核验通过，可以提交'), review.text.slice(0, 2000));
      assert.ok(review.text.includes('网页测试资讯网站'));
      assert.ok(review.text.includes('首次备案'));
      const submitted = await applicant.post(`/applications/${id}/submit`, {
        _version: review.inputValue('_version') ?? '',
      });
      assertRedirect(submitted, `/applications/${id}`);
      const detail = await applicant.get(`/applications/${id}`);
      assertStatus(detail, 200);
      assert.ok(detail.text.includes('已提交，等待接入商初审'));
      assert.ok(detail.text.includes('接入商初审中'));
      // The timeline, from the audit trail, in order.
      const timeline = detail.text.slice(detail.text.indexOf('处理记录'));
      const order = ['创建申请', '增加网站', '草稿 → 接入商初审中'].map((label) => timeline.indexOf(label));
      assert.ok(
        order.every((i) => i > 0),
        `${order.join(',')}: ${timeline}`,
      );
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        order,
      );

      // Under review the wizard is closed: back to the application with a message.
      assertRedirect(await applicant.get(`/applications/${id}/subject`), `/applications/${id}`);
      const notice = await applicant.get(`/applications/${id}`);
      assert.ok(notice.text.includes('该备案申请当前不能修改'));
      assert.deepEqual(fx.errors, []);
    });

    it('shows each field error on its own input, tied by aria-describedby, and keeps what was typed', async () => {
      const subject = await fx.newcomer({ domains: ['web-fields.cn'] });
      const id = await startApplication(applicant, subject, 'web-fields.cn');
      await applicant.get(`/applications/${id}/subject`);
      const fields = subjectFields(subject);
      delete fields['subject.name'];
      const wrong = await applicant.post(`/applications/${id}/subject`, {
        ...fields,
        'subject.responsiblePerson.mobile': '12345',
        'subject.mailingAddress': '杭州邮政信箱 88 号',
      });
      assertStatus(wrong, 422);
      assert.match(wrong.html, /<title>错误：/);
      assertFieldError(wrong, 'subject.name', '主办单位名称');
      assertFieldError(wrong, 'subject.responsiblePerson.mobile', '手机号码');
      assertFieldError(wrong, 'subject.mailingAddress', '邮政信箱');
      assert.equal(wrong.inputValue('subject.responsiblePerson.mobile'), '12345');
      // A field without a problem is not marked.
      assert.doesNotMatch(wrong.tagWithId('f-subject-idNumber') ?? '', /aria-invalid/);

      // Website errors too, on the website's inputs (service content on its group of checkboxes).
      await applicant.post(`/applications/${id}/subject`, subjectFields(subject));
      await applicant.get(`/applications/${id}/websites`);
      const website = websiteFields(0, 'web-fields.cn', 'abc');
      delete website['websites.0.serviceContent.organisation-portal'];
      const bad = await applicant.post(`/applications/${id}/websites`, {
        ...website,
        'websites.0.homeUrl': 'https://www.elsewhere.cn/',
        _action: 'save',
      });
      assertStatus(bad, 422);
      assertFieldError(bad, 'websites.0.name', '汉字');
      assertFieldError(bad, 'websites.0.homeUrl', '域名');
      assert.match(
        bad.tagWithId('f-websites-0-serviceContent') ?? '',
        /aria-describedby="[^"]*f-websites-0-serviceContent-error/,
      );
    });

    it('names every missing field of an empty form on its own input', async () => {
      await applicant.get('/applications/new');
      const empty = await applicant.post('/applications/new', {});
      assertStatus(empty, 422);
      assertFieldError(empty, 'province', '备案省份');
      assertFieldError(empty, 'subject.type', '主办单位性质');
      assertFieldError(empty, 'subject.idNumber', '证件号码');
      assertFieldError(empty, 'domain', '请填写要备案的域名');

      const subject = await fx.newcomer({ domains: ['web-empty.cn'] });
      const id = await startApplication(applicant, subject, 'web-empty.cn');
      await applicant.get(`/applications/${id}/subject`);
      const blankPerson = await applicant.post(`/applications/${id}/subject`, {
        'subject.name': subject.name,
      });
      assertStatus(blankPerson, 422);
      assertFieldError(blankPerson, 'subject.responsiblePerson.name', '负责人姓名');
      assertFieldError(blankPerson, 'subject.responsiblePerson.mobile', '手机号码');
      assert.equal(blankPerson.inputValue('subject.name'), subject.name);
    });

    it('saves the websites before the subject, and adds and removes a website', async () => {
      const subject = await fx.newcomer({ domains: ['web-early.cn', 'web-early-two.cn'] });
      const id = await startApplication(applicant, subject, 'web-early.cn');
      const websites = await applicant.get(`/applications/${id}/websites`);
      assert.ok(websites.text.includes('主体信息尚未填写完整'));
      const saved = await applicant.post(`/applications/${id}/websites`, {
        ...websiteFields(0, 'web-early.cn'),
        _action: 'save',
      });
      assertRedirect(saved, `/applications/${id}/apps`);
      assert.ok(
        (await applicant.get(`/applications/${id}/documents`)).text.includes(
          '主体信息尚未填写完整，提交前请补全',
        ),
      );
      const again = await applicant.get(`/applications/${id}/websites`);
      assert.equal(again.inputValue('websites.0.name'), '网页测试官方网站', 'stored without the subject');

      const added = await applicant.post(`/applications/${id}/websites`, {
        ...websiteFields(0, 'web-early.cn'),
        _newWebsiteDomain: 'web-early-two.cn',
        _action: 'add-website',
      });
      assertRedirect(added, `/applications/${id}/websites#website-1`);
      const two = await applicant.get(`/applications/${id}/websites`);
      assert.equal(two.inputValue('websites.1.domains.0'), 'web-early-two.cn');
      const removed = await applicant.post(`/applications/${id}/websites`, {
        ...websiteFields(0, 'web-early.cn'),
        'websites.1.domains.0': 'web-early-two.cn',
        _action: 'remove-website:1',
      });
      assertRedirect(removed, `/applications/${id}/websites`);
      const one = await applicant.get(`/applications/${id}/websites`);
      assert.ok(one.text.includes('已删除该网站'));
      assert.equal(one.inputValue('websites.1.domains.0'), null);
      assert.equal(one.inputValue('websites.0.domains.0'), 'web-early.cn');

      // The review lists what is still missing, linked to the step and field that fixes it.
      const review = await applicant.get(`/applications/${id}/review`);
      assertStatus(review, 200);
      assert.ok(
        review.html.includes(`href="/applications/${id}/subject#f-subject-certificateAddress"`),
        review.text.slice(0, 1500),
      );
      assert.ok(review.text.includes('主体信息填写完整后才能核验域名'));
    });

    it('refuses to start an application whose filing type is blocked, showing the findings and their remedies', async () => {
      const subject = await fx.newcomer({ domains: [] });
      await applicant.get('/applications/new');
      const blocked = await applicant.post('/applications/new', {
        province: subject.province,
        'subject.type': subject.type,
        'subject.idType': subject.idType,
        'subject.idNumber': subject.idNumber,
        'subject.name': subject.name,
        domain: 'demo-filed-here.cn',
      });
      assertStatus(blocked, 409);
      assertFieldError(blocked, 'domain', /./);
      assert.match(blocked.html, /class="check-result check-blocked"/);
      assert.ok(blocked.text.includes('处理办法'));
      assert.equal(blocked.inputValue('domain'), 'demo-filed-here.cn');
      const none = await applicant.get('/applications');
      assert.ok(!none.text.includes('demo-filed-here.cn'), 'no application was created');
    });

    it('Jiangsu: submit is refused until the domain certificate is uploaded through the documents page', async () => {
      const subject = await fx.newcomer({ province: '320000', domains: ['web-js.cn'] });
      const nanjing = await fx.browserOf('nanjing.web');
      const id = await startApplication(nanjing, subject, 'web-js.cn');
      await fillDraft(nanjing, id, subject, 'web-js.cn');

      const documents = await nanjing.get(`/applications/${id}/documents`);
      assertStatus(documents, 200);
      assert.ok(documents.text.includes('江苏（苏） · 首次备案'), documents.text.slice(0, 1500));
      assert.ok(documents.text.includes('域名证书：必需'));
      assert.match(documents.text, /web-js\.cn\s*：\s*未上传/);
      // The basis: the province rule, its source's date and confidence.
      assert.ok(documents.text.includes('江苏管局要求为每个备案域名提供域名证书'));
      assert.ok(documents.text.includes('域名证书打印'));

      const refused = await submit(nanjing, id);
      assertStatus(refused, 422);
      assert.ok(refused.text.includes('未能提交'));
      assert.ok(refused.text.includes('域名证书'));
      assert.ok(
        refused.html.includes(`href="/applications/${id}/documents"`),
        'the problem links to the documents step',
      );

      // A file that is no PDF, JPEG or PNG is refused on the file field.
      const liar = await upload(
        nanjing,
        id,
        { kind: 'domain-certificate', domain: 'web-js.cn' },
        'certificate.pdf',
        Buffer.from('hello, not a pdf'),
      );
      assertStatus(liar, 422);
      assertFieldError(liar, 'file', /./);

      // A certificate for the wrong kind of document is refused on the domain field.
      const wrongKind = await upload(
        nanjing,
        id,
        { kind: 'id-scan', domain: 'web-js.cn' },
        'scan.pdf',
        pdf('scan'),
      );
      assertStatus(wrongKind, 422);
      assertFieldError(wrongKind, 'domain', /./);

      // A verification code that names no certificate of this system's registrar: refused on the
      // code's field, naming the document, and the code stays in the box to be corrected.
      const wrongCode = await upload(
        nanjing,
        id,
        { kind: 'domain-certificate', domain: 'web-js.cn', certificateCode: '0000-0000-0000-0000' },
        '盖章扫描件.pdf',
        pdf(),
      );
      assertStatus(wrongCode, 422);
      assertFieldError(
        wrongCode,
        'certificateCode',
        /域名证书“盖章扫描件\.pdf”的验证码与本系统注册商出具的证书不符/,
      );
      assert.equal(wrongCode.inputValue('certificateCode'), '0000-0000-0000-0000');

      const uploaded = await upload(
        nanjing,
        id,
        { kind: 'domain-certificate', domain: 'web-js.cn' },
        '域名证书.pdf',
        pdf(),
      );
      assertRedirect(uploaded, `/applications/${id}/documents`);
      const listed = await nanjing.get(`/applications/${id}/documents`);
      assert.ok(listed.text.includes('已上传：域名证书.pdf'));
      // Not printed by this system's registrar: accepted, and said to be checked by a reviewer.
      assert.ok(listed.text.includes('将由审核人员人工核对'));
      assert.match(listed.text, /web-js\.cn\s*：\s*已上传，待审核人员人工核对/);
      const href = /href="(\/applications\/\d+\/documents\/\d+)" download/.exec(listed.html)?.[1];
      assert.ok(href, 'a download link');
      const download = await nanjing.request(href);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'application/pdf');
      assert.match(download.headers.get('content-disposition') ?? '', /attachment/);
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), pdf());

      // An extra document, removed with its own button.
      assertRedirect(
        await upload(nanjing, id, { kind: 'other' }, '其他材料.pdf', pdf('other')),
        `/applications/${id}/documents`,
      );
      const withOther = await nanjing.get(`/applications/${id}/documents`);
      const remove = [
        ...withOther.html.matchAll(/action="(\/applications\/\d+\/documents\/\d+\/remove)"/g),
      ].map((m) => m[1]);
      assert.equal(remove.length, 2);
      // The table's button asks first: a page naming the file, whose own button confirms.
      const asked = await nanjing.post(remove[1] ?? '', {});
      assert.equal(asked.status, 200);
      assert.ok(asked.text.includes('删除备案材料') && asked.text.includes('其他材料.pdf'));
      assert.ok(asked.html.includes('<input type="hidden" name="confirm" value="1"/>'));
      assert.ok((await nanjing.get(`/applications/${id}/documents`)).text.includes('其他材料.pdf'), 'kept');
      assertRedirect(await nanjing.post(remove[1] ?? '', { confirm: '1' }), `/applications/${id}/documents`);
      const removed = await nanjing.get(`/applications/${id}/documents`);
      assert.ok(removed.text.includes('已删除材料：其他材料.pdf'));

      const submitted = await submit(nanjing, id);
      assertRedirect(submitted, `/applications/${id}`);
      const detail = await nanjing.get(`/applications/${id}`);
      assert.ok(detail.text.includes('接入商初审中'));
      assert.ok(detail.text.includes('域名证书.pdf'), 'the documents are listed on the application');
      assert.ok(!detail.text.includes('其他材料.pdf'));
      // The provider's reviewer sees that this certificate is theirs to check by hand.
      const reviewer = await fx.browser('provider-reviewer');
      const review = await reviewer.get(`/review/${id}`);
      assertStatus(review, 200);
      assert.ok(review.text.includes('请人工核对：不是本系统注册商出具的证书，或未提供验证码'));
      assert.deepEqual(fx.errors, []);
    });
  });
}
