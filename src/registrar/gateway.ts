/**
 * 注册商接口 — what the filing system, the consoles and the CLI need from a registrar, as one interface:
 * the embedded sandbox (sandbox.ts) implements it on beian's database; a real registrar integration
 * (its reseller API) would implement the same methods. Every method takes the acting account and the
 * instant, and checks the permission table itself; refusals are RegistrarErrors.
 */
import type { z } from 'zod';
import type { JobHandler } from '../jobs/index.ts';
import type { changeHolderInputSchema } from './change-holder.ts';
import type { ImportLine } from './import-domains.ts';
import type { DomainListFilter } from './list-domains.ts';
import type { RealNameDecision, rejectRealNameInputSchema } from './review-real-name.ts';
import type { RegisterDomainInput } from './register-domain.ts';
import type { renewDomainInputSchema } from './renew-domain.ts';
import type { submitRealNameInputSchema } from './submit-real-name.ts';
import type { transferOutInputSchema } from './transfer-out.ts';
import type {
  CertificateVerification,
  IssuedCertificate,
  RealNameReport,
  RealNameSubmission,
  RegistrarActor,
  RegistrarDomain,
  RegistrarDomainDetail,
  ReportStatus,
  SubmissionStatus,
} from './types.ts';

type Acting = { actor: RegistrarActor; now: Date };
/** A domain as typed: U-label or A-label, any case. */
type OnDomain = Acting & { domain: string };

export interface RegistrarGateway {
  /** Operators: every domain (filtered); applicants: their own. */
  listDomains(request: { actor: RegistrarActor; filter?: DomainListFilter }): Promise<RegistrarDomain[]>;
  getDomain(request: { actor: RegistrarActor; domain: string }): Promise<RegistrarDomainDetail>;
  registerDomain(request: Acting & { input: RegisterDomainInput }): Promise<RegistrarDomain>;
  /** Operators' import of one validated line with its history. */
  importDomain(request: Acting & { line: ImportLine }): Promise<RegistrarDomain>;
  renewDomain(
    request: OnDomain & { input: z.input<typeof renewDomainInputSchema> },
  ): Promise<RegistrarDomain>;
  /** 过户: a new holder; real-name verification starts over. */
  changeHolder(
    request: OnDomain & { input: z.input<typeof changeHolderInputSchema> },
  ): Promise<RegistrarDomain>;
  /** 转出: to another registrar; the record here becomes read-only. */
  transferOut(
    request: OnDomain & { input: z.input<typeof transferOutInputSchema> },
  ): Promise<RegistrarDomain>;
  submitRealName(
    request: OnDomain & { input: z.input<typeof submitRealNameInputSchema> },
  ): Promise<RealNameSubmission>;
  listSubmissions(request: {
    actor: RegistrarActor;
    status?: SubmissionStatus;
    domain?: string;
    limit?: number;
    offset?: number;
  }): Promise<RealNameSubmission[]>;
  approveRealName(request: Acting & { submissionId: number }): Promise<RealNameDecision>;
  rejectRealName(
    request: Acting & { submissionId: number; input: z.input<typeof rejectRealNameInputSchema> },
  ): Promise<RealNameDecision>;
  listReports(request: {
    actor: RegistrarActor;
    status?: ReportStatus;
    domain?: string;
    limit?: number;
    offset?: number;
  }): Promise<RealNameReport[]>;
  retryReport(request: Acting & { reportId: number }): Promise<RealNameReport>;
  /** 域名证书: the PDF and its verification code (shown only now). */
  issueCertificate(request: OnDomain): Promise<IssuedCertificate>;
  /** Public: what a verification code names. */
  verifyCertificate(request: { code: string; now: Date }): Promise<CertificateVerification>;
  /** Jobs the registrar needs run (`runDueJobs`); a registrar that reports by itself has none. */
  jobHandlers(): Record<string, JobHandler>;
}
