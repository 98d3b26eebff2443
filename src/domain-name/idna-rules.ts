/**
 * The label rules of IDNA that `domainToASCII` (ada, UTS #46) leaves out or gets wrong, checked on its
 * output: LDH syntax and hyphen positions (RFC 1123 §2.1, RFC 5891 §4.2.3.1, RFC 5890 §2.3.1), the
 * validity criteria of UTS #46 §4.1 on the decoded U-label, the CONTEXTJ rules of RFC 5892 Appendix A
 * for ZWNJ and ZWJ, and beian's refusal of right-to-left labels.
 */
import type { Failure } from './host-result.ts';
import { HYPHEN, MAX_LABEL_OCTETS, fail, quote } from './host-result.ts';

/**
 * A label the WHATWG URL host parser reads as a number (its "ends in a number" checker): all decimal
 * digits, or `0x` with hex digits. As the last label it makes the whole host an IPv4 address or invalid,
 * and RFC 3696 §2 already rules out all-numeric top-level domains.
 */
export const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/;

const LDH_LABEL = /^[a-z0-9-]+$/;
const NOT_LDH = /[^a-z0-9-]/;

/**
 * Right-to-left text: the blocks whose characters have Bidi_Class R, AL or AN (Hebrew, Arabic, Syriac,
 * Thaana, NKo … U+0590–U+08FF; Hebrew and Arabic presentation forms; the RTL ranges of the SMP). beian
 * does not accept RTL labels (policy: the Chinese registries' name syntax, e.g. CNNIC's for .cn and
 * .中国, allows letters, digits, hyphen and Chinese characters only), which also avoids the RFC 5893
 * Bidi rule. The test suite checks that every code point tr46 counts as R/AL/AN and IDNA allows is
 * inside these ranges.
 */
export const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFE\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

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
export const JOINER = /[\u200C\u200D]/;
const LEADING_MARK = /^\p{M}/u;
/** The first failure of one ASCII label (after IDNA mapping), or null. Not for the decoded U-label. */
export function checkAsciiLabel(label: string): Failure | null {
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
export function checkDecodedLabel(aLabel: string, uLabel: string): Failure | null {
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
export function joinersInContext(uLabel: string): boolean {
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
