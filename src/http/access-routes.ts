/**
 * 备案资源 and 备案服务码 (issue 15): operators register and import the servers customers bought, read
 * their codes and void them; applicants list, look up and grant the codes they hold, and change a
 * filed website's access (变更接入). Codes travel in bodies, never in URLs (logs keep URLs).
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import { SERVICE_CODE_STATUSES } from '../filing/index.ts';
import {
  changeAccess,
  grantServiceCode,
  importResources,
  listResources,
  listServiceCodes,
  lookupServiceCode,
  myServiceCodes,
  registerResource,
  voidServiceCode,
} from '../workflow/index.ts';
import { workflowDeps } from './context.ts';
import { ApiError } from './errors.ts';
import { defineRoute } from './route.ts';
import { runWorkflow } from './workflow-errors.ts';
import { applicationSchema, applicationView } from './workflow-schemas.ts';
import { icpNumberParam } from './workflow-support.ts';

const resourceSchema = z
  .object({
    id: z.number(),
    account: z.string(),
    label: z.string(),
    accessMethod: z.string(),
    province: z.string(),
    ips: z.array(z.string()),
    termStart: z.string().describe('YYYY-MM-DD, Asia/Shanghai'),
    termEnd: z.string().describe('YYYY-MM-DD, Asia/Shanghai'),
    codeQuota: z.number(),
    createdAt: z.string(),
  })
  .meta({ id: 'AccessResource' });

const codeStatus = z.enum(SERVICE_CODE_STATUSES);
const serviceCodeSchema = z
  .object({
    code: z.string().describe('16 characters; shown in groups of four'),
    resourceId: z.number(),
    holder: z.string(),
    status: codeStatus,
    applicationId: z.number().nullable(),
    websiteIndex: z.number().nullable(),
    websiteNumber: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ServiceCode' });

const myServiceCodeSchema = serviceCodeSchema
  .extend({
    resource: z.object({
      label: z.string(),
      province: z.string(),
      ips: z.array(z.string()),
      termEnd: z.string(),
      accessMethod: z.string(),
    }),
  })
  .meta({ id: 'MyServiceCode' });

const listQuery = z.strictObject({
  account: z.string().max(64).optional(),
  page: z
    .string()
    .regex(/^[1-9]\d{0,4}$/)
    .transform(Number)
    .optional(),
});

const RESOURCE_ID = /^[1-9]\d{0,14}$/;
/** Most characters of CSV one API import takes; the CLI streams files of any size. */
const MAX_IMPORT_CHARS = 1024 * 1024;

const importSummarySchema = z
  .object({
    imported: z.number(),
    skipped: z.number(),
    duplicates: z.number(),
    codes: z.number(),
    truncated: z.boolean(),
    errors: z.array(
      z.object({
        line: z.number(),
        field: z.string().optional(),
        message: z.object({ zh: z.string(), en: z.string() }),
      }),
    ),
    errorsOmitted: z.number(),
  })
  .meta({ id: 'ResourceImportSummary' });

