/**
 * 域名证书 — the registrar's certificate of registration for a domain registered here (some bureaus want
 * one per filed domain, Baidu Cloud: "域名证书…请依据当省份要求填写"; issued by the registrar as proof of
 * registration, as Volcengine's GetDomainCertificateUrl API shows).
 * Printed only for an active, unexpired domain whose holder is real-name verified, with the holder's
 * certificate number masked and a verification code the public query page checks. The register keeps
 * what was printed and the code's hash, never the code: if printing fails nothing is recorded.
 */
import { can } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import { CertificateFontUnavailableError, CertificateGlyphsMissingError } from './certificate-pdf.ts';
import type { DomainCertificateData } from './certificate-pdf.ts';
import type { RegistrarContext } from './context.ts';
import {
  auditDomain,
  domainLabel,
  domainScope,
  domainTarget,
  parseRegistrableDomain,
  requireReach,
} from './context.ts';
import { holderOf, loadDomainRow, registrarRef } from './domain-row.ts';
import { RegistrarError, conflict } from './errors.ts';
import { maskIdNumber } from './holder.ts';
import type { CertificateVerification, IssuedCertificate, RegistrarActor } from './types.ts';
import {
  newCertificateSerial,
  newVerificationCode,
  normalizeVerificationCode,
  verificationCodeHash,
} from './verification-code.ts';

/** Certificate fields as the holder knows them (the API's field paths). */
const GLYPH_FIELDS: Partial<Record<string, string>> = {
  holderName: 'holder.name',
  domainUnicode: 'domain',
  registrarName: 'registrar',
};

const refused = (zh: string, en: string) => new RegistrarError('CERTIFICATE_REFUSED', { zh, en });

export async function issueCertificate(
  ctx: RegistrarContext,
  request: { actor: RegistrarActor; now: Date; domain: string },
): Promise<IssuedCertificate> {
  const { actor, now } = request;
  const scope = domainScope(actor, { zh: '打印域名证书', en: 'print domain certificates' });
  const domain = parseRegistrableDomain(request.domain);
  const row = await loadDomainRow(ctx.database.kysely, domain.ascii);
  requireReach(actor, scope, row, domain.unicode);
  if (row.status !== 'active') {
    throw refused(
      `${domain.unicode} 已转出，本注册商不再为其出具域名证书`,
      `${domain.unicode} was transferred out; this registrar no longer issues certificates for it`,
    );
  }
  if (Date.parse(row.expires_at) <= now.getTime()) {
    throw refused(
      `${domain.unicode} 已于 ${shanghaiDate(new Date(row.expires_at))} 到期，续费后才能打印证书`,
      `${domain.unicode} expired on ${shanghaiDate(new Date(row.expires_at))}; renew it before printing a certificate`,
    );
  }
  if (row.real_name_status !== 'verified') {
    throw refused(
      `${domain.unicode} 尚未通过实名认证，实名认证通过后才能打印域名证书`,
      `${domain.unicode} is not real-name verified; certificates are printed once it is`,
    );
  }
  const registrar = registrarRef(ctx, row.registrar_id);
  if (registrar.licence === null) {
    throw new RegistrarError('REGISTRAR_LICENCE_UNKNOWN', {
      zh: `不知道 ${registrar.name} 的域名注册服务机构许可证号，无法印在证书上；请在 registrars 数据或沙箱配置中补充`,
      en: `the registrar licence number of ${registrar.name} is unknown, so it cannot be printed; add it to the registrar data or the sandbox options`,
    });
  }
  const holder = holderOf(row);
  const serial = await unusedSerial(ctx, now);
  const verificationCode = newVerificationCode();
  const data: DomainCertificateData = {
    serial,
    domainUnicode: domain.unicode,
    domainAscii: domain.ascii,
    holderName: holder.name,
    holderIdMasked: maskIdNumber(holder.idType, holder.idNumber),
    registeredAt: row.registered_at,
    expiresAt: row.expires_at,
    registrarName: registrar.name,
    registrarLicence: registrar.licence,
    issuedAt: now.toISOString(),
    verificationCode,
    verifyUrl: ctx.verifyUrl,
  };
  // Printed before anything is written: a certificate that cannot be printed leaves no record.
  const pdf = await render(ctx, data);

  await writeTransaction(ctx.database, async (tx) => {
    const current = await loadDomainRow(tx, row.domain);
    if (current?.version !== row.version) throw conflict();
    await tx
      .insertInto('domain_certificate')
      .values({
        serial,
        domain: row.domain,
        registrar_id: row.registrar_id,
        holder_name: holder.name,
        holder_id_masked: data.holderIdMasked,
        registered_at: row.registered_at,
        expires_at: row.expires_at,
        issued_at: now.toISOString(),
        issued_by: actor.account,
        code_hash: verificationCodeHash(normalizeVerificationCode(verificationCode) ?? ''),
      })
      .execute();
    await auditDomain(tx, {
      actor,
      action: 'registrar.certificate.issue',
      domain: row.domain,
      data: { serial },
      now,
    });
  });
  return {
    serial,
    domain: domainLabel(row.domain),
    holderName: holder.name,
    holderIdMasked: data.holderIdMasked,
    registeredAt: row.registered_at,
    expiresAt: row.expires_at,
    issuedAt: now.toISOString(),
    issuedBy: actor.account,
    verificationCode,
    pdf,
  };
}

