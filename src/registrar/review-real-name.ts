/**
 * 实名审核 — a registrar operator decides a pending real-name submission. Approval verifies the domain
 * at once (MIIT's copy says verified, not yet reported) and schedules the report to the MIIT domain
 * database; a rejection says why, in the holder's language, and leaves the domain unverified.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { toFieldErrors } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { RegistrarContext } from './context.ts';
import { auditDomain, domainLabel, requirePermission } from './context.ts';
import type { DomainRow } from './domain-row.ts';
import { domainView, loadDomainRow, requireActive, syncToMiit, updateDomainRow } from './domain-row.ts';
import { RegistrarError, invalidFields, notFound } from './errors.ts';
import { scheduleReport } from './report-schedule.ts';
import { submissionView } from './views.ts';
import type { RealNameSubmission, RegistrarActor, RegistrarDomain } from './types.ts';

export const MAX_REASON_LENGTH = 500;

export const rejectRealNameInputSchema = z
  .strictObject({
    reason: z.strictObject({
      zh: z.string().trim().min(1).max(MAX_REASON_LENGTH),
      en: z.string().trim().min(1).max(MAX_REASON_LENGTH).optional(),
    }),
  })
  .meta({ id: 'RejectRealNameRequest', description: 'Why, shown to the holder; Chinese required' });

export type RealNameDecision = {
  submission: RealNameSubmission;
  domain: RegistrarDomain;
  /** The scheduled report of an approval. */
  report: { id: number; dueDate: string; dueAt: string } | null;
};

/** The pending submission and its active domain, inside the decision's transaction. */
async function loadPending(
  tx: Kysely<Schema>,
  submissionId: number,
): Promise<{ submission: NonNullable<Awaited<ReturnType<typeof findSubmission>>>; row: DomainRow }> {
  const submission = await findSubmission(tx, submissionId);
  if (!submission)
    throw notFound({ zh: `实名认证资料 ${submissionId}`, en: `real-name submission ${submissionId}` });
  const label = domainLabel(submission.domain).unicode;
  if (submission.status !== 'pending') {
    throw new RegistrarError('REAL_NAME_STATE', {
      zh: `${label} 的这份实名认证资料已不在待审核状态（${submission.status}）`,
      en: `this real-name submission for ${label} is no longer pending (${submission.status})`,
    });
  }
  const row = await loadDomainRow(tx, submission.domain);
  if (!row) throw new Error(`submission ${submissionId} names a domain that is not registered here`);
  requireActive(row);
  return { submission, row };
}

function findSubmission(tx: Kysely<Schema>, id: number) {
  return tx.selectFrom('real_name_submission').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function approveRealName(
  ctx: RegistrarContext,
  request: { actor: RegistrarActor; now: Date; submissionId: number },
): Promise<RealNameDecision> {
  const { actor, now } = request;
  requirePermission(actor, 'registrar.manage', { zh: '审核实名认证', en: 'decide real-name verification' });
  return writeTransaction(ctx.database, async (tx) => {
    const { submission, row } = await loadPending(tx, request.submissionId);
    const decided = await tx
      .updateTable('real_name_submission')
      .set({ status: 'approved', decided_by: actor.account, decided_at: now.toISOString() })
      .where('id', '=', submission.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const updated = await updateDomainRow(
      tx,
      row,
      { real_name_status: 'verified', real_name_verified_at: now.toISOString(), real_name_reported_at: null },
      now,
    );
    await syncToMiit(tx, ctx, updated, now);
    const report = await scheduleReport(tx, ctx.policy, {
      domain: row.domain,
      submissionId: submission.id,
      verifiedAt: now,
      now,
    });
    await auditDomain(tx, {
      actor,
      action: 'registrar.real-name.approve',
      domain: row.domain,
      from: row.real_name_status,
      to: 'verified',
      data: {
        submissionId: submission.id,
        reportId: report.id,
        dueDate: report.due.dueDate,
        workdays: report.due.workdays,
        calendarCovered: report.due.calendarCovered,
      },
      now,
    });
    return {
      submission: submissionView(decided),
      domain: domainView(ctx, updated),
      report: { id: report.id, dueDate: report.due.dueDate, dueAt: report.due.dueAt.toISOString() },
    };
  });
}

export async function rejectRealName(
  ctx: RegistrarContext,
  request: {
    actor: RegistrarActor;
    now: Date;
    submissionId: number;
    input: z.input<typeof rejectRealNameInputSchema>;
  },
): Promise<RealNameDecision> {
  const { actor, now } = request;
  requirePermission(actor, 'registrar.manage', { zh: '审核实名认证', en: 'decide real-name verification' });
  const parsed = rejectRealNameInputSchema.safeParse(request.input, { reportInput: true });
  if (!parsed.success) throw invalidFields(toFieldErrors(parsed.error.issues, request.input));
  const { reason } = parsed.data;
  return writeTransaction(ctx.database, async (tx) => {
    const { submission, row } = await loadPending(tx, request.submissionId);
    const decided = await tx
      .updateTable('real_name_submission')
      .set({
        status: 'rejected',
        decided_by: actor.account,
        decided_at: now.toISOString(),
        reason: JSON.stringify(reason),
      })
      .where('id', '=', submission.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const updated = await updateDomainRow(tx, row, { real_name_status: 'rejected' }, now);
    await syncToMiit(tx, ctx, updated, now);
    await auditDomain(tx, {
      actor,
      action: 'registrar.real-name.reject',
      domain: row.domain,
      from: row.real_name_status,
      to: 'rejected',
      data: { submissionId: submission.id, reason },
      now,
    });
    return { submission: submissionView(decided), domain: domainView(ctx, updated), report: null };
  });
}
