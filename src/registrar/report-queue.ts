/**
 * 实名上报 for operators: the reports to the MIIT domain database, and retrying a failed one once its
 * cause is fixed (a new job now, attempts counted afresh).
 */
import { writeTransaction } from '../store/index.ts';
import type { RegistrarContext } from './context.ts';
import { auditDomain, parseRegistrableDomain, requirePermission } from './context.ts';
import { RegistrarError, notFound } from './errors.ts';
import { enqueueReportJob } from './report-schedule.ts';
import type { RealNameReport, RegistrarActor, ReportStatus } from './types.ts';
import { reportView } from './views.ts';

export const REPORT_STATUSES = ['scheduled', 'reported', 'failed', 'cancelled'] as const;

/** Reports for operators, newest first; `failed` ones are those waiting for them. */
export async function listReports(
  ctx: RegistrarContext,
  request: { actor: RegistrarActor; status?: ReportStatus; domain?: string; limit?: number; offset?: number },
): Promise<RealNameReport[]> {
  requirePermission(request.actor, 'registrar.manage', { zh: '查看实名上报', en: 'see real-name reports' });
  let query = ctx.database.kysely.selectFrom('real_name_report').selectAll();
  if (request.status !== undefined) query = query.where('status', '=', request.status);
  if (request.domain !== undefined)
    query = query.where('domain', '=', parseRegistrableDomain(request.domain).ascii);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(request.limit ?? 100)
    .offset(request.offset ?? 0)
    .execute();
  return rows.map(reportView);
}

/** An operator retries a failed report: a new job now, attempts counted afresh. */
export async function retryReport(
  ctx: RegistrarContext,
  request: { actor: RegistrarActor; now: Date; reportId: number },
): Promise<RealNameReport> {
  const { actor, now } = request;
  requirePermission(actor, 'registrar.manage', { zh: '重试实名上报', en: 'retry real-name reports' });
  return writeTransaction(ctx.database, async (tx) => {
    const report = await tx
      .selectFrom('real_name_report')
      .selectAll()
      .where('id', '=', request.reportId)
      .executeTakeFirst();
    if (!report)
      throw notFound({ zh: `实名上报 ${request.reportId}`, en: `real-name report ${request.reportId}` });
    if (report.status !== 'failed') {
      throw new RegistrarError('REAL_NAME_STATE', {
        zh: `只能重试失败的上报；该上报状态为 ${report.status}`,
        en: `only failed reports can be retried; this one is ${report.status}`,
      });
    }
    const updated = await tx
      .updateTable('real_name_report')
      .set({ status: 'scheduled', attempts: 0, updated_at: now.toISOString() })
      .where('id', '=', report.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const jobId = await enqueueReportJob(tx, report.id, now, now);
    await auditDomain(tx, {
      actor,
      action: 'registrar.real-name.report-retry',
      domain: report.domain,
      from: 'failed',
      to: 'scheduled',
      data: { reportId: report.id, jobId },
      now,
    });
    return reportView({ ...updated, job_id: jobId });
  });
}
