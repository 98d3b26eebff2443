/**
 * Job `real-name-report` (实名上报): on its due working day the registrar reports an approved holder to
 * the MIIT domain database. MIIT may refuse (acceptRealNameReport says why): the attempt and the reason
 * are recorded and the job fails, so the runner retries with backoff; after the last attempt the report
 * is `failed` and waits for an operator (report-queue.ts), who sees why and retries once the cause is
 * fixed. Idempotent: a report that landed, was cancelled or belongs to a newer job is left alone.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { JobHandler } from '../jobs/index.ts';
import { writeTransaction } from '../store/index.ts';
import { RealNameReportRefused, acceptRealNameReport } from '../miit/index.ts';
import type { Schema } from '../store/index.ts';
import type { RegistrarContext } from './context.ts';
import { auditDomain } from './context.ts';
import { findRegistrarEntry, holderOf, loadDomainRow, updateDomainRow } from './domain-row.ts';
import { REGISTRAR_SYSTEM_ACTOR } from './types.ts';
import type { Localized, ReportStatus } from './types.ts';

const payloadSchema = z.object({ reportId: z.number().int().positive() });

export function realNameReportHandler(ctx: RegistrarContext): JobHandler {
  return async (job, { database, now }) => {
    const { reportId } = payloadSchema.parse(job.payload);
    const lastAttempt = job.attempts >= job.maxAttempts;
    let refusal: RealNameReportRefused | null;
    try {
      refusal = await writeTransaction(database, (tx) =>
        attemptReport(ctx, tx, { reportId, jobId: job.id, now }),
      );
    } catch (error) {
      // Not MIIT's refusal (a database outage, a bug): recorded too, so a last attempt still ends `failed`.
      const detail = error instanceof Error ? error.message : String(error);
      const reason = { zh: `上报出错：${detail}`, en: `the report failed: ${detail}` };
      await recordFailure(ctx, { reportId, jobId: job.id, reason, lastAttempt, now });
      throw error;
    }
    if (refusal !== null) {
      await recordFailure(ctx, { reportId, jobId: job.id, reason: refusal.reason, lastAttempt, now });
      throw refusal;
    }
  };
}

/** One attempt, in the job's transaction; MIIT's refusal is returned (nothing was written), not thrown. */
async function attemptReport(
  ctx: RegistrarContext,
  tx: Kysely<Schema>,
  request: { reportId: number; jobId: number; now: Date },
): Promise<RealNameReportRefused | null> {
  const { now } = request;
  const report = await tx
    .selectFrom('real_name_report')
    .selectAll()
    .where('id', '=', request.reportId)
    .executeTakeFirst();
  if (!report || report.status !== 'scheduled' || report.job_id !== request.jobId) return null;
  const row = await loadDomainRow(tx, report.domain);
  const submission = await tx
    .selectFrom('real_name_submission')
    .select('status')
    .where('id', '=', report.submission_id)
    .executeTakeFirst();
  const stillTrue =
    row?.status === 'active' && row.real_name_status === 'verified' && submission?.status === 'approved';
  if (!row || !stillTrue || row.real_name_verified_at === null) {
    // Holder changes and transfers cancel their reports; this catches a row changed by other means.
    await tx
      .updateTable('real_name_report')
      .set({ status: 'cancelled', updated_at: now.toISOString() })
      .where('id', '=', report.id)
      .execute();
    return null;
  }
  const registrar = findRegistrarEntry(ctx, row.registrar_id);
  if (!registrar) {
    return new RealNameReportRefused('registrar-not-approved', {
      zh: `注册商 ${row.registrar_id} 不在政策数据中，域名库不接收其上报`,
      en: `registrar ${row.registrar_id} is not in the policy data; the domain database does not accept its reports`,
    });
  }
  try {
    await acceptRealNameReport(tx, ctx.policy, {
      domain: row.domain,
      registrar,
      holder: holderOf(row),
      verifiedAt: row.real_name_verified_at,
      now,
    });
  } catch (error) {
    if (error instanceof RealNameReportRefused) return error;
    throw error;
  }
  await tx
    .updateTable('real_name_report')
    .set({
      status: 'reported',
      reported_at: now.toISOString(),
      attempts: report.attempts + 1,
      last_error: null,
      updated_at: now.toISOString(),
    })
    .where('id', '=', report.id)
    .execute();
  await updateDomainRow(tx, row, { real_name_reported_at: now.toISOString() }, now);
  await auditDomain(tx, {
    actor: REGISTRAR_SYSTEM_ACTOR,
    action: 'registrar.real-name.report',
    domain: row.domain,
    from: 'scheduled',
    to: 'reported',
    data: { reportId: report.id, dueDate: report.due_date, attempt: report.attempts + 1 },
    now,
  });
  return null;
}

/** Writes the failed attempt in its own transaction: the job's failure must not roll it back. */
async function recordFailure(
  ctx: RegistrarContext,
  request: { reportId: number; jobId: number; reason: Localized; lastAttempt: boolean; now: Date },
): Promise<void> {
  const { now } = request;
  await writeTransaction(ctx.database, async (tx) => {
    const report = await tx
      .selectFrom('real_name_report')
      .selectAll()
      .where('id', '=', request.reportId)
      .executeTakeFirst();
    if (!report || report.status !== 'scheduled' || report.job_id !== request.jobId) return;
    const status: ReportStatus = request.lastAttempt ? 'failed' : 'scheduled';
    await tx
      .updateTable('real_name_report')
      .set({
        status,
        attempts: report.attempts + 1,
        last_error: JSON.stringify(request.reason),
        updated_at: now.toISOString(),
      })
      .where('id', '=', report.id)
      .execute();
    if (status === 'failed') {
      await auditDomain(tx, {
        actor: REGISTRAR_SYSTEM_ACTOR,
        action: 'registrar.real-name.report-failed',
        domain: report.domain,
        from: 'scheduled',
        to: 'failed',
        data: { reportId: report.id, attempts: report.attempts + 1, reason: request.reason },
        now,
      });
    }
  });
}
