/**
 * Use case: list applications (备案申请列表) — the caller's own, newest first (what an applicant looks
 * for is what they did last), or every account's, oldest first (a queue is worked in the order it was
 * filled); optionally of one status, a page at a time.
 */
import type { ApplicationStatus } from '../filing/index.ts';
import type { Application } from './application.ts';
import { applicationFromRow } from './application.ts';
import type { ActorDeps } from './context.ts';
import type { ReadScope } from './read-application.ts';
import { requireReadScope } from './read-application.ts';

export async function listApplications(
  deps: ActorDeps & { scope: ReadScope; status?: ApplicationStatus; limit: number; offset?: number },
): Promise<Application[]> {
  requireReadScope(deps);
  let select = deps.database.kysely.selectFrom('application').selectAll();
  if (deps.scope === 'own') select = select.where('account', '=', deps.actor.account);
  if (deps.status !== undefined) select = select.where('status', '=', deps.status);
  const rows = await select
    .orderBy('id', deps.scope === 'own' ? 'desc' : 'asc')
    .limit(deps.limit)
    .offset(deps.offset ?? 0)
    .execute();
  return rows.map(applicationFromRow);
}

/**
 * 申请状况 — how many applications are in each status, for /metrics: a grouped count, no row read and
 * no actor (the numbers say nothing about anyone; access to them is the metrics endpoint's).
 */
export async function countApplicationsByStatus(
  database: ActorDeps['database'],
): Promise<Partial<Record<ApplicationStatus, number>>> {
  const rows = await database.kysely
    .selectFrom('application')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}
