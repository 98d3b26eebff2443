import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { domainToASCII } from 'node:url';
import { parse } from 'tldts';
import { parseDomainInput } from '../../src/domain-name/index.ts';
import { splitRegistrable } from '../../src/domain-name/registrable.ts';

type Zone = { zone: string; ascii: string; kind: string; source: string; inPsl: boolean; region?: string };
type ZoneFile = {
  sources: Record<string, { date: string; confidence: string; title: string }>;
  zones: Zone[];
  pslOnly: { zone: string; ascii: string }[];
  pslDifferences: string;
};

const zoneFile = JSON.parse(
  readFileSync(new URL('../../data/cn-zones.json', import.meta.url), 'utf8'),
) as ZoneFile;

const CATEGORY = ['政务', '公益', 'gov', 'org', 'ac', 'com', 'edu', 'mil', 'net'];
const ADMINISTRATIVE =
  'bj sh tj cq he sx nm ln jl hl js zj ah fj jx sd ha hb hn gd gx hi sc gz yn xz sn gs qh nx xj tw hk mo'.split(
    ' ',
  );

describe('data/cn-zones.json', () => {
  it('lists the 9 category and 34 administrative zones of MIIT 公告 2018年第7号', () => {
    const byKind = (kind: string): string[] =>
      zoneFile.zones.filter((z) => z.kind === kind).map((z) => z.zone.slice(0, -'.cn'.length));
    assert.deepEqual(byKind('category'), CATEGORY);
    assert.deepEqual(byKind('administrative'), ADMINISTRATIVE);
    assert.equal(zoneFile.zones.length, 43);
  });

  it('gives each zone its A-label and a dated, high-confidence source', () => {
    for (const zone of [...zoneFile.zones, ...zoneFile.pslOnly]) {
      assert.equal(zone.ascii, domainToASCII(zone.zone), zone.zone);
    }
    for (const zone of zoneFile.zones) {
      const source = zoneFile.sources[zone.source];
      assert.ok(source, `${zone.zone}: unknown source ${zone.source}`);
      assert.equal(source.date, '2018-01-29');
      assert.equal(source.confidence, 'high');
    }
  });

  it('says truthfully which zones the installed PSL (tldts) lists', () => {
    for (const zone of zoneFile.zones) {
      const inPsl = parse(`x.${zone.ascii}`, { extractHostname: false }).publicSuffix === zone.ascii;
      assert.equal(inPsl, zone.inPsl, `${zone.zone}: inPsl`);
    }
    for (const zone of zoneFile.pslOnly) {
      assert.equal(parse(`x.${zone.ascii}`, { extractHostname: false }).publicSuffix, zone.ascii, zone.zone);
    }
  });
});

