/** 备案 — the pure filing model's public surface: roles, statuses, subject and website schemas, field errors, limits. */
export {
  canAddDomain,
  canAddWebsite,
  checkApplicationLimits,
  loadApplicationLimits,
  resolveApplicationLimits,
} from './application-limits.ts';
export type {
  ApplicationLimitEntry,
  ApplicationLimits,
  LimitDecision,
  UnverifiedLimit,
} from './application-limits.ts';
export { ID_TYPE_LABELS, normalizeIdNumber, validateCertificate } from './certificates.ts';
export {
  FIELD_ERRORS,
  addFieldIssue,
  fieldError,
  fieldIssue,
  fieldLabel,
  fieldPathLabel,
  fieldMessage,
  formatFieldPath,
  parseFields,
  toFieldErrors,
} from './field-errors.ts';
export type { FieldErrorCode } from './field-errors.ts';
export type { FieldError, Localized, PathIssue } from './field-errors.ts';
export type { Rejection, RejectionReason } from './rejection.ts';
export { ROLES, TOKEN_SCOPES, can, scopeAllows } from './roles.ts';
export type { Action, Role, TokenScope } from './roles.ts';
export { APPLICATION_STATUSES, allows, canTransition, statusesAllowing } from './status.ts';
export type { ApplicationStatus, StatusCapability } from './status.ts';
export {
  ID_TYPES_BY_SUBJECT,
  PERSON_ID_TYPES,
  isMainlandMobile,
  isValidEmail,
  SUBJECT_TYPE_LABELS,
  makePersonSchema,
  makeSubjectSchema,
  normalizePhone,
  personNameIssues,
  textIssues,
} from './subject.ts';
export type { FilingSubject } from './subject.ts';
export { PRE_APPROVAL_TYPES, SERVICE_CONTENTS, makeFilingFormSchema, makeWebsiteSchema } from './website.ts';
export type { FilingForm, Website } from './website.ts';
export { FIELD_KINDS, fieldKindOf } from './rejection.ts';
export type { FieldKind } from './rejection.ts';
export {
  REJECTION_REASONS_FILE,
  codedMessage,
  loadRejectionReasons,
  reasonFits,
  reasonOffered,
  rejectionReasons,
} from './rejection-reasons.ts';
export type { RejectionReasonEntry } from './rejection-reasons.ts';
export {
  ACCESS_METHODS,
  MAX_CODES_PER_RESOURCE,
  MAX_IPS,
  SERVICE_CODE_STATUSES,
  SERVICE_CODE_STATUS_LABELS,
  formatServiceCode,
  inProviderRanges,
  ipListIssues,
  makeResourceSchema,
  newServiceCode,
  normalizeServiceCode,
  parseCidr,
  parsePublicIp,
  wholeMonthsBetween,
} from './access.ts';
export type {
  AccessMethod,
  ProviderRanges,
  PublicIpResult,
  ResourceInput,
  ServiceCodeStatus,
} from './access.ts';
export {
  APP_FEATURE_LABELS,
  APP_PLATFORM_FIELDS,
  APP_PLATFORM_LABELS,
  APP_TYPE_LABELS,
  appIdentifiers,
  featureMismatches,
  makeAppSchema,
  makeAppsSchema,
  normalizeHex,
} from './app.ts';
export type { AppEntry } from './app.ts';
