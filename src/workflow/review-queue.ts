/**
 * Use case: a reviewer's queue (审核队列) — the applications waiting in the status one console decides
 * (初审 at the provider, 管局审核 in the MIIT sandbox), each with the instant it entered that status (a
 * resubmission, a supplement answered or a second SMS round restarts the wait) and its age against the
 * service level (服务时限) in working days of the official calendar: due by the end of the N-th working
 * day after the day it entered (a weekend entry counts from Monday), overdue past it. Oldest submission
 * first, or overdue first (`sort: 'overdue'`), then longest waiting.
 */
import type { Action } from '../filing/index.ts';
import type { ApplicationStatus } from '../filing/index.ts';
import { CalendarCoverageError, toShanghaiDate } from '../policy/index.ts';
import type { WorkdayCalendar } from '../policy/index.ts';
import type { Application } from './application.ts';
import { applicationFromRow } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { DAY_MS } from './transition.ts';

/** The statuses a console decides, with the permission that decides them. */
export const QUEUE_ACTIONS = {
  'provider-review': 'provider-review.decide',
  'bureau-review': 'bureau-review.decide',
} as const satisfies Partial<Record<ApplicationStatus, Action>>;

export type QueueStatus = keyof typeof QUEUE_ACTIONS;

/** 初审时限 default: providers answer within one working day (BEIAN_REVIEW_SLA_WORKDAYS overrides it). */
export const DEFAULT_PROVIDER_REVIEW_WORKDAYS = 1;
/**
 * 管局审核时限: the bureau decides within 20 working days (非经营性互联网信息服务备案管理办法, 信息产业部令
 * 第33号, 第十一条).
 */
export const BUREAU_REVIEW_WORKDAYS = 20;

export const QUEUE_SORTS = ['submitted', 'overdue'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** 待审申请 — an application in the queue, since when it has waited and when it is due. */
export type QueueEntry = {
  application: Application;
  waitingSince: string | null;
  /** End of the service level's last working day; null when the calendar does not cover it. */
  dueBy: string | null;
  overdue: boolean;
};

export type ReviewQueue = {
  entries: QueueEntry[];
  hasMore: boolean;
  /** The service level applied, in working days. */
  serviceLevelWorkdays: number;
  /** Overdue applications in the whole queue, not only this page. */
  overdueCount: number;
};

/** The instant an entry of `since` is due: the end (Asia/Shanghai) of the `workdays`-th working day. */
export function dueInstant(calendar: WorkdayCalendar, since: string, workdays: number): string | null {
  try {
    const dueDate = calendar.addWorkdays(toShanghaiDate(new Date(since)), workdays);
    return new Date(Date.parse(`${dueDate}T00:00:00+08:00`) + DAY_MS).toISOString();
  } catch (error) {
    // Outside the calendar's years the due date is unknown, not a failure of the queue.
    if (error instanceof CalendarCoverageError) return null;
    throw error;
  }
}

export async function reviewQueue(
  deps: ActorDeps & {
    status: QueueStatus;
    limit: number;
    offset: number;
    sort?: QueueSort;
    /** 初审 service level in working days; default DEFAULT_PROVIDER_REVIEW_WORKDAYS. */
    providerReviewWorkdays?: number;
  },
): Promise<ReviewQueue> {
  requirePermission(deps.actor, QUEUE_ACTIONS[deps.status], {
    zh: '查看审核队列',
    en: 'read the review queue',
  });
  const db = deps.database.kysely;
  const serviceLevelWorkdays =
    deps.status === 'provider-review'
      ? (deps.providerReviewWorkdays ?? DEFAULT_PROVIDER_REVIEW_WORKDAYS)
      : BUREAU_REVIEW_WORKDAYS;
  // Every waiting application with the last time it entered the status (a queue is hundreds, not
  // millions: sorted here, since "overdue" depends on the calendar, not on a column).
  const waiting = await db
    .selectFrom('application as a')
    .leftJoin('audit_event as e', (join) =>
      join
        .onRef('e.application_id', '=', 'a.id')
        .onRef('e.to_status', '=', 'a.status')
        .on('e.action', '=', 'application.transition'),
    )
    .select((eb) => ['a.id', 'a.submitted_at', eb.fn.max('e.created_at').as('entered')])
    .where('a.status', '=', deps.status)
    .groupBy(['a.id', 'a.submitted_at'])
    .execute();
  const nowMs = deps.now.getTime();
  const ranked = waiting.map((row) => {
    const waitingSince = row.entered ?? row.submitted_at;
    const dueBy =
      waitingSince === null ? null : dueInstant(deps.policy.calendar, waitingSince, serviceLevelWorkdays);
    return {
      id: row.id,
      submittedAt: row.submitted_at ?? '',
      waitingSince,
      dueBy,
      overdue: dueBy !== null && Date.parse(dueBy) <= nowMs,
    };
  });
  ranked.sort(
    (a, b) =>
      (deps.sort === 'overdue' ? Number(b.overdue) - Number(a.overdue) : 0) ||
      (deps.sort === 'overdue'
        ? (a.waitingSince ?? '').localeCompare(b.waitingSince ?? '')
        : a.submittedAt.localeCompare(b.submittedAt)) ||
      a.id - b.id,
  );
  const page = ranked.slice(deps.offset, deps.offset + deps.limit);
  const rows =
    page.length === 0
      ? []
      : await db
          .selectFrom('application')
          .selectAll()
          .where(
            'id',
            'in',
            page.map((entry) => entry.id),
          )
          .execute();
  const byId = new Map(rows.map((row) => [row.id, applicationFromRow(row)]));
  const entries = page.flatMap((entry) => {
    const application = byId.get(entry.id);
    return application
      ? [{ application, waitingSince: entry.waitingSince, dueBy: entry.dueBy, overdue: entry.overdue }]
      : [];
  });
  return {
    entries,
    hasMore: ranked.length > deps.offset + deps.limit,
    serviceLevelWorkdays,
    overdueCount: ranked.filter((entry) => entry.overdue).length,
  };
}
