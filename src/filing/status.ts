/**
 * 备案申请状态 — an application's status, the one transition table, and what each status lets the
 * applicant and the system do, after providers' review states (Huawei Cloud 备案流程, Tencent Cloud
 * 备案审核, WeChat getIcpEntranceInfo; a rejected order is edited and resubmitted, a draft idle for 45
 * days expires). Only this file decides: the use cases ask through src/workflow/transition.ts
 * (`assertTransition`, `assertStatus`, `reopenIfRejected`).
 */
export const APPLICATION_STATUSES = [
  'draft',
  'provider-review',
  'supplement-requested',
  'provider-rejected',
  'awaiting-sms',
  'bureau-review',
  'bureau-rejected',
  'approved',
  'withdrawn',
  'expired',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const TRANSITIONS = {
  // Submit for 初审, withdraw, or expire after 45 idle days (Tencent/Alibaba practice).
  draft: ['provider-review', 'withdrawn', 'expired'],
  // 初审: reject with field reasons, or pass (MIIT then sends the SMS); or ask for rejected documents
  // again (补充材料) without rejecting the whole application (issue 15).
  'provider-review': ['provider-rejected', 'awaiting-sms', 'withdrawn', 'supplement-requested'],
  // 待补充材料: back to 初审 once the applicant replaced every rejected document; withdraw; idle expiry.
  'supplement-requested': ['provider-review', 'withdrawn', 'expired'],
  'provider-rejected': ['draft', 'withdrawn', 'expired'],
  // SMS verified → bureau; not completed in 24 h (or 5 wrong tries) → back to the provider.
  'awaiting-sms': ['bureau-review', 'provider-review'],
  'bureau-review': ['approved', 'bureau-rejected'],
  'bureau-rejected': ['draft', 'withdrawn', 'expired'],
  approved: [],
  withdrawn: [],
  expired: [],
} as const satisfies Record<ApplicationStatus, readonly ApplicationStatus[]>;

export function canTransition(from: ApplicationStatus, to: ApplicationStatus): boolean {
  const next: readonly ApplicationStatus[] = TRANSITIONS[from];
  return next.includes(to);
}

/**
 * 状态能力 — what an application in a status allows besides moving on:
 * - `edit`: the applicant may change the form (保存, 继续增加域名, 保存并继续添加网站) as it is;
 * - `reopen`: editing returns the application to draft first (修改后重新提交 after 驳回);
 * - `documents`: documents may be uploaded or removed (the reviewers then see a fixed set);
 * - `submit`: it may be submitted for 初审;
 * - `sms`: it awaits the 工信部短信核验 codes (verify, resend, the 24 h timeout);
 * - `idle-expiry`: it is reminded at 7, 15 and 30 idle days and expires at 45;
 * - `hold`: it may hold its domains and be its subject's one application in flight (src/workflow/hold.ts),
 *   on evidence that the applicant controls the subject;
 * - `hold-required`: it holds them whatever the evidence: a provider reviewer passed it (初审), which is
 *   the evidence, and two applications must never both reach the bureau for one domain;
 * - `replace-documents`: the applicant may replace a document a reviewer rejected, one by one, while the
 *   application stays in 初审 (issue 15: providers ask for a better scan without a rejection);
 * - `call-log`: 初审 reviewers record their verification calls to the contacts (初审电话核验).
 */
export const STATUS_CAPABILITIES = [
  'edit',
  'reopen',
  'documents',
  'submit',
  'sms',
  'idle-expiry',
  'hold',
  'hold-required',
  'replace-documents',
  'call-log',
] as const;
export type StatusCapability = (typeof STATUS_CAPABILITIES)[number];

export const STATUS_ALLOWS = {
  draft: ['edit', 'documents', 'submit', 'idle-expiry'],
  'provider-review': ['hold', 'replace-documents', 'call-log'],
  'supplement-requested': ['hold', 'replace-documents', 'call-log', 'idle-expiry'],
  'provider-rejected': ['reopen', 'documents', 'idle-expiry', 'hold'],
  'awaiting-sms': ['sms', 'hold', 'hold-required'],
  'bureau-review': ['hold', 'hold-required'],
  'bureau-rejected': ['reopen', 'documents', 'idle-expiry', 'hold'],
  approved: [],
  withdrawn: [],
  expired: [],
} as const satisfies Record<ApplicationStatus, readonly StatusCapability[]>;

export function allows(status: ApplicationStatus, capability: StatusCapability): boolean {
  const capabilities: readonly StatusCapability[] = STATUS_ALLOWS[status];
  return capabilities.includes(capability);
}

/** The statuses that allow `capability`, in table order (for queries: `where status in …`). */
export function statusesAllowing(capability: StatusCapability): ApplicationStatus[] {
  return APPLICATION_STATUSES.filter((status) => allows(status, capability));
}
