import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { domainToASCII } from 'node:url';
import { DATA_FILES, defaultDataDir, loadPolicy } from '../../src/policy/index.ts';
import type { SuffixEntry } from '../../src/policy/index.ts';

type Entry = { confidence?: unknown; sources?: { title?: unknown; url?: string }[] };
const policy = loadPolicy();
const AT = new Date('2026-12-05T12:00:00+08:00');

function readEntries(name: string): Entry[] {
  const json = JSON.parse(readFileSync(join(defaultDataDir(), name), 'utf8')) as {
    entries: Entry[];
    snapshotDate: string;
  };
  // suffixes.json was re-weighed on 2026-12-05 (data/README.md, "Standard of evidence for suffixes").
  assert.equal(json.snapshotDate, name === DATA_FILES.suffixes ? '2026-12-05' : '2026-11-28', name);
  return json.entries;
}

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

  it('approve Alibaba Cloud and 蓝队云 with their licences; not foreign or international registrars', () => {
    assert.equal(policy.registrars.find((r) => r.id === 'landui')?.licence, '滇D3-20230001');
    for (const r of policy.registrars) {
      if (r.international) assert.equal(r.status, 'not-approved', r.id);
    }
    for (const id of ['aliyun', 'landui']) {
      assert.equal(policy.registrars.find((r) => r.id === id)?.confidence, 'high', id);
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
      'west263-intl',
    ]) {
      assert.equal(policy.registrars.find((r) => r.id === id)?.status, 'not-approved', id);
    }
  });

  // One standard for every registrar (data/README.md): approved needs positive evidence, and an entry
  // with nothing beyond its IANA accreditation is unknown, never "not approved".
  it('hold every approved registrar to one standard of evidence', () => {
    for (const r of policy.registrars) {
      const titles = r.sources.map((s) => s.title).join('\n');
      if (r.status === 'approved') {
        const evidence = r.licence !== undefined || r.confidence !== 'low' || /CNNIC WHOIS/.test(titles);
        assert.ok(
          evidence,
          `${r.id} is approved without a licence, a provider's statement or a CNNIC record`,
        );
      }
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
