/**
 * 变更主体 and 转移备案 (issue 15). A subject change is saved as a draft (documents such as the 更名函
 * are uploaded to it through /applications/:id/documents) and then submitted; a transfer is asked by
 * the receiving account and answered by the subject's 主体负责人 with the texted link's token and code,
 * which travel in bodies, never in URLs (logs keep URLs).
 */
import type { Context } from 'hono';
import { z } from 'zod';
import {
  answerTransfer,
  changeSubject,
  myTransfers,
  readFiledSubject,
  readTransfer,
  requestTransfer,
  submitSubjectChange,
} from '../workflow/index.ts';
import type { AppDeps, AppEnv } from './context.ts';
import { workflowDeps } from './context.ts';
import { defineRoute } from './route.ts';
import { runWorkflow } from './workflow-errors.ts';
import { applicationSchema, applicationView } from './workflow-schemas.ts';
import { applicationIdParam, icpNumberParam } from './workflow-support.ts';

const filedSubjectSchema = z
  .object({
    subjectNumber: z.string(),
    name: z.string(),
    province: z.string().describe('GB/T 2260 code of the bureau'),
    type: z.string().nullable(),
    idType: z.string(),
    idNumber: z.string(),
    details: z
      .record(z.string(), z.unknown())
      .nullable()
      .describe('Addresses, 主体负责人 and remarks as last approved; null when none are known here'),
  })
  .meta({ id: 'FiledSubject' });

const transferRequestSchema = z
  .object({
    id: z.number(),
    query: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    state: z
      .enum(['pending', 'transferred', 'not-confirmed'])
      .describe('Pending until it expires unless the transfer happened: whether a code went out is not told'),
  })
  .meta({ id: 'TransferRequest' });

const transferForPrincipalSchema = z
  .object({
    state: z.enum(['open', 'confirmed', 'declined', 'failed', 'expired', 'closed']),
    requester: z.string(),
    subjectName: z.string(),
    subjectNumber: z.string(),
    fromAccount: z.string(),
    expiresAt: z.string(),
    triesLeft: z.number(),
  })
  .meta({ id: 'TransferForPrincipal' });

const token = z.string().min(1).max(200).describe('The token of the link texted to the principal');

/** The answer page's address for a token: BEIAN_PUBLIC_URL, else the request's origin. */
export const transferLink =
  (deps: AppDeps, c: Context<AppEnv>) =>
  (linkToken: string): string =>
    `${deps.publicUrl ?? new URL(c.req.url).origin}/transfer/${linkToken}`;

