import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { backoffSeconds, claim, complete, enqueue, findJob, runDueJobs } from '../../src/jobs/index.ts';
import type { Job } from '../../src/jobs/index.ts';
import type { Database } from '../../src/store/index.ts';
import { concurrentHandle, testDialects } from '../support/databases.ts';

const T0 = new Date('2026-11-28T04:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

describe('backoffSeconds', () => {
  it('doubles from 30 s and caps at 6 h', () => {
    assert.deepEqual([1, 2, 3, 4].map(backoffSeconds), [30, 60, 120, 240]);
    assert.equal(backoffSeconds(30), 6 * 60 * 60);
  });
});

for (const dialect of testDialects()) {
  describe(`job runner (${dialect.name})`, { skip: dialect.skip }, () => {
    let database: Database;
    before(async () => {
      database = await dialect.open();
    });
    after(() => database?.destroy());
    const clear = () => database.kysely.deleteFrom('job').execute();

    it('claims only due jobs of the asked kinds, oldest first, and runs them', async () => {
      await clear();
      const later = await enqueue(database.kysely, {
        kind: 'sms-timeout',
        payload: { id: 2 },
        runAt: at(60),
        now: T0,
      });
      const due = await enqueue(database.kysely, {
        kind: 'sms-timeout',
        payload: { id: 1 },
        runAt: T0,
        now: T0,
      });
      await enqueue(database.kysely, { kind: 'other', payload: null, runAt: T0, now: T0 });
      const seen: Job[] = [];
      const summary = await runDueJobs(
        database,
        { 'sms-timeout': (job) => Promise.resolve(void seen.push(job)) },
        T0,
      );
      assert.deepEqual(summary, { completed: 1, retried: 0, failed: 0, lost: 0 });
      assert.deepEqual(
        seen.map((job) => [job.id, job.payload, job.attempts]),
        [[due, { id: 1 }, 1]],
      );
      assert.equal((await findJob(database.kysely, due))?.doneAt, T0.toISOString());
      const next = await runDueJobs(database, { 'sms-timeout': () => Promise.resolve() }, at(60));
      assert.equal(next.completed, 1);
      assert.ok((await findJob(database.kysely, later))?.doneAt);
    });

    it('never gives two concurrent claimers the same job', async () => {
      await clear();
      for (let index = 0; index < 20; index++)
        await enqueue(database.kysely, { kind: 'expire-order', payload: { index }, runAt: T0, now: T0 });
      const handle = await concurrentHandle(database);
      const claims = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((workerId) =>
          claim(handle, { now: T0, workerId, kinds: ['expire-order'], lockSeconds: 60, limit: 7 }),
        ),
      ).finally(() => handle.destroy());
      const ids = claims.flat().map((job) => job.id);
      assert.equal(ids.length, 20);
      assert.equal(new Set(ids).size, 20);
    });

    it('retries a failing handler with backoff and stops after max_attempts', async () => {
      await clear();
      const id = await enqueue(database.kysely, {
        kind: 'flaky',
        payload: {},
        runAt: T0,
        maxAttempts: 3,
        now: T0,
      });
      let calls = 0;
      const handlers = {
        flaky: () => {
          calls += 1;
          return Promise.reject(new Error(`boom ${calls}`));
        },
      };
      assert.equal((await runDueJobs(database, handlers, T0)).retried, 1);
      assert.equal((await findJob(database.kysely, id))?.runAt, at(30).toISOString());
      assert.equal((await runDueJobs(database, handlers, at(29))).retried, 0, 'not before its backoff');
      assert.equal((await runDueJobs(database, handlers, at(30))).retried, 1);
      assert.equal((await findJob(database.kysely, id))?.runAt, at(90).toISOString());
      assert.equal((await runDueJobs(database, handlers, at(90))).failed, 1);
      assert.deepEqual(await runDueJobs(database, handlers, at(86_400)), {
        completed: 0,
        retried: 0,
        failed: 0,
        lost: 0,
      });
      const job = await findJob(database.kysely, id);
      assert.equal(calls, 3);
      assert.equal(job?.attempts, 3);
      assert.equal(job?.failedAt, at(90).toISOString());
      assert.match(job?.lastError ?? '', /boom 3/);
    });

    it('lets another worker claim a job whose lock expired; the first can no longer complete it', async () => {
      await clear();
      const id = await enqueue(database.kysely, { kind: 'slow', payload: {}, runAt: T0, now: T0 });
      const request = { kinds: ['slow'], lockSeconds: 60 };
      assert.equal((await claim(database, { ...request, now: T0, workerId: 'a' })).length, 1);
      assert.deepEqual(await claim(database, { ...request, now: at(59), workerId: 'b' }), []);
      const [reclaimed] = await claim(database, { ...request, now: at(60), workerId: 'b' });
      assert.deepEqual([reclaimed?.id, reclaimed?.attempts, reclaimed?.lockedBy], [id, 2, 'b']);
      assert.equal(await complete(database.kysely, { id, workerId: 'a', now: at(61) }), false);
      assert.equal(await complete(database.kysely, { id, workerId: 'b', now: at(61) }), true);
      assert.deepEqual(await claim(database, { ...request, now: at(600), workerId: 'c' }), []);
    });
  });
}
