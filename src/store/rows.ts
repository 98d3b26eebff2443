/** Conversions between table rows and the fact types the engine reads (src/facts/types.ts). */
import type { DomainRegistration, Identity, ProviderRef } from '../facts/index.ts';
import type { IdType, SubjectType } from '../policy/index.ts';
import type { DomainRegistrationRow, FiledSubjectRow, NewDomainRegistrationRow } from './schema.ts';

/** Website access providers are stored as `self,other`: few values, never queried by element. */
export function providersToText(providers: readonly ProviderRef[]): string {
  return providers.join(',');
}

export function providersFromText(text: string): ProviderRef[] {
  return text === '' ? [] : (text.split(',') as ProviderRef[]);
}

/** An Identity without a `type` key when the type is unknown, as the importer and memory facts build it. */
export function identity(name: string, type: SubjectType | null, idType: IdType, idNumber: string): Identity {
  const base = { name, idType, idNumber };
  return type === null ? base : { ...base, type };
}

export function registrationFromRow(row: DomainRegistrationRow): DomainRegistration {
  const holder =
    row.holder_name !== null && row.holder_id_type !== null && row.holder_id_number !== null
      ? identity(row.holder_name, row.holder_type, row.holder_id_type, row.holder_id_number)
      : null;
  return {
    domain: row.domain,
    registrar: row.registrar,
    registrarIanaId: row.registrar_iana_id,
    registeredAt: row.registered_at,
    expiresAt: row.expires_at,
    realName: {
      status: row.real_name_status,
      verifiedAt: row.real_name_verified_at,
      reportedAt: row.real_name_reported_at,
      holder,
    },
    origin: row.origin,
  };
}

export function registrationToRow(
  registration: DomainRegistration,
  updatedAt: string,
): NewDomainRegistrationRow {
  const holder = registration.realName.holder;
  return {
    domain: registration.domain,
    registrar: registration.registrar,
    registrar_iana_id: registration.registrarIanaId,
    registered_at: registration.registeredAt,
    expires_at: registration.expiresAt,
    real_name_status: registration.realName.status,
    real_name_verified_at: registration.realName.verifiedAt,
    real_name_reported_at: registration.realName.reportedAt,
    holder_name: holder?.name ?? null,
    holder_type: holder?.type ?? null,
    holder_id_type: holder?.idType ?? null,
    holder_id_number: holder?.idNumber.toUpperCase() ?? null,
    origin: registration.origin,
    updated_at: updatedAt,
  };
}

/** The subject part of a RegistrySubject row; websites are attached by the caller. */
export function subjectFieldsFromRow(row: FiledSubjectRow) {
  return {
    subjectNumber: row.subject_number,
    province: row.province,
    subject: identity(row.name, row.type, row.id_type, row.id_number),
    provider: row.provider,
    account: row.account,
    state: row.state,
  };
}
