/**
 * Use case: 初审 — the provider's review (Tencent Cloud 备案审核 FAQ). Approve: MIIT sends
 * the verification SMS to the 主体负责人 and every 网站负责人 (step 7, 工信部短信核验), the status
 * becomes awaiting-sms and an `sms-timeout` job is due 24 h later, all in one transaction. Reject:
 * back to the applicant with field-level reasons.
 */
import type { Kysely } from 'kysely';
import { enqueue } from '../jobs/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { SmsRecipient, SmsStatus } from '../miit/index.ts';
import { MiitError, SMS_VALIDITY_MS } from '../miit/index.ts';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import { readDraftApps } from './app-entries.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import { parseDecision, rejectionOf } from './review-decision.ts';
import { transition } from './transition.ts';

export const SMS_TIMEOUT_JOB = 'sms-timeout';

const mobileOf = (person: unknown): string | null => {
  const mobile = (person as { mobile?: unknown } | null)?.mobile;
  return typeof mobile === 'string' ? mobile : null;
};

/**
 * 主体负责人, every 网站负责人 and every APP负责人 phone of an application: each responsible person
 * confirms by SMS (工信部短信核验; an app's responsible person is entered like a website's,
 * 工信部信管〔2023〕105号).
 */
async function smsRecipients(tx: Kysely<Schema>, app: Application): Promise<SmsRecipient[]> {
  const recipients: SmsRecipient[] = [];
  const leader = mobileOf(app.subject.responsiblePerson);
  if (leader) recipients.push({ role: 'subject-leader', phone: leader });
  for (const website of app.websites) {
    const phone = mobileOf(website.responsiblePerson);
    if (phone) recipients.push({ role: 'website-leader', phone });
  }
  for (const entry of await readDraftApps(tx, app.id)) {
    const phone = mobileOf(entry.responsiblePerson);
    if (phone) recipients.push({ role: 'app-leader', phone });
  }
  return recipients;
}

export async function providerReview(
  deps: ActorDeps & { applicationId: number; decision: unknown },
): Promise<Application> {
  const { actor, now } = deps;
  requirePermission(actor, 'provider-review.decide', { zh: '初审备案申请', en: 'review applications' });
  const decision = parseDecision(deps.decision, deps.now);
  return writeTransaction(deps.database, async (tx) => {
    const app = await loadApplication(tx, deps.applicationId);
    if (decision.decision === 'reject') {
      return transition(tx, app, 'provider-rejected', actor, {
        now,
        data: { reasons: decision.reasons },
        changes: { rejection: rejectionOf(decision, 'provider', now), lastActivityAt: now.toISOString() },
      });
    }
    const moved = await transition(tx, app, 'awaiting-sms', actor, { now });
    await startSmsRound(deps, tx, app, now);
    return moved;
  });
}

/**
 * A new SMS round in `tx`: MIIT sends codes to the responsible persons' phones (earlier codes die) and
 * the round's `sms-timeout` job is due 24 h later. Used by the approval and by a reviewer's restart.
 */
export async function startSmsRound(
  deps: { gateway: ActorDeps['gateway'] },
  tx: Kysely<Schema>,
  app: Application,
  now: Date,
): Promise<SmsStatus> {
  let status: SmsStatus;
  try {
    status = await deps.gateway.sendSmsVerification(
      { applicationId: app.id, recipients: await smsRecipients(tx, app), now },
      tx,
    );
  } catch (error) {
    if (!(error instanceof MiitError)) throw error;
    throw new WorkflowError('MIIT_REFUSED', {
      zh: `工信部系统拒绝发送核验短信：${error.message}`,
      en: `MIIT refused to send the verification SMS: ${error.message}`,
    });
  }
  await enqueue(tx, {
    kind: SMS_TIMEOUT_JOB,
    payload: { applicationId: app.id },
    runAt: new Date(now.getTime() + SMS_VALIDITY_MS),
    now,
  });
  return status;
}
