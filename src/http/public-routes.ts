/** 预检 and 备案查询: what anyone may ask (the permission table makes both public actions). */
import { z } from 'zod';
import { can } from '../filing/index.ts';
import type { PublicQuery } from '../miit/index.ts';
import { publicQuery } from '../miit/index.ts';
import { withOnlineFacts } from '../online/index.ts';
import {
  CheckRequestError,
  checkRequestSchema,
  checkValidRequest,
  visibilityOf,
  withAccountVisibility,
} from '../checking/index.ts';
import type { Actor } from './context.ts';
import { fieldError } from './errors.ts';
import { defineRoute } from './route.ts';
import { checkReportSchema, filingsQueryResultSchema } from './schemas.ts';

const queryText = (max: number) => z.string().trim().min(1).max(max).optional();

/** Exactly one of `domain`, `number` (subject or website ICP number), `subject` (full name). */
const filingsQuerySchema = z
  .object({ domain: queryText(4096), number: queryText(64), subject: queryText(256) })
  .superRefine((query, ctx) => {
    const given = [query.domain, query.number, query.subject].filter((value) => value !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of domain, number, subject' });
    }
  });

function publicQueryOf(query: z.output<typeof filingsQuerySchema>): PublicQuery {
  if (query.domain !== undefined) return { by: 'domain', domain: query.domain };
  if (query.number !== undefined) return { by: 'number', number: query.number };
  // Exact names only, as on MIIT's site: a prefix search would let anyone enumerate subjects.
  return { by: 'subject-name', name: query.subject ?? '', match: 'exact' };
}

/**
 * The account a precheck is evaluated for (Q9: a subject filed under another account). Staff who read
 * any application check on an applicant's behalf and may name one; anyone else is checked as who they
 * are, so naming logins cannot reveal which account holds a subject, and learns of another account
 * only for a subject they control (src/checking/subject-accounts.ts).
 */
function precheckAccount(actor: Actor, named: string | undefined): string | undefined {
  if (actor.kind !== 'account') return undefined;
  return can(actor.account.role, 'application.read-any') ? named : actor.account.login;
}

export const PUBLIC_ROUTES = [
  defineRoute({
    method: 'post',
    path: '/precheck',
    access: 'precheck',
    summary: 'Check domains for filing: the same report as `beian check --json`',
    tags: ['precheck'],
    body: checkRequestSchema,
    rateLimit: 'precheck',
    responses: [{ status: 200, description: 'The check report', schema: checkReportSchema }],
    async handle({ c, actor, deps, body }) {
      try {
        // RDAP/WHOIS only where the deployment opted in (AppOptions.online).
        const local = deps.online ? withOnlineFacts(deps.facts, deps.online) : deps.facts;
        const asker = actor.kind === 'account' ? actor.account : null;
        const facts = withAccountVisibility(local, visibilityOf(deps.db.kysely, asker));
        const request = { ...body, account: precheckAccount(actor, body.account) };
        // The body is checkRequestSchema's output already (mountRoute validated it).
        const report = await checkValidRequest({ policy: deps.policy, facts }, request, deps.now);
        deps.metrics.observeChecks(report.results);
        return c.json(report, 200);
      } catch (error) {
        // Well-formed but unknown (a province nobody has heard of): a field error like zod's.
        if (error instanceof CheckRequestError)
          throw fieldError(error.field, 'unknown_value', error.messages);
        throw error;
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/filings',
    access: 'filing.query-public',
    summary: 'Public query of filed websites by domain, ICP number or full subject name (exactly one)',
    tags: ['filings'],
    query: filingsQuerySchema,
    responses: [{ status: 200, description: 'Filed websites that match', schema: filingsQueryResultSchema }],
    async handle({ c, deps, query }) {
      // Typed as the documented schema: this fails to compile if src/miit's records drift from it.
      const result: z.output<typeof filingsQueryResultSchema> = {
        results: await publicQuery(deps.db.kysely, deps.policy, publicQueryOf(query)),
      };
      return c.json(result, 200);
    },
  }),
];
