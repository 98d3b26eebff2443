/**
 * 审计记录 — the one writer of audit events, and their closed vocabulary. Every state change calls it
 * inside the transaction of the change, so an event exists exactly when the change committed.
 *
 * Actions are named `scope.verb` (`application.transition`, `registrar.real-name.approve`,
 * `account.create`): the scope says what the target is, so a timeline or a query by prefix reads
 * without a lookup. Each action has the schema of its data and its label for timelines; a misspelt
 * action does not compile, and data of the wrong shape is refused before it is written.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Localized } from '../shared/index.ts';
import type { Schema } from './schema.ts';

const localized = z.strictObject({ zh: z.string(), en: z.string() });
const none = z.strictObject({});
const reasons = z.array(
  z.strictObject({
    path: z.string(),
    message: localized,
    // A coded reason of the library (issue 15) and its remedy; absent for free text.
    code: z.string().optional(),
    remedy: localized.optional(),
  }),
);
const document = {
  documentId: z.number(),
  kind: z.string(),
  domain: z.string().nullable(),
  sha256: z.string(),
};
const idleReminder = z.strictObject({ idleDays: z.number(), expiresAt: z.string(), message: localized });
const apiToken = z.strictObject({ tokenId: z.number(), name: z.string(), scope: z.enum(['full', 'read']) });
const recipient = z.strictObject({
  recipientId: z.number(),
  channel: z.enum(['email', 'sms']),
  address: z.string(),
  accountEmail: z.boolean(),
});
const supersededAndCancelled = {
  supersededSubmissions: z.array(z.number()),
  cancelledReports: z.array(z.number()),
};

/** The data of a status change, by what caused it. */
const transitionData = z.union([
  none,
  // 驳回后修改: the applicant reopened a rejected application; a rejected 变更网站 revised.
  z.strictObject({ reason: z.enum(['edit-after-rejection', 'revise-change']) }),
  // Returned to the provider: SMS codes wrong too often, or not verified within 24 h.
  z.strictObject({ reason: localized, unverified: z.array(z.string()).optional() }),
  z.strictObject({ reasons }),
  z.strictObject({ lastPhone: z.string() }),
  z.strictObject({ idleDays: z.number() }),
  // 补充材料 (issue 15): documents rejected in 初审 asked for again, or all of them replaced.
  z.strictObject({ supplement: z.enum(['requested', 'complete']), documents: z.array(z.number()) }),
  z.strictObject({ filingType: z.string().nullable(), domains: z.array(z.string()) }),
  z.strictObject({ changeOf: z.string(), domains: z.array(z.string()) }),
  // Approved: the numbers MIIT issued.
  z.strictObject({
    subjectNumber: z.string().nullable(),
    websites: z.array(
      z.strictObject({
        website: z.number(),
        number: z.string(),
        domains: z.array(z.string()),
        kind: z.enum(['issued', 'access', 'changed']),
      }),
    ),
    // APP备案 (0021-apps): the numbers of the application's apps, absent when it has none.
    // 0026: `access` when an app filed elsewhere kept its number here, `changed` for a 变更APP.
    apps: z
      .array(
        z.strictObject({
          name: z.string(),
          number: z.string(),
          kind: z.enum(['access', 'changed']).optional(),
        }),
      )
      .optional(),
  }),
]);

const action = <D extends z.ZodType>(label: Localized, data: D) => ({ label, data });

