/** 政策数据 — the dated policy data (suffixes, registrars, provinces, policies, calendar) and its loader. */
export { loadPolicy, defaultDataDir, DATA_FILES } from './load-policy.ts';
export {
  CalendarCoverageError,
  type PolicyData,
  type SuffixClassification,
  type WorkdayCalendar,
} from './policy-data.ts';
export { createWorkdayCalendar, toShanghaiDate } from './calendar.ts';
export { applyOverrides, OverridesError, readOverridesFile, type OverridableData } from './overrides.ts';
export { foldName, kindOfTld, normalizeSuffix } from './lookups.ts';
export {
  icpPrefixTable,
  parseIcpNumber,
  type IcpNumber,
  type IcpNumberForm,
  type IcpNumberProblem,
  type IcpNumberReading,
  type IcpPrefixTable,
} from './icp-numbers.ts';
export { IDN_CCTLDS } from './idn-cctlds.ts';
export { POLICY_FIELDS, inForce } from './resolve.ts';
export {
  calendarFileSchema,
  overridesFileSchema,
  formatIssues,
  isIsoDate,
  sourceSchema,
  type CalendarFile,
  type CalendarYear,
  type OverridesFile,
} from './schemas.ts';
export * from './types.ts';
export { CONFIDENCE_LABELS, SUBJECT_TYPE_LABELS } from './labels.ts';
export {
  APP_FEATURE_FIELDS,
  APP_PLATFORMS,
  APP_TYPES,
  loadAppFilingData,
  parseAppFilingData,
  type AppFeatureField,
  type AppFilingBasis,
  type AppFilingData,
  type AppPlatform,
  type AppType,
} from './app-filing.ts';
export {
  identityVerificationData,
  loadIdentityVerificationData,
  parseIdentityVerificationData,
  VERIFICATION_DECLARATIONS,
  VERIFICATION_METHODS,
  VERIFICATION_PERSON_ROLES,
  type IdentityRequirement,
  type IdentityRequirementEntry,
  type IdentityVerificationData,
  type VerificationDeclaration,
  type VerificationMethod,
  type VerificationPersonRole,
} from './identity-verification.ts';
