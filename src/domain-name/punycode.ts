/**
 * Punycode (RFC 3492) for IDNA A-labels, written out rather than taken from a package: encoding the
 * fast path's ideographic labels here costs far less than a `domainToASCII` call per label, and the
 * decoder gives the U-label of an A-label `domainToASCII` has validated (what `domainToUnicode` would)
 * and explains why it refused others. test/domain-name/normalize.test.ts compares both directions with
 * `domainToASCII` and tr46.
 */
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
export function punycodeDecode(input: string): string | null {
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
export function punycodeEncode(label: string): string {
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
