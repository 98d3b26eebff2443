/**
 * 审核工具 over the API (issue 15): the queue with its service level, the reason library, rejecting one
 * document and replacing it (multipart) without withdrawing, and the 初审 call log, each under the
 * permission its route declares.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { applicationSchema } from '../../src/http/workflow-schemas.ts';
import { documentSchema } from '../../src/http/document-routes.ts';
import { createTestAccount, sessionFor } from '../support/app-fixture.ts';
type Session = Awaited<ReturnType<typeof sessionFor>>;
import { testDialects } from '../support/databases.ts';
import { pdf, PNG } from '../documents/samples.ts';
import { S1, SUBJECT_LEADER_PHONE, typeCheck, website } from '../workflow/workflow-fixture.ts';
import type { Fixture } from './http-fixture.ts';
import { createFixture } from './http-fixture.ts';
import { expectError, expectOk } from './workflow-api-fixture.ts';

for (const dialect of testDialects()) {
  describe(`reviewer tools over the API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: Fixture;
    let root: string;
    let applicant: Session;
    before(async () => {
      db = await dialect.open();
      root = mkdtempSync(join(tmpdir(), 'beian-reviewer-tools-api-'));
      fx = await createFixture(db, { documentsDir: join(root, 'documents'), reviewServiceLevelWorkdays: 2 });
      applicant = await sessionFor(
        db,
        await createTestAccount(db, { login: 'li.lei', role: 'applicant' }),
        fx.clock.now,
      );
    });
    after(async () => {
      await db?.destroy();
      rmSync(root, { recursive: true, force: true });
    });

    const api = (session: Session, method: string, path: string, body?: unknown) =>
      fx.app.request(`/api/v1${path}`, {
        method,
        headers: {
          cookie: session.cookie,
          'x-csrf-token': session.csrf,
          ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
      });
    const fileForm = (name: string, bytes: Uint8Array, fields: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.append(key, value);
      form.append('file', new File([Buffer.from(bytes)], name));
      return form;
    };

    let id: number;
    let documentId: number;

    it('the 初审 queue shows the configured service level; the bureau’s queue is the bureau’s', async () => {
      const created = (await (
        await api(applicant, 'POST', '/applications', typeCheck(S1, 'demo-ok.cn'))
      ).json()) as {
        application: { id: number };
      };
      id = created.application.id;
      await api(applicant, 'PUT', `/applications/${id}`, { subject: S1, websites: [website('demo-ok.cn')] });
      const uploaded = await expectOk(
        await api(
          applicant,
          'POST',
          `/applications/${id}/documents`,
          fileForm('scan.pdf', pdf('scan'), { kind: 'id-scan' }),
        ),
        201,
        documentSchema,
      );
      documentId = uploaded.id;
      await expectOk(await api(applicant, 'POST', `/applications/${id}/submit`), 200, applicationSchema);

      const reviewer = await fx.sessionOf('provider-reviewer');
      const queue = (await (await api(reviewer, 'GET', '/review/queue?sort=overdue')).json()) as {
        serviceLevelWorkdays: number;
        overdueCount: number;
        entries: { application: { id: number }; dueBy: string; overdue: boolean }[];
      };
      assert.equal(queue.serviceLevelWorkdays, 2);
      assert.equal(queue.overdueCount, 0);
      // Submitted Saturday 2026-11-28: two working days are Monday and Tuesday.
      assert.deepEqual(
        queue.entries.map((e) => [e.application.id, e.dueBy, e.overdue]),
        [[id, '2026-12-01T16:00:00.000Z', false]],
      );
      await expectError(await api(reviewer, 'GET', '/bureau/queue'), 403, 'FORBIDDEN');
      await expectError(await api(applicant, 'GET', '/review/queue'), 403, 'FORBIDDEN');
      await expectError(await api(reviewer, 'GET', '/review/queue?sort=sideways'), 400, 'VALIDATION_FAILED');
    });

    it('the reason library answers reviewers, filtered by field', async () => {
      const reviewer = await fx.sessionOf('provider-reviewer');
      const body = (await (await api(reviewer, 'GET', '/rejection-reasons?path=subject.name')).json()) as {
        fieldKind: string;
        reasons: { code: string; remedy: { zh: string; en: string } }[];
      };
      assert.equal(body.fieldKind, 'subject-name');
      assert.ok(body.reasons.some((r) => r.code === 'SUBJECT_NAME_MISMATCH' && r.remedy.zh.length > 0));
      assert.ok(!body.reasons.some((r) => r.code === 'DOMAIN_NOT_REAL_NAME'));
      await expectError(await api(applicant, 'GET', '/rejection-reasons'), 403, 'FORBIDDEN');
    });

    it('a rejected document is replaced by the applicant while the application stays in review', async () => {
      const reviewer = await fx.sessionOf('provider-reviewer');
      await expectError(
        await api(applicant, 'POST', `/review/applications/${id}/documents/${documentId}/rejection`, {
          message: 'x',
        }),
        403,
        'FORBIDDEN',
      );
      const rejected = (await (
        await api(reviewer, 'POST', `/review/applications/${id}/documents/${documentId}/rejection`, {
          code: 'CERTIFICATE_UNREADABLE',
          supplement: true,
        })
      ).json()) as { application: { status: string }; document: { rejection: { code: string } } };
      assert.equal(rejected.application.status, 'supplement-requested');
      assert.equal(rejected.document.rejection.code, 'CERTIFICATE_UNREADABLE');

      const listed = (await (await api(applicant, 'GET', `/applications/${id}/documents`)).json()) as {
        documents: { rejection: { remedy: { en: string } } | null }[];
      };
      assert.match(listed.documents[0]?.rejection?.remedy.en ?? '', /colour scan/);

      const response = await api(
        applicant,
        'POST',
        `/applications/${id}/documents/${documentId}/replacement`,
        fileForm('scan-colour.png', PNG),
      );
      assert.equal(response.status, 201, await response.clone().text());
      const replaced = (await response.json()) as {
        application: { status: string };
        document: { replaces: number; kind: string };
      };
      assert.equal(replaced.application.status, 'provider-review');
      assert.deepEqual([replaced.document.replaces, replaced.document.kind], [documentId, 'id-scan']);
      // The replaced one is gone: replacing it again names no document.
      await expectError(
        await api(
          applicant,
          'POST',
          `/applications/${id}/documents/${documentId}/replacement`,
          fileForm('x.png', PNG),
        ),
        404,
        'NOT_FOUND',
      );
    });

    it('the call log is written and read by reviewers only', async () => {
      const reviewer = await fx.sessionOf('provider-reviewer');
      const call = {
        contact: 'subject.responsiblePerson',
        phone: SUBJECT_LEADER_PHONE,
        outcome: 'reached',
        note: '本人确认',
      };
      await expectError(
        await api(applicant, 'POST', `/review/applications/${id}/calls`, call),
        403,
        'FORBIDDEN',
      );
      await expectError(
        await api(reviewer, 'POST', `/review/applications/${id}/calls`, { ...call, outcome: 'maybe' }),
        400,
        'VALIDATION_FAILED',
      );
      const recorded = await api(reviewer, 'POST', `/review/applications/${id}/calls`, call);
      assert.equal(recorded.status, 201, await recorded.clone().text());
      const log = (await (await api(reviewer, 'GET', `/review/applications/${id}/calls`)).json()) as {
        contacts: { key: string; phones: string[] }[];
        calls: { outcome: string; note: string }[];
      };
      assert.deepEqual(
        log.calls.map((c) => [c.outcome, c.note]),
        [['reached', '本人确认']],
      );
      assert.ok(log.contacts[0]?.phones.includes(SUBJECT_LEADER_PHONE));
      await expectError(await api(applicant, 'GET', `/review/applications/${id}/calls`), 403, 'FORBIDDEN');
      const admin = await fx.sessionOf('admin');
      assert.equal((await api(admin, 'GET', `/review/applications/${id}/calls`)).status, 200);
    });
  });
}
