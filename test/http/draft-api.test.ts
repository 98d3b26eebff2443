/**
 * The wizard's explicit steps over the API: 继续增加域名 and 保存，并继续添加网站 under the province's
 * limit (seed Q3), an SMS resend, and a change of a filed website (变更网站).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { applicationSchema, draftAdditionSchema, smsResendSchema } from '../../src/http/workflow-schemas.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import { S1, SUBJECT_LEADER_PHONE, website } from '../workflow/workflow-fixture.ts';
import type { WorkflowFixture } from './workflow-api-fixture.ts';
import {
  HOUR,
  createWorkflowFixture,
  draft,
  expectError,
  expectOk,
  fileThrough,
  read,
} from './workflow-api-fixture.ts';

const codeIn = (body: string | undefined) => /验证码：(\d{6})/.exec(body ?? '')?.[1];

for (const dialect of testDialects()) {
  describe(`wizard steps over the API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: WorkflowFixture;
    before(async () => {
      db = await dialect.open();
      fx = await createWorkflowFixture(db);
    });
    after(() => db?.destroy());

    it('refuses a second domain on a website, naming the province and limit, and adds it as a website', async () => {
      const li = await fx.as('li.lei');
      const { id } = await draft(li, S1, 'demo-ok.cn');
      const refused = await expectError(
        await li('POST', `/applications/${id}/domains`, { website: 0, domain: '示例科技.中国' }),
        400,
        'VALIDATION_FAILED',
      );
      assert.match(JSON.stringify(refused), /浙江/);
      assert.match(JSON.stringify(refused), /1/);
      const added = await expectOk(
        await li('POST', `/applications/${id}/websites`, { domain: '示例科技.中国' }),
        200,
        draftAdditionSchema,
      );
      assert.equal(added.application.websites.length, 2);
      assert.equal(added.check.result.domain?.registrableAscii, 'xn--fsqz57bwsqkra.xn--fiqs8s');
      await read.application(await li('POST', `/applications/${id}/withdraw`));
    });

    it('resends an SMS code: the new code verifies', async () => {
      const han = await fx.as('han.meimei');
      const { id } = await draft(
        han,
        { ...S1, name: '北京示例信息技术有限公司', idNumber: '91110108MA01AB2C3T' },
        'demo-s2-new.cn',
      );
      await read.application(await han('POST', `/applications/${id}/submit`));
      await read.application(
        await (
          await fx.as('provider-reviewer')
        )('POST', `/applications/${id}/provider-review`, { decision: 'approve' }),
      );
      // A minute after the first code: codes to one phone are at least 60 s apart (issue 12).
      fx.clock.now = new Date(fx.clock.now.getTime() + 60_000);
      const resent = await expectOk(
        await han('POST', `/applications/${id}/sms/resend`, { phone: SUBJECT_LEADER_PHONE }),
        200,
        smsResendSchema,
      );
      assert.equal(resent.application.status, 'awaiting-sms');
      const bureau = await fx.as('bureau-reviewer');
      const outbox = await read.outbox(
        await bureau('GET', `/sandbox/sms-outbox?applicationId=${id}&phone=${SUBJECT_LEADER_PHONE}`),
      );
      assert.equal(outbox.messages.length, 2, 'the first code and the resent one');
      const codes = outbox.messages.map((m) => codeIn(m.body));
      const newest = outbox.messages.reduce((a, b) => (a.id > b.id ? a : b));
      const oldCode = codes.find((c) => c !== codeIn(newest.body));
      // Two random 6-digit codes coincide once in a million: then this would fail, never pass wrongly.
      assert.ok(oldCode, 'the first code differs from the resent one');
      {
        const wrong = await read.sms(
          await han('POST', `/applications/${id}/sms/verify`, { phone: SUBJECT_LEADER_PHONE, code: oldCode }),
        );
        assert.equal(wrong.outcome, 'wrong-code');
      }
      const ok = await read.sms(
        await han('POST', `/applications/${id}/sms/verify`, {
          phone: SUBJECT_LEADER_PHONE,
          code: codeIn(newest.body),
        }),
      );
      assert.equal(ok.outcome, 'verified');
    });

    it('changes a filed website through review; adding a domain in a change is refused', async () => {
      const { approved, applicant } = await fileThrough(fx, 'li.lei', S1, 'demo-ok.cn');
      const number = approved.websites[0]?.number ?? '';
      const path = `/filings/${encodeURIComponent(number)}/change`;
      await expectError(
        await applicant('POST', path, {
          website: { ...website('demo-ok.cn'), domains: ['demo-ok.cn', '示例科技.中国'] },
        }),
        400,
        'VALIDATION_FAILED',
      );
      fx.clock.now = new Date(fx.clock.now.getTime() + HOUR);
      const change = await expectOk(
        await applicant('POST', path, { website: { ...website('demo-ok.cn'), name: '示例科技官方网站' } }),
        201,
        applicationSchema,
      );
      assert.equal(change.changeOf, number);
      assert.equal(change.status, 'provider-review');
      assert.ok(z.string().parse(change.changeOf).endsWith('-1'));
    });
  });
}
