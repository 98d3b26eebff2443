/**
 * Response schemas of the filing workflow routes (applications, reviews, SMS, filed records). As with
 * schemas.ts, they document the API and the tests parse real responses with them.
 */
import { z } from 'zod';
import { APPLICATION_STATUSES } from '../filing/index.ts';
import { ID_TYPES, SUBJECT_TYPES } from '../policy/index.ts';
import type { Application } from '../workflow/index.ts';
import { HOLD_EVIDENCE } from '../workflow/index.ts';
import { checkReportSchema } from './schemas.ts';

const localized = z.object({ zh: z.string(), en: z.string() });
const FILING_TYPES = ['first-filing', 'add-website', 'add-website-external', 'add-access', 'change'] as const;

const fieldErrorSchema = z.object({ path: z.string(), code: z.string(), message: localized });

export const applicationSchema = z
  .object({
    id: z.number().int(),
    account: z.string(),
    province: z.string(),
    filingType: z.enum(FILING_TYPES).nullable(),
    status: z.enum(APPLICATION_STATUSES),
    subject: z
      .record(z.string(), z.unknown())
      .describe('The subject as entered (FilingSubject once complete)'),
    websites: z.array(z.record(z.string(), z.unknown())).describe('The websites as entered'),
    rejection: z
      .object({
        by: z.enum(['provider', 'bureau']),
        at: z.string(),
        reasons: z.array(
          z.object({
            path: z.string(),
            message: localized,
            code: z.string().optional().describe('The code of the reason library (GET /rejection-reasons)'),
            remedy: localized.optional().describe('What to do (修改建议), for a coded reason'),
          }),
        ),
      })
      .nullable()
      .describe('Field-level reasons of the last rejection, shown next to the fields named by `path`'),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastActivityAt: z.string(),
    submittedAt: z.string().nullable(),
    version: z.number().int().describe('Send back as expectedVersion to refuse lost updates'),
    changeOf: z
      .string()
      .nullable()
      .describe(
        'The website number a change application (变更网站, 变更接入) changes; the subject number for a 变更主体; the app number for a 变更APP',
      ),
    changeKind: z
      .enum(['access', 'subject', 'app'])
      .nullable()
      .describe(
        'With changeOf: `access` for a 变更接入 (a new service code and IPs), `subject` for a 变更主体 (the subject data), `app` for a 变更APP (changeOf is the app number), null for a 变更网站',
      ),
    holdEvidence: z
      .enum(HOLD_EVIDENCE)
      .nullable()
      .describe(
        'Why it holds its domains and subject (占用依据): the subject filed in this account, a domain held by this account at the registrar, the provider review passed, or a hold from before evidence was asked; null while it blocks nobody',
      ),
  })
  .meta({ id: 'Application' });

/** What the API shows of an application: internal hold bookkeeping stays inside. */
export function applicationView(app: Application): z.output<typeof applicationSchema> {
  return {
    id: app.id,
    account: app.account,
    province: app.province,
    filingType: app.filingType,
    status: app.status,
    subject: app.subject,
    websites: app.websites,
    rejection: app.rejection,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
    lastActivityAt: app.lastActivityAt,
    submittedAt: app.submittedAt,
    version: app.version,
    changeOf: app.changeOf,
    changeKind: app.changeKind,
    holdEvidence: app.holdEvidence,
  };
}

const checkResultSchema = checkReportSchema.shape.results.element;

const domainCheckSchema = z
  .object({ path: z.string(), website: z.number().int(), result: checkResultSchema })
  .meta({ id: 'DomainCheck' });

export const createdApplicationSchema = z
  .object({
    application: applicationSchema,
    check: domainCheckSchema
      .nullable()
      .describe('The domain’s check; null for an application of apps only (no domain given)'),
  })
  .meta({ id: 'CreatedApplication' });

export const savedDraftSchema = z
  .object({
    application: applicationSchema,
    checks: z.array(domainCheckSchema),
    errors: z.array(fieldErrorSchema).describe('Empty when the draft can be submitted'),
  })
  .meta({ id: 'SavedDraft' });

