/** Shapes of the engine's output: findings and results, as promised by the verification contract. */
import type { NormalizedDomain } from '../domain-name/index.ts';
import type { FactObservation } from '../facts/index.ts';
import type { IdType, Source, SubjectType } from '../policy/index.ts';

export type Severity = 'error' | 'warning' | 'info';

/** A text in both of beian's languages. */
import type { Localized } from '../shared/index.ts';
export type { Localized };

/**
 * 备案类型 — derived, never chosen (contract: filing types). `change` (变更备案) is derived for the domains
 * of the filed website a change application names (CheckContext.changeOf), never from the facts alone.
 */
export type FilingType = 'first-filing' | 'add-website' | 'add-website-external' | 'add-access' | 'change';

export const FINDING_CODES = [
  'DOMAIN_INVALID',
  'SUFFIX_NOT_APPROVED',
  'SUFFIX_RESTRICTED',
  'GOVERNMENT_SUFFIX_REQUIRED',
  'SUBDOMAIN_INPUT',
  'DOMAIN_NOT_REGISTERED',
  'REGISTRAR_NOT_APPROVED',
  'REGISTRAR_UNKNOWN',
  'DOMAIN_EXPIRED',
  'DOMAIN_EXPIRING_SOON',
  'DOMAIN_IN_RENEWAL_GRACE',
  'DOMAIN_ON_HOLD',
  'DOMAIN_PENDING_DELETE',
  'REAL_NAME_MISSING',
  'REAL_NAME_NOT_REPORTED',
  'REAL_NAME_UNKNOWN',
  'HOLDER_MISMATCH',
  'SUBJECT_NOT_GIVEN',
  'DOMAIN_FILED_BY_OTHER_SUBJECT',
  'SUBJECT_IN_OTHER_ACCOUNT',
  'DOMAIN_ALREADY_FILED_HERE',
  'DOMAIN_ORDER_IN_PROGRESS',
  'PARENT_DOMAIN_FILED',
  'PARENT_DOMAIN_FILED_ELSEWHERE',
  'PARENT_DOMAIN_NOT_FILED',
  'TOO_MANY_DOMAINS_PER_WEBSITE',
  'DOMAIN_CERTIFICATE_REQUIRED',
  'SOURCES_DISAGREE',
  'ONLINE_LOOKUP_FAILED',
  'FILED_BEFORE_DOMAIN_RULES',
  'FILED_WEBSITE_DOMAINS_KEPT',
  'APP_IDENTIFIER_FILED_ELSEWHERE',
  'APP_ALREADY_FILED_HERE',
  'APP_NAME_FILED_ELSEWHERE',
  'APP_DOMAIN_OF_FILED_WEBSITE',
  'APP_ACCESS_OF_FILED_APP',
] as const;
/** A finding code: public and stable; once shipped it never changes meaning. */
export type FindingCode = (typeof FINDING_CODES)[number];

/** Evidence values are plain JSON. */
export type Evidence = Record<string, string | number | boolean | null | readonly string[]>;

/** 核验结果 — one reason a domain can or cannot be filed, with what to do about it. */
export type Finding = {
  code: FindingCode;
  severity: Severity;
  message: Localized;
  remedy: Localized;
  evidence: Evidence;
};

/** 备案主体 (as given for a check) — every field optional: a check can run with what is known. */
export type SubjectInput = {
  name?: string | undefined;
  type?: SubjectType | undefined;
  idType?: IdType | undefined;
  idNumber?: string | undefined;
};

/** The JSON `domain` member of a result (contract). */
type ResultDomain = Pick<
  NormalizedDomain,
  'ascii' | 'unicode' | 'registrable' | 'registrableAscii' | 'subdomain' | 'suffix'
>;

export type CheckResult = {
  input: string;
  domain: ResultDomain | null;
  filingType: FilingType | null;
  ok: boolean;
  findings: Finding[];
  /** The sources consulted for the registration (online checks only; absent otherwise). */
  sources?: FactObservation[];
};

/** Texts of a rule for a case its main texts do not fit; absent texts are the rule's own. */
export type RuleVariant = { when: Localized; message?: Localized; remedy?: Localized };

/** A rule: its code, default severity, texts (templates with `{name}` placeholders) and sources. */
export type Rule = {
  code: FindingCode;
  severity: Severity;
  /** Seed FAQ questions this rule answers (`Q1a`). */
  faq: string[];
  when: Localized;
  message: Localized;
  remedy: Localized;
  /**
   * Variants by name (`limit-one`): one code, one meaning, but other words where the main texts would
   * mislead (TOO_MANY_DOMAINS_PER_WEBSITE's "add another domain" where the limit is one).
   */
  variants?: Record<string, RuleVariant>;
  sources: Source[];
};
