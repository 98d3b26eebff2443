/** The online facts cache (online_fact_cache) on both databases: hits, lifetimes, and what a row holds. */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { createOnlineFacts, loadBootstrap, loadWhoisServers } from '../../src/online/index.ts';
import type { OnlineFacts } from '../../src/online/index.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import type { LocalServer } from './servers.ts';
import {
  cnnicAnswer,
  registryAnswer,
  startHttpServer,
  startWhoisServer,
  writeBootstrap,
  writeWhoisServers,
} from './servers.ts';

const HOUR = 3_600_000;

for (const dialect of testDialects()) {
  describe(`online facts cache (${dialect.name})`, { skip: dialect.skip }, () => {
    let rdap: LocalServer;
    let whois: LocalServer;
    let db: Database;
    let failNext = false;
    const clock = { now: new Date('2026-11-28T04:00:00.000Z') };

    before(async () => {
      rdap = await startHttpServer((path) => {
        if (failNext) return { status: 500, body: 'down' };
        if (path === '/domain/cached.com') return { json: registryAnswer({ domain: 'cached.com' }, 'self') };
        return undefined;
      });
      whois = await startWhoisServer((query) => ({ text: cnnicAnswer({ domain: query }) }));
    });
    after(async () => {
      await rdap.close();
      await whois.close();
    });
    beforeEach(async () => {
      db = await dialect.open();
      rdap.requests.length = 0;
      whois.requests.length = 0;
      failNext = false;
      clock.now = new Date('2026-11-28T04:00:00.000Z');
    });
    afterEach(() => db.destroy());

    // A new instance per run, as each CLI run is: only the database carries answers across.
    const fresh = (): OnlineFacts =>
      createOnlineFacts({
        bootstrap: loadBootstrap(writeBootstrap({ com: `${rdap.url}/` })),
        whoisServers: loadWhoisServers(writeWhoisServers(whois.port)),
        database: db,
        now: () => clock.now,
      });

    it('answers a second run from the cache without asking the server', async () => {
      const first = (await fresh().lookup(['cached.com', 'demo.cn'])).get('cached.com');
      const second = (await fresh().lookup(['cached.com', 'demo.cn'])).get('cached.com');
      assert.equal(rdap.count('/domain/cached.com'), 1);
      assert.equal(whois.count('demo.cn'), 1);
      assert.deepEqual(second, first);
      const rows = await db.kysely.selectFrom('online_fact_cache').selectAll().orderBy('source').execute();
      assert.deepEqual(
        rows.map((row) => [row.source, row.domain, row.outcome, row.expires_at]),
        [
          ['rdap', 'cached.com', 'found', '2026-11-29T04:00:00.000Z'],
          ['whois', 'demo.cn', 'found', '2026-11-29T04:00:00.000Z'],
        ],
      );
    });

    it('asks again once a found answer is 24 hours old', async () => {
      await fresh().lookup(['cached.com']);
      clock.now = new Date(clock.now.getTime() + 24 * HOUR - 1);
      await fresh().lookup(['cached.com']);
      assert.equal(rdap.count('/domain/cached.com'), 1);
      clock.now = new Date(clock.now.getTime() + 1);
      await fresh().lookup(['cached.com']);
      assert.equal(rdap.count('/domain/cached.com'), 2);
    });

    it('keeps not found for an hour and a failure for ten minutes', async () => {
      await fresh().lookup(['missing.com']);
      failNext = true;
      await fresh().lookup(['failing.com']);
      failNext = false;
      clock.now = new Date(clock.now.getTime() + 10 * 60_000);
      await fresh().lookup(['missing.com', 'failing.com']);
      assert.deepEqual([rdap.count('/domain/missing.com'), rdap.count('/domain/failing.com')], [1, 2]);
      clock.now = new Date(clock.now.getTime() + HOUR);
      await fresh().lookup(['missing.com']);
      assert.equal(rdap.count('/domain/missing.com'), 2);
    });

    it('replaces a row on a new answer instead of adding one', async () => {
      failNext = true;
      const failed = (await fresh().lookup(['cached.com'])).get('cached.com');
      assert.equal(failed?.error, 'http-500');
      failNext = false;
      clock.now = new Date(clock.now.getTime() + HOUR);
      const found = (await fresh().lookup(['cached.com'])).get('cached.com');
      assert.equal(found?.outcome, 'found');
      const rows = await db.kysely.selectFrom('online_fact_cache').selectAll().execute();
      assert.deepEqual(
        rows.map((row) => [row.domain, row.outcome]),
        [['cached.com', 'found']],
      );
    });
  });
}