/** Every audit action: its timeline label and the schema of its data. */
export const AUDIT_ACTIONS = {
  'application.create': action(
    { zh: '创建申请', en: 'created' },
    z.strictObject({ filingType: z.string().nullable(), domain: z.string().optional() }),
  ),
  'application.create-change': action(
    { zh: '创建变更申请', en: 'change created' },
    z.strictObject({ changeOf: z.string() }),
  ),
  'application.transition': action({ zh: '状态变更', en: 'status change' }, transitionData),
  'application.add-domain': action(
    { zh: '增加域名', en: 'domain added' },
    z.strictObject({ website: z.number(), domain: z.string() }),
  ),
  'application.add-website': action(
    { zh: '增加网站', en: 'website added' },
    z.strictObject({ website: z.number(), domain: z.string() }),
  ),
  'application.upload-document': action(
    { zh: '上传材料', en: 'document uploaded' },
    z.strictObject({
      ...document,
      fileName: z.string(),
      mediaType: z.string(),
      sizeBytes: z.number(),
      // 证书核验 (migration 0015): the sandbox certificate a 域名证书 was verified as; absent before.
      certificateSerial: z.string().nullable().optional(),
    }),
  ),
  'application.remove-document': action({ zh: '删除材料', en: 'document removed' }, z.strictObject(document)),
  'application.reject-document': action(
    { zh: '驳回材料', en: 'document rejected' },
    z.strictObject({
      ...document,
      code: z.string().nullable(),
      message: localized,
      remedy: localized.nullable(),
    }),
  ),
  'application.replace-document': action(
    { zh: '替换材料', en: 'document replaced' },
    z.strictObject({
      ...document,
      replaces: z.number(),
      fileName: z.string(),
      sizeBytes: z.number(),
      // 证书核验 of a replacement 域名证书, as on upload; absent in events written before it was checked.
      certificateSerial: z.string().nullable().optional(),
    }),
  ),
  // 初审电话核验: only what was done, never the note or the number (the applicant reads the timeline).
  'application.review-call': action(
    { zh: '初审电话核验', en: 'verification call' },
    z.strictObject({
      callId: z.number(),
      contact: z.string(),
      outcome: z.enum(['reached', 'no-answer', 'wrong-number', 'refused']),
    }),
  ),
  'application.resend-sms': action(
    { zh: '重发核验短信', en: 'SMS sent again' },
    z.strictObject({
      phone: z.string(),
      resendCount: z.number().nullable(),
      expiresAt: z.string().nullable(),
    }),
  ),
  'application.restart-sms': action(
    { zh: '重新发起短信核验', en: 'SMS verification restarted' },
    z.strictObject({ phones: z.array(z.string()), expiresAt: z.string() }),
  ),
  'application.release-hold': action(
    { zh: '释放占用', en: 'hold released' },
    z.strictObject({ reason: z.string(), evidence: z.string(), domains: z.array(z.string()) }),
  ),
  'application.idle-reminder-7': action({ zh: '7 天未操作提醒', en: 'idle for 7 days' }, idleReminder),
  'application.idle-reminder-15': action({ zh: '15 天未操作提醒', en: 'idle for 15 days' }, idleReminder),
  'application.idle-reminder-30': action({ zh: '30 天未操作提醒', en: 'idle for 30 days' }, idleReminder),
  // Reminders written by the notification jobs (src/notifications/reminders.ts).
  'application.sms-expiring': action(
    { zh: '短信核验即将过期提醒', en: 'SMS verification about to expire' },
    z.strictObject({ phones: z.array(z.string()), expiresAt: z.string() }),
  ),
  'filing.cancel-website': action(
    { zh: '注销网站', en: 'website cancelled' },
    z.strictObject({ number: z.string(), subjectCancelled: z.string().nullable() }),
  ),
  // `name`: the app's, for the notice that names it (src/notifications); events before it have none.
  'filing.cancel-app': action(
    { zh: '注销APP', en: 'app cancelled' },
    z.strictObject({
      number: z.string(),
      subjectCancelled: z.string().nullable(),
      name: z.string().optional(),
    }),
  ),
  'filing.cancel-subject': action(
    { zh: '注销主体', en: 'subject cancelled' },
    z.strictObject({ number: z.string() }),
  ),
  'filing.cancel-access': action(
    { zh: '取消接入', en: 'access cancelled' },
    z.strictObject({ number: z.string(), providers: z.array(z.string()), shell: z.boolean() }),
  ),
  'filing.cancel-app-access': action(
    { zh: '取消接入（APP）', en: 'app access cancelled' },
    z.strictObject({ number: z.string(), providers: z.array(z.string()), name: z.string().optional() }),
  ),
  'filing.remove-shell-website': action(
    { zh: '删除空壳网站', en: 'shell website removed' },
    z.strictObject({ number: z.string(), shellSince: z.string() }),
  ),
  'registrar.register': action(
    { zh: '注册域名', en: 'domain registered' },
    z.strictObject({
      registrar: z.string(),
      years: z.number(),
      account: z.string().nullable(),
      holder: z.string(),
    }),
  ),
  'registrar.renew': action(
    { zh: '续费', en: 'renewed' },
    z.strictObject({ years: z.number(), from: z.string(), to: z.string() }),
  ),
  'registrar.import': action(
    { zh: '导入域名', en: 'domain imported' },
    z.strictObject({
      registrar: z.string(),
      account: z.string().nullable(),
      reportId: z.number().nullable(),
    }),
  ),
  'registrar.transfer-out': action(
    { zh: '转出', en: 'transferred out' },
    z.strictObject({ from: z.string(), to: z.string(), ...supersededAndCancelled }),
  ),
  'registrar.change-holder': action(
    { zh: '过户', en: 'holder changed' },
    z.strictObject({
      previousHolder: z.string(),
      holder: z.string(),
      account: z.string().nullable(),
      ...supersededAndCancelled,
    }),
  ),
  'registrar.certificate.issue': action(
    { zh: '打印域名证书', en: 'certificate issued' },
    z.strictObject({ serial: z.string() }),
  ),
  'registrar.real-name.submit': action(
    { zh: '提交实名认证', en: 'real-name verification submitted' },
    z.strictObject({ submissionId: z.number(), supersededSubmissions: z.array(z.number()) }),
  ),
  'registrar.real-name.approve': action(
    { zh: '实名认证通过', en: 'real-name verification approved' },
    z.strictObject({
      submissionId: z.number(),
      reportId: z.number(),
      dueDate: z.string(),
      workdays: z.number(),
      calendarCovered: z.boolean(),
    }),
  ),
  'registrar.real-name.reject': action(
    { zh: '实名认证驳回', en: 'real-name verification rejected' },
    z.strictObject({
      submissionId: z.number(),
      reason: z.strictObject({ zh: z.string(), en: z.string().optional() }),
    }),
  ),
  'registrar.real-name.report': action(
    { zh: '实名上报', en: 'real-name data reported' },
    z.strictObject({ reportId: z.number(), dueDate: z.string(), attempt: z.number() }),
  ),
  'registrar.real-name.report-failed': action(
    { zh: '实名上报失败', en: 'real-name report failed' },
    z.strictObject({ reportId: z.number(), attempts: z.number(), reason: localized }),
  ),
  'registrar.real-name.report-retry': action(
    { zh: '重新实名上报', en: 'real-name report retried' },
    z.strictObject({ reportId: z.number(), jobId: z.number() }),
  ),
  'registrar.domain-expiring': action(
    { zh: '域名即将到期提醒', en: 'domain about to expire' },
    z.strictObject({ account: z.string(), expiresAt: z.string(), days: z.number() }),
  ),
  // Notifications (src/notifications): a notice another part sends (notify), recipients, resends.
  'notification.notice': action(
    { zh: '通知', en: 'notice' },
    z.strictObject({ account: z.string(), subject: localized, text: localized, link: z.string().nullable() }),
  ),
  'notification.recipient-add': action(
    { zh: '添加通知接收人', en: 'notification recipient added' },
    recipient,
  ),
  'notification.recipient-link': action(
    { zh: '重发接收人验证链接', en: 'recipient verification link sent again' },
    recipient,
  ),
  'notification.recipient-verify': action(
    { zh: '通知接收人已验证', en: 'notification recipient verified' },
    recipient,
  ),
  'notification.recipient-remove': action(
    { zh: '删除通知接收人', en: 'notification recipient removed' },
    recipient,
  ),
  'notification.read': action(
    { zh: '通知标为已读', en: 'notices marked read' },
    z.strictObject({ count: z.number(), uptoId: z.number().nullable() }),
  ),
  'notification.resend': action(
    { zh: '重发通知', en: 'notification resent' },
    z.strictObject({
      deliveryId: z.number(),
      eventId: z.number(),
      channel: z.string(),
      recipient: z.string(),
      previousStatus: z.string(),
    }),
  ),
  'notification.preferences': action(
    { zh: '修改通知设置', en: 'notification settings changed' },
    // `kind:channel` turned off, after and before.
    z.strictObject({ off: z.array(z.string()), before: z.array(z.string()) }),
  ),
  // 合规巡检 (issue 18): campaigns and rectifications; target `monitor-campaign:ID` / `rectification:ID`.
  'monitor.campaign-start': action(
    { zh: '开始巡检', en: 'compliance check started' },
    z.strictObject({ cohort: z.string(), scheduledFor: z.string().nullable() }),
  ),
  'monitor.campaign-finish': action(
    { zh: '巡检完成', en: 'compliance check finished' },
    z.strictObject({
      cohort: z.string(),
      status: z.enum(['done', 'failed']),
      sites: z.number(),
      failing: z.number(),
      error: z.string().nullable(),
    }),
  ),
  'monitor.rectification-open': action(
    { zh: '发起整改', en: 'rectification opened' },
    z.strictObject({
      number: z.string(),
      campaignId: z.number(),
      deadline: z.string(),
      codes: z.array(z.string()),
    }),
  ),
  'monitor.rectification-notify': action(
    { zh: '整改通知', en: 'applicant notified' },
    z.strictObject({
      number: z.string(),
      account: z.string().nullable(),
      deadline: z.string(),
      codes: z.array(z.string()),
      notice: localized,
    }),
  ),
  'monitor.rectification-recheck': action(
    { zh: '整改复查', en: 'rechecked' },
    z.strictObject({ number: z.string(), ok: z.boolean(), codes: z.array(z.string()) }),
  ),
  'monitor.rectification-close': action(
    { zh: '整改关闭', en: 'rectification closed' },
    z.strictObject({
      number: z.string(),
      reason: z.enum(['passed', 'operator']),
      note: z.string().nullable(),
    }),
  ),
  'monitor.rectification-escalate': action(
    { zh: '整改上报', en: 'rectification escalated' },
    z.strictObject({
      number: z.string(),
      reason: z.enum(['deadline', 'operator']),
      codes: z.array(z.string()),
      note: z.string().nullable(),
    }),
  ),
  'account.register': action({ zh: '注册账号', en: 'account registered' }, none),
  'account.create': action({ zh: '创建账号', en: 'account created' }, z.strictObject({ role: z.string() })),
  'account.enable': action({ zh: '启用账号', en: 'account enabled' }, none),
  'account.disable': action({ zh: '停用账号', en: 'account disabled' }, none),
  'account.reset-password': action({ zh: '重置密码', en: 'password reset' }, none),
  // Sign-in limits (src/accounts/login-guard.ts): an address refused for a login, a login backed off.
  'account.login-limited': action(
    { zh: '登录受限（单一地址失败过多）', en: 'sign-ins limited (too many failures from one address)' },
    z.strictObject({ address: z.string(), failures: z.number(), until: z.string() }),
  ),
  'account.login-backoff': action(
    { zh: '登录退避（多地址失败过多）', en: 'sign-ins backed off (too many failures)' },
    z.strictObject({ failures: z.number(), delaySeconds: z.number() }),
  ),
  'account.create-token': action({ zh: '创建令牌', en: 'API token created' }, apiToken),
  'account.revoke-token': action({ zh: '撤销令牌', en: 'API token revoked' }, apiToken),
  // 备案资源 and 备案服务码 (issue 15): target `resource:<id>` or `service-code:<code>`.
  'resource.register': action(
    { zh: '登记备案资源', en: 'resource registered' },
    z.strictObject({
      resourceId: z.number(),
      account: z.string(),
      label: z.string(),
      ips: z.array(z.string()),
      termEnd: z.string(),
      codes: z.number(),
      via: z.enum(['form', 'import']),
    }),
  ),
  'service-code.grant': action(
    { zh: '授权备案服务码', en: 'service code granted' },
    z.strictObject({ from: z.string(), to: z.string() }),
  ),
  'service-code.void': action(
    { zh: '作废备案服务码', en: 'service code voided' },
    z.strictObject({
      previous: z.string(),
      reason: z.enum(['operator', 'access-changed', 'access-cancelled']),
    }),
  ),
  // A code following its application: bound, in filing, filed, or released when it was withdrawn.
  'service-code.status': action(
    { zh: '备案服务码状态变更', en: 'service code status changed' },
    z.strictObject({
      codes: z.array(z.strictObject({ code: z.string(), from: z.string(), to: z.string() })),
    }),
  ),
  'filing.access-recorded': action(
    { zh: '记录接入信息', en: 'access information recorded' },
    z.strictObject({ number: z.string(), ips: z.array(z.string()), resourceId: z.number().nullable() }),
  ),
  'application.create-access-change': action(
    { zh: '创建变更接入申请', en: 'access change created' },
    z.strictObject({ changeOf: z.string(), serviceCode: z.string(), ips: z.array(z.string()) }),
  ),
  // 变更主体 (issue 15): the change application, and the filed subject rewritten by the bureau's approval
  // (target `subject:<number>`).
  'application.create-subject-change': action(
    { zh: '创建变更主体申请', en: 'subject change created' },
    z.strictObject({ changeOf: z.string(), nameChange: z.boolean() }),
  ),
  'filing.subject-changed': action(
    { zh: '主体信息已变更', en: 'subject data changed' },
    z.strictObject({
      number: z.string(),
      previousName: z.string(),
      name: z.string(),
      applicationId: z.number(),
    }),
  ),
  // 转移备案 (issue 15): target `subject:<number>` when the request named a subject filed under another
  // account, else none. `sent`: a code went to the principal; `refused`: why none did.
  'filing.transfer-request': action(
    { zh: '申请转移备案', en: 'filing transfer requested' },
    z.strictObject({
      transferId: z.number(),
      query: z.string(),
      matched: z.boolean(),
      sent: z.boolean(),
      refused: z.enum(['in-flight', 'no-phone', 'phone-limit', 'undelivered']).nullable(),
    }),
  ),
  'filing.transfer-decide': action(
    { zh: '转移备案确认结果', en: 'filing transfer answered' },
    z.strictObject({
      transferId: z.number(),
      outcome: z.enum(['confirmed', 'declined', 'wrong-code', 'failed']),
      from: z.string().nullable(),
      to: z.string(),
      wrongAttempts: z.number(),
    }),
  ),
  // 真实性核验 (issue 15): target `identity-task:<id>`; no certificate number in the data, the task row has it.
  'identity.task-issue': action(
    { zh: '发送真实性核验链接', en: 'identity verification link issued' },
    z.strictObject({
      taskId: z.number(),
      person: z.string(),
      method: z.enum(['face', 'curtain']),
      expiresAt: z.string(),
      superseded: z.array(z.number()),
      // The phone the link was texted to, masked (138****8000); null when the form gives none.
      smsTo: z.string().nullable().optional(),
    }),
  ),
  'identity.link-open': action(
    { zh: '打开真实性核验链接', en: 'identity verification link opened' },
    z.strictObject({ taskId: z.number() }),
  ),
  'identity.task-complete': action(
    { zh: '真实性核验完成', en: 'identity verification completed' },
    z.strictObject({
      taskId: z.number(),
      person: z.string(),
      outcome: z.enum(['passed', 'failed']),
      failure: z.string().nullable(),
      vendorReference: z.string(),
    }),
  ),
  'identity.sandbox-steer': action(
    { zh: '设定核验沙箱结果', en: 'verification sandbox steered' },
    z.strictObject({
      idNumberMasked: z.string(),
      outcome: z.enum(['pass', 'id-mismatch', 'face-mismatch', 'id-unreadable']),
      remaining: z.number().nullable(),
    }),
  ),
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export type AuditData<A extends AuditAction> = z.input<(typeof AUDIT_ACTIONS)[A]['data']>;

/** The label of a stored action for timelines; null for an action this version does not know. */
export function auditActionLabel(action: string): Localized | null {
  return Object.hasOwn(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action as AuditAction].label : null;
}

type AuditEventBase = {
  /** The application the change belongs to, or null (registrar, accounts…). */
  applicationId: number | null;
  actor: { account: string; role: string };
  from: string | null;
  to: string | null;
  /** What else the change touched, e.g. `domain:xn--fiqs8s.cn`. */
  target?: string | null;
  now: Date;
};

/**
 * One event: an action of the vocabulary with data of its shape. `data` may be left out when the
 * action carries none; an action that needs data and lacks it is refused by its schema.
 */
export type AuditEventInput<A extends AuditAction = AuditAction> = AuditEventBase & {
  action: A;
  data?: AuditData<A>;
};

/** Writes the event; its id is what the notification outbox keys its deliveries by. */
export async function insertAuditEvent<A extends AuditAction>(
  tx: Kysely<Schema>,
  event: AuditEventInput<A>,
): Promise<number> {
  const data: unknown = event.data ?? {};
  // A bug, not input: every caller builds its data itself.
  AUDIT_ACTIONS[event.action].data.parse(data);
  const row = await tx
    .insertInto('audit_event')
    .values({
      application_id: event.applicationId,
      actor_account: event.actor.account,
      actor_role: event.actor.role,
      action: event.action,
      from_status: event.from,
      to_status: event.to,
      target: event.target ?? null,
      data: JSON.stringify(data),
      created_at: event.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
