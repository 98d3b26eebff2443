export { checkDomain } from './check-domain.ts';
export { INVALID_REASONS } from '../domain-name/invalid-reasons.ts';
export { checkWebsite } from './check-website.ts';
export { createCheckContext, provinceLabel, bureauLabel } from './context.ts';
export type { CheckContext } from './context.ts';
export { subjectIdNumber } from './filing-state.ts';
export { foldIdNumber, foldName, identityDifferences } from './identity.ts';
export { RULES, ruleFor } from './rule-table.ts';
export * from './types.ts';
