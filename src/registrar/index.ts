/** 注册商 — the registrar gateway interface, its embedded sandbox, and what the shells need of them. */
export type { RegistrarGateway } from './gateway.ts';
export { createRegistrarSandbox } from './sandbox.ts';
export type { RegistrarSandboxOptions } from './sandbox.ts';
export { REGISTRAR_ERROR_CODES, RegistrarError } from './errors.ts';
export { holderInputSchema, maskIdNumber } from './holder.ts';
export { DEFAULT_REGISTRAR_ID, registerDomainInputSchema } from './register-domain.ts';
export type { RegisterDomainInput } from './register-domain.ts';
export { renewDomainInputSchema, MAX_REGISTRATION_YEARS } from './renew-domain.ts';
export { changeHolderInputSchema } from './change-holder.ts';
export { transferOutInputSchema } from './transfer-out.ts';
export { submitRealNameInputSchema } from './submit-real-name.ts';
export { rejectRealNameInputSchema, MAX_REASON_LENGTH } from './review-real-name.ts';
export type { RealNameDecision } from './review-real-name.ts';
export { REPORT_STATUSES } from './report-queue.ts';
export { REAL_NAME_REPORT_JOB, reportingDue } from './report-schedule.ts';
export { IMPORT_CSV_COLUMNS, importLineSchema } from './import-domains.ts';
export type { ImportLine } from './import-domains.ts';
export {
  DOMAIN_STATUSES,
  REGISTRAR_REAL_NAME_STATUSES,
  SUBMISSION_STATUSES,
  MAX_PAGE,
} from './list-domains.ts';
export type { DomainListFilter } from './list-domains.ts';
export { normalizeVerificationCode } from './verification-code.ts';
export * from './types.ts';
export { readCertificateMarks } from './certificate-marks.ts';
export type { CertificateMarks } from './certificate-marks.ts';
export { findCjkFont, loadCjkFont } from './cjk-font.ts';
