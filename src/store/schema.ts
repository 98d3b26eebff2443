/**
 * Table shapes as Kysely sees them. One schema for SQLite and PostgreSQL: timestamps are ISO 8601 UTC
 * text (`2026-11-28T04:00:00.000Z`), which sorts and compares correctly as text on both.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { FactOrigin, ProviderRef, RealNameStatus } from '../facts/index.ts';
import type { Localized } from '../filing/index.ts';
import type { Rejection } from '../filing/index.ts';
import type { Role, TokenScope } from '../filing/index.ts';
import type { ApplicationStatus } from '../filing/index.ts';
import type { IdType, SubjectType } from '../policy/index.ts';
import type { FilingType } from '../rules/index.ts';
import type { JsonColumn, NullableJsonColumn } from './json.ts';

/*
 * Status and kind columns are typed with their vocabularies, so a misspelt value does not compile. The
 * vocabularies of the folders below the store (registrar, MIIT sandbox) are declared here, where the
 * columns are, and re-exported by those folders.
 */

/** 域名状态 — registered here, or gone to another registrar (转出; read-only here afterwards). */
export type RegistrarDomainStatus = 'active' | 'transferred-out';

/** 实名认证状态 at the registrar: unlike MIIT's, a rejection is kept (the holder sees why). */
export type RegistrarRealNameStatus = 'none' | 'pending' | 'verified' | 'rejected';

/** 实名认证资料状态 — a real-name submission awaiting, passing or failing review, or replaced. */
export type SubmissionStatus = 'pending' | 'approved' | 'rejected' | 'superseded';

/** 实名上报状态 — a report to the MIIT domain database: due, done, out of attempts, or not needed. */
export type ReportStatus = 'scheduled' | 'reported' | 'failed' | 'cancelled';

/** 验证码状态 — one SMS code: awaiting the applicant, entered, failed by wrong tries, or replaced by a resend. */
type SmsCodeStatus = 'pending' | 'verified' | 'failed' | 'superseded';

/** 主体状态 in the MIIT sandbox: filed, or an application in progress announcing itself to the engine. */
type FiledSubjectState = 'filed' | 'in-progress';

/** 域名注册信息 — one row of the MIIT sandbox domain database (域名库), keyed by A-label domain. */
type DomainRegistrationTable = {
  domain: string;
  registrar: string;
  registrar_iana_id: number | null;
  registered_at: string | null;
  expires_at: string;
  real_name_status: RealNameStatus;
  real_name_verified_at: string | null;
  real_name_reported_at: string | null;
  holder_name: string | null;
  holder_type: SubjectType | null;
  holder_id_type: IdType | null;
  /** Upper case (a trailing check character `x` is stored as `X`). */
  holder_id_number: string | null;
  /** Where the row came from (`import`, `miit-sandbox`…). */
  origin: FactOrigin;
  updated_at: string;
};

/** 主体 — a filed subject, or an application in progress (then `subject_number` is null). */
type FiledSubjectTable = {
  id: Generated<number>;
  subject_number: string | null;
  /** GB/T 2260 code of the bureau (管局). */
  province: string;
  name: string;
  type: SubjectType | null;
  id_type: IdType;
  id_number: string;
  /** `self` (filed through this deployment) or `other`. */
  provider: ProviderRef;
  account: string | null;
  state: FiledSubjectState;
  created_at: string;
  /** Highest website sequence (`-N`) ever issued to this subject; never decreases (0002-miit-sandbox). */
  website_seq: Generated<number>;
  /** When MIIT first approved the subject (sandbox approvals; null for imports). */
  approved_at: string | null;
  /**
   * 主体信息 as a 变更主体 last approved it (0023): addresses, 主体负责人, remarks, JSON; null until
   * then (the subject's latest approved application says them).
   */
  details: ColumnType<string | null, string | null | undefined, string | null>;
};

/** 网站 — a website of a subject; `number` is null while in progress. */
type FiledWebsiteTable = {
  id: Generated<number>;
  subject_id: number;
  number: string | null;
  /** Access providers, comma-separated: `self`, `other` or `self,other`. */
  providers: string;
  /** 网站名称 (0002-miit-sandbox; null for imports that carry none). */
  name: string | null;
  /** 网站首页URL. */
  home_url: string | null;
  /** 审核通过日期 (updateRecordTime): the bureau's latest approval of the website, a change's included. */
  approved_at: string | null;
  /** 首次审核通过日期: the bureau's first approval; a change never moves it (0013). Null: unknown. */
  first_approved_at: string | null;
  /** `limitAccess` (是否限制接入) of MIIT's public record, 0/1. */
  limit_access: Generated<number>;
  /** 空壳网站: when the last access provider left (0006); null while some provider hosts it. */
  shell_since: string | null;
};

