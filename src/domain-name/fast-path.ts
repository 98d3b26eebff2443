/**
 * The fast path of the IDNA layer: the names bulk input is made of (LDH ASCII and Chinese names) turned
 * into both forms without calling `domainToASCII`, whose every call costs more than the whole PSL lookup.
 * Anything else returns null and goes through the full checks in normalize.ts, which also remember the
 * A-labels they validated so that the fast path can take them next time.
 */
import type { HostnameResult } from './host-result.ts';
import { DOT, HYPHEN, MAX_LABEL_OCTETS, MAX_NAME_OCTETS } from './host-result.ts';
import { punycodeEncode } from './punycode.ts';

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

export function rememberALabel(aLabel: string, uLabel: string): void {
  if (VALIDATED_A_LABELS.size >= VALIDATED_A_LABELS_MAX) VALIDATED_A_LABELS.clear();
  VALIDATED_A_LABELS.set(aLabel, uLabel);
}

/**
 * A-labels of ideographic top-level labels (中国, 公司, 网址 …): a small set that recurs in every Chinese
 * name, where a lookup costs a fraction of RFC 3492 encoding. Other labels are encoded each time:
 * cached, the many distinct names of a bulk file only churned the cache and kept garbage alive.
 * Bounded all the same, since any label can sit in the last position of hostile input.
 */
const TOP_LEVEL_A_LABELS = new Map<string, string>();
const TOP_LEVEL_A_LABELS_MAX = 256;

function topLevelALabel(uLabel: string): string {
  let aLabel = TOP_LEVEL_A_LABELS.get(uLabel);
  if (aLabel === undefined) {
    aLabel = `xn--${punycodeEncode(uLabel)}`;
    if (TOP_LEVEL_A_LABELS.size >= TOP_LEVEL_A_LABELS_MAX) TOP_LEVEL_A_LABELS.clear();
    TOP_LEVEL_A_LABELS.set(uLabel, aLabel);
  }
  return aLabel;
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
export function fastPath(host: string, end: number): HostnameResult | null {
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
      aLabel = dot === name.length ? topLevelALabel(label) : `xn--${punycodeEncode(label)}`;
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
