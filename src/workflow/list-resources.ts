/** Use case: 备案资源列表 — the resources registered here, newest first, with their codes counted by status. */
import type { ServiceCodeStatus } from '../filing/index.ts';
import { SERVICE_CODE_STATUSES } from '../filing/index.ts';
import type { ResourceDeps } from './context.ts';
import { requirePermission } from './context.ts';
import type { AccessResource } from './service-codes.ts';
import { resourceFromRow } from './service-codes.ts';

export type ResourceSummary = AccessResource & { codes: Record<ServiceCodeStatus, number> };

/** At most this many per page. */
export const RESOURCES_PAGE_SIZE = 50;

export async function listResources(
  deps: ResourceDeps & { account?: string; page?: number },
): Promise<{ resources: ResourceSummary[]; total: number }> {
  requirePermission(deps.actor, 'resource.manage', { zh: '查看备案资源', en: 'read resources' });
  const db = deps.database.kysely;
  const page = Math.max(1, Math.min(deps.page ?? 1, 10_000));
  let query = db.selectFrom('access_resource');
  if (deps.account !== undefined && deps.account !== '')
    query = query.where('account', '=', deps.account.slice(0, 64));
  const { total } = await query
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .selectAll()
    .orderBy('id', 'desc')
    .limit(RESOURCES_PAGE_SIZE)
    .offset((page - 1) * RESOURCES_PAGE_SIZE)
    .execute();
  const ids = rows.map((r) => r.id);
  const counts =
    ids.length === 0
      ? []
      : await db
          .selectFrom('service_code')
          .select(['resource_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
          .where('resource_id', 'in', ids)
          .groupBy(['resource_id', 'status'])
          .execute();
  const resources = rows.map((row) => {
    const codes = Object.fromEntries(SERVICE_CODE_STATUSES.map((s) => [s, 0])) as Record<
      ServiceCodeStatus,
      number
    >;
    for (const c of counts) if (c.resource_id === row.id) codes[c.status] = Number(c.n);
    return { ...resourceFromRow(row), codes };
  });
  return { resources, total: Number(total) };
}