/** A domain of a website (A-label registrable domain), in the order the filing lists them. */
type FiledWebsiteDomainTable = {
  website_id: number;
  domain: string;
  position: number;
};

export type Schema = {
  domain_registration: DomainRegistrationTable;
  filed_subject: FiledSubjectTable;
  filed_website: FiledWebsiteTable;
  filed_website_domain: FiledWebsiteDomainTable;
  account: AccountTable;
  account_session: AccountSessionTable;
  api_token: ApiTokenTable;
  icp_number_sequence: IcpNumberSequenceTable;
  sms_verification: SmsVerificationTable;
  sms_outbox: SmsOutboxTable;
  job: JobTable;
  application: ApplicationTable;
  application_domain: ApplicationDomainTable;
  audit_event: AuditEventTable;
  registrar_domain: RegistrarDomainTable;
  real_name_submission: RealNameSubmissionTable;
  real_name_report: RealNameReportTable;
  domain_certificate: DomainCertificateTable;
  application_document: ApplicationDocumentTable;
  online_fact_cache: OnlineFactCacheTable;
  notification_recipient: NotificationRecipientTable;
  notification_delivery: NotificationDeliveryTable;
  notification_event: { event_id: number; processed_at: string };
  notification_cursor: { name: string; floor_event_id: number };
  notification_preference: NotificationPreferenceTable;
  monitor_campaign: MonitorCampaignTable;
  monitor_result: MonitorResultTable;
  monitor_rectification: MonitorRectificationTable;
  rate_limit_counter: RateLimitCounterTable;
  login_failure: LoginFailureTable;
  document_file: DocumentFileTable;
  review_call: ReviewCallTable;
  access_resource: AccessResourceTable;
  service_code: ServiceCodeTable;
  website_access: WebsiteAccessTable;
  application_app: ApplicationAppTable;
  filed_app: FiledAppTable;
  filed_app_identifier: FiledAppIdentifierTable;
  subject_transfer: SubjectTransferTable;
  app_access: AppAccessTable;
  identity_task: IdentityTaskTable;
  identity_sandbox_outcome: IdentitySandboxOutcomeTable;
};

/** 备案号序列 — the last subject number issued per province and approval year (MIIT sandbox). */
type IcpNumberSequenceTable = {
  /** GB/T 2260 code of the bureau. */
  province: string;
  year: number;
  last_value: number;
};

/** 短信核验 — one code sent to one phone for one application (MIIT sandbox). */
export type SmsVerificationTable = {
  id: Generated<number>;
  application_id: number;
  phone: string;
  /** Comma-separated recipient roles sharing this phone: `subject-leader`, `website-leader`, `app-leader`. */
  roles: string;
  code_salt: string;
  /** HMAC-SHA256(secret, salt:code), hex; the code itself is never stored. */
  code_hash: string;
  sent_at: string;
  expires_at: string;
  wrong_attempts: number;
  resend_count: number;
  status: SmsCodeStatus;
  verified_at: string | null;
};

/** 短信发件箱 — the sandbox's stand-in for the phone network: messages as sent, in plain text. */
type SmsOutboxTable = {
  id: Generated<number>;
  /** The code this message carries; null for a notification (0016). */
  verification_id: number | null;
  application_id: number | null;
  phone: string;
  body: string;
  created_at: string;
  /** `verification` (a 12381 code: counts toward the per-phone code limits) or `notification` (0016). */
  purpose: Generated<SmsPurpose>;
};

/** Why the sandbox phone network carried a message: a verification code or a notification. */
export type SmsPurpose = 'verification' | 'notification';

/** 通知渠道 — how a notification reaches someone: e-mail, SMS, or the in-app inbox (站内信). */
export type NotificationChannel = 'email' | 'sms' | 'inbox';

/**
 * 投递状态 — one delivery: waiting to go (`queued`), handed to the channel with no answer recorded yet
 * (`sending`), accepted (`sent`), refused for good (`failed`), or `unknown`: a crash came between the
 * send and its record, so it may have gone; never resent automatically (an operator decides).
 */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown';

