/**
 * 所需材料 — what an application must carry before submit, from the policy data in force for its
 * province (data/province-policies.json: domainCertificateRequired, domainCertificateThreshold; seed FAQ
 * Q6) as the engine applied it to this application's domains and filing type — the same
 * DOMAIN_CERTIFICATE_REQUIRED findings the submit gate refuses on (missingCertificateErrors), so the
 * list and the gate cannot disagree. The policy data says nothing required of the other kinds: they are
 * listed as what the provider or bureau may ask for, not as required.
 */
import type { DocumentKind } from '../documents/index.ts';
import type { Localized } from '../filing/index.ts';
import type { FilingType } from '../rules/index.ts';
import type { DraftVerification } from './draft-steps.ts';
import type { ApplicationDocument } from './list-documents.ts';

/** 所需域名证书 — one domain the policy wants a certificate for, and the certificate uploaded (if any). */
export type CertificateNeed = {
  /** Registrable domain, A-label. */
  domain: string;
  /** The engine's finding: which province rule, its source's date and confidence. */
  why: Localized;
  uploaded: ApplicationDocument | null;
};

/** 所需材料 — the application's province and filing type, and what they require. */
export type RequiredMaterials = {
  province: string;
  filingType: FilingType | null;
  /** Empty: the policy in force requires no domain certificate here. */
  certificates: CertificateNeed[];
  /** Kinds the policy data does not require; the provider or bureau may still ask for them. */
  onRequest: DocumentKind[];
};

const ON_REQUEST: DocumentKind[] = ['licence-scan', 'id-scan', 'authorisation-letter'];

export function requiredMaterials(
  verification: DraftVerification,
  documents: readonly ApplicationDocument[],
): RequiredMaterials {
  const app = verification.application;
  const certificates = new Map<string, CertificateNeed>();
  for (const check of verification.checks) {
    const finding = check.result.findings.find((f) => f.code === 'DOMAIN_CERTIFICATE_REQUIRED');
    const domain = check.result.domain?.registrableAscii;
    if (finding === undefined || domain === undefined || certificates.has(domain)) continue;
    // A verified certificate outranks one waiting for a reviewer, which outranks none.
    const uploaded =
      documents.find((d) => d.domain === domain && d.certificateCheck?.kind === 'verified') ??
      documents.find((d) => d.domain === domain && d.kind === 'domain-certificate') ??
      null;
    certificates.set(domain, { domain, why: finding.message, uploaded });
  }
  const filingType =
    app.filingType ??
    verification.checks.find((c) => c.result.filingType !== null)?.result.filingType ??
    null;
  return {
    province: app.province,
    filingType,
    certificates: [...certificates.values()],
    onRequest: ON_REQUEST,
  };
}
