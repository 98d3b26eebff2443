/**
 * 备案申请 — the applicant's side of the workflow: start an application (备案类型验证), save the draft,
 * submit, withdraw, and read one's own applications with their timeline. Ownership is the use cases'
 * (someone else's application is "not found"); the route's action is the permission table's.
 */
import { z } from 'zod';
import { APPLICATION_STATUSES } from '../filing/index.ts';
import {
  applicationTimeline,
  createApplication,
  listApplications,
  submitApplication,
  updateDraft,
  withdrawApplication,
} from '../workflow/index.ts';
import { createApplicationInputSchema } from '../workflow/index.ts';
import { workflowDeps } from './context.ts';
import { defineRoute } from './route.ts';
import { runWorkflow } from './workflow-errors.ts';
import {
  applicationDetailSchema,
  applicationListSchema,
  applicationSchema,
  applicationView,
  createdApplicationSchema,
  savedDraftSchema,
} from './workflow-schemas.ts';
import { applicationIdParam } from './workflow-support.ts';

/** The form is checked field by field by the filing schemas inside the use case; here only its outline. */
const draftRequestSchema = z.strictObject({
  subject: z.record(z.string(), z.unknown()),
  websites: z.array(z.record(z.string(), z.unknown())).min(1).max(50),
  expectedVersion: z.number().int().min(0).optional(),
});

export const applicationListQuerySchema = z.strictObject({
  status: z.enum(APPLICATION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const APPLICATION_ERRORS = ['NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION'] as const;

export const APPLICATION_ROUTES = [
  defineRoute({
    method: 'post',
    path: '/applications',
    access: 'application.create',
    summary:
      'Start an application: the filing type is derived from subject, account and domain (without a domain: an application of apps only, typed by the subject)',
    tags: ['applications'],
    body: createApplicationInputSchema,
    errors: ['FILING_TYPE_BLOCKED', 'SUBJECT_HAS_ACTIVE_APPLICATION'],
    responses: [
      { status: 201, description: 'The draft and the domain’s check', schema: createdApplicationSchema },
    ],
    async handle({ c, actor, deps, body }) {
      const created = await runWorkflow(() =>
        createApplication({ ...workflowDeps(deps, actor), input: body }),
      );
      return c.json({ application: applicationView(created.application), check: created.check }, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/applications',
    access: 'application.read-own',
    summary: 'My applications, newest first (reviewers use /review/applications)',
    tags: ['applications'],
    query: applicationListQuerySchema,
    responses: [{ status: 200, description: 'The applications', schema: applicationListSchema }],
    async handle({ c, actor, deps, query }) {
      const applications = await runWorkflow(() =>
        listApplications({ ...workflowDeps(deps, actor), scope: 'own', ...query }),
      );
      return c.json({ applications: applications.map(applicationView) }, 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/applications/:id',
    access: 'application.read-own',
    summary: 'One of my applications, with its status timeline and field-level rejection reasons',
    tags: ['applications'],
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The application', schema: applicationDetailSchema }],
    async handle({ c, actor, deps }) {
      const applicationId = applicationIdParam(c);
      const detail = await runWorkflow(() =>
        applicationTimeline({ ...workflowDeps(deps, actor), applicationId, scope: 'own' }),
      );
      return c.json({ ...detail, application: applicationView(detail.application) }, 200);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/applications/:id',
    access: 'application.update-own',
    summary: 'Save the draft (保存): validates every field, verifies every domain, applies the limits',
    tags: ['applications'],
    body: draftRequestSchema,
    errors: [...APPLICATION_ERRORS],
    responses: [
      {
        status: 200,
        description: 'Saved; `errors` lists what blocks submitting, per domain and field',
        schema: savedDraftSchema,
      },
    ],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const { expectedVersion, ...form } = body;
      const saved = await runWorkflow(() =>
        updateDraft({
          ...workflowDeps(deps, actor),
          applicationId,
          form,
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
        }),
      );
      return c.json({ ...saved, application: applicationView(saved.application) }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/applications/:id/submit',
    access: 'application.submit-own',
    summary: 'Submit for the provider’s review (提交初审): every domain is verified again',
    tags: ['applications'],
    errors: [
      ...APPLICATION_ERRORS,
      'VERIFICATION_FAILED',
      'SUBJECT_HAS_ACTIVE_APPLICATION',
      'DOMAIN_IN_ACTIVE_APPLICATION',
    ],
    responses: [{ status: 200, description: 'Submitted', schema: applicationSchema }],
    async handle({ c, actor, deps }) {
      const applicationId = applicationIdParam(c);
      const app = await runWorkflow(() => submitApplication({ ...workflowDeps(deps, actor), applicationId }));
      return c.json(applicationView(app), 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/applications/:id/withdraw',
    access: 'application.withdraw-own',
    summary: 'Withdraw (撤回) an application not yet with MIIT',
    tags: ['applications'],
    errors: [...APPLICATION_ERRORS],
    responses: [{ status: 200, description: 'Withdrawn', schema: applicationSchema }],
    async handle({ c, actor, deps }) {
      const applicationId = applicationIdParam(c);
      const app = await runWorkflow(() =>
        withdrawApplication({ ...workflowDeps(deps, actor), applicationId }),
      );
      return c.json(applicationView(app), 200);
    },
  }),
];
