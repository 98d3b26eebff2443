/**
 * 注册商沙箱 — the shapes the registrar side of beian works with: domains registered here, their holders,
 * real-name submissions, reports to the MIIT domain database and printed certificates. A real registrar
 * integration behind RegistrarGateway (gateway.ts) answers in the same shapes.
 */
import type { Role } from '../filing/index.ts';
import type { IdType, SubjectType } from '../policy/index.ts';
import type {
  RegistrarDomainStatus,
  RegistrarRealNameStatus,
  ReportStatus,
  SubmissionStatus,
} from '../store/index.ts';

import type { Localized } from '../shared/index.ts';
export type { Localized };

/** 域名持有者 — the holder as the registrar keeps it: shaped like a filing subject's identity. */
export type Holder = { name: string; type: SubjectType; idType: IdType; idNumber: string };

/** 操作人 — an account of this deployment acting at the registrar. */
export type RegistrarActor = { account: string; role: Role };

/** 系统 — the job runner reporting to MIIT on schedule; recorded as such in the audit trail. */
export type RegistrarSystemActor = { account: 'system'; role: 'system' };
export const REGISTRAR_SYSTEM_ACTOR: RegistrarSystemActor = { account: 'system', role: 'system' };

// The status vocabularies live where their columns are declared (src/store/schema.ts).
export type {
  RegistrarDomainStatus,
  RegistrarRealNameStatus,
  ReportStatus,
  SubmissionStatus,
} from '../store/index.ts';

/** 域名 — a registrable domain in both forms: A-label (stored) and U-label (shown). */
export type DomainLabel = { ascii: string; unicode: string };

/** 注册商 — which registrar of data/registrars.json the sandbox acts as. */
export type RegistrarRef = { id: string; name: string; approved: boolean; licence: string | null };

/** 注册域名 — a domain registered at the registrar sandbox. */
export type RegistrarDomain = {
  domain: DomainLabel;
  registrar: RegistrarRef;
  /** Login of the holder's account here ("my domains"); null when none. */
  account: string | null;
  holder: Holder;
  registeredAt: string;
  expiresAt: string;
  status: RegistrarDomainStatus;
  transferredTo: RegistrarRef | null;
  transferredAt: string | null;
  realName: { status: RegistrarRealNameStatus; verifiedAt: string | null; reportedAt: string | null };
  version: number;
};

/** 实名认证资料 — one real-name submission and the operator's decision. */
export type RealNameSubmission = {
  id: number;
  domain: DomainLabel;
  holder: Holder;
  documentSha256: string | null;
  submittedBy: string;
  submittedAt: string;
  status: SubmissionStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Why it was rejected; `en` may be absent when the operator wrote Chinese only. */
  reason: { zh: string; en?: string } | null;
};

/** 实名上报 — reporting one approved submission to the MIIT domain database. */
export type RealNameReport = {
  id: number;
  domain: DomainLabel;
  submissionId: number;
  status: ReportStatus;
  /** Asia/Shanghai working day, `YYYY-MM-DD`. */
  dueDate: string;
  dueAt: string;
  attempts: number;
  lastError: Localized | null;
  reportedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

/** 域名证书 (as recorded) — what the register keeps of a printed certificate. */
export type CertificateRecord = {
  serial: string;
  domain: DomainLabel;
  holderName: string;
  holderIdMasked: string;
  registeredAt: string;
  expiresAt: string;
  issuedAt: string;
  issuedBy: string;
};

/** 域名证书 — a certificate just issued: the PDF and the verification code shown only now. */
export type IssuedCertificate = CertificateRecord & {
  /** `XXXX-XXXX-XXXX-XXXX` (Crockford base32); stored only as a hash. */
  verificationCode: string;
  pdf: Buffer;
};

/** 证书查验 — what the public query page learns from a verification code. */
export type CertificateVerification =
  | {
      valid: true;
      serial: string;
      domain: DomainLabel;
      holderName: string;
      issuedAt: string;
      registeredAt: string;
      expiresAt: string;
      registrar: { id: string; name: string };
      /** Same holder, still registered here and not expired: the certificate still tells the truth. */
      current: boolean;
    }
  | { valid: false };

/** A domain with its history at the registrar, for the detail view. */
export type RegistrarDomainDetail = {
  domain: RegistrarDomain;
  submissions: RealNameSubmission[];
  reports: RealNameReport[];
  certificates: CertificateRecord[];
};
