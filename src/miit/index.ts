/** 工信部 — the MIIT gateway interface and its embedded sandbox. */
export type {
  AppApprovalRequest,
  ApprovalRequest,
  IssuedAppNumbers,
  PublicAppQuery,
  PublicAppRecord,
  IssuedNumbers,
  MiitErrorCode,
  MiitGateway,
  PublicFilingRecord,
  PublicQuery,
  SmsRecipient,
  SmsRecipientState,
  SmsRecipientStatus,
  SmsStatus,
  SmsVerifyResult,
} from './gateway.ts';
export {
  allocateSubjectNumber,
  allocateWebsiteSeqs,
  approvalYear,
  formatSubjectNumber,
  formatWebsiteNumber,
} from './numbers.ts';
export { publicQuery } from './public-query.ts';
export { cancelFiling, MiitError, recordApproval, registrableAscii, setSelfAccess } from './registry.ts';
export {
  acceptRealNameReport,
  findDomainRegistration,
  RealNameReportRefused,
  recordDomainRegistration,
  recordDomainTransfer,
} from './domain-database.ts';
export { createSandboxGateway } from './sandbox.ts';
export type { SandboxGateway } from './sandbox.ts';
export {
  normalizePhone,
  readSmsOutbox,
  readSmsStatus,
  resendSmsCode,
  sendSmsCodes,
  SMS_MAX_RESENDS_PER_ROUND,
  SMS_MAX_SENDS_PER_PHONE_PER_DAY,
  SMS_MAX_WRONG_TRIES,
  SMS_MAX_WRONG_TRIES_PER_APPLICATION,
  SMS_RESEND_INTERVAL_MS,
  SMS_VALIDITY_MS,
  SmsResendLimitedError,
  verifySmsCode,
} from './sms.ts';
export type { OutboxMessage, SmsResendLimit, SmsSecret } from './sms.ts';
export { createSandboxSmsGateway, SmsGatewayError } from './sms-gateway.ts';
export type { SmsAnswer, SmsGateway, SmsMessage } from './sms-gateway.ts';
export {
  cancelApp,
  formatAppNumber,
  parseAppNumber,
  publicAppQuery,
  recordAppApproval,
  recordImportedApp,
} from './app-registry.ts';
export type { AppNumber, ImportedApp } from './app-registry.ts';
