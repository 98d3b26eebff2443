/**
 * APP备案 routes: an application's app step (read; save with signing certificates or APKs as base64,
 * within the JSON body limit: a larger APK's signing certificate gives the same features), the public
 * query of filed apps, 注销APP and 取消接入 of an app.
 */
import { z } from 'zod';
import { APP_PLATFORMS } from '../policy/index.ts';
import { publicAppQuery } from '../miit/index.ts';
import type { PublicAppQuery } from '../miit/index.ts';
import { cancelApp, cancelAppAccess, changeApp, readAppStep, saveDraftApps } from '../workflow/index.ts';
import { applicationSchema, applicationView } from './workflow-schemas.ts';
import type { AppCheck } from '../workflow/index.ts';
import { workflowDeps } from './context.ts';
import { ApiError } from './errors.ts';
import { defineRoute } from './route.ts';
import { runWorkflow } from './workflow-errors.ts';
import { applicationIdParam, icpNumberParam } from './workflow-support.ts';

const localized = z.object({ zh: z.string(), en: z.string() });
const finding = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: localized,
  remedy: localized,
});
const appCheckSchema = z.object({
  app: z.number(),
  path: z.string(),
  ok: z.boolean(),
  findings: z.array(finding),
  domains: z.array(z.object({ host: z.string(), ok: z.boolean(), findings: z.array(finding) })),
});
const fieldErrorSchema = z.object({ path: z.string(), code: z.string(), message: localized });
const appStepSchema = z.object({
  apps: z.array(z.record(z.string(), z.unknown())),
  checks: z.array(appCheckSchema),
  errors: z.array(fieldErrorSchema),
});

const uploadSchema = z.strictObject({
  app: z.number().int().min(0).max(9),
  platform: z.enum(APP_PLATFORMS),
  kind: z.enum(['certificate', 'apk']),
  base64: z
    .string()
    .max(1024 * 1024)
    .regex(/^[A-Za-z0-9+/=\s]*$/),
});
const saveAppsSchema = z.strictObject({
  apps: z.array(z.unknown()).max(10),
  uploads: z.array(uploadSchema).max(30).optional(),
  expectedVersion: z.number().int().min(0).optional(),
});

const view = (checks: readonly AppCheck[]) =>
  checks.map((c) => ({
    app: c.app,
    path: c.path,
    ok: c.result.ok,
    findings: c.result.findings.map(({ code, severity, message, remedy }) => ({
      code,
      severity,
      message,
      remedy,
    })),
    domains: c.result.domains.map((d) => ({
      host: d.host,
      ok: d.result.ok,
      findings: d.result.findings.map(({ code, severity, message, remedy }) => ({
        code,
        severity,
        message,
        remedy,
      })),
    })),
  }));

const appRecordSchema = z.object({
  subjectName: z.string(),
  nature: z.string().nullable(),
  natureName: z.string().nullable(),
  subjectNumber: z.string(),
  appNumber: z.string(),
  appName: z.string(),
  type: z.string(),
  approvedOn: z.string(),
});
const queryText = (max: number) => z.string().trim().min(1).max(max).optional();
/** Exactly one of `name` (the app's full name), `number` (an app's or its subject's), `subject` (full name). */
const appsQuerySchema = z
  .object({ name: queryText(256), number: queryText(64), subject: queryText(256) })
  .superRefine((query, ctx) => {
    const given = [query.name, query.number, query.subject].filter((value) => value !== undefined);
    if (given.length !== 1)
      ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of name, number, subject' });
  });

function appQueryOf(query: z.output<typeof appsQuerySchema>): PublicAppQuery {
  if (query.number !== undefined) return { by: 'number', number: query.number };
  // Exact names only, as for websites: a prefix search would let anyone enumerate subjects.
  if (query.name !== undefined) return { by: 'app-name', name: query.name, match: 'exact' };
  return { by: 'subject-name', name: query.subject ?? '', match: 'exact' };
}