export const ACCESS_ROUTES = [
  defineRoute({
    method: 'get',
    path: '/resources',
    access: 'resource.manage',
    summary: 'Registered resources (备案资源), newest first, with their codes counted by status',
    tags: ['resources'],
    query: listQuery,
    responses: [
      {
        status: 200,
        description: 'One page of resources',
        schema: z.object({
          total: z.number(),
          resources: z.array(resourceSchema.extend({ codes: z.record(codeStatus, z.number()) })),
        }),
      },
    ],
    async handle({ c, actor, deps, query }) {
      const result = await listResources({
        ...workflowDeps(deps, actor),
        ...(query.account === undefined ? {} : { account: query.account }),
        ...(query.page === undefined ? {} : { page: query.page }),
      });
      return c.json(result, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/resources',
    access: 'resource.manage',
    summary: 'Register a resource a customer bought; it issues its filing service codes (备案服务码)',
    tags: ['resources'],
    body: z.record(z.string(), z.unknown()),
    errors: ['CONFLICT'],
    responses: [
      {
        status: 201,
        description: 'The resource and its codes',
        schema: z.object({ resource: resourceSchema, codes: z.array(z.string()) }),
      },
    ],
    async handle({ c, actor, deps, body }) {
      const made = await runWorkflow(() => registerResource({ ...workflowDeps(deps, actor), input: body }));
      return c.json(made, 201);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/resources/import',
    access: 'resource.manage',
    summary: 'Import resources from CSV text (columns as `beian resources import`), line by line',
    tags: ['resources'],
    body: z.strictObject({ csv: z.string().max(MAX_IMPORT_CHARS) }),
    responses: [
      { status: 200, description: 'What was imported and why lines were not', schema: importSummarySchema },
    ],
    async handle({ c, actor, deps, body }) {
      const summary = await runWorkflow(() =>
        importResources({ ...workflowDeps(deps, actor), input: Readable.from([body.csv]), format: 'csv' }),
      );
      return c.json(summary, 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/resources/:id/codes',
    access: 'resource.manage',
    summary: 'One resource and every filing service code it issued',
    tags: ['resources'],
    errors: ['NOT_FOUND'],
    responses: [
      {
        status: 200,
        description: 'The resource and its codes',
        schema: z.object({ resource: resourceSchema, codes: z.array(serviceCodeSchema) }),
      },
    ],
    async handle({ c, actor, deps }) {
      const raw = c.req.param('id') ?? '';
      if (!RESOURCE_ID.test(raw)) throw new ApiError('NOT_FOUND');
      const result = await runWorkflow(() =>
        listServiceCodes({ ...workflowDeps(deps, actor), resourceId: Number(raw) }),
      );
      return c.json(result, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/service-codes/void',
    access: 'resource.manage',
    summary: 'Void an unused or bound filing service code',
    tags: ['resources'],
    body: z.strictObject({ code: z.string().max(64) }),
    errors: ['NOT_FOUND', 'INVALID_TRANSITION'],
    responses: [{ status: 200, description: 'The code, void', schema: serviceCodeSchema }],
    async handle({ c, actor, deps, body }) {
      const code = await runWorkflow(() =>
        voidServiceCode({ ...workflowDeps(deps, actor), code: body.code }),
      );
      return c.json(code, 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/service-codes/mine',
    access: 'service-code.read-own',
    summary: 'The filing service codes this account holds, with their servers',
    tags: ['service-codes'],
    responses: [
      { status: 200, description: 'My codes', schema: z.object({ codes: z.array(myServiceCodeSchema) }) },
    ],
    async handle({ c, actor, deps }) {
      return c.json({ codes: await myServiceCodes(workflowDeps(deps, actor)) }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/service-codes/lookup',
    access: 'service-code.read-own',
    summary:
      'Look up a code this account holds (another account’s answers as one that does not exist); 20 look-ups per 10 minutes',
    tags: ['service-codes'],
    body: z.strictObject({ code: z.string().max(64) }),
    errors: ['NOT_FOUND', 'SERVICE_CODE_LOOKUP_LIMITED'],
    responses: [{ status: 200, description: 'The code and its server', schema: myServiceCodeSchema }],
    async handle({ c, actor, deps, body }) {
      const found = await runWorkflow(() =>
        lookupServiceCode({ ...workflowDeps(deps, actor), code: body.code }),
      );
      if (found === null) {
        throw new ApiError('NOT_FOUND', {
          message: { zh: '本账号没有这个备案服务码', en: 'This account holds no such filing service code' },
        });
      }
      return c.json(found, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/service-codes/grant',
    access: 'service-code.grant-own',
    summary: 'Grant an unused code this account holds to another applicant account',
    tags: ['service-codes'],
    body: z.strictObject({ code: z.string().max(64), toAccount: z.string().max(64) }),
    errors: ['INVALID_TRANSITION'],
    responses: [{ status: 200, description: 'The code, now the other account’s', schema: serviceCodeSchema }],
    async handle({ c, actor, deps, body }) {
      const code = await runWorkflow(() =>
        grantServiceCode({ ...workflowDeps(deps, actor), code: body.code, toAccount: body.toAccount }),
      );
      return c.json(code, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/filings/:number/change-access',
    access: 'filing.change-own',
    summary:
      'Change a filed website’s access (变更接入): a new code and its IPs, through provider and bureau review without the domain checks; the number stays',
    tags: ['filings'],
    body: z.strictObject({
      access: z.record(z.string(), z.unknown()).describe('serviceCode, ips (optional), responsiblePerson'),
      applicationId: z.number().int().min(1).optional().describe('Revise this rejected access change'),
    }),
    errors: ['NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION', 'SUBJECT_HAS_ACTIVE_APPLICATION'],
    responses: [
      { status: 201, description: 'The access change, in provider review', schema: applicationSchema },
    ],
    async handle({ c, actor, deps, body }) {
      const websiteNumber = icpNumberParam(c);
      const app = await runWorkflow(() =>
        changeAccess({
          ...workflowDeps(deps, actor),
          websiteNumber,
          input: body.access,
          ...(body.applicationId === undefined ? {} : { applicationId: body.applicationId }),
        }),
      );
      return c.json(applicationView(app), 201);
    },
  }),
];
