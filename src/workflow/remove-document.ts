/**
 * Use case: remove a document (删除备案材料) from one's own application while it can still be changed.
 * The row is kept with `removed_at` for the audit trail. The file goes too when no other row
 * references its hash (content addressing: another application or a real-name submission may share
 * it), decided under the hash's lock in the same transaction: the file is set aside (renamed) inside
 * it, deleted once it committed, and put back if it did not.
 */
import { isDocumentReferenced, lockDocumentFile } from '../documents/index.ts';
import type { SetAsideFile } from '../documents/index.ts';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/index.ts';
import { writeTransaction } from '../store/index.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound } from './errors.ts';
import type { ApplicationDocument } from './list-documents.ts';
import {
  assertDocumentsEditable,
  DOCUMENT,
  documentFromRow,
  documentStoreOf,
  lockApplication,
} from './list-documents.ts';
import { writeAudit } from './transition.ts';

export async function removeDocument(
  deps: ActorDeps & { applicationId: number; documentId: number },
): Promise<ApplicationDocument> {
  requirePermission(deps.actor, 'document.upload-own', { zh: '删除备案材料', en: 'remove documents' });
  const released: { file: SetAsideFile | null } = { file: null };
  let document: ApplicationDocument;
  try {
    document = await removeRow(deps, async (tx, sha256) => {
      await lockDocumentFile(deps.database, tx, sha256);
      // Last: nothing after it in the transaction can fail but the commit itself.
      if (!(await isDocumentReferenced(tx, sha256)))
        released.file = await documentStoreOf(deps).setAside(sha256, tx);
    });
  } catch (error) {
    await released.file?.restore();
    throw error;
  }
  await released.file?.discard();
  return document;
}

async function removeRow(
  deps: ActorDeps & { applicationId: number; documentId: number },
  releaseFile: (tx: Kysely<Schema>, sha256: string) => Promise<void>,
): Promise<ApplicationDocument> {
  const { actor, now } = deps;
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
    await releaseFile(tx, document.sha256);
    return document;
  });
}
