/**
 * 实名上报 scheduling: an approved real-name submission reaches the MIIT domain database the policy's
 * number of working days after approval (realNameReportingWorkdays, on the official calendar with its
 * holidays and makeup working days), at 09:00 Asia/Shanghai. The due date is computed exactly as the
 * engine computes REAL_NAME_NOT_REPORTED's expectedBy (src/rules/context.ts reportingDueDate), so what
 * the check promises is what the sandbox does.
 */
import type { Kysely } from 'kysely';
import { DEFAULT_MAX_ATTEMPTS, enqueue } from '../jobs/index.ts';
import type { PolicyData } from '../policy/index.ts';
import { CalendarCoverageError } from '../policy/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import type { Schema } from '../store/index.ts';

export const REAL_NAME_REPORT_JOB = 'real-name-report';
const REPORT_MAX_ATTEMPTS = DEFAULT_MAX_ATTEMPTS;
/** Reports go out at the start of the due working day. */
const REPORT_TIME = 'T09:00:00+08:00';

type ReportingDue = {
  dueDate: string;
  dueAt: Date;
  workdays: number;
  /** False when the official calendar does not cover the dates: Monday–Friday were counted instead. */
  calendarCovered: boolean;
};

/**
 * The national value applies: the registrar reports to MIIT, not to a bureau. Outside the calendar's
 * years the engine gives no date (it fails closed); the sandbox must still run the report, so it counts
 * Monday–Friday and records that it did.
 */
export function reportingDue(policy: PolicyData, verifiedAt: Date): ReportingDue {
  const workdays = policy.resolvePolicy(null, verifiedAt).realNameReportingWorkdays.value;
  const verifiedOn = shanghaiDate(verifiedAt);
  let dueDate: string;
  let calendarCovered = true;
  try {
    dueDate = policy.calendar.addWorkdays(verifiedOn, workdays);
  } catch (error) {
    if (!(error instanceof CalendarCoverageError)) throw error;
    dueDate = addWeekdays(verifiedOn, workdays);
    calendarCovered = false;
  }
  return { dueDate, dueAt: new Date(`${dueDate}${REPORT_TIME}`), workdays, calendarCovered };
}

/** `addWorkdays` with Monday–Friday as the only working days. */
function addWeekdays(date: string, n: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  const isWeekday = () => day.getUTCDay() !== 0 && day.getUTCDay() !== 6;
  while (!isWeekday()) day.setUTCDate(day.getUTCDate() + 1);
  for (let left = n; left > 0;) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (isWeekday()) left -= 1;
  }
  return day.toISOString().slice(0, 10);
}

/** Creates the report of an approved submission and its job; returns the report's id and due date. */
export async function scheduleReport(
  tx: Kysely<Schema>,
  policy: PolicyData,
  request: { domain: string; submissionId: number; verifiedAt: Date; now: Date },
): Promise<{ id: number; due: ReportingDue }> {
  const due = reportingDue(policy, request.verifiedAt);
  const now = request.now.toISOString();
  const report = await tx
    .insertInto('real_name_report')
    .values({
      domain: request.domain,
      submission_id: request.submissionId,
      status: 'scheduled',
      due_date: due.dueDate,
      due_at: due.dueAt.toISOString(),
      attempts: 0,
      last_error: null,
      reported_at: null,
      job_id: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueReportJob(tx, report.id, due.dueAt, request.now);
  return { id: report.id, due };
}

/** A job for the report at `runAt`; the report remembers it, so a stale job of the report does nothing. */
export async function enqueueReportJob(
  tx: Kysely<Schema>,
  reportId: number,
  runAt: Date,
  now: Date,
): Promise<number> {
  const jobId = await enqueue(tx, {
    kind: REAL_NAME_REPORT_JOB,
    payload: { reportId },
    runAt,
    maxAttempts: REPORT_MAX_ATTEMPTS,
    now,
  });
  await tx.updateTable('real_name_report').set({ job_id: jobId }).where('id', '=', reportId).execute();
  return jobId;
}

/**
 * Cancels the domain's reports that have not landed (scheduled, or failed and awaiting an operator):
 * after a holder change or a transfer out they would report data that is no longer the registrar's.
 */
export async function cancelOpenReports(tx: Kysely<Schema>, domain: string, now: Date): Promise<number[]> {
  const rows = await tx
    .updateTable('real_name_report')
    .set({ status: 'cancelled', updated_at: now.toISOString() })
    .where('domain', '=', domain)
    .where('status', 'in', ['scheduled', 'failed'])
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Supersedes the domain's pending submissions (a holder change, a transfer out, a newer submission). */
export async function supersedePendingSubmissions(tx: Kysely<Schema>, domain: string): Promise<number[]> {
  const rows = await tx
    .updateTable('real_name_submission')
    .set({ status: 'superseded' })
    .where('domain', '=', domain)
    .where('status', '=', 'pending')
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}
