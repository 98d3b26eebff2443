/**
 * 证书核验 — an uploaded 域名证书 checked against the registrar sandbox that may have printed it. The
 * sandbox keeps each certificate's verification code only as a hash (src/registrar/verification-code.ts),
 * so the check needs the code: typed by the applicant from the certificate (a sealed scan carries no
 * more than its picture), or read from the marks our own PDF carries (certificate-marks.ts). A code that
 * names no certificate, another domain's certificate, or one that no longer holds (holder changed,
 * transferred, expired) is a field error naming the document. A certificate without a code, from
 * another registrar, is accepted: a reviewer checks it by hand, and the page says so.
 */
import type { DocumentMetadata } from '../documents/index.ts';
import { parseDomainInput } from '../domain-name/index.ts';
import { fieldError } from '../filing/index.ts';
import type { FieldError } from '../filing/index.ts';
import type { RegistrarGateway } from '../registrar/index.ts';
import { normalizeVerificationCode, readCertificateMarks } from '../registrar/index.ts';
import type { WorkflowDeps } from './context.ts';
import { invalid } from './verify.ts';

/** 证书查验 — what the workflow needs of a registrar: the public verification of a code. */
export type CertificateVerifier = Pick<RegistrarGateway, 'verifyCertificate'>;

/** The form field of a typed code; a code read from the file is reported on the file. */
const CODE_FIELD = 'certificateCode';

/** `例子.中国 (xn--…)` for an IDN, the name alone otherwise. */
const shown = (label: { unicode: string; ascii: string }) =>
  label.unicode === label.ascii ? label.ascii : `${label.unicode} (${label.ascii})`;

function unicodeOf(ascii: string): string {
  const parsed = parseDomainInput(ascii);
  return parsed.ok ? shown({ unicode: parsed.domain.unicode, ascii }) : ascii;
}

/** The typed code, or undefined when none was given (a blank field is none). */
export function typedCertificateCode(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The serial of the sandbox certificate `bytes` was verified as, or null when there is nothing to
 * check (not a certificate, or a certificate without a code: human review). Throws VALIDATION_FAILED.
 */
export async function checkUploadedCertificate(
  deps: WorkflowDeps,
  upload: { metadata: DocumentMetadata; fileName: string; bytes: Uint8Array; code: string | undefined },
): Promise<string | null> {
  const { metadata, fileName: document } = upload;
  const fail = (error: FieldError) => invalid([error]);
  if (metadata.kind !== 'domain-certificate' || metadata.domain === null) {
    if (upload.code !== undefined)
      throw fail(fieldError(CODE_FIELD, 'CERTIFICATE_CODE_NOT_EXPECTED', { document }));
    return null;
  }
  const marks = readCertificateMarks(upload.bytes);
  const typed = upload.code;
  if (typed === undefined && marks === null) return null;
  const path = typed !== undefined ? CODE_FIELD : 'file';
  const code = typed ?? marks?.code ?? '';
  if (normalizeVerificationCode(code) === null) {
    throw fail(
      typed !== undefined
        ? fieldError(CODE_FIELD, 'CERTIFICATE_CODE_INVALID', { document, code: typed.slice(0, 40) })
        : fieldError(path, 'CERTIFICATE_CODE_MISMATCH', { document }),
    );
  }
  if (!deps.certificates) {
    throw new Error(
      'workflow: checking a domain certificate needs deps.certificates (the registrar gateway)',
    );
  }
  const verification = await deps.certificates.verifyCertificate({ code, now: deps.now });
  // A typed code must belong to the very certificate uploaded, when the file says which one it is.
  if (!verification.valid || (marks !== null && marks.serial !== verification.serial)) {
    throw fail(fieldError(path, 'CERTIFICATE_CODE_MISMATCH', { document }));
  }
  const serial = verification.serial;
  if (verification.domain.ascii !== metadata.domain) {
    throw fail(
      fieldError(path, 'CERTIFICATE_DOMAIN_MISMATCH', {
        document,
        serial,
        certified: shown(verification.domain),
        domain: unicodeOf(metadata.domain),
      }),
    );
  }
  if (!verification.current) throw fail(fieldError(path, 'CERTIFICATE_NOT_CURRENT', { document, serial }));
  return serial;
}
