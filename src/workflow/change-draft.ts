/**
 * 变更申请草稿 — the one insert of a new change application (变更网站, 变更接入, 变更主体, 变更APP),
 * shared by the change use cases; not a use case itself. A change starts as a `draft` whose filing
 * type is already `change` (the engine derives `change` for a filed record's own domains,
 * CheckContext.changeOf), with `change_of` naming the filed record it changes and `change_kind` which
 * of its parts (null for a 变更网站, migration 0006). Its creation event is written in the same
 * transaction.
 */
import type { Kysely } from 'kysely';
import type { AuditAction, AuditData, Schema } from '../store/index.ts';
import type { Application } from './application.ts';
import { applicationFromRow } from './application.ts';
import type { ActorDeps } from './context.ts';
import { writeAudit } from './transition.ts';

/** What a new change draft holds, and the audit event that records its creation. */
export type ChangeDraft<A extends AuditAction> = {
  province: string;
  subject: Record<string, unknown>;
  websites: Record<string, unknown>[];
  /** The subject's certificate number as filed; stored upper case like every application's. */
  subjectIdNumber: string;
  /** The number of the filed website, subject or app the change is of. */
  changeOf: string;
  changeKind: 'access' | 'subject' | 'app' | null;
  action: A;
  data: AuditData<A>;
};

/** Inserts the change as a draft of the actor and writes its creation event. */
export async function insertChangeDraft<A extends AuditAction>(
  tx: Kysely<Schema>,
  deps: ActorDeps,
  draft: ChangeDraft<A>,
): Promise<Application> {
  const at = deps.now.toISOString();
  const row = await tx
    .insertInto('application')
    .values({
      account: deps.actor.account,
      province: draft.province,
      filing_type: 'change',
      status: 'draft',
      subject: JSON.stringify(draft.subject),
      websites: JSON.stringify(draft.websites),
      rejection: null,
      subject_id_number: draft.subjectIdNumber.toUpperCase(),
      in_progress_subject_id: null,
      created_at: at,
      updated_at: at,
      last_activity_at: at,
      submitted_at: null,
      change_of: draft.changeOf,
      change_kind: draft.changeKind,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(tx, {
    applicationId: row.id,
    actor: deps.actor,
    action: draft.action,
    from: null,
    to: 'draft',
    data: draft.data,
    now: deps.now,
  });
  return applicationFromRow(row);
}
