/**
 * Issue 14: jobs run exactly once across instances. Three processes run the job runner on one
 * PostgreSQL database at the same moment over 600 due jobs (FOR UPDATE SKIP LOCKED, src/jobs/queue.ts);
 * every job runs once, and more than one process takes a share.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { enqueue } from '../../src/jobs/index.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import { databaseUrl } from './cluster.ts';

const postgres = testDialects().find((dialect) => dialect.name === 'postgres');
const WORKERS = 3;
const JOBS = 600;
const WORKER = join(import.meta.dirname, 'job-worker.ts');

describe('jobs across processes (postgres)', { skip: postgres?.skip ?? 'no postgres' }, () => {
  let database: Database;
  before(async () => {
    database = await (postgres ?? { open: () => Promise.reject(new Error('no postgres')) }).open();
  });
  after(() => database?.destroy());

  it(`${WORKERS} runner processes, ${JOBS} due jobs: each job runs exactly once`, async () => {
    await sql`create table job_run (job_id integer not null, worker text not null)`.execute(database.kysely);
    const due = new Date(Date.now() - 60_000);
    for (let i = 0; i < JOBS; i++)
      await enqueue(database.kysely, { kind: 'test.record', payload: { i }, runAt: due });
    const url = await databaseUrl(database);
    const workers = Array.from({ length: WORKERS }, () =>
      spawn(process.execPath, ['--import', import.meta.resolve('tsx'), WORKER], {
        env: { ...process.env, DATABASE_URL: url },
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const outputs = workers.map((child) => {
      let out = '';
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('ready\n')) resolve();
        }),
      );
      const done = new Promise<string>((resolve, reject) =>
        child.once('exit', (code) =>
          code === 0 ? resolve(out) : reject(new Error(`worker exited ${code}: ${out}`)),
        ),
      );
      return { ready, done };
    });
    await Promise.all(outputs.map((output) => output.ready));
    for (const child of workers) child.stdin.end('go\n');
    const summaries = (await Promise.all(outputs.map((output) => output.done))).map(
      (out) =>
        JSON.parse(out.split('\n').filter(Boolean).pop() ?? '{}') as { completed: number; lost: number },
    );

    const runs = await sql<{ job_id: number; n: number }>`
      select job_id, count(*)::int as n from job_run group by job_id`.execute(database.kysely);
    assert.equal(runs.rows.length, JOBS, 'every job ran');
    assert.deepEqual(
      runs.rows.filter((row) => row.n !== 1),
      [],
      'no job ran twice',
    );
    assert.equal(
      summaries.reduce((sum, summary) => sum + summary.completed, 0),
      JOBS,
    );
    assert.deepEqual(
      summaries.map((summary) => summary.lost),
      Array.from({ length: WORKERS }, () => 0),
    );
    const open = await database.kysely.selectFrom('job').select('id').where('done_at', 'is', null).execute();
    assert.deepEqual(open, []);
    const workersThatRan = await sql<{
      n: number;
    }>`select count(distinct worker)::int as n from job_run`.execute(database.kysely);
    assert.ok((workersThatRan.rows[0]?.n ?? 0) > 1, 'the processes shared the work');
  });
});
