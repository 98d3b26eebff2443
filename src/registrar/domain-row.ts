/**
 * 注册域名 rows: reading, the view the API and CLI show, updates under optimistic concurrency, and the
 * copy of the registration the MIIT domain database receives with every change.
 */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DomainRegistration } from '../facts/index.ts';
import { recordDomainRegistration } from '../miit/index.ts';
import type { IdType, RegistrarEntry, SubjectType } from '../policy/index.ts';
import type { RegistrarDomainTable, Schema } from '../store/index.ts';
import type { RegistrarContext } from './context.ts';
import { domainLabel } from './context.ts';
import { conflict, transferredOut } from './errors.ts';
import type { Holder, RegistrarDomain, RegistrarRealNameStatus, RegistrarRef } from './types.ts';

export type DomainRow = Selectable<RegistrarDomainTable>;

export async function loadDomainRow(db: Kysely<Schema>, ascii: string): Promise<DomainRow | undefined> {
  return db.selectFrom('registrar_domain').selectAll().where('domain', '=', ascii).executeTakeFirst();
}

/** The registrar entry a stored id names; an id an override withdrew still shows, as unknown. */
export function registrarRef(ctx: RegistrarContext, id: string): RegistrarRef {
  const entry = ctx.policy.registrars.find((e) => e.id === id);
  return {
    id,
    name: entry?.legalName ?? id,
    approved: entry?.status === 'approved',
    licence: entry?.licence ?? ctx.licences[id] ?? null,
  };
}

export function findRegistrarEntry(ctx: RegistrarContext, id: string): RegistrarEntry | null {
  return ctx.policy.registrars.find((e) => e.id === id) ?? null;
}

export function holderOf(row: {
  holder_name: string;
  holder_type: SubjectType | null;
  holder_id_type: IdType;
  holder_id_number: string;
}): Holder {
  return {
    name: row.holder_name,
    // Every path that writes a holder requires its nature; null only in rows written by hand.
    type: row.holder_type ?? 'individual',
    idType: row.holder_id_type,
    idNumber: row.holder_id_number,
  };
}

export function holderColumns(holder: Holder) {
  return {
    holder_name: holder.name,
    holder_type: holder.type,
    holder_id_type: holder.idType,
    holder_id_number: holder.idNumber,
  };
}

export function domainView(ctx: RegistrarContext, row: DomainRow): RegistrarDomain {
  return {
    domain: domainLabel(row.domain),
    registrar: registrarRef(ctx, row.registrar_id),
    account: row.account,
    holder: holderOf(row),
    registeredAt: row.registered_at,
    expiresAt: row.expires_at,
    status: row.status,
    transferredTo: row.transferred_to === null ? null : registrarRef(ctx, row.transferred_to),
    transferredAt: row.transferred_at,
    realName: {
      status: row.real_name_status,
      verifiedAt: row.real_name_verified_at,
      reportedAt: row.real_name_reported_at,
    },
    version: row.version,
  };
}

/** 转出 domains are read-only here. */
export function requireActive(row: DomainRow): void {
  if (row.status !== 'active') throw transferredOut(domainLabel(row.domain).unicode);
}

/**
 * Updates the row if nobody changed it since it was read (its version); CONFLICT otherwise. Returns the
 * row as written.
 */
export async function updateDomainRow(
  tx: Kysely<Schema>,
  row: DomainRow,
  changes: Omit<Updateable<RegistrarDomainTable>, 'domain' | 'version' | 'updated_at'>,
  now: Date,
): Promise<DomainRow> {
  const updated = await tx
    .updateTable('registrar_domain')
    .set({ ...changes, updated_at: now.toISOString(), version: row.version + 1 })
    .where('domain', '=', row.domain)
    .where('version', '=', row.version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw conflict();
  return updated;
}

/** MIIT knows `none`, `pending` and `verified`; a rejection leaves the domain unverified there. */
function miitRealNameStatus(status: RegistrarRealNameStatus): DomainRegistration['realName']['status'] {
  return status === 'pending' || status === 'verified' ? status : 'none';
}

/** The registration as the registrar reports it: real-name data reaches MIIT only through the report. */
export function registrationOf(ctx: RegistrarContext, row: DomainRow): DomainRegistration {
  const entry = findRegistrarEntry(ctx, row.registrar_id);
  const holder = holderOf(row);
  const status = miitRealNameStatus(row.real_name_status);
  return {
    domain: row.domain,
    registrar: entry?.legalName ?? row.registrar_id,
    registrarIanaId: entry?.ianaIds[0] ?? null,
    registeredAt: row.registered_at,
    expiresAt: row.expires_at,
    realName: {
      status,
      verifiedAt: status === 'verified' ? row.real_name_verified_at : null,
      reportedAt: status === 'verified' ? row.real_name_reported_at : null,
      holder,
    },
    origin: 'registrar-sandbox',
  };
}

/** Sends the row's registration to the MIIT domain database, in the change's transaction. */
export async function syncToMiit(
  tx: Kysely<Schema>,
  ctx: RegistrarContext,
  row: DomainRow,
  now: Date,
): Promise<void> {
  await recordDomainRegistration(tx, registrationOf(ctx, row), now);
}

/** New rows and status values written by register and import. */
export function newDomainRow(request: {
  domain: string;
  registrarId: string;
  account: string | null;
  holder: Holder;
  registeredAt: string;
  expiresAt: string;
  realName: RegistrarRealNameStatus;
  verifiedAt: string | null;
  reportedAt: string | null;
  now: Date;
}): Insertable<RegistrarDomainTable> {
  return {
    domain: request.domain,
    registrar_id: request.registrarId,
    account: request.account,
    ...holderColumns(request.holder),
    registered_at: request.registeredAt,
    expires_at: request.expiresAt,
    status: 'active',
    transferred_to: null,
    transferred_at: null,
    real_name_status: request.realName,
    real_name_verified_at: request.verifiedAt,
    real_name_reported_at: request.reportedAt,
    created_at: request.now.toISOString(),
    updated_at: request.now.toISOString(),
  };
}
