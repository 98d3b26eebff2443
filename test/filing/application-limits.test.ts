import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canAddDomain,
  canAddWebsite,
  checkApplicationLimits,
  loadApplicationLimits,
  resolveApplicationLimits,
  type LimitsQuery,
} from '../../src/filing/application-limits.ts';
import { loadPolicy } from '../../src/policy/index.ts';

const policy = loadPolicy();
const entries = loadApplicationLimits();
/** Noon, Asia/Shanghai, on a calendar date. */
const on = (date: string): Date => new Date(`${date}T12:00:00+08:00`);
const limits = (q: Partial<LimitsQuery> & { province: string }) => {
  const l = resolveApplicationLimits(policy, entries, {
    at: on('2026-11-28'),
    subjectType: 'enterprise',
    filingType: 'first-filing',
    ...q,
  });
  assert.ok(l, `province ${q.province}`);
  return l;
};
const app = (...domainCounts: number[]) => ({
  websites: domainCounts.map((n) => ({ domains: Array.from({ length: n }, (_, i) => `d${i}.cn`) })),
});

describe('domains per website across 2019-04-22 (工信管函〔2019〕633号)', () => {
  const table: [string, string, number][] = [
    ['广西', '2019-04-21', 1],
    ['广西', '2019-04-22', 1],
    ['北京', '2019-04-21', 10],
    ['北京', '2019-04-22', 1],
    ['重庆', '2019-04-21', 1],
  ];
  for (const [province, date, max] of table) {
    it(`${province} on ${date}: ${max} domain(s) per website`, () => {
      const l = limits({ province, at: on(date) });
      assert.equal(l.domainsPerWebsite?.value, max);
      assert.deepEqual(canAddDomain(l, app(max - 1), 0), { ok: true });
      const refused = canAddDomain(l, app(max), 0);
      assert.equal(refused.ok, false);
      if (!refused.ok) {
        assert.equal(refused.error.path, 'websites.0.domains');
        assert.equal(refused.error.code, 'TOO_MANY_DOMAINS_PER_WEBSITE');
        assert.match(
          refused.error.message.zh,
          new RegExp(`^${province}在 ${date} 适用的政策是每个网站 ${max} 个域名`),
        );
        assert.match(refused.error.message.en, new RegExp(`in ${province} on ${date} allows ${max} domain`));
      }
    });
  }

  it('gives the message of the issue for Guangxi today', () => {
    const [error] = checkApplicationLimits(limits({ province: '广西' }), app(1, 2));
    assert.equal(error?.path, 'websites.1.domains');
    assert.match(error?.message.zh ?? '', /^广西在 2026-11-28 适用的政策是每个网站 1 个域名/);
  });

  it('Beijing before 2019-04-22 takes up to 10 domains in one website', () => {
    assert.deepEqual(checkApplicationLimits(limits({ province: '北京', at: on('2019-04-21') }), app(10)), []);
    assert.equal(
      checkApplicationLimits(limits({ province: '北京', at: on('2019-04-21') }), app(11)).length,
      1,
    );
  });

  it('decides the day in Asia/Shanghai: 2019-04-21T16:00Z is already 2019-04-22', () => {
    assert.equal(
      limits({ province: '北京', at: new Date('2019-04-21T16:00:00Z') }).domainsPerWebsite?.value,
      1,
    );
    assert.equal(
      limits({ province: '北京', at: new Date('2019-04-21T15:59:59Z') }).domainsPerWebsite?.value,
      10,
    );
  });

  it('an access filing carries its filed domains: no per-website maximum', () => {
    const l = limits({ province: '北京', filingType: 'add-access' });
    assert.equal(l.domainsPerWebsite, null);
    assert.deepEqual(checkApplicationLimits(l, app(3)), []);
  });
});

