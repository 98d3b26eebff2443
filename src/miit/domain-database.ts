/**
 * 域名库 — the MIIT sandbox's domain database (`domain_registration`) as registrars write to it:
 * registration data arrives at once, real-name data when the registrar's report is accepted. Registries
 * and registrars must report registration data to MIIT's system (工信部信管〔2017〕264号); the engine reads the result through FactsSource. Runs inside the caller's
 * transaction, so the registrar's change and MIIT's copy commit together.
 */
import type { Kysely } from 'kysely';
import { parseDomainInput } from '../domain-name/index.ts';
import type { DomainRegistration, Identity } from '../facts/index.ts';
import { validateCertificate } from '../filing/index.ts';
import type { PolicyData, RegistrarEntry } from '../policy/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import { upsertRegistrations } from '../store/index.ts';
import { registrationFromRow } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { MiitErrorCode } from './gateway.ts';
import { MiitError } from './registry.ts';

import type { Localized } from '../shared/index.ts';

/** A report MIIT refused, with the reason in both languages for the registrar's operators. */
export class RealNameReportRefused extends MiitError {
  readonly reason: Localized;
  constructor(code: MiitErrorCode, reason: Localized) {
    super(code, reason.en);
    this.name = 'RealNameReportRefused';
    this.reason = reason;
  }
}

/** The registration MIIT holds for an A-label registrable domain, or null. */
export async function findDomainRegistration(
  db: Kysely<Schema>,
  domain: string,
): Promise<DomainRegistration | null> {
  const row = await db
    .selectFrom('domain_registration')
    .selectAll()
    .where('domain', '=', domain)
    .executeTakeFirst();
  return row ? registrationFromRow(row) : null;
}

/** Records (inserts or replaces) a registration as the registrar reports it. */
export async function recordDomainRegistration(
  db: Kysely<Schema>,
  registration: DomainRegistration,
  now: Date,
): Promise<void> {
  await upsertRegistrations(db, [registration], now.toISOString());
}

/**
 * 转出: the gaining registrar now holds the domain. MIIT's real-name data stays as it was: it belongs to
 * the holder, who did not change.
 */
export async function recordDomainTransfer(
  db: Kysely<Schema>,
  request: { domain: string; gaining: RegistrarEntry; now: Date },
): Promise<void> {
  const result = await db
    .updateTable('domain_registration')
    .set({
      registrar: request.gaining.legalName,
      registrar_iana_id: request.gaining.ianaIds[0] ?? null,
      updated_at: request.now.toISOString(),
    })
    .where('domain', '=', request.domain)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n)
    throw new MiitError('not-found', `domain database has no ${request.domain}`);
}

type RealNameReportRequest = {
  /** A-label registrable domain. */
  domain: string;
  /** The reporting registrar. */
  registrar: RegistrarEntry;
  holder: Identity;
  verifiedAt: string;
  now: Date;
};

/**
 * 实名上报 — MIIT's side of a real-name report: accepted only from an approved registrar, for a domain
 * under an approved suffix that the database holds at that registrar, with a holder certificate that
 * passes its check character. Accepted: `real_name_reported_at` and the holder are set. Refused: a
 * RealNameReportRefused saying why, and nothing changes.
 */
export async function acceptRealNameReport(
  db: Kysely<Schema>,
  policy: PolicyData,
  report: RealNameReportRequest,
): Promise<void> {
  const { domain, registrar, holder } = report;
  // The sandbox stands in for MIIT with the policy data as its list: it cannot accept reports from a
  // registrar the data does not know to be approved, and says which of the two it is.
  if (registrar.status === 'unknown') {
    throw new RealNameReportRefused('registrar-not-approved', {
      zh: `政策数据不知道 ${registrar.legalName} 是否为工信部批准的域名注册服务机构，沙箱域名库不接收其上报（运营方可用覆盖文件将其标为已批准）`,
      en: `the policy data does not know whether ${registrar.legalName} is an MIIT-approved registrar, so the sandbox domain database does not accept its reports (an operator may mark it approved in an overrides file)`,
    });
  }
  if (registrar.status !== 'approved') {
    throw new RealNameReportRefused('registrar-not-approved', {
      zh: `${registrar.legalName} 不是工信部批准的域名注册服务机构，域名库不接收其上报`,
      en: `${registrar.legalName} is not an MIIT-approved registrar; the domain database does not accept its reports`,
    });
  }
  const parsed = parseDomainInput(domain);
  if (!parsed.ok || !policy.classifySuffix(parsed.domain.suffixAscii, report.now).approved) {
    throw new RealNameReportRefused('suffix-not-approved', {
      zh: `${domain} 的后缀不在工信部批准的域名后缀中，域名库不收录`,
      en: `the suffix of ${domain} is not an MIIT-approved suffix; the domain database does not hold it`,
    });
  }
  const current = await findDomainRegistration(db, domain);
  if (!current) {
    throw new RealNameReportRefused('not-found', {
      zh: `域名库中没有 ${domain} 的注册信息`,
      en: `the domain database has no registration of ${domain}`,
    });
  }
  const holding = policy.findRegistrar(current.registrar, current.registrarIanaId);
  if (holding?.id !== registrar.id) {
    throw new RealNameReportRefused('registrar-mismatch', {
      zh: `域名库记载 ${domain} 的注册商为 ${current.registrar}，不是 ${registrar.legalName}`,
      en: `the domain database has ${domain} at ${current.registrar}, not at ${registrar.legalName}`,
    });
  }
  const cert = validateCertificate(holder.idType, holder.idNumber, shanghaiDate(report.now));
  if (holder.name.trim() === '' || !cert.ok) {
    throw new RealNameReportRefused('holder-invalid', {
      zh: `持有者证件信息未通过校验：${cert.ok ? '名称为空' : cert.message.zh}`,
      en: `the holder's certificate data fails validation: ${cert.ok ? 'the name is empty' : cert.message.en}`,
    });
  }
  await db
    .updateTable('domain_registration')
    .set({
      real_name_status: 'verified',
      real_name_verified_at: report.verifiedAt,
      real_name_reported_at: report.now.toISOString(),
      holder_name: holder.name,
      holder_type: holder.type ?? null,
      holder_id_type: holder.idType,
      holder_id_number: cert.normalized,
      updated_at: report.now.toISOString(),
    })
    .where('domain', '=', domain)
    .execute();
}
