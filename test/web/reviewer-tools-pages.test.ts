/**
 * 审核工具 on the consoles and the applicant's page (issue 15), no JavaScript: the 初审 queue's service
 * level and overdue mark, coded reasons in the reject form, rejecting one document and the applicant
 * replacing it, and the call log. SQLite (the workflow tests run both dialects).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { loadApplication } from '../../src/workflow/index.ts';
import { PNG } from '../documents/samples.ts';
import { S2, SUBJECT_LEADER_PHONE } from '../workflow/workflow-fixture.ts';
import { draft, read } from '../http/workflow-api-fixture.ts';
import type { WebFixture } from './review-web-fixture.ts';
import { createWebFixture, follow, html, redirectsTo, textOf } from './review-web-fixture.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

describe('reviewer tools (web)', () => {
  let db: Database;
  let fx: WebFixture;
  let id: number;
  let documentId: number;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db);
    const han = await fx.as('han.meimei');
    ({ id } = await draft(han, S2, 'demo-s2-new.cn'));
    const browser = await fx.browser('han.meimei');
    const body = new FormData();
    body.set('kind', 'licence-scan');
    body.set('file', new File([PDF], 'licence.pdf', { type: 'application/pdf' }));
    const uploaded = await fx.web.request(`/api/v1/applications/${id}/documents`, {
      method: 'POST',
      headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf },
      body,
    });
    const uploadedText = await uploaded.text();
    assert.equal(uploaded.status, 201, uploadedText);
    documentId = (JSON.parse(uploadedText) as { id: number }).id;
    assert.equal(
      (await read.application(await han('POST', `/applications/${id}/submit`))).status,
      'provider-review',
    );
  });
  after(async () => {
    fx.cleanup();
    await db.destroy();
  });

  it('the queue shows when each application is due and marks the overdue, sortable first', async () => {
    const provider = await fx.browser('provider-reviewer');
    const page = await html(await provider.get('/review'));
    // Submitted Saturday 2026-11-28: due by the end of Monday (the default service level, 1 working day).
    assert.match(page, /服务时限：进入队列后 1 个工作日内处理/);
    assert.match(page, /<td class="nowrap" data-label="时限">2026-12-01 00:00/);
    assert.doesNotMatch(page, /已逾期/);
    assert.match(page, /href="\/review\?sort=overdue"/);
    fx.clock.now = new Date('2026-12-01T01:00:00.000Z');
    const tomorrow = await fx.browser('provider-reviewer');
    const later = await html(await tomorrow.get('/review?sort=overdue', { 'accept-language': 'en' }));
    assert.match(later, /<tr class="overdue">/);
    assert.match(later, /class="tag tag-warning">(Overdue|已逾期)</);
  });

  it('a reviewer rejects one document; the applicant sees why and replaces it without withdrawing', async () => {
    const provider = await fx.browser('provider-reviewer');
    const detail = await html(await provider.get(`/review/${id}`));
    assert.match(detail, /action="\/review\/\d+\/document-rejection"/);
    assert.match(detail, /CERTIFICATE_UNREADABLE/);
    // Neither a code nor words: the form says what is missing.
    const empty = await html(
      await provider.post(`/review/${id}/document-rejection`, { documentId: String(documentId) }),
      422,
    );
    assert.match(textOf(empty), /请从原因库选择原因或填写说明/);
    // A reason that does not fit documents is refused on its field.
    const misfit = await html(
      await provider.post(`/review/${id}/document-rejection`, {
        documentId: String(documentId),
        code: 'WEBSITE_NAME_NOT_ACCEPTABLE',
      }),
      422,
    );
    assert.match(textOf(misfit), /不适用于该字段/);
    const done = await provider.post(`/review/${id}/document-rejection`, {
      documentId: String(documentId),
      code: 'CERTIFICATE_UNREADABLE',
      message: '印章看不清',
      supplement: '1',
    });
    redirectsTo(done, `/review/${id}`);
    assert.equal((await loadApplication(db.kysely, id)).status, 'supplement-requested');

    const han = await fx.browser('han.meimei');
    const mine = await html(await han.get(`/applications/${id}`));
    assert.match(mine, /需要替换的材料/);
    assert.match(textOf(mine), /扫描件模糊.*印章看不清/);
    assert.match(textOf(mine), /修改建议：上传证件原件的彩色扫描件/);
    assert.match(mine, /待补充材料/);
    const body = new FormData();
    body.set('_csrf', han.csrf);
    body.set(`file-${documentId}`, new File([PNG], 'licence-colour.png', { type: 'image/png' }));
    const replaced = await fx.web.request(`/applications/${id}/documents/${documentId}/replace`, {
      method: 'POST',
      headers: { cookie: han.cookie },
      body,
    });
    redirectsTo(replaced, `/applications/${id}`);
    const after = await html(await follow(han, replaced));
    assert.match(textOf(after), /已替换材料：licence-colour\.png/);
    assert.doesNotMatch(after, /需要替换的材料/);
    assert.equal((await loadApplication(db.kysely, id)).status, 'provider-review');
  });

  it('the call log: recorded on the console, with errors on the form, never shown to the applicant', async () => {
    const provider = await fx.browser('provider-reviewer');
    const detail = await html(await provider.get(`/review/${id}`));
    assert.match(detail, /电话核验记录/);
    assert.match(detail, /尚无通话记录/);
    assert.match(detail, new RegExp(`value="subject\\.responsiblePerson ${SUBJECT_LEADER_PHONE}"`));
    const bad = await html(
      await provider.post(`/review/${id}/calls`, {
        target: `subject.responsiblePerson ${SUBJECT_LEADER_PHONE}`,
        outcome: 'no-answer',
        calledAt: 'yesterday',
      }),
      422,
    );
    assert.match(textOf(bad), /时间格式应为/);
    const wrong = await html(
      await provider.post(`/review/${id}/calls`, {
        target: 'subject.responsiblePerson 13700137000',
        outcome: 'reached',
      }),
      422,
    );
    assert.match(textOf(wrong), /不是该联系人填写的手机号码或应急电话/);
    const saved = await provider.post(`/review/${id}/calls`, {
      target: `subject.responsiblePerson ${SUBJECT_LEADER_PHONE}`,
      outcome: 'no-answer',
      note: '占线，下午再打',
      calledAt: '2026-12-01T08:30',
      nextTryAt: '2026-12-01T14:00',
    });
    redirectsTo(saved, `/review/${id}#calls-title`);
    const page = await html(await provider.get(`/review/${id}`));
    assert.match(page, /<td data-label="结果">无人接听<\/td>/);
    assert.match(page, /<td class="nowrap" data-label="通话时间">2026-12-01 08:30<\/td>/);
    assert.match(textOf(page), /占线，下午再打/);
    const han = await fx.browser('han.meimei');
    const mine = await html(await han.get(`/applications/${id}`));
    assert.doesNotMatch(mine, /占线|电话核验|verification call/);
  });

  it('the reject form offers the library; a coded reason reaches the applicant with its remedy', async () => {
    const provider = await fx.browser('provider-reviewer');
    const misfit = await html(
      await provider.post(`/review/${id}/reject`, {
        'reasons.0.path': 'subject.name',
        'reasons.0.code': 'DOMAIN_NOT_REAL_NAME',
      }),
      422,
    );
    assert.match(textOf(misfit), /驳回原因 DOMAIN_NOT_REAL_NAME 不适用于该字段/);
    const response = await provider.post(`/review/${id}/reject`, {
      'reasons.0.path': 'subject.name',
      'reasons.0.code': 'SUBJECT_NAME_MISMATCH',
    });
    redirectsTo(response, `/review/${id}`);
    const han = await fx.browser('han.meimei');
    const mine = textOf(await html(await han.get(`/applications/${id}`)));
    assert.match(mine, /主办单位名称与证件上的名称不一致/);
    assert.match(mine, /修改建议：按证件上的全称逐字填写主办单位名称/);
  });
});
