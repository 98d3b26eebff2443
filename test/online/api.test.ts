/** POST /precheck with online facts: off unless the deployment passes AppOptions.online. */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { checkReportSchema } from '../../src/http/schemas.ts';
import { createOnlineFacts, loadBootstrap, loadWhoisServers } from '../../src/online/index.ts';
import type { Database } from '../../src/store/index.ts';
import { createFixture } from '../http/http-fixture.ts';
import { START } from '../http/http-fixture.ts';
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

type Result = { findings: { code: string }[]; sources?: { origin: string; used: boolean }[] };
type Report = { results: Result[] };

for (const dialect of testDialects()) {
  describe(`precheck with online facts (${dialect.name})`, { skip: dialect.skip }, () => {
    let rdap: LocalServer;
    let whois: LocalServer;
    let db: Database;
    const request = { inputs: ['elsewhere.com'], at: '2026-11-28T12:00:00+08:00' };

    before(async () => {
      rdap = await startHttpServer((path) => ({
        json: registryAnswer({ domain: path.replace('/domain/', '') }, 'self'),
      }));
      whois = await startWhoisServer((query) => ({ text: cnnicAnswer({ domain: query }) }));
    });
    after(async () => {
      await rdap.close();
      await whois.close();
    });
    beforeEach(async () => {
      db = await dialect.open();
    });
    afterEach(() => db.destroy());

    const online = () =>
      createOnlineFacts({
        bootstrap: loadBootstrap(writeBootstrap({ com: `${rdap.url}/` })),
        whoisServers: loadWhoisServers(writeWhoisServers(whois.port)),
        database: db,
        now: () => START,
      });

    it('is off by default: no server is asked and the report keeps the contract’s shape', async () => {
      const fx = await createFixture(db);
      const asked = rdap.requests.length;
      const response = await fx.request('POST', '/precheck', { body: request });
      assert.equal(response.status, 200);
      const [result] = ((await response.json()) as Report).results as [Result];
      assert.deepEqual(
        result.findings.map((f) => f.code),
        ['DOMAIN_NOT_REGISTERED', 'SUBJECT_NOT_GIVEN'],
      );
      assert.equal('sources' in result, false);
      assert.equal(rdap.requests.length, asked);
    });

    it('adds RDAP facts and their sources when the deployment opts in', async () => {
      const fx = await createFixture(db, { online: online() });
      const response = await fx.request('POST', '/precheck', { body: request });
      assert.equal(response.status, 200);
      const body = (await response.json()) as Report;
      checkReportSchema.parse(body);
      const [result] = body.results as [Result];
      assert.deepEqual(
        result.findings.map((f) => f.code),
        ['REAL_NAME_UNKNOWN', 'SUBJECT_NOT_GIVEN'],
      );
      assert.deepEqual(
        result.sources?.map((s) => [s.origin, s.used]),
        [['rdap', true]],
      );
      // Cached in the deployment's database for the next caller.
      const rows = await db.kysely.selectFrom('online_fact_cache').select(['source', 'domain']).execute();
      assert.deepEqual(rows, [{ source: 'rdap', domain: 'elsewhere.com' }]);
    });
  });
}
