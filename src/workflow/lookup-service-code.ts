/**
 * Use case: 查询备案服务码 — an applicant checks a code before naming it (Tencent Cloud's console has
 * CheckLicenseKey, 检查授权码有效性): whether this account may use it, its status, and its server.
 * A code held by another account is answered exactly like one that does not exist, and every look-up
 * counts against a per-account limit in the database (src/accounts/request-limits.ts), so the look-up
 * is no oracle to probe codes with.
 */
import { createRateLimiters } from '../accounts/index.ts';
import { normalizeServiceCode } from '../filing/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import type { MyServiceCode } from './my-service-codes.ts';
import { codeFromRow } from './service-codes.ts';

export async function lookupServiceCode(deps: ActorDeps & { code: string }): Promise<MyServiceCode | null> {
  requirePermission(deps.actor, 'service-code.read-own', {
    zh: '查询备案服务码',
    en: 'look up service codes',
  });
  const limiter = createRateLimiters(deps.database, {}, () => deps.now).serviceCodeLookup;
  const decision = await limiter.hit(deps.actor.account);
  if (!decision.allowed) {
    const minutes = Math.ceil(decision.retryAfterSeconds / 60);
    throw new WorkflowError('SERVICE_CODE_LOOKUP_LIMITED', {
      zh: `查询备案服务码过于频繁，请 ${minutes} 分钟后再试`,
      en: `Too many service code look-ups; try again in ${minutes} minute(s)`,
    });
  }
  const code = normalizeServiceCode(deps.code);
  if (code === null) return null;
  const row = await deps.database.kysely
    .selectFrom('service_code as c')
    .innerJoin('access_resource as r', 'r.id', 'c.resource_id')
    .selectAll('c')
    .select(['r.label', 'r.province', 'r.ips', 'r.term_end', 'r.access_method'])
    .where('c.code', '=', code)
    .where('c.holder', '=', deps.actor.account)
    .executeTakeFirst();
  if (!row) return null;
  return {
    ...codeFromRow(row),
    resource: {
      label: row.label,
      province: row.province,
      ips: (JSON.parse(row.ips) as unknown[]).map(String),
      termEnd: row.term_end,
      accessMethod: row.access_method,
    },
  };
}
