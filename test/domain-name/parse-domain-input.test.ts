import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDomainInput } from '../../src/domain-name/index.ts';
import type { DomainInvalidReason, NormalizedDomain } from '../../src/domain-name/index.ts';

type Accepted = {
  input: string;
  ascii: string;
  unicode: string;
  registrable: string;
  suffix: string;
  subdomain: string;
};

const WWW_LIZI_ZHONGGUO: NormalizedDomain = {
  ascii: 'www.xn--fsqu00a.xn--fiqs8s',
  unicode: 'www.例子.中国',
  registrable: '例子.中国',
  registrableAscii: 'xn--fsqu00a.xn--fiqs8s',
  subdomain: 'www',
  suffix: '中国',
  suffixAscii: 'xn--fiqs8s',
  tldAscii: 'xn--fiqs8s',
};

const lizi = (prefix: string, suffix: string): Omit<Accepted, 'input' | 'ascii'> => ({
  unicode: `${prefix}例子.${suffix}`,
  registrable: `例子.${suffix}`,
  suffix,
  subdomain: prefix.replace(/\.$/, ''),
});

const ACCEPTED: readonly Accepted[] = [
  // Bare hosts, case and white space
  {
    input: 'www.baidu.com',
    ascii: 'www.baidu.com',
    unicode: 'www.baidu.com',
    registrable: 'baidu.com',
    suffix: 'com',
    subdomain: 'www',
  },
  {
    input: 'WWW.Example-Shop.COM',
    ascii: 'www.example-shop.com',
    unicode: 'www.example-shop.com',
    registrable: 'example-shop.com',
    suffix: 'com',
    subdomain: 'www',
  },
  { input: '  例子.中国\t\r\n', ascii: 'xn--fsqu00a.xn--fiqs8s', ...lizi('', '中国') },
  {
    input: 'ABC例子.中国',
    ascii: 'xn--abc-xc0e315c.xn--fiqs8s',
    unicode: 'abc例子.中国',
    registrable: 'abc例子.中国',
    suffix: '中国',
    subdomain: '',
  },
  { input: 'XN--FSQU00A.XN--FIQS8S', ascii: 'xn--fsqu00a.xn--fiqs8s', ...lizi('', '中国') },
  // URLs: scheme, userinfo, port, path, query, fragment
  {
    input: 'https://user:pass@WWW.例子.中国:8443/路径?q=备案#top',
    ascii: 'www.xn--fsqu00a.xn--fiqs8s',
    ...lizi('www.', '中国'),
  },
  {
    input: 'https://www.baidu.com/s?wd=beian',
    ascii: 'www.baidu.com',
    unicode: 'www.baidu.com',
    registrable: 'baidu.com',
    suffix: 'com',
    subdomain: 'www',
  },
  {
    input: 'ftp://admin@files.example-shop.com.cn/pub',
    ascii: 'files.example-shop.com.cn',
    unicode: 'files.example-shop.com.cn',
    registrable: 'example-shop.com.cn',
    suffix: 'com.cn',
    subdomain: 'files',
  },
  {
    input: 'example-shop.com.cn:443',
    ascii: 'example-shop.com.cn',
    unicode: 'example-shop.com.cn',
    registrable: 'example-shop.com.cn',
    suffix: 'com.cn',
    subdomain: '',
  },
  { input: 'user@例子.中国', ascii: 'xn--fsqu00a.xn--fiqs8s', ...lizi('', '中国') },
  { input: '例子.中国/路径', ascii: 'xn--fsqu00a.xn--fiqs8s', ...lizi('', '中国') },
  { input: '//cdn.例子.中国/x', ascii: 'cdn.xn--fsqu00a.xn--fiqs8s', ...lizi('cdn.', '中国') },
  {
    input: 'http://www.example-shop.com./',
    ascii: 'www.example-shop.com',
    unicode: 'www.example-shop.com',
    registrable: 'example-shop.com',
    suffix: 'com',
    subdomain: 'www',
  },
  // Full-width forms and the ideographic separators 。．｡
  {
    input: 'ｗｗｗ．ｅｘａｍｐｌｅ－ｓｈｏｐ．ｃｏｍ',
    ascii: 'www.example-shop.com',
    unicode: 'www.example-shop.com',
    registrable: 'example-shop.com',
    suffix: 'com',
    subdomain: 'www',
  },
  { input: '例子。中国', ascii: 'xn--fsqu00a.xn--fiqs8s', ...lizi('', '中国') },
  { input: '例子．中国', ascii: 'xn--fsqu00a.xn--fiqs8s', ...lizi('', '中国') },
  { input: '例子｡中国', ascii: 'xn--fsqu00a.xn--fiqs8s', ...lizi('', '中国') },
  { input: 'ｗｗｗ。例子。中国', ascii: 'www.xn--fsqu00a.xn--fiqs8s', ...lizi('www.', '中国') },
  // One trailing dot, of any separator kind
  {
    input: 'www.example-shop.com.',
    ascii: 'www.example-shop.com',
    unicode: 'www.example-shop.com',
    registrable: 'example-shop.com',
    suffix: 'com',
    subdomain: 'www',
  },
  { input: '例子.中国。', ascii: 'xn--fsqu00a.xn--fiqs8s', ...lizi('', '中国') },
  // Simplified and Traditional TLDs are different names
  { input: '例子.中国', ascii: 'xn--fsqu00a.xn--fiqs8s', ...lizi('', '中国') },
  { input: '例子.中國', ascii: 'xn--fsqu00a.xn--fiqz9s', ...lizi('', '中國') },
  // .cn zones: PSL ones, and the MIIT 公告 2018年第7号 zones the PSL lacks
  { input: '例子.公司.cn', ascii: 'xn--fsqu00a.xn--55qx5d.cn', ...lizi('', '公司.cn') },
  {
    input: 'www.x.bj.cn',
    ascii: 'www.x.bj.cn',
    unicode: 'www.x.bj.cn',
    registrable: 'x.bj.cn',
    suffix: 'bj.cn',
    subdomain: 'www',
  },
  {
    input: 'a.b.c.example-shop.gov.cn',
    ascii: 'a.b.c.example-shop.gov.cn',
    unicode: 'a.b.c.example-shop.gov.cn',
    registrable: 'example-shop.gov.cn',
    suffix: 'gov.cn',
    subdomain: 'a.b.c',
  },
  { input: '例子.政务.cn', ascii: 'xn--fsqu00a.xn--zfr164b.cn', ...lizi('', '政务.cn') },
  { input: 'www.例子.政务.cn', ascii: 'www.xn--fsqu00a.xn--zfr164b.cn', ...lizi('www.', '政务.cn') },
  { input: '例子.公益.cn', ascii: 'xn--fsqu00a.xn--55qw42g.cn', ...lizi('', '公益.cn') },
  { input: 'xn--fsqu00a.xn--55qw42g.cn', ascii: 'xn--fsqu00a.xn--55qw42g.cn', ...lizi('', '公益.cn') },
  // ICANN section only: github.io's private rule does not count
  {
    input: 'foo.github.io',
    ascii: 'foo.github.io',
    unicode: 'foo.github.io',
    registrable: 'github.io',
    suffix: 'io',
    subdomain: 'foo',
  },
  {
    input: 'foo.blogspot.com',
    ascii: 'foo.blogspot.com',
    unicode: 'foo.blogspot.com',
    registrable: 'blogspot.com',
    suffix: 'com',
    subdomain: 'foo',
  },
  // PSL exception rule (!city.kawasaki.jp under *.kawasaki.jp)
  {
    input: 'www.city.kawasaki.jp',
    ascii: 'www.city.kawasaki.jp',
    unicode: 'www.city.kawasaki.jp',
    registrable: 'city.kawasaki.jp',
    suffix: 'kawasaki.jp',
    subdomain: 'www',
  },
  // Non-transitional UTS #46: ß stays ß
  {
    input: 'straße.de',
    ascii: 'xn--strae-oqa.de',
    unicode: 'straße.de',
    registrable: 'straße.de',
    suffix: 'de',
    subdomain: '',
  },
  {
    input: 'MÜNCHEN.de',
    ascii: 'xn--mnchen-3ya.de',
    unicode: 'münchen.de',
    registrable: 'münchen.de',
    suffix: 'de',
    subdomain: '',
  },
  // Joiners where RFC 5892 Appendix A allows them: ZWJ after a virama, ZWNJ between Mongolian letters
  {
    input: 'क्\u200Dष.com',
    ascii: 'xn--11b2ezcw70k.com',
    unicode: 'क्\u200Dष.com',
    registrable: 'क्\u200Dष.com',
    suffix: 'com',
    subdomain: '',
  },
  {
    input: 'ᠠ\u200Cᠠ.com',
    ascii: 'xn--26ea791d.com',
    unicode: 'ᠠ\u200Cᠠ.com',
    registrable: 'ᠠ\u200Cᠠ.com',
    suffix: 'com',
    subdomain: '',
  },
  // 19 distinct ideographs still fit in 63 octets (61)
  {
    input: '北京市朝阳区望京街道阜通东大街六号院三.cn',
    ascii: 'xn--ehqqbz3aa046a62cbh57cp3ybhm9lywa5961ica6190ab0am33exla93a.cn',
    unicode: '北京市朝阳区望京街道阜通东大街六号院三.cn',
    registrable: '北京市朝阳区望京街道阜通东大街六号院三.cn',
    suffix: 'cn',
    subdomain: '',
  },
];

