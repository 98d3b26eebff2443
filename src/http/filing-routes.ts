/**
 * 已备案 — the applicant's filed subjects and websites here, and what they can do with them: cancel a
 * website (注销网站) or the whole subject (注销主体) by its number, or cancel this provider's access
 * (取消接入). Numbers are never issued again (src/miit/numbers.ts).
 */
import { z } from 'zod';
import { cancelAccess, cancelSubject, cancelWebsite, changeWebsite, myFilings } from '../workflow/index.ts';
import { defineRoute } from './route.ts';
import { runWorkflow } from './workflow-errors.ts';
import {
  accessCancelledSchema,
  applicationSchema,
  applicationView,
  cancelledSchema,
  myFilingsSchema,
} from './workflow-schemas.ts';
import { workflowDeps } from './context.ts';
import { icpNumberParam } from './workflow-support.ts';
import { ApiError } from './errors.ts';

type MyFilings = z.output<typeof myFilingsSchema>;

/** The website form is checked field by field by the filing schemas inside the use case. */
const changeRequestSchema = z.strictObject({
  website: z.record(z.string(), z.unknown()),
  applicationId: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Revise this rejected change instead of starting one'),
});

export const FILING_ROUTES = [
  defineRoute({
    method: 'get',
    path: '/filings/mine',
    access: 'filing.read-own',
    summary: 'My filed subjects and their websites (numbers, domains, providers)',
    tags: ['filings'],
    responses: [{ status: 200, description: 'My filings', schema: myFilingsSchema }],
    async handle({ c, actor, deps }) {
      const result: MyFilings = { subjects: await myFilings(workflowDeps(deps, actor)) };
      return c.json(result, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/filings/:number/cancel',
    access: 'filing.cancel-own',
    summary: 'Cancel a filed website (注销网站, number with -N) or subject (注销主体, with all its websites)',
    tags: ['filings'],
    errors: ['NOT_FOUND', 'SUBJECT_HAS_ACTIVE_APPLICATION', 'MIIT_REFUSED'],
    responses: [{ status: 200, description: 'Cancelled', schema: cancelledSchema }],
    async handle({ c, actor, deps }) {
      const reading = deps.policy.parseIcpNumber(icpNumberParam(c));
      if (!reading.ok) throw new ApiError('NOT_FOUND');
      const { kind, text } = reading.number;
      const d = workflowDeps(deps, actor);
      if (kind === 'website') {
        const done = await runWorkflow(() => cancelWebsite({ ...d, websiteNumber: text }));
        return c.json({ number: done.number, kind, subjectCancelled: done.subjectCancelled }, 200);
      }
      const done = await runWorkflow(() => cancelSubject({ ...d, subjectNumber: text }));
      return c.json({ number: done.number, kind, subjectCancelled: done.number }, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/filings/:number/cancel-access',
    access: 'filing.cancel-own',
    summary: 'Cancel this provider’s access (取消接入) to a filed website; the filing and number stay',
    tags: ['filings'],
    errors: ['NOT_FOUND', 'INVALID_TRANSITION', 'SUBJECT_HAS_ACTIVE_APPLICATION', 'MIIT_REFUSED'],
    responses: [{ status: 200, description: 'Access cancelled', schema: accessCancelledSchema }],
    async handle({ c, actor, deps }) {
      const websiteNumber = icpNumberParam(c);
      const done = await runWorkflow(() => cancelAccess({ ...workflowDeps(deps, actor), websiteNumber }));
      return c.json(done, 200);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/filings/:number/change',
    access: 'filing.change-own',
    summary:
      'Change a filed website (变更网站): an application through provider and bureau review; the number stays, domains may only stay or be reduced',
    tags: ['filings'],
    body: changeRequestSchema,
    errors: ['NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION', 'SUBJECT_HAS_ACTIVE_APPLICATION'],
    responses: [
      { status: 201, description: 'The change application, in provider review', schema: applicationSchema },
    ],
    async handle({ c, actor, deps, body }) {
      const websiteNumber = icpNumberParam(c);
      const { applicationId, website } = body;
      const app = await runWorkflow(() =>
        changeWebsite({
          ...workflowDeps(deps, actor),
          websiteNumber,
          input: website,
          ...(applicationId === undefined ? {} : { applicationId }),
        }),
      );
      return c.json(applicationView(app), 201);
    },
  }),
];
