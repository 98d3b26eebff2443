/** Precheck (same report as the use case), the public filings query, and the OpenAPI document. */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { caseArgs, loadWalkthrough } from '../../src/cli/demo-command.ts';
import { API_ROUTES } from '../../src/http/routes.ts';
import { checkReportSchema, filingsQueryResultSchema } from '../../src/http/schemas.ts';
import { createFactsStore } from '../../src/store/index.ts';
import type { Database } from '../../src/store/index.ts';
import { checkDomains } from '../../src/checking/index.ts';
import { importFilings } from '../../src/imports/index.ts';
import type { CheckRequest } from '../../src/checking/index.ts';
import { testDialects } from '../support/databases.ts';
import type { Fixture } from './http-fixture.ts';
import { START, createFixture, read } from './http-fixture.ts';

/** The parts of the document the test reads. */
type Operation = {
  'x-beian-access': string;
  parameters: { name: string }[];
  requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
  responses: Record<string, { content: Record<string, { schema: { $ref?: string } }> }>;
};
type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

const walkthrough = loadWalkthrough();

/** The walkthrough's CLI arguments as a precheck body. */
function requestOf(args: string[]): CheckRequest {
  const request: Record<string, unknown> = { inputs: [] as string[] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) (request.inputs as string[]).push(arg);
    else if (arg === '--one-website') request.oneWebsite = true;
    else request[arg.slice(2).replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())] = args[++i];
  }
  return request as CheckRequest;
}

for (const dialect of testDialects()) {
  describe(`public API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: Fixture;
    before(async () => {
      db = await dialect.open();
      fx = await createFixture(db, { rateLimits: { precheck: { limit: 1000, windowMs: 60_000 } } });
    });
    after(() => db.destroy());

    it('precheck answers every walkthrough case exactly as checkDomains does', async () => {
      // A provider reviewer may name the account a case is checked for (public-routes.ts).
      const reviewer = await fx.sessionOf('provider-reviewer');
      const headers = { cookie: reviewer.cookie, 'x-csrf-token': reviewer.csrf };
      for (let index = 0; index < walkthrough.cases.length; index++) {
        const request = requestOf(caseArgs(walkthrough, index));
        const response = await fx.request('POST', '/precheck', { body: request, headers });
        assert.equal(response.status, 200);
        const body = await response.json();
        checkReportSchema.parse(body);
        const expected = await checkDomains(
          { policy: fx.policy, facts: createFactsStore(db) },
          request,
          () => START,
        );
        assert.deepEqual(body, JSON.parse(JSON.stringify(expected)), `case ${index}`);
      }
    });

    it('precheck without --at evaluates at the app clock', async () => {
      const response = await fx.request('POST', '/precheck', { body: { inputs: ['demo-ok.cn'] } });
      assert.equal((await read.report(response)).at, '2026-11-28T12:00:00+08:00');
    });

    it('queries filed websites by domain, subdomain URL, website number, subject number and name', async () => {
      const query = async (search: string) => {
        const response = await fx.request('GET', `/filings?${search}`);
        assert.equal(response.status, 200, search);
        return filingsQueryResultSchema.parse(await response.json());
      };
      const byDomain = await query('domain=demo-filed-here.cn');
      assert.equal(byDomain.results.length, 1);
      const filing = byDomain.results[0];
      assert.equal(filing?.websiteNumber, '京ICP备2021012345号-1');
      assert.equal(filing?.subjectNumber, '京ICP备2021012345号');
      assert.ok(!JSON.stringify(byDomain).includes('91110108MA01AB2C3T'), 'no certificate numbers');
      assert.deepEqual(
        await query(`domain=${encodeURIComponent('https://www.demo-filed-here.cn/x')}`),
        byDomain,
      );
      assert.deepEqual(await query(`number=${encodeURIComponent('京ICP备2021012345号-1')}`), byDomain);
      assert.ok((await query(`number=${encodeURIComponent('京ICP备2021012345号')}`)).results.length >= 1);
      assert.ok(
        (await query(`subject=${encodeURIComponent('北京示例信息技术有限公司')}`)).results.length >= 1,
      );
      assert.deepEqual(await query('domain=not-filed-anywhere.cn'), { results: [] });
      assert.deepEqual(await query('domain=%00%FF'), { results: [] });
    });

    it('queries a licence holder’s websites by its licence number (京ICP证…, 粤B2-…)', async () => {
      const line = {
        subjectNumber: '粤B2-20090059',
        province: '440000',
        subject: {
          name: '深圳许可证示例有限公司',
          type: 'enterprise',
          idType: 'uscc',
          idNumber: '91440300LICENCE5',
        },
        provider: 'other',
        websites: [{ number: '粤B2-20090059-5', domains: ['licence-api.cn'] }],
      };
      const summary = await importFilings({
        db,
        policy: fx.policy,
        format: 'jsonl',
        input: Readable.from([JSON.stringify(line)]),
      });
      assert.deepEqual(summary.errors, []);
      for (const number of ['粤B2-20090059-5', '粤B2-20090059', '粤b2－20090059']) {
        const response = await fx.request('GET', `/filings?number=${encodeURIComponent(number)}`);
        assert.equal(response.status, 200, number);
        const body = filingsQueryResultSchema.parse(await response.json());
        assert.deepEqual(
          body.results.map((r) => [r.subjectNumber, r.websiteNumber, r.domains[0]?.ascii]),
          [['粤B2-20090059', '粤B2-20090059-5', 'licence-api.cn']],
          number,
        );
      }
    });

    it('refuses a filings query with none or several of domain, number, subject', async () => {
      for (const search of ['', 'domain=a.cn&subject=x', `subject=${'x'.repeat(300)}`]) {
        const response = await fx.request('GET', `/filings?${search}`);
        assert.equal(response.status, 400, search);
        assert.equal(await read.errorCode(response), 'VALIDATION_FAILED');
      }
    });

    it('publishes an OpenAPI 3.1 document listing every route with its access and schemas', async () => {
      const response = await fx.request('GET', '/openapi.json');
      assert.equal(response.status, 200);
      const doc = (await response.json()) as OpenApiDocument;
      assert.equal(doc.openapi, '3.1.0');
      const listed = Object.entries(doc.paths)
        .flatMap(([path, operations]) =>
          Object.entries(operations).map(([method, op]) => `${method} ${path} ${op['x-beian-access']}`),
        )
        .sort();
      const expected = API_ROUTES.map(
        (route) => `${route.method} /api/v1${route.path.replace(/:(\w+)/g, '{$1}')} ${route.access}`,
      ).sort();
      assert.deepEqual(listed, expected);
      assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), [
        'bearerToken',
        'csrfToken',
        'sessionCookie',
      ]);
      assert.ok(doc.components.schemas.ApiError);
      const precheck = doc.paths['/api/v1/precheck']?.post;
      assert.ok(precheck?.requestBody.content['application/json']?.schema.properties.inputs);
      assert.equal(
        precheck?.responses['429']?.content['application/json']?.schema.$ref,
        '#/components/schemas/ApiError',
      );
      assert.deepEqual(
        doc.paths['/api/v1/filings']?.get?.parameters.map((p) => p.name),
        ['domain', 'number', 'subject'],
      );
      assert.ok(!JSON.stringify(doc).includes('#/$defs/'), 'every reference resolves into components');
    });
  });
}
