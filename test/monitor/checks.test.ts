/** The monitor's pure checks: the footer rule, parked pages, DNS ranges and registration expiry (fixed clock). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPolicy } from '../../src/policy/index.ts';
import {
  dnsFindings,
  homePageFindings,
  parseProviderRanges,
  registrationFindings,
} from '../../src/monitor/index.ts';
import type { MonitoredSite } from '../../src/monitor/index.ts';

const policy = loadPolicy();
const site: MonitoredSite = {
  number: '京ICP备2021000001号-1',
  subjectNumber: '京ICP备2021000001号',
  province: '110000',
  account: 'li.lei',
  subject: { name: '北京示例科技有限公司', idType: 'uscc', idNumber: '91110108MA01AB2C3T' },
  name: '示例',
  domains: ['example.cn'],
  homeUrl: null,
  certificates: [],
};
const page = (body: string) => ({
  kind: 'ok' as const,
  url: 'http://example.cn/',
  status: 200,
  body,
  redirects: [],
});
const codes = (body: string, s = site) => homePageFindings(s, page(body), policy).map((f) => f.code);

describe('footer rule', () => {
  it('accepts the website number linked to beian.miit.gov.cn', () => {
    assert.deepEqual(
      codes('<footer><a href="https://beian.miit.gov.cn/">京ICP备2021000001号-1</a></footer>'),
      [],
    );
  });
  it('reports a missing number, a wrong one, a subject-only one, no link and the old link', () => {
    assert.deepEqual(codes('<p>hello</p>'), ['FOOTER_NUMBER_MISSING']);
    assert.deepEqual(codes('<a href="https://beian.miit.gov.cn">京ICP备2021000002号-1</a>'), [
      'FOOTER_NUMBER_WRONG',
    ]);
    assert.deepEqual(codes('<a href="https://beian.miit.gov.cn">京ICP备2021000001号</a>'), [
      'FOOTER_NUMBER_SUBJECT_ONLY',
    ]);
    assert.deepEqual(codes('京ICP备2021000001号-1'), ['FOOTER_LINK_MISSING']);
    assert.deepEqual(codes('<a href="http://www.miitbeian.gov.cn">京ICP备2021000001号-1</a>'), [
      'FOOTER_LINK_OUTDATED',
    ]);
  });
  it('recognises a parked page', () => {
    assert.deepEqual(codes('<title>Welcome to nginx!</title>'), ['SITE_PARKED']);
  });
});

describe('DNS and registration', () => {
  it('reports addresses outside the declared ranges', () => {
    const ranges = parseProviderRanges('203.0.113.0/24');
    assert.deepEqual(dnsFindings('example.cn', { kind: 'ok', addresses: ['203.0.113.5'] }, ranges), []);
    const [finding] = dnsFindings('example.cn', { kind: 'ok', addresses: ['198.51.100.1'] }, ranges);
    assert.equal(finding?.code, 'SITE_OUTSIDE_PROVIDER');
    assert.equal(finding?.severity, 'error');
  });
  it('reports expiry approaching and passed at a fixed instant', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    const reg = (expiresAt: string) => ({
      registration: {
        domain: 'example.cn',
        registrar: 'x',
        registrarIanaId: null,
        registeredAt: null,
        expiresAt,
        realName: { status: 'verified' as const, verifiedAt: null, reportedAt: null, holder: site.subject },
        origin: 'miit-sandbox' as const,
      },
      filing: null,
      inProgress: [],
    });
    const run = (e: string) =>
      registrationFindings(site, 'example.cn', reg(e), ['miit-sandbox'], at, 30).map((f) => f.code);
    assert.deepEqual(run('2026-12-20T00:00:00Z'), ['REGISTRATION_EXPIRING']);
    assert.deepEqual(run('2026-11-20T00:00:00Z'), ['REGISTRATION_EXPIRED']);
    assert.deepEqual(run('2027-12-20T00:00:00Z'), []);
  });
});
