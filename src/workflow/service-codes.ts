/**
 * 备案服务码 — what the use cases share about resources and their codes: registering a resource with
 * its codes (a form or an import line), the checks a website's code must pass at submit, keeping each
 * code's status in step with its application (`syncServiceCodes`, called by `transition` and the draft
 * saves), and recording the access information of a website the bureau approved.
 *
 * A code's states follow its application (Alibaba Cloud: "一个备案服务码只能备案一个网站"; "放弃备案订单会导致
 * 服务码作废" is read here as releasing it, since nothing was filed): named by a draft → bound; submitted
 * → in filing; approved → filed; withdrawn or expired → unused again. Void ends a code for good
 * (an operator, or the website's access changed or was cancelled).
 */
import type { Kysely } from 'kysely';
import type { FieldError, ResourceInput, ServiceCodeStatus } from '../filing/index.ts';
import {
  fieldError,
  inProviderRanges,
  newServiceCode,
  normalizeServiceCode,
  wholeMonthsBetween,
  formatServiceCode,
  SERVICE_CODE_STATUS_LABELS,
} from '../filing/index.ts';
import type { ApplicationStatus } from '../filing/index.ts';
import { toShanghaiDate } from '../policy/index.ts';
import type { Schema } from '../store/index.ts';
import { insertAuditEvent } from '../store/index.ts';
import type { Application } from './application.ts';
import type { AuditActor, ResourceDeps, WorkflowDeps } from './context.ts';
import { accessSettings } from './context.ts';

/** 备案资源 as the reads return it. */
export type AccessResource = {
  id: number;
  account: string;
  label: string;
  accessMethod: string;
  province: string;
  ips: string[];
  termStart: string;
  termEnd: string;
  codeQuota: number;
  createdAt: string;
};

/** 备案服务码 as the reads return it; `code` in its stored form (formatServiceCode shows it). */
export type ServiceCode = {
  code: string;
  resourceId: number;
  holder: string;
  status: ServiceCodeStatus;
  applicationId: number | null;
  websiteIndex: number | null;
  websiteNumber: string | null;
  updatedAt: string;
};

const parseIps = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((ip): ip is string => typeof ip === 'string') : [];
};

export function resourceFromRow(row: {
  id: number;
  account: string;
  label: string;
  access_method: string;
  province: string;
  ips: string;
  term_start: string;
  term_end: string;
  code_quota: number;
  created_at: string;
}): AccessResource {
  return {
    id: row.id,
    account: row.account,
    label: row.label,
    accessMethod: row.access_method,
    province: row.province,
    ips: parseIps(row.ips),
    termStart: row.term_start,
    termEnd: row.term_end,
    codeQuota: row.code_quota,
    createdAt: row.created_at,
  };
}

export function codeFromRow(row: Schema['service_code']): ServiceCode {
  return {
    code: row.code,
    resourceId: row.resource_id,
    holder: row.holder,
    status: row.status,
    applicationId: row.application_id,
    websiteIndex: row.website_index,
    websiteNumber: row.website_number,
    updatedAt: row.updated_at,
  };
}

/**
 * Registers a resource for `input.account` and issues its codes (the input's quota or the configured
 * number), with the audit event, in the caller's transaction. An account and name already registered
 * is `null`: an import run twice registers nothing twice.
 */