describe('province per-application limits (data/application-limits.json)', () => {
  it('湖北 and 湖南: one website per application', () => {
    for (const province of ['湖北', '湖南']) {
      const l = limits({ province });
      assert.deepEqual(canAddWebsite(l, app()), { ok: true });
      const refused = canAddWebsite(l, app(1));
      assert.equal(refused.ok, false);
      if (!refused.ok) {
        assert.equal(refused.error.code, 'TOO_MANY_WEBSITES_PER_APPLICATION');
        assert.match(
          refused.error.message.zh,
          new RegExp(`^${province}在 2026-11-28 适用的政策是每个备案申请 1 个网站`),
        );
      }
      assert.equal(checkApplicationLimits(l, app(1, 1))[0]?.path, 'websites');
    }
  });

  it('山西: at most 3 new domains per application, not for access filings', () => {
    const l = limits({ province: '山西', filingType: 'add-website' });
    assert.deepEqual(canAddWebsite(l, app(1, 1)), { ok: true });
    const refused = canAddWebsite(l, app(1, 1, 1));
    assert.equal(refused.ok, false);
    if (!refused.ok)
      assert.match(refused.error.message.zh, /^山西在 2026-11-28 适用的政策是每个备案申请共 3 个域名/);
    assert.equal(limits({ province: '山西', filingType: 'add-access' }).domainsPerApplication, null);
  });

  // One publication (Huawei) reports these: below medium, so they refuse nothing and are only reported
  // (data/README.md, "Standard of evidence").
  it('河南: the enterprise limit of 5 domains is unverified, reported and not enforced', () => {
    const l = limits({ province: '河南' });
    assert.equal(l.domainsPerApplication, null);
    assert.deepEqual(checkApplicationLimits(l, app(1, 1, 1, 1, 1, 1)), []);
    assert.deepEqual(canAddWebsite(l, app(1, 1, 1, 1, 1)), { ok: true });
    assert.deepEqual(
      l.unverified.map((u) => [u.entryId, u.limit, u.value, u.confidence]),
      [['domains-per-application-410000-enterprise', 'domainsPerApplication', 5, 'low']],
    );
    assert.deepEqual(limits({ province: '河南', subjectType: 'individual' }).unverified, []);
  });

  it('海南: one domain for a personal first filing is unverified, reported and not enforced', () => {
    const l = limits({ province: '海南', subjectType: 'individual' });
    assert.deepEqual(canAddWebsite(l, app(1)), { ok: true });
    assert.deepEqual(
      l.unverified.map((u) => [u.entryId, u.value]),
      [['domains-per-application-460000-individual-first', 1]],
    );
    assert.deepEqual(
      limits({ province: '海南', subjectType: 'individual', filingType: 'add-website' }).unverified,
      [],
    );
  });

  it('enforces only entries in force, and those on medium evidence or better', () => {
    for (const e of entries) {
      if (e.status === 'in-force') assert.ok(['high', 'medium'].includes(e.confidence), e.id);
      else assert.ok(['low', 'unsourced'].includes(e.confidence), e.id);
    }
  });

  it('other provinces have no per-application limit', () => {
    const l = limits({ province: '浙江' });
    assert.equal(l.websitesPerApplication, null);
    assert.equal(l.domainsPerApplication, null);
    assert.deepEqual(l.unverified, []);
    assert.deepEqual(canAddWebsite(l, app(1, 1, 1, 1)), { ok: true });
  });

  it('an unknown province gives null, a missing website index an error', () => {
    assert.equal(
      resolveApplicationLimits(policy, entries, {
        province: '火星',
        at: on('2026-11-28'),
        subjectType: 'enterprise',
        filingType: 'first-filing',
      }),
      null,
    );
    assert.equal(canAddDomain(limits({ province: '北京' }), app(1), 3).ok, false);
  });

  it('every entry cites a source and a province that exists', () => {
    for (const e of entries) {
      assert.ok(policy.findProvince(e.scope), e.id);
      assert.ok(e.sources.length > 0, e.id);
    }
  });
});
