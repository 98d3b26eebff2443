/**
 * 释放占用 over the API and on the provider console (issue 12, item 10): the application shows what
 * it holds on (`holdEvidence`); a provider reviewer releases a hold with a reason (audited); an
 * applicant may not; the console shows the hold and offers the form.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { createWebApp } from '../../src/web/index.ts';
import { sessionFor, testAppOptions } from '../support/app-fixture.ts';
import { testDialects } from '../support/databases.ts';
import { S2 } from '../workflow/workflow-fixture.ts';
import { START } from './http-fixture.ts';
import type { WorkflowFixture } from './workflow-api-fixture.ts';
import { createWorkflowFixture, draft, expectError, read } from './workflow-api-fixture.ts';

for (const dialect of testDialects()) {
  describe(`releasing a hold (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: WorkflowFixture;
    before(async () => {
      db = await dialect.open();
      fx = await createWorkflowFixture(db);
    });
    after(() => db.destroy());

    it('API: holdEvidence shown; the reviewer releases with a reason, the applicant may not', async () => {
      // han.meimei files for S2, which is filed in her own account: evidence, so the submit holds.
      const han = await fx.as('han.meimei');
      const { id } = await draft(han, S2, 'demo-s2-new.cn');
      const submitted = await read.application(await han('POST', `/applications/${id}/submit`));
      assert.equal(submitted.holdEvidence, 'own-subject');

      await expectError(
        await han('POST', `/applications/${id}/release-hold`, { reason: 'mine' }),
        403,
        'FORBIDDEN',
      );
      const reviewer = await fx.as('provider-reviewer');
      await expectError(
        await reviewer('POST', `/applications/${id}/release-hold`, { reason: '' }),
        400,
        'VALIDATION_FAILED',
      );
      const released = await read.application(
        await reviewer('POST', `/applications/${id}/release-hold`, { reason: '核实：抢注' }),
      );
      assert.equal(released.holdEvidence, null);
      assert.equal(released.status, 'provider-review');
      await expectError(
        await reviewer('POST', `/applications/${id}/release-hold`, { reason: 'again' }),
        409,
        'INVALID_TRANSITION',
      );
      const detail = await read.detail(await han('GET', `/applications/${id}`));
      assert.equal(detail.timeline.at(-1)?.action, 'application.release-hold');
      await han('POST', `/applications/${id}/withdraw`);
    });

    it('web: the provider console shows the hold and releases it with POST-redirect-GET', async () => {
      const han = await fx.as('han.meimei');
      const { id } = await draft(han, S2, 'demo-s2-new.cn');
      await read.application(await han('POST', `/applications/${id}/submit`));
      const web = createWebApp(testAppOptions(db, { now: START }, []));
      const { cookie, csrf } = await sessionFor(db, fx.accounts.get('provider-reviewer') as number, START);
      const page = await web.request(`/review/${id}`, { headers: { cookie } });
      const html = await page.text();
      assert.equal(page.status, 200);
      assert.ok(html.includes('占用中，依据：该主体已在申请人账号下备案'), html);
      assert.match(html, new RegExp(`action="/review/${id}/release-hold"`));

      const post = (reason: string) =>
        web.request(`/review/${id}/release-hold`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrf, reason }).toString(),
        });
      const empty = await post('   ');
      assert.equal(empty.status, 422);
      assert.match(await empty.text(), /<a href="#f-reason">/);
      const done = await post('持有者核实不符');
      assert.equal(done.status, 303);
      assert.equal(done.headers.get('location'), `/review/${id}`);
      const after = await (await web.request(`/review/${id}`, { headers: { cookie } })).text();
      assert.ok(after.includes('未占用'), after);
      assert.doesNotMatch(after, new RegExp(`action="/review/${id}/release-hold"`));
      await han('POST', `/applications/${id}/withdraw`);
    });
  });
}
