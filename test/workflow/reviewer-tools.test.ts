/**
 * 审核工具 (issue 15) in the workflow, on SQLite and PostgreSQL: coded rejection reasons, a document
 * rejected in 初审 and replaced without withdrawing (with `supplement-requested`), the 初审 call log,
 * and the queue's age against the service level in working days.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DocumentStore } from '../../src/documents/index.ts';
import { createDocumentStore } from '../../src/documents/index.ts';
import type { Actor, Application } from '../../src/workflow/index.ts';
import {
  applicationTimeline,
  createApplication,
  listDocuments,
  listRejectionReasons,
  listReviewCalls,
  providerReview,
  recordReviewCall,
  rejectDocument,
  replaceDocument,
  reviewQueue,
  submitApplication,
  updateDraft,
  uploadDocument,
  withdrawApplication,
  WorkflowError,
} from '../../src/workflow/index.ts';
import { pdf, PNG } from '../documents/samples.ts';
import { testDialects } from '../support/databases.ts';
import { refusal } from './filing-steps.ts';
import type { World } from './workflow-fixture.ts';
import {
  actor,
  auditTrail,
  HOUR,
  LI_LEI,
  openWorld,
  REVIEWER,
  S1,
  S5,
  SUBJECT_LEADER_PHONE,
  typeCheck,
  website,
} from './workflow-fixture.ts';

/** Saturday 2026-11-28, 12:00 in Shanghai: a weekend submission counts from Monday. */
const SATURDAY = new Date('2026-11-28T04:00:00.000Z');
const at = (ms: number) => new Date(SATURDAY.getTime() + ms);
const CHEN = actor('chen.chengdu');

/** The field errors of an INVALID_INPUT-like refusal, as [path, code]. */
const fieldsOf = (error: unknown): [string, string][] => {
  assert.ok(error instanceof WorkflowError, String(error));
  return error.fields.map((f) => [f.path, f.code]);
};

