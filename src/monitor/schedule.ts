/**
 * The scheduled campaign of `beian serve`: a job (src/jobs) per Asia/Shanghai day that checks every
 * filed website hosted here and escalates overdue rectifications. Exactly once across instances: the
 * queue lets one worker claim a job, and the campaign's unique slot (its day) turns a second job for
 * the same day (two instances scheduling at once, a retry after a crash) into a no-op.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { JobHandler } from '../jobs/index.ts';
import { enqueue } from '../jobs/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import type { Database, Schema } from '../store/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { MonitorActor } from './campaigns.ts';
import { escalateOverdue, runCampaign } from './campaigns.ts';
import type { Cohort } from './cohort.ts';
import type { MonitorDeps } from './run-monitor.ts';

export const MONITOR_JOB = 'monitor-campaign';
/** A campaign an operator asked for on the web: run by the job worker, not inside the request. */
export const MONITOR_REQUEST_JOB = 'monitor-campaign-request';
const SYSTEM = { account: 'system', role: 'system' };
/** 03:00 Beijing time: quiet hours for customers' servers. */
const RUN_HOUR_UTC = 19;

/** The next run: today's 03:00 Beijing time if still ahead, else tomorrow's. */
export function nextRunAt(now: Date): Date {
  const run = new Date(now);
  run.setUTCHours(RUN_HOUR_UTC, 0, 0, 0);
  if (run.getTime() <= now.getTime()) run.setUTCDate(run.getUTCDate() + 1);
  return run;
}

/**
 * Makes sure a run is scheduled: enqueues the next one unless a pending job of the kind exists. The
 * look and the enqueue are one transaction under a lock (SQLite's `begin immediate`, a PostgreSQL
 * advisory lock), so instances starting together queue one job, not one each.
 */
export async function scheduleMonitor(
  database: Database,
  now: Date,
  /** The job running now, which is pending until its handler returns: not a next run. */
  running?: number,
): Promise<void> {
  await writeTransaction(database, async (tx) => {
    if (database.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtext(${MONITOR_JOB}))`.execute(tx);
    const pending = await tx
      .selectFrom('job')
      .select('id')
      .where('kind', '=', MONITOR_JOB)
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .$if(running !== undefined, (query) => query.where('id', '<>', running as number))
      .executeTakeFirst();
    if (pending) return;
    const runAt = nextRunAt(now);
    await enqueue(tx, {
      kind: MONITOR_JOB,
      payload: { slot: shanghaiDate(runAt) },
      runAt,
      maxAttempts: 1,
      now,
    });
  });
}

/**
 * Queues an operator's campaign: a cohort of thousands of websites takes minutes, longer than a request
 * should, so the worker of `beian serve` runs it and the campaign list shows it once it starts.
 */
export async function requestCampaign(
  db: Kysely<Schema>,
  request: { cohort: Cohort; actor: MonitorActor; now: Date },
): Promise<void> {
  await enqueue(db, {
    kind: MONITOR_REQUEST_JOB,
    payload: { cohort: request.cohort, actor: request.actor },
    runAt: request.now,
    maxAttempts: 1,
    now: request.now,
  });
}

const isCohort = (value: unknown): value is Cohort => {
  const cohort = value as Partial<Record<string, unknown>> | null;
  if (typeof cohort !== 'object' || cohort === null) return false;
  if (cohort.kind === 'all') return true;
  if (cohort.kind === 'province') return typeof cohort.province === 'string';
  return cohort.kind === 'account' && typeof cohort.account === 'string';
};

export function monitorJobHandlers(monitor: () => MonitorDeps): Record<string, JobHandler> {
  return {
    [MONITOR_JOB]: async (job, { database, now }) => {
      const payload = job.payload as { slot?: unknown };
      const slot = typeof payload?.slot === 'string' ? payload.slot : shanghaiDate(now);
      await runCampaign(database, {
        cohort: { kind: 'all' },
        actor: SYSTEM,
        monitor: monitor(),
        scheduledFor: slot,
      });
      await escalateOverdue(database, SYSTEM, now);
      // The next day's run; a job still pending (another instance's) is left as it is.
      await scheduleMonitor(database, new Date(now.getTime() + 60_000), job.id);
    },
    [MONITOR_REQUEST_JOB]: async (job, { database }) => {
      const payload = job.payload as { cohort?: unknown; actor?: { account?: unknown; role?: unknown } };
      const actor = payload?.actor;
      if (!isCohort(payload?.cohort) || typeof actor?.account !== 'string' || typeof actor.role !== 'string')
        throw new Error('monitor campaign request without a cohort or an actor');
      await runCampaign(database, {
        cohort: payload.cohort,
        actor: { account: actor.account, role: actor.role },
        monitor: monitor(),
      });
    },
  };
}