const timelineEventSchema = z.object({
  at: z.string(),
  actor: z.string(),
  role: z.string(),
  action: z.string(),
  from: z.enum(APPLICATION_STATUSES).nullable(),
  to: z.enum(APPLICATION_STATUSES).nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const applicationDetailSchema = z
  .object({ application: applicationSchema, timeline: z.array(timelineEventSchema) })
  .meta({ id: 'ApplicationDetail' });

export const applicationListSchema = z
  .object({ applications: z.array(applicationSchema) })
  .meta({ id: 'ApplicationList' });

const smsStatusSchema = z.object({
  applicationId: z.number().int(),
  recipients: z.array(
    z.object({
      verificationId: z.number().int(),
      phone: z.string(),
      roles: z.array(z.enum(['subject-leader', 'website-leader', 'app-leader'])),
      state: z.enum(['pending', 'verified', 'failed', 'expired']),
      wrongAttempts: z.number().int(),
      triesLeft: z.number().int(),
      resendCount: z.number().int(),
      sentAt: z.string().describe('The round’s first code: the 24 h run from here, whatever was resent'),
      expiresAt: z.string(),
      verifiedAt: z.string().nullable(),
      nextResendAt: z
        .string()
        .nullable()
        .describe('When a new code may be sent to this phone (now or later); null: not in this round'),
    }),
  ),
  allVerified: z.boolean(),
  anyFailed: z.boolean(),
  anyExpired: z.boolean(),
  wrongAttempts: z.number().int().describe('Wrong codes entered in this round, over all phones'),
  triesLeft: z.number().int().describe('Wrong codes the round still allows before it fails'),
  resendsLeft: z.number().int().describe('Resends the application has left in this round'),
});

export const smsVerifyResultSchema = z
  .object({
    outcome: z.enum(['verified', 'wrong-code', 'failed', 'expired', 'already-verified', 'not-found']),
    triesLeft: z.number().int(),
    status: smsStatusSchema,
    application: applicationSchema,
  })
  .meta({ id: 'SmsVerifyResult' });

export const outboxSchema = z
  .object({
    messages: z.array(
      z.object({
        id: z.number().int(),
        applicationId: z.number().int().nullable(),
        purpose: z.enum(['verification', 'notification']),
        phone: z.string(),
        body: z.string(),
        sentAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'SmsOutbox' });

export const bureauReviewResultSchema = z
  .object({
    application: applicationSchema,
    subjectNumber: z.string().nullable(),
    websites: z.array(
      z.object({
        website: z.number().int(),
        number: z.string(),
        domains: z.array(z.string()),
        kind: z.enum(['issued', 'access', 'changed']),
      }),
    ),
    apps: z
      .array(
        z.object({
          name: z.string(),
          number: z.string(),
          kind: z
            .enum(['access', 'changed'])
            .optional()
            .describe(
              'access: 接入 of an app filed elsewhere, number kept; changed: a 变更APP; absent: issued',
            ),
        }),
      )
      .optional()
      .describe('APP备案号 of the application’s apps (-NA, mini programs -NX), when it has any'),
  })
  .meta({ id: 'BureauReviewResult' });

export const myFilingsSchema = z
  .object({
    subjects: z.array(
      z.object({
        subjectNumber: z.string(),
        name: z.string(),
        province: z.string(),
        subjectType: z.enum(SUBJECT_TYPES).nullable(),
        idType: z.enum(ID_TYPES),
        idNumber: z.string(),
        inProgress: z
          .object({
            id: z.number().int(),
            status: z.enum(APPLICATION_STATUSES),
            filingType: z.enum(FILING_TYPES).nullable(),
            changeOf: z.string().nullable(),
            own: z.boolean(),
            revisable: z.boolean(),
          })
          .nullable()
          .describe(
            'The application in flight for this subject; while it runs, changes, new websites and 取消接入 wait',
          ),
        websites: z.array(
          z.object({
            number: z.string(),
            name: z.string().nullable(),
            homeUrl: z.string().nullable(),
            domains: z.array(z.string()),
            providers: z.array(z.string()),
            access: z
              .object({
                provider: z.string(),
                accessMethod: z.string(),
                province: z.string(),
                ips: z.array(z.string()),
                recordedAt: z.string(),
              })
              .nullable()
              .describe('接入信息 at this provider; null: not recorded (filed or imported without it)'),
          }),
        ),
        apps: z
          .array(
            z.object({
              number: z.string(),
              name: z.string(),
              type: z.string(),
              providers: z.array(z.string()).describe('`self`: hosted by this provider'),
            }),
          )
          .describe('Filed apps, mini programs and quick apps (APP备案): -NA / -NX'),
      }),
    ),
  })
  .meta({ id: 'MyFilings' });

export const cancelledSchema = z
  .object({
    number: z.string(),
    kind: z.enum(['website', 'subject']),
    subjectCancelled: z
      .string()
      .nullable()
      .describe('The subject number, when cancelling its only website cancelled the subject too'),
  })
  .meta({ id: 'CancelledFiling' });

export const accessCancelledSchema = z
  .object({
    number: z.string(),
    providers: z.array(z.string()),
    shell: z.boolean().describe('No access provider is left: a 空壳网站 the bureau will delete'),
  })
  .meta({ id: 'AccessCancelled' });

export const draftAdditionSchema = z
  .object({ application: applicationSchema, check: domainCheckSchema })
  .meta({ id: 'DraftAddition' });

/** A resend's or a restart's answer: the application and its SMS round. */
export const smsResendSchema = z
  .object({ application: applicationSchema, status: smsStatusSchema })
  .meta({ id: 'SmsResend' });
