import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { domainToASCII } from 'node:url';
import { DATA_FILES, defaultDataDir, loadPolicy } from '../../src/policy/index.ts';
import type { SuffixEntry } from '../../src/policy/index.ts';

type Source = { title: string; url?: string; date?: string; kind?: 'official' | 'primary' };
type Entry = { confidence?: unknown; sources?: Source[] };
const policy = loadPolicy();
const AT = new Date('2026-12-05T12:00:00+08:00');

/** Snapshot of each file: re-weighed by the one standard of evidence on 2026-12-05 (data/README.md). */
const SNAPSHOTS: Record<string, string> = {
  [DATA_FILES.suffixes]: '2026-12-05',
  [DATA_FILES.restrictedSuffixes]: '2026-12-05',
  [DATA_FILES.registrars]: '2026-12-05',
  [DATA_FILES.provinces]: '2026-12-05',
  [DATA_FILES.calendar]: '2026-12-05',
  // Being edited elsewhere; its re-weighing is pending (PENDING_POLICY_ENTRIES below).
  [DATA_FILES.policies]: '2026-11-28',
  'application-limits.json': '2026-12-05',
  'whois-servers.json': '2026-12-05',
  'app-filing.json': '2026-12-05',
};

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(defaultDataDir(), name), 'utf8')) as T;
}

function readEntries(name: string): Entry[] {
  const json = readJson<{ entries: Entry[]; snapshotDate: string }>(name);
  assert.equal(json.snapshotDate, SNAPSHOTS[name], name);
  return json.entries;
}

// ---- The one standard of evidence (data/README.md, "Standard of evidence"), as far as a machine can
// check it: it cannot tell whether two publications are independent, only count and date them.

/** A date of publication: a day, a month or a year (`undated (read …)` is not one). */
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
/** An official document named by its number: a 文号, an MIIT 公告, an MIIT-issued licence or filing number. */
const OFFICIAL_NUMBER =
  /〔\d{4}〕\d+号|公告\s*\d{4}\s*年\s*第\s*\d+\s*号|[\u4e00-\u9fff][A-Z]\d?(?:\.\d)?-\d{8}|ICP备20\d{8}号/;
/** Numbers that carry their own year: licences (浙D3-20210002, 粤B2-20090059) and 2019-format filings. */
const YEAR_BEARING = /[\u4e00-\u9fff][A-Z]\d?(?:\.\d)?-(?:19|20)\d{6}|ICP备20\d{8}号/;

/**
 * `decides`: the entry blocks or admits a user (approved, not approved, a restriction, a binding limit):
 * at least medium. `says-unknown`: the entry says unknown/unverified, which is what less than medium
 * must say. `fact`: reference data that decides nothing by itself.
 */
type Role = 'decides' | 'says-unknown' | 'fact';
type Rated = { id: string; confidence: string; sources: Source[]; role: Role };

/**
 * What the entry fails of the standard. `primaryCounts`: whether the file's facts are owned by the body
 * whose primary data is cited (IANA for WHOIS servers); elsewhere primary data (IANA's registrar table,
 * GB/T 2260, the PSL) is evidence of another fact and does not count for the decision.
 */
function problems(r: Rated, primaryCounts: boolean): string[] {
  const out: string[] = [];
  const dated = (s: Source) => s.date !== undefined;
  for (const s of r.sources) {
    if (s.date !== undefined && !DATE.test(s.date)) out.push(`source date "${s.date}" is not a date`);
  }
  if (r.confidence !== 'unsourced' && r.sources.length === 0) out.push('no source');
  const counted = r.sources.filter((s) => primaryCounts || s.kind !== 'primary');
  const officialText = r.sources.some(
    (s) => (s.kind === 'official' || (primaryCounts && s.kind === 'primary')) && dated(s),
  );
  const medium =
    officialText ||
    (counted.length >= 2 && counted.some(dated)) ||
    counted.some((s) => YEAR_BEARING.test(s.title) || (OFFICIAL_NUMBER.test(s.title) && dated(s)));
  if (r.confidence === 'high' && !officialText)
    out.push("high without the State's own text or primary data, dated (source kind official/primary)");
  if (r.confidence === 'medium' && !medium)
    out.push('medium without two publications (one dated) or a dated one naming an official document');
  const atLeastMedium = r.confidence === 'high' || r.confidence === 'medium';
  if (r.role === 'decides' && !atLeastMedium) out.push(`decides on ${r.confidence} evidence`);
  if (r.role === 'says-unknown' && atLeastMedium)
    out.push(`says unknown/unverified on ${r.confidence} evidence: decide it`);
  return out;
}

