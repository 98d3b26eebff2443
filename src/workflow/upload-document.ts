/**
 * Use case: upload a document (上传备案材料) to one's own application while it can still be changed.
 * The type comes from the magic bytes, the name is cleaned for display (src/documents). The bytes go
 * to the content-addressed store before the row is written: a file without a row is harmless, a row
 * without its file is not. Row and audit event are one transaction, which also holds the lock of the
 * file's hash (a removal of the last other row may have taken the file meanwhile: then it is written
 * again) and of the account's stored bytes (each account stores at most `maxAccountBytes`).
 */
import { parseDomainInput } from '../domain-name/index.ts';
import {
  accountDocumentBytes,
  accountFullMessage,
  checkDocument,
  cleanFileName,
  documentMetadataSchema,
  DocumentRefusedError,
  isDocumentReferenced,
  lockAccountDocuments,
  lockDocumentFile,
} from '../documents/index.ts';
import type { DocumentStore } from '../documents/index.ts';
import type { DocumentMetadata } from '../documents/index.ts';
import { fieldError, parseFields } from '../filing/index.ts';
import type { ApplicationDocumentTable, Schema } from '../store/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Kysely, Selectable } from 'kysely';
import { createHash } from 'node:crypto';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { checkUploadedCertificate, typedCertificateCode } from './certificate-check.ts';
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
  /** For a domain certificate: the verification code printed on it, as typed (certificate-check.ts). */
  certificateCode?: unknown;
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

/** Refuses a file that would take the account past its cap (DocumentRefusedError `account-full`). */
export async function assertAccountRoom(
  db: Kysely<Schema>,
  store: DocumentStore,
  account: string,
  sha256: string,
  size: number,
): Promise<void> {
  const { storedBytes, alreadyStored } = await accountDocumentBytes(db, account, sha256);
  if (!alreadyStored && storedBytes + size > store.maxAccountBytes) {
    throw new DocumentRefusedError('account-full', accountFullMessage(storedBytes, store.maxAccountBytes));
  }
}

/** Removes the file of a refused upload unless a row references it (under its hash's lock). */
export async function discardUnreferenced(
  deps: ActorDeps,
  store: DocumentStore,
  sha256: string,
): Promise<void> {
  const aside = await writeTransaction(deps.database, async (tx) => {
    await lockDocumentFile(deps.database, tx, sha256);
    return (await isDocumentReferenced(tx, sha256)) ? null : store.setAside(sha256, tx);
  });
  await aside?.discard();
}

export async function uploadDocument(
  deps: ActorDeps & { applicationId: number; input: UploadDocumentInput },
): Promise<ApplicationDocument> {
  const { actor, input } = deps;
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
  // then size, type and the account's room. The transaction checks all but size and type again.
  const before = await loadApplication(deps.database.kysely, deps.applicationId, actor);
  assertDocumentsEditable(before);
  assertDomainOfApplication(before, metadata);
  checkDocument(input.bytes, store.maxBytes);
  // Checked before the bytes are stored: a certificate whose code does not hold is not kept.
  const certificateSerial = await checkUploadedCertificate(deps, {
    metadata,
    fileName,
    bytes: input.bytes,
    code: typedCertificateCode(input.certificateCode),
  });
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  await assertAccountRoom(deps.database.kysely, store, before.account, sha256, input.bytes.byteLength);
  const stored = await store.put(input.bytes);

  try {
    return await insertDocument(deps, store, { metadata, fileName, certificateSerial }, stored);
  } catch (error) {
    // Refused after the bytes were written (the application changed, or a concurrent upload took the
    // room): they must not stay behind as an orphan.
    await discardUnreferenced(deps, store, stored.sha256);
    throw error;
  }
}

async function insertDocument(
  deps: ActorDeps & { applicationId: number; input: UploadDocumentInput },
  store: DocumentStore,
  described: { metadata: DocumentMetadata; fileName: string; certificateSerial: string | null },
  stored: Awaited<ReturnType<DocumentStore['put']>>,
): Promise<ApplicationDocument> {
  const { actor, now, input } = deps;
  const { metadata, fileName, certificateSerial } = described;
  return writeTransaction(deps.database, async (tx) => {
    await lockApplication(deps.database, tx, deps.applicationId);
    const app = await loadApplication(tx, deps.applicationId, actor);
    assertDocumentsEditable(app);
    assertDomainOfApplication(app, metadata);
    await lockAccountDocuments(deps.database, tx, app.account);
    await lockDocumentFile(deps.database, tx, stored.sha256);
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
    const row = await insertDocumentRow(tx, store, app, actor, now, {
      metadata,
      fileName,
      stored,
      bytes: input.bytes,
      replaces: null,
      certificateSerial,
    });
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
        certificateSerial,
      },
      now,
    });
    return document;
  });
}

type NewDocument = {
  metadata: DocumentMetadata;
  fileName: string;
  stored: Awaited<ReturnType<DocumentStore['put']>>;
  bytes: Uint8Array;
  /** The rejected document this one replaces (replace-document.ts); null for an upload. */
  replaces: number | null;
  /** 证书核验: the registrar sandbox certificate this document was verified against; null otherwise. */
  certificateSerial: string | null;
};

/**
 * Inserts the row of a stored file inside `tx`, which holds the application's, the account's and the
 * hash's locks: the account's room is checked again, and the file is written again when the last other
 * row was removed since `put` and took it along.
 */
export async function insertDocumentRow(
  tx: Kysely<Schema>,
  store: DocumentStore,
  app: Application,
  actor: ActorDeps['actor'],
  now: Date,
  document: NewDocument,
): Promise<Selectable<ApplicationDocumentTable>> {
  const { stored } = document;
  await assertAccountRoom(tx, store, app.account, stored.sha256, stored.size);
  if (!(await store.has(stored.sha256, tx))) await store.put(document.bytes, tx);
  return tx
    .insertInto('application_document')
    .values({
      application_id: app.id,
      kind: document.metadata.kind,
      domain: document.metadata.domain,
      file_name: document.fileName,
      media_type: stored.mediaType,
      size_bytes: stored.size,
      sha256: stored.sha256,
      uploaded_by: actor.account,
      uploaded_at: now.toISOString(),
      removed_at: null,
      replaces_id: document.replaces,
      certificate_serial: document.certificateSerial,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
