/**
 * The registrar API: an operator registers and decides, the holder submits real-name and prints the
 * certificate, anyone checks its code; 401/403/404 where they belong; the PDF download; OpenAPI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../src/filing/roles.ts';
import { apiErrorSchema } from '../../src/http/errors.ts';
import {
  decisionSchema,
  domainDetailSchema,
  domainListSchema,
  registrarDomainSchema,
  reportListSchema,
  submissionListSchema,
  submissionSchema,
  verificationSchema,
} from '../../src/http/registrar-schemas.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import type { Fixture } from './http-fixture.ts';
import { createFixture } from './http-fixture.ts';

const HOLDER = {
  name: '杭州示例科技有限公司',
  type: 'enterprise',
  idType: 'uscc',
  idNumber: '91330106MA2B3C4D5D',
};
const U_LABEL = '接口示例.中国';

for (const dialect of testDialects()) {
  describe(`registrar API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: Fixture;
    before(async () => {
      db = await dialect.open();
      fx = await createFixture(db, { rateLimits: { certificateVerify: { limit: 5, windowMs: 60_000 } } });
    });
    after(() => db.destroy());

    async function call(role: Role | null, method: string, path: string, body?: unknown) {
      const headers: Record<string, string> = {};
      if (role !== null) {
        const session = await fx.sessionOf(role);
        headers.cookie = session.cookie;
        headers['x-csrf-token'] = session.csrf;
      }
      return fx.request(method, path, { headers, ...(body === undefined ? {} : { body }) });
    }
    const errorOf = async (response: Response) => apiErrorSchema.parse(await response.json());
    const operator = (method: string, path: string, body?: unknown) =>
      call('registrar-operator', method, path, body);
    const applicant = (method: string, path: string, body?: unknown) => call('applicant', method, path, body);
    let code = '';

    it('lets an operator register a domain for the applicant’s account', async () => {
      const response = await operator('POST', '/registrar/domains', {
        domain: U_LABEL,
        holder: HOLDER,
        years: 2,
        account: 'applicant.user',
      });
      assert.equal(response.status, 201);
      const domain = registrarDomainSchema.parse(await response.json());
      assert.equal(domain.domain.unicode, U_LABEL);
      assert.equal(domain.account, 'applicant.user');
      assert.equal(
        (await operator('POST', '/registrar/domains', { domain: U_LABEL, holder: HOLDER })).status,
        409,
      );
      // The demo's MIIT data has demo-ok.cn registered at 阿里云 until 2028.
      const taken = await operator('POST', '/registrar/domains', { domain: 'demo-ok.cn', holder: HOLDER });
      assert.equal((await errorOf(taken)).code, 'DOMAIN_TAKEN');
    });

    it('names the bad field: the domain in the path, the holder in the body', async () => {
      const path = await operator('GET', '/registrar/domains/not_a..domain');
      assert.equal(path.status, 400);
      assert.deepEqual(
        (await errorOf(path)).fields.map((f) => f.path),
        ['domain'],
      );
      const holder = await operator('POST', '/registrar/domains', {
        domain: 'api-bad-holder.cn',
        holder: { ...HOLDER, idNumber: '91330106MA2B3C4D5E' },
      });
      assert.equal(holder.status, 400);
      assert.deepEqual(
        (await errorOf(holder)).fields.map((f) => f.path),
        ['holder.idNumber'],
      );
    });

    it('refuses anonymous visitors and roles without the action', async () => {
      assert.equal((await call(null, 'GET', '/registrar/domains')).status, 401);
      assert.equal((await applicant('GET', '/registrar/domains')).status, 403);
      assert.equal(
        (await applicant('POST', '/registrar/domains', { domain: 'mine.cn', holder: HOLDER })).status,
        403,
      );
      assert.equal((await call('provider-reviewer', 'GET', '/registrar/my-domains')).status, 403);
      assert.equal((await operator('GET', '/registrar/my-domains')).status, 403);
    });

    it('takes the holder’s real-name submission and the operator’s approval', async () => {
      const mine = domainListSchema.parse(await (await applicant('GET', '/registrar/my-domains')).json());
      assert.deepEqual(
        mine.domains.map((d) => d.domain.unicode),
        [U_LABEL],
      );
      const ascii = mine.domains[0]?.domain.ascii ?? '';
      const submitted = await applicant(
        'POST',
        `/registrar/my-domains/${encodeURIComponent(U_LABEL)}/real-name`,
        { holder: HOLDER },
      );
      assert.equal(submitted.status, 201);
      const submission = submissionSchema.parse(await submitted.json());
      assert.equal(submission.status, 'pending');
      const queue = submissionListSchema.parse(
        await (await operator('GET', '/registrar/real-name?status=pending')).json(),
      );
      assert.deepEqual(
        queue.submissions.map((s) => s.id),
        [submission.id],
      );
      assert.equal((await applicant('POST', `/registrar/real-name/${submission.id}/approve`)).status, 403);
      const approved = await operator('POST', `/registrar/real-name/${submission.id}/approve`);
      assert.equal(approved.status, 200);
      const decision = decisionSchema.parse(await approved.json());
      assert.equal(decision.domain.realName.status, 'verified');
      // Saturday 2026-11-28: two working days on is Tuesday 12-01.
      assert.equal(decision.report?.dueDate, '2026-12-01');
      const detail = domainDetailSchema.parse(
        await (await operator('GET', `/registrar/domains/${ascii}`)).json(),
      );
      assert.deepEqual(
        detail.reports.map((r) => r.status),
        ['scheduled'],
      );
      const reports = reportListSchema.parse(
        await (await operator('GET', '/registrar/reports?status=scheduled')).json(),
      );
      assert.ok(reports.reports.some((r) => r.domain.ascii === ascii));
      assert.equal(
        (await operator('POST', `/registrar/reports/${reports.reports[0]?.id ?? 0}/retry`)).status,
        409,
      );
      assert.equal((await operator('POST', '/registrar/real-name/999999/approve')).status, 404);
    });

    it('prints the certificate as a PDF download for its holder', async () => {
      const response = await applicant(
        'POST',
        `/registrar/my-domains/${encodeURIComponent(U_LABEL)}/certificate`,
      );
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('content-type'), 'application/pdf');
      assert.match(
        response.headers.get('content-disposition') ?? '',
        /^attachment; filename="domain-certificate-xn--[a-z0-9-]+\.xn--fiqs8s-DC-20261128-[0-9A-F]{8}\.pdf"$/,
      );
      const bytes = Buffer.from(await response.arrayBuffer());
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      code = response.headers.get('x-verification-code') ?? '';
      assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      const other = await call(
        'bureau-reviewer',
        'POST',
        `/registrar/my-domains/${encodeURIComponent(U_LABEL)}/certificate`,
      );
      assert.equal(other.status, 403);
      await operator('POST', '/registrar/domains', { domain: 'api-someone-else.cn', holder: HOLDER });
      const notMine = await applicant('POST', '/registrar/my-domains/api-someone-else.cn/certificate');
      assert.equal(notMine.status, 404);
      const unverified = await operator('POST', '/registrar/domains/api-someone-else.cn/certificate');
      assert.equal((await errorOf(unverified)).code, 'CERTIFICATE_REFUSED');
    });

    it('lets anyone check a code, within the rate limit', async () => {
      const valid = verificationSchema.parse(
        await (await call(null, 'GET', `/certificates/verify?code=${code.toLowerCase()}`)).json(),
      );
      assert.equal(valid.valid && valid.domain.unicode, U_LABEL);
      assert.equal(valid.valid && valid.current, true);
      const invalid = await (await call(null, 'GET', '/certificates/verify?code=0000-0000-0000-0000')).json();
      assert.deepEqual(invalid, { valid: false });
      for (let i = 0; i < 3; i++) await call(null, 'GET', '/certificates/verify?code=x');
      const limited = await call(null, 'GET', '/certificates/verify?code=x');
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    });

    it('documents every registrar route in OpenAPI, the certificate as application/pdf', async () => {
      type Operation = { 'x-beian-access': string; responses: Record<string, { content?: object }> };
      const document = (await (await fx.request('GET', '/openapi.json')).json()) as {
        paths: Record<string, Partial<Record<'get' | 'post', Operation>>>;
      };
      const operation = (path: string, method: 'get' | 'post') => document.paths[`/api/v1${path}`]?.[method];
      const certificate = operation('/registrar/domains/{domain}/certificate', 'post');
      assert.deepEqual(Object.keys(certificate?.responses['201']?.content ?? {}), ['application/pdf']);
      assert.equal(certificate?.['x-beian-access'], 'registrar.manage');
      assert.equal(operation('/registrar/my-domains', 'get')?.['x-beian-access'], 'registrar.own-domains');
      assert.equal(operation('/certificates/verify', 'get')?.['x-beian-access'], 'certificate.verify-public');
      for (const path of [
        '/registrar/real-name/{id}/reject',
        '/registrar/reports/{id}/retry',
        '/registrar/domains/{domain}/holder',
      ]) {
        assert.ok(operation(path, 'post'), path);
      }
    });
  });
}
