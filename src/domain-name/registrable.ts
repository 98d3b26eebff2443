/**
 * Host name → registrable domain (可备案域名) and public suffix.
 *
 * The suffix comes from the ICANN section of the Public Suffix List through tldts (private rules such as
 * github.io are ignored: filing is for the domain the customer registered with a registry). The PSL's .cn
 * section is then corrected with data/cn-zones.json, the second-level zones of MIIT 公告 2018年第7号: the
 * PSL lacks 政务.cn and 公益.cn. Special-use names (RFC 6761 and the IANA registry) are refused.
 */
import { readFileSync } from 'node:fs';
import { getPublicSuffix, parse } from 'tldts';
import type { DomainParseResult } from './types.ts';

type CnZoneFile = { zones: readonly { zone: string; ascii: string }[] };

/** Second-level labels (A-label form) of the .cn zones in the 公告, e.g. `xn--zfr164b` (政务), `bj`. */
function loadCnZones(): ReadonlySet<string> {
  const file = JSON.parse(
    readFileSync(new URL('../../data/cn-zones.json', import.meta.url), 'utf8'),
  ) as CnZoneFile;
  const labels = new Set<string>();
  for (const { ascii } of file.zones) {
    if (!/^[a-z0-9-]+\.cn$/.test(ascii))
      throw new Error(`data/cn-zones.json: bad zone ${JSON.stringify(ascii)}`);
    labels.add(ascii.slice(0, -'.cn'.length));
  }
  return labels;
}

const CN_ZONES = loadCnZones();

/**
 * Special-use domain names (IANA registry created by RFC 6761 §7), each refused with all names under it.
 * tldts 7 can flag these (`detectSpecialUse`), but that option cost about half of the PSL lookup's
 * throughput when measured (bench/domain-name.bench.ts), so beian keeps the table here; a test checks
 * that it covers every name tldts flags. Top-level names, with their source:
 */
function specialUseTld(tld: string): string | undefined {
  switch (tld) {
    case 'test':
      return 'RFC 6761 §6.2';
    case 'localhost':
      return 'RFC 6761 §6.3';
    case 'invalid':
      return 'RFC 6761 §6.4';
    case 'example':
      return 'RFC 6761 §6.5';
    case 'local':
      return 'RFC 6762 §3 (Multicast DNS)';
    case 'onion':
      return 'RFC 7686 (Tor)';
    case 'alt':
      return 'RFC 9476';
    case 'arpa':
      // The infrastructure domain (home.arpa RFC 8375, ipv4only.arpa RFC 8880 … are registry entries
      // too); the PSL lists arpa as an ICANN suffix, but no host or site is registered under it.
      return 'RFC 3172 §2';
    case 'internal':
      // Reserved for private use by the ICANN Board on 2024-07-29 (after SSAC SAC113); not in the PSL.
      return 'ICANN Board resolution of 2024-07-29';
    default:
      return undefined;
  }
}

/** Second-level special-use names, compared with the registrable domain. */
const SPECIAL_USE_DOMAINS: ReadonlyMap<string, string> = new Map([
  ['example.com', 'RFC 6761 §6.5'],
  ['example.net', 'RFC 6761 §6.5'],
  ['example.org', 'RFC 6761 §6.5'],
]);

/** ICANN section only, on a host already validated and lower-cased (no URL extraction, no IP check). */
const PSL_OPTIONS = { allowPrivateDomains: false, detectIp: false, extractHostname: false } as const;

/**
 * Whether a one-label public suffix is an ICANN rule, per top-level label. `getPublicSuffix` answers the
 * suffix alone into an object tldts reuses (`parse` allocates its result and cuts domain, subdomain and
 * domain without suffix, which beian cuts itself), but not `isIcann`, which tells a listed TLD from the
 * PSL's default `*` rule. A suffix of two
 * labels or more always comes from a rule. A one-label suffix gives the same answer for every host under
 * that TLD: either the TLD is a rule itself, or it has a wildcard (`*.ck`) and then only an exception rule
 * (`!www.ck`, ICANN) leaves one label, or no rule covers any name directly under it (default rule). So
 * `parse` is asked once per TLD. Bounded: emptied when full, since any label can end hostile input.
 */
const ICANN_TLDS = new Map<string, boolean>();
const ICANN_TLDS_MAX = 4096;

function icannTld(tldAscii: string, ascii: string): boolean {
  let icann = ICANN_TLDS.get(tldAscii);
  if (icann === undefined) {
    icann = parse(ascii, PSL_OPTIONS).isIcann === true;
    if (ICANN_TLDS.size >= ICANN_TLDS_MAX) ICANN_TLDS.clear();
    ICANN_TLDS.set(tldAscii, icann);
  }
  return icann;
}

