/**
 * 审核工具 (issue 15) — what the provider's reviewers work with besides the decision: the queue with
 * each application's age against the service level, the library of coded rejection reasons, the 初审
 * call log, and rejecting a single document so the applicant replaces it without withdrawing.
 */
import { z } from 'zod';
import { FIELD_KINDS } from '../filing/index.ts';
import {
  CALL_OUTCOMES,
  QUEUE_ACTIONS,
  QUEUE_SORTS,
  listRejectionReasons,
  listReviewCalls,
  recordReviewCall,
  recordReviewCallSchema,
  rejectDocument,
  rejectDocumentSchema,
  reviewQueue,
} from '../workflow/index.ts';
import type { QueueStatus, ReviewCall } from '../workflow/index.ts';
import { workflowDeps } from './context.ts';
import { documentIdParam, documentSchema, documentView } from './document-routes.ts';
import { defineRoute } from './route.ts';
import { runWorkflow } from './workflow-errors.ts';
import { applicationSchema, applicationView } from './workflow-schemas.ts';
import { applicationIdParam } from './workflow-support.ts';

const localized = z.object({ zh: z.string(), en: z.string() });
/** Each console's queue under its own path, so the permission table names who reads it. */
const QUEUE_PATHS = { 'provider-review': '/review/queue', 'bureau-review': '/bureau/queue' } as const;

const queueQuerySchema = z.strictObject({
  sort: z.enum(QUEUE_SORTS).default('submitted').describe('`overdue`: overdue first, then longest waiting'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const queueSchema = z
  .object({
    serviceLevelWorkdays: z.number().int().describe('The service level applied, in working days'),
    overdueCount: z.number().int().describe('Overdue applications in the whole queue'),
    hasMore: z.boolean(),
    entries: z.array(
      z.object({
        application: applicationSchema,
        waitingSince: z.string().nullable().describe('When it last entered the status'),
        dueBy: z
          .string()
          .nullable()
          .describe('End of the last working day of the service level; null outside the calendar'),
        overdue: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'ReviewQueue' });

const reasonsQuerySchema = z.strictObject({
  path: z.string().trim().min(1).max(200).optional().describe('Only the reasons that fit this field'),
});

const reasonsSchema = z
  .object({
    fieldKind: z.enum(FIELD_KINDS).nullable(),
    reasons: z.array(
      z.object({
        code: z.string(),
        fieldKinds: z.array(z.enum(FIELD_KINDS)),
        reason: localized,
        remedy: localized,
      }),
    ),
  })
  .meta({ id: 'RejectionReasons' });

const callSchema = z
  .object({
    id: z.number().int(),
    applicationId: z.number().int(),
    contact: z.string(),
    phone: z.string(),
    calledAt: z.string(),
    outcome: z.enum(CALL_OUTCOMES),
    note: z.string(),
    nextTryAt: z.string().nullable(),
    reviewer: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'ReviewCall' });

const callLogSchema = z
  .object({
    contacts: z.array(
      z.object({ key: z.string(), role: localized, name: z.string(), phones: z.array(z.string()) }),
    ),
    calls: z.array(callSchema),
  })
  .meta({ id: 'ReviewCallLog' });

const documentRejectedSchema = z
  .object({ application: applicationSchema, document: documentSchema })
  .meta({ id: 'DocumentRejected' });

const callView = (call: ReviewCall): z.output<typeof callSchema> => ({ ...call });

function queueRoute(status: QueueStatus) {
  return defineRoute({
    method: 'get',
    path: QUEUE_PATHS[status],
    access: QUEUE_ACTIONS[status],
    summary:
      status === 'provider-review'
        ? '初审 queue with each application’s age against the service level (BEIAN_REVIEW_SLA_WORKDAYS); overdue first with sort=overdue'
        : 'Bureau review queue (sandbox) with each application’s age against the 20 working days of the bureau; overdue first with sort=overdue',
    tags: ['review'],
    query: queueQuerySchema,
    responses: [{ status: 200, description: 'The queue', schema: queueSchema }],
    async handle({ c, actor, deps, query }) {
      const queue = await runWorkflow(() =>
        reviewQueue({
          ...workflowDeps(deps, actor),
          ...query,
          status,
          providerReviewWorkdays: deps.reviewServiceLevelWorkdays,
        }),
      );
      return c.json(
        {
          serviceLevelWorkdays: queue.serviceLevelWorkdays,
          overdueCount: queue.overdueCount,
          hasMore: queue.hasMore,
          entries: queue.entries.map((entry) => ({
            ...entry,
            application: applicationView(entry.application),
          })),
        },
        200,
      );
    },
  });
}

export const REVIEWER_TOOL_ROUTES = [
  ...(Object.keys(QUEUE_ACTIONS) as QueueStatus[]).map(queueRoute),
  defineRoute({
    method: 'get',
    path: '/rejection-reasons',
    access: 'application.read-any',
    summary: '驳回原因库: the coded rejection reasons (zh/en reason and remedy, the field kinds each fits)',
    tags: ['review'],
    query: reasonsQuerySchema,
    responses: [{ status: 200, description: 'The reasons offered today', schema: reasonsSchema }],
    async handle({ c, actor, deps, query }) {
      const result = await runWorkflow(() =>
        Promise.resolve(
          listRejectionReasons({
            ...workflowDeps(deps, actor),
            ...(query.path === undefined ? {} : { path: query.path }),
          }),
        ),
      );
      return c.json(result, 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/review/applications/:id/calls',
    access: 'review-call.read',
    summary: '初审电话核验: the contacts of an application and the calls made to them, newest first',
    tags: ['review'],
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The call log', schema: callLogSchema }],
    async handle({ c, actor, deps }) {
      const applicationId = applicationIdParam(c);
      const log = await runWorkflow(() => listReviewCalls({ ...workflowDeps(deps, actor), applicationId }));
      return c.json({ contacts: log.contacts, calls: log.calls.map(callView) }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/review/applications/:id/calls',
    access: 'review-call.record',
    summary:
      '初审电话核验: record a call to a contact (reached, no answer, wrong number, refused) with a note and the next try',
    tags: ['review'],
    body: recordReviewCallSchema,
    errors: ['NOT_FOUND', 'INVALID_TRANSITION'],
    responses: [{ status: 201, description: 'The call, recorded', schema: callSchema }],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const call = await runWorkflow(() =>
        recordReviewCall({ ...workflowDeps(deps, actor), applicationId, input: body }),
      );
      return c.json(callView(call), 201);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/review/applications/:id/documents/:documentId/rejection',
    access: 'provider-review.decide',
    summary:
      '驳回材料: reject one document in 初审 with a library code or free text; supplement=true also sets the application to supplement-requested',
    tags: ['review'],
    body: rejectDocumentSchema,
    errors: ['NOT_FOUND', 'INVALID_TRANSITION', 'CONFLICT'],
    responses: [
      {
        status: 200,
        description: 'The document, rejected, and its application',
        schema: documentRejectedSchema,
      },
    ],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const documentId = documentIdParam(c);
      const result = await runWorkflow(() =>
        rejectDocument({ ...workflowDeps(deps, actor), applicationId, documentId, input: body }),
      );
      return c.json(
        { application: applicationView(result.application), document: documentView(result.document) },
        200,
      );
    },
  }),
];
