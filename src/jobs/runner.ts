/**
 * 任务执行 — runs due jobs by kind. The workflow registers handlers (SMS timeout, order expiry…); each
 * handler opens its own transaction for its state change, and the job is completed after it returns.
 * Handlers must be idempotent: a worker that dies between the handler's commit and `complete` leaves the
 * job to be claimed again once its lock expires.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import { claim, complete, fail } from './queue.ts';
import type { Job } from './queue.ts';

/** Runs one job; throwing fails the attempt (retried with backoff until `max_attempts`). */
export type JobHandler = (
  job: Job,
  context: { db: Kysely<Schema>; database: Database; now: Date },
) => Promise<void>;

type RunDueJobsOptions = {
  /** Default a random id per call. */
  workerId?: string;
  /** Default 300 s: longer than any handler should take. */
  lockSeconds?: number;
  /** Stop after this many jobs (default 100), so one call stays bounded. */
  maxJobs?: number;
};

export type RunSummary = { completed: number; retried: number; failed: number; lost: number };

/**
 * Claims and runs the jobs due at `now` whose kind has a handler, in batches until none is due or
 * `maxJobs` ran. Jobs run one after another: order expiry and SMS timeouts are few and cheap, and
 * serial runs keep SQLite's single writer uncontended.
 */
export async function runDueJobs(
  database: Database,
  handlers: Readonly<Record<string, JobHandler>>,
  now: Date,
  options: RunDueJobsOptions = {},
): Promise<RunSummary> {
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  const maxJobs = options.maxJobs ?? 100;
  const summary: RunSummary = { completed: 0, retried: 0, failed: 0, lost: 0 };
  const kinds = Object.keys(handlers);
  let ran = 0;
  while (ran < maxJobs) {
    const jobs = await claim(database, {
      now,
      workerId,
      kinds,
      lockSeconds: options.lockSeconds ?? 300,
      limit: Math.min(10, maxJobs - ran),
    });
    if (jobs.length === 0) break;
    for (const job of jobs) {
      ran += 1;
      const handler = handlers[job.kind];
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        await handler(job, { db: database.kysely, database, now });
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        const result = await fail(database.kysely, { id: job.id, workerId, now, error: message });
        summary[result.outcome === 'retry' ? 'retried' : result.outcome] += 1;
        continue;
      }
      if (await complete(database.kysely, { id: job.id, workerId, now })) summary.completed += 1;
      else summary.lost += 1;
    }
  }
  return summary;
}