const REJECTED: readonly { input: string; reason: DomainInvalidReason; mentions?: string }[] = [
  { input: '', reason: 'empty' },
  { input: ' \t ', reason: 'empty' },
  { input: '.', reason: 'empty' },
  { input: 'http://', reason: 'empty' },
  { input: 'a'.repeat(1025), reason: 'too-long-input', mentions: '1025 bytes' },
  { input: '例'.repeat(342), reason: 'too-long-input', mentions: '1026 bytes' },
  { input: 'exa\u0000mple.com', reason: 'control-character', mentions: 'U+0000' },
  { input: 'exa\tmple.com', reason: 'control-character', mentions: 'U+0009' },
  { input: 'http://exa\nmple.com/', reason: 'control-character', mentions: 'U+000A' },
  { input: 'exa\u007Fmple.com', reason: 'control-character', mentions: 'U+007F' },
  { input: 'example\u0085.com', reason: 'control-character', mentions: 'U+0085' },
  { input: 'exa\u200Bmple.com', reason: 'control-character', mentions: 'U+200B' },
  { input: '\u202Eexample.com', reason: 'control-character', mentions: 'U+202E' },
  { input: 'ex\u00ADample.com', reason: 'control-character', mentions: 'U+00AD' },
  { input: '例子\uFE0F.中国', reason: 'control-character', mentions: 'U+FE0F' },
  { input: 'exa_mple.com', reason: 'invalid-character', mentions: 'exa_mple' },
  { input: 'ex ample.com', reason: 'invalid-character' },
  { input: 'ex*ample.com', reason: 'invalid-character', mentions: 'ex*ample' },
  { input: 'http://ex%41mple.com/', reason: 'invalid-character', mentions: '%' },
  { input: '例子.中国\\path', reason: 'invalid-character' },
  { input: 'example.com:abc', reason: 'invalid-character', mentions: 'port' },
  { input: 'a\u200Db.com', reason: 'invalid-character', mentions: 'a\u200Db' },
  { input: 'क्\u200Dक\u200D.com', reason: 'invalid-character', mentions: 'joiner' },
  { input: '\u0301a.com', reason: 'invalid-character' },
  { input: '⒈.com', reason: 'invalid-character', mentions: '⒈' },
  { input: '127.0.0.1', reason: 'ip-address' },
  { input: '0x7f.1', reason: 'ip-address', mentions: '127.0.0.1' },
  { input: 'http://0x7f.1/', reason: 'ip-address', mentions: '127.0.0.1' },
  { input: '1.2.3', reason: 'ip-address', mentions: '1.2.0.3' },
  { input: '１２７．０．０．１', reason: 'ip-address' },
  { input: '[::1]', reason: 'ip-address' },
  { input: 'http://[2001:db8::1]:8080/', reason: 'ip-address', mentions: '[2001:db8::1]' },
  { input: '2001:db8::1', reason: 'ip-address' },
  { input: 'example-shop.123', reason: 'numeric-tld', mentions: '123' },
  { input: 'example-shop.0x7f', reason: 'numeric-tld' },
  { input: '1.2.3.4.5', reason: 'numeric-tld' },
  { input: '例子.１２３', reason: 'numeric-tld' },
  { input: 'a..com', reason: 'empty-label' },
  { input: '.example-shop.com', reason: 'empty-label' },
  { input: 'example-shop.com..', reason: 'empty-label' },
  { input: '例子。。中国', reason: 'empty-label' },
  { input: `${'a'.repeat(64)}.com`, reason: 'label-too-long', mentions: '64 octets' },
  { input: '北京市朝阳区望京街道阜通东大街六号院三号.cn', reason: 'label-too-long', mentions: '65 octets' },
  { input: `${`${'a'.repeat(63)}.`.repeat(4)}com`, reason: 'name-too-long', mentions: '259 octets' },
  { input: '-example.com', reason: 'hyphen', mentions: '-example' },
  { input: 'example-.com', reason: 'hyphen', mentions: 'example-' },
  { input: 'ab--cd.com', reason: 'hyphen', mentions: 'ab--cd' },
  { input: '例-.cn', reason: 'hyphen', mentions: '例-' },
  { input: 'ab--例.cn', reason: 'hyphen', mentions: 'ab--例' },
  { input: 'xn--zz.com', reason: 'bad-punycode', mentions: 'xn--zz' },
  { input: 'xn--abc-.com', reason: 'bad-punycode', mentions: 'xn--abc-' },
  { input: 'xn---zss.com', reason: 'bad-punycode', mentions: 'xn---zss' },
  { input: 'localhost', reason: 'special-use', mentions: 'RFC 6761' },
  { input: 'www.example.test', reason: 'special-use', mentions: 'RFC 6761' },
  { input: 'printer.local', reason: 'special-use', mentions: 'RFC 6762' },
  { input: 'duckduckgo.onion', reason: 'special-use', mentions: 'RFC 7686' },
  { input: 'example.com', reason: 'special-use', mentions: 'RFC 6761' },
  { input: 'www.example.org', reason: 'special-use', mentions: 'example.org' },
  { input: 'router.home.arpa', reason: 'special-use' },
  { input: '1.in-addr.arpa', reason: 'special-use', mentions: 'RFC 3172' },
  { input: 'nas.internal', reason: 'special-use' },
  { input: 'foo.alt', reason: 'special-use' },
  { input: 'a.invalid', reason: 'special-use' },
  { input: 'مثال.com', reason: 'rtl', mentions: 'مثال' },
  { input: 'xn--mgbh0fb.com', reason: 'rtl', mentions: 'مثال' },
  { input: 'דוגמה.com', reason: 'rtl' },
  { input: 'com', reason: 'single-label' },
  { input: 'intranet', reason: 'single-label' },
  { input: '中国', reason: 'single-label' },
  { input: 'shop.notatld', reason: 'unknown-suffix', mentions: 'notatld' },
  { input: 'com.cn', reason: 'suffix-only' },
  { input: '政务.cn', reason: 'suffix-only' },
  { input: 'foo.kawasaki.jp', reason: 'suffix-only' },
];

