/**
 * Use case: 重新发送验证码 — a new SMS code for one responsible person's phone while the application
 * awaits SMS verification (Huawei Cloud 备案短信核验: a code can be resent). The old code
 * stops working and that phone's tries start over; the 24 h window restarts for that phone only, the
 * order's own timeout (sms-timeout.ts) is unchanged. The resend is recorded in the audit trail.
 */
import { z } from 'zod';
import { fieldError, toFieldErrors } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { SmsStatus } from '../miit/index.ts';
import { MiitError, normalizePhone } from '../miit/index.ts';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import { assertStatus, writeAudit } from './transition.ts';
import { invalid } from './verify.ts';

const resendSmsInputSchema = z.strictObject({ phone: z.string().trim().min(1).max(32) });

/** 重发结果 — the application and its SMS round after the resend. */
type ResendSmsResult = { application: Application; status: SmsStatus };

export async function resendSms(
  deps: ActorDeps & { applicationId: number; input: unknown },
): Promise<ResendSmsResult> {
  const { actor, now } = deps;
  requirePermission(actor, 'sms.verify-own', {
    zh: '重新发送短信验证码',
    en: 'resend SMS verification codes',
  });
  const parsed = resendSmsInputSchema.safeParse(deps.input);
  if (!parsed.success) throw invalid(toFieldErrors(parsed.error.issues, deps.input));
  return writeTransaction(deps.database, async (tx) => {
    const application = await loadApplication(tx, deps.applicationId, actor);
    assertStatus(application, 'sms', {
      zh: '该备案申请当前不需要短信核验，无法重新发送验证码',
      en: 'The application is not awaiting SMS verification; no code can be resent',
    });
    let status: SmsStatus;
    try {
      status = await deps.gateway.resendSmsCode(
        { applicationId: application.id, phone: parsed.data.phone, now },
        tx,
      );
    } catch (error) {
      if (!(error instanceof MiitError)) throw error;
      throw new WorkflowError(
        'SMS_FAILED',
        {
          zh: '该手机号没有待核验的验证码（已核验、已失败、已过期或不是本申请的负责人手机号）',
          en: 'This phone has no code awaiting verification (verified, failed, expired, or not a responsible person of this application)',
        },
        [fieldError('phone', 'SMS_NOT_PENDING')],
      );
    }
    const phone = normalizePhone(parsed.data.phone);
    const recipient = status.recipients.find((r) => r.phone === phone);
    await writeAudit(tx, {
      applicationId: application.id,
      actor,
      action: 'application.resend-sms',
      from: application.status,
      to: application.status,
      data: { phone, resendCount: recipient?.resendCount ?? null, expiresAt: recipient?.expiresAt ?? null },
      now,
    });
    return { application, status };
  });
}
