/**
 * Use case: a reviewer's queue (审核队列) — the applications waiting in the status one console decides
 * (初审 at the provider, 管局审核 in the MIIT sandbox), oldest submission first, each with the instant
 * it entered that status: a resubmission or a second SMS round restarts the wait.
 */
import type { Action } from '../filing/index.ts';
import type { ApplicationStatus } from '../filing/index.ts';
import type { Application } from './application.ts';
import { applicationFromRow } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';

/** The statuses a console decides, with the permission that decides them. */
export const QUEUE_ACTIONS = {
  'provider-review': 'provider-review.decide',
  'bureau-review': 'bureau-review.decide',
} as const satisfies Partial<Record<ApplicationStatus, Action>>;

export type QueueStatus = keyof typeof QUEUE_ACTIONS;

/** 待审申请 — an application in the queue and since when it has waited there. */
type QueueEntry = { application: Application; waitingSince: string | null };

export async function reviewQueue(
  deps: ActorDeps & { status: QueueStatus; limit: number; offset: number },
): Promise<{ entries: QueueEntry[]; hasMore: boolean }> {
  requirePermission(deps.actor, QUEUE_ACTIONS[deps.status], {
    zh: '查看审核队列',
    en: 'read the review queue',
  });
  const db = deps.database.kysely;
  // One row more than the page says whether another page follows.
  const rows = await db
    .selectFrom('application')
    .selectAll()
    .where('status', '=', deps.status)
    .orderBy('submitted_at')
    .orderBy('id')
    .limit(deps.limit + 1)
    .offset(deps.offset)
    .execute();
  const applications = rows.slice(0, deps.limit).map(applicationFromRow);
  const entered = new Map<number, string>();
  if (applications.length > 0) {
    const events = await db
      .selectFrom('audit_event')
      .select(['application_id', 'created_at'])
      .where(
        'application_id',
        'in',
        applications.map((app) => app.id),
      )
      .where('to_status', '=', deps.status)
      .orderBy('id')
      .execute();
    // In id order, so the last entry into the status wins.
    for (const event of events)
      if (event.application_id !== null) entered.set(event.application_id, event.created_at);
  }
  return {
    entries: applications.map((application) => ({
      application,
      waitingSince: entered.get(application.id) ?? application.submittedAt,
    })),
    hasMore: rows.length > deps.limit,
  };
}