const ALL_REASONS: readonly DomainInvalidReason[] = [
  'empty',
  'too-long-input',
  'control-character',
  'invalid-character',
  'ip-address',
  'numeric-tld',
  'empty-label',
  'label-too-long',
  'name-too-long',
  'hyphen',
  'bad-punycode',
  'special-use',
  'rtl',
  'single-label',
  'unknown-suffix',
  'suffix-only',
];

function accept(input: string): NormalizedDomain {
  const result = parseDomainInput(input);
  assert.ok(
    result.ok,
    `${JSON.stringify(input)} was rejected: ${result.ok ? '' : `${result.reason} (${result.detail})`}`,
  );
  return result.domain;
}

describe('parseDomainInput', () => {
  it('returns the contract example for WWW.例子.中国', () => {
    assert.deepEqual(parseDomainInput('WWW.例子.中国'), { ok: true, domain: WWW_LIZI_ZHONGGUO });
  });

  it('normalises hosts and URLs to A-label, U-label, registrable domain, suffix and subdomain', () => {
    for (const row of ACCEPTED) {
      const domain = accept(row.input);
      const { input, ...expected } = row;
      assert.deepEqual(
        {
          ascii: domain.ascii,
          unicode: domain.unicode,
          registrable: domain.registrable,
          suffix: domain.suffix,
          subdomain: domain.subdomain,
        },
        expected,
        `input ${JSON.stringify(input)}`,
      );
    }
  });

  it('gives the A-label forms of the registrable domain, the suffix and the TLD', () => {
    assert.deepEqual(accept('www.例子.公司.cn'), {
      ascii: 'www.xn--fsqu00a.xn--55qx5d.cn',
      unicode: 'www.例子.公司.cn',
      registrable: '例子.公司.cn',
      registrableAscii: 'xn--fsqu00a.xn--55qx5d.cn',
      subdomain: 'www',
      suffix: '公司.cn',
      suffixAscii: 'xn--55qx5d.cn',
      tldAscii: 'cn',
    });
    assert.deepEqual(accept('a.b.example-shop.com.cn'), {
      ascii: 'a.b.example-shop.com.cn',
      unicode: 'a.b.example-shop.com.cn',
      registrable: 'example-shop.com.cn',
      registrableAscii: 'example-shop.com.cn',
      subdomain: 'a.b',
      suffix: 'com.cn',
      suffixAscii: 'com.cn',
      tldAscii: 'cn',
    });
  });

  it('rejects invalid inputs with the reason and a detail naming the bad part', () => {
    for (const { input, reason, mentions } of REJECTED) {
      const result = parseDomainInput(input);
      const shown = JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input);
      assert.equal(result.ok, false, `${shown} was accepted`);
      if (result.ok) continue;
      assert.equal(result.reason, reason, `${shown}: ${result.reason} (${result.detail})`);
      assert.ok(result.detail !== undefined && result.detail.length > 0, `${shown} has no detail`);
      if (mentions !== undefined)
        assert.ok(result.detail?.includes(mentions), `${shown}: detail ${JSON.stringify(result.detail)}`);
    }
  });

  it('reaches every DomainInvalidReason in the rejection table', () => {
    const reached = new Set(REJECTED.map((row) => row.reason));
    assert.deepEqual(
      ALL_REASONS.filter((reason) => !reached.has(reason)),
      [],
    );
  });

  it('answers the same for an A-label seen before (validated A-labels are remembered)', () => {
    const first = parseDomainInput('www.xn--fsqu00a.xn--fiqs8s');
    assert.deepEqual(parseDomainInput('www.xn--fsqu00a.xn--fiqs8s'), first);
    assert.deepEqual(first, { ok: true, domain: WWW_LIZI_ZHONGGUO });
    // 失 is xn--zss; its non-canonical spelling stays refused after the canonical one was seen.
    assert.ok(parseDomainInput('xn--zss.com').ok);
    const again = parseDomainInput('xn---zss.com');
    assert.ok(!again.ok && again.reason === 'bad-punycode');
  });

  it('rejects a non-string from an untyped caller instead of throwing', () => {
    const untyped = parseDomainInput as (input: unknown) => ReturnType<typeof parseDomainInput>;
    assert.equal(untyped(undefined).ok, false);
    assert.equal(untyped(42).ok, false);
  });

  it('never throws and always answers with a known reason and a detail', () => {
    const adversarial = fc.string({
      unit: fc.constantFrom(
        ...[
          'a',
          'Z',
          '0',
          '-',
          '.',
          '。',
          '．',
          '｡',
          ':',
          '/',
          '?',
          '#',
          '@',
          '[',
          ']',
          '%',
          '\\',
          ' ',
          '\t',
        ],
        ...[
          '例',
          '中',
          '国',
          'ß',
          'ü',
          '\u200D',
          '\u200C',
          'ا',
          '\u0301',
          '\u00AD',
          '\uD800',
          'xn--',
          'http://',
        ],
      ),
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme' }), adversarial),
        (input) => {
          const result = parseDomainInput(input);
          if (!result.ok) {
            assert.ok(ALL_REASONS.includes(result.reason));
            assert.equal(typeof result.detail, 'string');
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('is idempotent: the ascii and unicode forms of an accepted result parse to the same result', () => {
    const label = fc.string({
      unit: fc.constantFrom(
        'a',
        'b',
        'z',
        '0',
        '9',
        '-',
        'A',
        'ｅ',
        'ß',
        'ü',
        '例',
        '子',
        '中',
        '國',
        'ς',
        '😀',
        'क',
        '\u094D',
        '\u200D',
      ),
      minLength: 1,
      maxLength: 8,
    });
    const suffix = fc.constantFrom(
      'com',
      'cn',
      'com.cn',
      '中国',
      '中國',
      'xn--fiqs8s',
      '公司.cn',
      '政务.cn',
      'bj.cn',
      'de',
      'io',
    );
    const separator = fc.constantFrom('.', '。', '．', '｡');
    const host = fc
      .tuple(fc.array(fc.tuple(label, separator), { minLength: 1, maxLength: 3 }), suffix, fc.boolean())
      .map(([parts, tail, dot]) => `${parts.map(([l, s]) => l + s).join('')}${tail}${dot ? '.' : ''}`);
    let accepted = 0;
    fc.assert(
      fc.property(host, (input) => {
        const first = parseDomainInput(input);
        if (!first.ok) return;
        accepted++;
        assert.deepEqual(parseDomainInput(first.domain.ascii), first, `ascii of ${JSON.stringify(input)}`);
        assert.deepEqual(
          parseDomainInput(first.domain.unicode),
          first,
          `unicode of ${JSON.stringify(input)}`,
        );
      }),
      { numRuns: 5000 },
    );
    assert.ok(accepted > 500, `only ${accepted} generated hosts were accepted`);
  });

  it('keeps the parts consistent: subdomain + registrable = name, suffix ends both forms', () => {
    for (const { input } of ACCEPTED) {
      const domain = accept(input);
      assert.equal(
        domain.subdomain === '' ? domain.registrable : `${domain.subdomain}.${domain.registrable}`,
        domain.unicode,
      );
      assert.ok(domain.registrable.endsWith(`.${domain.suffix}`));
      assert.ok(domain.registrableAscii.endsWith(`.${domain.suffixAscii}`));
      assert.ok(domain.ascii.endsWith(domain.registrableAscii));
      assert.equal(domain.tldAscii, domain.ascii.slice(domain.ascii.lastIndexOf('.') + 1));
    }
  });
});