export async function insertResource(
  tx: Kysely<Schema>,
  deps: ResourceDeps,
  input: ResourceInput,
  via: 'form' | 'import',
): Promise<{ resource: AccessResource; codes: string[] } | null> {
  const existing = await tx
    .selectFrom('access_resource')
    .select('id')
    .where('account', '=', input.account)
    .where('label', '=', input.label)
    .executeTakeFirst();
  if (existing) return null;
  const at = deps.now.toISOString();
  const quota = input.codeQuota ?? accessSettings(deps).codesPerResource;
  const row = await tx
    .insertInto('access_resource')
    .values({
      account: input.account,
      label: input.label,
      access_method: input.accessMethod,
      province: input.province,
      ips: JSON.stringify(input.ips),
      term_start: input.termStart,
      term_end: input.termEnd,
      code_quota: quota,
      created_by: deps.actor.account,
      created_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const codes = Array.from({ length: quota }, () => newServiceCode());
  await tx
    .insertInto('service_code')
    .values(
      codes.map((code) => ({
        code,
        resource_id: row.id,
        holder: input.account,
        status: 'unused' as const,
        application_id: null,
        website_index: null,
        website_number: null,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  await insertAuditEvent(tx, {
    applicationId: null,
    actor: deps.actor,
    action: 'resource.register',
    from: null,
    to: null,
    target: `resource:${row.id}`,
    data: {
      resourceId: row.id,
      account: input.account,
      label: input.label,
      ips: input.ips,
      termEnd: input.termEnd,
      codes: quota,
      via,
    },
    now: deps.now,
  });
  return { resource: resourceFromRow(row), codes };
}

/** The code each website names, in its stored form; undefined where none (or not one at all). */
export function namedCodes(app: Pick<Application, 'websites'>): (string | undefined)[] {
  return app.websites.map((website) =>
    typeof website.serviceCode === 'string'
      ? (normalizeServiceCode(website.serviceCode) ?? undefined)
      : undefined,
  );
}

/**
 * What keeps the websites of `app` from being submitted for their codes: each named code must exist,
 * be held by the application's account (else it "does not exist": nothing tells one account about
 * another's codes), be free or already this website's, be used once, sit on a resource with at least
 * the configured term left (Huawei Cloud: 包周期且不小于3个月) whose IPs lie in the provider's ranges.
 */
export async function serviceCodeErrors(
  deps: WorkflowDeps,
  tx: Kysely<Schema>,
  app: Pick<Application, 'id' | 'account' | 'websites'>,
): Promise<FieldError[]> {
  const settings = accessSettings(deps);
  const today = toShanghaiDate(deps.now);
  const errors: FieldError[] = [];
  const first = new Map<string, number>();
  const codes = namedCodes(app);
  for (const [index, website] of app.websites.entries()) {
    const path = `websites.${index}.serviceCode`;
    const typed = typeof website.serviceCode === 'string' ? website.serviceCode.trim() : '';
    const code = codes[index];
    if (typed === '') {
      if (settings.serviceCode === 'required') errors.push(fieldError(path, 'SERVICE_CODE_REQUIRED'));
      continue;
    }
    if (code === undefined) {
      errors.push(fieldError(path, 'SERVICE_CODE_FORMAT'));
      continue;
    }
    const shown = formatServiceCode(code);
    const earlier = first.get(code);
    if (earlier !== undefined) {
      errors.push(fieldError(path, 'SERVICE_CODE_USED_TWICE', { code: shown, website: earlier + 1 }));
      continue;
    }
    first.set(code, index);
    const row = await tx
      .selectFrom('service_code as c')
      .innerJoin('access_resource as r', 'r.id', 'c.resource_id')
      .select([
        'c.holder',
        'c.status',
        'c.application_id',
        'c.website_index',
        'r.label',
        'r.ips',
        'r.term_end',
      ])
      .where('c.code', '=', code)
      .executeTakeFirst();
    if (!row || row.holder !== app.account) {
      errors.push(fieldError(path, 'SERVICE_CODE_UNKNOWN', { code: shown }));
      continue;
    }
    const own = row.application_id === app.id && row.website_index === index;
    if (!(row.status === 'unused' || (own && (row.status === 'bound' || row.status === 'in-filing')))) {
      const status = SERVICE_CODE_STATUS_LABELS[row.status];
      errors.push(fieldError(path, 'SERVICE_CODE_UNAVAILABLE', { code: shown, status }));
      continue;
    }
    if (wholeMonthsBetween(today, row.term_end) < settings.minTermMonths) {
      errors.push(
        fieldError(path, 'SERVICE_CODE_TERM_SHORT', {
          resource: row.label,
          ends: row.term_end,
          months: settings.minTermMonths,
        }),
      );
    }
    const outside = parseIps(row.ips).find((ip) => !inProviderRanges(ip, settings.ranges));
    if (outside !== undefined) errors.push(fieldError(path, 'SERVICE_CODE_IP_OUTSIDE', { ip: outside }));
  }
  return errors;
}

/** The status a code takes with its application's status; null: the code is released (unused). */
function codeStatusFor(status: ApplicationStatus): ServiceCodeStatus | null {
  switch (status) {
    case 'draft':
    case 'provider-rejected':
    case 'bureau-rejected':
      return 'bound';
    case 'provider-review':
    case 'supplement-requested':
    case 'awaiting-sms':
    case 'bureau-review':
      return 'in-filing';
    case 'approved':
      return 'filed';
    case 'withdrawn':
    case 'expired':
      return null;
  }
}

/**
 * Brings the codes of `app` in step with it, in the caller's transaction: codes it no longer names
 * (or all, once it is withdrawn or expired) are released; each code it names that the account holds
 * and that is free or already its own follows the application's status. A code that cannot be
 * bound is left alone: submit reports it (serviceCodeErrors). One audit event lists what moved.
 */
export async function syncServiceCodes(
  tx: Kysely<Schema>,
  app: Pick<Application, 'id' | 'account' | 'websites' | 'status'>,
  actor: AuditActor,
  now: Date,
): Promise<void> {
  const target = codeStatusFor(app.status);
  const named = target === null ? [] : namedCodes(app);
  const moved: { code: string; from: string; to: string }[] = [];
  const at = now.toISOString();
  const mine = await tx
    .selectFrom('service_code')
    .selectAll()
    .where('application_id', '=', app.id)
    .where('status', 'in', ['bound', 'in-filing'])
    .execute();
  for (const row of mine) {
    if (named.includes(row.code)) continue;
    await tx
      .updateTable('service_code')
      .set({ status: 'unused', application_id: null, website_index: null, updated_at: at })
      .where('code', '=', row.code)
      .execute();
    moved.push({ code: row.code, from: row.status, to: 'unused' });
  }
  if (target !== null) {
    for (const [index, code] of named.entries()) {
      if (code === undefined || named.indexOf(code) !== index) continue;
      const row = await tx.selectFrom('service_code').selectAll().where('code', '=', code).executeTakeFirst();
      if (!row || row.holder !== app.account) continue;
      const own = row.application_id === app.id;
      const free = row.status === 'unused';
      const following = own && (row.status === 'bound' || row.status === 'in-filing');
      if (!(free || following)) continue;
      if (row.status === target && row.website_index === index) continue;
      await tx
        .updateTable('service_code')
        .set({ status: target, application_id: app.id, website_index: index, updated_at: at })
        .where('code', '=', code)
        .execute();
      moved.push({ code, from: row.status, to: target });
    }
  }
  if (moved.length === 0) return;
  await insertAuditEvent(tx, {
    applicationId: app.id,
    actor,
    action: 'service-code.status',
    from: null,
    to: null,
    data: { codes: moved },
    now,
  });
}

/**
 * 记录接入信息 — the bureau approved website `index` of `app` under `number`: its code is filed and
 * the website's access information at this provider is what the code's resource says (the website's
 * own `ips` where it names a subset). A code this website used before (a 变更接入) is void.
 */
export async function recordWebsiteAccess(
  tx: Kysely<Schema>,
  app: Pick<Application, 'id' | 'websites'>,
  index: number,
  number: string,
  actor: AuditActor,
  now: Date,
): Promise<void> {
  const code = namedCodes(app)[index];
  if (code === undefined) return;
  const row = await tx
    .selectFrom('service_code as c')
    .innerJoin('access_resource as r', 'r.id', 'c.resource_id')
    .select(['r.id', 'r.access_method', 'r.province', 'r.ips'])
    .where('c.code', '=', code)
    .where('c.application_id', '=', app.id)
    .executeTakeFirst();
  if (!row) return;
  const at = now.toISOString();
  const resourceIps = parseIps(row.ips);
  const chosen = app.websites[index]?.ips;
  const ips =
    Array.isArray(chosen) && chosen.length > 0 && chosen.every((ip) => resourceIps.includes(String(ip)))
      ? chosen.map(String)
      : resourceIps;
  const previous = await tx
    .selectFrom('website_access')
    .select('service_code')
    .where('website_number', '=', number)
    .where('provider', '=', 'self')
    .executeTakeFirst();
  if (previous?.service_code && previous.service_code !== code) {
    const old = await tx
      .updateTable('service_code')
      .set({ status: 'void', updated_at: at })
      .where('code', '=', previous.service_code)
      .where('status', '!=', 'void')
      .returning('status')
      .executeTakeFirst();
    if (old) {
      await insertAuditEvent(tx, {
        applicationId: app.id,
        actor,
        action: 'service-code.void',
        from: null,
        to: null,
        target: `service-code:${previous.service_code}`,
        data: { previous: 'filed', reason: 'access-changed' },
        now,
      });
    }
  }
  await tx
    .updateTable('service_code')
    .set({ status: 'filed', website_number: number, updated_at: at })
    .where('code', '=', code)
    .execute();
  const values = {
    access_method: row.access_method,
    province: row.province,
    ips: JSON.stringify(ips),
    resource_id: row.id,
    service_code: code,
    recorded_at: at,
  };
  await tx
    .insertInto('website_access')
    .values({ website_number: number, provider: 'self', ...values })
    .onConflict((oc) => oc.columns(['website_number', 'provider']).doUpdateSet(values))
    .execute();
  await insertAuditEvent(tx, {
    applicationId: app.id,
    actor,
    action: 'filing.access-recorded',
    from: null,
    to: null,
    data: { number, ips, resourceId: row.id },
    now,
  });
}

/** 取消接入: this provider's access information of `number` goes, and its code is void. */
export async function endWebsiteAccess(
  tx: Kysely<Schema>,
  number: string,
  actor: AuditActor,
  now: Date,
): Promise<void> {
  const row = await tx
    .deleteFrom('website_access')
    .where('website_number', '=', number)
    .where('provider', '=', 'self')
    .returning('service_code')
    .executeTakeFirst();
  if (!row?.service_code) return;
  const voided = await tx
    .updateTable('service_code')
    .set({ status: 'void', updated_at: now.toISOString() })
    .where('code', '=', row.service_code)
    .where('status', '!=', 'void')
    .returning('code')
    .executeTakeFirst();
  if (!voided) return;
  await insertAuditEvent(tx, {
    applicationId: null,
    actor,
    action: 'service-code.void',
    from: null,
    to: null,
    target: `service-code:${row.service_code}`,
    data: { previous: 'filed', reason: 'access-cancelled' },
    now,
  });
}