/** 通知接收人 — an address an account receives notifications at: its own e-mail or one it added (0016). */
export type NotificationRecipientTable = {
  id: Generated<number>;
  /** Login of the account. */
  account: string;
  channel: 'email' | 'sms';
  /** E-mail address as entered (trimmed), or an 11-digit mainland mobile number. */
  address: string;
  /** The language messages to this address are written in. */
  lang: 'zh' | 'en';
  /** 1: the account's own e-mail (one per account; not counted in the 15 added recipients). */
  is_account_email: Generated<number>;
  /** When the link was followed; null: not used yet. */
  verified_at: string | null;
  /** SHA-256 of the verification link's token, until it is used; unique. */
  token_hash: string | null;
  token_expires_at: string | null;
  created_at: string;
};

/** 投递记录 — one message of one event to one recipient on one channel (0016); unique by the three. */
export type NotificationDeliveryTable = {
  id: Generated<number>;
  /** The audit event it announces. */
  event_id: number;
  /** The notification kind (src/notifications/kinds.ts). */
  kind: string;
  channel: NotificationChannel;
  /** E-mail address, phone, or the account login for the inbox. */
  recipient: string;
  /** The account the notice belongs to (inbox) or whose recipient this is; null for principals. */
  account: string | null;
  application_id: number | null;
  lang: 'zh' | 'en';
  /** The rendered message: { subject: {zh, en}, text: {zh, en}, link }. */
  message: JsonColumn<Record<string, unknown>>;
  /** RFC 5322 Message-ID derived from (event, channel, recipient): a duplicate is recognisable. */
  message_id: string;
  status: DeliveryStatus;
  attempts: Generated<number>;
  /** The channel's last answer (an SMTP reply, an error), for operators. */
  last_answer: string | null;
  job_id: number | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  /** Inbox only: when the account marked it read. */
  read_at: string | null;
};

/**
 * 通知偏好 — a kind of notification an account turned off on one channel (0025); no row: it is sent.
 * Only e-mail and SMS; mandatory kinds are never stored (src/notifications/preferences.ts).
 */
export type NotificationPreferenceTable = {
  /** Login of the account. */
  account: string;
  /** The notification kind (src/notifications/templates.ts). */
  kind: string;
  channel: 'email' | 'sms';
  created_at: string;
};

/** 任务 — a background job (SMS timeouts, order expiry…). */
export type JobTable = {
  id: Generated<number>;
  /** The handler's name; an open set, since each folder registers its own handlers (runDueJobs). */
  kind: string;
  /** Validated by the handler (a job may outlive the code that enqueued it). */
  payload: JsonColumn<unknown>;
  run_at: string;
  attempts: Generated<number>;
  max_attempts: number;
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  done_at: string | null;
  /** Set when the last allowed attempt failed: the job is not run again. */
  failed_at: string | null;
  created_at: string;
};

export type DomainRegistrationRow = Selectable<DomainRegistrationTable>;
export type NewDomainRegistrationRow = Insertable<DomainRegistrationTable>;
export type FiledSubjectRow = Selectable<FiledSubjectTable>;

