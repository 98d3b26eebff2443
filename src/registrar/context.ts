/**
 * What every registrar operation receives: the database, the policy data, how certificates are printed,
 * and the one permission table (src/filing/roles.ts). Permissions are checked here as well as by the
 * routes, so the CLI and any other caller meet the same rules.
 */
import type { Kysely } from 'kysely';
import { parseDomainInput, INVALID_REASONS } from '../domain-name/index.ts';
import type { Action } from '../filing/index.ts';
import { can } from '../filing/index.ts';
import type { PolicyData } from '../policy/index.ts';
import type { AuditAction, AuditData } from '../store/index.ts';
import { insertAuditEvent } from '../store/index.ts';
import type { Database } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { DomainCertificateData } from './certificate-pdf.ts';
import { fieldError, forbidden, notFound } from './errors.ts';
import type { DomainLabel, Localized, RegistrarActor, RegistrarSystemActor } from './types.ts';

export type CertificateRenderer = (data: DomainCertificateData) => Promise<Buffer>;

export type RegistrarContext = {
  readonly database: Database;
  readonly policy: PolicyData;
  /** Registrar licence numbers (域名注册服务机构许可) by registrar id, for entries of data/ without one. */
  readonly licences: Readonly<Record<string, string>>;
  /** The public page where a certificate's code is checked, printed on it; null prints none. */
  readonly verifyUrl: string | null;
  readonly render: CertificateRenderer;
};

/** Refuses unless the permission table lets the actor's role do `action`. */
export function requirePermission(actor: RegistrarActor, action: Action, what: Localized): void {
  if (!can(actor.role, action)) throw forbidden(what);
}

/**
 * Whose domains the actor reaches: a registrar operator all of them, an applicant their own
 * (`registrar_domain.account`), anyone else none.
 */
export function domainScope(actor: RegistrarActor, what: Localized): 'all' | 'own' {
  if (can(actor.role, 'registrar.manage')) return 'all';
  if (can(actor.role, 'registrar.own-domains')) return 'own';
  throw forbidden(what);
}

/** Another account's domain is "not found" to an applicant: its existence is not theirs to learn. */
export function requireReach(
  actor: RegistrarActor,
  scope: 'all' | 'own',
  row: { account: string | null } | undefined,
  domain: string,
): asserts row is { account: string | null } {
  if (!row || (scope === 'own' && row.account !== actor.account)) {
    throw notFound({ zh: `本注册商注册的域名 ${domain}`, en: `domain ${domain} registered here` });
  }
}

export type ParsedDomain = DomainLabel & { suffixAscii: string };

/**
 * A registrable domain from what was typed (U-label or A-label, any case); VALIDATION_FAILED naming
 * `path` for anything else. Registrars register registrable domains: a subdomain is the holder's own.
 */
export function parseRegistrableDomain(input: unknown, path = 'domain'): ParsedDomain {
  const parsed = parseDomainInput(typeof input === 'string' ? input : '');
  if (!parsed.ok) {
    const reason = INVALID_REASONS[parsed.reason];
    throw fieldError(path, 'DOMAIN_INVALID', {
      zh: `不是有效的域名：${reason.zh}`,
      en: `Not a valid domain name: ${reason.en}`,
    });
  }
  const { domain } = parsed;
  if (domain.subdomain !== '') {
    throw fieldError(path, 'SUBDOMAIN', {
      zh: `${domain.unicode} 是子域名；注册商注册的是 ${domain.registrable}`,
      en: `${domain.unicode} is a subdomain; registrars register ${domain.registrable}`,
    });
  }
  return { ascii: domain.registrableAscii, unicode: domain.registrable, suffixAscii: domain.suffixAscii };
}

/** The U-label form of a stored A-label domain. */
export function domainLabel(ascii: string): DomainLabel {
  const parsed = parseDomainInput(ascii);
  return { ascii, unicode: parsed.ok ? parsed.domain.unicode : ascii };
}

/** The audit target of a change that belongs to a domain rather than an application. */
export const domainTarget = (ascii: string): string => `domain:${ascii}`;

/** Writes the audit event of a registrar change; call it inside the transaction of the change. */
export async function auditDomain<A extends Extract<AuditAction, `registrar.${string}`>>(
  tx: Kysely<Schema>,
  event: {
    actor: RegistrarActor | RegistrarSystemActor;
    action: A;
    domain: string;
    from?: string | null;
    to?: string | null;
    now: Date;
    data?: AuditData<A>;
  },
): Promise<void> {
  await insertAuditEvent(tx, {
    applicationId: null,
    actor: event.actor,
    action: event.action,
    from: event.from ?? null,
    to: event.to ?? null,
    target: domainTarget(event.domain),
    ...(event.data ? { data: event.data } : {}),
    now: event.now,
  });
}
