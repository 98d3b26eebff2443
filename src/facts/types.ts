/**
 * Facts about domains and filings, as the engine reads them. Sources (the MIIT sandbox database, the
 * registrar sandbox, imports) implement FactsSource; a real integration can replace them.
 */
import type { IdType, SubjectType } from '../policy/index.ts';

/** Where a fact came from. */
export type FactOrigin =
  'miit-sandbox' | 'registrar-sandbox' | 'import' | 'rdap' | 'whois' | 'upload' | 'memory';

/** 证件身份 — a name with its certificate, as held by a domain holder or a filing subject. */
export type Identity = {
  name: string;
  type?: SubjectType | undefined;
  idType: IdType;
  idNumber: string;
};

/** 实名认证状态 — none, submitted (pending) or verified. */
export type RealNameStatus = 'none' | 'pending' | 'verified';

/** 域名注册信息 — one registration in the MIIT domain database (域名库). */
export type DomainRegistration = {
  /** Registrable domain, A-label form. */
  domain: string;
  /** The registrar as the source names it (any known name). */
  registrar: string;
  registrarIanaId: number | null;
  registeredAt: string | null;
  /** ISO 8601 instant. */
  expiresAt: string;
  realName: {
    status: RealNameStatus;
    verifiedAt: string | null;
    /** When MIIT's domain database received the real-name data; null until then. */
    reportedAt: string | null;
    holder: Identity | null;
  };
  origin: FactOrigin;
  /** When the source observed this registration (RDAP/WHOIS lookup time); absent when not known. */
  observedAt?: string | null;
  /**
   * Registry status values in RFC 8056 RDAP form (`client hold`, `pending delete`, `auto renew period`);
   * absent when the source does not carry them.
   */
  statuses?: readonly string[];
  /**
   * End of the registry's auto-renew grace period (ICANN: up to 45 days after expiration) when the source
   * is a gTLD registry: an expiration before it has not yet ended the registration.
   */
  renewalGraceUntil?: string | null;
  /**
   * True when the source cannot see real-name data (RDAP, WHOIS): `realName` then says nothing, and the
   * engine reports real-name status and holder as unknown from this source instead of "not verified".
   */
  realNameUnknown?: boolean;
};

/** 事实来源记录 — what one source said about a domain's registration, and when (shown, not all used). */
export type FactObservation = {
  origin: FactOrigin;
  /** `no-server`: no RDAP or WHOIS server is known for the suffix, so nothing was asked. */
  outcome: 'found' | 'not-found' | 'error' | 'no-server';
  /** The server that answered (RDAP URL, WHOIS host:port); null for local sources. */
  server: string | null;
  observedAt: string | null;
  registrar: string | null;
  registrarIanaId: number | null;
  registeredAt: string | null;
  expiresAt: string | null;
  statuses: string[];
  /** The holder's name where the source shows it (CNNIC WHOIS); never used as a verified holder. */
  holderName: string | null;
  /** Whether the engine used this source's registration (the most authoritative one that found it). */
  used: boolean;
  /** Why an `error`: `timeout`, `rate-limited`, `http-503`, `malformed`, `too-large`, `network`, `incomplete`. */
  error?: string;
};

/** Who provides access (接入) to a website: this deployment or another provider. */
export type ProviderRef = 'self' | 'other';

/** 网站 (已备案) — a website in the national registry, or in an application in progress. */
export type RegistryWebsite = {
  /** 网站备案号 `京ICP备2021000001号-1`; null while in progress. */
  number: string | null;
  /** Domains, A-label form. */
  domains: string[];
  providers: ProviderRef[];
  /**
   * 审核通过日期 — when the bureau first approved the website, ISO 8601; a later change (变更) does not
   * move it. Null or absent: unknown, which never counts as approved before a rule took effect.
   */
  approvedAt?: string | null;
  /** 网站名称 and 网站首页URL, when the source has them. */
  name?: string | null;
  homeUrl?: string | null;
};

/** 主体 (已备案) — a filed subject with its websites, or an application in progress. */
export type RegistrySubject = {
  /** 主体备案号 `京ICP备2021000001号`; null while in progress. */
  subjectNumber: string | null;
  /** GB/T 2260 code of the bureau that holds the filing. */
  province: string;
  subject: Identity;
  provider: ProviderRef;
  /** The account at this deployment (provider `self`), else null. */
  account: string | null;
  state: 'filed' | 'in-progress';
  websites: RegistryWebsite[];
  /**
   * 申请提交时间 — for an application in progress, when it took its domains (submitted through the
   * workflow), ISO 8601. Absent: unknown (imports), which counts as before any evaluation instant.
   */
  createdAt?: string;
};

/** A website with the subject it belongs to. */
export type WebsiteFiling = { subject: RegistrySubject; website: RegistryWebsite };

/** What the sources know about one registrable domain. */
export type DomainFacts = {
  registration: DomainRegistration | null;
  /** The filed website carrying this domain, if any. */
  filing: WebsiteFiling | null;
  /** Applications in progress that carry this domain. */
  inProgress: WebsiteFiling[];
  /** Every source consulted for the registration, most authoritative first (online checks only). */
  sources?: FactObservation[];
};

export const NO_DOMAIN_FACTS: DomainFacts = Object.freeze({
  registration: null,
  filing: null,
  inProgress: [],
});

/** The seam between the engine's shell and wherever facts live. Lookups are batched for bulk checks. */
export interface FactsSource {
  /**
   * What every lookup consults (`miit-sandbox`: this deployment's domain database and filings), so a
   * finding that rests on absence ("no record here") can say where it looked. Online lookups are per
   * domain, in DomainFacts.sources.
   */
  readonly consulted: readonly FactOrigin[];
  /** Facts per registrable domain (A-label); a domain nobody knows may be absent from the map. */
  domainFacts(domains: readonly string[]): Promise<Map<string, DomainFacts>>;
  /** Filed subjects (state `filed`) per certificate number (upper case). */
  subjectFilings(idNumbers: readonly string[]): Promise<Map<string, RegistrySubject[]>>;
}
