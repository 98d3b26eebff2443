/**
 * Use case: download a document (下载备案材料) — whoever may list the application's documents
 * (list-documents.ts: the owner, or roles with `document.read-any`). Returns the stored bytes with
 * the type detected at upload and the name to offer them under.
 */
import { downloadName } from '../documents/index.ts';
import type { ActorDeps } from './context.ts';
import { notFound } from './errors.ts';
import type { ApplicationDocument } from './list-documents.ts';
import { DOCUMENT, documentFromRow, documentStoreOf, readableApplication } from './list-documents.ts';

/** 材料内容 — a document's metadata, its bytes, and the download name (extension matching its type). */
type DocumentContent = { document: ApplicationDocument; bytes: Buffer; downloadName: string };

export async function readDocument(
  deps: ActorDeps & { applicationId: number; documentId: number },
): Promise<DocumentContent> {
  const store = documentStoreOf(deps);
  const db = deps.database.kysely;
  const app = await readableApplication(db, deps.actor, deps.applicationId);
  const row = Number.isSafeInteger(deps.documentId)
    ? await db
        .selectFrom('application_document')
        .selectAll()
        .where('id', '=', deps.documentId)
        .where('application_id', '=', app.id)
        .where('removed_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (!row) throw notFound(DOCUMENT);
  const document = documentFromRow(row);
  const bytes = await store.read(document.sha256);
  // Bytes are stored before their row is written, so a row without bytes is a broken store, not input.
  if (bytes === null)
    throw new Error(`document ${document.id}: no file for ${document.sha256} in ${store.location}`);
  return { document, bytes, downloadName: downloadName(document.fileName, document.mediaType) };
}
