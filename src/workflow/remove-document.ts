/**
 * Use case: remove a document (删除备案材料) from one's own application while it can still be changed.
 * The row is kept with `removed_at` for the audit trail; the bytes stay in the store, where other rows
 * may share them (content addressing).
 */
import { writeTransaction } from '../store/index.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound } from './errors.ts';
import type { ApplicationDocument } from './list-documents.ts';
import { assertDocumentsEditable, DOCUMENT, documentFromRow, lockApplication } from './list-documents.ts';
import { writeAudit } from './transition.ts';

export async function removeDocument(
  deps: ActorDeps & { applicationId: number; documentId: number },
): Promise<ApplicationDocument> {
  const { actor, now } = deps;
  requirePermission(actor, 'document.upload-own', { zh: '删除备案材料', en: 'remove documents' });
  return writeTransaction(deps.database, async (tx) => {
    await lockApplication(deps.database, tx, deps.applicationId);
    const app = await loadApplication(tx, deps.applicationId, actor);
    const row = Number.isSafeInteger(deps.documentId)
      ? await tx
          .selectFrom('application_document')
          .selectAll()
          .where('id', '=', deps.documentId)
          .where('application_id', '=', app.id)
          .where('removed_at', 'is', null)
          .executeTakeFirst()
      : undefined;
    if (!row) throw notFound(DOCUMENT);
    assertDocumentsEditable(app);
    await tx
      .updateTable('application_document')
      .set({ removed_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
    const document = documentFromRow(row);
    await writeAudit(tx, {
      applicationId: app.id,
      actor,
      action: 'application.remove-document',
      from: app.status,
      to: app.status,
      data: {
        documentId: document.id,
        kind: document.kind,
        domain: document.domain,
        sha256: document.sha256,
      },
      now,
    });
    return document;
  });
}
