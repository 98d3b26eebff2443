/**
 * 真实性核验 (issue 15): the links a responsible person completes before 初审, on SQLite and PostgreSQL —
 * one link per person bound to their certificate number, valid 10 minutes (fixed clock), usable once,
 * a failed check retried with a new link, the wrong person refused, and the submit refused until every
 * person passed, naming the one missing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applicationTimeline,
  completeIdentityTask,
  createApplication,
  identitySheet,
  issueIdentityTask,
  listIdentityTasks,
  openIdentityLink,
  steerIdentitySandbox,
  submitApplication,
  updateDraft,
  WorkflowError,
} from '../../src/workflow/index.ts';
import type { ActorDeps } from '../../src/workflow/index.ts';
import { identityVerificationData, loadIdentityVerificationData } from '../../src/policy/index.ts';
import { testDatabases } from '../support/databases.ts';
import { JPEG, PNG } from '../documents/samples.ts';
import { refusal } from './filing-steps.ts';
import {
  actor,
  at,
  DAY,
  HOUR,
  LI_LEI,
  openWorld,
  REVIEWER,
  S1,
  typeCheck,
  website,
} from './workflow-fixture.ts';
import type { World } from './workflow-fixture.ts';

const MINUTE = 60_000;
const ADMIN = actor('root.admin', 'admin');
const SUBJECT_ID = '11010519491231002X';
/** The website's responsible person: another person than the subject's. */
const WEBSITE_PERSON = {
  name: '李四',
  idType: 'resident-id',
  idNumber: '110101199003077571',
  mobile: '13900139000',
  emergencyPhone: '0571-87654321',
  email: 'li.si@example.cn',
};

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** PNG with a tEXt chunk `beian-id-number` after IHDR: what the sandbox "reads" off an ID photo. */
function markedPng(idNumber: string): Buffer {
  const data = Buffer.from(`beian-id-number\0${idNumber}`, 'latin1');
  const type = Buffer.from('tEXt', 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  const ihdrEnd = 8 + 8 + 13 + 4;
  return Buffer.concat([PNG.subarray(0, ihdrEnd), length, type, data, crc, PNG.subarray(ihdrEnd)]);
}

const ALL_DECLARATIONS = ['verification-sheet', 'service-pledge'];

for (const db of testDatabases()) {
  describe(`identity verification (${db.name})`, { skip: db.skip }, () => {
    const deps = (world: World, now: Date, who = LI_LEI): ActorDeps => ({
      ...world.deps(now),
      identity: { mode: 'required' },
      actor: who,
    });

    async function draft(world: World, now: Date) {
      const d = deps(world, now);
      const { application } = await createApplication({ ...d, input: typeCheck(S1, 'demo-ok.cn') });
      const saved = await updateDraft({
        ...d,
        applicationId: application.id,
        form: { subject: S1, websites: [{ ...website('demo-ok.cn'), responsiblePerson: WEBSITE_PERSON }] },
      });
      assert.deepEqual(saved.errors, []);
      return application.id;
    }

    /** A fresh world with a draft of S1 that needs verifying; `run` gets its id and the persons' keys. */
    async function withDraft(run: (world: World, id: number, keys: string[]) => Promise<void>) {
      const world = await openWorld(() => db.open());
      try {
        const id = await draft(world, at(0));
        const { persons } = await listIdentityTasks({
          ...deps(world, at(0)),
          applicationId: id,
          scope: 'own',
        });
        await run(
          world,
          id,
          persons.map((p) => p.key),
        );
      } finally {
        await world.database.destroy();
      }
    }

    /** A verification link for the person `key` of application `id`, issued by its owner at `now`. */
    const issue = (world: World, now: Date, id: number, key: string) =>
      issueIdentityTask({ ...deps(world, now), applicationId: id, personKey: key });

    const complete = (
      world: World,
      now: Date,
      token: string,
      idPhoto: Buffer = PNG,
      declarations = ALL_DECLARATIONS,
    ) =>
      completeIdentityTask({
        database: world.database,
        now,
        identity: { mode: 'required' },
        input: { token, idPhoto, facePhoto: JPEG, declarations },
      });

    it('refuses the submit naming each unverified person, and lets it through once both passed', async () => {
      const world = await openWorld(() => db.open());
      try {
        const id = await draft(world, at(0));
        const overview = await listIdentityTasks({ ...deps(world, at(0)), applicationId: id, scope: 'own' });
        assert.equal(overview.persons.length, 2);
        assert.deepEqual(
          overview.persons.map((p) => [p.name, p.state, p.paths]),
          [
            ['王小明', 'none', ['subject.responsiblePerson']],
            ['李四', 'none', ['websites.0.responsiblePerson']],
          ],
        );
        await assert.rejects(
          submitApplication({ ...deps(world, at(MINUTE)), applicationId: id }),
          (error) => {
            refusal('IDENTITY_VERIFICATION_REQUIRED')(error);
            const e = error as WorkflowError;
            assert.deepEqual(
              e.fields.map((f) => f.path),
              ['subject.responsiblePerson', 'websites.0.responsiblePerson'],
            );
            assert.match(e.messages.zh, /王小明/);
            assert.match(e.messages.en, /李四/);
            return true;
          },
        );
        const [subject, site] = overview.persons;
        assert.ok(subject && site);
        const first = await issueIdentityTask({
          ...deps(world, at(2 * MINUTE)),
          applicationId: id,
          personKey: subject.key,
        });
        assert.equal(first.token.length, 43);
        const done = await complete(world, at(3 * MINUTE), first.token);
        assert.equal(done.outcome, 'passed');
        // One still missing: the refusal names only 李四.
        await assert.rejects(
          submitApplication({ ...deps(world, at(4 * MINUTE)), applicationId: id }),
          (error) => {
            refusal('IDENTITY_VERIFICATION_REQUIRED')(error);
            const e = error as WorkflowError;
            assert.deepEqual(
              e.fields.map((f) => f.path),
              ['websites.0.responsiblePerson'],
            );
            assert.doesNotMatch(e.messages.zh, /王小明/);
            return true;
          },
        );
        const second = await issueIdentityTask({
          ...deps(world, at(5 * MINUTE)),
          applicationId: id,
          personKey: site.key,
        });
        assert.equal((await complete(world, at(6 * MINUTE), second.token)).outcome, 'passed');
        const submitted = await submitApplication({ ...deps(world, at(7 * MINUTE)), applicationId: id });
        assert.equal(submitted.status, 'provider-review');
        const read = await listIdentityTasks({
          ...deps(world, at(8 * MINUTE), REVIEWER),
          applicationId: id,
          scope: 'any',
        });
        assert.equal(read.complete, true);
        assert.ok(read.persons.every((p) => p.tasks[0]?.vendorReference?.startsWith('sandbox:')));
        // The audit trail has the issue and the completion in it.
        const actions = await world.database.kysely
          .selectFrom('audit_event')
          .select('action')
          .where('application_id', '=', id)
          .where('action', 'like', 'identity.%')
          .execute();
        assert.deepEqual(
          actions.map((a) => a.action),
          ['identity.task-issue', 'identity.task-complete', 'identity.task-issue', 'identity.task-complete'],
        );
      } finally {
        await world.database.destroy();
      }
    });

    it('expires a link after 10 minutes (fixed clock) and a new link works', async () => {
      await withDraft(async (world, id, keys) => {
        const key = keys[0] ?? '';
        const link = await issue(world, at(HOUR), id, key);
        // Still valid one millisecond before its 10 minutes end.
        const view = await openIdentityLink({
          database: world.database,
          now: at(HOUR + 10 * MINUTE - 1),
          token: link.token,
        });
        assert.equal(view.personName, '王小明');
        assert.equal(view.idNumberMasked, '110105********002X');
        await assert.rejects(
          openIdentityLink({ database: world.database, now: at(HOUR + 10 * MINUTE), token: link.token }),
          refusal('IDENTITY_LINK_EXPIRED'),
        );
        await assert.rejects(
          complete(world, at(HOUR + 11 * MINUTE), link.token),
          refusal('IDENTITY_LINK_EXPIRED'),
        );
        const state = await listIdentityTasks({
          ...deps(world, at(HOUR + 11 * MINUTE)),
          applicationId: id,
          scope: 'own',
        });
        assert.equal(state.persons[0]?.state, 'expired');
        const again = await issue(world, at(HOUR + 12 * MINUTE), id, key);
        assert.equal((await complete(world, at(HOUR + 13 * MINUTE), again.token)).outcome, 'passed');
      });
    });

    it('uses a link once: a second use is refused, and a new link replaces an old one', async () => {
      await withDraft(async (world, id, keys) => {
        const key = keys[1] ?? '';
        const old = await issue(world, at(MINUTE), id, key);
        const link = await issue(world, at(2 * MINUTE), id, key);
        assert.notEqual(old.token, link.token);
        await assert.rejects(
          openIdentityLink({ database: world.database, now: at(3 * MINUTE), token: old.token }),
          refusal('IDENTITY_LINK_USED'),
        );
        assert.equal((await complete(world, at(3 * MINUTE), link.token)).outcome, 'passed');
        await assert.rejects(complete(world, at(4 * MINUTE), link.token), refusal('IDENTITY_LINK_USED'));
        await assert.rejects(
          openIdentityLink({ database: world.database, now: at(4 * MINUTE), token: link.token }),
          refusal('IDENTITY_LINK_USED'),
        );
        // A made-up token of the right shape, and one of the wrong shape, get the same answer.
        for (const token of ['A'.repeat(43), 'x', '../../etc/passwd', `${link.token}x`])
          await assert.rejects(
            openIdentityLink({ database: world.database, now: at(4 * MINUTE), token }),
            refusal('IDENTITY_LINK_INVALID'),
          );
      });
    });

    it('refuses the wrong person: an ID photo showing another certificate number fails, the person retries', async () => {
      await withDraft(async (world, id, keys) => {
        const key = keys[0] ?? '';
        const link = await issue(world, at(MINUTE), id, key);
        // 李四 opens 王小明's link with his own ID.
        const wrong = await complete(world, at(2 * MINUTE), link.token, markedPng(WEBSITE_PERSON.idNumber));
        assert.equal(wrong.outcome, 'failed');
        assert.equal(wrong.task.failure, 'id-mismatch');
        assert.match(wrong.failureText?.zh ?? '', /本人/);
        // Spent: the retry needs a new link, and the right ID passes.
        await assert.rejects(
          complete(world, at(3 * MINUTE), link.token, markedPng(SUBJECT_ID)),
          refusal('IDENTITY_LINK_USED'),
        );
        const retry = await issue(world, at(4 * MINUTE), id, key);
        const right = await complete(world, at(5 * MINUTE), retry.token, markedPng(SUBJECT_ID.toLowerCase()));
        assert.equal(right.outcome, 'passed');
      });
    });

    it('retries after a failed check the operator steered, and keeps the link when the upload is refused', async () => {
      await withDraft(async (world, id, keys) => {
        await steerIdentitySandbox({
          ...deps(world, at(0), ADMIN),
          input: { idNumber: SUBJECT_ID, outcome: 'face-mismatch', remaining: 1 },
        });
        const key = keys[0] ?? '';
        const link = await issue(world, at(MINUTE), id, key);
        // Refused input (a PDF, the same photo twice is the vendor's; a missing declaration) spends nothing.
        await assert.rejects(
          complete(world, at(2 * MINUTE), link.token, PNG, ['verification-sheet']),
          (error) => {
            refusal('VALIDATION_FAILED')(error);
            assert.deepEqual(
              (error as WorkflowError).fields.map((f) => f.path),
              ['declarations.service-pledge'],
            );
            return true;
          },
        );
        await assert.rejects(
          completeIdentityTask({
            database: world.database,
            now: at(2 * MINUTE),
            input: {
              token: link.token,
              idPhoto: Buffer.from('%PDF-1.4\n%%EOF'),
              facePhoto: Buffer.alloc(0),
              declarations: ALL_DECLARATIONS,
            },
          }),
          (error) => {
            refusal('VALIDATION_FAILED')(error);
            assert.deepEqual(
              (error as WorkflowError).fields.map((f) => f.path),
              ['idPhoto', 'facePhoto'],
            );
            return true;
          },
        );
        const failed = await complete(world, at(3 * MINUTE), link.token);
        assert.equal(failed.outcome, 'failed');
        assert.equal(failed.task.failure, 'face-mismatch');
        const retry = await issue(world, at(4 * MINUTE), id, key);
        // The steer answered its one check; the next passes.
        assert.equal((await complete(world, at(5 * MINUTE), retry.token)).outcome, 'passed');
        // Applicants cannot steer the sandbox.
        await assert.rejects(
          steerIdentitySandbox({ ...deps(world, at(0)), input: { idNumber: SUBJECT_ID, outcome: 'pass' } }),
          refusal('FORBIDDEN'),
        );
      });
    });

    it('limits the links one person is sent in a day, and binds issuing to the owner', async () => {
      await withDraft(async (world, id, keys) => {
        const key = keys[0] ?? '';
        for (let i = 0; i < 10; i++) await issue(world, at(i * MINUTE), id, key);
        await assert.rejects(issue(world, at(10 * MINUTE), id, key), refusal('IDENTITY_ISSUE_LIMITED'));
        // A day after the first, one slot is free again.
        await issue(world, at(DAY + MINUTE), id, key);
        await assert.rejects(
          issueIdentityTask({
            ...deps(world, at(DAY), actor('han.meimei')),
            applicationId: id,
            personKey: key,
          }),
          refusal('NOT_FOUND'),
        );
      });
    });

    it('follows the province data: curtain photos and a signed sheet where an entry says so', async () => {
      const world = await openWorld(() => db.open());
      try {
        const base = loadIdentityVerificationData();
        const national = base.entries.find((e) => e.id === 'identity-national-electronic');
        assert.ok(national);
        const data = identityVerificationData(
          [
            ...base.entries,
            {
              ...national,
              id: 'test-zhejiang-curtain',
              scope: '330000',
              method: 'curtain',
              persons: ['website'],
              signedSheet: true,
              effectiveFrom: '2026-01-01',
            },
          ],
          base.snapshotDate,
        );
        const d = { ...deps(world, at(0)), identity: { mode: 'required' as const, data } };
        const id = await draft(world, at(0));
        const overview = await listIdentityTasks({ ...d, applicationId: id, scope: 'own' });
        assert.equal(overview.requirement?.method, 'curtain');
        assert.equal(overview.requirement?.signedSheet, true);
        assert.deepEqual(
          overview.persons.map((p) => p.name),
          ['李四'],
        );
        const sheet = await identitySheet({ ...d, applicationId: id, scope: 'own' });
        assert.equal(sheet.pdf.subarray(0, 5).toString('latin1'), '%PDF-');
        assert.match(sheet.pdf.toString('latin1'), /\/Title/);
      } finally {
        await world.database.destroy();
      }
    });
    it('keeps the application timeline readable with verification events in it', async () => {
      const world = await openWorld(() => db.open());
      try {
        const id = await draft(world, at(0));
        const [subject] = (
          await listIdentityTasks({ ...deps(world, at(0)), applicationId: id, scope: 'own' })
        ).persons;
        assert.ok(subject);
        const issued = await issueIdentityTask({
          ...deps(world, at(MINUTE)),
          applicationId: id,
          personKey: subject.key,
        });
        await complete(world, at(2 * MINUTE), issued.token);
        const { timeline } = await applicationTimeline({
          ...deps(world, at(3 * MINUTE)),
          applicationId: id,
          scope: 'own',
        });
        const events = timeline.filter((e) => e.action.startsWith('identity.'));
        assert.deepEqual(
          events.map((e) => [e.action, e.from, e.to]),
          [
            ['identity.task-issue', null, null],
            ['identity.task-complete', null, null],
          ],
        );
      } finally {
        await world.database.destroy();
      }
    });
  });
}
