/**
 * 短信核验 — the applicant enters the codes the responsible persons received; in the MIIT sandbox, the
 * outbox stands in for their phones and only sandbox roles may read it (sms.read-outbox).
 */
import { z } from 'zod';
import { restartSms, verifySms } from '../workflow/index.ts';
import { ApiError } from './errors.ts';
import { defineRoute } from './route.ts';
import { runWorkflow } from './workflow-errors.ts';
import { applicationView, outboxSchema, smsResendSchema, smsVerifyResultSchema } from './workflow-schemas.ts';
import { workflowDeps } from './context.ts';
import { applicationIdParam } from './workflow-support.ts';

const smsVerifyRequestSchema = z.strictObject({
  phone: z.string().trim().min(1).max(32),
  code: z.string().trim().min(1).max(16),
});

export const outboxQuerySchema = z.strictObject({
  applicationId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  phone: z.string().trim().min(1).max(32).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const SMS_ROUTES = [
  defineRoute({
    method: 'post',
    path: '/applications/:id/sms/verify',
    access: 'sms.verify-own',
    summary: 'Enter an SMS verification code; when every phone is verified the bureau reviews',
    tags: ['sms'],
    body: smsVerifyRequestSchema,
    errors: ['NOT_FOUND', 'INVALID_TRANSITION', 'CONFLICT', 'MIIT_REFUSED'],
    responses: [
      {
        status: 200,
        description: 'The outcome (a wrong code is an outcome: its try counts) and the round’s status',
        schema: smsVerifyResultSchema,
      },
    ],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const result = await runWorkflow(() =>
        verifySms({ ...workflowDeps(deps, actor), applicationId, input: body }),
      );
      return c.json({ ...result, application: applicationView(result.application) }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/applications/:id/sms/restart',
    access: 'provider-review.decide',
    summary:
      'Restart SMS verification (provider reviewer): new codes, the tries, resends and 24 h counted afresh',
    tags: ['sms'],
    errors: ['NOT_FOUND', 'INVALID_TRANSITION', 'CONFLICT', 'MIIT_REFUSED'],
    responses: [{ status: 200, description: 'The new round', schema: smsResendSchema }],
    async handle({ c, actor, deps }) {
      const applicationId = applicationIdParam(c);
      const restarted = await runWorkflow(() => restartSms({ ...workflowDeps(deps, actor), applicationId }));
      return c.json({ application: applicationView(restarted.application), status: restarted.status }, 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/sandbox/sms-outbox',
    access: 'sms.read-outbox',
    summary: 'The MIIT sandbox’s SMS outbox, newest first (sandbox only: a real MIIT has none)',
    tags: ['sms'],
    query: outboxQuerySchema,
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'Messages as the phones show them', schema: outboxSchema }],
    async handle({ c, deps, query }) {
      const read = deps.readOutbox;
      if (read === null) throw new ApiError('NOT_FOUND');
      const filter = {
        ...(query.applicationId === undefined ? {} : { applicationId: query.applicationId }),
        ...(query.phone === undefined ? {} : { phone: query.phone }),
        limit: query.limit,
      };
      const messages = await runWorkflow(() => read(filter));
      return c.json({ messages }, 200);
    },
  }),
];
