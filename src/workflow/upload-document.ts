/**
 * Use case: upload a document (上传备案材料) to one's own application while it can still be changed.
 * The type comes from the magic bytes, the name is cleaned for display (src/documents). The bytes go
 * to the content-addressed store before the row is written: a file without a row is harmless, a row
 * without its file is not. Row and audit event are one transaction.
 */
import { parseDomainInput } from '../domain-name/index.ts';
import { checkDocument, cleanFileName, documentMetadataSchema } from '../documents/index.ts';
import type { DocumentMetadata } from '../documents/index.ts';
import { fieldError, parseFields } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { applicationDomains } from './hold.ts';
import type { ApplicationDocument } from './list-documents.ts';
import {
  assertDocumentsEditable,
  documentFromRow,
  documentStoreOf,
  lockApplication,
} from './list-documents.ts';
import { writeAudit } from './transition.ts';
import { invalid } from './verify.ts';

/**
 * Enough for every material of WeChat's applyIcpFiling (most one each, "other" up to 10 per
 * subject and service) for a few websites, and a bound on the disk one application can take.
 */
export const MAX_DOCUMENTS_PER_APPLICATION = 30;

export type UploadDocumentInput = {
  /** A DocumentKind; validated here. */
  kind: unknown;
  /** For a domain certificate: one of the application's domains. */
  domain?: unknown;
  /** As the client sent it; cleaned here, never used as a path. */
  fileName: unknown;
  bytes: Uint8Array;
};

/** A domain certificate must certify a domain the application files (compared as registrable A-labels). */
function assertDomainOfApplication(app: Application, metadata: DocumentMetadata): void {
  if (metadata.domain === null) return;
  const domains = applicationDomains(app)
    .flat()
    .map((d) => {
      const parsed = parseDomainInput(d);
      return parsed.ok ? parsed.domain.registrableAscii : d;
    });
  if (!domains.includes(metadata.domain)) {
    throw invalid([fieldError('domain', 'DOMAIN_NOT_IN_APPLICATION', { domain: metadata.domain })]);
  }
}

export async function uploadDocument(
  deps: ActorDeps & { applicationId: number; input: UploadDocumentInput },
): Promise<ApplicationDocument> {
  const { actor, now, input } = deps;
  requirePermission(actor, 'document.upload-own', { zh: '上传备案材料', en: 'upload documents' });
  const store = documentStoreOf(deps);
  const parsed = parseFields(documentMetadataSchema, {
    kind: input.kind,
    ...(input.domain === undefined || input.domain === null ? {} : { domain: input.domain }),
  });
  if (!parsed.ok) throw invalid(parsed.errors);
  const metadata = parsed.value;
  const fileName = cleanFileName(input.fileName);

  // Refuse before anything reaches the disk: not the owner (NOT_FOUND), wrong status, wrong domain,
  // then size and type. The transaction checks the application again.
  const before = await loadApplication(deps.database.kysely, deps.applicationId, actor);
  assertDocumentsEditable(before);
  assertDomainOfApplication(before, metadata);
  checkDocument(input.bytes, store.maxBytes);
  const stored = await store.put(input.bytes);

  return writeTransaction(deps.database, async (tx) => {
    await lockApplication(deps.database, tx, deps.applicationId);
    const app = await loadApplication(tx, deps.applicationId, actor);
    assertDocumentsEditable(app);
    assertDomainOfApplication(app, metadata);
    const current = await tx
      .selectFrom('application_document')
      .selectAll()
      .where('application_id', '=', app.id)
      .where('removed_at', 'is', null)
      .execute();
    // The same file again for the same purpose (a retried upload) is the document already there.
    const same = current.find(
      (row) => row.sha256 === stored.sha256 && row.kind === metadata.kind && row.domain === metadata.domain,
    );
    if (same) return documentFromRow(same);
    if (current.length >= MAX_DOCUMENTS_PER_APPLICATION) {
      throw invalid([fieldError('file', 'TOO_MANY_DOCUMENTS', { max: MAX_DOCUMENTS_PER_APPLICATION })]);
    }
    const row = await tx
      .insertInto('application_document')
      .values({
        application_id: app.id,
        kind: metadata.kind,
        domain: metadata.domain,
        file_name: fileName,
        media_type: stored.mediaType,
        size_bytes: stored.size,
        sha256: stored.sha256,
        uploaded_by: actor.account,
        uploaded_at: now.toISOString(),
        removed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const document = documentFromRow(row);
    await writeAudit(tx, {
      applicationId: app.id,
      actor,
      action: 'application.upload-document',
      from: app.status,
      to: app.status,
      data: {
        documentId: document.id,
        kind: document.kind,
        domain: document.domain,
        fileName: document.fileName,
        mediaType: document.mediaType,
        sizeBytes: document.sizeBytes,
        sha256: document.sha256,
      },
      now,
    });
    return document;
  });
}
