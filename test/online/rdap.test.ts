/**
 * The RDAP client against local servers: registry and registrar answers, redaction, 404, 429 with
 * Retry-After, timeouts, malformed and oversized answers, redirects, auto-renew grace, and a slow server
 * that must not hold up another server's domains.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { after, describe, it } from 'node:test';
import { loadBootstrap, parseWhoisServers } from '../../src/online/index.ts';
import type { OnlineFactsOptions, OnlineRecord } from '../../src/online/index.ts';
import { createOnlineFacts } from '../../src/online/index.ts';
import type { HttpReply, LocalServer } from './servers.ts';
import { ALIYUN, registrarAnswer, registryAnswer, startHttpServer, writeBootstrap } from './servers.ts';

const NOW = new Date('2026-11-28T04:00:00.000Z');
const NO_WHOIS = parseWhoisServers(
  JSON.stringify({ source: 't', snapshotDate: '2026-11-28', description: 't', entries: [] }),
  'none',
);
const servers: LocalServer[] = [];
after(async () => {
  for (const server of servers) await server.close();
});

type Route = HttpReply | ((request: IncomingMessage) => HttpReply);

async function server(routes: Record<string, Route>): Promise<LocalServer> {
  const started = await startHttpServer((path, request) => {
    const route = routes[path];
    return typeof route === 'function' ? route(request) : route;
  });
  servers.push(started);
  return started;
}

function online(bases: Record<string, string>, options: Partial<OnlineFactsOptions> = {}) {
  const waits: number[] = [];
  const facts = createOnlineFacts({
    bootstrap: loadBootstrap(writeBootstrap(bases)),
    whoisServers: NO_WHOIS,
    database: null,
    now: () => NOW,
    wait: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return { facts, waits };
}

async function lookupOne(facts: ReturnType<typeof online>['facts'], domain: string): Promise<OnlineRecord> {
  return (await facts.lookup([domain])).get(domain) as OnlineRecord;
}

describe('RDAP lookups', () => {
  it('maps a Verisign-style registry answer and follows its registrar link exactly once', async () => {
    const answer = { domain: 'example-shop.com', registrar: ALIYUN, expiresAt: '2027-05-20T08:12:33Z' };
    let accept = '';
    const registrar = await server({
      '/rdap/domain/example-shop.com': () => ({
        json: {
          ...(registrarAnswer(answer, '张三') as object),
          // A registrar answer linking further must not be followed: one hop only.
          links: [{ rel: 'related', href: 'http://127.0.0.1:9/never', type: 'application/rdap+json' }],
        },
      }),
    });
    const registry = await server({
      '/com/v1/domain/example-shop.com': (request) => {
        accept = String(request.headers.accept);
        return {
          json: registryAnswer(
            { ...answer, registrarLink: `${registrar.url}/rdap/domain/example-shop.com` },
            'self',
          ),
        };
      },
    });
    const { facts } = online({ com: `${registry.url}/com/v1/` });

    const record = await lookupOne(facts, 'example-shop.com');
    assert.deepEqual(
      { ...record },
      {
        source: 'rdap',
        domain: 'example-shop.com',
        server: `${registry.url}/com/v1/domain/example-shop.com`,
        outcome: 'found',
        observedAt: NOW.toISOString(),
        registrar: 'Alibaba Cloud Computing (Beijing) Co., Ltd.',
        registrarIanaId: 420,
        registeredAt: '2019-05-20T08:12:33.000Z',
        expiresAt: '2027-05-20T08:12:33.000Z',
        renewalGraceUntil: '2027-07-04T08:12:33.000Z',
        statuses: ['client delete prohibited', 'client transfer prohibited', 'client update prohibited'],
        // The registrant's name in the registrar's vCard is never taken (RFC 9537 redaction, no 实名).
        holderName: null,
      },
    );
    assert.equal(registry.requests.length, 1);
    assert.deepEqual(registrar.requests, ['/rdap/domain/example-shop.com']);
    assert.match(accept, /^application\/rdap\+json/);
  });

  it('keeps the registry facts when the registrar hop fails', async () => {
    const registry = await server({
      '/domain/hop-fails.com': {
        json: registryAnswer({ domain: 'hop-fails.com', registrarLink: 'http://127.0.0.1:9/gone' }, 'self'),
      },
    });
    const { facts } = online({ com: `${registry.url}/` }, { timeoutMs: 2000 });
    const record = await lookupOne(facts, 'hop-fails.com');
    assert.equal(record.outcome, 'found');
    assert.equal(record.registrarIanaId, 420);
  });

  it('asks with the lower-case A-label of an IDN', async () => {
    const registry = await server({
      '/xn--55qx5d/domain/xn--fsqu00a.xn--55qx5d': {
        json: registryAnswer({ domain: 'xn--fsqu00a.xn--55qx5d' }, 'self'),
      },
    });
    const { facts } = online({ 'xn--55qx5d': `${registry.url}/xn--55qx5d/` });
    assert.equal((await lookupOne(facts, 'xn--fsqu00a.xn--55qx5d')).outcome, 'found');
  });

  it('reports 404 as not found, not as an error', async () => {
    const registry = await server({});
    const { facts } = online({ com: `${registry.url}/` });
    const record = await lookupOne(facts, 'nobody-has-this.com');
    assert.equal(record.outcome, 'not-found');
    assert.equal(record.error, undefined);
  });

  it('honours 429 Retry-After by pausing that server, then retries', async () => {
    let calls = 0;
    const registry = await server({
      '/domain/busy.com': () =>
        ++calls === 1
          ? { status: 429, headers: { 'retry-after': '7' }, json: { errorCode: 429 } }
          : { json: registryAnswer({ domain: 'busy.com' }, 'self') },
    });
    const { facts, waits } = online({ com: `${registry.url}/` });
    const record = await lookupOne(facts, 'busy.com');
    assert.equal(record.outcome, 'found');
    assert.deepEqual(waits, [7000]);
    assert.equal(registry.count('/domain/busy.com'), 2);
  });

  it('gives up at once on a Retry-After beyond the bound, and after two retries', async () => {
    const registry = await server({
      '/domain/long.com': { status: 429, headers: { 'retry-after': '3600' }, json: {} },
      '/domain/always.com': { status: 429, headers: { 'retry-after': '1' }, json: {} },
    });
    const { facts, waits } = online({ com: `${registry.url}/` });
    const long = await lookupOne(facts, 'long.com');
    assert.deepEqual([long.outcome, long.error], ['error', 'rate-limited']);
    assert.equal(registry.count('/domain/long.com'), 1);
    const always = await lookupOne(facts, 'always.com');
    assert.deepEqual([always.outcome, always.error], ['error', 'rate-limited']);
    assert.equal(registry.count('/domain/always.com'), 3);
    assert.deepEqual(waits, [1000, 1000]);
  });

  it('times out a server that never answers', async () => {
    const registry = await server({ '/domain/silent.com': { hang: true } });
    const { facts } = online({ com: `${registry.url}/` }, { timeoutMs: 150 });
    const record = await lookupOne(facts, 'silent.com');
    assert.deepEqual([record.outcome, record.error], ['error', 'timeout']);
  });

  it('refuses malformed JSON and JSON that is not a domain object', async () => {
    const registry = await server({
      '/domain/broken.com': { body: '{"objectClassName": "domain", "ldhName": ' },
      '/domain/notdomain.com': { json: { errorCode: 500, title: 'oops' } },
      '/domain/html.com': { status: 503, body: '<html>maintenance</html>' },
    });
    const { facts } = online({ com: `${registry.url}/` });
    const records = await facts.lookup(['broken.com', 'notdomain.com', 'html.com']);
    assert.deepEqual(
      ['broken.com', 'notdomain.com', 'html.com'].map((d) => records.get(d)?.error),
      ['malformed', 'malformed', 'http-503'],
    );
  });

  it('stops reading an oversized body, declared or streamed', async () => {
    const big = `{"objectClassName":"domain","x":"${'a'.repeat(600 * 1024)}"}`;
    const registry = await server({
      '/domain/declared.com': { body: big, headers: { 'content-length': String(Buffer.byteLength(big)) } },
      '/domain/streamed.com': { body: big, headers: { 'transfer-encoding': 'chunked' } },
    });
    const { facts } = online({ com: `${registry.url}/` });
    const records = await facts.lookup(['declared.com', 'streamed.com']);
    assert.equal(records.get('declared.com')?.error, 'too-large');
    assert.equal(records.get('streamed.com')?.error, 'too-large');
  });

  it('follows up to three redirects, and no more', async () => {
    const registry = await server({
      '/domain/moved.com': { status: 301, headers: { location: '/r1/domain/moved.com' } },
      '/r1/domain/moved.com': { status: 302, headers: { location: '/r2/domain/moved.com' } },
      '/r2/domain/moved.com': { json: registryAnswer({ domain: 'moved.com' }, 'self') },
      '/domain/loop.com': { status: 307, headers: { location: '/domain/loop.com' } },
    });
    const { facts } = online({ com: `${registry.url}/` });
    const moved = await lookupOne(facts, 'moved.com');
    assert.equal(moved.outcome, 'found');
    assert.equal(moved.server, `${registry.url}/r2/domain/moved.com`);
    const loop = await lookupOne(facts, 'loop.com');
    assert.deepEqual([loop.outcome, loop.error], ['error', 'too-many-redirects']);
    assert.equal(registry.count('/domain/loop.com'), 4);
  });

  it('does not let a server that hangs hold up another server’s domains', async () => {
    const slow = await server({ '/domain/a1.com': { hang: true }, '/domain/a2.com': { hang: true } });
    const fastServer = await startHttpServer((path) => {
      const domain = path.replace('/domain/', '');
      return { json: registryAnswer({ domain }, 'self') };
    });
    servers.push(fastServer);
    // Two slots for the slow server, one left over: the fast server's five domains use it.
    const { facts } = online(
      { com: `${slow.url}/`, xyz: `${fastServer.url}/` },
      { timeoutMs: 1000, concurrency: 3, perServer: 2 },
    );
    let slowDone = false;
    const slowLookup = facts.lookup(['a1.com', 'a2.com']).then((records) => {
      slowDone = true;
      return records;
    });
    const fastRecords = await facts.lookup(['b1.xyz', 'b2.xyz', 'b3.xyz', 'b4.xyz', 'b5.xyz']);
    assert.equal(slowDone, false);
    assert.deepEqual(
      [...fastRecords.values()].map((r) => r.outcome),
      ['found', 'found', 'found', 'found', 'found'],
    );
    const slowRecords = await slowLookup;
    assert.deepEqual(
      [...slowRecords.values()].map((r) => r.error),
      ['timeout', 'timeout'],
    );
  });

  it('maps expiry through the auto-renew grace period (ICANN, up to 45 days)', async () => {
    const registrar = await server({
      '/domain/paid.com': {
        json: registrarAnswer({
          domain: 'paid.com',
          expiresAt: '2027-11-20T04:00:00Z',
          registrarExpiresAt: '2026-11-25T04:00:00Z',
        }),
      },
    });
    const registry = await server({
      // The registry has already added a year; the holder has not paid (status auto renew period).
      '/domain/renewing.com': {
        json: registryAnswer(
          {
            domain: 'renewing.com',
            expiresAt: '2027-11-20T04:00:00Z',
            statuses: ['auto renew period', 'client transfer prohibited'],
          },
          'self',
        ),
      },
      '/domain/paid.com': {
        json: registryAnswer(
          {
            domain: 'paid.com',
            expiresAt: '2027-11-20T04:00:00Z',
            statuses: ['auto renew period'],
            registrarLink: `${registrar.url}/domain/paid.com`,
          },
          'self',
        ),
      },
      '/domain/no-expiry.com': { json: registryAnswer({ domain: 'no-expiry.com', expiresAt: null }, 'self') },
    });
    const { facts } = online({ com: `${registry.url}/` });
    const renewing = await lookupOne(facts, 'renewing.com');
    assert.equal(renewing.expiresAt, '2026-11-20T04:00:00.000Z');
    assert.equal(renewing.renewalGraceUntil, '2027-01-04T04:00:00.000Z');
    // The registrar's own date is what the holder paid up to.
    const paid = await lookupOne(facts, 'paid.com');
    assert.equal(paid.expiresAt, '2026-11-25T04:00:00.000Z');
    assert.equal(paid.renewalGraceUntil, '2027-01-09T04:00:00.000Z');
    const incomplete = await lookupOne(facts, 'no-expiry.com');
    assert.deepEqual([incomplete.outcome, incomplete.error], ['error', 'incomplete']);
  });

  it('asks nobody for a suffix with no RDAP and no WHOIS server', async () => {
    const registry = await server({});
    const { facts } = online({ com: `${registry.url}/` });
    const record = await lookupOne(facts, 'example.io');
    assert.equal(record.outcome, 'no-server');
    assert.equal(registry.requests.length, 0);
  });
});
