/**
 * Input → host name: URL stripping, then the IDNA layer (A-label and U-label forms of one host).
 *
 * IDNA runs through `node:url` `domainToASCII` (ada, UTS #46 non-transitional processing), wrapped in
 * the explicit checks it leaves out, as in research/tech-stack.md §1.3: it is a URL-host parser, so it
 * truncates at `/?#`, percent-decodes, reads numeric names as IPv4 and lets `_`, `*`, empty labels and
 * misplaced hyphens through; it also misses some CONTEXTJ cases, newer leading marks and non-canonical
 * Punycode. The U-label form comes from decoding the A-labels it validated (RFC 3492), as
 * `domainToUnicode` would, and Chinese names take a fast path that needs no call at all. With the checks
 * the result equals `tr46.toASCII` with every strict option on (test/domain-name/normalize.test.ts runs
 * that comparison), except where beian's policy is stricter: right-to-left scripts, invisible and control
 * characters, IP addresses and numeric top-level labels.
 */
import { domainToASCII } from 'node:url';
import type { DomainInvalidReason } from './types.ts';

/** The IDNA layer's answer for one host: both forms, lower case, no trailing dot. */
export type HostnameResult =
  { ok: true; ascii: string; unicode: string } | { ok: false; reason: DomainInvalidReason; detail: string };

type Failure = Extract<HostnameResult, { ok: false }>;

/** A cap on what is read at all, so hostile input costs little (UTF-8 bytes). */
export const MAX_INPUT_BYTES = 1024;
/** RFC 1035 §2.3.4: a label is at most 63 octets. */
const MAX_LABEL_OCTETS = 63;
/**
 * RFC 1035 §2.3.4 caps a name at 255 octets in wire form; the text form without the root dot is then at
 * most 253 characters (RFC 2181 §11, and UTS #46 VerifyDnsLength).
 */
const MAX_NAME_OCTETS = 253;

const DOT = 0x2e;
const HYPHEN = 0x2d;

/**
 * Control and invisible characters: C0, DEL and C1 (Cc), format characters (Cf: bidi controls, zero-width
 * space, BOM, soft hyphen …) and the other default-ignorable code points (variation selectors, Hangul
 * fillers …). UTS #46 maps most of them to nothing, so `exa\u200Bmple.com` would silently become
 * `example.com`; an input holding one is rejected instead, since it hides what was typed. ZWNJ and ZWJ
 * (U+200C/U+200D) are left to IDNA: RFC 5892 Appendix A.1/A.2 (CONTEXTJ) allows them after a virama.
 */
const CONTROL = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/**
 * Characters the WHATWG host parser behind `domainToASCII` would interpret rather than reject: it cuts
 * the host at `/ ? # \`, percent-decodes `%`, and `: @ [ ]` belong to ports, userinfo and IPv6 literals.
 * White space is never part of a name. Rejected before IDNA runs.
 */
