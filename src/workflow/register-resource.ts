/**
 * Use case: 登记备案资源 — an operator registers a server a customer bought (its account, public IPs,
 * access method, province and paid term) and the resource issues its filing service codes (the
 * configured number; Alibaba Cloud limits the codes per instance, error 609 "该实例绑定备案服务码个数已达上限").
 */
import { makeResourceSchema, parseFields } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { ActorDeps, ResourceDeps } from './context.ts';
import { accessSettings, requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import type { AccessResource } from './service-codes.ts';
import { insertResource } from './service-codes.ts';
import { invalid } from './verify.ts';

export const resourceSchema = (deps: ResourceDeps) =>
  makeResourceSchema({
    findProvince: (name) => deps.policy.findProvince(name)?.name ?? null,
    ranges: accessSettings(deps).ranges,
  });

export async function registerResource(
  deps: ActorDeps & { input: unknown },
): Promise<{ resource: AccessResource; codes: string[] }> {
  requirePermission(deps.actor, 'resource.manage', { zh: '登记备案资源', en: 'register resources' });
  const parsed = parseFields(resourceSchema(deps), deps.input);
  if (!parsed.ok) throw invalid(parsed.errors);
  return writeTransaction(deps.database, async (tx) => {
    const account = await tx
      .selectFrom('account')
      .select('role')
      .where('login', '=', parsed.value.account)
      .executeTakeFirst();
    if (account?.role !== 'applicant') {
      throw invalid([
        {
          path: 'account',
          code: 'INVALID_VALUE',
          message: { zh: '没有这个申请人账号', en: 'No applicant account has this login name' },
        },
      ]);
    }
    const created = await insertResource(tx, deps, parsed.value, 'form');
    if (created === null) {
      throw new WorkflowError('CONFLICT', {
        zh: `该账号已登记名为“${parsed.value.label}”的资源`,
        en: `This account already has a resource named "${parsed.value.label}"`,
      });
    }
    return created;
  });
}