export const TRANSFER_ROUTES = [
  defineRoute({
    method: 'get',
    path: '/filings/:number/subject',
    access: 'filing.read-own',
    summary: 'One of my filed subjects as a subject change (变更主体) starts from',
    tags: ['filings'],
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The filed subject', schema: filedSubjectSchema }],
    async handle({ c, actor, deps }) {
      const subjectNumber = icpNumberParam(c);
      const filed = await runWorkflow(() =>
        readFiledSubject({ ...workflowDeps(deps, actor), subjectNumber }),
      );
      const { id: _id, account: _account, ...view } = filed;
      return c.json(view, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/filings/:number/change-subject',
    access: 'filing.change-own',
    summary:
      'Save a subject change (变更主体) of my filed subject as a draft: name, addresses, 主体负责人; the certificate cannot change. Upload a 更名函 (name-change-letter) to it for a new name, then submit',
    tags: ['filings'],
    body: z.strictObject({
      subject: z.record(z.string(), z.unknown()).describe('The subject as the filing form takes it'),
      applicationId: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('Revise this draft or rejected subject change'),
    }),
    errors: ['NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION', 'SUBJECT_HAS_ACTIVE_APPLICATION'],
    responses: [{ status: 201, description: 'The subject change, a draft', schema: applicationSchema }],
    async handle({ c, actor, deps, body }) {
      const subjectNumber = icpNumberParam(c);
      const app = await runWorkflow(() =>
        changeSubject({
          ...workflowDeps(deps, actor),
          subjectNumber,
          input: body.subject,
          ...(body.applicationId === undefined ? {} : { applicationId: body.applicationId }),
        }),
      );
      return c.json(applicationView(app), 201);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/applications/:id/submit-subject-change',
    access: 'application.submit-own',
    summary: 'Submit a saved subject change (变更主体) for the provider’s review; a new name needs a 更名函',
    tags: ['applications'],
    errors: ['NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION', 'SUBJECT_HAS_ACTIVE_APPLICATION'],
    responses: [{ status: 200, description: 'Submitted', schema: applicationSchema }],
    async handle({ c, actor, deps }) {
      const applicationId = applicationIdParam(c);
      const app = await runWorkflow(() =>
        submitSubjectChange({ ...workflowDeps(deps, actor), applicationId }),
      );
      return c.json(applicationView(app), 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/transfers',
    access: 'filing.transfer-request',
    summary: 'My filing transfer requests (转移备案), newest first',
    tags: ['transfers'],
    responses: [
      {
        status: 200,
        description: 'My requests',
        schema: z.object({ transfers: z.array(transferRequestSchema) }),
      },
    ],
    async handle({ c, actor, deps }) {
      return c.json({ transfers: await myTransfers(workflowDeps(deps, actor)) }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/transfers',
    access: 'filing.transfer-request',
    summary:
      'Ask to take over a subject filed here under another account (转移备案, seed Q9) by its certificate or ICP number. The answer is the same whether or not such a subject exists; its 主体负责人 gets a code and a link',
    tags: ['transfers'],
    body: z.strictObject({ query: z.string().max(100).describe('Certificate number or ICP number') }),
    errors: ['TRANSFER_REQUEST_LIMITED'],
    responses: [{ status: 202, description: 'Requested', schema: transferRequestSchema }],
    async handle({ c, actor, deps, body }) {
      const made = await runWorkflow(() =>
        requestTransfer({
          ...workflowDeps(deps, actor),
          query: body.query,
          sms: deps.sms,
          confirmLink: transferLink(deps, c),
        }),
      );
      return c.json(made, 202);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/transfers/read',
    access: 'filing.transfer-confirm',
    summary: 'The transfer request a texted link opens, as its 主体负责人 sees it',
    tags: ['transfers'],
    body: z.strictObject({ token }),
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The request', schema: transferForPrincipalSchema }],
    async handle({ c, deps, body }) {
      const read = await runWorkflow(() =>
        readTransfer({ database: deps.db, now: deps.now(), token: body.token }),
      );
      return c.json(read, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/transfers/answer',
    access: 'filing.transfer-confirm',
    summary:
      'The 主体负责人 confirms (with the texted code) or declines a transfer; on confirmation the subject and its websites move to the requesting account. 5 wrong codes void the request',
    tags: ['transfers'],
    body: z.strictObject({
      token,
      decision: z.enum(['confirm', 'decline']),
      code: z.string().max(20).optional(),
    }),
    errors: [
      'NOT_FOUND',
      'VALIDATION_FAILED',
      'SMS_FAILED',
      'INVALID_TRANSITION',
      'SUBJECT_HAS_ACTIVE_APPLICATION',
      'CONFLICT',
    ],
    responses: [
      {
        status: 200,
        description: 'Answered',
        schema: z.object({
          outcome: z.enum(['confirmed', 'declined']),
          subjectNumber: z.string(),
          requester: z.string(),
        }),
      },
    ],
    async handle({ c, deps, body }) {
      const done = await runWorkflow(() =>
        answerTransfer({
          database: deps.db,
          now: deps.now(),
          token: body.token,
          decision: body.decision,
          ...(body.code === undefined ? {} : { code: body.code }),
        }),
      );
      return c.json(done, 200);
    },
  }),
];
