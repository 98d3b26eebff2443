/**
 * Use case: an application with its timeline (处理记录) — every audit event written about it, in order:
 * who did what, the status change, and the event's data (a rejection's reasons, the numbers issued at
 * approval). Readable by whoever may read the application (read-application.ts).
 */
import { z } from 'zod';
import { APPLICATION_STATUSES } from '../filing/index.ts';
import type { ApplicationStatus } from '../filing/index.ts';
import type { Application } from './application.ts';
import type { ActorDeps } from './context.ts';
import type { ReadScope } from './read-application.ts';
import { readApplication } from './read-application.ts';

/** 处理记录 — one audit event of an application as a reader sees it. */
export type TimelineEvent = {
  at: string;
  actor: string;
  role: string;
  action: string;
  from: ApplicationStatus | null;
  to: ApplicationStatus | null;
  data: Record<string, unknown>;
};

type ApplicationWithTimeline = { application: Application; timeline: TimelineEvent[] };

/** Stored statuses are the table's; anything else is broken data, not something to show. */
// An event of the application whose from/to are not application statuses (a 真实性核验 link's
// `pending` → `passed`) changed no status of the application: the timeline shows none for it.
const statusSchema = z.enum(APPLICATION_STATUSES).nullable().catch(null);

/** Audit actions only reviewers see in a timeline. */
const REVIEWER_ONLY_ACTIONS = ['application.review-call'];

/** The event's JSON data as an object; data that is not one (or not JSON) shows as none. */
function parseData(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    const object = z.record(z.string(), z.unknown()).safeParse(value);
    return object.success ? object.data : {};
  } catch {
    return {};
  }
}

export async function applicationTimeline(
  deps: ActorDeps & { applicationId: number; scope: ReadScope },
): Promise<ApplicationWithTimeline> {
  const application = await readApplication(deps);
  let query = deps.database.kysely
    .selectFrom('audit_event')
    .selectAll()
    .where('application_id', '=', application.id);
  // The 初审 call log is the reviewers' own (issue 15): the applicant's timeline leaves its events out.
  if (deps.scope === 'own') query = query.where('action', 'not in', REVIEWER_ONLY_ACTIONS);
  const rows = await query.orderBy('id').execute();
  const timeline = rows.map((row): TimelineEvent => ({
    at: row.created_at,
    actor: row.actor_account,
    role: row.actor_role,
    action: row.action,
    from: statusSchema.parse(row.from_status),
    to: statusSchema.parse(row.to_status),
    data: parseData(row.data),
  }));
  return { application, timeline };
}