export const APP_ROUTES = [
  defineRoute({
    method: 'get',
    path: '/applications/:id/apps',
    access: 'application.read-own',
    summary: "The application's apps, mini programs and quick apps (APP备案) with the engine's findings now",
    tags: ['applications'],
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The app step', schema: appStepSchema }],
    async handle({ c, actor, deps }) {
      const applicationId = applicationIdParam(c);
      const step = await runWorkflow(() => readAppStep({ ...workflowDeps(deps, actor), applicationId }));
      return c.json({ apps: step.apps, checks: view(step.checks), errors: step.errors }, 200);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/applications/:id/apps',
    access: 'application.update-own',
    summary:
      'Save the app step: every entry validated at once; signing certificates (DER/PEM) or APKs fill in the public key and fingerprints, and a typed value that differs is a field error',
    tags: ['applications'],
    body: saveAppsSchema,
    errors: ['NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION', 'VALIDATION_FAILED'],
    responses: [
      {
        status: 200,
        description: 'Saved; the findings (errors empty: the apps can be submitted)',
        schema: appStepSchema.extend({ application: z.unknown() }),
      },
    ],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const uploads = (body.uploads ?? []).map((u) => ({
        app: u.app,
        platform: u.platform,
        kind: u.kind,
        bytes: Buffer.from(u.base64, 'base64'),
      }));
      const saved = await runWorkflow(() =>
        saveDraftApps({
          ...workflowDeps(deps, actor),
          applicationId,
          apps: body.apps,
          uploads,
          ...(body.expectedVersion === undefined ? {} : { expectedVersion: body.expectedVersion }),
        }),
      );
      return c.json(
        {
          application: applicationView(saved.application),
          apps: saved.apps,
          checks: view(saved.checks),
          errors: saved.errors,
        },
        200,
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/apps',
    access: 'filing.query-public',
    summary:
      'Public query of filed apps by full app name, ICP number (an app’s -NA/-NX, or its subject’s) or full subject name (exactly one)',
    tags: ['filings'],
    query: appsQuerySchema,
    responses: [
      {
        status: 200,
        description: 'Filed apps that match',
        schema: z.object({ results: z.array(appRecordSchema) }),
      },
    ],
    async handle({ c, deps, query }) {
      return c.json({ results: await publicAppQuery(deps.db.kysely, deps.policy, appQueryOf(query)) }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/apps/:number/cancel',
    access: 'filing.cancel-own',
    summary:
      'Cancel a filed app (注销APP) by its number; the subject goes too when nothing else of it is filed',
    tags: ['filings'],
    errors: ['NOT_FOUND', 'MIIT_REFUSED'],
    responses: [
      {
        status: 200,
        description: 'Cancelled',
        schema: z.object({ number: z.string(), subjectCancelled: z.string().nullable() }),
      },
    ],
    async handle({ c, actor, deps }) {
      const number = icpNumberParam(c);
      if (number === '') throw new ApiError('NOT_FOUND');
      const done = await runWorkflow(() => cancelApp({ ...workflowDeps(deps, actor), appNumber: number }));
      return c.json(done, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/apps/:number/cancel-access',
    access: 'filing.cancel-own',
    summary:
      'Cancel this provider’s access (取消接入) to a filed app hosted here; the filing and its number stay',
    tags: ['filings'],
    errors: ['NOT_FOUND', 'INVALID_TRANSITION', 'SUBJECT_HAS_ACTIVE_APPLICATION', 'MIIT_REFUSED'],
    responses: [
      {
        status: 200,
        description: 'Access cancelled',
        schema: z.object({
          number: z.string(),
          providers: z.array(z.string()).describe('The app’s providers left; `self` is gone'),
        }),
      },
    ],
    async handle({ c, actor, deps }) {
      const number = icpNumberParam(c);
      if (number === '') throw new ApiError('NOT_FOUND');
      const done = await runWorkflow(() =>
        cancelAppAccess({ ...workflowDeps(deps, actor), appNumber: number }),
      );
      return c.json(done, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/apps/:number/change',
    access: 'filing.change-own',
    summary:
      'Change a filed app (变更APP): an application through provider review, SMS and the bureau; the number and type stay, a filed package name or Bundle ID cannot be replaced',
    tags: ['filings'],
    body: z.strictObject({
      app: z.record(z.string(), z.unknown()).describe('The app entry as the app step takes it'),
      applicationId: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('Revise this rejected change instead of starting one'),
    }),
    errors: ['NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION', 'SUBJECT_HAS_ACTIVE_APPLICATION', 'MIIT_REFUSED'],
    responses: [
      { status: 201, description: 'The change application, in provider review', schema: applicationSchema },
    ],
    async handle({ c, actor, deps, body }) {
      const number = icpNumberParam(c);
      if (number === '') throw new ApiError('NOT_FOUND');
      const app = await runWorkflow(() =>
        changeApp({
          ...workflowDeps(deps, actor),
          appNumber: number,
          input: body.app,
          ...(body.applicationId === undefined ? {} : { applicationId: body.applicationId }),
        }),
      );
      return c.json(applicationView(app), 201);
    },
  }),
];
