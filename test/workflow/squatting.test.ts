/**
 * Squatting (issue 12, item 10): any self-registered account could submit for a company whose credit
 * code and domains are public (the real-name holder of its domain matches, since both are the
 * company's) and so block the real owner: DOMAIN_ORDER_IN_PROGRESS for its domain, one in-flight
 * application for its subject. Now an application holds its domains and its subject only on evidence
 * that the applicant controls the subject — the subject filed in the same account, or a domain of the
 * application held by the applicant's account at this registrar, real-name verified to the subject —
 * or once a provider reviewer has passed it (初审: the reviewer checked the identity documents). A
 * reviewer can release a squatted hold at once (permission `application.release-hold`, audited).
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { checkDomains } from '../../src/checking/index.ts';
import { importRegistrations } from '../../src/imports/index.ts';
import { createFactsStore } from '../../src/store/index.ts';
import type { Actor } from '../../src/workflow/index.ts';
import {
  createApplication,
  loadApplication,
  providerReview,
  releaseSquattedHold,
  submitApplication,
  updateDraft,
  WorkflowError,
} from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { refusal } from './filing-steps.ts';
import type { World } from './workflow-fixture.ts';
import {
  actor,
  at,
  HOUR,
  LI_LEI,
  openWorld,
  policy,
  REVIEWER,
  S1,
  S2,
  S5,
  T0,
  typeCheck,
  website,
} from './workflow-fixture.ts';

const MALLORY = actor('mallory');
const CHENGDU = actor('chengdu.soft');

/** A registration in the MIIT sandbox domain database, real-name verified and reported to `holder`. */
const registration = (domain: string, holder: typeof S1) =>
  JSON.stringify({
    domain,
    registrar: '阿里云计算有限公司',
    registrarIanaId: 420,
    registeredAt: '2024-03-01T10:00:00+08:00',
    expiresAt: '2028-03-01T10:00:00+08:00',
    realName: {
      status: 'verified',
      verifiedAt: '2024-03-02T10:00:00+08:00',
      reportedAt: '2024-03-05T10:00:00+08:00',
      holder: { name: holder.name, type: 'enterprise', idType: 'uscc', idNumber: holder.idNumber },
    },
  });

