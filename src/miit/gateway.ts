/**
 * 工信部接口 — what a provider does against MIIT's system, as one interface: the embedded sandbox
 * (src/miit/sandbox.ts) implements it on the database; a real integration (the provider's reporting
 * link to the bureau, not public) would implement the same methods.
 *
 * Every state-changing method takes an optional transaction: pass the workflow's, and the MIIT-side
 * change commits or rolls back with the application's status change and audit event; omit it, and
 * the gateway runs its own.
 */
import type { Kysely } from 'kysely';
import type { IdType, SubjectType } from '../policy/index.ts';
import type { Schema } from '../store/index.ts';

export type MiitErrorCode =
  | 'unknown-province'
  | 'invalid-domain'
  | 'domain-already-filed'
  | 'not-found'
  | 'invalid-phone'
  | 'sms-not-pending'
  | 'sms-resend-limited'
  // APP备案: a package name or Bundle ID already filed (app-registry.ts).
  | 'app-already-filed'
  // Real-name reports refused by the domain database (domain-database.ts).
  | 'registrar-not-approved'
  | 'registrar-mismatch'
  | 'suffix-not-approved'
  | 'holder-invalid';

/** 管局审核通过 — what the bureau approved: the subject and the websites that receive numbers. */
export type ApprovalRequest = {
  approvedAt: Date;
  /** GB/T 2260 code, name or ICP prefix of the bureau (findProvince). */
  province: string;
  /** The applicant's account at this provider (recorded on a new subject). */
  account: string | null;
  subject: {
    /** The subject's number when already filed (新增网站); null → found by certificate or issued. */
    subjectNumber: string | null;
    name: string;
    nature: SubjectType | null;
    idType: IdType;
    idNumber: string;
  };
  /** New websites only; 接入备案 of an existing website uses `addAccess`. */
  websites: readonly { name: string; domains: readonly string[]; homeUrl: string | null }[];
};

/** 备案号 — the numbers issued: the subject's (new or kept) and one per website, in request order. */
export type IssuedNumbers = {
  subjectId: number;
  subjectNumber: string;
  subjectIsNew: boolean;
  websites: { websiteId: number; number: string; domains: string[] }[];
};

/** 短信核验对象 — a responsible person who receives the verification SMS. */
export type SmsRecipient = { role: 'subject-leader' | 'website-leader' | 'app-leader'; phone: string };

/** 核验状态 — a recipient's verification as MIIT tracks it; `expired` is `pending` past its 24 h. */
export type SmsRecipientState = 'pending' | 'verified' | 'failed' | 'expired';

/** 短信核验 — one recipient's code: tries, resends and its 24 h window. */
export type SmsRecipientStatus = {
  verificationId: number;
  /** Mainland mobile number, 11 digits. */
  phone: string;
  roles: SmsRecipient['role'][];
  state: SmsRecipientState;
  wrongAttempts: number;
  triesLeft: number;
  resendCount: number;
  /** The round's first code: the 24 h run from here, whatever was resent. */
  sentAt: string;
  expiresAt: string;
  verifiedAt: string | null;
  /**
   * When a new code may be sent to this phone: now or later; null when none can be in this round
   * (not pending, the round's resends spent, or the phone's limits last beyond the round's end).
   */
  nextResendAt: string | null;
};

/** 短信核验状态 — the current round of an application: every recipient, and whether all verified. */
export type SmsStatus = {
  applicationId: number;
  recipients: SmsRecipientStatus[];
  /** Every recipient verified (false when nothing was sent). */
  allVerified: boolean;
  /** Some recipient failed (wrong tries) or expired: the order returns to the provider. */
  anyFailed: boolean;
  anyExpired: boolean;
  /** Wrong codes entered in this round, over all phones, and how many more fail it. */
  wrongAttempts: number;
  triesLeft: number;
  /** Resends left to the application in this round. */
  resendsLeft: number;
};

/** 核验结果 — what entering a code did. */
type SmsVerifyOutcome = 'verified' | 'wrong-code' | 'failed' | 'expired' | 'already-verified' | 'not-found';

export type SmsVerifyResult = { outcome: SmsVerifyOutcome; triesLeft: number; status: SmsStatus };

/** 公开查询 — by domain (A-label or U-label, any subdomain), by ICP number, or by subject name. */
export type PublicQuery =
  | { by: 'domain'; domain: string }
  | { by: 'number'; number: string }
  | { by: 'subject-name'; name: string; match?: 'exact' | 'prefix'; limit?: number };

/** 备案信息 — one filed website as MIIT's public query shows it (beian.miit.gov.cn). */
export type PublicFilingRecord = {
  /** 主办单位名称 (unitName). */
  subjectName: string;
  /** 主办单位性质 (natureName): the code, and its Chinese name as MIIT shows it. */
  nature: SubjectType | null;
  natureName: string | null;
  /** 主体备案号 (mainLicence). */
  subjectNumber: string;
  /** 网站备案号 (serviceLicence). */
  websiteNumber: string;
  /** 网站名称 (serviceName); null for imported records without one. */
  websiteName: string | null;
  homeUrl: string | null;
  /** 网站域名, in filing order. */
  domains: { ascii: string; unicode: string }[];
  /** 审核通过日期 (updateRecordTime), Asia/Shanghai `YYYY-MM-DD`; null when unknown. */
  approvedOn: string | null;
  /** 是否限制接入 (limitAccess). */
  limitAccess: boolean;
};

/** 变更网站 — the approved new data of a filed website. */
export type WebsiteChange = {
  number: string;
  name: string | null;
  homeUrl: string | null;
  domains: readonly string[];
  approvedAt: Date;
};

