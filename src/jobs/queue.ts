/**
 * 任务队列 — the job table as a queue: enqueue in the caller's transaction, claim due
 * jobs under a time-limited lock, then complete or fail them. A claim counts as an attempt, so a job
 * whose worker died mid-run is retried when its lock expires and still stops at `max_attempts`.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../store/index.ts';
import { fromJson } from '../store/index.ts';
import type { JobTable, Schema } from '../store/index.ts';
import { writeTransaction } from '../store/index.ts';

/** 任务 — a job as a handler sees it; `payload` is parsed JSON, to be validated by the handler. */
export type Job = {
  id: number;
  kind: string;
  payload: unknown;
  runAt: string;
  /** Attempts so far, this one included. */
  attempts: number;
  maxAttempts: number;
  lockedUntil: string | null;
  lockedBy: string | null;
  lastError: string | null;
  doneAt: string | null;
  failedAt: string | null;
  createdAt: string;
};

type EnqueueRequest = {
  kind: string;
  /** Any JSON value; stored as text. */
  payload: unknown;
  runAt: Date;
  /** Default DEFAULT_MAX_ATTEMPTS. */
  maxAttempts?: number;
  /** Recorded as `created_at`; default the current time (bookkeeping only, no decision reads it). */
  now?: Date;
};

type ClaimRequest = {
  now: Date;
  /** Written to `locked_by`; complete and fail check it, so a worker cannot finish a job it lost. */
  workerId: string;
  /** Only jobs of these kinds (those the worker has handlers for). */
  kinds: readonly string[];
  /** How long the claim holds; a job still running after it can be claimed by another worker. */
  lockSeconds: number;
  /** At most this many jobs (default 10). */
  limit?: number;
};

/** What `fail` did: scheduled another attempt, gave up, or nothing (the lock was lost). */
type FailOutcome = { outcome: 'retry'; runAt: string } | { outcome: 'failed' } | { outcome: 'lost' };

export const DEFAULT_MAX_ATTEMPTS = 5;
const BACKOFF_BASE_SECONDS = 30;
const BACKOFF_MAX_SECONDS = 6 * 60 * 60;

/** Seconds before attempt `attempts + 1`: 30 s, 1 min, 2 min, … capped at 6 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(BACKOFF_BASE_SECONDS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_SECONDS);
}

/** Adds a job; pass the caller's transaction so the job exists exactly when the state change does. */
export async function enqueue(db: Kysely<Schema>, request: EnqueueRequest): Promise<number> {
  const maxAttempts = request.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be ≥ 1');
  const payload = JSON.stringify(request.payload);
  if (payload === undefined) throw new TypeError(`job ${request.kind}: payload is not JSON`);
  const row = await db
    .insertInto('job')
    .values({
      kind: request.kind,
      payload,
      run_at: request.runAt.toISOString(),
      max_attempts: maxAttempts,
      locked_until: null,
      locked_by: null,
      last_error: null,
      done_at: null,
      failed_at: null,
      created_at: (request.now ?? new Date()).toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Claims due jobs (run_at ≤ now, unlocked or lock expired, not finished), oldest first. PostgreSQL:
 * `SELECT … FOR UPDATE SKIP LOCKED` so concurrent claimers take disjoint jobs without waiting; SQLite:
 * `begin immediate`, which serialises claimers on the database write lock.
 */
export async function claim(database: Database, request: ClaimRequest): Promise<Job[]> {
  if (request.kinds.length === 0) return [];
  const now = request.now.toISOString();
  const lockedUntil = new Date(request.now.getTime() + request.lockSeconds * 1000).toISOString();
  return writeTransaction(database, async (tx) => {
    let due = tx
      .selectFrom('job')
      .select('id')
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
      .where('kind', 'in', [...request.kinds])
      .orderBy('run_at')
      .orderBy('id')
      .limit(request.limit ?? 10);
    if (database.dialect === 'postgres') due = due.forUpdate().skipLocked();
    const ids = (await due.execute()).map((row) => row.id);
    if (ids.length === 0) return [];
    const rows = await tx
      .updateTable('job')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        locked_until: lockedUntil,
        locked_by: request.workerId,
      }))
      .where('id', 'in', ids)
      .returningAll()
      .execute();
    return rows.map(jobFromRow).sort((a, b) => a.runAt.localeCompare(b.runAt) || a.id - b.id);
  });
}

