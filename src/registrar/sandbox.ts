/**
 * 注册商沙箱 — the embedded registrar: `RegistrarGateway` on beian's own database, playing any registrar
 * of data/registrars.json. Its changes reach the MIIT sandbox's domain database (`domain_registration`)
 * the way a real registrar's reach MIIT: registration data at once, real-name data by the reporting job.
 */
import type { PolicyData } from '../policy/index.ts';
import type { Database } from '../store/index.ts';
import { renderDomainCertificate } from './certificate-pdf.ts';
import { issueCertificate, verifyCertificate } from './certificates.ts';
import { findCjkFont } from './cjk-font.ts';
import { changeHolder } from './change-holder.ts';
import type { CertificateRenderer, RegistrarContext } from './context.ts';
import type { RegistrarGateway } from './gateway.ts';
import { importDomain } from './import-domains.ts';
import { getDomain, listDomains, listSubmissions } from './list-domains.ts';
import { realNameReportHandler } from './real-name-reporting.ts';
import { listReports, retryReport } from './report-queue.ts';
import { registerDomain } from './register-domain.ts';
import { renewDomain } from './renew-domain.ts';
import { REAL_NAME_REPORT_JOB } from './report-schedule.ts';
import { approveRealName, rejectRealName } from './review-real-name.ts';
import { submitRealName } from './submit-real-name.ts';
import { transferOut } from './transfer-out.ts';

export type RegistrarSandboxOptions = {
  database: Database;
  policy: PolicyData;
  /** Licence numbers (域名注册服务机构许可) by registrar id, for registrars data/ has none for. */
  licences?: Readonly<Record<string, string>>;
  /** The public verification page printed on certificates; default none. */
  verifyUrl?: string | null;
  /** Prints a certificate; default the PDF renderer (tests may count or fail calls). */
  renderCertificate?: CertificateRenderer;
  /** The operator's font for the PDF renderer (BEIAN_CJK_FONT, `path` or `path#Face`); default found. */
  fontPath?: string | undefined;
};

export function createRegistrarSandbox(options: RegistrarSandboxOptions): RegistrarGateway {
  const ctx: RegistrarContext = {
    database: options.database,
    policy: options.policy,
    licences: options.licences ?? {},
    verifyUrl: options.verifyUrl ?? null,
    render:
      options.renderCertificate ??
      ((data) =>
        renderDomainCertificate(data, {
          font: findCjkFont(options.fontPath ? { path: options.fontPath } : {}),
        })),
  };
  return {
    listDomains: (request) => listDomains(ctx, request),
    getDomain: (request) => getDomain(ctx, request),
    registerDomain: (request) => registerDomain(ctx, request),
    importDomain: (request) => importDomain(ctx, request),
    renewDomain: (request) => renewDomain(ctx, request),
    changeHolder: (request) => changeHolder(ctx, request),
    transferOut: (request) => transferOut(ctx, request),
    submitRealName: (request) => submitRealName(ctx, request),
    listSubmissions: (request) => listSubmissions(ctx, request),
    approveRealName: (request) => approveRealName(ctx, request),
    rejectRealName: (request) => rejectRealName(ctx, request),
    listReports: (request) => listReports(ctx, request),
    retryReport: (request) => retryReport(ctx, request),
    issueCertificate: (request) => issueCertificate(ctx, request),
    verifyCertificate: (request) => verifyCertificate(ctx, request),
    jobHandlers: () => ({ [REAL_NAME_REPORT_JOB]: realNameReportHandler(ctx) }),
  };
}
