/**
 * Use case: 重新发起短信核验 — a provider reviewer starts a new SMS round for an application that
 * awaits SMS verification: new codes to the responsible persons, the tries and resends counted afresh,
 * a new 24 h. The applicant cannot: the limits of a round (src/miit/sms.ts, issue 12) exist so that
 * codes are not guessed or phones flooded, and only a person who has reviewed the application may
 * lift them. A round that failed by wrong codes has already returned the application to the provider,
 * whose approval starts the next round (provider-review.ts). Audited in the same transaction.
 */
import { writeTransaction } from '../store/index.ts';
import type { SmsStatus } from '../miit/index.ts';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { startSmsRound } from './provider-review.ts';
import { assertStatus, writeAudit } from './transition.ts';

/** 重新发起结果 — the application (still awaiting SMS verification) and its new round. */
type RestartSmsResult = { application: Application; status: SmsStatus };

export async function restartSms(deps: ActorDeps & { applicationId: number }): Promise<RestartSmsResult> {
  const { actor, now } = deps;
  requirePermission(actor, 'provider-review.decide', {
    zh: '重新发起短信核验',
    en: 'restart SMS verification',
  });
  return writeTransaction(deps.database, async (tx) => {
    const application = await loadApplication(tx, deps.applicationId);
    assertStatus(application, 'sms', {
      zh: '该备案申请当前不在短信核验阶段，无法重新发起短信核验',
      en: 'The application is not awaiting SMS verification; it cannot be restarted',
    });
    const status = await startSmsRound(deps, tx, application, now);
    await writeAudit(tx, {
      applicationId: application.id,
      actor,
      action: 'application.restart-sms',
      from: application.status,
      to: application.status,
      data: {
        phones: status.recipients.map((recipient) => recipient.phone),
        expiresAt: status.recipients[0]?.expiresAt ?? now.toISOString(),
      },
      now,
    });
    return { application, status };
  });
}
