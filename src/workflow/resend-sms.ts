/**
 * Use case: 重新发送验证码 — a new SMS code for one responsible person's phone while the application
 * awaits SMS verification (Huawei Cloud 备案短信核验: a code can be resent). The old code stops
 * working; the phone's tries and the round's 24 h go on (src/miit/sms.ts, issue 12). A resend past the
 * limits (per phone: one a minute, ten a day; per application: five a round) is refused with when it
 * may go, or with the way out when none can in this round: a reviewer restarts the verification
 * (restart-sms.ts). The resend is recorded in the audit trail.
 */
import { z } from 'zod';
import { fieldError, toFieldErrors } from '../filing/index.ts';
import type { Localized } from '../filing/index.ts';
import { toShanghaiIso } from '../shared/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { SmsStatus } from '../miit/index.ts';
import {
  MiitError,
  normalizePhone,
  SMS_MAX_RESENDS_PER_ROUND,
  SMS_MAX_SENDS_PER_PHONE_PER_DAY,
  SMS_RESEND_INTERVAL_MS,
  SmsResendLimitedError,
} from '../miit/index.ts';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { ResendLimitedError, WorkflowError } from './errors.ts';
import { assertStatus, writeAudit } from './transition.ts';
import { invalid } from './verify.ts';

const resendSmsInputSchema = z.strictObject({ phone: z.string().trim().min(1).max(32) });

/** 重发结果 — the application and its SMS round after the resend. */
type ResendSmsResult = { application: Application; status: SmsStatus };

/** `2026-11-28 13:01:00`, Asia/Shanghai: the time people in China read. */
const shanghaiTime = (at: Date): string => {
  const iso = toShanghaiIso(at);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
};

const ASK_REVIEWER: Localized = {
  zh: '请使用已收到的验证码；如验证码已丢失，请联系接入商审核员重新发起短信核验',
  en: 'Use a code already received; if it is lost, ask the provider’s reviewer to restart SMS verification',
};

/** The refusal in words: the limit, and when the next code may go or what to do instead. */
function limitMessage(error: SmsResendLimitedError): Localized {
  const next = error.nextAllowedAt;
  const after: Localized =
    next === null
      ? {
          zh: `本轮核验结束前不能再发送。${ASK_REVIEWER.zh}`,
          en: `No more codes in this round. ${ASK_REVIEWER.en}`,
        }
      : {
          zh: `请于 ${shanghaiTime(next)}（北京时间）后再试`,
          en: `try again after ${shanghaiTime(next)} (Beijing time)`,
        };
  switch (error.reason) {
    case 'application':
      return {
        zh: `本轮短信核验已重发 ${SMS_MAX_RESENDS_PER_ROUND} 次，不能再重发。${ASK_REVIEWER.zh}`,
        en: `This round of SMS verification has been resent ${SMS_MAX_RESENDS_PER_ROUND} times, the most allowed. ${ASK_REVIEWER.en}`,
      };
    case 'phone':
      return {
        zh: `该手机号 24 小时内已收到 ${SMS_MAX_SENDS_PER_PHONE_PER_DAY} 条验证码短信，${after.zh}`,
        en: `This phone has received ${SMS_MAX_SENDS_PER_PHONE_PER_DAY} codes in 24 hours; ${after.en}`,
      };
    case 'interval':
      return {
        zh: `同一手机号两次发送验证码至少间隔 ${SMS_RESEND_INTERVAL_MS / 1000} 秒，${after.zh}`,
        en: `Codes to one phone are at least ${SMS_RESEND_INTERVAL_MS / 1000} seconds apart; ${after.en}`,
      };
  }
}

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
      if (error instanceof SmsResendLimitedError) {
        const next = error.nextAllowedAt;
        throw new ResendLimitedError(
          limitMessage(error),
          [fieldError('phone', 'SMS_RESEND_LIMITED')],
          next === null ? null : Math.max(1, Math.ceil((next.getTime() - now.getTime()) / 1000)),
        );
      }
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
