/**
 * Use case: 授权备案服务码 — the holder of an unused code lets another applicant account use it
 * (Alibaba Cloud GrantBsnCode: "当生成备案服务号的账号，和使用备案服务号的账号不同时…完成跨账号授权").
 * Only an unused code moves: one bound to an application is that application's.
 */
import { normalizeServiceCode } from '../filing/index.ts';
import { insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import { invalid } from './verify.ts';
import type { ServiceCode } from './service-codes.ts';
import { codeFromRow } from './service-codes.ts';

const unknownCode = () =>
  invalid([
    {
      path: 'code',
      code: 'SERVICE_CODE_UNKNOWN',
      message: { zh: '本账号没有这个备案服务码', en: 'This account holds no such filing service code' },
    },
  ]);

export async function grantServiceCode(
  deps: ActorDeps & { code: string; toAccount: string },
): Promise<ServiceCode> {
  const { actor, now } = deps;
  requirePermission(actor, 'service-code.grant-own', { zh: '授权备案服务码', en: 'grant service codes' });
  const code = normalizeServiceCode(deps.code);
  if (code === null) throw unknownCode();
  const to = deps.toAccount.trim().slice(0, 64);
  return writeTransaction(deps.database, async (tx) => {
    const row = await tx.selectFrom('service_code').selectAll().where('code', '=', code).executeTakeFirst();
    if (!row || row.holder !== actor.account) throw unknownCode();
    if (row.status !== 'unused') {
      throw new WorkflowError('INVALID_TRANSITION', {
        zh: '只有未使用的备案服务码可以授权给其他账号',
        en: 'Only an unused filing service code can be granted to another account',
      });
    }
    const target = await tx
      .selectFrom('account')
      .select(['role', 'disabled'])
      .where('login', '=', to)
      .executeTakeFirst();
    if (!target || target.role !== 'applicant' || target.disabled !== 0 || to === actor.account) {
      throw invalid([
        {
          path: 'toAccount',
          code: 'INVALID_VALUE',
          message: {
            zh: '请填写另一个有效的申请人账号',
            en: 'Enter another, active applicant account',
          },
        },
      ]);
    }
    const updated = await tx
      .updateTable('service_code')
      .set({ holder: to, updated_at: now.toISOString() })
      .where('code', '=', code)
      .where('holder', '=', actor.account)
      .where('status', '=', 'unused')
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertAuditEvent(tx, {
      applicationId: null,
      actor,
      action: 'service-code.grant',
      from: null,
      to: null,
      target: `service-code:${code}`,
      data: { from: actor.account, to },
      now,
    });
    return codeFromRow(updated);
  });
}
