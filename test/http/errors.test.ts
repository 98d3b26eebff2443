/** Every error status of the API, each in the one error shape. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API_ERROR_CODES, ERROR_STATUS, apiErrorSchema } from '../../src/http/errors.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import type { Fixture } from './http-fixture.ts';
import { createFixture } from './http-fixture.ts';

async function expectError(response: Response, status: number, code: string) {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = apiErrorSchema.parse(await response.json());
  assert.equal(body.code, code);
  assert.ok(body.message.zh.length > 0 && body.message.en.length > 0);
  return body;
}

for (const dialect of testDialects()) {
  describe(`API errors (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: Fixture;
    before(async () => {
      db = await dialect.open();
      fx = await createFixture(db, {
        rateLimits: { precheck: { limit: 3, windowMs: 60_000 } },
        bodyLimitBytes: 4096,
      });
    });
    after(() => db.destroy());

    it('maps every code to a 4xx or 5xx status', () => {
      for (const code of API_ERROR_CODES)
        assert.ok(ERROR_STATUS[code] >= 400 && ERROR_STATUS[code] < 600, code);
    });

    it('400 VALIDATION_FAILED names each failing field by path', async () => {
      const body = await expectError(
        await fx.request('POST', '/precheck', {
          body: { inputs: ['ok.cn', 5], subjectType: 'pirate', at: 'yesterday' },
          headers: { 'x-test-ip': '198.51.100.1' },
        }),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(body.fields.map((field) => field.path).sort(), ['at', 'inputs.1', 'subjectType']);
      for (const field of body.fields) assert.ok(field.message.zh && field.message.en);
    });

    it('400 VALIDATION_FAILED says "required" for a missing field, and names an unknown province', async () => {
      const missing = await expectError(
        await fx.request('POST', '/session', { body: { login: 'x' } }),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(missing.fields, [
        { path: 'password', code: 'invalid_type', message: { zh: '必填', en: 'required' } },
      ]);
      const province = await expectError(
        await fx.request('POST', '/precheck', {
          body: { inputs: ['demo-ok.cn'], province: 'atlantis' },
          headers: { 'x-test-ip': '198.51.100.2' },
        }),
        400,
        'VALIDATION_FAILED',
      );
      assert.equal(province.fields[0]?.path, 'province');
    });

    it('400 MALFORMED_JSON for a body that is not JSON', async () => {
      await expectError(
        await fx.request('POST', '/session', {
          body: '{"login": ',
          headers: { 'content-type': 'application/json' },
        }),
        400,
        'MALFORMED_JSON',
      );
    });

    it('401 UNAUTHENTICATED for anonymous and for a bad bearer token', async () => {
      await expectError(await fx.request('GET', '/session'), 401, 'UNAUTHENTICATED');
      const bad = await fx.request('GET', '/filings?domain=demo-ok.cn', {
        headers: { authorization: 'Bearer beian_not-a-real-token-at-all' },
      });
      assert.equal(bad.headers.get('www-authenticate'), 'Bearer');
      await expectError(bad, 401, 'UNAUTHENTICATED');
    });

    it('401 LOGIN_FAILED for a wrong password, the same as for an unknown login', async () => {
      const wrong = await fx.request('POST', '/session', { body: { login: 'admin.user', password: 'nope' } });
      const unknown = await fx.request('POST', '/session', { body: { login: 'nobody', password: 'nope' } });
      assert.deepEqual(
        await expectError(wrong, 401, 'LOGIN_FAILED'),
        await expectError(unknown, 401, 'LOGIN_FAILED'),
      );
    });

    it('403 CSRF_TOKEN_INVALID and SESSION_REQUIRED', async () => {
      const { cookie } = await fx.sessionOf('applicant');
      await expectError(
        await fx.request('POST', '/tokens', { body: { name: 'x' }, headers: { cookie } }),
        403,
        'CSRF_TOKEN_INVALID',
      );
    });

    it('404 NOT_FOUND for unknown routes, inside and outside /api/v1', async () => {
      await expectError(await fx.request('GET', '/no-such-thing'), 404, 'NOT_FOUND');
      await expectError(await fx.app.request('/elsewhere'), 404, 'NOT_FOUND');
    });

    it('405 METHOD_NOT_ALLOWED with Allow for a known path', async () => {
      const response = await fx.request('PATCH', '/precheck');
      assert.equal(response.headers.get('allow'), 'POST');
      await expectError(response, 405, 'METHOD_NOT_ALLOWED');
    });

    it('413 PAYLOAD_TOO_LARGE over the body limit, declared or streamed', async () => {
      const big = JSON.stringify({ inputs: ['a'.repeat(5000)] });
      await expectError(await fx.request('POST', '/precheck', { body: big }), 413, 'PAYLOAD_TOO_LARGE');
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
          controller.close();
        },
      });
      const response = await fx.app.request('/api/v1/precheck', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      });
      await expectError(response, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('415 UNSUPPORTED_MEDIA_TYPE for a body that is not declared JSON', async () => {
      await expectError(
        await fx.request('POST', '/precheck', {
          body: 'inputs=demo-ok.cn',
          headers: { 'content-type': 'text/plain' },
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    });

    it('429 RATE_LIMITED with Retry-After once the precheck allowance is spent, per IP', async () => {
      const ask = (ip: string) =>
        fx.request('POST', '/precheck', { body: { inputs: ['demo-ok.cn'] }, headers: { 'x-test-ip': ip } });
      for (let i = 0; i < 3; i++) assert.equal((await ask('203.0.113.9')).status, 200);
      const limited = await ask('203.0.113.9');
      assert.equal(limited.headers.get('retry-after'), '60');
      await expectError(limited, 429, 'RATE_LIMITED');
      assert.equal((await ask('203.0.113.10')).status, 200);
    });

    it('500 INTERNAL_ERROR for a bug: generic message, no stack, reported to the operator', async () => {
      const brokenDb = await dialect.open();
      after(() => brokenDb.destroy());
      const broken = await createFixture(brokenDb, {
        facts: {
          consulted: ['miit-sandbox'],
          domainFacts: () => Promise.reject(new Error('secret internal detail')),
          subjectFilings: () => Promise.reject(new Error('secret internal detail')),
        },
      });
      const response = await broken.request('POST', '/precheck', { body: { inputs: ['demo-ok.cn'] } });
      const text = await response.clone().text();
      assert.doesNotMatch(text, /secret internal detail|at .*\.ts/);
      await expectError(response, 500, 'INTERNAL_ERROR');
      assert.equal(broken.errors.length, 1);
    });

    it('sets no-store and nosniff on every answer', async () => {
      const response = await fx.request('GET', '/nope');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    });
  });
}
