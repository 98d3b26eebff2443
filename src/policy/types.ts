/** Types of the dated policy data under data/. Every entry carries where it came from. */

export type Confidence = 'high' | 'medium' | 'low' | 'unsourced';

/**
 * What a source is on the one scale of evidence (data/README.md, "Standard of evidence"): `official`, the
 * State's own text (an MIIT or State Council notice, MIIT's list or public-query record) read directly or
 * in a verbatim copy naming the document and its date; `primary`, the data of the body that owns the fact
 * (IANA, the Public Suffix List, GB/T 2260), for that fact only. Absent: a publication (provider, press,
 * public project).
 */
export const SOURCE_KINDS = ['official', 'primary'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A cited source: the document, where it was read, its date (publication or snapshot) and its kind. */
export type Source = { title: string; url?: string; date?: string; kind?: SourceKind };

/** 主体性质 — the nature of a filing subject (contract: subject types). */
export const SUBJECT_TYPES = [
  'enterprise',
  'individual',
  'government',
  'institution',
  'social-group',
  'private-non-enterprise',
  'foundation',
  'law-firm',
  'military',
] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** 证件类型 — the type of identity certificate (contract: certificate types). */
export const ID_TYPES = [
  'resident-id',
  'uscc',
  'org-code',
  'passport',
  'hk-mo-permit',
  'tw-permit',
  'foreign-pr',
  'institution-cert',
  'social-group-cert',
] as const;
export type IdType = (typeof ID_TYPES)[number];

/** What kind of suffix a TLD is, reported with SUFFIX_NOT_APPROVED. */
export type SuffixKind = 'cctld' | 'gtld' | 'idn';

/** 域名后缀 — one suffix's standing on MIIT's approved list. */
export type SuffixEntry = {
  /** U-label form without leading dot: `中国`, `com`, `com.cn`. */
  suffix: string;
  /** A-label form: `xn--fiqs8s`. */
  ascii: string;
  kind: SuffixKind;
  /** What the sources say: approved, not approved, disputed between sources, or unverified. */
  status: 'approved' | 'not-approved' | 'disputed' | 'unverified';
  /** The default decision beian applies (for disputed/unverified entries this is stated in `note`). */
  approved: boolean;
  /**
   * First Asia/Shanghai date (`YYYY-MM-DD`) on which the approval applies: an approval is a dated fact,
   * and an evaluation before this date finds the suffix not (yet) approved. Absent: no known start, the
   * approval applies on every date. Only on approved entries.
   */
  approvedFrom?: string;
  confidence: Confidence;
  sources: Source[];
  note?: string;
};

/** A suffix reserved for some kinds of subject (.gov.cn, .政务 …). */
export type RestrictedSuffix = {
  suffix: string;
  ascii: string;
  allowedSubjectTypes: SubjectType[];
  confidence: Confidence;
  sources: Source[];
  note?: string;
};

/**
 * What the sources say about a registrar's MIIT approval (域名注册服务机构许可): approved, known not to be
 * approved (a foreign registrar, a provider's international site), or unknown — evidence below `medium`
 * either way (data/README.md, "Standard of evidence").
 * Unknown is not "not approved": the engine warns (REGISTRAR_UNKNOWN) instead of refusing.
 */
export const REGISTRAR_STATUSES = ['approved', 'not-approved', 'unknown'] as const;
export type RegistrarStatus = (typeof REGISTRAR_STATUSES)[number];

/** 域名注册服务机构 — a registrar and what is known about its MIIT approval. */
export type RegistrarEntry = {
  id: string;
  brand: string;
  legalName: string;
  /** Every name it appears under (legal, brand, WHOIS/RDAP strings), matched after folding. */
  names: string[];
  ianaIds: number[];
  /** MIIT registrar licence (`浙D3-20210002`) where seen. */
  licence?: string;
  status: RegistrarStatus;
  /** A registrar outside mainland China, e.g. a domestic provider's international site (not approved). */
  international?: boolean;
  confidence: Confidence;
  sources: Source[];
  note?: string;
};

/** 省份 — a province-level division, its bureau (管局) and ICP number prefix. */
export type Province = {
  /** GB/T 2260 code: `450000`. */
  code: string;
  /** Short name: `广西`. */
  name: string;
  fullName: string;
  pinyin: string;
  /** ICP number prefix: `桂` (→ 桂ICP备…); also of the bureau's licences unless `licencePrefix` is given. */
  icpPrefix: string;
  /** The other 简称 on the bureau's licence numbers: `川` (川B2-…, 川ICP证…) where filings read `蜀ICP备`. */
  licencePrefix?: string;
  confidence: Confidence;
  sources: Source[];
  /** Why the confidence is what it is (the prefix evidence), where it is not plain from the sources. */
  note?: string;
};

/**
 * 按域名数要求域名证书 — a bureau's rule that a subject of one of these types provides a domain
 * certificate for each domain once it has more than `moreThan` domains of different prefixes (the
 * label before the suffix: example.com and example.cn count once), filed and being filed together.
 */
export type DomainCertificateThreshold = { subjectTypes: SubjectType[]; moreThan: number };

/** The per-province policy values that change over time. */
type PolicyValues = {
  /** Domains one website may carry in a first filing / new website. */
  maxDomainsPerWebsite: number;
  /** Minimum remaining registration validity, in calendar months. */
  minRemainingValidityMonths: number;
  /** Whether DOMAIN_EXPIRING_SOON blocks filing (error) rather than warns. */
  expiringSoonIsError: boolean;
  /** Whether the bureau requires a domain certificate (域名证书) per filed domain. */
  domainCertificateRequired: boolean;
  /** Certificates required once a subject has many domains (Guangdong); null where no such rule is known. */
  domainCertificateThreshold: DomainCertificateThreshold | null;
  /** Working days between real-name approval and MIIT having the data (上报入库): the expected date. */
  realNameReportingWorkdays: number;
  /**
   * Whether a filing must use an MIIT-approved suffix and registrar (工信部信管〔2017〕264号, from
   * 2018-01-01). A website approved before the entry requiring it took effect keeps its domains in an
   * access or change filing (FILED_BEFORE_DOMAIN_RULES).
   */
  approvedSuffixAndRegistrarRequired: boolean;
  /** The outer bound of 上报入库 in working days: the latest date providers give for it. */
  realNameReportingLatestWorkdays: number;
};
export type PolicyField = keyof PolicyValues;

/** One dated policy entry. A rule change is a new entry; entries are never edited to say something else. */
export type PolicyEntry = {
  [F in PolicyField]: {
    id: string;
    /** `*` for every province, or a GB/T 2260 code. */
    scope: string;
    field: F;
    value: PolicyValues[F];
    /** First day in force, Asia/Shanghai calendar date `YYYY-MM-DD`. */
    effectiveFrom: string;
    /** Last day in force (inclusive), or absent while in force. */
    effectiveUntil?: string;
    confidence: Confidence;
    sources: Source[];
    note?: string;
  };
}[PolicyField];

/** A policy value as plain text for logs and change lists: `3`, `true`, `individual > 5`, `none`. */
export function policyValueText(value: PolicyEntry['value']): string {
  if (value === null) return 'none';
  if (typeof value === 'object') return `${value.subjectTypes.join('/')} > ${value.moreThan}`;
  return String(value);
}

/** A policy value as resolved for a province and instant, with the entry that decided it. */
export type ResolvedValue<T> = { value: T; entryId: string; scope: string; effectiveFrom: string };
export type ResolvedPolicy = { province: string | null } & {
  [F in PolicyField]: ResolvedValue<PolicyValues[F]>;
};

/** Where the loaded data came from: version of data/ and the operator overrides applied. */
export type DataProvenance = {
  dataVersion: string;
  overrides: { file: string; changes: string[] }[];
};
