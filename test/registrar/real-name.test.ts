/**
 * 实名认证 and 实名上报: submission, rejection with a reason, approval, and the reporting job on the
 * official working-day calendar (2026 National Day: 10-01…10-07 off, Sunday 09-20 and Saturday 10-10
 * worked), as the engine sees each state; MIIT refusals, retries, the operator's retry; a holder change
 * cancelling a scheduled report.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backoffSeconds, findJob, runDueJobs } from '../../src/jobs/index.ts';
import { findDomainRegistration } from '../../src/miit/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import { createRegistrarSandbox, REAL_NAME_REPORT_JOB } from '../../src/registrar/index.ts';
import type { Finding } from '../../src/rules/index.ts';
import { testDialects } from '../support/databases.ts';
import type { RegistrarWorld } from './registrar-fixture.ts';
import {
  COMPANY,
  HAN_MEIMEI,
  LI_LEI,
  OPERATOR,
  PERSON,
  codes,
  openRegistrar,
  policy,
  refusedWith,
} from './registrar-fixture.ts';

/** Asia/Shanghai wall time → instant. */
const sh = (local: string): Date => new Date(`${local}+08:00`);
const realNameFindings = (findings: Finding[]) => findings.filter((f) => f.code.startsWith('REAL_NAME_'));

/** The policy with godaddy approved, as an operator's override file would say once MIIT approved it. */
function policyApprovingGodaddy() {
  const entry = policy.registrars.find((e) => e.id === 'godaddy');
  const file = join(mkdtempSync(join(tmpdir(), 'beian-registrar-')), 'overrides.json');
  writeFileSync(file, JSON.stringify({ registrars: { add: [{ ...entry, status: 'approved' }] } }));
  return loadPolicy({ overridesFile: file });
}

