/**
 * POST /precheck with online facts: off unless the deployment passes AppOptions.online; the web page's
 * precheck (no JavaScript) asks the same sources as the API it mirrors. Without public data, a domain
 * nobody here knows is "no record here", with the sources consulted in the evidence.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { checkReportSchema } from '../../src/http/schemas.ts';
import { createOnlineFacts, loadBootstrap, loadWhoisServers } from '../../src/online/index.ts';
import type { Database } from '../../src/store/index.ts';
import { createFixture } from '../http/http-fixture.ts';
import { createWebFixture } from '../web/web-fixture.ts';
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

type Result = {
  findings: { code: string; evidence: Record<string, unknown>; message: { en: string } }[];
  sources?: { origin: string; used: boolean }[];
};
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
      // Absence from this deployment's data, said as such, with what was consulted.
      const [notRegistered] = result.findings;
      assert.deepEqual(notRegistered?.evidence.consulted, ['miit-sandbox']);
      assert.equal(notRegistered?.evidence.publicLookup, 'not-asked');
      assert.match(notRegistered?.message.en ?? '', /in the domain data consulted here: this deployment's/);
    });

    const form = {
      province: '330000',
      subjectType: 'enterprise',
      subjectIdType: 'uscc',
      subjectId: '91330106MA2B3C4D5D',
      subjectName: '杭州示例科技有限公司',
      domain: 'elsewhere.com',
    };

    it('the precheck page without online facts says "no record here", not "unregistered"', async () => {
      const visitor = await (await createWebFixture(db)).browser();
      await visitor.get('/precheck?lang=en');
      const page = await visitor.post('/precheck', form);
      assert.match(page.html, /href="\/rules#DOMAIN_NOT_REGISTERED"/);
      assert.match(page.text, /not that the domain is unregistered/);
    });

    it('the precheck page asks the public sources too where the deployment opted in', async () => {
      const visitor = await (await createWebFixture(db, { online: online() })).browser();
      await visitor.get('/precheck?lang=en');
      const asked = rdap.requests.length;
      const page = await visitor.post('/precheck', form);
      assert.equal(page.status, 200);
      assert.ok(rdap.requests.length > asked, 'RDAP was asked');
      assert.doesNotMatch(page.html, /href="\/rules#DOMAIN_NOT_REGISTERED"/);
      assert.match(page.html, /href="\/rules#REAL_NAME_UNKNOWN"/);
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
