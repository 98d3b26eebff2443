/**
 * Reading the registrar: domains (all of them for operators, one's own for applicants), one domain with
 * its history, and the real-name queue operators work through.
 */
import type { RegistrarContext } from './context.ts';
import { domainScope, parseRegistrableDomain, requirePermission, requireReach } from './context.ts';
import { domainView, loadDomainRow } from './domain-row.ts';
import type {
  RealNameSubmission,
  RegistrarActor,
  RegistrarDomain,
  RegistrarDomainDetail,
  RegistrarDomainStatus,
  RegistrarRealNameStatus,
  SubmissionStatus,
} from './types.ts';
import { certificateView, reportView, submissionView } from './views.ts';

export const DOMAIN_STATUSES = ['active', 'transferred-out'] as const;
export const REGISTRAR_REAL_NAME_STATUSES = ['none', 'pending', 'verified', 'rejected'] as const;
export const SUBMISSION_STATUSES = ['pending', 'approved', 'rejected', 'superseded'] as const;
export const MAX_PAGE = 500;

export type DomainListFilter = {
  status?: RegistrarDomainStatus;
  realName?: RegistrarRealNameStatus;
  /** Operators only: the domains of one account. */
  account?: string;
  limit?: number;
  offset?: number;
};

const page = (n: number | undefined, fallback: number) => Math.min(Math.max(n ?? fallback, 0), MAX_PAGE);

/** Domains in A-label order. */
export async function listDomains(
  ctx: RegistrarContext,
  request: { actor: RegistrarActor; filter?: DomainListFilter },
): Promise<RegistrarDomain[]> {
  const { actor } = request;
  const filter = request.filter ?? {};
  const scope = domainScope(actor, { zh: '查看注册的域名', en: 'see registered domains' });
  let query = ctx.database.kysely.selectFrom('registrar_domain').selectAll();
  if (scope === 'own') query = query.where('account', '=', actor.account);
  else if (filter.account !== undefined) query = query.where('account', '=', filter.account);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.realName !== undefined) query = query.where('real_name_status', '=', filter.realName);
  const rows = await query
    .orderBy('domain')
    .limit(page(filter.limit, 100))
    .offset(Math.max(filter.offset ?? 0, 0))
    .execute();
  return rows.map((row) => domainView(ctx, row));
}

/** One domain with its submissions, reports and certificates, newest first. */
export async function getDomain(
  ctx: RegistrarContext,
  request: { actor: RegistrarActor; domain: string },
): Promise<RegistrarDomainDetail> {
  const { actor } = request;
  const scope = domainScope(actor, { zh: '查看注册的域名', en: 'see registered domains' });
  const domain = parseRegistrableDomain(request.domain);
  const db = ctx.database.kysely;
  const row = await loadDomainRow(db, domain.ascii);
  requireReach(actor, scope, row, domain.unicode);
  const [submissions, reports, certificates] = await Promise.all([
    db
      .selectFrom('real_name_submission')
      .selectAll()
      .where('domain', '=', domain.ascii)
      .orderBy('id', 'desc')
      .execute(),
    db
      .selectFrom('real_name_report')
      .selectAll()
      .where('domain', '=', domain.ascii)
      .orderBy('id', 'desc')
      .execute(),
    db
      .selectFrom('domain_certificate')
      .selectAll()
      .where('domain', '=', domain.ascii)
      .orderBy('id', 'desc')
      .execute(),
  ]);
  return {
    domain: domainView(ctx, row),
    submissions: submissions.map(submissionView),
    reports: reports.map(reportView),
    certificates: certificates.map(certificateView),
  };
}

/** The real-name queue: submissions by status (pending first in line, oldest first), for operators. */
export async function listSubmissions(
  ctx: RegistrarContext,
  request: {
    actor: RegistrarActor;
    status?: SubmissionStatus;
    domain?: string;
    limit?: number;
    offset?: number;
  },
): Promise<RealNameSubmission[]> {
  requirePermission(request.actor, 'registrar.manage', {
    zh: '查看实名认证队列',
    en: 'see the real-name queue',
  });
  let query = ctx.database.kysely.selectFrom('real_name_submission').selectAll();
  if (request.status !== undefined) query = query.where('status', '=', request.status);
  if (request.domain !== undefined)
    query = query.where('domain', '=', parseRegistrableDomain(request.domain).ascii);
  const rows = await query
    .orderBy('id')
    .limit(page(request.limit, 100))
    .offset(Math.max(request.offset ?? 0, 0))
    .execute();
  return rows.map(submissionView);
}
