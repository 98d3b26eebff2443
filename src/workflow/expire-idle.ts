/**
 * Job `expire-idle`: an application left idle in draft or rejected for 45 days expires; reminders are
 * recorded at 7, 15 and 30 idle days, as Tencent Cloud (关于增加备案订单有效期的通知, 2016-09-22) and
 * Alibaba Cloud (ICP备案审核进度) do. Idle time counts from the applicant's last activity. Idempotent: each
 * reminder is written once per idle stretch, and the next check is scheduled from the current state.
 */
import { z } from 'zod';
import { allows } from '../filing/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import { writeTransaction } from '../store/index.ts';
import { loadApplication } from './application.ts';
import { SYSTEM_ACTOR } from './context.ts';
import {
  DAY_MS,
  EXPIRY_DAYS,
  REMINDER_DAYS,
  scheduleIdleCheck,
  transition,
  writeAudit,
} from './transition.ts';

const payloadSchema = z.object({ applicationId: z.number().int().positive() });

/** The audit action of the reminder at `days` idle days. */
export const reminderAction = (days: (typeof REMINDER_DAYS)[number]) =>
  `application.idle-reminder-${days}` as const;

export function expireIdleHandler(): JobHandler {
  return async (job, { database, now }) => {
    const { applicationId } = payloadSchema.parse(job.payload);
    await writeTransaction(database, async (tx) => {
      const app = await loadApplication(tx, applicationId);
      // Under review nothing idles; returning to draft or a rejection schedules a new check.
      if (!allows(app.status, 'idle-expiry')) return;
      const since = Date.parse(app.lastActivityAt);
      const idleDays = (now.getTime() - since) / DAY_MS;
      if (idleDays >= EXPIRY_DAYS) {
        await transition(tx, app, 'expired', SYSTEM_ACTOR, { now, data: { idleDays: EXPIRY_DAYS } });
        return;
      }
      const sent = await tx
        .selectFrom('audit_event')
        .select('action')
        .where('application_id', '=', app.id)
        .where('created_at', '>=', app.lastActivityAt)
        .where('action', 'like', 'application.idle-reminder-%')
        .execute();
      const done = new Set(sent.map((row) => row.action));
      // The latest threshold reached; after a long outage earlier reminders are not worth sending.
      const last = REMINDER_DAYS.filter((days) => idleDays >= days).at(-1);
      if (last !== undefined && !done.has(reminderAction(last))) {
        await writeAudit(tx, {
          applicationId: app.id,
          actor: SYSTEM_ACTOR,
          action: reminderAction(last),
          from: app.status,
          to: app.status,
          data: {
            idleDays: last,
            expiresAt: new Date(since + EXPIRY_DAYS * DAY_MS).toISOString(),
            message: {
              zh: `备案申请已 ${last} 天未操作，${EXPIRY_DAYS} 天未操作将自动失效`,
              en: `The application has been idle for ${last} days; it expires after ${EXPIRY_DAYS} idle days`,
            },
          },
          now,
        });
      }
      const next = [...REMINDER_DAYS, EXPIRY_DAYS].find((days) => days > idleDays) ?? EXPIRY_DAYS;
      await scheduleIdleCheck(tx, app.id, new Date(since + next * DAY_MS), now, job.id);
    });
  };
}
