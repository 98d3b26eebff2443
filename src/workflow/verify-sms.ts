/**
 * Use case: 短信核验 — the applicant enters the code a responsible person received (Huawei
 * Cloud 备案短信核验). When every phone has verified, the application goes to the bureau
 * (管局审核); a round failed by wrong codes (5 for one phone, 10 for the application, resends
 * included: src/miit/sms.ts) returns it to the provider (status table), whose new approval alone
 * starts another round.
 */
import { z } from 'zod';
import { toFieldErrors } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { SmsVerifyResult } from '../miit/index.ts';
import { SMS_MAX_WRONG_TRIES, SMS_MAX_WRONG_TRIES_PER_APPLICATION } from '../miit/index.ts';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { assertStatus, transition } from './transition.ts';
import { invalid } from './verify.ts';

const verifySmsInputSchema = z.strictObject({
  phone: z.string().trim().min(1).max(32),
  code: z.string().trim().min(1).max(16),
});

export type VerifySmsResult = SmsVerifyResult & { application: Application };

export async function verifySms(
  deps: ActorDeps & { applicationId: number; input: unknown },
): Promise<VerifySmsResult> {
  const { actor, now } = deps;
  requirePermission(actor, 'sms.verify-own', { zh: '提交短信核验码', en: 'enter SMS verification codes' });
  const parsed = verifySmsInputSchema.safeParse(deps.input);
  if (!parsed.success) throw invalid(toFieldErrors(parsed.error.issues, deps.input));
  return writeTransaction(deps.database, async (tx) => {
    let app = await loadApplication(tx, deps.applicationId, actor);
    assertStatus(app, 'sms');
    // A wrong code is an outcome, not an error: its counted try must commit.
    const result = await deps.gateway.verifySmsCode({ applicationId: app.id, ...parsed.data, now }, tx);
    if (result.outcome === 'failed') {
      app = await transition(tx, app, 'provider-review', actor, {
        now,
        data: {
          reason: {
            zh: `短信验证码输错次数达到上限（同一号码 ${SMS_MAX_WRONG_TRIES} 次或本申请共 ${SMS_MAX_WRONG_TRIES_PER_APPLICATION} 次），退回接入商`,
            en: `Too many wrong SMS codes (${SMS_MAX_WRONG_TRIES} for one phone or ${SMS_MAX_WRONG_TRIES_PER_APPLICATION} for the application); returned to the provider`,
          },
        },
      });
    } else if (result.status.allVerified) {
      app = await transition(tx, app, 'bureau-review', actor, {
        now,
        data: { lastPhone: parsed.data.phone },
      });
    }
    return { ...result, application: app };
  });
}
