/**
 * Issue 12, item 1 over the API: a resend past the limits answers 429 SMS_RESEND_LIMITED with
 * Retry-After and the time in zh/en; wrong codes across resends and phones fail the round; a provider
 * reviewer (and only one) restarts it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { smsResendSchema } from '../../src/http/workflow-schemas.ts';
import { testDialects } from '../support/databases.ts';
import { S1, SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE } from '../workflow/workflow-fixture.ts';
import type { WorkflowFixture } from './workflow-api-fixture.ts';
import { createWorkflowFixture, draft, expectError, expectOk, HOUR, read } from './workflow-api-fixture.ts';

for (const dialect of testDialects()) {
  describe(`SMS limits over the API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: WorkflowFixture;
    before(async () => {
      db = await dialect.open();
      fx = await createWorkflowFixture(db);
    });
    after(() => db?.destroy());

    const later = (ms: number) => {
      fx.clock.now = new Date(fx.clock.now.getTime() + ms);
    };

    it('refuses resends past the limits, lets a reviewer restart, and fails the round on wrong codes', async () => {
      const applicant = await fx.as('li.lei');
      const { id } = await draft(applicant, S1, 'demo-ok.cn');
      await read.application(await applicant('POST', `/applications/${id}/submit`));
      const reviewer = await fx.as('provider-reviewer');
      later(HOUR);
      await read.application(
        await reviewer('POST', `/applications/${id}/provider-review`, { decision: 'approve' }),
      );

      // Ten seconds after the first code: too soon.
      later(10_000);
      const resend = (phone: string) => applicant('POST', `/applications/${id}/sms/resend`, { phone });
      const soon = await resend(SUBJECT_LEADER_PHONE);
      const refused = await expectError(soon, 429, 'SMS_RESEND_LIMITED');
      assert.equal(soon.headers.get('retry-after'), '50');
      assert.match(refused.message.zh, /60 秒.*北京时间/);
      assert.match(refused.message.en, /60 seconds.*Beijing time/);
      assert.deepEqual(
        refused.fields.map((f) => [f.path, f.code]),
        [['phone', 'SMS_RESEND_LIMITED']],
      );
      // Five resends a round, then none: the answer says to ask the reviewer.
      for (let i = 0; i < 5; i++) {
        later(60_000);
        const sent = await expectOk(
          await resend(i % 2 ? WEBSITE_LEADER_PHONE : SUBJECT_LEADER_PHONE),
          200,
          smsResendSchema,
        );
        assert.equal(sent.status.resendsLeft, 4 - i);
      }
      later(60_000);
      const spent = await expectError(await resend(WEBSITE_LEADER_PHONE), 429, 'SMS_RESEND_LIMITED');
      assert.match(spent.message.zh, /审核员重新发起短信核验/);

      // The applicant may not restart; the reviewer may.
      await expectError(await applicant('POST', `/applications/${id}/sms/restart`), 403, 'FORBIDDEN');
      const restarted = await expectOk(
        await reviewer('POST', `/applications/${id}/sms/restart`),
        200,
        smsResendSchema,
      );
      assert.deepEqual(
        [restarted.application.status, restarted.status.resendsLeft, restarted.status.triesLeft],
        ['awaiting-sms', 5, 10],
      );

      // Wrong codes over both phones (four, then five: a phone’s limit) fail the round and return the
      // application to the provider; the new round’s counts started from zero.
      let last = null;
      let tries = 0;
      for (let i = 0; i < 10; i++) {
        tries += 1;
        const phone = i < 4 ? SUBJECT_LEADER_PHONE : WEBSITE_LEADER_PHONE;
        last = await read.sms(
          await applicant('POST', `/applications/${id}/sms/verify`, { phone, code: '000000x' }),
        );
        if (last.outcome === 'failed') break;
      }
      assert.equal(last?.outcome, 'failed');
      assert.equal(tries, 9, 'the fifth wrong code for the second phone');
      assert.equal(last?.application.status, 'provider-review');
      assert.deepEqual(fx.errors, []);
    });
  });
}
