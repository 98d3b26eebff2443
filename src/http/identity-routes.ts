/**
 * 真实性核验 (issue 15): the applicant reads their application's verification and sends each responsible
 * person a link; the person (holding the link, not signed in) opens it and sends the photos and the
 * signed declarations; reviewers read the outcome; operators steer the sandbox vendor. The link routes
 * are counted per address (`identityLink`) before anything else, so tokens cannot be probed at speed.
 */
import { z } from 'zod';
import { identityLinkSender } from '../notifications/index.ts';
import {
  completeIdentityTask,
  identitySheet,
  issueIdentityTask,
  listIdentitySandboxSteers,
  listIdentityTasks,
  openIdentityLink,
  steerIdentitySandbox,
  steerInputSchema,
} from '../workflow/index.ts';
import { workflowDeps } from './context.ts';
import { ApiError } from './errors.ts';
import { defineRoute } from './route.ts';
import { runWorkflow } from './workflow-errors.ts';
import { applicationIdParam } from './workflow-support.ts';

const localized = z.object({ zh: z.string(), en: z.string() });
const taskSchema = z.looseObject({
  id: z.number(),
  personName: z.string(),
  idNumberMasked: z.string(),
  status: z.enum(['pending', 'passed', 'failed', 'superseded']),
  expired: z.boolean(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  completedAt: z.string().nullable(),
  failure: z.string().nullable(),
  failureText: localized.nullable(),
  vendorReference: z.string().nullable(),
});
const overviewSchema = z
  .looseObject({
    applicationId: z.number(),
    mode: z.enum(['required', 'off']),
    requirement: z.looseObject({ method: z.enum(['face', 'curtain']), signedSheet: z.boolean() }).nullable(),
    persons: z.array(
      z.looseObject({
        key: z.string(),
        name: z.string(),
        state: z.enum(['none', 'pending', 'expired', 'passed', 'failed']),
        tasks: z.array(taskSchema),
      }),
    ),
    complete: z.boolean(),
  })
  .meta({ id: 'IdentityOverview', description: '真实性核验 of one application' });
const linkViewSchema = z.looseObject({
  taskId: z.number(),
  personName: z.string(),
  idNumberMasked: z.string(),
  method: z.enum(['face', 'curtain']),
  declarations: z.array(z.object({ id: z.string(), label: localized })),
  expiresAt: z.string(),
});

const tokenParam = (raw: string | undefined): string => {
  const token = raw ?? '';
  // The use case answers every malformed token alike; this only bounds what reaches it.
  if (token.length > 100) throw new ApiError('NOT_FOUND');
  return token;
};

const completeRequestSchema = z.object({
  idPhoto: z.instanceof(File).describe('证件照: JPEG or PNG'),
  facePhoto: z.instanceof(File).describe('本人照片 (or the photo before the provider’s 幕布): JPEG or PNG'),
  declarations: z
    .union([z.string().max(64), z.array(z.string().max(64)).max(10)])
    .optional()
    .describe('The ids of the declarations signed (repeat the field for each)'),
});

/** The verification overview of an application: the applicant's own, or any for the reviewers. */
function overviewRoute(
  path: string,
  access: 'identity.read-own' | 'identity.read-any',
  summary: string,
  scope: 'own' | 'any',
) {
  return defineRoute({
    method: 'get',
    path,
    access,
    summary,
    tags: ['identity'],
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The verification of the application', schema: overviewSchema }],
    async handle({ c, actor, deps }) {
      const applicationId = applicationIdParam(c);
      const overview = await runWorkflow(() =>
        listIdentityTasks({ ...workflowDeps(deps, actor), applicationId, scope }),
      );
      return c.json(overview, 200);
    },
  });
}

export const IDENTITY_ROUTES = [
  overviewRoute(
    '/applications/:id/identity',
    'identity.read-own',
    '真实性核验: the persons my application must have verified, their state and links',
    'own',
  ),
  defineRoute({
    method: 'post',
    path: '/applications/:id/identity/links',
    access: 'identity.issue-own',
    summary:
      'Send a responsible person a verification link (valid 10 minutes, usable once; replaces their pending link), texted to the mobile the form gives them. The token is shown only in this answer.',
    tags: ['identity'],
    body: z.strictObject({ personKey: z.string().min(1).max(100) }),
    errors: ['NOT_FOUND', 'INVALID_TRANSITION', 'VALIDATION_FAILED', 'IDENTITY_ISSUE_LIMITED'],
    responses: [
      {
        status: 201,
        description: 'The link: its task, token and the path of the page the person opens',
        schema: z.object({
          task: taskSchema,
          token: z.string(),
          path: z.string(),
          smsTo: z.string().nullable().describe('The phone the link was texted to, masked; null: none'),
        }),
      },
    ],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const base = workflowDeps(deps, actor);
      const settings = { publicUrl: deps.publicUrl ?? new URL(c.req.url).origin };
      const issued = await runWorkflow(() =>
        issueIdentityTask({
          ...base,
          applicationId,
          personKey: body.personKey,
          sendLink: identityLinkSender(settings, base.now),
        }),
      );
      return c.json(issued, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/applications/:id/identity/sheet',
    access: 'identity.read-own',
    summary: '网站备案信息真实性核验单 of my application (PDF), to sign where the province asks for it',
    tags: ['identity'],
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The sheet', binary: ['application/pdf'] }],
    async handle({ c, actor, deps }) {
      const applicationId = applicationIdParam(c);
      const sheet = await runWorkflow(() =>
        identitySheet({ ...workflowDeps(deps, actor), applicationId, scope: 'own' }),
      );
      return c.body(new Uint8Array(sheet.pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${sheet.fileName}"`,
      });
    },
  }),
  overviewRoute(
    '/review/applications/:id/identity',
    'identity.read-any',
    '真实性核验 of any application, for 初审 and the bureau',
    'any',
  ),
  defineRoute({
    method: 'get',
    path: '/identity-links/:token',
    access: 'identity.complete-link',
    summary: 'Open a verification link: whom it is for, the method and the declarations (anyone holding it)',
    tags: ['identity'],
    rateLimit: 'identityLink',
    errors: ['IDENTITY_LINK_INVALID', 'IDENTITY_LINK_USED', 'IDENTITY_LINK_EXPIRED'],
    responses: [{ status: 200, description: 'The link', schema: linkViewSchema }],
    async handle({ c, deps }) {
      const token = tokenParam(c.req.param('token'));
      const view = await runWorkflow(() => openIdentityLink({ database: deps.db, now: deps.now(), token }));
      return c.json(view, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/identity-links/:token',
    access: 'identity.complete-link',
    summary:
      'Complete a verification link: ID photo, face photo and the signed declarations (multipart). A failed check spends the link too.',
    tags: ['identity'],
    rateLimit: 'identityLink',
    body: completeRequestSchema,
    bodyType: 'multipart',
    errors: [
      'IDENTITY_LINK_INVALID',
      'IDENTITY_LINK_USED',
      'IDENTITY_LINK_EXPIRED',
      'VALIDATION_FAILED',
      'PAYLOAD_TOO_LARGE',
    ],
    responses: [
      {
        status: 200,
        description: 'The vendor’s outcome (a failure is an outcome: the applicant sends a new link)',
        schema: z.object({
          outcome: z.enum(['passed', 'failed']),
          failureText: localized.nullable(),
          task: taskSchema,
        }),
      },
    ],
    async handle({ c, deps, body }) {
      const token = tokenParam(c.req.param('token'));
      const declarations =
        body.declarations === undefined
          ? []
          : typeof body.declarations === 'string'
            ? [body.declarations]
            : body.declarations;
      const result = await runWorkflow(async () =>
        completeIdentityTask({
          database: deps.db,
          now: deps.now(),
          identity: deps.identity,
          maxPhotoBytes: deps.documents.maxBytes,
          input: {
            token,
            idPhoto: new Uint8Array(await body.idPhoto.arrayBuffer()),
            facePhoto: new Uint8Array(await body.facePhoto.arrayBuffer()),
            declarations,
          },
        }),
      );
      return c.json(result, 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/sandbox/identity-outcomes',
    access: 'identity.steer-sandbox',
    summary: 'The verification sandbox’s steered answers (sandbox only)',
    tags: ['identity'],
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'Steered answers, newest first' }],
    async handle({ c, actor, deps }) {
      const steers = await runWorkflow(() => listIdentitySandboxSteers(workflowDeps(deps, actor)));
      return c.json({ steers }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/sandbox/identity-outcomes',
    access: 'identity.steer-sandbox',
    summary:
      'Steer the verification sandbox: what it answers for a certificate number (pass, id-mismatch, face-mismatch, id-unreadable), for the next N checks or until changed',
    tags: ['identity'],
    body: steerInputSchema,
    errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
    responses: [{ status: 200, description: 'The answer now set' }],
    async handle({ c, actor, deps, body }) {
      const steer = await runWorkflow(() =>
        steerIdentitySandbox({ ...workflowDeps(deps, actor), input: body }),
      );
      return c.json(steer, 200);
    },
  }),
];
