/**
 * Use case: 我的备案服务码 — the codes this account holds (bought or granted to it), each with its
 * server's name, term, province and IPs, so the applicant can pick one for a website.
 */
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import type { ServiceCode } from './service-codes.ts';
import { codeFromRow } from './service-codes.ts';

export type MyServiceCode = ServiceCode & {
  resource: { label: string; province: string; ips: string[]; termEnd: string; accessMethod: string };
};

/** The most an account is shown; an account holding more sees the newest. */
const MAX_CODES = 500;

export async function myServiceCodes(deps: ActorDeps): Promise<MyServiceCode[]> {
  requirePermission(deps.actor, 'service-code.read-own', { zh: '查看备案服务码', en: 'read service codes' });
  const rows = await deps.database.kysely
    .selectFrom('service_code as c')
    .innerJoin('access_resource as r', 'r.id', 'c.resource_id')
    .selectAll('c')
    .select(['r.label', 'r.province', 'r.ips', 'r.term_end', 'r.access_method'])
    .where('c.holder', '=', deps.actor.account)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.code')
    .limit(MAX_CODES)
    .execute();
  return rows.map((row) => ({
    ...codeFromRow(row),
    resource: {
      label: row.label,
      province: row.province,
      ips: (JSON.parse(row.ips) as unknown[]).map(String),
      termEnd: row.term_end,
      accessMethod: row.access_method,
    },
  }));
}