for (const dialect of testDialects()) {
  describe(`审核工具 (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    let root: string;
    let store: DocumentStore;
    before(async () => {
      world = await openWorld(() => dialect.open());
      root = mkdtempSync(join(tmpdir(), 'beian-reviewer-tools-'));
      store = createDocumentStore({ dir: join(root, 'documents'), maxBytes: 64 * 1024 });
    });
    after(async () => {
      await world?.database.destroy();
      rmSync(root, { recursive: true, force: true });
    });

    const deps = (who: Actor, now: Date) => ({ ...world.deps(now), documents: store, actor: who });

    /** A draft of `subject` for `domain` with one ID scan, submitted at `now`. */
    async function submittedWithScan(who: Actor, subject: typeof S1, domain: string, now: Date) {
      const d = deps(who, now);
      const { application } = await createApplication({ ...d, input: typeCheck(subject, domain) });
      await updateDraft({
        ...d,
        applicationId: application.id,
        form: { subject, websites: [website(domain)] },
      });
      const scan = await uploadDocument({
        ...d,
        applicationId: application.id,
        input: { kind: 'id-scan', fileName: 'licence.pdf', bytes: pdf('blurred licence') },
      });
      const submitted = await submitApplication({ ...d, applicationId: application.id });
      assert.equal(submitted.status, 'provider-review');
      return { id: application.id, scan };
    }

    let first: { id: number; scan: { id: number } };
    let second: { id: number; scan: { id: number } };
    let rejectedFirst: Application;

    it('queues show the age against the service level and put overdue ones first', async () => {
      first = await submittedWithScan(LI_LEI, S1, 'demo-ok.cn', at(0));
      // Monday 2026-11-30 10:00 Shanghai: the second one enters two days later.
      second = await submittedWithScan(CHEN, S5, 'demo-filed-elsewhere.cn', at(46 * HOUR));
      const queueAt = (now: Date, sort?: 'overdue' | 'submitted', providerReviewWorkdays?: number) =>
        reviewQueue({
          ...deps(REVIEWER, now),
          status: 'provider-review',
          limit: 50,
          offset: 0,
          ...(sort ? { sort } : {}),
          ...(providerReviewWorkdays ? { providerReviewWorkdays } : {}),
        });
      // Saturday's submission is due by the end of Monday 30 November (Shanghai), Monday's by Tuesday's.
      const monday = await queueAt(new Date('2026-11-30T15:59:00.000Z'));
      assert.equal(monday.serviceLevelWorkdays, 1);
      assert.deepEqual(
        monday.entries.map((e) => [e.application.id, e.dueBy, e.overdue]),
        [
          [first.id, '2026-11-30T16:00:00.000Z', false],
          [second.id, '2026-12-01T16:00:00.000Z', false],
        ],
      );
      const tuesday = await queueAt(new Date('2026-11-30T16:00:00.000Z'));
      assert.deepEqual(
        tuesday.entries.map((e) => e.overdue),
        [true, false],
      );
      assert.equal(tuesday.overdueCount, 1);
      // A longer configured service level moves the due date by working days.
      const relaxed = await queueAt(new Date('2026-11-30T16:00:00.000Z'), 'submitted', 2);
      assert.equal(relaxed.entries[0]?.dueBy, '2026-12-01T16:00:00.000Z');
      assert.equal(relaxed.overdueCount, 0);
      // Wednesday both are overdue; with sort=overdue the longer waiting comes first.
      const wednesday = await queueAt(new Date('2026-12-02T02:00:00.000Z'), 'overdue');
      assert.deepEqual(
        wednesday.entries.map((e) => [e.application.id, e.overdue]),
        [
          [first.id, true],
          [second.id, true],
        ],
      );
    });

    it('sorts overdue first even when an older submission waits less (it re-entered review)', async () => {
      // The first one is rejected and resubmitted on Wednesday: its wait starts again.
      const wed = new Date('2026-12-02T02:00:00.000Z');
      rejectedFirst = await providerReview({
        ...deps(REVIEWER, wed),
        applicationId: first.id,
        decision: { decision: 'reject', reasons: [{ path: 'subject.name', code: 'SUBJECT_NAME_MISMATCH' }] },
      });
      await updateDraft({
        ...deps(LI_LEI, wed),
        applicationId: first.id,
        form: { subject: S1, websites: [website('demo-ok.cn')] },
      });
      await submitApplication({ ...deps(LI_LEI, wed), applicationId: first.id });
      const queue = await reviewQueue({
        ...deps(REVIEWER, new Date('2026-12-02T03:00:00.000Z')),
        status: 'provider-review',
        limit: 1,
        offset: 0,
        sort: 'overdue',
      });
      assert.deepEqual(
        queue.entries.map((e) => [e.application.id, e.overdue]),
        [[second.id, true]],
      );
      assert.equal(queue.hasMore, true);
    });

    it('a coded reason carries the library’s reason and remedy to the applicant; misfits are refused', async () => {
      // As the applicant read it while rejected (a resubmission clears it).
      const app = rejectedFirst;
      const reason = app.rejection?.reasons[0];
      assert.equal(reason?.code, 'SUBJECT_NAME_MISMATCH');
      assert.equal(reason?.message.zh, '主办单位名称与证件上的名称不一致');
      assert.match(reason?.remedy?.en ?? '', /exactly as the certificate shows/);
      const now = new Date('2026-12-02T04:00:00.000Z');
      await assert.rejects(
        providerReview({
          ...deps(REVIEWER, now),
          applicationId: second.id,
          decision: {
            decision: 'reject',
            reasons: [
              { path: 'websites.0.name', code: 'PHONE_UNREACHABLE' },
              { path: 'subject.name', code: 'NO_SUCH_CODE' },
              { path: 'subject.name' },
            ],
          },
        }),
        (error) => {
          assert.deepEqual(fieldsOf(error), [
            ['reasons.0.code', 'REJECTION_REASON_MISFIT'],
            ['reasons.1.code', 'REJECTION_REASON_UNKNOWN'],
            ['reasons.2', 'REJECTION_REASON_EMPTY'],
          ]);
          return true;
        },
      );
      // The library a reviewer picks from, filtered by the field's kind.
      const offered = listRejectionReasons({
        actor: REVIEWER,
        now,
        path: 'websites.0.responsiblePerson.mobile',
      });
      assert.equal(offered.fieldKind, 'phone');
      assert.ok(offered.reasons.some((r) => r.code === 'PHONE_UNREACHABLE'));
      assert.ok(!offered.reasons.some((r) => r.code === 'WEBSITE_NAME_NOT_ACCEPTABLE'));
      assert.throws(() => listRejectionReasons({ actor: LI_LEI, now }), refusal('FORBIDDEN'));
    });

    it('a rejected document is replaced without withdrawing; supplement-requested returns to review', async () => {
      const now = new Date('2026-12-02T05:00:00.000Z');
      // Only a rejected document can be replaced.
      await assert.rejects(
        replaceDocument({
          ...deps(CHEN, now),
          applicationId: second.id,
          documentId: second.scan.id,
          input: { fileName: 'new.png', bytes: PNG },
        }),
        (error) => {
          assert.deepEqual(fieldsOf(error), [['file', 'DOCUMENT_NOT_REJECTED']]);
          return true;
        },
      );
      // An applicant cannot reject, and a reason that does not fit documents is refused.
      await assert.rejects(
        rejectDocument({
          ...deps(CHEN, now),
          applicationId: second.id,
          documentId: second.scan.id,
          input: {},
        }),
        refusal('FORBIDDEN'),
      );
      await assert.rejects(
        rejectDocument({
          ...deps(REVIEWER, now),
          applicationId: second.id,
          documentId: second.scan.id,
          input: { code: 'WEBSITE_NAME_NOT_ACCEPTABLE' },
        }),
        (error) => {
          assert.deepEqual(fieldsOf(error), [['code', 'REJECTION_REASON_MISFIT']]);
          return true;
        },
      );
      const rejected = await rejectDocument({
        ...deps(REVIEWER, now),
        applicationId: second.id,
        documentId: second.scan.id,
        input: { code: 'CERTIFICATE_UNREADABLE', message: '右下角看不清', supplement: true },
      });
      assert.equal(rejected.application.status, 'supplement-requested');
      assert.equal(rejected.document.rejection?.code, 'CERTIFICATE_UNREADABLE');
      assert.match(rejected.document.rejection?.message.zh ?? '', /扫描件模糊.*：右下角看不清$/);

      // The same file again is no replacement.
      await assert.rejects(
        replaceDocument({
          ...deps(CHEN, now),
          applicationId: second.id,
          documentId: second.scan.id,
          input: { fileName: 'again.pdf', bytes: pdf('blurred licence') },
        }),
        (error) => {
          assert.deepEqual(fieldsOf(error), [['file', 'DOCUMENT_SAME_AS_REJECTED']]);
          return true;
        },
      );
      // Someone else's application is not found.
      await assert.rejects(
        replaceDocument({
          ...deps(LI_LEI, now),
          applicationId: second.id,
          documentId: second.scan.id,
          input: { fileName: 'x.png', bytes: PNG },
        }),
        refusal('NOT_FOUND'),
      );
      const later = new Date('2026-12-02T06:00:00.000Z');
      const replaced = await replaceDocument({
        ...deps(CHEN, later),
        applicationId: second.id,
        documentId: second.scan.id,
        input: { fileName: 'licence-colour.png', bytes: PNG },
      });
      assert.equal(replaced.application.status, 'provider-review');
      assert.equal(replaced.document.replaces, second.scan.id);
      assert.equal(replaced.document.kind, 'id-scan');
      assert.equal(replaced.document.rejection, null);
      const documents = await listDocuments({ ...deps(REVIEWER, later), applicationId: second.id });
      assert.deepEqual(
        documents.map((d) => d.id),
        [replaced.document.id],
      );
      const trail = (await auditTrail(world, second.id)).slice(-4);
      assert.deepEqual(trail, [
        {
          action: 'application.reject-document',
          from: 'provider-review',
          to: 'provider-review',
          actor: REVIEWER.account,
        },
        {
          action: 'application.transition',
          from: 'provider-review',
          to: 'supplement-requested',
          actor: REVIEWER.account,
        },
        {
          action: 'application.replace-document',
          from: 'supplement-requested',
          to: 'supplement-requested',
          actor: CHEN.account,
        },
        {
          action: 'application.transition',
          from: 'supplement-requested',
          to: 'provider-review',
          actor: CHEN.account,
        },
      ]);
      // Back in review, the wait starts again from the answer.
      const queue = await reviewQueue({
        ...deps(REVIEWER, later),
        status: 'provider-review',
        limit: 50,
        offset: 0,
      });
      const entry = queue.entries.find((e) => e.application.id === second.id);
      assert.equal(entry?.waitingSince, later.toISOString());
    });

    it('the call log is the reviewers’: validated, audited, and out of the applicant’s timeline', async () => {
      const now = new Date('2026-12-02T07:00:00.000Z');
      await assert.rejects(
        recordReviewCall({
          ...deps(REVIEWER, now),
          applicationId: first.id,
          input: {
            contact: 'websites.3.responsiblePerson',
            phone: '13700137000',
            outcome: 'reached',
            calledAt: '2026-12-02T08:00:00Z',
            nextTryAt: '2026-12-02T07:30:00Z',
          },
        }),
        (error) => {
          assert.deepEqual(fieldsOf(error), [
            ['contact', 'CALL_CONTACT_UNKNOWN'],
            ['calledAt', 'CALL_IN_FUTURE'],
            ['nextTryAt', 'NEXT_TRY_NOT_AFTER_CALL'],
          ]);
          return true;
        },
      );
      await assert.rejects(
        recordReviewCall({
          ...deps(REVIEWER, now),
          applicationId: first.id,
          input: { contact: 'subject.responsiblePerson', phone: '13700137000', outcome: 'bad' },
        }),
        (error) => {
          assert.deepEqual(
            fieldsOf(error).map(([path]) => path),
            ['outcome'],
          );
          return true;
        },
      );
      await assert.rejects(
        recordReviewCall({
          ...deps(REVIEWER, now),
          applicationId: first.id,
          input: { contact: 'subject.responsiblePerson', phone: '13700137000', outcome: 'no-answer' },
        }),
        (error) => {
          assert.deepEqual(fieldsOf(error), [['phone', 'CALL_PHONE_NOT_OF_CONTACT']]);
          return true;
        },
      );
      const missed = await recordReviewCall({
        ...deps(REVIEWER, now),
        applicationId: first.id,
        input: {
          contact: 'subject.responsiblePerson',
          phone: `+86 ${SUBJECT_LEADER_PHONE}`,
          outcome: 'no-answer',
          note: '占线',
          nextTryAt: '2026-12-02T16:00:00+08:00',
        },
      });
      assert.equal(missed.phone, SUBJECT_LEADER_PHONE);
      assert.equal(missed.nextTryAt, '2026-12-02T08:00:00.000Z');
      const reached = await recordReviewCall({
        ...deps(REVIEWER, new Date('2026-12-02T08:05:00.000Z')),
        applicationId: first.id,
        input: { contact: 'websites.0.responsiblePerson', phone: '0571-87654321', outcome: 'reached' },
      });
      const log = await listReviewCalls({ ...deps(REVIEWER, now), applicationId: first.id });
      assert.deepEqual(
        log.calls.map((c) => [c.id, c.outcome, c.reviewer]),
        [
          [reached.id, 'reached', REVIEWER.account],
          [missed.id, 'no-answer', REVIEWER.account],
        ],
      );
      assert.deepEqual(
        log.contacts.map((c) => c.key),
        ['subject.responsiblePerson', 'websites.0.responsiblePerson'],
      );
      await assert.rejects(
        listReviewCalls({ ...deps(LI_LEI, now), applicationId: first.id }),
        refusal('FORBIDDEN'),
      );
      const own = await applicationTimeline({ ...deps(LI_LEI, now), applicationId: first.id, scope: 'own' });
      assert.ok(!own.timeline.some((e) => e.action === 'application.review-call'));
      const any = await applicationTimeline({
        ...deps(REVIEWER, now),
        applicationId: first.id,
        scope: 'any',
      });
      const events = any.timeline.filter((e) => e.action === 'application.review-call');
      assert.deepEqual(
        events.map((e) => e.data),
        [
          { callId: missed.id, contact: 'subject.responsiblePerson', outcome: 'no-answer' },
          { callId: reached.id, contact: 'websites.0.responsiblePerson', outcome: 'reached' },
        ],
      );
    });

    it('outside 初审 neither calls nor document rejections are taken', async () => {
      const now = new Date('2026-12-02T09:00:00.000Z');
      await withdrawApplication({ ...deps(CHEN, now), applicationId: second.id });
      await assert.rejects(
        recordReviewCall({
          ...deps(REVIEWER, now),
          applicationId: second.id,
          input: { contact: 'subject.responsiblePerson', phone: SUBJECT_LEADER_PHONE, outcome: 'reached' },
        }),
        refusal('INVALID_TRANSITION'),
      );
      const documents = await listDocuments({ ...deps(REVIEWER, now), applicationId: second.id });
      await assert.rejects(
        rejectDocument({
          ...deps(REVIEWER, now),
          applicationId: second.id,
          documentId: documents[0]?.id ?? 0,
          input: { message: '模糊' },
        }),
        refusal('INVALID_TRANSITION'),
      );
    });
  });
}