const URL_METACHARACTER = /[\s/?#%:@[\]\\]/u;

/** Label separators of UTS #46 §2.3 that users type: `.`, `。` U+3002, `．` U+FF0E, `｡` U+FF61. */
const SEPARATOR = /[.\u3002\uFF0E\uFF61]/u;
const TRAILING_SEPARATOR = /[.\u3002\uFF0E\uFF61]$/u;

/**
 * A label the WHATWG URL host parser reads as a number (its "ends in a number" checker): all decimal
 * digits, or `0x` with hex digits. As the last label it makes the whole host an IPv4 address or invalid,
 * and RFC 3696 §2 already rules out all-numeric top-level domains.
 */
const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/;

const LDH_LABEL = /^[a-z0-9-]+$/;
const NOT_LDH = /[^a-z0-9-]/;

/**
 * Right-to-left text: the blocks whose characters have Bidi_Class R, AL or AN (Hebrew, Arabic, Syriac,
 * Thaana, NKo … U+0590–U+08FF; Hebrew and Arabic presentation forms; the RTL ranges of the SMP). beian
 * does not accept RTL labels (policy: MIIT's name syntax, miit-domain-facts.md §7, allows letters, digits,
 * hyphen and Chinese characters only), which also avoids the RFC 5893 Bidi rule. The test suite checks that
 * every code point tr46 counts as R/AL/AN and IDNA allows is inside these ranges.
 */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFE\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

/*
 * CONTEXTJ (RFC 5892 Appendix A.1/A.2) for ZWNJ U+200C and ZWJ U+200D. `domainToASCII` (ada 2.9) checks
 * only the first joiner of a label, so beian checks them all on the U-label. Unicode 17.0 data; the test
 * suite compares these classes with tr46's tables.
 */
/** Canonical_Combining_Class=9 (Virama): a joiner right after one is allowed (A.1 and A.2). */
const VIRAMA =
  /[\u094D\u09CD\u0A4D\u0ACD\u0B4D\u0BCD\u0C4D\u0CCD\u0D3B\u0D3C\u0D4D\u0DCA\u0E3A\u0EBA\u0F84\u1039\u103A\u1714\u1715\u1734\u17D2\u1A60\u1B44\u1BAA\u1BAB\u1BF2\u1BF3\u2D7F\uA806\uA82C\uA8C4\uA953\uA9C0\uAAF6\uABED\u{10A3F}\u{11046}\u{11070}\u{1107F}\u{110B9}\u{11133}\u{11134}\u{111C0}\u{11235}\u{112EA}\u{1134D}\u{113CE}-\u{113D0}\u{11442}\u{114C2}\u{115BF}\u{1163F}\u{116B6}\u{1172B}\u{11839}\u{1193D}\u{1193E}\u{119E0}\u{11A34}\u{11A47}\u{11A99}\u{11C3F}\u{11D44}\u{11D45}\u{11D97}\u{11F41}\u{11F42}\u{1612F}]/u;
/**
 * Joining_Type L or D, and R or D, outside the right-to-left blocks (RTL labels are refused before this
 * check): Mongolian and Phags-pa letters, between which A.1 allows a ZWNJ.
 */
const JOINS_TO_RIGHT = /[\u1807\u1820-\u1878\u1887-\u18A8\u18AA\uA840-\uA872]/u;
const JOINS_TO_LEFT = /[\u1807\u1820-\u1878\u1887-\u18A8\u18AA\uA840-\uA871]/u;
/** Joining_Type T: non-spacing and enclosing marks (format characters never get this far). */
const TRANSPARENT = /[\p{Mn}\p{Me}]/u;
const JOINER = /[\u200C\u200D]/;
const LEADING_MARK = /^\p{M}/u;
const HYPHEN_LIKE = /[-\uFE63\uFF0D]/u;

const fail = (reason: DomainInvalidReason, detail: string): Failure => ({ ok: false, reason, detail });

/** A label or name quoted in a detail message, shortened so that hostile input does not flood it. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

const LABEL_BAD = 0;
const LABEL_PLAIN = 1;
const LABEL_XN = 2;

/**
 * host[start, end) as a label for the fast path: 1–63 code units, no hyphen first or last, and no "--" in
 * positions 3–4 (RFC 5891 §4.2.3.1) unless it starts with "xn--", which the fast path accepts only when
 * the full checks have validated that A-label before.
 */
function labelKind(host: string, start: number, end: number): number {
  const length = end - start;
  if (length === 0 || length > MAX_LABEL_OCTETS) return LABEL_BAD;
  if (host.charCodeAt(start) === HYPHEN || host.charCodeAt(end - 1) === HYPHEN) return LABEL_BAD;
  if (length < 4 || host.charCodeAt(start + 2) !== HYPHEN || host.charCodeAt(start + 3) !== HYPHEN) {
    return LABEL_PLAIN;
  }
  return host.charCodeAt(start) === 0x78 && host.charCodeAt(start + 1) === 0x6e ? LABEL_XN : LABEL_BAD;
}

/**
 * A-labels that passed every check, with their U-labels (UTS #46 validity is decided label by label,
 * and a host with any right-to-left label is refused whole, so the Bidi rule never ties labels together).
 * Suffixes such as xn--fiqs8s (中国) recur in bulk input; a hit saves the `domainToASCII` call.
 * Bounded: emptied when full.
 */
const VALIDATED_A_LABELS = new Map<string, string>();
const VALIDATED_A_LABELS_MAX = 4096;

function rememberALabel(aLabel: string, uLabel: string): void {
  if (VALIDATED_A_LABELS.size >= VALIDATED_A_LABELS_MAX) VALIDATED_A_LABELS.clear();
  VALIDATED_A_LABELS.set(aLabel, uLabel);
}

/** The label separators other than "." that UTS #46 maps to it. */
const IDEOGRAPHIC_SEPARATORS = /[\u3002\uFF0E\uFF61]/gu;

/**
 * The bulk cases, without the full checks: LDH ASCII and Chinese names. Every character is a-z, 0-9, "-",
 * A-Z (folded), a label separator, or a CJK unified ideograph of the BMP (U+3400–U+4DBF, U+4E00–U+9FFF:
 * UTS #46 "valid", unchanged by NFC, left to right), so the U-label form is the input itself, folded,
 * and each label with an ideograph has "xn--" + its Punycode as A-label. A-labels in the input must have
 * been validated before. The last label must not start with a digit. Returns null to send the host
 * through the full checks, which also produce the diagnostics. `end` excludes a trailing separator the
 * caller has accepted.
 */
function fastPath(host: string, end: number): HostnameResult | null {
  if (end === 0 || end > MAX_NAME_OCTETS) return null;
  let labelStart = 0;
  let upper = false;
  let ideographic = false;
  let separators = false;
  let aLabels = false;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? host.charCodeAt(i) : DOT;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === HYPHEN) continue; // RFC 1123 §2.1 LDH
    if (c === DOT || c === 0x3002 || c === 0xff0e || c === 0xff61) {
      if (c !== DOT && i < end) separators = true;
      const kind = labelKind(host, labelStart, i);
      if (kind === LABEL_BAD) return null;
      if (kind === LABEL_XN) aLabels = true;
      if (i < end) labelStart = i + 1;
    } else if (c >= 0x41 && c <= 0x5a) {
      upper = true;
    } else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) {
      ideographic = true;
    } else {
      return null;
    }
  }
  // A top-level label starting with a digit may be an IPv4 address or a numeric TLD.
  const first = host.charCodeAt(labelStart);
  if (first >= 0x30 && first <= 0x39) return null;

  let name = end === host.length ? host : host.slice(0, end);
  if (upper) name = name.toLowerCase();
  if (separators) name = name.replace(IDEOGRAPHIC_SEPARATORS, '.');
  if (!ideographic && !aLabels) return { ok: true, ascii: name, unicode: name };

  let ascii = '';
  let unicode = '';
  for (let start = 0; start <= name.length;) {
    let dot = name.indexOf('.', start);
    if (dot < 0) dot = name.length;
    const label = name.slice(start, dot);
    let aLabel = label;
    let uLabel = label;
    if (aLabels && label.startsWith('xn--')) {
      const known = VALIDATED_A_LABELS.get(label);
      if (known === undefined) return null;
      uLabel = known;
    } else if (ideographic && !isAscii(label)) {
      aLabel = `xn--${punycodeEncode(label)}`;
      if (aLabel.length > MAX_LABEL_OCTETS) return null;
    }
    ascii = start === 0 ? aLabel : `${ascii}.${aLabel}`;
    if (aLabels) unicode = start === 0 ? uLabel : `${unicode}.${uLabel}`;
    start = dot + 1;
  }
  if (ascii.length > MAX_NAME_OCTETS) return null;
  return { ok: true, ascii, unicode: aLabels ? unicode : name };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/* RFC 3492 §5 parameters for IDNA. */
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 0x80;

