/**
 * A job runner in a process of its own, for test/multi-instance/jobs-across-processes.test.ts: opens
 * DATABASE_URL, prints `ready`, waits for `go` on stdin (so that every worker claims at once), runs
 * the due `test.record` jobs (each records its run in `job_run`), and prints its summary as JSON.
 */
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { runDueJobs } from '../../src/jobs/index.ts';
import { openDatabase } from '../../src/store/index.ts';

const database = await openDatabase({ url: process.env.DATABASE_URL });
const worker = `worker-${process.pid}`;
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'go') break;
lines.close();
const summary = await runDueJobs(
  database,
  {
    'test.record': async (job, { db }) => {
      await sql`insert into job_run (job_id, worker) values (${job.id}, ${worker})`.execute(db);
    },
  },
  new Date(),
  { workerId: worker, maxJobs: 100_000 },
);
process.stdout.write(`${JSON.stringify(summary)}\n`);
await database.destroy();