function specialUse(name: string, reserved: string, source: string): DomainParseResult {
  const under = name === reserved ? '' : ` is under ${JSON.stringify(reserved)}, which`;
  return {
    ok: false,
    reason: 'special-use',
    detail: `${JSON.stringify(name)}${under} is a special-use domain name (${source}); it cannot be registered`,
  };
}

/** Index in `name` where its last `count` labels start. */
function lastLabelsStart(name: string, count: number): number {
  let index = name.length;
  for (let i = 0; i < count; i++) {
    index = name.lastIndexOf('.', index - 1);
    if (index < 0) return 0;
  }
  return index + 1;
}

function countLabels(name: string): number {
  let count = 1;
  for (let i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) count++;
  return count;
}

/**
 * Splits a validated host name (`ascii` and `unicode` from the IDNA layer, same labels) into
 * subdomain, registrable domain and public suffix, or says why it has none.
 */
export function splitRegistrable(ascii: string, unicode: string): DomainParseResult {
  const lastDot = ascii.lastIndexOf('.');
  if (lastDot < 0) {
    const specialTld = specialUseTld(ascii);
    if (specialTld !== undefined) return specialUse(unicode, ascii, specialTld);
    return {
      ok: false,
      reason: 'single-label',
      detail: `${JSON.stringify(unicode)} is a single label, not a domain name`,
    };
  }
  const pslSuffix = getPublicSuffix(ascii, PSL_OPTIONS);
  // A one-label suffix is the top-level label itself: no second string for it.
  const oneLabel = pslSuffix !== null && pslSuffix.length === ascii.length - lastDot - 1;
  const tldAscii = oneLabel ? pslSuffix : ascii.slice(lastDot + 1);
  const specialTld = specialUseTld(tldAscii);
  if (specialTld !== undefined) return specialUse(unicode, tldAscii, specialTld);
  if (pslSuffix === null || (oneLabel && !icannTld(tldAscii, ascii))) {
    return {
      ok: false,
      reason: 'unknown-suffix',
      detail: `the top-level domain ${JSON.stringify(unicode.slice(unicode.lastIndexOf('.') + 1))} is not in the ICANN section of the Public Suffix List`,
    };
  }
  let suffixAscii = pslSuffix;
  if (suffixAscii === 'cn') {
    // MIIT 公告 2018年第7号 zones the PSL lacks (政务.cn, 公益.cn): see data/cn-zones.json.
    const sldStart = ascii.lastIndexOf('.', lastDot - 1) + 1;
    if (CN_ZONES.has(ascii.slice(sldStart, lastDot))) suffixAscii = ascii.slice(sldStart);
  }
  if (suffixAscii.length === ascii.length) {
    return {
      ok: false,
      reason: 'suffix-only',
      detail: `${JSON.stringify(unicode)} is a public suffix; a registrable domain has one more label`,
    };
  }

  // The registrable domain is the suffix and one more label, as tldts cuts it.
  const registrableStart = ascii.lastIndexOf('.', ascii.length - suffixAscii.length - 2) + 1;
  const registrableAscii = registrableStart === 0 ? ascii : ascii.slice(registrableStart);
  if (registrableAscii.startsWith('example.')) {
    const specialDomain = SPECIAL_USE_DOMAINS.get(registrableAscii);
    if (specialDomain !== undefined) return specialUse(unicode, registrableAscii, specialDomain);
  }
  if (unicode === ascii) {
    return {
      ok: true,
      domain: {
        ascii,
        unicode,
        registrable: registrableAscii,
        registrableAscii,
        subdomain: registrableStart === 0 ? '' : ascii.slice(0, registrableStart - 1),
        suffix: suffixAscii,
        suffixAscii,
        tldAscii,
      },
    };
  }
  // Same labels in both forms: find the U-label boundaries by counting labels from the right.
  const suffixLabels = countLabels(suffixAscii);
  const suffixStart = lastLabelsStart(unicode, suffixLabels);
  const unicodeRegistrableStart = lastLabelsStart(unicode, suffixLabels + 1);
  return {
    ok: true,
    domain: {
      ascii,
      unicode,
      registrable: unicode.slice(unicodeRegistrableStart),
      registrableAscii,
      subdomain: unicodeRegistrableStart === 0 ? '' : unicode.slice(0, unicodeRegistrableStart - 1),
      suffix: unicode.slice(suffixStart),
      suffixAscii,
      tldAscii,
    },
  };
}
