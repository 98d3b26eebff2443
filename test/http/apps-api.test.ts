/**
 * APP备案 over the JSON API: the app step with a signing certificate as base64 (its features filled
 * in), a hostile upload refused at its field, the apps' numbers on the bureau's approval, the public
 * query of apps, 取消接入 and 注销APP for the owner only. SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { makeSigner } from '../documents/apk-samples.ts';
import { testDialects } from '../support/databases.ts';
import { S1, SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE } from '../workflow/workflow-fixture.ts';
import type { WorkflowFixture } from './workflow-api-fixture.ts';
import { createWorkflowFixture, draft, expectError, HOUR, read } from './workflow-api-fixture.ts';

const signer = makeSigner('Demo iOS Distribution');
const app = {
  name: '示例记账',
  type: 'app',
  platforms: { ios: { bundleId: 'cn.demo.ledger', publicKey: '', sha1: '' } },
  serviceContent: ['software'],
  responsiblePerson: { ...S1.responsiblePerson, mobile: WEBSITE_LEADER_PHONE },
  domains: ['api.demo-ok.cn'],
};
const certificate = { app: 0, platform: 'ios', kind: 'certificate', base64: signer.pem.toString('base64') };

for (const dialect of testDialects()) {
  describe(`APP filing over the API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: WorkflowFixture;
    before(async () => {
      db = await dialect.open();
      fx = await createWorkflowFixture(db);
    });
    after(() => db?.destroy());

    it('saves the app step from a certificate, files it, finds and cancels the app', async () => {
      const li = await fx.as('li.lei');
      const { id } = await draft(li, S1, 'demo-ok.cn');

      const hostile = await expectError(
        await li('PUT', `/applications/${id}/apps`, {
          apps: [app],
          uploads: [
            { ...certificate, base64: Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n').toString('base64') },
          ],
        }),
        400,
        'VALIDATION_FAILED',
      );
      assert.ok(hostile.fields?.some((f) => f.path === 'apps.0.platforms.ios.certificate'));

      const saved = await li('PUT', `/applications/${id}/apps`, { apps: [app], uploads: [certificate] });
      assert.equal(saved.status, 200);
      const body = (await saved.json()) as {
        apps: { platforms: { ios: { sha1: string } } }[];
        errors: unknown[];
      };
      assert.deepEqual(body.errors, []);
      assert.equal(body.apps[0]?.platforms.ios.sha1, signer.expected.sha1);
      const step = (await (await li('GET', `/applications/${id}/apps`)).json()) as {
        checks: { ok: boolean }[];
      };
      assert.deepEqual(
        step.checks.map((c) => c.ok),
        [true],
      );

      await read.application(await li('POST', `/applications/${id}/submit`));
      fx.clock.now = new Date(fx.clock.now.getTime() + HOUR);
      const reviewer = await fx.as('provider-reviewer');
      await read.application(
        await reviewer('POST', `/applications/${id}/provider-review`, { decision: 'approve' }),
      );
      const bureau = await fx.as('bureau-reviewer');
      for (const phone of [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE]) {
        const outbox = await read.outbox(
          await bureau('GET', `/sandbox/sms-outbox?applicationId=${id}&phone=${phone}`),
        );
        const code = /验证码：(\d{6})/.exec(outbox.messages[0]?.body ?? '')?.[1];
        await read.sms(await li('POST', `/applications/${id}/sms/verify`, { phone, code }));
      }
      fx.clock.now = new Date(fx.clock.now.getTime() + HOUR);
      const approved = await read.bureau(
        await bureau('POST', `/applications/${id}/bureau-review`, { decision: 'approve' }),
      );
      const number = `${approved.subjectNumber ?? ''}-2A`;
      assert.deepEqual(approved.apps, [{ name: '示例记账', number }]);

      const found = (await (
        await fx.anonymous('GET', `/apps?name=${encodeURIComponent('示例记账')}`)
      ).json()) as {
        results: { appNumber: string; subjectName: string }[];
      };
      assert.deepEqual(
        found.results.map((r) => [r.appNumber, r.subjectName]),
        [[number, S1.name]],
      );
      await expectError(await fx.anonymous('GET', '/apps?name=a&number=b'), 400, 'VALIDATION_FAILED');

      // 变更APP: the owner's change is an application in review; a stranger's number is not found.
      const stranger = await fx.as('han.meimei');
      const renamed = { ...app, name: '示例记账专业版', platforms: { ios: body.apps[0]?.platforms.ios } };
      await expectError(
        await stranger('POST', `/apps/${encodeURIComponent(number)}/change`, { app: renamed }),
        404,
        'NOT_FOUND',
      );
      const changed = await li('POST', `/apps/${encodeURIComponent(number)}/change`, { app: renamed });
      assert.equal(changed.status, 201);
      const change = (await changed.json()) as {
        id: number;
        status: string;
        changeOf: string;
        changeKind: string;
      };
      assert.deepEqual(
        [change.status, change.changeOf, change.changeKind],
        ['provider-review', number, 'app'],
      );
      // 取消接入 waits for the change in flight; a stranger's app is not found.
      const cancelAccess = `/apps/${encodeURIComponent(number)}/cancel-access`;
      await expectError(await li('POST', cancelAccess), 409, 'SUBJECT_HAS_ACTIVE_APPLICATION');
      await read.application(await li('POST', `/applications/${change.id}/withdraw`));
      await expectError(await stranger('POST', cancelAccess), 404, 'NOT_FOUND');
      const left = await li('POST', cancelAccess);
      assert.equal(left.status, 200);
      assert.deepEqual(await left.json(), { number, providers: [] });
      const mine = (await (await li('GET', '/filings/mine')).json()) as {
        subjects: { apps: { number: string; providers: string[] }[] }[];
      };
      assert.deepEqual(
        mine.subjects.flatMap((s) => s.apps).map((a) => [a.number, a.providers]),
        [[number, []]],
      );
      await expectError(await li('POST', cancelAccess), 409, 'INVALID_TRANSITION');

      await expectError(
        await stranger('POST', `/apps/${encodeURIComponent(number)}/cancel`),
        404,
        'NOT_FOUND',
      );
      const cancelled = await li('POST', `/apps/${encodeURIComponent(number)}/cancel`);
      assert.deepEqual(await cancelled.json(), { number, subjectCancelled: null });
    });

    it('starts an application of apps only when no domain is given', async () => {
      const li = await fx.as('li.lei');
      const created = await li('POST', '/applications', {
        province: S1.province,
        subject: { type: S1.type, idType: S1.idType, idNumber: S1.idNumber, name: S1.name },
      });
      assert.equal(created.status, 201);
      const body = (await created.json()) as {
        application: { websites: unknown[]; filingType: string };
        check: unknown;
      };
      assert.deepEqual(
        [body.check, body.application.websites, body.application.filingType],
        [null, [], 'add-website'],
      );
    });
  });
}
