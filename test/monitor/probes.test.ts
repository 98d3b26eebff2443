/**
 * The monitor's probes and runMonitor against a DNS server and web servers on 127.0.0.1 in this process
 * (test/monitor/local-net.ts): what an operator reads for each kind of site, that every hop of a
 * redirect goes through the SSRF guard, that slow and oversized answers are cut, and expiry at a
 * fixed clock. No request leaves the machine.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readConfig } from '../../src/config/index.ts';
import type { DomainRegistration } from '../../src/facts/index.ts';
import { createMemoryFacts } from '../../src/facts/memory-facts.ts';
import {
  MONITOR_USER_AGENT,
  createDnsProbe,
  createHttpProbe,
  monitorFromConfig,
  parseProviderRanges,
  runMonitor,
} from '../../src/monitor/index.ts';
import type { MonitorDeps, MonitoredSite, SiteReport } from '../../src/monitor/index.ts';
import { createAddressGuard } from '../../src/online/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import { startDns, startWeb } from './local-net.ts';
import type { LocalDns, LocalWeb, SiteReply, ZoneEntry } from './local-net.ts';

const policy = loadPolicy();
const NUMBER = '京ICP备2021000001号-1';
const FOOTER = `<footer><a href="https://beian.miit.gov.cn/" target="_blank">${NUMBER}</a></footer>`;
const NOW = new Date('2026-12-01T04:00:00Z');

const zone = new Map<string, ZoneEntry>([
  ['good.cn', { a: ['127.0.0.1'] }],
  ['www.alias.cn', { cname: 'good.cn' }],
  ['nonumber.cn', { a: ['127.0.0.1'] }],
  ['oldlink.cn', { a: ['127.0.0.1'] }],
  ['wrong.cn', { a: ['127.0.0.1'] }],
  ['parked.cn', { a: ['127.0.0.1'] }],
  ['hop.cn', { a: ['127.0.0.1'] }],
  ['to-metadata.cn', { a: ['127.0.0.1'] }],
  ['to-inner.cn', { a: ['127.0.0.1'] }],
  ['inner.cn', { a: ['10.1.2.3'] }],
  ['loop.cn', { a: ['127.0.0.1'] }],
  ['slow.cn', { a: ['127.0.0.1'] }],
  ['big.cn', { a: ['127.0.0.1'] }],
  ['declared-big.cn', { a: ['127.0.0.1'] }],
  ['moved.cn', { a: ['198.51.100.7'] }],
  ['half.cn', { a: ['127.0.0.1', '198.51.100.8'] }],
  ['broken-dns.cn', { rcode: 'SERVFAIL' }],
]);

const pages: Record<string, SiteReply> = {
  'good.cn': { kind: 'page', html: `<html><body><h1>示例</h1>${FOOTER}</body></html>` },
  'www.alias.cn': { kind: 'page', html: FOOTER },
  'nonumber.cn': { kind: 'page', html: '<html><body><h1>示例</h1><footer>© 2026</footer></body></html>' },
  'oldlink.cn': {
    kind: 'page',
    html: `<footer><a href="http://www.miitbeian.gov.cn/">${NUMBER}</a></footer>`,
    contentLength: 'chunked',
  },
  'wrong.cn': {
    kind: 'page',
    html: '<footer><a href="https://beian.miit.gov.cn/">京ICP备2021000009号-1</a></footer>',
  },
  'parked.cn': {
    kind: 'page',
    html: '<html><head><title>Welcome to nginx!</title></head><body>If you see this page</body></html>',
  },
  'hop.cn': { kind: 'redirect', location: 'http://good.cn/index.html', status: 301 },
  'to-metadata.cn': { kind: 'redirect', location: 'http://169.254.169.254/latest/meta-data/' },
  'to-inner.cn': { kind: 'redirect', location: 'http://inner.cn/' },
  'loop.cn': { kind: 'redirect', location: '/again' },
  'slow.cn': { kind: 'hang' },
  'big.cn': { kind: 'stream', bytes: 3 * 1024 * 1024 },
  'declared-big.cn': { kind: 'page', html: `${'<p>filler</p>'.repeat(100_000)}${FOOTER}` },
};

const site = (domain: string, extra: Partial<MonitoredSite> = {}): MonitoredSite => ({
  number: NUMBER,
  subjectNumber: '京ICP备2021000001号',
  province: '110000',
  account: 'li.lei',
  subject: { name: '北京示例科技有限公司', idType: 'uscc', idNumber: '91110108MA01AB2C3T' },
  name: '示例',
  domains: [domain],
  homeUrl: null,
  certificates: [],
  ...extra,
});

const registration = (domain: string, expiresAt: string): DomainRegistration => ({
  domain,
  registrar: '阿里云',
  registrarIanaId: null,
  registeredAt: '2020-01-01T00:00:00Z',
  expiresAt,
  realName: {
    status: 'verified',
    verifiedAt: '2020-01-02T00:00:00Z',
    reportedAt: '2020-01-03T00:00:00Z',
    holder: { name: '北京示例科技有限公司', idType: 'uscc', idNumber: '91110108MA01AB2C3T' },
  },
  origin: 'miit-sandbox',
});

let dns: LocalDns;
let web: LocalWeb;
let deps: MonitorDeps;

/** The monitor as tests run it: local resolver, local port, 127.0.0.1 allowed by the guard and nothing else. */
function testDeps(
  overrides: Partial<MonitorDeps> = {},
  http: { timeoutMs?: number; maxBytes?: number } = {},
) {
  const probe = createDnsProbe({ servers: [dns.server], timeoutMs: 2000, tries: 1 });
  return {
    dns: probe,
    http: createHttpProbe({
      dns: probe,
      guard: createAddressGuard({ allow: ['127.0.0.1'] }),
      userAgent: MONITOR_USER_AGENT,
      ports: { http: web.port },
      timeoutMs: http.timeoutMs ?? 2000,
      maxBytes: http.maxBytes ?? 1024 * 1024,
    }),
    facts: createMemoryFacts({
      registrations: [...zone.keys(), 'alias.cn', 'nowhere.cn'].map((d) =>
        registration(d, '2030-01-01T00:00:00Z'),
      ),
    }),
    policy,
    ranges: parseProviderRanges('127.0.0.0/8'),
    now: () => NOW,
    concurrency: 4,
    ...overrides,
  } satisfies MonitorDeps;
}