/** 账号 — a login account of this deployment; `role` is one of ROLES (src/filing/roles.ts). */
type AccountTable = {
  id: Generated<number>;
  /** Lower case; unique. */
  login: string;
  display_name: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash` (base64url), parameters stored with the hash. */
  password_hash: string;
  created_at: string;
  /** 0 or 1. */
  disabled: Generated<number>;
};

/** A cookie session: a keyed hash of its random id, never the id itself. */
type AccountSessionTable = {
  id_hash: string;
  account_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
};

/** A bearer token for scripts: a keyed hash of the token, shown to its owner once. */
type ApiTokenTable = {
  id: Generated<number>;
  account_id: number;
  name: string;
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  /** `full`, or `read`: GET routes and the permission table's read actions only (0012). */
  scope: Generated<TokenScope>;
  /** When a request last used it; written at most once a minute (0012). */
  last_used_at: string | null;
};

/** 备案申请 — an application; `subject`, `websites` and `rejection` are JSON (0005-applications). */
export type ApplicationTable = {
  id: Generated<number>;
  /** The applicant's login name. */
  account: string;
  /** GB/T 2260 code of the bureau. */
  province: string;
  /** Derived by the engine; null while a conflict blocks it. */
  filing_type: FilingType | null;
  status: ApplicationStatus;
  /** As entered: complete only once the schemas accept it (src/filing/subject.ts, website.ts). */
  subject: JsonColumn<Record<string, unknown>>;
  websites: JsonColumn<Record<string, unknown>[]>;
  /** Field-level reasons of the last rejection. */
  rejection: NullableJsonColumn<Rejection>;
  /** Upper case. */
  subject_id_number: string;
  /** The filed_subject row (state `in-progress`) that announces this application to the engine. */
  in_progress_subject_id: number | null;
  created_at: string;
  updated_at: string;
  last_activity_at: string;
  submitted_at: string | null;
  /** Optimistic concurrency: every update increments it. */
  version: Generated<number>;
  /** 变更网站: the number of the filed website this application changes (0006); null for filings. */
  change_of: string | null;
  /** Why it holds its domains and subject (0012); null while it holds nothing. */
  hold_evidence: HoldEvidence | null;
  /**
   * With `change_of`: `access` for a 变更接入 (0020), `subject` for a 变更主体 (0023; `change_of` is then
   * the subject number), `app` for a 变更APP (0026; `change_of` is the app number), null for a 变更网站.
   */
  change_kind: 'access' | 'subject' | 'app' | null;
};

/** 备案资源 — a server a customer bought here, with its public IPs (JSON array) and paid term (0020). */
export type AccessResourceTable = {
  id: Generated<number>;
  /** The login of the account that bought it. */
  account: string;
  label: string;
  access_method: string;
  /** The server's province, by name as data/provinces.json has it. */
  province: string;
  ips: string;
  /** Asia/Shanghai calendar days, YYYY-MM-DD. */
  term_start: string;
  term_end: string;
  code_quota: number;
  created_by: string;
  created_at: string;
};

/** 备案服务码 — one code of a resource; `holder` may use it (0020). */
export type ServiceCodeTable = {
  code: string;
  resource_id: number;
  holder: string;
  status: 'unused' | 'bound' | 'in-filing' | 'filed' | 'void';
  application_id: number | null;
  website_index: number | null;
  website_number: string | null;
  created_at: string;
  updated_at: string;
};

/** 网站接入信息 — what MIIT records of a filed website at one provider (0020); `ips` JSON. */
export type WebsiteAccessTable = {
  website_number: string;
  provider: string;
  access_method: string;
  province: string;
  ips: string;
  resource_id: number | null;
  service_code: string | null;
  recorded_at: string;
};

/**
 * 占用依据 — what lets an application hold its domains and its subject (issue 12, squatting): the
 * subject filed in the applicant's own account (`own-subject`); a domain of the application held by
 * the applicant's account at this registrar, real-name verified to the subject (`registrar-holder`);
 * a provider reviewer's pass (`provider-review`, 初审 checks the identity documents); or a hold taken
 * before evidence was asked (`legacy`, migration 0012).
 */
export type HoldEvidence = 'own-subject' | 'registrar-holder' | 'provider-review' | 'legacy';

/** 申请域名占用 — a domain held by an active (submitted, not finished) application; unique by domain. */
type ApplicationDomainTable = {
  application_id: number;
  domain: string;
};

/** 审计记录 — who did what to which application, written in the transaction of the change. */
type AuditEventTable = {
  id: Generated<number>;
  application_id: number | null;
  actor_account: string;
  actor_role: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  data: JsonColumn<Record<string, unknown>>;
  created_at: string;
  /** What a change outside applications touched, e.g. `domain:xn--fiqs8s.cn` (0007-registrar). */
  target: string | null;
};

/**
 * 注册域名 — a domain registered at the registrar sandbox (0007-registrar): its holder, dates and
 * real-name state as the registrar keeps them. The MIIT domain database (domain_registration) receives
 * its registration data at once and the real-name data only when the reporting job ran.
 */
export type RegistrarDomainTable = {
  /** Registrable domain, A-label form. */
  domain: string;
  /** RegistrarEntry.id of data/registrars.json: which registrar the sandbox acts as for this domain. */
  registrar_id: string;
  /** Login of the holder's account at this deployment ("my domains"); null when none. */
  account: string | null;
  holder_name: string;
  holder_type: SubjectType | null;
  holder_id_type: IdType;
  /** Upper case. */
  holder_id_number: string;
  registered_at: string;
  expires_at: string;
  status: RegistrarDomainStatus;
  transferred_to: string | null;
  transferred_at: string | null;
  real_name_status: RegistrarRealNameStatus;
  real_name_verified_at: string | null;
  /** When the MIIT sandbox's domain database accepted the report; null until then. */
  real_name_reported_at: string | null;
  created_at: string;
  updated_at: string;
  /** Optimistic concurrency: every update increments it. */
  version: Generated<number>;
};

/** 实名认证资料 — one real-name submission for a domain and the registrar operator's decision. */
export type RealNameSubmissionTable = {
  id: Generated<number>;
  domain: string;
  holder_name: string;
  holder_type: SubjectType | null;
  holder_id_type: IdType;
  holder_id_number: string;
  /** SHA-256 of the uploaded certificate scan in the document store, when one was given. */
  document_sha256: string | null;
  submitted_by: string;
  submitted_at: string;
  /** `superseded`: by a holder change or a newer submission. */
  status: SubmissionStatus;
  decided_by: string | null;
  decided_at: string | null;
  /** Why it was rejected; null otherwise. `en` may be absent when the operator wrote Chinese only. */
  reason: NullableJsonColumn<Pick<Localized, 'zh'> & { en?: string }>;
};

/** 实名上报 — reporting one approved submission to the MIIT domain database, after the policy's working days. */
export type RealNameReportTable = {
  id: Generated<number>;
  domain: string;
  submission_id: number;
  /** `failed`: attempts exhausted; an operator may retry. */
  status: ReportStatus;
  /** Asia/Shanghai working day the report is due, `YYYY-MM-DD`, and the instant the job runs. */
  due_date: string;
  due_at: string;
  attempts: number;
  last_error: string | null;
  reported_at: string | null;
  job_id: number | null;
  created_at: string;
  updated_at: string;
};

/** 域名证书 — one printed domain certificate; the verification code on it is stored only as a hash. */
export type DomainCertificateTable = {
  id: Generated<number>;
  /** Certificate number printed on it; unique. */
  serial: string;
  domain: string;
  registrar_id: string;
  holder_name: string;
  /** The holder's certificate number masked as printed (`110101********123X`). */
  holder_id_masked: string;
  registered_at: string;
  expires_at: string;
  issued_at: string;
  issued_by: string;
  /** SHA-256 hex of the normalised verification code; unique. */
  code_hash: string;
};

/** 备案材料 — a file attached to an application; the bytes live content-addressed on disk by SHA-256. */
export type ApplicationDocumentTable = {
  id: Generated<number>;
  application_id: number;
  /** `domain-certificate`, `id-scan`, `licence-scan`, `authorisation-letter` or `other`. */
  kind: string;
  /** For a domain certificate: the registrable domain (A-label) it is for. */
  domain: string | null;
  /** The uploader's file name, cleaned for display; never used as a path. */
  file_name: string;
  /** From the magic bytes: `application/pdf`, `image/jpeg` or `image/png`. */
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: string;
  /** Removed from the application (the bytes stay while another row references them). */
  removed_at: string | null;
  /** A 域名证书 checked against the registrar sandbox: the certificate's serial; else null. */
  certificate_serial: string | null;
  /** 驳回材料 (0019): when and by whom a provider reviewer rejected it; null while not rejected. */
  rejected_at: Generated<string | null>;
  rejected_by: Generated<string | null>;
  /** The reviewer's reason: `{ code, message, remedy }` (code and remedy null for free text). */
  rejection: ColumnType<
    NullableJsonColumn<DocumentRejection>['__select__'],
    string | null | undefined,
    string | null
  >;
  /** The rejected document this one replaced (0019); null for a first upload. */
  replaces_id: Generated<number | null>;
};

/** 材料驳回原因 — why a reviewer rejected a document: a coded reason of the library, or free text. */
export type DocumentRejection = { code: string | null; message: Localized; remedy: Localized | null };

/** 初审电话核验 — one call a provider reviewer made to a contact of an application (0019). */
export type ReviewCallTable = {
  id: Generated<number>;
  application_id: number;
  /** Which contact: `subject.responsiblePerson` or `websites.N.responsiblePerson`. */
  contact: string;
  phone: string;
  called_at: string;
  /** `reached`, `no-answer`, `wrong-number` or `refused`. */
  outcome: string;
  note: string;
  next_try_at: string | null;
  reviewer: string;
  created_at: string;
};

/** 在线查询缓存 — an RDAP or WHOIS answer, mapped to facts, kept until `expires_at`. */
type OnlineFactCacheTable = {
  /** `rdap` or `whois`. */
  source: string;
  /** Registrable domain, A-label form. */
  domain: string;
  /** The server that answered (URL or host:port). */
  server: string | null;
  /** `found`, `not-found` or `error`. */
  outcome: string;
  /** JSON text of what was mapped (source-specific). */
  body: string;
  fetched_at: string;
  expires_at: string;
};

/** 巡检批次状态 — a campaign being checked, checked, or stopped by an error. */
export type CampaignStatus = 'running' | 'done' | 'failed';

/** 巡检批次 — one run of the monitor over a cohort (0018-monitor). */
export type MonitorCampaignTable = {
  id: Generated<number>;
  /** `all`, `province:440000` or `account:NAME`. */
  cohort: string;
  status: CampaignStatus;
  /** The scheduled run's Asia/Shanghai day (`2026-12-05`), unique; null for an operator's campaign. */
  scheduled_for: string | null;
  /** The operator's login, or `system`. */
  started_by: string;
  started_at: string;
  finished_at: string | null;
  site_count: Generated<number>;
  failing_count: Generated<number>;
};

/** 巡检结果 — the findings for one website in one campaign; `findings` is JSON. */
export type MonitorResultTable = {
  id: Generated<number>;
  campaign_id: number;
  website_number: string;
  website_name: string | null;
  subject_name: string;
  province: string;
  account: string | null;
  /** JSON array of A-label domains. */
  domains: JsonColumn<string[]>;
  url: string | null;
  /** 1 when no finding is an error. */
  ok: number;
  findings: JsonColumn<StoredMonitorFinding[]>;
  checked_at: string;
};

/** A monitor finding as stored: texts rendered, so a report reads the same after the rules change. */
export type StoredMonitorFinding = {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: Localized;
  remedy: Localized;
  evidence: Record<string, unknown>;
  source: string;
};

/** 整改状态 — open, the applicant notified, closed (fixed or settled), or escalated past its deadline. */
export type RectificationStatus = 'open' | 'notified' | 'closed' | 'escalated';

/** 整改 — a rectification of one failing website, opened from a campaign (0018-monitor). */
export type MonitorRectificationTable = {
  id: Generated<number>;
  campaign_id: number;
  website_number: string;
  account: string | null;
  status: RectificationStatus;
  /** Last day to rectify, YYYY-MM-DD (Asia/Shanghai). */
  deadline: string;
  /** JSON array of the failing codes when opened. */
  codes: JsonColumn<string[]>;
  /** 1 once the applicant was notified. */
  notified: Generated<number>;
  notified_at: string | null;
  last_checked_at: string;
  last_findings: JsonColumn<StoredMonitorFinding[]>;
  recheck_count: Generated<number>;
  note: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
};

/** 限流计数 — one fixed window of one rate limit (src/http/rate-limit.ts) for one key (a client address). */
type RateLimitCounterTable = {
  /** The limit's name (`login`, `precheck`, `certificateVerify`). */
  name: string;
  key: string;
  window_start_ms: number;
  count: number;
};

/** 登录失败 — one wrong password, as the sign-in guard counts them (src/accounts/login-guard.ts). */
type LoginFailureTable = {
  id: Generated<number>;
  /** Lower case, as typed (an unknown login counts too). */
  login: string;
  address: string;
  at_ms: number;
};

/** 材料文件 — the bytes of one uploaded file in the database document store, under its SHA-256. */
export type DocumentFileTable = {
  sha256: string;
  content: Uint8Array;
  size_bytes: number;
  /** When last written (or written again): the orphan collection's grace period counts from it. */
  written_ms: number;
};

/** 申请中的APP — an application's app entries as entered (0021-apps); complete once `makeAppsSchema` accepts them. */
export type ApplicationAppTable = {
  application_id: number;
  apps: JsonColumn<Record<string, unknown>[]>;
  updated_at: string;
};

/** 已备案APP — a filed app of a subject (MIIT sandbox, 0021-apps). */
export type FiledAppTable = {
  id: Generated<number>;
  subject_id: number;
  /** `<subject number>-<N>A` (app) or `-<N>X` (mini program, quick app); unique, never reissued. */
  number: string;
  name: string;
  /** `app`, `mini-program` or `quick-app` (AppType). */
  type: string;
  /** The approved entry: platforms and features, service content, hosts, IPs (src/filing/app.ts). */
  entry: JsonColumn<Record<string, unknown>>;
  approved_at: string;
  /** Who hosts it, comma-separated: `self` for this provider, empty when filed elsewhere only (0026). */
  providers: Generated<string>;
};

/** APP接入信息 — where an app hosted here is served from, per app number and provider (0026). */
export type AppAccessTable = {
  app_number: string;
  provider: string;
  /** JSON array of the hosts (A-label) it uses. */
  domains: string;
  /** JSON array of its IPs. */
  ips: string;
  /** The application whose approval recorded it; null for imported ones. */
  application_id: number | null;
  recorded_at: string;
};

/** 应用标识 — a filed app's package name or Bundle ID, `platform:identifier`; unique. */
export type FiledAppIdentifierTable = {
  app_id: number;
  identifier: string;
};

/**
 * 转移状态 — a transfer request: waiting for the principal (`pending`), done (`confirmed`), turned down by
 * the principal (`declined`), failed by wrong codes (`failed`), refused (`refused`: an application of the
 * subject in flight, or no code could be sent), replaced by a newer request of the same account
 * (`superseded`). Past `expires_at` a pending request counts as expired.
 */
export type SubjectTransferStatus =
  'pending' | 'confirmed' | 'declined' | 'failed' | 'refused' | 'superseded';

/** 转移备案申请 — one account asking to take over a subject filed here under another account (0023). */
export type SubjectTransferTable = {
  id: Generated<number>;
  /** The asking (receiving) account. */
  requester: string;
  /** What the requester typed, normalised: a certificate number or a subject number. */
  query: string;
  /** The subject it names, when filed here under another account; null otherwise (no code is sent). */
  subject_id: number | null;
  from_account: string | null;
  /** The 主体负责人's mobile number the code went to; null when none was sent. */
  phone: string | null;
  /** SHA-256 of the confirmation link's token (the link is sent only to the principal's phone). */
  token_hash: string;
  code_salt: string;
  /** HMAC-SHA256 of the code under the deployment's secret; the code itself is never stored. */
  code_hash: string;
  status: SubjectTransferStatus;
  wrong_attempts: Generated<number>;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
};

/** 真实性核验状态 — a link awaiting its person, passed or failed by the vendor, or replaced by a newer link. */
export type IdentityTaskStatus = 'pending' | 'passed' | 'failed' | 'superseded';

/** 核验结果（沙箱） — what the sandbox vendor answers for a certificate number an operator steered. */
export type SandboxVerificationOutcome = 'pass' | 'id-mismatch' | 'face-mismatch' | 'id-unreadable';

/** 真实性核验任务 — one verification link for one responsible person of an application (0022). */
export type IdentityTaskTable = {
  id: Generated<number>;
  application_id: number;
  /** The person the link is bound to, as the application named them when it was issued. */
  person_name: string;
  person_id_type: string;
  /** Upper case, as the schemas normalise it. */
  person_id_number: string;
  /** Where the application names this person: `[{ role: 'subject' }, { role: 'website', index: 0 }]`. */
  roles: JsonColumn<{ role: string; index?: number }[]>;
  /** `face` or `curtain` (幕布), from data/identity-verification.json when issued. */
  method: string;
  declarations_required: JsonColumn<string[]>;
  status: IdentityTaskStatus;
  /** SHA-256 hex of the link's token; kept after use so a second use is told it was used (status decides). */
  token_hash: string | null;
  issued_by: string;
  issued_at: string;
  expires_at: string;
  opened_at: string | null;
  completed_at: string | null;
  /** Why the vendor refused (`id-mismatch`, `face-mismatch`, `id-unreadable`, `same-photo`). */
  failure: string | null;
  vendor_reference: string | null;
  id_photo_sha256: string | null;
  face_photo_sha256: string | null;
  declarations_signed: NullableJsonColumn<string[]>;
};

/** 沙箱核验设定 — the sandbox vendor's answer for one certificate number (0022). */
export type IdentitySandboxOutcomeTable = {
  id_number: string;
  outcome: SandboxVerificationOutcome;
  /** How many more checks it answers; null: every check until changed. */
  remaining: number | null;
  set_by: string;
  set_at: string;
};
