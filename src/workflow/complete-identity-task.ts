/**
 * Use case: complete a verification (完成真实性核验) — the person holding the link sends the ID photo, the
 * face photo (or the photo before the provider's 幕布) and signs the declarations; the vendor
 * (VerificationGateway) decides. The photos are checked first like uploaded documents (src/documents:
 * magic bytes, size limit; JPEG or PNG only) and the declarations must all be signed: a refusal there is
 * a field error and leaves the link usable. Then the link is spent whatever the vendor answers (one use,
 * claimed by a conditional update, so two concurrent posts cannot both use it), and the outcome and its
 * audit event are written in the same transaction. A failed check is an outcome, not an error: the
 * applicant sends a new link to retry. A vendor that throws rolls everything back and the link stays.
 * The photos go to the vendor and are not kept here; their SHA-256 is (evidence of what was checked).
 */
import { createHash } from 'node:crypto';
import { checkDocument, DEFAULT_MAX_UPLOAD_BYTES, DocumentRefusedError } from '../documents/index.ts';
import type { FieldError, Localized } from '../filing/index.ts';
import { fieldError } from '../filing/index.ts';
import { fromJson, insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { Database } from '../store/index.ts';
import type { IdentitySettings } from './context.ts';
import { WorkflowError } from './errors.ts';
import { declarationLabel, failureText, identityGateway, taskView } from './identity-persons.ts';
import type { IdentityTaskView } from './identity-persons.ts';
import { linkTask } from './open-identity-link.ts';

export type IdentityCompletion = {
  token: string;
  idPhoto: Uint8Array;
  facePhoto: Uint8Array;
  /** The ids of the declarations the person ticked. */
  declarations: readonly string[];
};

export type IdentityCompletionResult = {
  outcome: 'passed' | 'failed';
  /** Why the vendor refused, for the person: what to do differently with the next link. */
  failureText: Localized | null;
  task: IdentityTaskView;
};

const PHOTO_LABELS = {
  idPhoto: { zh: '证件照', en: 'ID photo' },
  facePhoto: { zh: '本人照片', en: 'face photo' },
} as const;

function photoErrors(field: 'idPhoto' | 'facePhoto', bytes: Uint8Array, maxBytes: number): FieldError[] {
  const photo = PHOTO_LABELS[field];
  try {
    const type = checkDocument(bytes, maxBytes);
    return type === 'application/pdf' ? [fieldError(field, 'IDENTITY_PHOTO_NOT_IMAGE', { photo })] : [];
  } catch (error) {
    if (error instanceof DocumentRefusedError)
      return [fieldError(field, 'IDENTITY_PHOTO_REFUSED', { photo, reason: error.messages })];
    throw error;
  }
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function completeIdentityTask(deps: {
  database: Database;
  now: Date;
  identity?: IdentitySettings;
  maxPhotoBytes?: number;
  input: IdentityCompletion;
}): Promise<IdentityCompletionResult> {
  const { now, input } = deps;
  const maxBytes = deps.maxPhotoBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  return writeTransaction(deps.database, async (tx) => {
    const { task, app } = await linkTask(tx, input.token, now);
    const required = fromJson(task.declarations_required);
    const errors = [
      ...photoErrors('idPhoto', input.idPhoto, maxBytes),
      ...photoErrors('facePhoto', input.facePhoto, maxBytes),
      ...required
        .filter((id) => !input.declarations.includes(id))
        .map((id) =>
          fieldError(`declarations.${id}`, 'IDENTITY_DECLARATION_REQUIRED', {
            declaration: declarationLabel(id),
          }),
        ),
    ];
    if (errors.length > 0)
      throw new WorkflowError(
        'VALIDATION_FAILED',
        { zh: '请按提示补全后再提交核验', en: 'Complete what is marked and send again' },
        errors,
      );
    // Claim the link: only one request can move it out of pending.
    const claimed = await tx
      .updateTable('identity_task')
      .set({ status: 'failed', completed_at: now.toISOString() })
      .where('id', '=', task.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1)
      throw new WorkflowError('IDENTITY_LINK_USED', {
        zh: '该核验链接已使用，每个链接只能使用一次',
        en: 'This verification link was already used; each link works once',
      });
    const gateway = identityGateway(deps);
    const verdict = await gateway.verify(
      {
        person: { name: task.person_name, idType: task.person_id_type, idNumber: task.person_id_number },
        method: task.method === 'curtain' ? 'curtain' : 'face',
        idPhoto: input.idPhoto,
        facePhoto: input.facePhoto,
        reference: `identity-task-${task.id}`,
      },
      tx,
    );
    const failure = verdict.passed ? null : verdict.failure;
    const row = await tx
      .updateTable('identity_task')
      .set({
        status: verdict.passed ? 'passed' : 'failed',
        failure,
        vendor_reference: `${gateway.name}:${verdict.vendorReference}`,
        id_photo_sha256: sha(input.idPhoto),
        face_photo_sha256: sha(input.facePhoto),
        declarations_signed: JSON.stringify(required),
      })
      .where('id', '=', task.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertAuditEvent(tx, {
      action: 'identity.task-complete',
      applicationId: app.id,
      actor: { account: `identity-task:${task.id}`, role: 'link' },
      from: 'pending',
      to: row.status,
      target: `identity-task:${task.id}`,
      now,
      data: {
        taskId: task.id,
        person: task.person_name,
        outcome: verdict.passed ? 'passed' : 'failed',
        failure,
        vendorReference: row.vendor_reference ?? '',
      },
    });
    return {
      outcome: verdict.passed ? 'passed' : 'failed',
      failureText: failureText(failure),
      task: taskView(row, now),
    };
  });
}
