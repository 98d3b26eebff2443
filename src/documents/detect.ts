/**
 * 文件类型识别 — what an uploaded file is, from its bytes alone. The client's Content-Type and the
 * file name's extension are chosen by the uploader, so they are never consulted: a `.pdf` holding an
 * executable, HTML, SVG or ZIP is refused, and a PNG named `x.pdf` is a PNG. Only PDF, JPEG and PNG
 * pass: enough for the scans, letters and certificates of WeChat's applyIcpFiling, and none
 * of them runs script the way HTML or SVG would if a browser ever rendered one inline.
 */
import type { Localized } from '../filing/index.ts';

export const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
/** 文件类型 — one of the media types a stored document can have. */
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

/** The extensions a download of each type may carry; the first is used when the name has none of them. */
export const MEDIA_TYPE_EXTENSIONS: Record<DocumentMediaType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};

/** Why bytes are refused: nothing at all, no format we accept, or an accepted format cut short. */
export type DetectRefusal = 'empty' | 'type-not-allowed' | 'truncated';

type Detection = { ok: true; mediaType: DocumentMediaType } | { ok: false; reason: DetectRefusal };

/** ISO 32000-1 §7.5.2: the header `%PDF-` starts the file (at offset 0: no prefix smuggled in). */
const PDF_HEADER = Buffer.from('%PDF-', 'latin1');
/**
 * ISO 32000-1 §7.5.5: the file ends with `%%EOF`; readers look for it near the end (Acrobat within the
 * last 1024 bytes), since line ends and padding may follow. Missing means a truncated upload.
 */
const PDF_TRAILER = Buffer.from('%%EOF', 'latin1');
const PDF_TRAILER_WINDOW = 1024;
/** PNG (ISO/IEC 15948) §5.2 signature, then §11.2.2: the first chunk is IHDR, always 13 data bytes. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IHDR = Buffer.from([0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
/** §11.2.5: the last chunk is IEND: length 0, type, and its fixed CRC. */
const PNG_IEND = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
/** JPEG (ITU T.81 Annex B): SOI `FF D8` followed by a marker's `FF`; the image ends with EOI `FF D9`. */
const JPEG_SOI = Buffer.from([0xff, 0xd8, 0xff]);
const JPEG_EOI = Buffer.from([0xff, 0xd9]);
/** Some cameras and editors append a trailer after EOI; inside scan data `FF` is stuffed as `FF 00`. */
const JPEG_TRAILER_WINDOW = 1024;

const startsWith = (bytes: Buffer, prefix: Buffer): boolean =>
  bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);

const inTail = (bytes: Buffer, needle: Buffer, window: number): boolean =>
  bytes.subarray(Math.max(0, bytes.length - window)).includes(needle);

/** The media type of `bytes` by their magic numbers, with a cheap check that the file is complete. */
export function detectMediaType(input: Uint8Array): Detection {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (startsWith(bytes, PDF_HEADER)) {
    return inTail(bytes, PDF_TRAILER, PDF_TRAILER_WINDOW)
      ? { ok: true, mediaType: 'application/pdf' }
      : { ok: false, reason: 'truncated' };
  }
  if (startsWith(bytes, PNG_SIGNATURE)) {
    const complete =
      bytes.subarray(PNG_SIGNATURE.length, PNG_SIGNATURE.length + PNG_IHDR.length).equals(PNG_IHDR) &&
      bytes.length >= PNG_SIGNATURE.length + PNG_IHDR.length + PNG_IEND.length &&
      bytes.subarray(bytes.length - PNG_IEND.length).equals(PNG_IEND);
    return complete ? { ok: true, mediaType: 'image/png' } : { ok: false, reason: 'truncated' };
  }
  if (startsWith(bytes, JPEG_SOI)) {
    return bytes.length > JPEG_SOI.length &&
      inTail(bytes.subarray(JPEG_SOI.length), JPEG_EOI, JPEG_TRAILER_WINDOW)
      ? { ok: true, mediaType: 'image/jpeg' }
      : { ok: false, reason: 'truncated' };
  }
  return { ok: false, reason: 'type-not-allowed' };
}

/** The zh/en message for a refusal, naming the form field `file`. */
export function refusalMessage(reason: DetectRefusal): Localized {
  switch (reason) {
    case 'empty':
      return { zh: '上传的文件（file）是空文件', en: 'The uploaded file (file) is empty' };
    case 'truncated':
      return {
        zh: '上传的文件（file）不完整，可能上传中断，请重新上传',
        en: 'The uploaded file (file) is incomplete, perhaps cut off during upload; upload it again',
      };
    case 'type-not-allowed':
      return {
        zh: '上传的文件（file）须为 PDF、JPEG 或 PNG 格式（按文件内容识别，不看扩展名）',
        en: 'The uploaded file (file) must be a PDF, JPEG or PNG (recognised by its content, not its name)',
      };
  }
}