/** RFC 3492 §6.1 bias adaptation (all values are small non-negative integers, so `| 0` floors). */
function adapt(delta: number, points: number, firstTime: boolean): number {
  let d = firstTime ? (delta / DAMP) | 0 : delta >> 1;
  d += (d / points) | 0;
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = (d / (BASE - T_MIN)) | 0;
    k += BASE;
  }
  return k + ((((BASE - T_MIN + 1) * d) / (d + SKEW)) | 0);
}

/** Punycode digits 0–35 (RFC 3492 §5). */
const DIGITS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The value of a Punycode digit (a-z 0–25, 0-9 26–35), or BASE when the character is not one. */
function digitValue(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return code - 0x61;
  if (code >= 0x30 && code <= 0x39) return code - 0x16;
  return BASE;
}

const MAX_INT = 0x7fffffff;

/**
 * RFC 3492 §6.2 decoding of a lower-case Punycode string, or null where the RFC says "fail". Gives the
 * U-labels of A-labels `domainToASCII` has validated, and explains why it refused others.
 */
function punycodeDecode(input: string): string | null {
  const output: number[] = [];
  const delimiter = input.lastIndexOf('-');
  for (let j = 0; j < delimiter; j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return null;
    output.push(c);
  }
  let n = INITIAL_N;
  let i = 0;
  let bias = INITIAL_BIAS;
  // The delimiter is consumed only when basic code points precede it (§6.2).
  for (let index = delimiter > 0 ? delimiter + 1 : 0; index < input.length;) {
    const oldI = i;
    let weight = 1;
    for (let k = BASE; ; k += BASE) {
      if (index >= input.length) return null;
      const digit = digitValue(input.charCodeAt(index++));
      if (digit >= BASE || digit > Math.floor((MAX_INT - i) / weight)) return null;
      i += digit * weight;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      if (weight > Math.floor(MAX_INT / (BASE - t))) return null;
      weight *= BASE - t;
    }
    const length = output.length + 1;
    bias = adapt(i - oldI, length, oldI === 0);
    n += Math.floor(i / length);
    i %= length;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
    output.splice(i++, 0, n);
  }
  let text = '';
  for (const c of output) text += String.fromCodePoint(c);
  return text;
}

