/** Use case: 资源的备案服务码 — an operator reads one resource and every code it issued. */
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound } from './errors.ts';
import type { AccessResource, ServiceCode } from './service-codes.ts';
import { codeFromRow, resourceFromRow } from './service-codes.ts';

export async function listServiceCodes(
  deps: ActorDeps & { resourceId: number },
): Promise<{ resource: AccessResource; codes: ServiceCode[] }> {
  requirePermission(deps.actor, 'resource.manage', { zh: '查看备案服务码', en: 'read service codes' });
  const db = deps.database.kysely;
  const row = Number.isSafeInteger(deps.resourceId)
    ? await db.selectFrom('access_resource').selectAll().where('id', '=', deps.resourceId).executeTakeFirst()
    : undefined;
  if (!row) throw notFound({ zh: '该备案资源', en: 'resource' });
  const codes = await db
    .selectFrom('service_code')
    .selectAll()
    .where('resource_id', '=', row.id)
    .orderBy('created_at')
    .orderBy('code')
    .execute();
  return { resource: resourceFromRow(row), codes: codes.map(codeFromRow) };
}
