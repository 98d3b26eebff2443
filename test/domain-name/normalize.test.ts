/**
 * The IDNA layer against tr46@6 (UTS #46, Unicode 17.0) with every strict option on, as the oracle.
 * Differences that are beian policy, not IDNA, are excluded and counted: right-to-left scripts, control and
 * invisible characters, IP addresses and numeric top-level labels; and code points newer than the Unicode
 * version of this Node's IDNA tables (ada), which beian rejects and tr46 accepts.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { domainToASCII } from 'node:url';
import fc from 'fast-check';
import { toASCII, toUnicode } from 'tr46';
import { toAsciiHostname } from '../../src/domain-name/normalize.ts';
import type { DomainInvalidReason } from '../../src/domain-name/types.ts';

const require = createRequire(import.meta.url);
/** tr46's generated Unicode 17.0 tables (no published types). */
const tr46Regexes = require('tr46/lib/regexes.js') as {
  bidiDomain: RegExp;
  combiningClassVirama: RegExp;
  validZWNJ: RegExp;
};
type MappingRow = [number | [number, number], number, string?];
const tr46Mapping = require('tr46/lib/mappingTable.json') as MappingRow[];

const STRICT = {
  checkHyphens: true,
  checkBidi: true,
  checkJoiners: true,
  useSTD3ASCIIRules: true,
  verifyDNSLength: true,
  transitionalProcessing: false,
} as const;

const POLICY: ReadonlySet<DomainInvalidReason> = new Set([
  'rtl',
  'control-character',
  'ip-address',
  'numeric-tld',
]);

/** A code point tr46 accepts inside a label that this Node's IDNA tables do not know yet. */
function newerThanAda(text: string): boolean {
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    if (domainToASCII(`a${ch}.a`) === '' && toASCII(`a${ch}`) !== null) return true;
  }
  return false;
}

type Outcome = 'agree-valid' | 'agree-invalid' | 'policy' | 'newer-unicode';

/** Compares one host with tr46 strict; throws on a real difference. */
function compareWithTr46(host: string): Outcome {
  const ours = toAsciiHostname(host);
  const oracle = toASCII(host, STRICT);
  if (ours.ok && oracle !== null) {
    assert.equal(ours.ascii, oracle, `A-label form of ${JSON.stringify(host)}`);
    assert.equal(ours.unicode, tr46ToUnicode(oracle), `U-label form of ${JSON.stringify(host)}`);
    return 'agree-valid';
  }
  if (!ours.ok && oracle === null) return 'agree-invalid';
  assert.ok(
    !ours.ok && oracle !== null,
    `${JSON.stringify(host)} accepted as ${ours.ok ? ours.ascii : ''}; tr46 strict rejects it`,
  );
  if (POLICY.has(ours.reason)) return 'policy';
  const decoded = oracle.split('.').map((label) => (label.startsWith('xn--') ? tr46ToUnicode(label) : label));
  assert.ok(
    newerThanAda(decoded.join('.')),
    `${JSON.stringify(host)} rejected (${ours.reason}: ${ours.detail}); tr46 strict gives ${oracle}`,
  );
  return 'newer-unicode';
}

/** U-label form by tr46 (rather than this Node's ada, which may not know the code points). */
function tr46ToUnicode(name: string): string {
  return toUnicode(name).domain;
}

