/**
 * Job `sms-timeout`: SMS verification not completed within 24 h of the round's first code returns the
 * order to the provider (Huawei Cloud 备案短信核验). Idempotent: a finished, moved-on or later SMS round
 * is left alone, so a retried or stale job does nothing.
 */
import { z } from 'zod';
import { allows } from '../filing/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { MiitGateway } from '../miit/index.ts';
import { loadApplication } from './application.ts';
import { SYSTEM_ACTOR } from './context.ts';
import { transition } from './transition.ts';

const payloadSchema = z.object({ applicationId: z.number().int().positive() });

export function smsTimeoutHandler(deps: { gateway: MiitGateway }): JobHandler {
  return async (job, { database, now }) => {
    const { applicationId } = payloadSchema.parse(job.payload);
    await writeTransaction(database, async (tx) => {
      const app = await loadApplication(tx, applicationId);
      if (!allows(app.status, 'sms')) return;
      const status = await deps.gateway.smsStatus({ applicationId: app.id, now }, tx);
      if (status.allVerified) return;
      // A later round (approved again after an earlier timeout, or restarted by a reviewer) has its own
      // job: this one finds the round's codes still valid. The round's end is fixed at its first code;
      // resends do not move it (issue 12: this read the last audit event, and a resend's counted as a
      // new round, so the order never timed out).
      const roundEnd = Math.min(...status.recipients.map((r) => Date.parse(r.expiresAt)));
      if (status.recipients.length > 0 && roundEnd > now.getTime()) return;
      await transition(tx, app, 'provider-review', SYSTEM_ACTOR, {
        now,
        data: {
          reason: {
            zh: '短信核验未在 24 小时内完成，退回接入商重新初审',
            en: 'SMS verification was not completed within 24 hours; returned to the provider',
          },
          unverified: status.recipients.filter((r) => r.state !== 'verified').map((r) => r.phone),
        },
      });
    });
  };
}