/**
 * 变更主体 approved: the subject keeps its number, certificate and websites; its name and the rest of
 * its data (addresses, 主体负责人, remarks: `details`) are replaced.
 */
export type SubjectChange = {
  subjectNumber: string;
  name: string;
  details: Record<string, unknown>;
  approvedAt: Date;
};

/** 管局审核通过 (APP) — the apps approved with an application, under the subject with this certificate. */
export type AppApprovalRequest = {
  approvedAt: Date;
  /** The subject's certificate number: the subject is filed by now (its websites were approved first). */
  subjectIdNumber: string;
  apps: readonly {
    name: string;
    /** AppType: `app`, `mini-program` or `quick-app`. */
    type: string;
    /** The letter after `-N` (data/app-filing.json): `A` or `X`. */
    suffix: string;
    /** `platform:identifier`, each unique across the registry. */
    identifiers: readonly string[];
    /** The approved entry as recorded (platforms, features, hosts, IPs). */
    entry: Record<string, unknown>;
  }[];
};

/** 变更APP approved: the app keeps its number and type; name, entry and identifiers are replaced. */
export type AppChange = {
  number: string;
  name: string;
  identifiers: readonly string[];
  entry: Record<string, unknown>;
  approvedAt: Date;
};

/** APP备案号 — one number per approved app, in request order. */
export type IssuedAppNumbers = { apps: { appId: number; number: string; name: string }[] };

/** 公开查询 (APP) — by app name, by number (an app's or its subject's), or by subject name. */
export type PublicAppQuery =
  | { by: 'number'; number: string; limit?: number }
  | { by: 'app-name' | 'subject-name'; name: string; match?: 'exact' | 'prefix'; limit?: number };

/** 备案信息 (APP) — one filed app as the public query shows it. */
export type PublicAppRecord = {
  subjectName: string;
  nature: SubjectType | null;
  natureName: string | null;
  subjectNumber: string;
  /** 服务备案号: `…号-NA` or `…号-NX`. */
  appNumber: string;
  /** 服务名称. */
  appName: string;
  type: string;
  /** Asia/Shanghai `YYYY-MM-DD`. */
  approvedOn: string;
};

/** 工信部接口 — the operations a provider performs against MIIT (sandbox or real). */
export type MiitGateway = {
  /** 管局审核通过: issues the subject number (new subjects) and one website number per website. */
  issueNumbers(request: ApprovalRequest, tx?: Kysely<Schema>): Promise<IssuedNumbers>;
  /** 接入备案 (true) / 取消接入 (false) for a filed website; its number is unchanged. */
  setAccess(websiteNumber: string, access: boolean, tx?: Kysely<Schema>): Promise<void>;
  /**
   * 注销网站 (website number) / 注销主体 (subject number); numbers are never issued again. Cancelling a
   * subject's only website cancels the subject too;
   * `subjectCancelled` then names it.
   */
  cancel(number: string, tx?: Kysely<Schema>): Promise<{ subjectCancelled: string | null }>;
  /**
   * 变更网站 approved: the website keeps its number; name and home page are replaced and its domains
   * reduced to `domains` (since 2019-04-22 a change may only keep or drop domains). Throws
   * MiitError('not-found') when MIIT no longer has the website.
   */
  changeWebsite(request: WebsiteChange, tx?: Kysely<Schema>): Promise<{ subjectNumber: string | null }>;
  /**
   * 变更主体 approved: name and details replaced, number kept. Returns the name it had; throws
   * MiitError('not-found') when MIIT no longer has the subject filed.
   */
  changeSubject(request: SubjectChange, tx?: Kysely<Schema>): Promise<{ previousName: string }>;
  /** Sends codes to the distinct phones of `recipients` (one SMS per phone); earlier codes die. */
  sendSmsVerification(
    request: { applicationId: number; recipients: readonly SmsRecipient[]; now: Date },
    tx?: Kysely<Schema>,
  ): Promise<SmsStatus>;
  /**
   * A new code for one pending phone; the old code stops working, the tries and the 24 h go on.
   * Refused past the resend limits (MiitError `sms-resend-limited`).
   */
  resendSmsCode(
    request: { applicationId: number; phone: string; now: Date },
    tx?: Kysely<Schema>,
  ): Promise<SmsStatus>;
  verifySmsCode(
    request: { applicationId: number; phone: string; code: string; now: Date },
    tx?: Kysely<Schema>,
  ): Promise<SmsVerifyResult>;
  smsStatus(request: { applicationId: number; now: Date }, tx?: Kysely<Schema>): Promise<SmsStatus>;
  publicQuery(query: PublicQuery, tx?: Kysely<Schema>): Promise<PublicFilingRecord[]>;
  /** 管局审核通过 (APP): numbers for approved apps from the subject's sequence shared with websites. */
  issueAppNumbers(request: AppApprovalRequest, tx?: Kysely<Schema>): Promise<IssuedAppNumbers>;
  /** 注销APP by its number; the subject goes too when nothing else of it is filed. */
  cancelApp(number: string, tx?: Kysely<Schema>): Promise<{ subjectCancelled: string | null }>;
  publicAppQuery(query: PublicAppQuery, tx?: Kysely<Schema>): Promise<PublicAppRecord[]>;
  /**
   * 变更APP approved: the app keeps its number. Throws MiitError('not-found') when MIIT no longer has
   * it, ('app-already-filed') when another app holds one of the new identifiers.
   */
  changeApp(request: AppChange, tx?: Kysely<Schema>): Promise<{ subjectNumber: string | null }>;
  /** 接入 (true) / 取消接入 (false) of a filed app at this provider; its number is unchanged. */
  setAppAccess(appNumber: string, access: boolean, tx?: Kysely<Schema>): Promise<void>;
};
