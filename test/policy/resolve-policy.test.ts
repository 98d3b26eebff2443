import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPolicy } from '../../src/policy/index.ts';

const policy = loadPolicy();
/** Noon, Asia/Shanghai, on a calendar date. */
const on = (date: string): Date => new Date(`${date}T12:00:00+08:00`);

describe('resolvePolicy — maxDomainsPerWebsite (域名数量)', () => {
  it('gives Guangxi 1 on 2019-04-21 (seed FAQ, pre-2019 entry)', () => {
    const r = policy.resolvePolicy('450000', on('2019-04-21')).maxDomainsPerWebsite;
    assert.deepEqual(r, {
      value: 1,
      entryId: 'max-domains-guangxi-pre2019',
      scope: '450000',
      effectiveFrom: '2000-01-01',
    });
  });

  it('gives Chongqing 1 and Beijing 10 on 2019-04-21', () => {
    assert.equal(policy.resolvePolicy('重庆', on('2019-04-21')).maxDomainsPerWebsite.value, 1);
    const beijing = policy.resolvePolicy('北京', on('2019-04-21')).maxDomainsPerWebsite;
    assert.equal(beijing.value, 10);
    assert.equal(beijing.scope, '*');
  });

  it('gives 1 everywhere from 2019-04-22 (工信管函〔2019〕633号), the ended province entries no longer apply', () => {
    for (const p of policy.provinces) {
      const r = policy.resolvePolicy(p.code, on('2019-04-22')).maxDomainsPerWebsite;
      assert.equal(r.value, 1, p.name);
      assert.equal(r.entryId, 'max-domains-national-2019-633', p.name);
    }
    assert.equal(policy.resolvePolicy(null, on('2026-11-28')).maxDomainsPerWebsite.value, 1);
  });

  it('decides the day in Asia/Shanghai, not UTC', () => {
    // 2019-04-21T16:00Z is already 2019-04-22 in Beijing.
    assert.equal(
      policy.resolvePolicy('北京', new Date('2019-04-21T15:59:59Z')).maxDomainsPerWebsite.value,
      10,
    );
    assert.equal(
      policy.resolvePolicy('北京', new Date('2019-04-21T16:00:00Z')).maxDomainsPerWebsite.value,
      1,
    );
  });
});

describe('resolvePolicy — other fields', () => {
  it('makes DOMAIN_EXPIRING_SOON an error in Zhejiang and the other five named provinces', () => {
    for (const p of ['浙江', '130000', '晋', 'neimenggu', '上海', '贵州']) {
      const r = policy.resolvePolicy(p, on('2026-11-28')).expiringSoonIsError;
      assert.equal(r.value, true, p);
      assert.notEqual(r.scope, '*', p);
    }
  });

  it('keeps it a warning elsewhere, with a 3-month minimum', () => {
    const r = policy.resolvePolicy('北京', on('2026-11-28'));
    assert.equal(r.expiringSoonIsError.value, false);
    assert.equal(r.minRemainingValidityMonths.value, 3);
    assert.equal(r.province, '110000');
  });

  it('requires a domain certificate in Jiangsu only', () => {
    assert.equal(policy.resolvePolicy('江苏', on('2026-11-28')).domainCertificateRequired.value, true);
    assert.equal(policy.resolvePolicy('广东', on('2026-11-28')).domainCertificateRequired.value, false);
  });

  it('asks Guangdong individuals past 5 domains for certificates from 2025-12-31 only (disputed, low)', () => {
    const guangdong = policy.resolvePolicy('广东', on('2026-11-28')).domainCertificateThreshold;
    assert.deepEqual(guangdong.value, { subjectTypes: ['individual'], moreThan: 5 });
    assert.equal(guangdong.entryId, 'domain-certificate-threshold-440000-2025');
    assert.equal(policy.resolvePolicy('广东', on('2025-12-30')).domainCertificateThreshold.value, null);
    assert.equal(policy.resolvePolicy('江苏', on('2026-11-28')).domainCertificateThreshold.value, null);
    const entry = policy.policies.find((e) => e.id === guangdong.entryId);
    assert.equal(entry?.confidence, 'low');
    assert.match(entry?.note ?? '', /^Disputed:/);
    assert.equal(entry?.sources.length, 3, 'Huawei, Alibaba Cloud and its copy');
  });

  it('dates the Jiangsu certificate rule by its only source (2013) at low confidence', () => {
    const entry = policy.policies.find((e) => e.id === 'domain-certificate-320000');
    assert.equal(entry?.confidence, 'low');
    assert.equal(entry?.sources[0]?.date, '2013-08-08');
  });

  it('bounds 上报入库 at 5 working days (Huawei 3~5), beside the 2-day expected figure', () => {
    const r = policy.resolvePolicy(null, on('2026-11-28')).realNameReportingLatestWorkdays;
    assert.equal(r.value, 5);
    assert.equal(r.entryId, 'real-name-reporting-latest-national');
    const entry = policy.policies.find((e) => e.id === r.entryId);
    assert.equal(entry?.confidence, 'medium');
    assert.ok(entry?.sources.some((s) => s.url === 'https://support.huaweicloud.com/topic/243453-2-Y'));
  });

  it('uses the seed figure of 2 working days for 上报入库', () => {
    const r = policy.resolvePolicy(null, on('2026-11-28')).realNameReportingWorkdays;
    assert.equal(r.value, 2);
    assert.equal(r.entryId, 'real-name-reporting-national');
  });

  it('throws a plain Error for an unknown province or a date before the data floor', () => {
    assert.throws(() => policy.resolvePolicy('火星', on('2026-11-28')), /unknown province/);
    assert.throws(
      () => policy.resolvePolicy(null, on('1999-12-31')),
      /no maxDomainsPerWebsite policy in force/,
    );
    assert.throws(() => policy.resolvePolicy(null, new Date('nope')), RangeError);
  });
});