function tally(outcomes: Outcome[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = {
    'agree-valid': 0,
    'agree-invalid': 0,
    policy: 0,
    'newer-unicode': 0,
  };
  for (const outcome of outcomes) counts[outcome]++;
  return counts;
}

const ADVERSARIAL_UNITS = [
  // CJK, Simplified and Traditional, and the ideographic separators
  '例',
  '子',
  '中',
  '国',
  '國',
  '。',
  '．',
  '｡',
  '.',
  '.',
  // Latin with deviations and mappings
  'ß',
  'ü',
  'u\u0308',
  'ς',
  'Σ',
  'İ',
  'ǅ',
  'ⅹ',
  'a',
  'b',
  'e',
  's',
  'x',
  'n',
  'A',
  'Z',
  // full-width letters, digits and hyphen
  'ｅ',
  'Ａ',
  'ｘ',
  'ｎ',
  '－',
  '１',
  // hyphens, A-label prefixes and fragments
  '-',
  '-',
  '--',
  'xn--',
  'XN--',
  'xn--fiqs8s',
  'xn--zz',
  'xn--1ca',
  // digits, and characters outside the BMP (an emoji, CJK Extension B, a mathematical letter)
  '0',
  '1',
  '9',
  '😀',
  '𠀀',
  '𝐀',
  // joiners with and without a virama before them; a combining mark
  '\u200D',
  '\u200C',
  '\u094D',
  'क',
  '\u0301',
  'ᠠ',
  // right-to-left (policy) and characters STD3 forbids
  'ا',
  'ש',
  '\u0660',
  '_',
  '％',
  '／',
  '：',
  ' ',
];

describe('toAsciiHostname', () => {
  it('agrees with tr46 strict on adversarial input, apart from documented policy', () => {
    const host = fc.string({ unit: fc.constantFrom(...ADVERSARIAL_UNITS), minLength: 1, maxLength: 14 });
    const withSuffix = fc
      .tuple(host, fc.constantFrom('', '.com', '.cn', '.中国', '.xn--fiqs8s', '.de'))
      .map(([name, suffix]) => name + suffix);
    const outcomes: Outcome[] = [];
    fc.assert(
      fc.property(withSuffix, (input) => {
        outcomes.push(compareWithTr46(input));
      }),
      { numRuns: 20_000 },
    );
    const counts = tally(outcomes);
    assert.ok(
      counts['agree-valid'] > 2_000,
      `too few valid names to be meaningful: ${JSON.stringify(counts)}`,
    );
  });

  it('agrees with tr46 strict on random A-labels, valid and not', () => {
    const ldh = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'),
      minLength: 1,
      maxLength: 10,
    });
    const aLabel = ldh.map((tail) => `xn--${tail}`);
    const name = fc
      .tuple(
        fc.array(fc.oneof(aLabel, ldh), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('com', 'cn', 'xn--fiqs8s'),
      )
      .map(([labels, tld]) => [...labels, tld].join('.'));
    const outcomes: Outcome[] = [];
    fc.assert(
      fc.property(name, (input) => {
        outcomes.push(compareWithTr46(input));
      }),
      { numRuns: 10_000 },
    );
    const counts = tally(outcomes);
    assert.ok(counts['agree-valid'] > 500, `too few valid names to be meaningful: ${JSON.stringify(counts)}`);
  });

  it('converts every BMP CJK unified ideograph as domainToASCII does (its own Punycode encoder)', () => {
    for (const [first, last] of [
      [0x3400, 0x4dbf],
      [0x4e00, 0x9fff],
    ] as const) {
      for (let code = first; code <= last; code++) {
        const host = `${String.fromCharCode(code)}.cn`;
        const result = toAsciiHostname(host);
        assert.ok(result.ok && result.ascii === domainToASCII(host), `U+${code.toString(16)}`);
      }
    }
    const label = fc.string({
      unit: fc.constantFrom(...'abz09-例子中国北京㐀䶿鿿一Ab'),
      minLength: 1,
      maxLength: 19,
    });
    fc.assert(
      fc.property(label, (text) => {
        const host = `${text}.中国`;
        const result = toAsciiHostname(host);
        const expected = domainToASCII(host);
        if (result.ok) assert.equal(result.ascii, expected, host);
      }),
      { numRuns: 3_000 },
    );
  });

  it('refuses every code point tr46 counts as right-to-left (Bidi_Class R, AL, AN) that IDNA allows', () => {
    let checked = 0;
    for (let code = 0x80; code < 0x110000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const ch = String.fromCodePoint(code);
      if (!tr46Regexes.bidiDomain.test(ch) || domainToASCII(`x${ch}.com`) === '') continue;
      const result = toAsciiHostname(`x${ch}.com`);
      assert.ok(!result.ok && result.reason === 'rtl', `U+${code.toString(16)}`);
      checked++;
    }
    assert.ok(checked > 2_000, `only ${checked} RTL code points checked`);
  });

  it('applies RFC 5892 CONTEXTJ to every joiner, as tr46 does', () => {
    const outcomes: Outcome[] = [];
    // ZWJ and ZWNJ after every combining mark, viramas among them.
    for (let code = 0x300; code < 0x20000; code++) {
      const ch = String.fromCodePoint(code);
      if (!/\p{Mn}/u.test(ch) && !tr46Regexes.combiningClassVirama.test(ch)) continue;
      outcomes.push(compareWithTr46(`a${ch}\u200D.com`), compareWithTr46(`a${ch}\u200Cb.com`));
    }
    // ZWNJ between joining letters (Mongolian, Phags-pa), with and without transparent marks.
    const letters = [
      'a',
      '例',
      'क',
      '\u1807',
      '\u1820',
      '\u1843',
      '\u1878',
      '\u1887',
      '\u18A8',
      '\u18AA',
      '\uA840',
      '\uA871',
      '\uA872',
      '\uA873',
    ];
    for (const left of letters) {
      for (const right of letters) {
        for (const mark of ['', '\u0301', '\u18A9']) {
          outcomes.push(
            compareWithTr46(`x${left}${mark}\u200C${right}.com`),
            compareWithTr46(`x${left}\u200C${mark}${right}.com`),
          );
        }
      }
    }
    const counts = tally(outcomes);
    assert.ok(counts['agree-valid'] > 100 && counts['agree-invalid'] > 100, JSON.stringify(counts));
  });

  it('knows every character UTS #46 maps to a hyphen (the round-trip shortcut relies on it)', () => {
    const toHyphen: string[] = [];
    for (const [range, status, mapping] of tr46Mapping) {
      if (status !== 1 || mapping === undefined || !mapping.includes('-')) continue;
      const [first, last] = Array.isArray(range) ? range : [range, range];
      for (let code = first; code <= last; code++) toHyphen.push(code.toString(16));
    }
    assert.deepEqual(toHyphen, ['fe63', 'ff0d']);
    const result = toAsciiHostname('xn\uFF0D\uFE63-zss.com');
    assert.ok(!result.ok && result.reason === 'bad-punycode', JSON.stringify(result));
  });

  it('does not trim or strip a trailing dot: that is parseDomainInput’s job', () => {
    assert.equal(toAsciiHostname('example.com.').ok, false);
    assert.equal(toAsciiHostname(' example.com').ok, false);
  });
});