/** A serial no certificate has yet: 32 random bits a day make a repeat rare; the unique index catches a race. */
async function unusedSerial(ctx: RegistrarContext, now: Date): Promise<string> {
  for (;;) {
    const serial = newCertificateSerial(now);
    const taken = await ctx.database.kysely
      .selectFrom('domain_certificate')
      .select('id')
      .where('serial', '=', serial)
      .executeTakeFirst();
    if (!taken) return serial;
  }
}

async function render(ctx: RegistrarContext, data: DomainCertificateData): Promise<Buffer> {
  try {
    return await ctx.render(data);
  } catch (error) {
    if (error instanceof CertificateGlyphsMissingError) {
      const fields = error.missing.map((m) => ({
        path: GLYPH_FIELDS[m.field] ?? m.field,
        code: 'GLYPH_MISSING',
        message: {
          zh: `字体中没有“${m.character}”（${m.codePoint}）的字形，证书无法正确打印`,
          en: `the font has no glyph for "${m.character}" (${m.codePoint}); the certificate cannot be printed correctly`,
        },
      }));
      throw new RegistrarError('CERTIFICATE_GLYPHS_MISSING', error.messages, fields);
    }
    if (error instanceof CertificateFontUnavailableError) {
      throw new RegistrarError('CERTIFICATE_FONT_UNAVAILABLE', error.messages);
    }
    throw error;
  }
}

/**
 * 证书查验 — public: a code names one certificate or nothing. `current` says whether the certificate
 * still tells the truth: same holder since it was printed, still registered here, not expired.
 */
export async function verifyCertificate(
  ctx: RegistrarContext,
  request: { code: string; now: Date },
): Promise<CertificateVerification> {
  if (!can(null, 'certificate.verify-public')) throw new Error('certificate verification must be public');
  const normalized = normalizeVerificationCode(request.code);
  if (normalized === null) return { valid: false };
  const db = ctx.database.kysely;
  const certificate = await db
    .selectFrom('domain_certificate')
    .selectAll()
    .where('code_hash', '=', verificationCodeHash(normalized))
    .executeTakeFirst();
  if (!certificate) return { valid: false };
  const row = await loadDomainRow(db, certificate.domain);
  const holderChanged = await db
    .selectFrom('audit_event')
    .select('id')
    .where('target', '=', domainTarget(certificate.domain))
    .where('action', '=', 'registrar.change-holder')
    .where('created_at', '>', certificate.issued_at)
    .executeTakeFirst();
  const current =
    row !== undefined &&
    row.status === 'active' &&
    row.registrar_id === certificate.registrar_id &&
    row.holder_name === certificate.holder_name &&
    holderChanged === undefined &&
    Date.parse(row.expires_at) > request.now.getTime();
  const registrar = registrarRef(ctx, certificate.registrar_id);
  return {
    valid: true,
    serial: certificate.serial,
    domain: domainLabel(certificate.domain),
    holderName: certificate.holder_name,
    issuedAt: certificate.issued_at,
    registeredAt: certificate.registered_at,
    expiresAt: certificate.expires_at,
    registrar: { id: registrar.id, name: registrar.name },
    current,
  };
}
