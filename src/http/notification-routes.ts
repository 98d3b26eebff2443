/**
 * 通知 — what the notification pages do, as JSON: one's in-app notices and marking them read, where
 * notifications go (the account's e-mail and up to 15 recipients, each confirmed by its link), the
 * link's confirmation (anyone holding it), and the operators' log of failed and unknown deliveries
 * with resend. The use cases (src/notifications) check ownership and write the audit events.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type {
  Delivery,
  Notice,
  NotificationPreference,
  NotificationRecipient,
} from '../notifications/index.ts';
import {
  addRecipient,
  countUnread,
  listDeliveries,
  listNotices,
  listPreferences,
  listRecipients,
  markNoticesRead,
  removeRecipient,
  resendDelivery,
  resendRecipientLink,
  setPreferences,
  verifyRecipient,
  PREFERENCE_CHANNELS,
  RESENDABLE,
} from '../notifications/index.ts';
import type { AppDeps, AppEnv } from './context.ts';
import { workflowDeps } from './context.ts';
import { ApiError } from './errors.ts';
import type { ApiRoute } from './route.ts';
import { defineRoute } from './route.ts';
import { runWorkflow } from './workflow-errors.ts';

const localized = z.object({ zh: z.string(), en: z.string() });

export const noticeSchema = z
  .object({
    id: z.number().int(),
    kind: z.string().describe('The notification kind (submitted, rejected, sms-waiting, approved, …)'),
    subject: localized,
    text: localized,
    link: z.string().nullable().describe('Where on this site the next step is done'),
    applicationId: z.number().int().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notice' });

export const noticeListSchema = z
  .object({
    notices: z.array(noticeSchema).describe('Newest first'),
    unread: z.number().int().describe('Unread notices of the account, all pages'),
  })
  .meta({ id: 'NoticeList' });

export const markedReadSchema = z
  .object({ marked: z.number().int(), unread: z.number().int() })
  .meta({ id: 'NoticesMarkedRead' });

export const recipientSchema = z
  .object({
    id: z.number().int(),
    channel: z.enum(['email', 'sms']),
    address: z.string(),
    lang: z.enum(['zh', 'en']).describe('The language of what is sent to this address'),
    accountEmail: z.boolean().describe('The account’s own e-mail (not counted among the 15)'),
    verifiedAt: z.string().nullable().describe('Null until the link sent to the address was followed'),
    linkExpiresAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'NotificationRecipient' });

export const recipientListSchema = z
  .object({ recipients: z.array(recipientSchema) })
  .meta({ id: 'NotificationRecipientList' });

export const verifiedRecipientSchema = z
  .object({ account: z.string(), channel: z.enum(['email', 'sms']), address: z.string() })
  .meta({ id: 'VerifiedRecipient' });

const deliveryStatus = z.enum(['queued', 'sending', 'sent', 'failed', 'unknown']);

export const deliverySchema = z
  .object({
    id: z.number().int(),
    eventId: z.number().int().describe('The audit event the notification was derived from'),
    kind: z.string(),
    channel: z.enum(['email', 'sms', 'inbox']),
    recipient: z.string(),
    account: z.string().nullable(),
    applicationId: z.number().int().nullable(),
    status: deliveryStatus.describe(
      'unknown: the process stopped between sending and recording; never resent by itself',
    ),
    attempts: z.number().int(),
    lastAnswer: z.string().nullable().describe('The SMTP server’s or gateway’s last answer'),
    messageId: z.string().describe('The same for every attempt and resend of one delivery'),
    createdAt: z.string(),
    updatedAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'NotificationDelivery' });

export const deliveryListSchema = z
  .object({
    deliveries: z.array(deliverySchema),
    nextBeforeId: z
      .number()
      .int()
      .nullable()
      .describe('Pass as `beforeId` for the next (older) page; null on the last page'),
  })
  .meta({ id: 'NotificationDeliveryList' });

export const preferenceSchema = z
  .object({
    kind: z.string().describe('The notification kind'),
    label: localized,
    mandatory: localized.nullable().describe('Why this kind cannot be turned off; null when it can'),
    email: z.boolean().describe('Sent by e-mail (to the account’s addresses and the responsible persons)'),
    sms: z.boolean().describe('Sent by SMS'),
  })
  .meta({ id: 'NotificationPreference' });

export const preferenceListSchema = z
  .object({
    preferences: z
      .array(preferenceSchema)
      .describe('Every kind an account can receive; the in-app inbox always keeps every notice'),
  })
  .meta({ id: 'NotificationPreferenceList' });

// Kind and channel are checked by the use case, so the API and the form refuse the same entries with
// the same field errors (off.N.kind: unknown or mandatory).
const preferencesRequestSchema = z.strictObject({
  off: z
    .array(
      z.strictObject({
        kind: z.string().max(50),
        channel: z
          .string()
          .max(10)
          .describe(`One of ${PREFERENCE_CHANNELS.join(', ')}`),
      }),
    )
    .max(100)
    .describe('Everything turned off; every kind and channel not listed is on'),
});

const noticeQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  beforeId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().describe('Pages back'),
});

const markReadSchema = z.strictObject({
  upto: z
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('Mark only notices up to this id (those the reader saw); absent: all'),
});

// Address and language are checked by the use case, so that the API and the form refuse a bad address
// with the same field error (EMAIL_INVALID, MOBILE_INVALID) in both languages.
const recipientRequestSchema = z.strictObject({
  channel: z.enum(['email', 'sms']),
  address: z.string().max(320).describe('An e-mail address, or an 11-digit mainland mobile number'),
  lang: z.enum(['zh', 'en']).default('zh'),
});

const accountEmailRequestSchema = z.strictObject({
  address: z.string().max(320).describe('The account’s e-mail; a new one is unconfirmed until its link'),
  lang: z.enum(['zh', 'en']).default('zh'),
});

const verifyRequestSchema = z.strictObject({
  token: z.string().max(200).describe('The `token` parameter of the link sent to the address'),
});

const deliveryQuerySchema = z.strictObject({
  status: z
    .string()
    .max(100)
    .optional()
    .transform((text, ctx) => {
      const wanted = text === undefined ? [...RESENDABLE] : text.split(',').map((s) => s.trim());
      const parsed = z.array(deliveryStatus).safeParse(wanted);
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: 'custom', message: 'not a list of delivery statuses' });
      return z.NEVER;
    })
    .describe('Comma-separated statuses (queued, sending, sent, failed, unknown); default failed,unknown'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeId: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('Only deliveries older than this id: the previous answer’s `nextBeforeId`'),
});

const noticeView = (notice: Notice): z.output<typeof noticeSchema> => ({ ...notice });
const recipientView = (r: NotificationRecipient): z.output<typeof recipientSchema> => ({ ...r });
const preferenceView = (p: NotificationPreference): z.output<typeof preferenceSchema> => ({ ...p });
const deliveryView = (d: Delivery): z.output<typeof deliverySchema> => ({ ...d });

const ID = /^[1-9]\d{0,14}$/;

/** `:id`; anything else names nothing (404). */
function idParam(c: Context<AppEnv>): number {
  const raw = c.req.param('id') ?? '';
  if (!ID.test(raw)) throw new ApiError('NOT_FOUND');
  return Number(raw);
}

