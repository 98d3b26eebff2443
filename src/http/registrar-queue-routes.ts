/**
 * 实名审核 and 实名上报 for registrar operators: the queue of real-name submissions with its decisions,
 * and the reports to the MIIT domain database, where failed ones wait for a retry.
 */
import { rejectRealNameInputSchema } from '../registrar/index.ts';
import { defineRoute } from './route.ts';
import {
  decisionSchema,
  reportListQuerySchema,
  reportListSchema,
  reportSchema,
  submissionListQuerySchema,
  submissionListSchema,
} from './registrar-schemas.ts';
import { idParam, registrarActor, runRegistrar } from './registrar-support.ts';

const TAGS = ['registrar'];

export const QUEUE_ROUTES = [
  defineRoute({
    method: 'get',
    path: '/registrar/real-name',
    access: 'registrar.manage',
    summary: 'The real-name queue: submissions by status, oldest first (status=pending to work through)',
    tags: TAGS,
    query: submissionListQuerySchema,
    responses: [{ status: 200, description: 'The submissions', schema: submissionListSchema }],
    async handle({ c, actor, deps, query }) {
      const submissions = await runRegistrar(() =>
        deps.registrar.listSubmissions({ actor: registrarActor(actor), ...query }),
      );
      return c.json({ submissions }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/registrar/real-name/:id/approve',
    access: 'registrar.manage',
    summary: 'Approve a submission: verified now, reported to MIIT after the policy’s working days',
    tags: TAGS,
    errors: ['NOT_FOUND', 'CONFLICT', 'DOMAIN_TRANSFERRED_OUT', 'REAL_NAME_STATE'],
    responses: [
      { status: 200, description: 'The decision and the scheduled report', schema: decisionSchema },
    ],
    async handle({ c, actor, deps }) {
      const decision = await runRegistrar(() =>
        deps.registrar.approveRealName({
          actor: registrarActor(actor),
          now: deps.now(),
          submissionId: idParam(c),
        }),
      );
      return c.json(decision, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/registrar/real-name/:id/reject',
    access: 'registrar.manage',
    summary: 'Reject a submission with a reason the holder sees (Chinese required, at most 500 characters)',
    tags: TAGS,
    body: rejectRealNameInputSchema,
    errors: ['NOT_FOUND', 'CONFLICT', 'DOMAIN_TRANSFERRED_OUT', 'REAL_NAME_STATE'],
    responses: [{ status: 200, description: 'The decision', schema: decisionSchema }],
    async handle({ c, actor, deps, body }) {
      const decision = await runRegistrar(() =>
        deps.registrar.rejectRealName({
          actor: registrarActor(actor),
          now: deps.now(),
          submissionId: idParam(c),
          input: body,
        }),
      );
      return c.json(decision, 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/registrar/reports',
    access: 'registrar.manage',
    summary: 'Reports to the MIIT domain database, newest first (status=failed: those waiting for you)',
    tags: TAGS,
    query: reportListQuerySchema,
    responses: [{ status: 200, description: 'The reports', schema: reportListSchema }],
    async handle({ c, actor, deps, query }) {
      const reports = await runRegistrar(() =>
        deps.registrar.listReports({ actor: registrarActor(actor), ...query }),
      );
      return c.json({ reports }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/registrar/reports/:id/retry',
    access: 'registrar.manage',
    summary: 'Retry a failed report now, once its cause is fixed',
    tags: TAGS,
    errors: ['NOT_FOUND', 'REAL_NAME_STATE'],
    responses: [{ status: 200, description: 'The report, scheduled again', schema: reportSchema }],
    async handle({ c, actor, deps }) {
      const report = await runRegistrar(() =>
        deps.registrar.retryReport({ actor: registrarActor(actor), now: deps.now(), reportId: idParam(c) }),
      );
      return c.json(report, 200);
    },
  }),
];
