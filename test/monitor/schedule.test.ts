/**
 * The daily campaign of `beian serve` on SQLite and PostgreSQL: scheduled for 03:00 Beijing time, run
 * once per day however many instances schedule it, overdue rectifications escalated by the same run,
 * and the next day's run queued.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runDueJobs } from '../../src/jobs/index.ts';
import {
  MONITOR_JOB,
  listCampaigns,
  monitorJobHandlers,
  nextRunAt,
  openRectifications,
  readRectification,
  runCampaign,
  scheduleMonitor,
} from '../../src/monitor/index.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import { localMonitor, seedFiledSites } from './fixture.ts';
import { startDns, startWeb } from './local-net.ts';
import type { LocalDns, LocalWeb } from './local-net.ts';

describe('nextRunAt', () => {
  it('is the coming 03:00 in Beijing (19:00 UTC)', () => {
    assert.equal(nextRunAt(new Date('2026-12-01T04:00:00Z')).toISOString(), '2026-12-01T19:00:00.000Z');
    assert.equal(nextRunAt(new Date('2026-12-01T19:00:00Z')).toISOString(), '2026-12-02T19:00:00.000Z');
  });
});

let dns: LocalDns;
let web: LocalWeb;
before(async () => {
  dns = await startDns(new Map([['bare.cn', { a: ['127.0.0.1'] }]]));
  web = await startWeb(() => ({ kind: 'page', html: '<footer>© 2026</footer>' }));
});
after(async () => {
  await dns.close();
  await web.close();
});

for (const dialect of testDialects()) {
  describe(`daily monitor job (${dialect.name})`, { skip: dialect.skip }, () => {
    let database: Database;
    before(async () => {
      database = await dialect.open();
      await seedFiledSites(database, [{ number: '京ICP备2026700001号-1', domains: ['bare.cn'] }]);
    });
    after(() => database?.destroy());

    const pendingJobs = () =>
      database.kysely
        .selectFrom('job')
        .select(['run_at', 'payload'])
        .where('kind', '=', MONITOR_JOB)
        .where('done_at', 'is', null)
        .where('failed_at', 'is', null)
        .execute();

    it('runs the day’s campaign once, escalates what is overdue and queues the next day', async () => {
      const at = new Date('2026-12-01T04:00:00Z');
      // Two instances start at once: one pending job.
      await Promise.all([scheduleMonitor(database, at), scheduleMonitor(database, at)]);
      const pending = await pendingJobs();
      assert.equal(pending.length, 1);
      assert.match(String(pending[0]?.run_at), /^2026-12-01T19:00:00/);

      // A rectification from an earlier campaign, its deadline passed by the run.
      const earlier = await runCampaign(database, {
        cohort: { kind: 'all' },
        actor: { account: 'wang.wu', role: 'provider-reviewer' },
        monitor: localMonitor(dns, web, { now: () => at }),
      });
      const { opened } = await openRectifications(database, {
        campaignId: earlier?.campaignId ?? 0,
        deadline: '2026-12-01',
        actor: { account: 'wang.wu', role: 'provider-reviewer' },
        now: at,
      });

      const runAt = new Date('2026-12-01T19:00:05Z');
      const handlers = monitorJobHandlers(() => localMonitor(dns, web, { now: () => runAt }));
      assert.equal((await runDueJobs(database, handlers, runAt)).completed, 1);
      const campaigns = await listCampaigns(database);
      assert.deepEqual(
        campaigns.map((c) => [c.scheduledFor, c.startedBy, c.sites, c.failing]),
        [
          ['2026-12-02', 'system', 1, 1],
          [null, 'wang.wu', 1, 1],
        ],
      );
      assert.equal((await readRectification(database, opened[0]?.id ?? 0)).status, 'escalated');
      const next = await pendingJobs();
      assert.equal(next.length, 1);
      assert.match(String(next[0]?.run_at), /^2026-12-02T19:00:00/);
      // Nothing else is due today: a second worker pass runs nothing.
      assert.equal((await runDueJobs(database, handlers, runAt)).completed, 0);
    });
  });
}
