/**
 * Use case: 释放占用 — a provider reviewer releases the hold of an application that should not have it
 * (issue 12, squatting): its domains, its subject's one-in-flight place and the in-progress registry
 * row go at once, so the real owner can file without waiting for a rejection or a 45-day expiry. The
 * application itself stays where it is, in review or rejected, and holds again only through the
 * reviewer's pass. Allowed while a hold is not required (before the provider's pass, or after a
 * rejection); past the pass the bureau decides. Audited with the reason, the evidence it held on and
 * the domains it held.
 */
import { z } from 'zod';
import { allows } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication, saveApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import { applicationDomains, releaseHold } from './hold.ts';
import { writeAudit } from './transition.ts';
import { invalid } from './verify.ts';

const reasonSchema = z.string().trim().min(1).max(500);

export async function releaseSquattedHold(
  deps: ActorDeps & { applicationId: number; reason: unknown },
): Promise<Application> {
  const { actor, now } = deps;
  requirePermission(actor, 'application.release-hold', { zh: '释放备案申请的占用', en: 'release a hold' });
  const reason = reasonSchema.safeParse(deps.reason);
  if (!reason.success) {
    throw invalid([
      {
        path: 'reason',
        code: 'REQUIRED',
        message: {
          zh: '请填写释放原因（最多 500 个字符）',
          en: 'Give the reason for the release (at most 500 characters)',
        },
      },
    ]);
  }
  return writeTransaction(deps.database, async (tx) => {
    const app = await loadApplication(tx, deps.applicationId);
    const evidence = app.holdEvidence;
    if (evidence === null || allows(app.status, 'hold-required')) {
      throw new WorkflowError('INVALID_TRANSITION', {
        zh:
          evidence === null
            ? '该备案申请没有占用域名或主体，无需释放'
            : '该备案申请已通过初审，占用须保留到管局审核结束',
        en:
          evidence === null
            ? 'The application holds no domain or subject; there is nothing to release'
            : 'The application passed the provider review; its hold stays until the bureau decides',
      });
    }
    await releaseHold(tx, app);
    const saved = await saveApplication(tx, app, { holdEvidence: null, inProgressSubjectId: null }, now);
    await writeAudit(tx, {
      applicationId: app.id,
      actor,
      action: 'application.release-hold',
      from: app.status,
      to: app.status,
      data: { reason: reason.data, evidence, domains: [...new Set(applicationDomains(app).flat())] },
      now,
    });
    return saved;
  });
}
