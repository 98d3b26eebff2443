/**
 * Use case: 作废备案服务码 — an operator ends a code (a refund, a server returned early). A code in an
 * application under way or filed is refused: the website would lose its access under it; that takes
 * a 取消接入 or 变更接入.
 */
import { normalizeServiceCode } from '../filing/index.ts';
import { insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound, WorkflowError } from './errors.ts';
import type { ServiceCode } from './service-codes.ts';
import { codeFromRow } from './service-codes.ts';

export async function voidServiceCode(deps: ActorDeps & { code: string }): Promise<ServiceCode> {
  const { actor, now } = deps;
  requirePermission(actor, 'resource.manage', { zh: '作废备案服务码', en: 'void service codes' });
  const code = normalizeServiceCode(deps.code);
  if (code === null) throw notFound({ zh: '该备案服务码', en: 'service code' });
  return writeTransaction(deps.database, async (tx) => {
    const row = await tx.selectFrom('service_code').selectAll().where('code', '=', code).executeTakeFirst();
    if (!row) throw notFound({ zh: '该备案服务码', en: 'service code' });
    if (row.status !== 'unused' && row.status !== 'bound') {
      throw new WorkflowError('INVALID_TRANSITION', {
        zh: '备案中、已备案或已作废的服务码不能作废；已备案网站请办理取消接入或变更接入',
        en: 'A code in filing, filed or already void cannot be voided; for a filed website cancel or change its access',
      });
    }
    const updated = await tx
      .updateTable('service_code')
      .set({ status: 'void', updated_at: now.toISOString() })
      .where('code', '=', code)
      .where('status', '=', row.status)
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertAuditEvent(tx, {
      applicationId: row.application_id,
      actor,
      action: 'service-code.void',
      from: null,
      to: null,
      target: `service-code:${code}`,
      data: { previous: row.status, reason: 'operator' },
      now,
    });
    return codeFromRow(updated);
  });
}
