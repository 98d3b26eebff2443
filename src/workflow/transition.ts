/**
 * 状态流转 — the one way an application changes status: `transition` checks the transition table
 * (src/filing/status.ts), keeps the hold in step with the status and its evidence (hold.ts), schedules the idle check
 * for statuses that can expire, and writes the audit event in the same transaction. `assertStatus` and
 * `reopenIfRejected` are the status gate of the use cases that do not change the status themselves:
 * what a status allows is data in the same file as the transitions.
 */
import type { Kysely } from 'kysely';
import type { Localized } from '../filing/index.ts';
import type { ApplicationStatus, StatusCapability } from '../filing/index.ts';
import { allows, canTransition } from '../filing/index.ts';
import { enqueue } from '../jobs/index.ts';
import type { AuditAction, AuditData, AuditEventInput } from '../store/index.ts';
import { insertAuditEvent } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { Application, ApplicationChanges } from './application.ts';
import { saveApplication } from './application.ts';
import type { AuditActor } from './context.ts';
import { WorkflowError } from './errors.ts';
import { holdConflict, holdEvidenceFor, isActive, releaseHold, takeHold } from './hold.ts';
import { syncServiceCodes } from './service-codes.ts';

export const EXPIRE_IDLE_JOB = 'expire-idle';
export const DAY_MS = 24 * 60 * 60 * 1000;
/** Reminders at 7, 15 and 30 idle days, expiry at 45 (Tencent Cloud and Alibaba Cloud practice). */
export const REMINDER_DAYS = [7, 15, 30] as const;
export const EXPIRY_DAYS = 45;

type AuditEntry<A extends AuditAction> = AuditEventInput<A> & {
  from: ApplicationStatus | null;
  to: ApplicationStatus | null;
  actor: AuditActor;
};

/** Writes one audit event; call it inside the transaction of the change it records. */
export async function writeAudit<A extends AuditAction>(
  tx: Kysely<Schema>,
  entry: AuditEntry<A>,
): Promise<void> {
  await insertAuditEvent(tx, entry);
}

/**
 * Schedules the idle check (reminders and expiry) at `runAt`: one pending check per application, moved
 * earlier when needed (`excludeJobId`: the check now running, which is about to complete).
 */
export async function scheduleIdleCheck(
  tx: Kysely<Schema>,
  applicationId: number,
  runAt: Date,
  now: Date,
  excludeJobId: number | null = null,
): Promise<void> {
  const payload = JSON.stringify({ applicationId });
  let pending = tx
    .selectFrom('job')
    .select(['id', 'run_at'])
    .where('kind', '=', EXPIRE_IDLE_JOB)
    .where('payload', '=', payload)
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('locked_by', 'is', null);
  if (excludeJobId !== null) pending = pending.where('id', '!=', excludeJobId);
  const existing = await pending.orderBy('run_at').executeTakeFirst();
  if (!existing) {
    await enqueue(tx, { kind: EXPIRE_IDLE_JOB, payload: { applicationId }, runAt, now });
  } else if (existing.run_at > runAt.toISOString()) {
    await tx.updateTable('job').set({ run_at: runAt.toISOString() }).where('id', '=', existing.id).execute();
  }
}

/** Refuses a status change the transition table does not allow (before side effects at MIIT). */
export function assertTransition(application: Application, to: ApplicationStatus): void {
  if (!canTransition(application.status, to)) {
    throw new WorkflowError('INVALID_TRANSITION', {
      zh: `备案申请当前状态为“${application.status}”，不能变为“${to}”`,
      en: `The application is ${application.status}; it cannot become ${to}`,
    });
  }
}

/** The capabilities a use case asserts, with the refusal it gives when the status lacks one. */
const STATUS_REFUSALS = {
  edit: {
    zh: '只有草稿或被驳回的备案申请可以修改',
    en: 'Only a draft or a rejected application can be changed',
  },
  documents: {
    zh: '只有草稿或被驳回的备案申请可以上传或删除材料',
    en: 'Documents can be added or removed only while the application is a draft or rejected',
  },
  submit: {
    zh: '只有草稿状态的备案申请可以提交',
    en: 'Only a draft application can be submitted',
  },
  sms: {
    zh: '该备案申请当前不需要短信核验',
    en: 'The application is not awaiting SMS verification',
  },
} as const satisfies Partial<Record<StatusCapability, Localized>>;

/**
 * Refuses (INVALID_TRANSITION) a use case the application's status does not allow (STATUS_ALLOWS in
 * src/filing/status.ts); `refusal` words it for the use case when the capability's own text does not.
 */
