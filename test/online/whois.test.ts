/** CNNIC WHOIS: the reply parser, and lookups over TCP against a local port-43-style server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eppToRdap, parseCnnicWhois } from '../../src/online/cnnic-whois.ts';
import type { OnlineRecord } from '../../src/online/index.ts';
import { createOnlineFacts, loadBootstrap, loadWhoisServers } from '../../src/online/index.ts';
import type { LocalServer } from './servers.ts';
import { cnnicAnswer, startWhoisServer, writeBootstrap, writeWhoisServers } from './servers.ts';

const NOW = new Date('2026-11-28T04:00:00.000Z');

describe('CNNIC WHOIS parser', () => {
  it('reads registrar, Beijing times, statuses and the registrant name', () => {
    const parsed = parseCnnicWhois(
      cnnicAnswer({
        domain: 'demo-ok.cn',
        registrar: '阿里云计算有限公司（万网）',
        statuses: ['clientDeleteProhibited', 'serverHold'],
        registered: '2003-03-17 12:20:05',
        expires: '2029-03-17 12:48:36',
      }),
    );
    assert.deepEqual(parsed, {
      kind: 'found',
      facts: {
        domain: 'demo-ok.cn',
        registrar: '阿里云计算有限公司（万网）',
        // Beijing time is UTC+8: 12:20:05 there is 04:20:05 UTC.
        registeredAt: '2003-03-17T04:20:05.000Z',
        expiresAt: '2029-03-17T04:48:36.000Z',
        statuses: ['client delete prohibited', 'server hold'],
        holderName: '杭州示例科技有限公司',
      },
    });
  });

  it('drops a redacted registrant and reads bare LF lines', () => {
    const text = cnnicAnswer({ domain: 'demo.cn', registrant: 'REDACTED FOR PRIVACY' }).replace(
      /\r\n/g,
      '\n',
    );
    const parsed = parseCnnicWhois(text);
    assert.equal(parsed.kind, 'found');
    assert.equal(parsed.kind === 'found' && parsed.facts.holderName, null);
  });

  it('tells not found, throttled and malformed replies apart', () => {
    assert.deepEqual(parseCnnicWhois('No matching record.\r\n'), { kind: 'not-found' });
    assert.deepEqual(
      parseCnnicWhois('Your connection limit exceeded. Please slow down and try again later.\r\n'),
      { kind: 'rate-limited' },
    );
    assert.deepEqual(parseCnnicWhois(''), { kind: 'malformed' });
    assert.deepEqual(parseCnnicWhois('<html>gateway error</html>'), { kind: 'malformed' });
  });

  it('converts EPP statuses to their RDAP names (RFC 8056)', () => {
    assert.deepEqual(
      ['ok', 'clientHold', 'serverTransferProhibited', 'pendingDelete', 'redemptionPeriod', 'inactive'].map(
        eppToRdap,
      ),
      [
        'active',
        'client hold',
        'server transfer prohibited',
        'pending delete',
        'redemption period',
        'inactive',
      ],
    );
  });
});

describe('WHOIS lookups over TCP', () => {
  let whois: LocalServer;
  let throttled = 0;
  const waits: number[] = [];
  let facts: ReturnType<typeof createOnlineFacts>;

  before(async () => {
    whois = await startWhoisServer((query) => {
      if (query === 'demo-ok.cn' || query === 'xn--fsqu00a.xn--fiqs8s')
        return { text: cnnicAnswer({ domain: query }) };
      if (query === 'silent.cn') return { hang: true };
      if (query === 'huge.cn')
        return { text: `Domain Name: huge.cn\r\n${'Name Server: x\r\n'.repeat(60_000)}` };
      if (query === 'busy.cn') {
        return ++throttled === 1
          ? { text: 'Your connection limit exceeded. Please slow down and try again later.\r\n' }
          : { text: cnnicAnswer({ domain: query }) };
      }
      if (query === 'empty.cn') return { text: '' };
      return { text: 'No matching record.\r\n' };
    });
    facts = createOnlineFacts({
      bootstrap: loadBootstrap(writeBootstrap({})),
      whoisServers: loadWhoisServers(writeWhoisServers(whois.port)),
      database: null,
      now: () => NOW,
      timeoutMs: 2000, // a server that answers does so within it even on a loaded machine; silent.cn costs it once
      wait: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
  });
  after(() => whois.close());

  const one = async (domain: string) => (await facts.lookup([domain])).get(domain) as OnlineRecord;

  it('maps a .cn and a .中国 reply to facts, asking with the A-label', async () => {
    const cn = await one('demo-ok.cn');
    assert.equal(cn.source, 'whois');
    assert.equal(cn.outcome, 'found');
    assert.equal(cn.server, `127.0.0.1:${whois.port}`);
    assert.equal(cn.expiresAt, '2028-03-01T02:00:00.000Z');
    assert.equal(cn.renewalGraceUntil, null);
    assert.equal(cn.holderName, '杭州示例科技有限公司');
    assert.equal((await one('xn--fsqu00a.xn--fiqs8s')).outcome, 'found');
    assert.equal(whois.count('xn--fsqu00a.xn--fiqs8s'), 1);
  });

  it('reports no matching record as not found', async () => {
    assert.equal((await one('nobody.cn')).outcome, 'not-found');
  });

  it('times out a server that never answers, and caps an oversized reply', async () => {
    const silent = await one('silent.cn');
    assert.deepEqual([silent.outcome, silent.error], ['error', 'timeout']);
    const huge = await one('huge.cn');
    assert.deepEqual([huge.outcome, huge.error], ['error', 'too-large']);
  });

  it('pauses a throttling server and asks again', async () => {
    const busy = await one('busy.cn');
    assert.equal(busy.outcome, 'found');
    assert.equal(whois.count('busy.cn'), 2);
    assert.deepEqual(waits, [2000]);
  });

  it('treats an empty reply as malformed', async () => {
    const empty = await one('empty.cn');
    assert.deepEqual([empty.outcome, empty.error], ['error', 'malformed']);
  });
});