for (const dialect of testDialects()) {
  describe(`squatting (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
      const lines = [
        registration('squat-a.cn', S1),
        registration('squat-b.cn', S5),
        registration('squat-c.cn', S5),
      ];
      await importRegistrations({
        db: world.database,
        input: Readable.from([lines.join('\n') + '\n']),
        format: 'jsonl',
      });
    });
    after(() => world?.database.destroy());

    /** The applicant's registrar account holds `domain`, verified to `holder` ("my domains"). */
    async function holdAtRegistrar(account: string, domain: string, holder: typeof S1): Promise<void> {
      await world.database.kysely
        .insertInto('registrar_domain')
        .values({
          domain,
          registrar_id: 'aliyun',
          account,
          holder_name: holder.name,
          holder_type: 'enterprise',
          holder_id_type: 'uscc',
          holder_id_number: holder.idNumber,
          registered_at: T0.toISOString(),
          expires_at: '2030-01-01T00:00:00.000Z',
          status: 'active',
          transferred_to: null,
          transferred_at: null,
          real_name_status: 'verified',
          real_name_verified_at: T0.toISOString(),
          real_name_reported_at: T0.toISOString(),
          created_at: T0.toISOString(),
          updated_at: T0.toISOString(),
        })
        .execute();
    }

    async function submitted(who: Actor, subject: typeof S1, domain: string, now = T0) {
      const d = { ...world.deps(now), actor: who };
      const { application } = await createApplication({ ...d, input: typeCheck(subject, domain) });
      const saved = await updateDraft({
        ...d,
        applicationId: application.id,
        form: { subject, websites: [website(domain)] },
      });
      assert.deepEqual(saved.errors, [], JSON.stringify(saved.errors));
      return submitApplication({ ...d, applicationId: application.id });
    }

    async function codesFor(domain: string, subject: typeof S1, account: string): Promise<string[]> {
      const report = await checkDomains(
        { policy, facts: createFactsStore(world.database) },
        {
          inputs: [domain],
          province: subject.province,
          subjectType: 'enterprise',
          subjectIdType: 'uscc',
          subjectId: subject.idNumber,
          account,
          // After every step of these tests: a hold exists as of its creation (--at applies to filings).
          at: at(12 * HOUR).toISOString(),
        },
      );
      return report.results[0]?.findings.map((f) => f.code) ?? [];
    }
    const pass = (applicationId: number, now = at(HOUR)) =>
      providerReview({
        ...world.deps(now),
        actor: REVIEWER,
        applicationId,
        decision: { decision: 'approve' },
      });

    it('a squatter’s application without evidence holds nothing; the owner files; the reviewer’s pass holds', async () => {
      const squat = await submitted(MALLORY, S1, 'squat-a.cn');
      assert.equal(squat.status, 'provider-review');
      assert.equal(squat.holdEvidence, null);
      assert.ok(!(await codesFor('squat-a.cn', S1, 'li.lei')).includes('DOMAIN_ORDER_IN_PROGRESS'));

      // The owner is not blocked: neither the domain nor the subject is held.
      const own = await submitted(LI_LEI, S1, 'squat-a.cn');
      assert.equal(own.status, 'provider-review');
      assert.equal(own.holdEvidence, null);

      // The reviewer checks the documents and passes the owner's: now it holds both.
      const passed = await pass(own.id);
      assert.equal(passed.status, 'awaiting-sms');
      assert.equal(passed.holdEvidence, 'provider-review');
      assert.ok((await codesFor('squat-a.cn', S1, 'someone')).includes('DOMAIN_ORDER_IN_PROGRESS'));
      // Passing the squatter's too is refused: the owner's holds the domain.
      await assert.rejects(pass(squat.id), refusal('DOMAIN_IN_ACTIVE_APPLICATION'));
      assert.equal((await loadApplication(world.database.kysely, squat.id)).status, 'provider-review');
    });

    it('holds at submit with evidence: the applicant’s registrar account holds the domain, verified to the subject', async () => {
      await holdAtRegistrar('chengdu.soft', 'squat-b.cn', S5);
      const own = await submitted(CHENGDU, S5, 'squat-b.cn');
      assert.equal(own.holdEvidence, 'registrar-holder');
      assert.ok((await codesFor('squat-b.cn', S5, 'mallory')).includes('DOMAIN_ORDER_IN_PROGRESS'));
      // A squatter then cannot even submit: the domain is held, and so is the subject.
      await assert.rejects(submitted(MALLORY, S5, 'squat-c.cn'), refusal('SUBJECT_HAS_ACTIVE_APPLICATION'));
    });

    it('a reviewer releases a squatted hold at once: permission, audit, the owner files', async () => {
      // The registrar linked the owner's domain to the squatter's account by mistake: evidence that lies.
      await holdAtRegistrar('mallory', 'squat-c.cn', S5);
      await world.database.kysely.deleteFrom('registrar_domain').where('domain', '=', 'squat-b.cn').execute();
      const chengduHold = await world.database.kysely
        .selectFrom('application')
        .select('id')
        .where('account', '=', 'chengdu.soft')
        .executeTakeFirstOrThrow();
      await releaseSquattedHold({
        ...world.deps(at(HOUR)),
        actor: REVIEWER,
        applicationId: chengduHold.id,
        reason: '测试：释放',
      });
      const squat = await submitted(MALLORY, S5, 'squat-c.cn', at(2 * HOUR));
      assert.equal(squat.holdEvidence, 'registrar-holder');
      await assert.rejects(
        submitted(CHENGDU, S5, 'squat-b.cn', at(2 * HOUR)),
        refusal('SUBJECT_HAS_ACTIVE_APPLICATION'),
      );

      // Applicants may not release; a reason is required.
      await assert.rejects(
        releaseSquattedHold({
          ...world.deps(at(3 * HOUR)),
          actor: MALLORY,
          applicationId: squat.id,
          reason: 'x',
        }),
        refusal('FORBIDDEN'),
      );
      await assert.rejects(
        releaseSquattedHold({
          ...world.deps(at(3 * HOUR)),
          actor: REVIEWER,
          applicationId: squat.id,
          reason: ' ',
        }),
        refusal('VALIDATION_FAILED'),
      );
      const released = await releaseSquattedHold({
        ...world.deps(at(3 * HOUR)),
        actor: REVIEWER,
        applicationId: squat.id,
        reason: '域名持有者核实为成都示例软件有限公司，非该账号',
      });
      assert.equal(released.status, 'provider-review', 'the application stays in review, without a hold');
      assert.equal(released.holdEvidence, null);
      assert.ok(!(await codesFor('squat-c.cn', S5, 'chengdu.soft')).includes('DOMAIN_ORDER_IN_PROGRESS'));
      const audit = await world.database.kysely
        .selectFrom('audit_event')
        .select(['action', 'actor_account', 'from_status', 'to_status', 'data'])
        .where('application_id', '=', squat.id)
        .where('action', '=', 'application.release-hold')
        .execute();
      assert.deepEqual(
        audit.map((e) => [e.action, e.actor_account, e.from_status, e.to_status, JSON.parse(String(e.data))]),
        [
          [
            'application.release-hold',
            'zhao.reviewer',
            'provider-review',
            'provider-review',
            {
              reason: '域名持有者核实为成都示例软件有限公司，非该账号',
              evidence: 'registrar-holder',
              domains: ['squat-c.cn'],
            },
          ],
        ],
      );
      // Nothing left to release.
      await assert.rejects(
        releaseSquattedHold({
          ...world.deps(at(3 * HOUR)),
          actor: REVIEWER,
          applicationId: squat.id,
          reason: 'x',
        }),
        refusal('INVALID_TRANSITION'),
      );
      // The owner now files.
      const own = await submitted(CHENGDU, S5, 'squat-b.cn', at(4 * HOUR));
      assert.equal(own.status, 'provider-review');
    });

    it('a hold the reviewer’s pass made stays until the bureau: it cannot be released after 初审', async () => {
      const passed = await world.database.kysely
        .selectFrom('application')
        .select('id')
        .where('account', '=', 'li.lei')
        .where('status', '=', 'awaiting-sms')
        .executeTakeFirstOrThrow();
      await assert.rejects(
        releaseSquattedHold({
          ...world.deps(at(5 * HOUR)),
          actor: REVIEWER,
          applicationId: passed.id,
          reason: 'x',
        }),
        refusal('INVALID_TRANSITION'),
      );
    });

    it('Q9 stays closed at submit: a subject held by another account is refused to this one', async () => {
      const error = await submitted(LI_LEI, S2, 'demo-s2-new.cn').then(
        () => assert.fail('submitting S2 from li.lei must be refused'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof WorkflowError);
      assert.equal(error.code, 'VERIFICATION_FAILED');
      assert.ok(error.fields.some((f) => f.code === 'SUBJECT_IN_OTHER_ACCOUNT'));
    });
  });
}
