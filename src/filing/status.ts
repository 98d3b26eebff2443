/**
 * 备案申请状态 — an application's status and the one transition table, after providers' review states
 * (Huawei Cloud 备案流程, Tencent Cloud 备案审核, WeChat getIcpEntranceInfo). Only `assertTransition` decides
 * whether a status change is allowed.
 */
export const APPLICATION_STATUSES = [
  'draft',
  'provider-review',
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
  // 初审: reject with field reasons, or pass (MIIT then sends the SMS).
  'provider-review': ['provider-rejected', 'awaiting-sms', 'withdrawn'],
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
  return (TRANSITIONS[from] as readonly ApplicationStatus[]).includes(to);
}