/** Links in verification messages point at BEIAN_PUBLIC_URL, else at the address the request came to. */
const settingsOf = (c: Context<AppEnv>, deps: AppDeps) => ({
  publicUrl: deps.publicUrl ?? new URL(c.req.url).origin,
});

export const NOTIFICATION_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/notifications',
    access: 'notification.read-own',
    summary: 'My in-app notices (站内通知), newest first, with the unread count',
    tags: ['notifications'],
    query: noticeQuerySchema,
    responses: [{ status: 200, description: 'Notices in both languages', schema: noticeListSchema }],
    async handle({ c, actor, deps, query }) {
      const { actor: who } = workflowDeps(deps, actor);
      const notices = await listNotices(deps.db.kysely, who.account, {
        limit: query.limit,
        ...(query.beforeId === undefined ? {} : { beforeId: query.beforeId }),
      });
      const unread = await countUnread(deps.db.kysely, who.account);
      return c.json({ notices: notices.map(noticeView), unread }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/notifications/read',
    access: 'notification.read-own',
    summary: 'Mark my notices read (all, or up to an id)',
    tags: ['notifications'],
    body: markReadSchema,
    responses: [
      { status: 200, description: 'How many changed, and how many stay unread', schema: markedReadSchema },
    ],
    async handle({ c, actor, deps, body }) {
      const { actor: who, now } = workflowDeps(deps, actor);
      const marked = await markNoticesRead(deps.db, who, now, body.upto);
      return c.json({ marked, unread: await countUnread(deps.db.kysely, who.account) }, 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/notifications/recipients',
    access: 'notification.recipients-own',
    summary: 'Where my notifications go: my e-mail first, then the recipients I added',
    tags: ['notifications'],
    responses: [{ status: 200, description: 'Recipients', schema: recipientListSchema }],
    async handle({ c, actor, deps }) {
      const { actor: who } = workflowDeps(deps, actor);
      const recipients = await listRecipients(deps.db.kysely, who.account);
      return c.json({ recipients: recipients.map(recipientView) }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/notifications/recipients',
    access: 'notification.recipients-own',
    summary: 'Add a recipient (up to 15) and send it its confirmation link; unused until confirmed',
    tags: ['notifications'],
    body: recipientRequestSchema,
    errors: ['CONFLICT'],
    responses: [{ status: 201, description: 'Added, awaiting confirmation', schema: recipientSchema }],
    async handle({ c, actor, deps, body }) {
      const added = await runWorkflow(() =>
        addRecipient({ ...workflowDeps(deps, actor), settings: settingsOf(c, deps), input: body }),
      );
      return c.json(recipientView(added), 201);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/notifications/account-email',
    access: 'notification.recipients-own',
    summary: 'Set my account e-mail and its language; a new address is confirmed by its link',
    tags: ['notifications'],
    body: accountEmailRequestSchema,
    responses: [{ status: 200, description: 'The account e-mail', schema: recipientSchema }],
    async handle({ c, actor, deps, body }) {
      const set = await runWorkflow(() =>
        addRecipient({
          ...workflowDeps(deps, actor),
          settings: settingsOf(c, deps),
          input: body,
          accountEmail: true,
        }),
      );
      return c.json(recipientView(set), 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/notifications/recipients/:id/link',
    access: 'notification.recipients-own',
    summary: 'Send an unconfirmed recipient its link again (once a minute, five a day)',
    tags: ['notifications'],
    errors: ['NOT_FOUND', 'CONFLICT', 'SMS_RESEND_LIMITED'],
    responses: [{ status: 204, description: 'Sent' }],
    async handle({ c, actor, deps }) {
      const recipientId = idParam(c);
      await runWorkflow(() =>
        resendRecipientLink({ ...workflowDeps(deps, actor), settings: settingsOf(c, deps), recipientId }),
      );
      return c.body(null, 204);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/notifications/recipients/:id',
    access: 'notification.recipients-own',
    summary: 'Remove one of my recipients',
    tags: ['notifications'],
    errors: ['NOT_FOUND'],
    responses: [{ status: 204, description: 'Removed' }],
    async handle({ c, actor, deps }) {
      const recipientId = idParam(c);
      await runWorkflow(() => removeRecipient({ ...workflowDeps(deps, actor), recipientId }));
      return c.body(null, 204);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/notifications/preferences',
    access: 'notification.recipients-own',
    summary: 'Which kinds of notification I receive by e-mail and by SMS',
    tags: ['notifications'],
    responses: [
      { status: 200, description: 'Per kind, e-mail and SMS on or off', schema: preferenceListSchema },
    ],
    async handle({ c, actor, deps }) {
      const { actor: who } = workflowDeps(deps, actor);
      const preferences = await listPreferences(deps.db.kysely, who.account);
      return c.json({ preferences: preferences.map(preferenceView) }, 200);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/notifications/preferences',
    access: 'notification.recipients-own',
    summary: 'Set which kinds I do not want by e-mail or SMS (mandatory kinds cannot be turned off)',
    tags: ['notifications'],
    body: preferencesRequestSchema,
    responses: [{ status: 200, description: 'The settings now', schema: preferenceListSchema }],
    async handle({ c, actor, deps, body }) {
      const preferences = await runWorkflow(() =>
        setPreferences({ ...workflowDeps(deps, actor), off: body.off }),
      );
      return c.json({ preferences: preferences.map(preferenceView) }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/notifications/verify',
    access: 'notification.verify-recipient',
    summary: 'Confirm a recipient with the token of its link (anyone holding it; once, within 24 h)',
    tags: ['notifications'],
    body: verifyRequestSchema,
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'Confirmed', schema: verifiedRecipientSchema }],
    async handle({ c, deps, body }) {
      const verified = await runWorkflow(() =>
        verifyRecipient({ database: deps.db, token: body.token, now: deps.now() }),
      );
      return c.json(verified, 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/admin/notification-deliveries',
    access: 'notification.operate',
    summary:
      'E-mail and SMS deliveries by status (default failed and unknown), newest first, paged by `beforeId` (operators)',
    tags: ['notifications'],
    query: deliveryQuerySchema,
    responses: [{ status: 200, description: 'Deliveries with the last answer', schema: deliveryListSchema }],
    async handle({ c, deps, query }) {
      // One more than asked: whether an older page exists, without counting.
      const rows = await listDeliveries(deps.db.kysely, {
        statuses: query.status,
        limit: query.limit + 1,
        ...(query.beforeId === undefined ? {} : { beforeId: query.beforeId }),
      });
      const deliveries = rows.slice(0, query.limit);
      const last = deliveries.at(-1);
      const nextBeforeId = rows.length > query.limit && last !== undefined ? last.id : null;
      return c.json({ deliveries: deliveries.map(deliveryView), nextBeforeId }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/admin/notification-deliveries/:id/resend',
    access: 'notification.operate',
    summary: 'Queue a failed or unknown delivery again, keeping its Message-ID (operators)',
    tags: ['notifications'],
    errors: ['NOT_FOUND', 'CONFLICT'],
    responses: [{ status: 200, description: 'Queued again', schema: deliverySchema }],
    async handle({ c, actor, deps }) {
      const deliveryId = idParam(c);
      const queued = await runWorkflow(() => resendDelivery({ ...workflowDeps(deps, actor), deliveryId }));
      return c.json(deliveryView(queued), 200);
    },
  }),
];
