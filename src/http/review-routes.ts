/**
 * 审核 — the reviewers' side: the queue of applications by status, any application with its timeline,
 * the provider's review (初审) and the bureau's (管局审核, MIIT sandbox). Approve, or reject with
 * field-level reasons the applicant sees next to the fields.
 */
import { z } from 'zod';
import {
  applicationTimeline,
  bureauReview,
  listApplications,
  providerReview,
  releaseSquattedHold,
} from '../workflow/index.ts';
import { reviewDecisionSchema } from '../workflow/index.ts';
import { applicationListQuerySchema } from './application-routes.ts';
import { workflowDeps } from './context.ts';
import { defineRoute } from './route.ts';
import { runWorkflow } from './workflow-errors.ts';
import {
  applicationDetailSchema,
  applicationListSchema,
  applicationSchema,
  applicationView,
  bureauReviewResultSchema,
} from './workflow-schemas.ts';
import { applicationIdParam } from './workflow-support.ts';

const REVIEW_ERRORS = ['NOT_FOUND', 'INVALID_TRANSITION', 'CONFLICT', 'MIIT_REFUSED'] as const;

const releaseHoldSchema = z
  .strictObject({ reason: z.string().trim().min(1).max(500).describe('Why the hold goes (audited)') })
  .meta({ id: 'ReleaseHoldRequest' });

export const REVIEW_ROUTES = [
  defineRoute({
    method: 'get',
    path: '/review/applications',
    access: 'application.read-any',
    summary: 'The review queue: every account’s applications, oldest first, by status',
    tags: ['review'],
    query: applicationListQuerySchema,
    responses: [{ status: 200, description: 'The applications', schema: applicationListSchema }],
    async handle({ c, actor, deps, query }) {
      // Oldest first: a queue is worked in the order it was filled (list-applications.ts).
      const applications = await runWorkflow(() =>
        listApplications({ ...workflowDeps(deps, actor), scope: 'any', ...query }),
      );
      return c.json({ applications: applications.map(applicationView) }, 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/review/applications/:id',
    access: 'application.read-any',
    summary: 'Any application, with its status timeline',
    tags: ['review'],
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The application', schema: applicationDetailSchema }],
    async handle({ c, actor, deps }) {
      const applicationId = applicationIdParam(c);
      const detail = await runWorkflow(() =>
        applicationTimeline({ ...workflowDeps(deps, actor), applicationId, scope: 'any' }),
      );
      return c.json({ ...detail, application: applicationView(detail.application) }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/applications/:id/provider-review',
    access: 'provider-review.decide',
    summary: '初审: approve (MIIT sends the verification SMS) or reject with field reasons',
    tags: ['review'],
    body: reviewDecisionSchema,
    errors: [...REVIEW_ERRORS],
    responses: [
      { status: 200, description: 'The application after the decision', schema: applicationSchema },
    ],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const app = await runWorkflow(() =>
        providerReview({ ...workflowDeps(deps, actor), applicationId, decision: body }),
      );
      return c.json(applicationView(app), 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/applications/:id/release-hold',
    access: 'application.release-hold',
    summary:
      '释放占用: free the domains and subject an application holds without evidence of control (squatting); it stays in review',
    tags: ['review'],
    body: releaseHoldSchema,
    errors: ['NOT_FOUND', 'INVALID_TRANSITION', 'CONFLICT'],
    responses: [{ status: 200, description: 'The application, holding nothing', schema: applicationSchema }],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const app = await runWorkflow(() =>
        releaseSquattedHold({ ...workflowDeps(deps, actor), applicationId, reason: body.reason }),
      );
      return c.json(applicationView(app), 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/applications/:id/bureau-review',
    access: 'bureau-review.decide',
    summary: '管局审核 (sandbox): approve (numbers issued, or access added) or reject with field reasons',
    tags: ['review'],
    body: reviewDecisionSchema,
    errors: [...REVIEW_ERRORS],
    responses: [
      { status: 200, description: 'The decision and any numbers', schema: bureauReviewResultSchema },
    ],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const result = await runWorkflow(() =>
        bureauReview({ ...workflowDeps(deps, actor), applicationId, decision: body }),
      );
      return c.json({ ...result, application: applicationView(result.application) }, 200);
    },
  }),
];