/** Marks a claimed job done; false when `workerId` no longer holds it (its lock expired and moved on). */
export async function complete(
  db: Kysely<Schema>,
  request: { id: number; workerId: string; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set({ done_at: request.now.toISOString(), locked_until: null, locked_by: null, last_error: null })
    .where('id', '=', request.id)
    .where('locked_by', '=', request.workerId)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records a failed attempt: another run after `backoffSeconds(attempts)`, or `failed_at` once
 * `max_attempts` is reached. One UPDATE per branch keeps it atomic without a transaction.
 */
export async function fail(
  db: Kysely<Schema>,
  request: { id: number; workerId: string; now: Date; error: string },
): Promise<FailOutcome> {
  const row = await db
    .selectFrom('job')
    .select(['attempts', 'max_attempts'])
    .where('id', '=', request.id)
    .where('locked_by', '=', request.workerId)
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirst();
  if (!row) return { outcome: 'lost' };
  const gaveUp = row.attempts >= row.max_attempts;
  const runAt = new Date(request.now.getTime() + backoffSeconds(row.attempts) * 1000).toISOString();
  const result = await db
    .updateTable('job')
    .set({
      locked_until: null,
      locked_by: null,
      last_error: request.error.slice(0, 4000),
      ...(gaveUp ? { failed_at: request.now.toISOString() } : { run_at: runAt }),
    })
    .where('id', '=', request.id)
    .where('locked_by', '=', request.workerId)
    .where('attempts', '=', row.attempts)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return { outcome: 'lost' };
  return gaveUp ? { outcome: 'failed' } : { outcome: 'retry', runAt };
}

/** A job by id (for inspection and tests). */
export async function findJob(db: Kysely<Schema>, id: number): Promise<Job | null> {
  const row = await db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? jobFromRow(row) : null;
}

function jobFromRow(row: Selectable<JobTable>): Job {
  return {
    id: row.id,
    kind: row.kind,
    payload: fromJson(row.payload),
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lockedUntil: row.locked_until,
    lockedBy: row.locked_by,
    lastError: row.last_error,
    doneAt: row.done_at,
    failedAt: row.failed_at,
    createdAt: row.created_at,
  };
}

/** 队列状况 — per kind: jobs waiting (pending), those already due, the oldest due's run_at, and given up. */
export type QueueStats = {
  kind: string;
  pending: number;
  due: number;
  oldestDueAt: string | null;
  failed: number;
};

/**
 * The queue as /metrics reports it, in three grouped counts (no row is read). A due job that waits
 * long means no instance is running jobs; failures are jobs that used their last attempt.
 */
export async function queueStats(db: Kysely<Schema>, now: Date): Promise<QueueStats[]> {
  const at = now.toISOString();
  const open = db.selectFrom('job').where('done_at', 'is', null).where('failed_at', 'is', null);
  const [pending, due, failed] = await Promise.all([
    open
      .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .execute(),
    open
      .where('run_at', '<=', at)
      .select((eb) => ['kind', eb.fn.countAll<number>().as('n'), eb.fn.min('run_at').as('oldest')])
      .groupBy('kind')
      .execute(),
    db
      .selectFrom('job')
      .where('failed_at', 'is not', null)
      .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .execute(),
  ]);
  const stats = new Map<string, QueueStats>();
  const of = (kind: string): QueueStats => {
    let entry = stats.get(kind);
    if (!entry) {
      entry = { kind, pending: 0, due: 0, oldestDueAt: null, failed: 0 };
      stats.set(kind, entry);
    }
    return entry;
  };
  for (const row of pending) of(row.kind).pending = Number(row.n);
  for (const row of due) {
    of(row.kind).due = Number(row.n);
    of(row.kind).oldestDueAt = row.oldest;
  }
  for (const row of failed) of(row.kind).failed = Number(row.n);
  return [...stats.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}
