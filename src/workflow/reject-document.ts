/**
 * Use case: 驳回材料 — a provider reviewer rejects one document of an application in 初审 (a blurred
 * scan, an expired licence) with a reason of the library or free text, without rejecting the whole
 * application: the applicant replaces just that document (replace-document.ts). With `supplement` the
 * application also becomes `supplement-requested` (待补充材料, src/filing/status.ts), which providers use
 * to stop the review clock until the applicant answers; without it the review goes on meanwhile.
 */
import { z } from 'zod';
import { allows, fieldError, parseFields } from '../filing/index.ts';
import type { DocumentRejection } from '../store/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound, WorkflowError } from './errors.ts';
import type { ApplicationDocument } from './list-documents.ts';
import { DOCUMENT, documentFromRow, lockApplication } from './list-documents.ts';
import { libraryReason } from './review-decision.ts';
import { transition, writeAudit } from './transition.ts';
import { invalid } from './verify.ts';

/** The path a document's reasons are checked against (the `document` field kind). */
const DOCUMENTS_PATH = 'documents';

export const rejectDocumentSchema = z
  .strictObject({
    /** A code of the reason library that fits documents. */
    code: z.string().trim().min(1).max(64).optional(),
    /** Free text, or the reviewer's own words after the library's reason. */
    message: z.string().trim().min(1).max(500).optional(),
    /** Also ask for the documents formally: the application waits in `supplement-requested`. */
    supplement: z.boolean().default(false),
  })
  .meta({ id: 'RejectDocumentRequest' });

export type RejectDocumentResult = { application: Application; document: ApplicationDocument };

function documentRejection(input: z.output<typeof rejectDocumentSchema>, now: Date): DocumentRejection {
  if (input.code === undefined) {
    if (input.message === undefined) throw invalid([fieldError('message', 'REJECTION_REASON_EMPTY')]);
    return { code: null, message: { zh: input.message, en: input.message }, remedy: null };
  }
  const found = libraryReason(input.code, DOCUMENTS_PATH, 'code', now);
  if (!found.ok) throw invalid([found.error]);
  const note = input.message ?? null;
  return {
    code: found.entry.code,
    message:
      note === null
        ? found.entry.reason
        : { zh: `${found.entry.reason.zh}：${note}`, en: `${found.entry.reason.en}: ${note}` },
    remedy: found.entry.remedy,
  };
}

export async function rejectDocument(
  deps: ActorDeps & { applicationId: number; documentId: number; input: unknown },
): Promise<RejectDocumentResult> {
  const { actor, now } = deps;
  requirePermission(actor, 'provider-review.decide', { zh: '驳回备案材料', en: 'reject documents' });
  const parsed = parseFields(rejectDocumentSchema, deps.input);
  if (!parsed.ok) throw invalid(parsed.errors);
  const rejection = documentRejection(parsed.value, now);
  return writeTransaction(deps.database, async (tx) => {
    await lockApplication(deps.database, tx, deps.applicationId);
    let app = await loadApplication(tx, deps.applicationId);
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
    if (!allows(app.status, 'replace-documents')) {
      throw new WorkflowError('INVALID_TRANSITION', {
        zh: '只有初审中的备案申请可以驳回单份材料',
        en: 'Single documents can be rejected only while the application is in provider review',
      });
    }
    const updated = await tx
      .updateTable('application_document')
      .set({
        rejected_at: now.toISOString(),
        rejected_by: actor.account,
        rejection: JSON.stringify(rejection),
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const document = documentFromRow(updated);
    await writeAudit(tx, {
      applicationId: app.id,
      actor,
      action: 'application.reject-document',
      from: app.status,
      to: app.status,
      data: {
        documentId: document.id,
        kind: document.kind,
        domain: document.domain,
        sha256: document.sha256,
        code: rejection.code,
        message: rejection.message,
        remedy: rejection.remedy,
      },
      now,
    });
    if (parsed.value.supplement && app.status === 'provider-review') {
      app = await transition(tx, app, 'supplement-requested', actor, {
        now,
        data: { supplement: 'requested', documents: [document.id] },
        changes: { lastActivityAt: now.toISOString() },
      });
    }
    return { application: app, document };
  });
}