/**
 * RFC 3492 §6.3 encoding of a lower-case label. `domainToASCII` is not called for the fast path's
 * ideographic labels, nor to re-encode decoded labels: each call into it costs more than the whole PSL
 * lookup. The test suite compares the results with `domainToASCII` and tr46.
 */
function punycodeEncode(label: string): string {
  const codePoints: number[] = [];
  let output = '';
  for (let i = 0; i < label.length; i++) {
    const c = label.codePointAt(i) ?? 0;
    if (c > 0xffff) i++;
    codePoints.push(c);
    if (c < INITIAL_N) output += label[i];
  }
  const basic = output.length;
  if (basic > 0) output += '-';
  const length = codePoints.length;
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  for (let handled = basic; handled < length;) {
    let next = 0x10ffff;
    for (let j = 0; j < length; j++) {
      const c = codePoints[j] ?? 0;
      if (c >= n && c < next) next = c;
    }
    delta += (next - n) * (handled + 1);
    n = next;
    for (let j = 0; j < length; j++) {
      const c = codePoints[j] ?? 0;
      if (c < n) {
        delta++;
      } else if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
          if (q < t) break;
          output += DIGITS[t + ((q - t) % (BASE - t))];
          q = ((q - t) / (BASE - t)) | 0;
        }
        output += DIGITS[q];
        bias = adapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return output;
}

/** The first failure of one ASCII label (after IDNA mapping), or null. Not for the decoded U-label. */
function checkAsciiLabel(label: string): Failure | null {
  if (label.length > MAX_LABEL_OCTETS) {
    return fail(
      'label-too-long',
      `label ${quote(label)} is ${label.length} octets; the limit is ${MAX_LABEL_OCTETS} (RFC 1035 §2.3.4)`,
    );
  }
  if (!LDH_LABEL.test(label)) {
    const bad = NOT_LDH.exec(label)?.[0] ?? '';
    return fail(
      'invalid-character',
      `label ${quote(label)} contains ${quote(bad)}; host names allow a-z, 0-9 and "-" (RFC 1123 §2.1)`,
    );
  }
  if (label.charCodeAt(0) === HYPHEN)
    return fail('hyphen', `label ${quote(label)} starts with a hyphen (RFC 5891 §4.2.3.1)`);
  // An xn-- label ending in "-" has an empty Punycode part: checkDecodedLabel reports it as bad-punycode.
  if (label.charCodeAt(label.length - 1) === HYPHEN && !label.startsWith('xn--')) {
    return fail('hyphen', `label ${quote(label)} ends with a hyphen (RFC 5891 §4.2.3.1)`);
  }
  if (
    label.length >= 4 &&
    label.charCodeAt(2) === HYPHEN &&
    label.charCodeAt(3) === HYPHEN &&
    !label.startsWith('xn--')
  ) {
    // RFC 5890 §2.3.1: "--" in positions 3-4 makes a reserved LDH label; of those only xn-- A-labels are valid.
    return fail(
      'hyphen',
      `label ${quote(label)} has "--" in positions 3-4, reserved for xn-- A-labels (RFC 5890 §2.3.1)`,
    );
  }
  return null;
}

/**
 * The checks UTS #46 §4.1 applies to the Unicode form of an xn-- label (CheckHyphens, and RFC 5890
 * §2.3.2.1: an A-label decodes to a U-label, which holds at least one non-ASCII character).
 */
function checkDecodedLabel(aLabel: string, uLabel: string): Failure | null {
  let nonAscii = false;
  for (let i = 0; i < uLabel.length; i++) {
    if (uLabel.charCodeAt(i) > 0x7f) {
      nonAscii = true;
      break;
    }
  }
  if (!nonAscii) {
    return fail(
      'bad-punycode',
      `label ${quote(aLabel)} decodes to the ASCII ${quote(uLabel)}; an A-label must stand for a non-ASCII U-label (RFC 5890 §2.3.2.1)`,
    );
  }
  if (uLabel.startsWith('-') || uLabel.endsWith('-')) {
    return fail(
      'hyphen',
      `label ${quote(aLabel)} (${quote(uLabel)}) starts or ends with a hyphen (UTS #46 §4.1, RFC 5891 §4.2.3.1)`,
    );
  }
  // UTS #46 §4.1 step 6, RFC 5891 §4.2.3.2. Checked here too: ada (Node 20) lets through labels that
  // start with marks added in recent Unicode versions (U+1AC1 … U+1ACE, U+0C3C …).
  if (LEADING_MARK.test(uLabel)) {
    return fail(
      'invalid-character',
      `label ${quote(uLabel)} starts with a combining mark (UTS #46 §4.1, RFC 5891 §4.2.3.2)`,
    );
  }
  // Positions 3-4 counted in code points, as UTS #46 §4.1 step 2 does.
  if (!uLabel.includes('--')) return null;
  const codePoints = Array.from(uLabel);
  if (codePoints[2] === '-' && codePoints[3] === '-') {
    return fail(
      'hyphen',
      `label ${quote(aLabel)} (${quote(uLabel)}) has "--" in positions 3-4 (UTS #46 §4.1, RFC 5891 §4.2.3.1)`,
    );
  }
  return null;
}

/** RFC 5892 Appendix A.1 (ZWNJ) and A.2 (ZWJ), for every joiner in a U-label. */
function joinersInContext(uLabel: string): boolean {
  const codePoints = Array.from(uLabel);
  for (let i = 0; i < codePoints.length; i++) {
    const ch = codePoints[i];
    if (ch !== '\u200C' && ch !== '\u200D') continue;
    const before = codePoints[i - 1];
    if (before !== undefined && VIRAMA.test(before)) continue;
    if (ch === '\u200D') return false;
    // A.1: (Joining_Type:{L,D})(Joining_Type:T)*\u200C(Joining_Type:T)*(Joining_Type:{R,D})
    let left = i - 1;
    while (left >= 0 && TRANSPARENT.test(codePoints[left] ?? '')) left--;
    let right = i + 1;
    while (right < codePoints.length && TRANSPARENT.test(codePoints[right] ?? '')) right++;
    if (!JOINS_TO_RIGHT.test(codePoints[left] ?? '') || !JOINS_TO_LEFT.test(codePoints[right] ?? ''))
      return false;
  }
  return true;
}

/** Checks the output of `domainToASCII` (non-empty) and derives the U-label form. */
function checkConverted(host: string, ascii: string): HostnameResult {
  const labels = ascii.split('.');
  let hasALabel = false;
  for (const label of labels) {
    if (label === '')
      return fail('empty-label', `${quote(host)} has an empty label (a leading dot or two dots in a row)`);
    const failure = checkAsciiLabel(label);
    if (failure) return failure;
    if (label.startsWith('xn--')) hasALabel = true;
  }
  const tld = labels[labels.length - 1] ?? '';
  if (NUMERIC_LABEL.test(tld)) {
    // domainToASCII only returns a numeric last label after reading the host as IPv4 (WHATWG URL §3.5).
    return fail(
      'ip-address',
      ascii === host ? `${quote(host)} is an IPv4 address` : `${quote(host)} is the IPv4 address ${ascii}`,
    );
  }
  if (ascii.length > MAX_NAME_OCTETS) {
    return fail(
      'name-too-long',
      `the name is ${ascii.length} octets in A-label form; the limit is ${MAX_NAME_OCTETS} (RFC 1035 §2.3.4)`,
    );
  }
  if (!hasALabel) return { ok: true, ascii, unicode: ascii };

  // `domainToASCII` has validated every A-label (UTS #46 §4.1 criteria on the decoded form), so decoding
  // here gives what `domainToUnicode` would, without a second call.
  const uLabels: string[] = [];
  const mayHoldTypedALabel = HYPHEN_LIKE.test(host);
  for (const aLabel of labels) {
    if (!aLabel.startsWith('xn--')) {
      uLabels.push(aLabel);
      continue;
    }
    const uLabel = punycodeDecode(aLabel.slice(4));
    if (uLabel === null)
      return fail('bad-punycode', `label ${quote(aLabel)} is not valid Punycode (RFC 3492 §6.2)`);
    uLabels.push(uLabel);
    const failure = checkDecodedLabel(aLabel, uLabel);
    if (failure) return failure;
    if (RTL.test(uLabel)) {
      return fail(
        'rtl',
        `label ${quote(uLabel)} is written right to left; beian accepts left-to-right scripts only`,
      );
    }
    if (JOINER.test(uLabel) && !joinersInContext(uLabel)) {
      return fail(
        'invalid-character',
        `label ${quote(uLabel)} has a zero-width joiner or non-joiner outside the context RFC 5892 Appendix A allows`,
      );
    }
    // RFC 5891 §5.4: an A-label must be the one its U-label encodes to. ada also decodes non-canonical
    // Punycode (`xn---zss` for 失, whose A-label is `xn--zss`). Only a host typed with "--" can hold an
    // A-label ada did not produce itself; "-" comes from U+002D, U+FE63 or U+FF0D under UTS #46 mapping.
    if (mayHoldTypedALabel && `xn--${punycodeEncode(uLabel)}` !== aLabel) {
      return fail(
        'bad-punycode',
        `label ${quote(aLabel)} is not the canonical A-label of ${quote(uLabel)} (RFC 5891 §5.4)`,
      );
    }
  }
  for (let i = 0; i < labels.length; i++) {
    const aLabel = labels[i] ?? '';
    if (aLabel.startsWith('xn--')) rememberALabel(aLabel, uLabels[i] ?? '');
  }
  return { ok: true, ascii, unicode: uLabels.join('.') };
}

/**
 * Finds which label made `domainToASCII` fail on the whole host, for the reason and detail. Each label is
 * converted on its own with a letter label appended, so that the WHATWG host parser does not read a
 * numeric label as IPv4 (it only does so for a numeric last label).
 */
function diagnose(host: string): Failure {
  const labels = host.split(SEPARATOR);
  for (let i = 0; i < labels.length; i++) {
    const raw = labels[i] ?? '';
    if (raw === '')
      return fail('empty-label', `${quote(host)} has an empty label (a leading dot or two dots in a row)`);
    const converted = domainToASCII(`${raw}.a`);
    if (converted === '') {
      if (RTL.test(raw)) {
        return fail(
          'rtl',
          `label ${quote(raw)} is written right to left; beian accepts left-to-right scripts only`,
        );
      }
      const folded = raw.normalize('NFKC').toLowerCase();
      if (folded.startsWith('xn--')) {
        const decoded = punycodeDecode(folded.slice(4));
        if (decoded === null) {
          return fail('bad-punycode', `label ${quote(raw)} is not valid Punycode (RFC 3492 §6.2)`);
        }
        if (RTL.test(decoded)) {
          return fail(
            'rtl',
            `label ${quote(raw)} (${quote(decoded)}) is written right to left; beian accepts left-to-right scripts only`,
          );
        }
        return fail(
          'invalid-character',
          `label ${quote(raw)} decodes to ${quote(decoded)}, which IDNA does not allow (UTS #46 §4.1 validity criteria)`,
        );
      }
      return fail(
        'invalid-character',
        `label ${quote(raw)} has a character IDNA does not allow here (RFC 5892 code points, joiner context or a leading combining mark)`,
      );
    }
    const label = converted.slice(0, -2);
    if (i === labels.length - 1 && NUMERIC_LABEL.test(label)) {
      return fail('numeric-tld', `the top-level label ${quote(raw)} is numeric (RFC 3696 §2)`);
    }
    for (const part of label.split('.')) {
      if (part === '') return fail('empty-label', `label ${quote(raw)} maps to an empty label`);
      const failure = checkAsciiLabel(part);
      if (failure) return failure;
    }
  }
  return fail('invalid-character', `${quote(host)} is not a valid IDNA host name (UTS #46)`);
}

/**
 * The IDNA layer for one host as typed: no trimming, no URL parts, no trailing-dot removal. Exported for
 * the differential test against tr46; callers outside this module use `parseDomainInput`.
 */
export function toAsciiHostname(host: string): HostnameResult {
  const fast = fastPath(host, host.length);
  if (fast !== null) return fast;
  if (host === '') return fail('empty', 'the host name is empty');

  const control = CONTROL.exec(host);
  if (control) {
    return fail(
      'control-character',
      `${codePointName(control[0])} at index ${control.index} is a control or invisible character`,
    );
  }
  const meta = URL_METACHARACTER.exec(host);
  if (meta) {
    const ch = meta[0];
    const shown = /\s/u.test(ch) ? `white space (${codePointName(ch)})` : quote(ch);
    return fail('invalid-character', `${quote(host)} contains ${shown}, which a host name cannot hold`);
  }
  const ascii = domainToASCII(host);
  if (ascii === '') return diagnose(host);
  return checkConverted(host, ascii);
}

/** Strips one trailing label separator: `example.com.` is the fully qualified form of `example.com`. */
function stripTrailingDot(host: string): string {
  return TRAILING_SEPARATOR.test(host) ? host.slice(0, -1) : host;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** What makes an input a URL rather than a bare host: a path, query, fragment, userinfo, port or IPv6. */
const URL_LIKE = /[/?#@:[]/;

type HostExtraction = { ok: true; host: string } | Failure;

/**
 * The host part of a URL (or of `host:port`, `user@host`, `host/path`). WHATWG `new URL()` validates the
 * URL, but the host is cut from the text itself: the parser's own host has already been percent-decoded,
 * IDNA-mapped and IPv4-canonicalised (`0x7f.1` → `127.0.0.1`), which would hide what was typed from the
 * checks that follow.
 */
function hostFromUrl(input: string): HostExtraction {
  // A bare IPv6 address (`2001:db8::1`) has colons but no brackets; it is no URL authority.
  if (
    !/[/@[]/.test(input) &&
    input.indexOf(':') !== input.lastIndexOf(':') &&
    URL.canParse(`http://[${input}]`)
  ) {
    return fail('ip-address', `${quote(input)} is an IPv6 address`);
  }
  const url = SCHEME.test(input) ? input : input.startsWith('//') ? `http:${input}` : `http://${input}`;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }

  // Authority: from after "//" to the first of / ? # \ (backslash acts as "/" in special URLs).
  const start = url.indexOf('//') + 2;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x2f || c === 0x3f || c === 0x23 || c === 0x5c) {
      end = i;
      break;
    }
  }
  const authority = url.slice(start, end);
  // Userinfo ends at the last "@" (WHATWG URL §4.4, authority state).
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[')) {
    return parsed !== null && parsed.hostname.startsWith('[')
      ? fail('ip-address', `${quote(hostPort.slice(0, hostPort.indexOf(']') + 1))} is an IPv6 address`)
      : fail('invalid-character', `${quote(hostPort)} is not a valid IPv6 literal`);
  }
  const colon = hostPort.indexOf(':');
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon);
  if (host === '') return fail('empty', `the URL ${quote(input)} has no host`);
  if (colon >= 0 && !/^[0-9]*$/.test(hostPort.slice(colon + 1))) {
    return fail('invalid-character', `the port in ${quote(hostPort)} is not a number`);
  }
  if (parsed === null) {
    // Prefer the host's own reason (e.g. a bad label) over the generic one.
    const hostResult = toAsciiHostname(stripTrailingDot(host));
    if (!hostResult.ok) return hostResult;
    return fail('invalid-character', `${quote(input)} is not a valid URL`);
  }
  return { ok: true, host };
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Input as a user or a file gives it → host name forms. Trims white space, accepts a URL, strips one
 * trailing dot (any of the four separators), folds case and width (UTS #46 mapping).
 */
export function normalizeInput(input: string): HostnameResult {
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so only longer inputs need counting.
  if (input.length * 3 > MAX_INPUT_BYTES) {
    const bytes = utf8Length(input);
    if (bytes > MAX_INPUT_BYTES) {
      return fail('too-long-input', `the input is ${bytes} bytes (UTF-8); the limit is ${MAX_INPUT_BYTES}`);
    }
  }
  let host = input.trim();
  const last = host.charCodeAt(host.length - 1);
  const trailingSeparator = last === DOT || last === 0x3002 || last === 0xff0e || last === 0xff61;
  const fast = fastPath(host, trailingSeparator ? host.length - 1 : host.length);
  if (fast !== null) return fast;

  if (host === '') return fail('empty', 'the input is empty');
  // Checked on the whole input: the URL parser would silently drop tabs and newlines inside it.
  const control = CONTROL.exec(host);
  if (control) {
    return fail(
      'control-character',
      `${codePointName(control[0])} at index ${control.index} is a control or invisible character`,
    );
  }
  if (URL_LIKE.test(host)) {
    const extracted = hostFromUrl(host);
    if (!extracted.ok) return extracted;
    host = extracted.host;
  }
  host = stripTrailingDot(host);
  if (host === '') return fail('empty', 'the input is only a dot');
  return toAsciiHostname(host);
}
