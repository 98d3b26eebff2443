/**
 * Table shapes as Kysely sees them. One schema for SQLite and PostgreSQL: timestamps are ISO 8601 UTC
 * text (`2026-11-28T04:00:00.000Z`), which sorts and compares correctly as text on both.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

/** 域名注册信息 — one row of the MIIT sandbox domain database (域名库), keyed by A-label domain. */
export type DomainRegistrationTable = {
  domain: string;
  registrar: string;
  registrar_iana_id: number | null;
  registered_at: string | null;
  expires_at: string;
  /** `none`, `pending` or `verified`. */
  real_name_status: string;
  real_name_verified_at: string | null;
  real_name_reported_at: string | null;
  holder_name: string | null;
  holder_type: string | null;
  holder_id_type: string | null;
  /** Upper case (a trailing check character `x` is stored as `X`). */
  holder_id_number: string | null;
  /** FactOrigin: where the row came from (`import`, `miit-sandbox`…). */
  origin: string;
  updated_at: string;
};

/** 主体 — a filed subject, or an application in progress (then `subject_number` is null). */
export type FiledSubjectTable = {
  id: Generated<number>;
  subject_number: string | null;
  /** GB/T 2260 code of the bureau (管局). */
  province: string;
  name: string;
  type: string | null;
  id_type: string;
  id_number: string;
  /** `self` (filed through this deployment) or `other`. */
  provider: string;
  account: string | null;
  /** `filed` or `in-progress`. */
  state: string;
  created_at: string;
};

/** 网站 — a website of a subject; `number` is null while in progress. */
export type FiledWebsiteTable = {
  id: Generated<number>;
  subject_id: number;
  number: string | null;
  /** Access providers, comma-separated: `self`, `other` or `self,other`. */
  providers: string;
};

/** A domain of a website (A-label registrable domain), in the order the filing lists them. */
export type FiledWebsiteDomainTable = {
  website_id: number;
  domain: string;
  position: number;
};

export type Schema = {
  domain_registration: DomainRegistrationTable;
  filed_subject: FiledSubjectTable;
  filed_website: FiledWebsiteTable;
  filed_website_domain: FiledWebsiteDomainTable;
};

export type DomainRegistrationRow = Selectable<DomainRegistrationTable>;
export type NewDomainRegistrationRow = Insertable<DomainRegistrationTable>;
export type FiledSubjectRow = Selectable<FiledSubjectTable>;
export type FiledWebsiteRow = Selectable<FiledWebsiteTable>;
