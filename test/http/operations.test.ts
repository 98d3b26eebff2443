/**
 * Operating beian (issue 14): /healthz and /readyz, /metrics and who may read it, request ids, the
 * JSON log that never holds a certificate number, phone number or SMS code in full, and the client
 * address behind proxies (X-Forwarded-For only from trusted hops).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MetricsAccess, TrustProxy } from '../../src/config/index.ts';
import type { AppOptions } from '../../src/http/app.ts';
import { createLogger } from '../../src/http/logging.ts';
import { enqueue } from '../../src/jobs/index.ts';
import type { Database } from '../../src/store/index.ts';
import { S1, SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE } from '../workflow/workflow-fixture.ts';
import { testDialects } from '../support/databases.ts';
import { PASSWORD, START, createFixture } from './http-fixture.ts';
import type { Fixture } from './http-fixture.ts';
import { createWorkflowFixture, fileThrough } from './workflow-api-fixture.ts';

/** A request as if from a socket peer: Hono's node adapter hands the app `incoming`. */
function fromPeer(fx: Fixture, path: string, peer: string, init: RequestInit = {}) {
  return fx.app.request(path, init, { incoming: { socket: { remoteAddress: peer } } });
}

/** Options for an app that resolves client addresses as `beian serve` does (no test header). */
const served = (options: {
  trustProxy?: TrustProxy;
  metricsAccess?: MetricsAccess;
  extra?: Partial<AppOptions>;
}): Partial<AppOptions> => ({
  ...options.extra,
  clientIp: undefined,
  ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
  ...(options.metricsAccess ? { metricsAccess: options.metricsAccess } : {}),
});

