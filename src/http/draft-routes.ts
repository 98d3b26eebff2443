/**
 * 继续增加域名 / 保存，并继续添加网站 and 重新发送短信: the wizard's explicit additions to a draft (each
 * checked against the province's limit in force, seed Q3) and an SMS resend while MIIT waits.
 */
import { z } from 'zod';
import { addDomain, addWebsite, resendSms } from '../workflow/index.ts';
import { defineRoute } from './route.ts';
import { runWorkflow } from './workflow-errors.ts';
import { applicationView, draftAdditionSchema, smsResendSchema } from './workflow-schemas.ts';
import { workflowDeps } from './context.ts';
import { applicationIdParam } from './workflow-support.ts';

const version = z.number().int().min(0).optional();
const addDomainRequestSchema = z.strictObject({
  website: z.number().int().min(0).max(99).describe('Index of the website in the application'),
  domain: z.string().max(1024),
  expectedVersion: version,
});
const addWebsiteRequestSchema = z.strictObject({
  domain: z.string().max(1024),
  expectedVersion: version,
});
const smsResendRequestSchema = z.strictObject({ phone: z.string().max(32) });

const ERRORS = ['NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION'] as const;

/** 继续增加域名 and 保存，并继续添加网站 differ only in path, body and use case. */
function additionRoute<Body extends { expectedVersion?: number | undefined }>(options: {
  path: string;
  summary: string;
  body: z.ZodType<Body>;
  add: typeof addDomain;
}) {
  return defineRoute({
    method: 'post',
    path: options.path,
    access: 'application.update-own',
    summary: options.summary,
    tags: ['applications'],
    body: options.body,
    errors: [...ERRORS],
    responses: [{ status: 200, description: 'Added; the new domain’s check', schema: draftAdditionSchema }],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const { expectedVersion, ...input } = body;
      const added = await runWorkflow(() =>
        options.add({
          ...workflowDeps(deps, actor),
          applicationId,
          input,
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
        }),
      );
      return c.json({ application: applicationView(added.application), check: added.check }, 200);
    },
  });
}

export const DRAFT_ROUTES = [
  additionRoute({
    path: '/applications/:id/domains',
    summary: 'Add a domain to a website (继续增加域名), within the province’s domains-per-website limit',
    body: addDomainRequestSchema,
    add: addDomain,
  }),
  additionRoute({
    path: '/applications/:id/websites',
    summary: 'Save and add another website (保存，并继续添加网站), within the application limits',
    body: addWebsiteRequestSchema,
    add: addWebsite,
  }),
  defineRoute({
    method: 'post',
    path: '/applications/:id/sms/resend',
    access: 'sms.verify-own',
    summary:
      'Send a new SMS code to one phone while MIIT waits (the old code stops working; tries and the 24 h go on); refused with Retry-After past the resend limits',
    tags: ['sms'],
    body: smsResendRequestSchema,
    errors: [...ERRORS, 'SMS_FAILED', 'SMS_RESEND_LIMITED'],
    responses: [{ status: 200, description: 'Sent', schema: smsResendSchema }],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const sent = await runWorkflow(() =>
        resendSms({ ...workflowDeps(deps, actor), applicationId, input: body }),
      );
      return c.json({ application: applicationView(sent.application), status: sent.status }, 200);
    },
  }),
];