describe('splitRegistrable', () => {
  it('makes every 公告 zone a public suffix, in both forms', () => {
    for (const zone of zoneFile.zones) {
      const result = parseDomainInput(`www.example-shop.${zone.zone}`);
      assert.ok(result.ok, zone.zone);
      assert.equal(result.domain.suffix, zone.zone);
      assert.equal(result.domain.suffixAscii, zone.ascii);
      assert.equal(result.domain.registrable, `example-shop.${zone.zone}`);
      assert.equal(result.domain.subdomain, 'www');
      const suffixOnly = parseDomainInput(zone.zone);
      assert.ok(!suffixOnly.ok && suffixOnly.reason === 'suffix-only', zone.zone);
    }
  });

  it('keeps the PSL behaviour for 公司.cn, 网络.cn and 網絡.cn, which the 公告 does not list', () => {
    for (const zone of zoneFile.pslOnly) {
      const result = parseDomainInput(`例子.${zone.zone}`);
      assert.ok(result.ok, zone.zone);
      assert.equal(result.domain.registrable, `例子.${zone.zone}`);
      assert.equal(result.domain.suffix, zone.zone);
    }
  });

  it('takes other .cn second-level labels as registrable under cn', () => {
    const result = parseDomainInput('www.例子.cn');
    assert.ok(result.ok);
    assert.equal(result.domain.registrable, '例子.cn');
    assert.equal(result.domain.suffix, 'cn');
  });

  it('uses the ICANN section only', () => {
    for (const [host, registrable] of [
      ['foo.github.io', 'github.io'],
      ['foo.blogspot.com', 'blogspot.com'],
      ['a.b.s3.amazonaws.com', 'amazonaws.com'],
    ] as const) {
      const result = splitRegistrable(host, host);
      assert.ok(result.ok, host);
      assert.equal(result.domain.registrable, registrable, host);
    }
  });

  it('answers as tldts.parse (ICANN section) does, whichever host of a TLD comes first', () => {
    // splitRegistrable asks tldts for the suffix alone and remembers per TLD whether a one-label suffix
    // is an ICANN rule; tldts.parse on every host is the reference. Wildcard-only TLDs (ck with its
    // exception www.ck, er, kh …), deeper wildcards and exceptions (kawasaki.jp, nom.br, sch.uk), private
    // rules (github.io) and TLDs outside the PSL, each probed with the exception first.
    const tlds = [
      'com',
      'net',
      'org',
      'io',
      'ai',
      'me',
      'top',
      'xyz',
      'vip',
      'club',
      'app',
      'hk',
      'tw',
      'mo',
      'uk',
      'jp',
      'br',
      'au',
      'de',
      'ck',
      'bd',
      'er',
      'fk',
      'jm',
      'kh',
      'mm',
      'np',
      'pg',
      'bn',
      'kawasaki.jp',
      'nom.br',
      'sch.uk',
      'co.uk',
      'github.io',
      'xn--fiqs8s',
      'xn--55qx5d',
      'zzz',
      'lan',
      'corp',
      'bit',
    ];
    const options = { allowPrivateDomains: false, detectIp: false, extractHostname: false };
    for (const tld of tlds) {
      for (const host of [`www.${tld}`, `city.${tld}`, `x.${tld}`, `a.www.${tld}`, `a.b.c.${tld}`]) {
        const reference = parse(host, options);
        const result = splitRegistrable(host, host);
        if (reference.isIcann !== true) {
          assert.ok(!result.ok && result.reason === 'unknown-suffix', `${host}: outside the ICANN section`);
        } else if (reference.domain === null) {
          assert.ok(!result.ok && result.reason === 'suffix-only', `${host}: a public suffix`);
        } else {
          assert.ok(result.ok, host);
          assert.equal(result.domain.registrableAscii, reference.domain, host);
          assert.equal(result.domain.suffixAscii, reference.publicSuffix, host);
          assert.equal(result.domain.tldAscii, host.slice(host.lastIndexOf('.') + 1), host);
        }
      }
    }
  });

  it('refuses every name tldts flags as special-use (IANA registry), and arpa and internal', () => {
    const probes = [
      'test',
      'x.test',
      'localhost',
      'a.localhost',
      'invalid',
      'x.invalid',
      'example',
      'x.example',
      'example.com',
      'www.example.com',
      'example.net',
      'a.example.net',
      'example.org',
      'b.example.org',
      'local',
      'printer.local',
      'onion',
      'abc.onion',
      'alt',
      'x.alt',
      'home.arpa',
      'router.home.arpa',
      'ipv4only.arpa',
      'resolver.arpa',
      'service.arpa',
      '6tisch.arpa',
      'eap.arpa',
      'x.eap.arpa',
      'in-addr.arpa',
      '1.in-addr.arpa',
      'internal',
      'nas.internal',
    ];
    for (const host of probes) {
      const flagged = parse(host, { extractHostname: false, detectSpecialUse: true }).isSpecialUse === true;
      const result = splitRegistrable(host, host);
      const refused = !result.ok && result.reason === 'special-use';
      if (flagged) assert.ok(refused, `${host}: tldts flags it, beian does not`);
      if (host.endsWith('arpa') || host.endsWith('internal')) assert.ok(refused, host);
    }
    for (const host of ['latest.com', 'myexample.com', 'example.cn', 'testing.com', 'localhost.com.cn']) {
      assert.ok(splitRegistrable(host, host).ok, `${host} is not special-use`);
    }
  });
});