type RawSuffix = { suffix: string; status: string; confidence: string; sources: Source[] };
type RawRegistrar = { id: string; status: string; confidence: string; sources: Source[] };
type RawPolicy = { id: string; field: string; confidence: string; sources: Source[] };
type RawLimit = { id: string; status: string; confidence: string; sources: Source[] };

/** Every entry of every data file, with its role under the one rule for decisions. */
function everyEntry(): { file: string; primaryCounts: boolean; rated: Rated[] }[] {
  const entries = <T>(name: string) => readEntries(name) as unknown as T[];
  const zones = readJson<{
    sources: Record<string, Omit<Source, 'title'> & { title: string; confidence: string }>;
  }>('cn-zones.json');
  return [
    {
      file: DATA_FILES.suffixes,
      primaryCounts: false,
      rated: entries<RawSuffix>(DATA_FILES.suffixes).map((e) => ({
        id: e.suffix,
        confidence: e.confidence,
        sources: e.sources,
        role: e.status === 'unverified' ? 'says-unknown' : 'decides',
      })),
    },
    {
      file: DATA_FILES.restrictedSuffixes,
      primaryCounts: false,
      rated: entries<RawSuffix>(DATA_FILES.restrictedSuffixes).map((e) => ({
        id: e.suffix,
        confidence: e.confidence,
        sources: e.sources,
        role: 'decides',
      })),
    },
    {
      file: DATA_FILES.registrars,
      primaryCounts: false,
      rated: entries<RawRegistrar>(DATA_FILES.registrars).map((e) => ({
        id: e.id,
        confidence: e.confidence,
        sources: e.sources,
        role: e.status === 'unknown' ? 'says-unknown' : 'decides',
      })),
    },
    {
      file: DATA_FILES.provinces,
      primaryCounts: false,
      rated: entries<RawRegistrar & { code: string }>(DATA_FILES.provinces).map((e) => ({
        id: e.code,
        confidence: e.confidence,
        sources: e.sources,
        role: 'fact',
      })),
    },
    {
      file: DATA_FILES.policies,
      primaryCounts: false,
      rated: entries<RawPolicy>(DATA_FILES.policies).map((e) => ({
        id: e.id,
        confidence: e.confidence,
        sources: e.sources,
        // How long reporting takes is an estimate for a warning's date; every other field admits or refuses.
        role: e.field === 'realNameReportingWorkdays' ? 'fact' : 'decides',
      })),
    },
    {
      file: DATA_FILES.calendar,
      primaryCounts: false,
      rated: entries<{ year: number; confidence: string; sources: Source[] }>(DATA_FILES.calendar).map(
        (e) => ({ id: String(e.year), confidence: e.confidence, sources: e.sources, role: 'fact' }),
      ),
    },
    {
      file: 'application-limits.json',
      primaryCounts: false,
      rated: entries<RawLimit>('application-limits.json').map((e) => ({
        id: e.id,
        confidence: e.confidence,
        sources: e.sources,
        role: e.status === 'unverified' ? 'says-unknown' : 'decides',
      })),
    },
    {
      file: 'whois-servers.json',
      primaryCounts: true,
      rated: entries<{ tld: string; confidence: string; sources: Source[] }>('whois-servers.json').map(
        (e) => ({ id: e.tld, confidence: e.confidence, sources: e.sources, role: 'fact' }),
      ),
    },
    {
      // The requirement to file apps decides; the feature fields, number suffixes and the name warning
      // describe forms and numbers (a name filed elsewhere only warns: data/README.md, APP filing).
      file: 'app-filing.json',
      primaryCounts: false,
      rated: entries<{ id: string; kind: string; confidence: string; sources: Source[] }>(
        'app-filing.json',
      ).map((e) => ({
        id: e.id,
        confidence: e.confidence,
        sources: e.sources,
        role: e.kind === 'requirement' ? 'decides' : 'fact',
      })),
    },
    {
      // cn-zones.json rates its sources; every zone cites one of them.
      file: 'cn-zones.json',
      primaryCounts: false,
      rated: Object.entries(zones.sources).map(([id, s]) => ({
        id,
        confidence: s.confidence,
        sources: [s],
        role: 'fact',
      })),
    },
  ];
}

/**
 * province-policies.json is being edited by another change; these are its entries the scale re-rates
 * (listed in the 2026-12-05 report). New violations there still fail; fixed ones simply pass.
 */
