/**
 * 证件号码标记 — the certificate number the sandbox "reads" from an ID photo. A real vendor reads it by
 * OCR; the sandbox cannot, so it reads a text the photo carries: a PNG `tEXt` chunk with keyword
 * `beian-id-number` (ISO/IEC 15948 §11.3.4.3) or a JPEG comment segment (COM, ITU T.81 B.2.4.5)
 * `beian-id-number:<number>`. Tests and demos mark a photo to play the wrong person. Reads are bounded
 * to the file; a malformed file simply has no mark.
 */
const KEYWORD = 'beian-id-number';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngMark(bytes: Buffer): string | null {
  let at = PNG_SIGNATURE.length;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const start = at + 8;
    const end = start + length;
    if (end + 4 > bytes.length) return null;
    if (type === 'tEXt') {
      const data = bytes.subarray(start, end);
      const nul = data.indexOf(0);
      if (nul > 0 && data.toString('latin1', 0, nul) === KEYWORD) return data.toString('latin1', nul + 1);
    }
    if (type === 'IDAT' || type === 'IEND') return null;
    at = end + 4;
  }
  return null;
}

function jpegMark(bytes: Buffer): string | null {
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1] ?? 0;
    // Start of scan: entropy-coded data follows, no more headers.
    if (marker === 0xda) return null;
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) return null;
    if (marker === 0xfe) {
      const text = bytes.toString('latin1', at + 4, at + 2 + length);
      if (text.startsWith(`${KEYWORD}:`)) return text.slice(KEYWORD.length + 1);
    }
    at += 2 + length;
  }
  return null;
}

/** The certificate number marked in a PNG or JPEG, upper case and trimmed; null when none. */
export function readIdNumberMark(input: Uint8Array): string | null {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let mark: string | null = null;
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) mark = pngMark(bytes);
  else if (bytes[0] === 0xff && bytes[1] === 0xd8) mark = jpegMark(bytes);
  const trimmed = mark?.trim().toUpperCase() ?? '';
  return trimmed === '' ? null : trimmed;
}