for (const dialect of testDialects()) {
  /** Each fixture on a database of its own (fixtures create the same accounts); closed after all. */
  const opened: Database[] = [];
  after(() => Promise.all(opened.map((database) => database.destroy())));
  const fixture = async (options: Partial<AppOptions>): Promise<{ db: Database; fx: Fixture }> => {
    const database = await dialect.open();
    opened.push(database);
    return { db: database, fx: await createFixture(database, options) };
  };
  const workflowFixture = async (options: Partial<AppOptions>) => {
    const database = await dialect.open();
    opened.push(database);
    return { db: database, fx: await createWorkflowFixture(database, undefined, options) };
  };

  describe(`health and metrics (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: Fixture;
    const dir = mkdtempSync(join(tmpdir(), 'beian-ops-'));
    let draining = false;
    before(async () => {
      db = await dialect.open();
      fx = await createFixture(
        db,
        served({
          extra: { documentsDir: join(dir, 'documents'), isDraining: () => draining },
        }),
      );
    });
    after(async () => {
      await db?.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers /healthz and /readyz without credentials, naming each check', async () => {
      const health = await fromPeer(fx, '/healthz', '203.0.113.9');
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const ready = await fromPeer(fx, '/readyz', '203.0.113.9');
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), {
        status: 'ready',
        checks: { database: 'ok', migrations: 'ok', documents: 'ok' },
      });
    });

    it('is not ready while shutting down or when the document store cannot be written', async () => {
      draining = true;
      const drainingAnswer = await fromPeer(fx, '/readyz', '127.0.0.1');
      draining = false;
      assert.equal(drainingAnswer.status, 503);
      assert.equal(
        ((await drainingAnswer.json()) as { checks: { shutdown: string } }).checks.shutdown,
        'draining',
      );
      // A file where the directory should be: nothing can be written under it.
      const blocked = join(dir, 'blocked');
      writeFileSync(blocked, 'not a directory');
      const { fx: broken } = await fixture(served({ extra: { documentsDir: join(blocked, 'documents') } }));
      const answer = await fromPeer(broken, '/readyz', '127.0.0.1');
      assert.equal(answer.status, 503);
      assert.deepEqual(await answer.json(), {
        status: 'not-ready',
        checks: { database: 'ok', migrations: 'ok', documents: 'not-writable' },
      });
    });

    it('serves /metrics to loopback only by default, and refuses a request a proxy forwarded', async () => {
      assert.equal((await fromPeer(fx, '/metrics', '127.0.0.1')).status, 200);
      assert.equal((await fromPeer(fx, '/metrics', '::ffff:127.0.0.1')).status, 200);
      assert.equal((await fromPeer(fx, '/metrics', '203.0.113.9')).status, 403);
      // nginx on the same host: the peer is loopback, but the request came from outside.
      const forwarded = await fromPeer(fx, '/metrics', '127.0.0.1', {
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      assert.equal(forwarded.status, 403);
    });

    it('serves /metrics with a bearer token, or not at all, as configured', async () => {
      const token = 'metrics-scraper-token-0123456789abcdef';
      const { fx: withToken } = await fixture(served({ metricsAccess: { kind: 'token', token } }));
      const refused = await fromPeer(withToken, '/metrics', '127.0.0.1');
      assert.equal(refused.status, 401);
      assert.equal(refused.headers.get('www-authenticate'), 'Bearer');
      const wrong = await fromPeer(withToken, '/metrics', '127.0.0.1', {
        headers: { authorization: `Bearer ${token}x` },
      });
      assert.equal(wrong.status, 401);
      const right = await fromPeer(withToken, '/metrics', '203.0.113.9', {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(right.status, 200);
      const { fx: off } = await fixture(served({ metricsAccess: { kind: 'off' } }));
      assert.equal((await fromPeer(off, '/metrics', '127.0.0.1')).status, 404);
    });

    it('counts requests by route pattern and status with latency, checks, jobs, applications and the pool', async () => {
      const { fx: app, db } = await fixture(served({ metricsAccess: { kind: 'public' } }));
      for (const id of [101, 102, 103]) await app.request('GET', `/applications/${id}`);
      const precheck = await app.request('POST', '/precheck', {
        body: { inputs: ['demo-ok.cn', 'not a domain'], at: '2026-11-28T12:00:00+08:00' },
      });
      assert.equal(precheck.status, 200);
      await enqueue(db.kysely, {
        kind: 'ops-test',
        payload: {},
        runAt: new Date(app.clock.now.getTime() - 90_000),
      });
      const scraped = await fromPeer(app, '/metrics', '203.0.113.9');
      assert.equal(scraped.status, 200);
      assert.match(scraped.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await scraped.text();
      const series = (pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line));
      // One series for three ids: the pattern, never the path.
      assert.deepEqual(series(/^beian_http_requests_total\{.*route="\/api\/v1\/applications\/:id"/), [
        'beian_http_requests_total{method="GET",route="/api/v1/applications/:id",status="401"} 3',
      ]);
      assert.equal(series(/applications\/10[123]/).length, 0);
      assert.equal(
        series(
          /^beian_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/applications\/:id",status="401"\} 3$/,
        ).length,
        1,
      );
      assert.ok(
        series(
          /^beian_http_request_duration_seconds_bucket\{le="0\.25",method="POST",route="\/api\/v1\/precheck"/,
        ).length === 1,
      );
      assert.deepEqual(series(/^beian_engine_checks_total/).sort(), [
        'beian_engine_checks_total{outcome="ok"} 1',
        'beian_engine_checks_total{outcome="refused"} 1',
      ]);
      assert.ok(series(/^beian_engine_findings_total\{code="[A-Z_]+"\} \d+$/).length >= 1);
      assert.deepEqual(series(/^beian_jobs_(pending|due|failed)\{kind="ops-test"\}/), [
        'beian_jobs_pending{kind="ops-test"} 1',
        'beian_jobs_due{kind="ops-test"} 1',
        'beian_jobs_failed{kind="ops-test"} 0',
      ]);
      const age = Number(series(/^beian_jobs_oldest_due_age_seconds\{kind="ops-test"\}/)[0]?.split(' ')[1]);
      assert.ok(age >= 90 && age < 3600, String(age));
      // 2027-01-01T00:00+08:00: where an alert can see the calendar run out before dates stop computing.
      assert.deepEqual(series(/^beian_calendar_covered_until_seconds/), [
        'beian_calendar_covered_until_seconds 1798732800',
      ]);
      // The demo data holds filings, not applications; approved ones come from the workflow below.
      assert.ok(text.includes('# TYPE beian_applications gauge'));
      const pool = series(/^beian_db_pool_connections\{state="max"\}/);
      assert.deepEqual(
        pool,
        dialect.name === 'postgres' ? ['beian_db_pool_connections{state="max"} 10'] : [],
      );
    });
  });

  describe(`request ids and the log (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    before(async () => {
      db = await dialect.open();
    });
    after(() => db?.destroy());

    it('echoes a sane incoming X-Request-Id and replaces anything else', async () => {
      const { fx } = await fixture({});
      const kept = await fx.request('GET', '/rules', { headers: { 'x-request-id': 'lb-7f3a:42' } });
      assert.equal(kept.headers.get('x-request-id'), 'lb-7f3a:42');
      const smuggled = await fx.request('GET', '/rules', { headers: { 'x-request-id': 'a b\tforged line' } });
      assert.match(smuggled.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      const none = await fx.request('GET', '/nothing-here');
      assert.match(none.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    });

    it('logs a filing through sign-in and SMS without a certificate number, phone or code in full', async () => {
      let log = '';
      const logger = createLogger({
        level: 'trace',
        destination: { write: (line: string) => (log += line) },
      });
      const { fx, db } = await workflowFixture({ logger });
      const { id } = await fileThrough(fx, 'li.lei', S1, 'demo-ok.cn');
      // Sign-in with a password, a public query by the subject's certificate number, an unknown path
      // holding a phone number: each puts personal data in the request line.
      await fx.anonymous('POST', '/session', { login: 'li.lei', password: PASSWORD });
      await fx.anonymous('POST', '/session', { login: 'li.lei', password: 'wrong 13800138000' });
      await fx.anonymous('GET', `/filings?subject=${S1.responsiblePerson.idNumber}`);
      await fx.anonymous('GET', `/nothing/${SUBJECT_LEADER_PHONE}`);
      const lines = log
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.ok(lines.length >= 12, `${lines.length} log lines`);
      const verify = lines.filter((line) => line.route === '/api/v1/applications/:id/sms/verify');
      assert.equal(verify.length, 2);
      assert.deepEqual(
        Object.keys(verify[0] ?? {}).sort(),
        [
          'client',
          'level',
          'method',
          'ms',
          'msg',
          'path',
          'pid',
          'hostname',
          'reqId',
          'route',
          'status',
          'time',
        ].sort(),
      );
      assert.equal(verify[0]?.path, `/api/v1/applications/${id}/sms/verify`);
      const outbox = lines.find((line) => line.route === '/api/v1/sandbox/sms-outbox');
      assert.match(String(outbox?.query), /phone=138\*{6}00/);
      const sensitive = [
        S1.idNumber,
        S1.responsiblePerson.idNumber,
        SUBJECT_LEADER_PHONE,
        WEBSITE_LEADER_PHONE,
        PASSWORD,
        ...(await smsCodes(db, id)),
      ];
      assert.ok(sensitive.length >= 6);
      for (const value of sensitive) assert.equal(log.includes(value), false, `the log holds ${value}`);
    });
  });

  describe(`client address behind proxies (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    before(async () => {
      db = await dialect.open();
    });
    after(() => db?.destroy());

    const signIn = (fx: Fixture, password: string, forwardedFor: string) =>
      fromPeer(fx, '/api/v1/session', '198.51.100.20', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ login: 'admin.user', password }),
      });

    it('ignores X-Forwarded-For without trusted proxies: a spoofed header does not evade the lockout', async () => {
      const { fx, db } = await fixture(served({}));
      fx.clock.now = START;
      for (let i = 0; i < 5; i++)
        assert.equal((await signIn(fx, `guess ${i}`, `203.0.113.${i}`)).status, 401);
      const spoofed = await signIn(fx, PASSWORD, '192.0.2.250');
      assert.equal(spoofed.status, 429);
      const limited = await db.kysely
        .selectFrom('audit_event')
        .select('data')
        .where('action', '=', 'account.login-limited')
        .execute();
      assert.match(JSON.stringify(limited), /198\.51\.100\.20/);
    });

    it('with one trusted hop, takes the address the proxy saw (the rightmost entry)', async () => {
      const { fx, db } = await fixture(served({ trustProxy: { kind: 'hops', hops: 1 } }));
      const before = await db.kysely
        .selectFrom('audit_event')
        .select('id')
        .orderBy('id', 'desc')
        .limit(1)
        .execute();
      const since = before[0]?.id ?? 0;
      // The client wrote 10.9.9.9 itself; the proxy appended 203.0.113.77, whom it received the request from.
      for (let i = 0; i < 5; i++)
        assert.equal((await signIn(fx, `guess ${i}`, `10.9.9.9, 203.0.113.77`)).status, 401);
      const limited = await db.kysely
        .selectFrom('audit_event')
        .select('data')
        .where('action', '=', 'account.login-limited')
        .where('id', '>', since)
        .execute();
      assert.equal(limited.length, 1);
      assert.match(JSON.stringify(limited[0]), /203\.0\.113\.77/);
      // Another client behind the same proxy is another address: not limited.
      assert.equal((await signIn(fx, PASSWORD, '203.0.113.78')).status, 200);
    });
  });
}

/** The codes the sandbox sent for the application (its outbox rows). */
async function smsCodes(db: Database, applicationId: number): Promise<string[]> {
  const rows = await db.kysely
    .selectFrom('sms_outbox')
    .select('body')
    .where('application_id', '=', applicationId)
    .execute();
  return rows.flatMap((row) => /验证码：(\d{6})/.exec(row.body)?.[1] ?? []);
}
