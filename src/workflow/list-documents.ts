/**
 * Use case: list an application's documents (备案材料) — its owner, or a role the permission table lets
 * read any application's documents (the reviewers, admin). Also what the other document use cases share:
 * the document as the workflow sees it, who may read, and the submit gate for domain certificates.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DocumentKind, DocumentMediaType, DocumentStore } from '../documents/index.ts';
import { fieldError, type FieldError, type Localized } from '../filing/index.ts';
import { can } from '../filing/index.ts';
import type { Database } from '../store/index.ts';
import type { ApplicationDocumentTable, DocumentRejection, Schema } from '../store/index.ts';
import { fromJson } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import type { Actor, ActorDeps, WorkflowDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { assertStatus } from './transition.ts';
import type { DomainCheck } from './verify.ts';

/** 备案材料 — a document attached to an application, as the use cases return it. */
export type ApplicationDocument = {
  id: number;
  applicationId: number;
  kind: DocumentKind;
  /** For a domain certificate: the registrable domain, A-label. */
  domain: string | null;
  /** The uploader's name, cleaned for display (src/documents/file-name.ts). */
  fileName: string;
  /** Detected from the bytes, never taken from the client. */
  mediaType: DocumentMediaType;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  /**
   * 证书核验 of a domain certificate: `verified` against the registrar sandbox's certificate `serial`,
   * or `manual` (from elsewhere, or no code given: a reviewer checks it); null for other kinds.
   */
  certificateCheck: { kind: 'verified'; serial: string } | { kind: 'manual' } | null;
  /**
   * 材料驳回 (issue 15): a provider reviewer's rejection of this document, which the applicant answers by
   * replacing it (replace-document.ts); null while not rejected.
   */
  rejection: DocumentRejectionView | null;
  /** The rejected document this one replaced; null for a first upload. */
  replaces: number | null;
};

/** 材料驳回 — who rejected a document, when, and why (a library code with its remedy, or free text). */
export type DocumentRejectionView = DocumentRejection & { at: string; by: string };

export function documentFromRow(row: Selectable<ApplicationDocumentTable>): ApplicationDocument {
  return {
    id: row.id,
    applicationId: row.application_id,
    kind: row.kind as DocumentKind,
    domain: row.domain,
    fileName: row.file_name,
    mediaType: row.media_type as DocumentMediaType,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
    certificateCheck:
      row.kind !== 'domain-certificate'
        ? null
        : row.certificate_serial === null
          ? { kind: 'manual' }
          : { kind: 'verified', serial: row.certificate_serial },
    rejection:
      row.rejected_at !== null && row.rejection !== null
        ? { ...fromJson(row.rejection), at: row.rejected_at, by: row.rejected_by ?? '' }
        : null,
    replaces: row.replaces_id === null ? null : Number(row.replaces_id),
  };
}

/**
 * Documents can be added or removed while the applicant can still change the application (`documents`
 * in the status table); once under review the reviewers see a fixed set.
 */
export function assertDocumentsEditable(app: Application): void {
  assertStatus(app, 'documents');
}

export const DOCUMENT: Localized = { zh: '该材料', en: 'document' };

/**
 * The application whose documents `actor` may read: any, for roles with `document.read-any`; else only
 * their own (someone else's is NOT_FOUND, as for applications).
 */
export async function readableApplication(
  db: Kysely<Schema>,
  actor: Actor,
  applicationId: number,
): Promise<Application> {
  if (can(actor.role, 'document.read-any')) return loadApplication(db, applicationId);
  requirePermission(actor, 'document.read-own', { zh: '查看备案材料', en: 'read documents' });
  return loadApplication(db, applicationId, actor);
}

/**
 * Serialises document changes with submit on PostgreSQL: both lock the application row first, so a
 * certificate cannot be removed between the submit's check and its status change. SQLite's
 * `begin immediate` already runs write transactions one at a time.
 */
export async function lockApplication(
  database: Database,
  tx: Kysely<Schema>,
  applicationId: number,
): Promise<void> {
  if (database.dialect !== 'postgres') return;
  await tx.selectFrom('application').select('id').where('id', '=', applicationId).forUpdate().execute();
}

export function documentStoreOf(deps: WorkflowDeps): DocumentStore {
  if (!deps.documents) throw new Error('workflow: document use cases need deps.documents (a DocumentStore)');
  return deps.documents;
}

export async function listDocuments(
  deps: ActorDeps & { applicationId: number },
): Promise<ApplicationDocument[]> {
  const db = deps.database.kysely;
  const app = await readableApplication(db, deps.actor, deps.applicationId);
  const rows = await db
    .selectFrom('application_document')
    .selectAll()
    .where('application_id', '=', app.id)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map(documentFromRow);
}

/** `例子.中国 (xn--fsqz57bwsqkra.xn--fiqs8s)` for an IDN, the name alone otherwise. */
function domainLabel(unicode: string, ascii: string): string {
  return unicode === ascii ? ascii : `${unicode} (${ascii})`;
}

/**
 * 域名证书 gate of submit (seed FAQ Q6): every domain whose check carries DOMAIN_CERTIFICATE_REQUIRED
 * (the province policy requires certificates, e.g. Jiangsu) needs a domain certificate on the
 * application for its registrable domain; each missing one is a field error at the domain's path.
 * Call inside the submit transaction: it locks the application row (see lockApplication).
 */
export async function missingCertificateErrors(
  deps: WorkflowDeps,
  tx: Kysely<Schema>,
  applicationId: number,
  checks: readonly DomainCheck[],
): Promise<FieldError[]> {
  const needing = checks.filter((check) =>
    check.result.findings.some((f) => f.code === 'DOMAIN_CERTIFICATE_REQUIRED'),
  );
  if (needing.length === 0) return [];
  await lockApplication(deps.database, tx, applicationId);
  const rows = await tx
    .selectFrom('application_document')
    .select('domain')
    .where('application_id', '=', applicationId)
    .where('kind', '=', 'domain-certificate')
    .where('removed_at', 'is', null)
    .execute();
  const covered = new Set(rows.map((row) => row.domain));
  const errors: FieldError[] = [];
  for (const check of needing) {
    // The engine adds the finding only to domains it could parse (check-domain.ts).
    const domain = check.result.domain;
    if (!domain || covered.has(domain.registrableAscii)) continue;
    const finding = check.result.findings.find((f) => f.code === 'DOMAIN_CERTIFICATE_REQUIRED');
    const label = domainLabel(domain.registrable, domain.registrableAscii);
    const error = fieldError(check.path, 'DOMAIN_CERTIFICATE_REQUIRED', {
      finding: finding?.message ?? '',
      domain: label,
    });
    // Without the engine's finding the English sentence would start with a space.
    errors.push({ ...error, message: { ...error.message, en: error.message.en.trim() } });
  }
  return errors;
}
