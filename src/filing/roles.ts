/**
 * Roles and the one permission table: every route and use case
 * asks `can(role, action)`; nothing else grants access.
 */

/** 角色 — who an account is in this deployment. */
export const ROLES = [
  'applicant',
  'provider-reviewer',
  'bureau-reviewer',
  'registrar-operator',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Everything an account can do, named once. */
export const ACTIONS = [
  'precheck',
  'filing.query-public',
  'application.create',
  'application.read-own',
  'application.update-own',
  'application.submit-own',
  'application.withdraw-own',
  'application.read-any',
  'sms.verify-own',
  'provider-review.decide',
  'review-call.record',
  'review-call.read',
  'application.release-hold',
  'bureau-review.decide',
  'sms.read-outbox',
  'filing.read-own',
  'filing.change-own',
  'filing.cancel-own',
  'registrar.manage',
  'registrar.own-domains',
  'certificate.verify-public',
  'document.upload-own',
  'document.read-own',
  'document.read-any',
  'account.manage',
  'policy.read',
  'jobs.run',
  // Notifications (issue 16): one's own inbox and recipients; following a verification link (anyone
  // holding it); the delivery log with resends (operators).
  'notification.read-own',
  'notification.recipients-own',
  'notification.verify-recipient',
  'notification.operate',
  'monitor.read',
  'monitor.manage',
  'rectification.read-own',
  'service.health',
  // 备案资源 and 备案服务码 (issue 15): the provider's operators register resources; applicants use,
  // look up and grant the codes they hold.
  'resource.manage',
  'service-code.read-own',
  'service-code.grant-own',
  // 转移备案 (issue 15, seed Q9): an account asks to take over a subject filed under another account
  // here; the subject's 主体负责人 answers on a page reached from the code's text (anyone holding it).
  'filing.transfer-request',
  'filing.transfer-confirm',
  // 真实性核验 (issue 15): the applicant issues links and reads the outcomes of their own applications;
  // the person holding a link completes it (anyone: the link is the credential); reviewers read the
  // outcomes; operators steer the verification sandbox.
  'identity.issue-own',
  'identity.read-own',
  'identity.complete-link',
  'identity.read-any',
  'identity.steer-sandbox',
] as const;
export type Action = (typeof ACTIONS)[number];

const PUBLIC: readonly Action[] = [
  'precheck',
  'filing.query-public',
  'policy.read',
  'certificate.verify-public',
  'notification.verify-recipient',
  // 转移备案: the principal who got the code may have no account here; the link and code are the key.
  'filing.transfer-confirm',
  'identity.complete-link',
  // /healthz and /readyz: load balancers and supervisors ask without credentials, and the answers
  // name no data (issue 14).
  'service.health',
];

/** Every signed-in role has an inbox and may choose where its notifications go. */
const NOTIFIED: readonly Action[] = ['notification.read-own', 'notification.recipients-own'];

export const PERMISSIONS = {
  applicant: [
    ...PUBLIC,
    ...NOTIFIED,
    'application.create',
    'application.read-own',
    'application.update-own',
    'application.submit-own',
    'application.withdraw-own',
    'sms.verify-own',
    'filing.read-own',
    'filing.change-own',
    'filing.cancel-own',
    'registrar.own-domains',
    'document.upload-own',
    'document.read-own',
    // 整改 (issue 18): the applicant sees what the provider's compliance check asks them to fix.
    'rectification.read-own',
    'service-code.read-own',
    'service-code.grant-own',
    'filing.transfer-request',
    'identity.issue-own',
    'identity.read-own',
  ],
  'provider-reviewer': [
    ...PUBLIC,
    ...NOTIFIED,
    'application.read-any',
    'provider-review.decide',
    // 初审电话核验 (issue 15): the reviewers' own notes, never shown to the applicant.
    'review-call.record',
    'review-call.read',
    // Squatting (issue 12): the reviewer who checks identities frees a hold taken without them.
    'application.release-hold',
    'document.read-any',
    // 合规巡检 (issue 18): the provider answers for what it hosts; its reviewers run campaigns.
    'monitor.read',
    'monitor.manage',
    'identity.read-any',
  ],
  // The bureau and its SMS outbox exist only in the MIIT sandbox.
  'bureau-reviewer': [
    ...PUBLIC,
    ...NOTIFIED,
    'application.read-any',
    'bureau-review.decide',
    'sms.read-outbox',
    'document.read-any',
    'identity.read-any',
  ],
  'registrar-operator': [...PUBLIC, ...NOTIFIED, 'registrar.manage'],
  admin: [
    ...PUBLIC,
    ...NOTIFIED,
    'notification.operate',
    'application.read-any',
    'account.manage',
    'review-call.read',
    'jobs.run',
    'sms.read-outbox',
    'document.read-any',
    'monitor.read',
    'monitor.manage',
    'resource.manage',
    'identity.read-any',
    'identity.steer-sandbox',
  ],
} as const satisfies Record<Role, readonly Action[]>;

/**
 * The actions that change nothing: what a read-only API token may use besides GET requests (the
 * precheck is a POST because its input is a body, not because it writes).
 */
export const READ_ACTIONS = [
  'precheck',
  'filing.query-public',
  'application.read-own',
  'application.read-any',
  'review-call.read',
  'sms.read-outbox',
  'filing.read-own',
  'certificate.verify-public',
  'document.read-own',
  'document.read-any',
  'policy.read',
  // Not notification.read-own: its POST marks notices read. A read-only token lists them by GET.
  'monitor.read',
  'rectification.read-own',
  'service.health',
  'service-code.read-own',
  'identity.read-own',
  'identity.read-any',
] as const satisfies readonly Action[];

/** 令牌权限 — what an API token may do: whatever its account may (`full`), or only read (`read`). */
export const TOKEN_SCOPES = ['full', 'read'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * Whether a token of `scope` may make a request: a read-only token may send GET and HEAD requests
 * (safe methods, RFC 9110 §9.2.1) and use the read actions; every other request changes something.
 * The role's own permission is decided by `can`, separately.
 */
export function scopeAllows(scope: TokenScope, method: string, action: Action | null): boolean {
  if (scope === 'full') return true;
  if (method === 'GET' || method === 'HEAD') return true;
  const reads: readonly Action[] = READ_ACTIONS;
  return action !== null && reads.includes(action);
}

/** Anonymous visitors may do only the public actions. */
export function can(role: Role | null, action: Action): boolean {
  const allowed: readonly Action[] = role === null ? PUBLIC : PERMISSIONS[role];
  return allowed.includes(action);
}
