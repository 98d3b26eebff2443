import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { domainToASCII } from 'node:url';
import { DATA_FILES, defaultDataDir, loadPolicy } from '../../src/policy/index.ts';

type Entry = { confidence?: unknown; sources?: { title?: unknown; url?: string }[] };
const policy = loadPolicy();

function readEntries(name: string): Entry[] {
  const json = JSON.parse(readFileSync(join(defaultDataDir(), name), 'utf8')) as {
    entries: Entry[];
    snapshotDate: string;
  };
  assert.equal(json.snapshotDate, '2026-11-28', name);
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

  it('approve .cn, .中国, .com, .net and the Chinese TLDs of the MIIT list (domain.miit.gov.cn)', () => {
    const approved = [
      'cn',
      '中国',
      '中國',
      'com',
      'net',
      '政务',
      '公益',
      '公司',
      '网络',
      '网址',
      '商城',
      '网店',
      '中信',
      '商标',
      '广东',
      '佛山',
      '信息',
      '手机',
      '在线',
      '中文网',
      '集团',
      '我爱你',
      '商店',
      '企业',
      '娱乐',
      '游戏',
      '购物',
      '餐厅',
      '招聘',
      '时尚',
      '移动',
      '网站',
      '联通',
      '世界',
      '健康',
      'top',
      'wang',
      'ren',
      'mobi',
      'tel',
    ];
    for (const s of approved) {
      const e = policy.suffixes.find((x) => x.suffix === s);
      assert.equal(e?.approved, true, s);
      assert.equal(e?.status, 'approved', s);
    }
  });

  it('do not approve disputed, unverified or rejected suffixes by default', () => {
    for (const s of ['org', 'cc', 'tv', 'co'])
      assert.equal(policy.classifySuffix(s).entry?.status, 'disputed', s);
    const unverified =
      'xyz site club shop vip xin ltd group online store tech fun link red ink pub work kim love art beer luxe design wiki live cloud info biz asia';
    for (const s of unverified.split(' ')) {
      const e = policy.classifySuffix(s).entry;
      assert.deepEqual([e?.status, e?.approved], ['unverified', false], s);
    }
    for (const s of ['io', 'me', 'dev', 'app', 'name', 'xn--j6w193g', 'hk', 'tw', 'jp', 'us', 'uk', 'la']) {
      assert.equal(policy.classifySuffix(s).entry?.status, 'not-approved', s);
    }
    for (const e of policy.suffixes) assert.equal(e.approved, e.status === 'approved', e.suffix);
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
