/**
 * Input → host name: URL stripping, then the IDNA layer (A-label and U-label forms of one host).
 *
 * IDNA runs through `node:url` `domainToASCII` (ada, UTS #46 non-transitional processing), wrapped in
 * the explicit checks it leaves out: it is a WHATWG URL-host parser, so it truncates at `/?#`,
 * percent-decodes, reads numeric names as IPv4 and lets `_`, `*`, empty labels and misplaced hyphens
 * through; it also misses some CONTEXTJ cases, newer leading marks and non-canonical Punycode. The
 * U-label form comes from decoding the A-labels it validated (RFC 3492), as `domainToUnicode` would,
 * and Chinese names take a fast path that needs no call at all. With the checks the
 * result equals `tr46.toASCII` with every strict option on (test/domain-name/normalize.test.ts runs that
 * comparison), except where beian's policy is stricter: right-to-left scripts, invisible and control
 * characters, IP addresses and numeric top-level labels.
 *
 * The steps have files of their own: url-host.ts (URL → host), fast-path.ts (LDH ASCII and Chinese
 * names without a call), punycode.ts (RFC 3492) and idna-rules.ts (the label rules checked on
 * `domainToASCII`'s output); this file runs them in order.
 */
import { domainToASCII } from 'node:url';
import { fastPath, rememberALabel } from './fast-path.ts';
import type { Failure, HostnameResult } from './host-result.ts';
import {
  DOT,
  MAX_NAME_OCTETS,
  SEPARATOR,
  codePointName,
  fail,
  quote,
  stripTrailingDot,
} from './host-result.ts';
import {
  JOINER,
  NUMERIC_LABEL,
  RTL,
  checkAsciiLabel,
  checkDecodedLabel,
  joinersInContext,
} from './idna-rules.ts';
import { punycodeDecode, punycodeEncode } from './punycode.ts';
import { URL_LIKE, hostFromUrl } from './url-host.ts';

export type { HostnameResult } from './host-result.ts';

/** A cap on what is read at all, so hostile input costs little (UTF-8 bytes). */
const MAX_INPUT_BYTES = 1024;

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

/** The hyphens UTS #46 maps to "-": only a host typed with one can hold a typed A-label. */
const HYPHEN_LIKE = /[-\uFE63\uFF0D]/u;

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
    if (!extracted.validUrl) {
      // Prefer the host's own reason (e.g. a bad label) over the generic one.
      const hostResult = toAsciiHostname(stripTrailingDot(extracted.host));
      if (!hostResult.ok) return hostResult;
      return fail('invalid-character', `${quote(host)} is not a valid URL`);
    }
    host = extracted.host;
  }
  host = stripTrailingDot(host);
  if (host === '') return fail('empty', 'the input is only a dot');
  return toAsciiHostname(host);
}
