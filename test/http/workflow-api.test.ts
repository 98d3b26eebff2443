/**
 * Every filing type end to end over the JSON API (in process, and one journey over a real socket):
 * applicant → provider reviewer → SMS codes from the sandbox outbox → bureau → ICP number; rejection
 * reasons on GET; two concurrent submits for one domain; cancellations. SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startJobTimer, startServer } from '../../src/cli/serve-command.ts';
import { defaultSmsSecret } from '../../src/http/app.ts';
import { createSandboxGateway } from '../../src/miit/index.ts';
import { workflowJobHandlers } from '../../src/workflow/index.ts';
import type { RunningServer } from '../../src/cli/serve-command.ts';
import {
  accessCancelledSchema,
  applicationListSchema,
  myFilingsSchema,
} from '../../src/http/workflow-schemas.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import { S1, S2, S5, typeCheck, website } from '../workflow/workflow-fixture.ts';
import { CREDENTIAL_KEY, read as readHttp } from './http-fixture.ts';
import type { WorkflowFixture } from './workflow-api-fixture.ts';
import {
  createWorkflowFixture,
  draft,
  expectError,
  expectOk,
  fileThrough,
  HOUR,
  read,
} from './workflow-api-fixture.ts';

const S1_PRECHECK = {
  province: '浙江',
  subjectType: 'enterprise',
  subjectIdType: 'uscc',
  subjectId: S1.idNumber,
  account: 'li.lei',
};
const path = (number: string) => encodeURIComponent(number);

for (const dialect of testDialects()) {
  describe(`filing workflow over the API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: WorkflowFixture;
    before(async () => {
      db = await dialect.open();
      fx = await createWorkflowFixture(db);
    });
    after(() => db?.destroy());

    it('refuses an e-mail address with markup as a field error, and stores nothing of it (issue 12)', async () => {
      const li = await fx.as('li.lei');
      const created = await read.created(await li('POST', '/applications', typeCheck(S1, 'demo-ok.cn')));
      const markup = `a"'<script>alert(1)</script>@x.cn`;
      const refused = await expectError(
        await li('PUT', `/applications/${created.application.id}`, {
          subject: { ...S1, responsiblePerson: { ...S1.responsiblePerson, email: markup } },
          websites: [website('demo-ok.cn')],
        }),
        400,
        'VALIDATION_FAILED',
      );
      const field = refused.fields.find((f) => f.path === 'subject.responsiblePerson.email');
      assert.equal(field?.code, 'EMAIL_INVALID');
      assert.match(field?.message.zh ?? '', /电子邮箱/);
      const stored = await read.detail(await li('GET', `/applications/${created.application.id}`));
      assert.doesNotMatch(JSON.stringify(stored), /<script>/);
      await li('POST', `/applications/${created.application.id}/withdraw`);
      assert.deepEqual(fx.errors, []);
    });

    it('first filing: to an ICP number; then precheck says the domain is filed here', async () => {
      const { id, created, approved, applicant } = await fileThrough(fx, 'li.lei', S1, 'demo-ok.cn');
      assert.equal(created.application.filingType, 'first-filing');
      assert.match(approved.subjectNumber ?? '', /^浙ICP备2026\d{6}号$/);
      assert.deepEqual(
        approved.websites.map((w) => [w.number, w.kind]),
        [[`${approved.subjectNumber}-1`, 'issued']],
      );
      const detail = await read.detail(await applicant('GET', `/applications/${id}`));
      assert.deepEqual(
        detail.timeline.map((e) => `${e.from ?? '∅'}→${e.to ?? '∅'}:${e.actor}`),
        [
          '∅→draft:li.lei',
          'draft→provider-review:li.lei',
          'provider-review→awaiting-sms:provider-reviewer.user',
          'awaiting-sms→bureau-review:li.lei',
          'bureau-review→approved:bureau-reviewer.user',
        ],
      );
      const report = await readHttp.report(
        await applicant('POST', '/precheck', { ...S1_PRECHECK, inputs: ['demo-ok.cn'] }),
      );
      const codes = report.results[0]?.findings.map((f) => f.code) ?? [];
      assert.ok(codes.includes('DOMAIN_ALREADY_FILED_HERE'), codes.join());
      await expectError(
        await applicant('POST', '/applications', {
          province: '浙江',
          subject: { type: 'enterprise', idType: 'uscc', idNumber: S1.idNumber },
          domain: 'demo-ok.cn',
        }),
        409,
        'FILING_TYPE_BLOCKED',
      );
      // Someone else's application is not found, not forbidden: ids reveal nothing.
      await expectError(await (await fx.as('han.meimei'))('GET', `/applications/${id}`), 404, 'NOT_FOUND');
      const mine = await expectOk(await applicant('GET', '/filings/mine'), 200, myFilingsSchema);
      assert.deepEqual(
        mine.subjects.flatMap((s) => s.websites.map((w) => [w.number, w.domains])),
        [[`${approved.subjectNumber}-1`, ['demo-ok.cn']]],
      );
    });

    it('add-website: the filed subject gets the next website number (-2)', async () => {
      const { created, approved } = await fileThrough(fx, 'li.lei', S1, '示例科技.中国');
      assert.equal(created.application.filingType, 'add-website');
      assert.deepEqual(
        approved.websites.map((w) => [w.number, w.kind]),
        [[`${approved.subjectNumber}-2`, 'issued']],
      );
    });

    it('add-access keeps the number; add-website-external adds one; both can be cancelled', async () => {
      const access = await fileThrough(fx, 'chen.jing', S5, 'demo-filed-elsewhere.cn');
      assert.equal(access.created.application.filingType, 'add-access');
      assert.deepEqual(
        access.approved.websites.map((w) => [w.number, w.kind]),
        [['蜀ICP备2020012345号-1', 'access']],
      );
      const external = await fileThrough(fx, 'chen.jing', S5, 'demo-s5-new.cn');
      assert.equal(external.created.application.filingType, 'add-website-external');
      const [site] = external.approved.websites;
      assert.equal(site?.kind, 'issued');
      assert.match(site?.number ?? '', /^蜀ICP备2020012345号-\d+$/);
      assert.equal(external.approved.subjectNumber, '蜀ICP备2020012345号');

      const chen = external.applicant;
      const cancelled = await expectOk(
        await chen('POST', `/filings/${path('蜀ICP备2020012345号-1')}/cancel-access`),
        200,
        accessCancelledSchema,
      );
      assert.deepEqual(cancelled.providers, ['other']);
      await expectError(
        await chen('POST', `/filings/${path('蜀ICP备2020012345号-1')}/cancel-access`),
        409,
        'INVALID_TRANSITION',
      );
      const gone = await chen('POST', `/filings/${path(site?.number ?? '')}/cancel`);
      assert.equal(gone.status, 200);
      // Another account cannot cancel what is not theirs.
      await expectError(
        await (
          await fx.as('li.lei')
        )('POST', `/filings/${path('蜀ICP备2020012345号')}/cancel`),
        404,
        'NOT_FOUND',
      );
      await expectError(await chen('POST', `/filings/${path('not a number')}/cancel`), 404, 'NOT_FOUND');
    });

    it('two concurrent submits for one domain: exactly one 2xx', async () => {
      const han = await fx.as('han.meimei');
      const a = await draft(han, S2, 'demo-s2-new.cn');
      const b = await draft(han, S2, 'demo-s2-new.cn');
      try {
        const responses = await Promise.all(
          [a.id, b.id].map((id) => han('POST', `/applications/${id}/submit`)),
        );
        assert.deepEqual(responses.map((r) => r.status < 300).filter(Boolean).length, 1);
        // The loser reads the same whether it lost at the unique index or after the winner committed.
        const refused = responses.find((r) => r.status >= 300);
        assert.ok(refused);
        await expectError(refused, 409, 'DOMAIN_IN_ACTIVE_APPLICATION');
      } finally {
        for (const id of [a.id, b.id]) await han('POST', `/applications/${id}/withdraw`);
      }
    });

    it('a submit after another application for the domain was submitted: the same 409', async () => {
      const han = await fx.as('han.meimei');
      const a = await draft(han, S2, 'demo-s2-new.cn');
      const b = await draft(han, S2, 'demo-s2-new.cn');
      try {
        assert.equal((await han('POST', `/applications/${a.id}/submit`)).status, 200);
        await expectError(
          await han('POST', `/applications/${b.id}/submit`),
          409,
          'DOMAIN_IN_ACTIVE_APPLICATION',
        );
      } finally {
        for (const id of [a.id, b.id]) await han('POST', `/applications/${id}/withdraw`);
      }
    });

    it('a provider rejection shows its field reasons on GET, and editing returns it to draft', async () => {
      const han = await fx.as('han.meimei');
      const { id } = await draft(han, S2, 'demo-s2-new.cn');
      await read.application(await han('POST', `/applications/${id}/submit`));
      const reviewer = await fx.as('provider-reviewer');
      const reasons = [
        { path: 'websites.0.name', message: { zh: '网站名称不符合要求', en: 'Website name not allowed' } },
      ];
      await expectError(
        await reviewer('POST', `/applications/${id}/provider-review`, { decision: 'reject', reasons: [] }),
        400,
        'VALIDATION_FAILED',
      );
      const rejected = await read.application(
        await reviewer('POST', `/applications/${id}/provider-review`, { decision: 'reject', reasons }),
      );
      assert.equal(rejected.status, 'provider-rejected');
      const detail = await read.detail(await han('GET', `/applications/${id}`));
      assert.deepEqual(detail.application.rejection?.reasons, reasons);
      assert.equal(detail.application.rejection?.by, 'provider');
      assert.deepEqual(detail.timeline.at(-1)?.data.reasons, reasons);
      const queue = await expectOk(
        await reviewer('GET', '/review/applications?status=provider-rejected'),
        200,
        applicationListSchema,
      );
      assert.ok(queue.applications.some((app) => app.id === id));
      const { subject, websites } = detail.application;
      const saved = await read.saved(await han('PUT', `/applications/${id}`, { subject, websites }));
      assert.equal(saved.application.status, 'draft');
      await read.application(await han('POST', `/applications/${id}/withdraw`));
      // The applicant cannot review; a reviewer cannot submit.
      await expectError(
        await han('POST', `/applications/${id}/provider-review`, { decision: 'approve' }),
        403,
        'FORBIDDEN',
      );
      await expectError(await reviewer('POST', `/applications/${id}/submit`), 403, 'FORBIDDEN');
    });

    it('the serve job timer returns an order whose SMS was not completed in 24 h to the provider', async () => {
      const han = await fx.as('han.meimei');
      const { id } = await draft(han, S2, 'demo-s2-new.cn');
      await read.application(await han('POST', `/applications/${id}/submit`));
      const reviewer = await fx.as('provider-reviewer');
      await read.application(
        await reviewer('POST', `/applications/${id}/provider-review`, { decision: 'approve' }),
      );
      const gateway = createSandboxGateway({
        database: db,
        policy: fx.policy,
        smsSecret: defaultSmsSecret(CREDENTIAL_KEY),
      });
      const errors: unknown[] = [];
      const jobs = startJobTimer(db, workflowJobHandlers({ gateway }), {
        now: () => new Date(fx.clock.now.getTime() + 25 * HOUR),
        onError: (error) => errors.push(error),
      });
      await jobs.tick();
      await jobs.stop();
      assert.deepEqual(errors, []);
      const detail = await read.detail(await han('GET', `/applications/${id}`));
      assert.equal(detail.application.status, 'provider-review');
      assert.equal(detail.timeline.at(-1)?.actor, 'system');
      await read.application(await han('POST', `/applications/${id}/withdraw`));
    });

    it('refuses hostile ids, bodies and a wrong SMS phone without crashing', async () => {
      const li = await fx.as('li.lei');
      await expectError(await li('GET', '/applications/1e3'), 404, 'NOT_FOUND');
      await expectError(await li('GET', `/applications/${'9'.repeat(40)}`), 404, 'NOT_FOUND');
      await expectError(
        await li('PUT', '/applications/1', { subject: [], websites: 'x' }),
        400,
        'VALIDATION_FAILED',
      );
      await expectError(
        await li('POST', '/applications/1/sms/verify', { phone: 'x'.repeat(33), code: '1' }),
        400,
        'VALIDATION_FAILED',
      );
      const bureau = await fx.as('bureau-reviewer');
      await expectError(
        await bureau('GET', '/sandbox/sms-outbox?phone=not-a-phone'),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(fx.errors, []);
    });
  });

  describe(`a filing journey over a real socket (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let server: RunningServer | undefined;
    let fx: WorkflowFixture;
    before(async () => {
      db = await dialect.open();
      fx = await createWorkflowFixture(db, (base) => {
        const started = startServer(base.app, { port: 0, host: '127.0.0.1' }).then((s) => (server = s));
        return async (url, init) => fetch(`${(await started).url}/api/v1${url}`, init);
      });
    });
    after(async () => {
      await server?.close();
      await db?.destroy();
    });

    it('first filing from draft to ICP number over HTTP', async () => {
      const { approved } = await fileThrough(fx, 'li.lei', S1, 'demo-ok.cn');
      assert.match(approved.websites[0]?.number ?? '', /^浙ICP备2026\d{6}号-1$/);
      assert.ok(server?.url.startsWith('http://127.0.0.1:'));
    });
  });
}