export function assertStatus(
  application: Application,
  capability: keyof typeof STATUS_REFUSALS,
  refusal: Localized = STATUS_REFUSALS[capability],
): void {
  if (!allows(application.status, capability)) throw new WorkflowError('INVALID_TRANSITION', refusal);
}

/**
 * 退回修改 — editing a rejected application returns it to draft first (`reopen` in the status table),
 * recorded as a transition with `reason`; any other status is returned unchanged for the caller to gate.
 */
export async function reopenIfRejected(
  tx: Kysely<Schema>,
  application: Application,
  actor: AuditActor,
  now: Date,
  reason: 'edit-after-rejection' | 'revise-change' = 'edit-after-rejection',
): Promise<Application> {
  if (!allows(application.status, 'reopen')) return application;
  return transition(tx, application, 'draft', actor, { now, data: { reason } });
}

/**
 * Locks the application's row while it still has the status and version the caller loaded, before the
 * hold is taken. Two transitions of one application at once then queue on the row (PostgreSQL; SQLite's
 * `begin immediate` already serialises them), and the later one finds the status changed: it is refused
 * as the transition it is (INVALID_TRANSITION), not by the unique index on the domains that the winner's
 * hold now occupies, which would blame another application (issue 12). A changed version with the same
 * status is another writer's edit: CONFLICT, as saveApplication says.
 */
async function claimStatus(
  tx: Kysely<Schema>,
  application: Application,
  to: ApplicationStatus,
): Promise<void> {
  const claimed = await tx
    .updateTable('application')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', application.id)
    .where('version', '=', application.version)
    .where('status', '=', application.status)
    .returning('id')
    .executeTakeFirst();
  if (claimed) return;
  const current = await tx
    .selectFrom('application')
    .select('status')
    .where('id', '=', application.id)
    .executeTakeFirst();
  if (current && current.status !== application.status) {
    throw new WorkflowError('INVALID_TRANSITION', {
      zh: `备案申请刚被另一个操作改为“${current.status}”，不能再变为“${to}”；请刷新后查看`,
      en: `The application has just become ${current.status} by another action; it cannot become ${to} now. Reload it to see`,
    });
  }
  throw new WorkflowError('CONFLICT', {
    zh: '该备案申请已被其他操作修改，请刷新后重试',
    en: 'The application was changed by someone else; reload it and try again',
  });
}

type TransitionOptions = {
  now: Date;
  /** Recorded in the audit event (reasons, numbers issued…). */
  data?: AuditData<'application.transition'>;
  /** Other columns changed with the status. */
  changes?: ApplicationChanges;
};

export async function transition(
  tx: Kysely<Schema>,
  application: Application,
  to: ApplicationStatus,
  actor: AuditActor,
  options: TransitionOptions,
): Promise<Application> {
  const from = application.status;
  assertTransition(application, to);
  await claimStatus(tx, application, to);
  const changes: ApplicationChanges = { ...options.changes, status: to };
  const holding = application.holdEvidence !== null;
  if (holding && !isActive(to)) {
    await releaseHold(tx, application);
    changes.inProgressSubjectId = null;
    changes.holdEvidence = null;
  } else if (!holding && isActive(to)) {
    // At submit only on evidence of control; past the provider's pass whatever it was (hold.ts).
    const evidence = allows(to, 'hold-required')
      ? 'provider-review'
      : isActive(from)
        ? null
        : await holdEvidenceFor(tx, application);
    if (evidence !== null) {
      changes.inProgressSubjectId = await takeHold(tx, application, options.now);
      changes.holdEvidence = evidence;
    }
  }
  let saved: Application;
  try {
    saved = await saveApplication(tx, application, changes, options.now);
  } catch (error) {
    // The partial unique index: another application of the subject is in flight.
    throw holdConflict(error);
  }
  if (allows(to, 'idle-expiry')) {
    const first = new Date(options.now.getTime() + REMINDER_DAYS[0] * DAY_MS);
    await scheduleIdleCheck(tx, saved.id, first, options.now);
  }
  await writeAudit(tx, {
    applicationId: saved.id,
    actor,
    action: 'application.transition',
    from,
    to,
    ...(options.data ? { data: options.data } : {}),
    now: options.now,
  });
  // 备案服务码 follow their application: bound, in filing, filed, or released (service-codes.ts).
  await syncServiceCodes(tx, saved, actor, options.now);
  return saved;
}
