/**
 * 证书标记 — the serial and verification code a domain certificate printed here carries in its PDF
 * document information (ISO 32000-1 §14.3.3: the Info dictionary may hold keys of one's own), so that
 * an uploaded certificate can be recognised as ours and checked against the code's stored hash without
 * the applicant typing the code. The marks prove nothing by themselves: whoever holds the PDF can read
 * the code printed on it; the register's record behind the code is what counts. A scan of a sealed
 * certificate has no marks: its code is typed.
 */
import type { DomainCertificateData } from './certificate-pdf.ts';

const SERIAL_KEY = 'BeianCertificateSerial';
const CODE_KEY = 'BeianVerificationCode';

/** The Info entries written at printing (ASCII: pdfkit writes them as literal strings). */
export function certificateMarks(data: Pick<DomainCertificateData, 'serial' | 'verificationCode'>) {
  return { [SERIAL_KEY]: data.serial, [CODE_KEY]: data.verificationCode };
}

/** 证书标记 — what an uploaded PDF says about itself: a serial and a code, both as printed. */
export type CertificateMarks = { serial: string; code: string };

/** Only the PDF's first and last bytes are searched: the Info dictionary sits in its trailer area. */
const SEARCHED_BYTES = 64 * 1024;

/**
 * The value of an Info key: `/Key (value)` written directly, or `/Key n 0 R` pointing at an object
 * `n 0 obj (value) endobj` (pdfkit's way). Values are restricted to the characters serials and codes use.
 */
function infoValue(text: string, key: string): string | null {
  const direct = new RegExp(`/${key}\\s*\\(([0-9A-Za-z-]{1,64})\\)`).exec(text);
  if (direct?.[1] !== undefined) return direct[1];
  const reference = new RegExp(`/${key}\\s+(\\d{1,9})\\s+0\\s+R`).exec(text);
  if (reference?.[1] === undefined) return null;
  const object = new RegExp(
    `(?:^|\\s)${reference[1]}\\s+0\\s+obj\\s*\\(([0-9A-Za-z-]{1,64})\\)\\s*endobj`,
  ).exec(text);
  return object?.[1] ?? null;
}

/** The marks of a certificate printed here, or null for any other file (another registrar's, a scan). */
export function readCertificateMarks(bytes: Uint8Array): CertificateMarks | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, 5).toString('latin1') !== '%PDF-') return null;
  // latin1 maps every byte to one character: offsets and binary streams survive unchanged.
  const text =
    buffer.byteLength <= 2 * SEARCHED_BYTES
      ? buffer.toString('latin1')
      : `${buffer.subarray(0, SEARCHED_BYTES).toString('latin1')}\n${buffer
          .subarray(buffer.byteLength - SEARCHED_BYTES)
          .toString('latin1')}`;
  const serial = infoValue(text, SERIAL_KEY);
  const code = infoValue(text, CODE_KEY);
  return serial === null || code === null ? null : { serial, code };
}