const PENDING_POLICY_ENTRIES = new Set([
  // Guangdong's count rule (disputed, low) and the national "none" beside it: re-weighed with the rest.
  'domain-certificate-threshold-national',
  'domain-certificate-threshold-440000-2025',
  'max-domains-national-pre2019',
  'max-domains-guangxi-pre2019',
  'max-domains-chongqing-pre2019',
  'max-domains-national-2019-633',
  'expiring-error-130000',
  'expiring-error-140000',
  'expiring-error-150000',
  'expiring-error-310000',
  'expiring-error-330000',
  'expiring-error-520000',
  'domain-certificate-national',
  'domain-certificate-320000',
]);

describe('data files', () => {
  it('give every entry a confidence and at least one titled source, never the research notes themselves', () => {
    for (const name of Object.values(DATA_FILES)) {
      const entries = readEntries(name);
      assert.ok(entries.length > 0, name);
      entries.forEach((e, i) => {
        assert.ok(
          ['high', 'medium', 'low', 'unsourced'].includes(String(e.confidence)),
          `${name} entries[${i}]`,
        );
        assert.ok(Array.isArray(e.sources) && e.sources.length > 0, `${name} entries[${i}] has no source`);
        for (const s of e.sources) {
          assert.equal(typeof s.title, 'string', `${name} entries[${i}]`);
          assert.doesNotMatch(`${String(s.title)} ${s.url ?? ''}`, /miit-domain-facts|shared\/research/);
        }
      });
    }
  });

  it('hold every entry of every data file to the one standard of evidence', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { file, primaryCounts, rated } of everyEntry()) {
      assert.ok(rated.length > 0, file);
      for (const r of rated) {
        checked += 1;
        const found = problems(r, primaryCounts);
        if (found.length === 0) continue;
        if (file === DATA_FILES.policies && PENDING_POLICY_ENTRIES.has(r.id)) continue;
        failures.push(`${file} ${r.id}: ${found.join('; ')}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(checked > 250, `${checked} entries checked`);
  });

  it('catch what the standard refuses (the checker itself can fail)', () => {
    const publication = (date?: string): Source => ({ title: 'A provider page', ...(date ? { date } : {}) });
    const rated = (confidence: string, sources: Source[], role: Role = 'fact'): Rated => ({
      id: 'x',
      confidence,
      sources,
      role,
    });
    assert.deepEqual(problems(rated('medium', [publication('2024'), publication()]), false), []);
    assert.equal(problems(rated('medium', [publication(), publication()]), false).length, 1);
    assert.equal(problems(rated('medium', [publication('2024')]), false).length, 1);
    // A licence number carries its year: one publication naming it is medium.
    assert.deepEqual(problems(rated('medium', [{ title: '域名注册服务机构许可 滇D3-20230001' }]), false), []);
    assert.equal(problems(rated('high', [publication('2024'), publication('2025')]), false).length, 1);
    assert.deepEqual(
      problems(
        rated('high', [{ title: '工业和信息化部公告2018年第7号', date: '2018-01-29', kind: 'official' }]),
        false,
      ),
      [],
    );
    // IANA's table is primary for the IANA id, not evidence of an MIIT approval.
    const iana: Source = { title: 'IANA registrar IDs', date: '2023-10-27', kind: 'primary' };
    assert.equal(problems(rated('medium', [iana, publication()], 'decides'), false).length, 1);
    assert.equal(problems(rated('low', [publication('2026')], 'decides'), false).length, 1);
    assert.equal(
      problems(rated('medium', [publication('2026'), publication()], 'says-unknown'), false).length,
      1,
    );
    assert.equal(problems(rated('low', [{ title: 'x', date: 'undated (read 2026-12)' }]), false).length, 1);
  });

  it("give every .cn zone a rated source, MIIT's 公告 as the State's own text", () => {
    const file = readJson<{
      sources: Record<string, Source & { confidence: string }>;
      zones: { source: string }[];
    }>('cn-zones.json');
    for (const z of file.zones) assert.ok(file.sources[z.source], z.source);
    assert.equal(file.sources['miit-2018-7']?.kind, 'official');
  });

  it('store the A-label of every suffix as url.domainToASCII gives it', () => {
    for (const e of [...policy.suffixes, ...policy.restrictedSuffixes]) {
      assert.equal(e.ascii, domainToASCII(e.suffix), e.suffix);
    }
  });

  it('approve .cn, .中国, .com, .net and the Chinese TLDs on two transcriptions of the MIIT list', () => {
    const approved =
      'cn 中国 com net 政务 公益 公司 网络 网址 商城 网店 中信 商标 广东 佛山 信息 手机 在线 中文网 集团 我爱你 商店 企业 娱乐 游戏 购物 餐厅 招聘 时尚 移动 网站';
    for (const s of approved.split(' ')) {
      const e = policy.suffixes.find((x) => x.suffix === s);
      assert.deepEqual([e?.status, e?.approved], ['approved', true], s);
    }
  });

  it('approve the gTLDs whose MIIT approval two independent publications report, from the approval date', () => {
    const from: Record<string, string> = {
      wang: '2014-12-31',
      ren: '2014-12-31',
      top: '2015-05-26',
      xyz: '2016-12-05',
      club: '2016-12-05',
      vip: '2016-12-05',
      shop: '2016-12-29',
      site: '2016-12-29',
      ink: '2017-02-14',
      biz: '2017-04-13',
      link: '2017-04-13',
      mobi: '2017-04-30',
      info: '2017-04-30',
      ltd: '2017-08-16',
      online: '2017-10-12',
      beer: '2017-10-12',
      cc: '2020-07-24',
      tv: '2020-07-24',
      co: '2020-07-24',
    };
    for (const [s, date] of Object.entries(from)) {
      const e = policy.suffixes.find((x) => x.ascii === s);
      assert.deepEqual([e?.status, e?.approved, e?.approvedFrom], ['approved', true, date], s);
    }
  });

  it('refuse what the evidence does not carry: unverified, not approved, and no approval date on them', () => {
    for (const s of [
      'org',
      'tel',
      'name',
      'io',
      'me',
      'dev',
      'app',
      'xn--j6w193g',
      'hk',
      'tw',
      'jp',
      'us',
      'uk',
      'la',
    ])
      assert.deepEqual(
        [policy.classifySuffix(s, AT).entry?.status, policy.classifySuffix(s, AT).approved],
        ['not-approved', false],
        s,
      );
    for (const s of ['xn--fiqz9s', 'xn--8y0a063a', 'xn--rhqv96g', 'xn--nyqy26a', 'pub', 'icu', 'space'])
      assert.deepEqual(
        [policy.classifySuffix(s, AT).entry?.status, policy.classifySuffix(s, AT).approved],
        ['unverified', false],
        s,
      );
    for (const e of policy.suffixes) {
      assert.equal(e.approved, e.status === 'approved', e.suffix);
      if (!e.approved) assert.equal(e.approvedFrom, undefined, e.suffix);
    }
  });

  // The standard of evidence (data/README.md): the data must carry what the decision rests on.
  it('hold every suffix entry to the standard of evidence', () => {
    const dated = (e: SuffixEntry) => e.sources.some((s) => s.date !== undefined);
    for (const e of policy.suffixes) {
      if (e.confidence !== 'high') {
        assert.ok(
          e.sources.length > 0 && e.note,
          `${e.suffix}: a non-high entry cites its sources and says why`,
        );
      }
      if (e.status === 'approved') {
        // approved needs at least medium: MIIT's own text, or two publications of which one is dated
        assert.ok(
          ['high', 'medium'].includes(e.confidence),
          `${e.suffix}: approved on ${e.confidence} evidence`,
        );
        if (e.confidence === 'medium')
          assert.ok(e.sources.length >= 2 && dated(e), `${e.suffix}: medium needs two sources, one dated`);
      }
      if (e.status === 'not-approved') assert.ok(['high', 'medium'].includes(e.confidence), e.suffix);
      if (e.status === 'unverified') assert.ok(['low', 'unsourced'].includes(e.confidence), e.suffix);
      if (e.status === 'disputed')
        assert.ok(e.sources.length >= 2, `${e.suffix}: a dispute cites both sides`);
      if (e.approvedFrom !== undefined) {
        // the date an approval took effect cannot come after every source that shows it
        const dates = e.sources.flatMap((s) =>
          s.date && /^\d{4}-\d{2}-\d{2}$/.test(s.date) ? [s.date] : [],
        );
        assert.ok(dates.length > 0 && dates.some((d) => d >= e.approvedFrom!), e.suffix);
      }
    }
  });

  it('keep the discounted 北京管局 list visible where it disagrees (.org, .tel)', () => {
    for (const s of ['org', 'tel']) {
      const e = policy.classifySuffix(s, AT).entry;
      assert.ok(
        e?.sources.some((x) => x.title.includes('chinaweld')),
        s,
      );
      assert.match(e?.note ?? '', /Conflicting source, discounted/, s);
    }
  });

  it('give kind cctld to two-letter TLDs and idn to the other Chinese TLDs', () => {
    for (const e of policy.suffixes) {
      if (/^[a-z]{2}$/.test(e.ascii)) assert.equal(e.kind, 'cctld', e.ascii);
      else if (e.ascii.startsWith('xn--') && !['中国', '中國', '香港'].includes(e.suffix))
        assert.equal(e.kind, 'idn', e.suffix);
    }
  });

  it('list the 31 mainland provinces with their distinct ICP prefixes', () => {
    assert.equal(policy.provinces.length, 31);
    assert.deepEqual(
      policy.provinces.map((p) => p.icpPrefix).join(''),
      '京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝蜀黔滇藏陕陇青宁新',
    );
    assert.equal(new Set(policy.provinces.map((p) => p.pinyin)).size, 31);
  });

  it('approve Alibaba Cloud and 蓝队云 on their licence numbers (medium: their own publications)', () => {
    assert.equal(policy.registrars.find((r) => r.id === 'landui')?.licence, '滇D3-20230001');
    for (const id of ['aliyun', 'landui']) {
      const r = policy.registrars.find((x) => x.id === id);
      assert.deepEqual([r?.status, r?.confidence], ['approved', 'medium'], id);
    }
  });

  it('refuse foreign and international registrars on medium evidence, never on a name alone', () => {
    for (const r of policy.registrars) {
      if (r.international) assert.equal(r.status, 'not-approved', r.id);
    }
    for (const id of [
      'godaddy',
      'namecheap',
      'cloudflare',
      'tucows',
      'gandi',
      'porkbun',
      'dynadot',
      'name-com',
    ]) {
      const r = policy.registrars.find((x) => x.id === id);
      assert.deepEqual([r?.status, r?.confidence], ['not-approved', 'medium'], id);
    }
    // West263 International's seat outside the mainland rests on its English name only.
    assert.equal(policy.registrars.find((r) => r.id === 'west263-intl')?.status, 'unknown');
  });

  // One rule for every registrar (data/README.md): approved needs medium evidence of the approval, so a
  // registrar seen only as a CNNIC WHOIS sponsoring registrar, or only in its own guide, is unknown.
  it('approve exactly the registrars whose approval has medium evidence', () => {
    const approved = policy.registrars.filter((r) => r.status === 'approved').map((r) => r.id);
    assert.deepEqual(approved.sort(), ['aliyun', 'landui', 'naisinike', 'xinnet']);
    for (const id of ['west-cn', 'ename', 'sanfront', '35-com', 'tencent', 'huaweicloud']) {
      const r = policy.registrars.find((x) => x.id === id);
      assert.equal(r?.status, 'unknown', id);
      assert.match(r?.note ?? '', /Re-weighed 2026-12-05 .*approved → unknown/, id);
    }
    for (const r of policy.registrars) {
      const titles = r.sources.map((s) => s.title).join('\n');
      if (r.status === 'unknown') assert.equal(r.licence, undefined, r.id);
      // Not approved means known to be outside mainland China, with a source for the 境外 rule.
      if (r.status === 'not-approved') assert.match(titles, /境外/, r.id);
    }
  });

  it('list the Chinese ICANN registrars of the research with their IANA ids', () => {
    const byIana = (id: number) => policy.registrars.find((r) => r.ianaIds.includes(id));
    assert.equal(byIana(3838)?.legalName, 'MarkMonitor Information Technology (Shanghai) Co., Ltd.');
    assert.equal(byIana(3838)?.status, 'unknown');
    assert.equal(byIana(1316)?.legalName, '厦门三五互联科技股份有限公司');
    for (const id of [611, 953, 1316, 1410, 1417, 1438, 1516, 1523, 1590, 1605, 1608, 1624, 1629, 1631]) {
      assert.ok(byIana(id), `IANA ${id}`);
    }
    for (const id of [1635, 1640, 1722, 1729, 1734, 1739, 1740, 1742, 1754, 1904, 1914, 1916, 1923, 2478]) {
      assert.ok(byIana(id), `IANA ${id}`);
    }
  });

  it('end every pre-2019 province entry on 2019-04-21, the day before 工信管函〔2019〕633号', () => {
    const pre = policy.policies.filter((e) => e.field === 'maxDomainsPerWebsite' && e.id.endsWith('pre2019'));
    assert.equal(pre.length, 3);
    for (const e of pre) assert.equal(e.effectiveUntil, '2019-04-21', e.id);
  });
});