async function check(domain: string, extra: Partial<MonitoredSite> = {}, d = deps): Promise<SiteReport> {
  const [report] = await runMonitor([site(domain, extra)], d);
  assert.ok(report);
  return report;
}
const codesOf = (report: SiteReport) => report.findings.map((f) => `${f.code}:${f.severity}`);
const unreachable = (report: SiteReport) =>
  report.findings.find((f) => f.code === 'SITE_UNREACHABLE')?.evidence as
    { reason: string; redirects: string[] } | undefined;

before(async () => {
  dns = await startDns(zone);
  web = await startWeb((host) => pages[host]);
  deps = testDeps();
});
after(async () => {
  await dns.close();
  await web.close();
});

describe('monitor against local DNS and web servers', () => {
  it('passes a site showing its number linked to beian.miit.gov.cn, and names itself in the User-Agent', async () => {
    const report = await check('good.cn');
    assert.deepEqual(codesOf(report), []);
    assert.equal(report.ok, true);
    assert.equal(report.url, 'http://good.cn/');
    const request = web.requests.find((r) => r.host === 'good.cn');
    assert.match(request?.userAgent ?? '', /^beian-monitor\/1\.0 \(ICP filing compliance check/);
  });

  it('asks DNS once per name: the page is fetched from the addresses the DNS check judged', async () => {
    const before = dns.queries.filter((q) => q === 'nonumber.cn').length;
    await check('nonumber.cn');
    // A and AAAA, once each: the HTTP probe reused the answer instead of asking again.
    assert.equal(dns.queries.filter((q) => q === 'nonumber.cn').length - before, 2);
  });

  it('follows a CNAME to the provider and checks the filed home URL on that name', async () => {
    const report = await check('alias.cn', { homeUrl: 'www.alias.cn' });
    // alias.cn itself has no record; its www name is where the site lives.
    assert.deepEqual(codesOf(report), ['SITE_DNS_NO_ADDRESS:error']);
    assert.equal(report.url, 'http://www.alias.cn/');
    assert.ok(web.requests.some((r) => r.host === 'www.alias.cn'));
  });

  it('reports a page without the number, an outdated link, a wrong number and a parked page', async () => {
    assert.deepEqual(codesOf(await check('nonumber.cn')), ['FOOTER_NUMBER_MISSING:error']);
    assert.deepEqual(codesOf(await check('oldlink.cn')), ['FOOTER_LINK_OUTDATED:warning']);
    const wrong = await check('wrong.cn');
    assert.deepEqual(codesOf(wrong), ['FOOTER_NUMBER_WRONG:error']);
    assert.deepEqual(wrong.findings[0]?.evidence.shown, ['京ICP备2021000009号-1']);
    assert.deepEqual(codesOf(await check('parked.cn')), ['SITE_PARKED:error']);
  });

  it('follows a redirect and checks the page it ends on', async () => {
    const report = await check('hop.cn');
    assert.deepEqual(codesOf(report), []);
    assert.ok(web.requests.some((r) => r.host === 'good.cn' && r.path === '/index.html'));
  });

  it('never follows a redirect into internal addresses: an IP literal or a name resolving there', async () => {
    const literal = unreachable(await check('to-metadata.cn'));
    assert.equal(literal?.reason, 'internal-address');
    assert.deepEqual(literal?.redirects, ['http://169.254.169.254/latest/meta-data/']);
    const named = unreachable(await check('to-inner.cn'));
    assert.equal(named?.reason, 'internal-address');
    assert.deepEqual(named?.redirects, ['http://inner.cn/']);
  });

  it('without the test allowance the guard refuses 127.0.0.1 itself', async () => {
    const config = readConfig({
      BEIAN_PROVIDER_CIDRS: '127.0.0.0/8',
      BEIAN_MONITOR_DNS_SERVERS: dns.server,
    });
    const production = monitorFromConfig(config, { facts: createMemoryFacts(), policy, now: () => NOW });
    const before = web.requests.length;
    const report = await check('good.cn', {}, production);
    assert.equal(unreachable(report)?.reason, 'internal-address');
    assert.equal(web.requests.length, before, 'no request reached the local server');
  });

  it('stops after five redirects', async () => {
    const evidence = unreachable(await check('loop.cn'));
    assert.equal(evidence?.reason, 'too-many-redirects');
    assert.equal(evidence?.redirects.length, 5);
  });

  it('gives up on a server that never answers at the deadline', async () => {
    const quick = testDeps({}, { timeoutMs: 150 });
    const report = await check('slow.cn', {}, quick);
    assert.equal(unreachable(report)?.reason, 'timeout');
    assert.equal(report.findings[0]?.severity, 'error');
  });

  it('cuts an oversized page, declared or streamed, and reports it as a warning', async () => {
    for (const domain of ['big.cn', 'declared-big.cn']) {
      const report = await check(domain);
      assert.deepEqual(codesOf(report), ['SITE_UNREACHABLE:warning'], domain);
      assert.equal(unreachable(report)?.reason, 'too-large', domain);
    }
  });

  it('reports a domain resolving outside the provider, and one resolving partly outside', async () => {
    const outside = (report: SiteReport) => report.findings.find((f) => f.code === 'SITE_OUTSIDE_PROVIDER');
    const moved = outside(await check('moved.cn'));
    assert.equal(moved?.severity, 'error');
    assert.deepEqual(moved?.evidence.outside, ['198.51.100.7']);
    assert.match(moved?.message.en ?? '', /198\.51\.100\.7/);
    // Part of the traffic still reaches the provider (a CDN, a second host): a warning, not an error.
    assert.equal(outside(await check('half.cn'))?.severity, 'warning');
  });

  it('tells a name that does not exist from a resolver that failed', async () => {
    const nx = await check('nowhere.cn');
    assert.deepEqual(codesOf(nx), ['SITE_DNS_NO_ADDRESS:error']);
    assert.equal(nx.findings[0]?.evidence.reason, 'nxdomain');
    assert.equal(nx.url, null, 'nothing fetched for a name that resolves nowhere');
    const failed = await check('broken-dns.cn');
    // The resolver's failure is not the site's fault: a warning to look again, not a failing site.
    assert.deepEqual(codesOf(failed), ['SITE_DNS_LOOKUP_FAILED:warning']);
    assert.equal(failed.ok, true);
    assert.equal(failed.findings[0]?.evidence.reason, 'servfail');
  });

  it('a site moving away between two checks is caught by the second', async () => {
    assert.deepEqual(codesOf(await check('good.cn')), []);
    zone.set('good.cn', { a: ['203.0.113.50'] });
    try {
      const report = await check('good.cn');
      assert.ok(report.findings.some((f) => f.code === 'SITE_OUTSIDE_PROVIDER' && f.severity === 'error'));
    } finally {
      zone.set('good.cn', { a: ['127.0.0.1'] });
    }
  });
});

describe('expiry at a fixed clock', () => {
  const withRegistration = (expiresAt: string) =>
    testDeps({ facts: createMemoryFacts({ registrations: [registration('good.cn', expiresAt)] }) });

  it('warns 30 days ahead, errs once expired, and is silent a year ahead', async () => {
    const soon = await check('good.cn', {}, withRegistration('2026-12-20T00:00:00Z'));
    assert.deepEqual(codesOf(soon), ['REGISTRATION_EXPIRING:warning']);
    const gone = await check('good.cn', {}, withRegistration('2026-11-30T00:00:00Z'));
    assert.deepEqual(codesOf(gone), ['REGISTRATION_EXPIRED:error']);
    assert.deepEqual(codesOf(await check('good.cn', {}, withRegistration('2027-12-01T00:00:00Z'))), []);
  });

  it('reports a holder that is no longer the filing’s subject, real-name lost, and no registration', async () => {
    const changed = {
      ...registration('good.cn', '2030-01-01T00:00:00Z'),
      realName: {
        status: 'none' as const,
        verifiedAt: null,
        reportedAt: null,
        holder: { name: '上海别人有限公司', idType: 'uscc' as const, idNumber: '91310000MA1K000000' },
      },
    };
    const report = await check(
      'good.cn',
      {},
      testDeps({ facts: createMemoryFacts({ registrations: [changed] }) }),
    );
    assert.deepEqual(codesOf(report).sort(), [
      'REGISTRATION_HOLDER_CHANGED:error',
      'REGISTRATION_REAL_NAME_LOST:error',
    ]);
    const holder = report.findings.find((f) => f.code === 'REGISTRATION_HOLDER_CHANGED');
    assert.deepEqual(holder?.evidence.differs, ['name', 'idNumber']);
    assert.match(holder?.message.zh ?? '', /上海别人有限公司/);
    const unknown = await check('good.cn', {}, testDeps({ facts: createMemoryFacts() }));
    assert.deepEqual(codesOf(unknown), ['REGISTRATION_NOT_FOUND:warning']);
  });

  it('reports a principal’s certificate expiring and a subject licence expired', async () => {
    const report = await check('good.cn', {
      certificates: [
        {
          whose: { zh: '网站负责人 王五', en: 'website principal 王五' },
          certificate: { zh: '居民身份证', en: 'resident identity card' },
          validUntil: '2026-12-10',
        },
        {
          whose: { zh: '主体', en: 'the subject' },
          certificate: { zh: '营业执照', en: 'business licence' },
          validUntil: '2026-11-30',
        },
      ],
    });
    assert.deepEqual(codesOf(report), ['CERTIFICATE_EXPIRED:error', 'CERTIFICATE_EXPIRING:warning']);
  });
});

describe('monitor configuration', () => {
  it('refuses a bad provider range or resolver, naming the variable', () => {
    assert.throws(() => readConfig({ BEIAN_PROVIDER_CIDRS: '203.0.113.0/24, 10.0.0.0/99' }), {
      message: /BEIAN_PROVIDER_CIDRS/,
    });
    assert.throws(() => readConfig({ BEIAN_MONITOR_DNS_SERVERS: 'dns.example:53' }), {
      message: /BEIAN_MONITOR_DNS_SERVERS/,
    });
    assert.deepEqual(
      readConfig({ BEIAN_MONITOR_DNS_SERVERS: '223.5.5.5, [2400:3200::1]:53' }).BEIAN_MONITOR_DNS_SERVERS,
      ['223.5.5.5', '[2400:3200::1]:53'],
    );
    assert.throws(() => readConfig({ BEIAN_MONITOR_CONCURRENCY: '0' }), {
      message: /BEIAN_MONITOR_CONCURRENCY/,
    });
  });
});
