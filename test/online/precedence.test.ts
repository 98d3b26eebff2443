/**
 * Online facts beside local ones, through the check use case: local sources win (MIIT's domain
 * database is what filing checks), RDAP/WHOIS fill in domains nobody local knows, disagreements are
 * reported with both sides, and real-name status from public data is "unknown", never "not verified".
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DomainRegistration, FactOrigin } from '../../src/facts/types.ts';
import { createMemoryFacts } from '../../src/facts/memory-facts.ts';
import {
  createOnlineFacts,
  loadBootstrap,
  loadWhoisServers,
  withOnlineFacts,
} from '../../src/online/index.ts';
import { merge } from '../../src/online/facts-source.ts';
import type { OnlineRecord } from '../../src/online/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { CheckResult } from '../../src/rules/index.ts';
import { checkDomains } from '../../src/checking/index.ts';
import type { LocalServer } from './servers.ts';
import {
  ALIYUN,
  GODADDY,
  cnnicAnswer,
  registryAnswer,
  startHttpServer,
  startWhoisServer,
  writeBootstrap,
  writeWhoisServers,
} from './servers.ts';

const policy = loadPolicy();
const NOW = new Date('2026-11-28T04:00:00.000Z');
const SUBJECT = {
  subjectName: '杭州示例科技有限公司',
  subjectIdType: 'uscc',
  subjectId: '91330106MA2B3C4D5D',
} as const;

function local(domain: string, origin: FactOrigin = 'miit-sandbox'): DomainRegistration {
  return {
    domain,
    registrar: '阿里云计算有限公司',
    registrarIanaId: 420,
    registeredAt: '2019-05-20T08:12:33.000Z',
    expiresAt: '2027-05-20T08:12:33.000Z',
    realName: {
      status: 'verified',
      verifiedAt: '2019-05-21T02:00:00.000Z',
      reportedAt: '2019-05-24T02:00:00.000Z',
      holder: { name: SUBJECT.subjectName, type: 'enterprise', idType: 'uscc', idNumber: SUBJECT.subjectId },
    },
    origin,
  };
}

describe('online facts beside local facts', () => {
  let rdap: LocalServer;
  let whois: LocalServer;
  let check: (inputs: string[], withOnline?: boolean) => Promise<CheckResult[]>;

  before(async () => {
    rdap = await startHttpServer((path) => {
      const domain = path.replace('/domain/', '');
      if (domain === 'silent.com') return { hang: true };
      const answers: Record<string, Parameters<typeof registryAnswer>[0]> = {
        'elsewhere.com': { domain, registrar: ALIYUN },
        'godaddy.com': { domain, registrar: GODADDY },
        'moved.com': { domain, registrar: GODADDY, expiresAt: '2028-01-01T00:00:00Z' },
        'agrees.com': { domain, registrar: ALIYUN },
        'held.com': { domain, statuses: ['client hold', 'client transfer prohibited'] },
        // Registrar names as Chinese registrars' RDAP gives them (vCard fn + IANA Registrar ID).
        'thirtyfive.com': { domain, registrar: { name: 'Xiamen 35.Com Technology Co., Ltd.', ianaId: 1316 } },
        'renamed.com': {
          domain,
          registrar: { name: 'DNSPod Limited Liability Co. (renamed)', ianaId: 1697 },
        },
        'brand.com': {
          domain,
          registrar: { name: 'MarkMonitor Information Technology (Shanghai) Co., Ltd.', ianaId: 3838 },
        },
        'unlisted.com': { domain, registrar: { name: 'Example Registrar, Inc.', ianaId: 4242 } },
      };
      const answer = answers[domain];
      return answer ? { json: registryAnswer(answer, 'self') } : undefined;
    });
    const cnnic: Record<string, string> = {
      'public.cn': '阿里云计算有限公司',
      'thirtyfive.cn': '厦门三五互联科技股份有限公司',
      'zzy-spelling.cn': '厦门市中资源网络服务有限公司',
      'hichina.cn': '阿里云计算有限公司（万网）',
    };
    whois = await startWhoisServer((query) => {
      const registrar = cnnic[query];
      return registrar
        ? { text: cnnicAnswer({ domain: query, registrar }) }
        : { text: 'No matching record.\r\n' };
    });
    const online = createOnlineFacts({
      bootstrap: loadBootstrap(writeBootstrap({ com: `${rdap.url}/` })),
      whoisServers: loadWhoisServers(writeWhoisServers(whois.port)),
      database: null,
      now: () => NOW,
      timeoutMs: 2000, // local servers answer within it even on a loaded machine; silent.com costs it once
    });
    const memory = createMemoryFacts({
      registrations: [local('moved.com'), { ...local('agrees.com'), expiresAt: '2027-05-20T00:00:00+08:00' }],
    });
    check = async (inputs, withOnline = true) =>
      (
        await checkDomains(
          { policy, facts: withOnline ? withOnlineFacts(memory, online) : memory },
          { inputs, ...SUBJECT, at: '2026-11-28T12:00:00+08:00' },
        )
      ).results;
  });
  after(async () => {
    await rdap.close();
    await whois.close();
  });

  const codes = (result: CheckResult | undefined) => result?.findings.map((f) => f.code).sort();

  it('fills in a domain nobody local knows, with real-name status unknown rather than missing', async () => {
    const [result] = await check(['www.elsewhere.com']);
    assert.deepEqual(codes(result), ['PARENT_DOMAIN_NOT_FILED', 'REAL_NAME_UNKNOWN', 'SUBDOMAIN_INPUT']);
    assert.equal(result?.ok, true);
    assert.equal(result?.filingType, 'first-filing');
    assert.deepEqual(
      result?.sources?.map((s) => [s.origin, s.outcome, s.used, s.registrarIanaId]),
      [['rdap', 'found', true, 420]],
    );
    assert.equal(result?.sources?.[0]?.observedAt, NOW.toISOString());
  });

  it('matches the RDAP registrar against the approved-registrar data', async () => {
    const [result] = await check(['godaddy.com']);
    assert.deepEqual(codes(result), ['REAL_NAME_UNKNOWN', 'REGISTRAR_NOT_APPROVED']);
    const finding = result?.findings.find((f) => f.code === 'REGISTRAR_NOT_APPROVED');
    assert.deepEqual(finding?.evidence, {
      registrar: 'GoDaddy.com, LLC',
      registrarIanaId: 146,
      known: true,
      entry: 'godaddy',
      international: false,
    });
  });

  it('matches Chinese registrars as RDAP and CNNIC WHOIS name them, by name or by IANA id alone', async () => {
    const results = await check([
      'thirtyfive.com',
      'renamed.com',
      'thirtyfive.cn',
      'zzy-spelling.cn',
      'hichina.cn',
      'brand.com',
      'unlisted.com',
    ]);
    const registrarCodes = (r: CheckResult | undefined) =>
      r?.findings.filter((f) => f.code.startsWith('REGISTRAR_')).map((f) => f.code);
    // Every name finds its entry. 万网 is approved (medium evidence): no finding. The others' approval rests
    // on one publication (data/README.md, "Standard of evidence"): REGISTRAR_UNKNOWN naming the entry.
    const matched = ['35-com', 'tencent', '35-com', 'zzy', null, 'markmonitor-shanghai'];
    matched.forEach((entry, i) => {
      const result = results[i];
      if (entry === null) {
        assert.deepEqual(registrarCodes(result), [], result?.input);
      } else {
        assert.deepEqual(registrarCodes(result), ['REGISTRAR_UNKNOWN'], result?.input);
        const finding = result?.findings.find((f) => f.code === 'REGISTRAR_UNKNOWN');
        assert.equal(finding?.evidence.entry, entry, result?.input);
      }
    });
    const unlisted = results[6];
    const unknown = unlisted?.findings.find((f) => f.code === 'REGISTRAR_UNKNOWN');
    assert.equal(unknown?.severity, 'warning');
    assert.deepEqual(unknown?.evidence, {
      registrar: 'Example Registrar, Inc.',
      registrarIanaId: 4242,
      known: false,
      entry: null,
      confidence: null,
    });
    assert.equal(unlisted?.ok, true);
  });

  it('keeps the domain database’s facts when RDAP disagrees, and shows both', async () => {
    const [result] = await check(['moved.com']);
    assert.deepEqual(codes(result), ['SOURCES_DISAGREE']);
    const finding = result?.findings[0];
    assert.equal(finding?.severity, 'warning');
    assert.deepEqual(finding?.evidence.fields, ['registrar', 'expiresAt']);
    assert.equal(finding?.evidence['used.registrar'], '阿里云计算有限公司');
    assert.equal(finding?.evidence['other.registrar'], 'GoDaddy.com, LLC');
    assert.match(finding?.message.en ?? '', /GoDaddy\.com, LLC.*2028-01-01/);
    assert.deepEqual(
      result?.sources?.map((s) => [s.origin, s.used, s.registrar]),
      [
        ['miit-sandbox', true, '阿里云计算有限公司'],
        ['rdap', false, 'GoDaddy.com, LLC'],
      ],
    );
    // The local holder is never copied into the list a public precheck returns.
    assert.equal(result?.sources?.[0]?.holderName, null);
  });

  it('says nothing when the sources agree (one registrar by two names, one day at two offsets)', async () => {
    const [result] = await check(['agrees.com']);
    assert.deepEqual(codes(result), []);
    assert.equal(result?.sources?.length, 2);
  });

  it('blocks a domain RDAP reports on hold', async () => {
    const [result] = await check(['held.com']);
    assert.deepEqual(codes(result), ['DOMAIN_ON_HOLD', 'REAL_NAME_UNKNOWN']);
    assert.equal(result?.ok, false);
  });

  it('warns that a failed lookup leaves registration unconfirmed', async () => {
    const [result] = await check(['silent.com']);
    assert.deepEqual(codes(result), ['DOMAIN_NOT_REGISTERED', 'ONLINE_LOOKUP_FAILED']);
    assert.equal(result?.findings.find((f) => f.code === 'ONLINE_LOOKUP_FAILED')?.evidence.error, 'timeout');
  });

  it('reports the registrant name CNNIC WHOIS shows, without treating it as verified', async () => {
    const [result] = await check(['public.cn']);
    assert.deepEqual(codes(result), ['REAL_NAME_UNKNOWN']);
    const finding = result?.findings[0];
    assert.equal(finding?.evidence.holderName, '杭州示例科技有限公司');
    assert.match(finding?.message.zh ?? '', /未经实名核实/);
  });

  it('leaves results without --online exactly in the contract’s shape', async () => {
    const [result] = await check(['moved.com'], false);
    assert.equal(result && 'sources' in result, false);
    assert.deepEqual(codes(result), []);
  });
});

describe('source precedence', () => {
  const record = (source: 'rdap' | 'whois'): OnlineRecord => ({
    source,
    domain: 'x.cn',
    server: 'server',
    outcome: 'found',
    observedAt: NOW.toISOString(),
    registrar: 'R',
    registrarIanaId: null,
    registeredAt: null,
    expiresAt: '2028-01-01T00:00:00.000Z',
    renewalGraceUntil: null,
    statuses: [],
    holderName: null,
  });
  const facts = (registration: DomainRegistration | null) => ({ registration, filing: null, inProgress: [] });

  it('ranks registrar-sandbox > miit-sandbox > import > whois > rdap', () => {
    for (const origin of ['registrar-sandbox', 'miit-sandbox', 'import'] as const) {
      assert.equal(merge(facts(local('x.cn', origin)), record('whois')).registration?.origin, origin);
    }
    // Public data wins only over a less authoritative public source.
    assert.equal(merge(facts(local('x.cn', 'rdap')), record('whois')).registration?.origin, 'whois');
    assert.equal(merge(facts(null), record('rdap')).registration?.realNameUnknown, true);
  });

  it('never builds a registration from an answer that found nothing', () => {
    const merged = merge(facts(null), { ...record('rdap'), outcome: 'not-found', expiresAt: null });
    assert.equal(merged.registration, null);
    assert.deepEqual(
      merged.sources?.map((s) => [s.outcome, s.used]),
      [['not-found', false]],
    );
  });
});
