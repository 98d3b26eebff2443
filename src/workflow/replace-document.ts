/**
 * Use case: 替换材料 — the applicant replaces one document a provider reviewer rejected
 * (reject-document.ts) while the application stays in 初审 or waits in `supplement-requested`, without
 * withdrawing it (providers' consoles let an order under review take a better scan). The new document
 * keeps the kind and domain of the rejected one and names it (`replaces`); the rejected row is removed
 * (kept for the audit trail) and its file goes when nothing else references it, as removeDocument does.
 * Replacing the last rejected document of a `supplement-requested` application returns it to 初审.
 * A replacement 域名证书 passes the same 证书核验 as a first upload (certificate-check.ts): a code that
 * names no certificate, another domain's or one no longer current is refused naming the document.
 */
import type { Kysely } from 'kysely';
import {
  checkDocument,
  cleanFileName,
  isDocumentReferenced,
  lockAccountDocuments,
  lockDocumentFile,
} from '../documents/index.ts';
import type { DocumentKind, DocumentStore, SetAsideFile } from '../documents/index.ts';
import { allows, fieldError } from '../filing/index.ts';
import type { Schema } from '../store/index.ts';
import { writeTransaction } from '../store/index.ts';
import { createHash } from 'node:crypto';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound, WorkflowError } from './errors.ts';
import type { ApplicationDocument } from './list-documents.ts';
import { DOCUMENT, documentFromRow, documentStoreOf, lockApplication } from './list-documents.ts';
import { transition, writeAudit } from './transition.ts';
import { checkUploadedCertificate, typedCertificateCode } from './certificate-check.ts';
import { assertAccountRoom, discardUnreferenced, insertDocumentRow } from './upload-document.ts';
import { invalid } from './verify.ts';

export type ReplaceDocumentInput = {
  fileName: unknown;
  bytes: Uint8Array;
  /** For a domain certificate: the verification code printed on it, as typed (certificate-check.ts). */
  certificateCode?: unknown;
};
export type ReplaceDocumentResult = { application: Application; document: ApplicationDocument };

const REFUSED_STATUS = {
  zh: '只有初审中或待补充材料的备案申请可以替换被驳回的材料',
  en: 'A rejected document can be replaced only while the application is in provider review or documents are requested',
};

/** The rejected document `documentId` of `app`, live, or the refusal. */
async function rejectedRow(tx: Kysely<Schema>, app: Application, documentId: number) {
  const row = Number.isSafeInteger(documentId)
    ? await tx
        .selectFrom('application_document')
        .selectAll()
        .where('id', '=', documentId)
        .where('application_id', '=', app.id)
        .where('removed_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (!row) throw notFound(DOCUMENT);
  if (!allows(app.status, 'replace-documents')) throw new WorkflowError('INVALID_TRANSITION', REFUSED_STATUS);
  if (row.rejected_at === null) throw invalid([fieldError('file', 'DOCUMENT_NOT_REJECTED')]);
  return row;
}

export async function replaceDocument(
  deps: ActorDeps & { applicationId: number; documentId: number; input: ReplaceDocumentInput },
): Promise<ReplaceDocumentResult> {
  const { actor, input } = deps;
  requirePermission(actor, 'document.upload-own', { zh: '替换备案材料', en: 'replace documents' });
  const store = documentStoreOf(deps);
  const fileName = cleanFileName(input.fileName);
  // Refused before anything reaches the disk, then checked again inside the transaction.
  const before = await loadApplication(deps.database.kysely, deps.applicationId, actor);
  const old = await rejectedRow(deps.database.kysely, before, deps.documentId);
  checkDocument(input.bytes, store.maxBytes);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  if (sha256 === old.sha256) throw invalid([fieldError('file', 'DOCUMENT_SAME_AS_REJECTED')]);
  // The replacement keeps the rejected one's kind and domain; checked before its bytes are stored.
  const certificateSerial = await checkUploadedCertificate(deps, {
    metadata: { kind: old.kind as DocumentKind, domain: old.domain },
    fileName,
    bytes: input.bytes,
    code: typedCertificateCode(input.certificateCode),
  });
  await assertAccountRoom(deps.database.kysely, store, before.account, sha256, input.bytes.byteLength);
  const stored = await store.put(input.bytes);

  const released: { file: SetAsideFile | null } = { file: null };
  let result: ReplaceDocumentResult;
  try {
    result = await replaceRow(deps, store, { fileName, certificateSerial }, stored, released);
  } catch (error) {
    await released.file?.restore();
    await discardUnreferenced(deps, store, stored.sha256);
    throw error;
  }
  await released.file?.discard();
  return result;
}

async function replaceRow(
  deps: ActorDeps & { applicationId: number; documentId: number; input: ReplaceDocumentInput },
  store: DocumentStore,
  described: { fileName: string; certificateSerial: string | null },
  stored: Awaited<ReturnType<DocumentStore['put']>>,
  released: { file: SetAsideFile | null },
): Promise<ReplaceDocumentResult> {
  const { actor, now } = deps;
  const { fileName, certificateSerial } = described;
  return writeTransaction(deps.database, async (tx) => {
    await lockApplication(deps.database, tx, deps.applicationId);
    let app = await loadApplication(tx, deps.applicationId, actor);
    const old = await rejectedRow(tx, app, deps.documentId);
    await lockAccountDocuments(deps.database, tx, app.account);
    await lockDocumentFile(deps.database, tx, stored.sha256);
    const row = await insertDocumentRow(tx, store, app, actor, now, {
      metadata: { kind: old.kind as ApplicationDocument['kind'], domain: old.domain },
      fileName,
      stored,
      bytes: deps.input.bytes,
      replaces: old.id,
      certificateSerial,
    });
    await tx
      .updateTable('application_document')
      .set({ removed_at: now.toISOString() })
      .where('id', '=', old.id)
      .execute();
    const document = documentFromRow(row);
    await writeAudit(tx, {
      applicationId: app.id,
      actor,
      action: 'application.replace-document',
      from: app.status,
      to: app.status,
      data: {
        documentId: document.id,
        kind: document.kind,
        domain: document.domain,
        sha256: document.sha256,
        replaces: old.id,
        fileName: document.fileName,
        sizeBytes: document.sizeBytes,
        certificateSerial,
      },
      now,
    });
    if (app.status === 'supplement-requested') {
      const stillRejected = await tx
        .selectFrom('application_document')
        .select('id')
        .where('application_id', '=', app.id)
        .where('removed_at', 'is', null)
        .where('rejected_at', 'is not', null)
        .executeTakeFirst();
      if (!stillRejected) {
        app = await transition(tx, app, 'provider-review', actor, {
          now,
          data: { supplement: 'complete', documents: [document.id] },
          changes: { lastActivityAt: now.toISOString() },
        });
      }
    }
    // Last: nothing after it in the transaction can fail but the commit itself.
    if (old.sha256 !== stored.sha256) {
      await lockDocumentFile(deps.database, tx, old.sha256);
      if (!(await isDocumentReferenced(tx, old.sha256))) released.file = await store.setAside(old.sha256, tx);
    }
    return { application: app, document };
  });
}