for (const dialect of testDialects()) {
  describe(`real-name verification and reporting (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: RegistrarWorld;
    before(async () => {
      world = await openRegistrar(() => dialect.open());
    });
    after(() => world.database.destroy());

    async function registered(domain: string, now: Date, extra: Record<string, unknown> = {}) {
      await world.registrar.registerDomain({
        actor: OPERATOR,
        now,
        input: { domain, holder: COMPANY, account: 'li.lei', ...extra },
      });
      return world.registrar.submitRealName({ actor: LI_LEI, now, domain, input: { holder: COMPANY } });
    }
    const approve = (submissionId: number, now: Date) =>
      world.registrar.approveRealName({ actor: OPERATOR, now, submissionId });

    it('a submission makes the domain pending, for the registrar, MIIT and the engine', async () => {
      const at = sh('2026-09-01T10:00:00');
      const submission = await registered('rn-pending.cn', at);
      assert.equal(submission.status, 'pending');
      assert.equal(submission.submittedBy, 'li.lei');
      const domain = await world.registrar.getDomain({ actor: LI_LEI, domain: 'rn-pending.cn' });
      assert.equal(domain.domain.realName.status, 'pending');
      assert.equal(
        (await findDomainRegistration(world.database.kysely, 'rn-pending.cn'))?.realName.status,
        'pending',
      );
      const [finding] = realNameFindings(await world.findings('rn-pending.cn', at));
      assert.equal(finding?.code, 'REAL_NAME_MISSING');
      assert.equal(finding?.evidence.status, 'pending');
      const queue = await world.registrar.listSubmissions({ actor: OPERATOR, status: 'pending' });
      assert.ok(queue.some((s) => s.id === submission.id));
    });

    it('refuses data that is not the registered holder, and other accounts', async () => {
      const at = sh('2026-09-01T10:00:00');
      await assert.rejects(
        world.registrar.submitRealName({
          actor: LI_LEI,
          now: at,
          domain: 'rn-pending.cn',
          input: { holder: { ...COMPANY, name: '杭州另一家科技有限公司' } },
        }),
        refusedWith('VALIDATION_FAILED', 'holder.name'),
      );
      await assert.rejects(
        world.registrar.submitRealName({
          actor: HAN_MEIMEI,
          now: at,
          domain: 'rn-pending.cn',
          input: { holder: COMPANY },
        }),
        refusedWith('NOT_FOUND'),
      );
      await assert.rejects(
        world.registrar.submitRealName({
          actor: LI_LEI,
          now: at,
          domain: 'rn-pending.cn',
          input: { holder: COMPANY, documentSha256: 'abc' },
        }),
        refusedWith('VALIDATION_FAILED', 'documentSha256'),
      );
    });

    it('a rejection carries its reason; the domain stays unverified and may be submitted again', async () => {
      const at = sh('2026-09-02T10:00:00');
      const submission = await registered('rn-rejected.cn', at);
      const reject = (reason: { zh: string; en?: string }) =>
        world.registrar.rejectRealName({
          actor: OPERATOR,
          now: at,
          submissionId: submission.id,
          input: { reason },
        });
      await assert.rejects(reject({ zh: '  ' }), refusedWith('VALIDATION_FAILED', 'reason.zh'));
      await assert.rejects(reject({ zh: '长'.repeat(501) }), refusedWith('VALIDATION_FAILED', 'reason.zh'));
      const decision = await reject({
        zh: '证件照片模糊，请重新上传',
        en: 'The certificate scan is blurred',
      });
      assert.equal(decision.submission.status, 'rejected');
      assert.deepEqual(decision.submission.reason, {
        zh: '证件照片模糊，请重新上传',
        en: 'The certificate scan is blurred',
      });
      assert.equal(decision.domain.realName.status, 'rejected');
      assert.equal(
        (await findDomainRegistration(world.database.kysely, 'rn-rejected.cn'))?.realName.status,
        'none',
      );
      assert.equal(realNameFindings(await world.findings('rn-rejected.cn', at))[0]?.evidence.status, 'none');
      await assert.rejects(approve(submission.id, at), refusedWith('REAL_NAME_STATE'));
      const again = await world.registrar.submitRealName({
        actor: LI_LEI,
        now: at,
        domain: 'rn-rejected.cn',
        input: { holder: COMPANY },
      });
      assert.equal(again.status, 'pending');
    });

    it('reports across National Day: due 10-09, not before; then the domain check passes', async () => {
      const approvedAt = sh('2026-09-30T10:00:00');
      const submission = await registered('rn-national-day.cn', approvedAt);
      const decision = await approve(submission.id, approvedAt);
      // 10-01…10-07 are off: two working days after Wednesday 09-30 are Thursday 10-08 and Friday 10-09.
      assert.deepEqual(
        decision.report && { dueDate: decision.report.dueDate, dueAt: decision.report.dueAt },
        {
          dueDate: '2026-10-09',
          dueAt: sh('2026-10-09T09:00:00').toISOString(),
        },
      );
      assert.equal(decision.domain.realName.verifiedAt, approvedAt.toISOString());
      const miit = await findDomainRegistration(world.database.kysely, 'rn-national-day.cn');
      assert.deepEqual([miit?.realName.status, miit?.realName.reportedAt], ['verified', null]);

      const during = sh('2026-10-05T12:00:00');
      const [waiting] = realNameFindings(await world.findings('rn-national-day.cn', during));
      assert.equal(waiting?.code, 'REAL_NAME_NOT_REPORTED');
      assert.equal(waiting?.evidence.expectedBy, '2026-10-09');
      assert.equal(waiting?.evidence.overdue, false);

      const early = await world.runJobs(sh('2026-10-09T08:59:59'));
      assert.deepEqual(early, { completed: 0, retried: 0, failed: 0, lost: 0 });
      assert.equal(
        (await findDomainRegistration(world.database.kysely, 'rn-national-day.cn'))?.realName.reportedAt,
        null,
      );

      const due = sh('2026-10-09T09:00:00');
      assert.equal((await world.runJobs(due)).completed, 1);
      const reported = await world.registrar.getDomain({ actor: OPERATOR, domain: 'rn-national-day.cn' });
      assert.equal(reported.domain.realName.reportedAt, due.toISOString());
      assert.deepEqual([reported.reports[0]?.status, reported.reports[0]?.attempts], ['reported', 1]);
      assert.equal(
        (await findDomainRegistration(world.database.kysely, 'rn-national-day.cn'))?.realName.reportedAt,
        due.toISOString(),
      );
      assert.deepEqual(codes(await world.findings('rn-national-day.cn', due)), []);

      // Idempotent: the handler run again for the same job changes nothing.
      const jobId = (
        await world.database.kysely
          .selectFrom('real_name_report')
          .select('job_id')
          .where('domain', '=', 'rn-national-day.cn')
          .executeTakeFirstOrThrow()
      ).job_id;
      const job = await findJob(world.database.kysely, jobId ?? 0);
      assert.ok(job);
      const handler = world.registrar.jobHandlers()[REAL_NAME_REPORT_JOB];
      await handler?.(job, {
        db: world.database.kysely,
        database: world.database,
        now: sh('2026-10-12T09:00:00'),
      });
      const again = await world.registrar.getDomain({ actor: OPERATOR, domain: 'rn-national-day.cn' });
      assert.equal(again.domain.realName.reportedAt, due.toISOString());
      assert.equal(again.reports[0]?.attempts, 1);
    });

    it('counts the makeup working days: Saturday 10-10 and Sunday 09-20', async () => {
      const afterHoliday = await registered('rn-makeup-sat.cn', sh('2026-10-08T10:00:00'));
      const saturday = await approve(afterHoliday.id, sh('2026-10-08T10:00:00'));
      assert.equal(saturday.report?.dueDate, '2026-10-10');
      const [finding] = realNameFindings(await world.findings('rn-makeup-sat.cn', sh('2026-10-09T12:00:00')));
      assert.equal(finding?.evidence.expectedBy, '2026-10-10');
      const beforeSunday = await registered('rn-makeup-sun.cn', sh('2026-09-18T10:00:00'));
      const monday = await approve(beforeSunday.id, sh('2026-09-18T10:00:00'));
      // Friday 09-18 → Sunday 09-20 (worked) → Monday 09-21; without the makeup day it would be 09-22.
      assert.equal(monday.report?.dueDate, '2026-09-21');
      await world.runJobs(sh('2026-10-10T09:00:00'));
      assert.deepEqual(codes(await world.findings('rn-makeup-sat.cn', sh('2026-10-10T09:00:00'))), []);
    });

    it('retries a refused report, fails it after the last attempt, and an operator retries it once fixed', async () => {
      const at = sh('2026-11-02T10:00:00');
      const submission = await registered('rn-refused.com', at, { registrar: 'godaddy' });
      const decision = await approve(submission.id, at);
      const reportId = decision.report?.id ?? 0;
      assert.equal(decision.report?.dueDate, '2026-11-04');
      let now = sh('2026-11-04T09:00:00');
      for (let attempt = 1; attempt <= 5; attempt++) {
        const summary = await world.runJobs(now);
        assert.deepEqual(
          summary,
          attempt < 5
            ? { completed: 0, retried: 1, failed: 0, lost: 0 }
            : { completed: 0, retried: 0, failed: 1, lost: 0 },
        );
        now = new Date(now.getTime() + backoffSeconds(attempt) * 1000);
      }
      const [failed] = await world.registrar.listReports({ actor: OPERATOR, status: 'failed' });
      assert.equal(failed?.id, reportId);
      assert.equal(failed?.attempts, 5);
      assert.match(failed?.lastError?.zh ?? '', /GoDaddy.com, LLC 不是工信部批准的域名注册服务机构/);
      assert.match(failed?.lastError?.en ?? '', /not an MIIT-approved registrar/);
      assert.equal(
        (await findDomainRegistration(world.database.kysely, 'rn-refused.com'))?.realName.reportedAt,
        null,
      );
      assert.deepEqual((await world.runJobs(new Date(now.getTime() + 86_400_000))).failed, 0);
      await assert.rejects(
        world.registrar.retryReport({ actor: LI_LEI, now, reportId }),
        refusedWith('FORBIDDEN'),
      );

      // The operator confirms MIIT approved the registrar (an override) and retries.
      const fixed = createRegistrarSandbox({ database: world.database, policy: policyApprovingGodaddy() });
      const retried = await fixed.retryReport({ actor: OPERATOR, now, reportId });
      assert.deepEqual([retried.status, retried.attempts], ['scheduled', 0]);
      await assert.rejects(
        fixed.retryReport({ actor: OPERATOR, now, reportId }),
        refusedWith('REAL_NAME_STATE'),
      );
      assert.equal((await runDueJobs(world.database, fixed.jobHandlers(), now)).completed, 1);
      const [landed] = await fixed.listReports({ actor: OPERATOR, domain: 'rn-refused.com' });
      assert.deepEqual([landed?.status, landed?.attempts, landed?.lastError], ['reported', 1, null]);
      assert.equal(
        (await findDomainRegistration(world.database.kysely, 'rn-refused.com'))?.realName.reportedAt,
        now.toISOString(),
      );
      const audit = await world.database.kysely
        .selectFrom('audit_event')
        .select(['action', 'actor_account'])
        .where('target', '=', 'domain:rn-refused.com')
        .orderBy('id')
        .execute();
      assert.deepEqual(audit.map((e) => `${e.action}/${e.actor_account}`).slice(-3), [
        'registrar.real-name.report-failed/system',
        'registrar.real-name.report-retry/reg.operator',
        'registrar.real-name.report/system',
      ]);
    });

    it('a holder change cancels the scheduled report: nothing reaches MIIT for the old holder', async () => {
      const at = sh('2026-11-09T10:00:00');
      const submission = await registered('rn-cancelled.cn', at);
      const decision = await approve(submission.id, at);
      await world.registrar.changeHolder({
        actor: OPERATOR,
        now: sh('2026-11-10T10:00:00'),
        domain: 'rn-cancelled.cn',
        input: { holder: PERSON },
      });
      assert.equal((await world.runJobs(sh(`${decision.report?.dueDate ?? ''}T09:00:00`))).completed, 1);
      const [report] = await world.registrar.listReports({ actor: OPERATOR, domain: 'rn-cancelled.cn' });
      assert.deepEqual([report?.status, report?.reportedAt], ['cancelled', null]);
      const miit = await findDomainRegistration(world.database.kysely, 'rn-cancelled.cn');
      assert.deepEqual(
        [miit?.realName.status, miit?.realName.reportedAt, miit?.realName.holder?.name],
        ['none', null, PERSON.name],
      );
    });
  });
}
