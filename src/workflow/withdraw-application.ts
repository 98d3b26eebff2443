/**
 * Use case: 撤回 — the applicant withdraws an application that is not yet with MIIT (Tencent
 * Cloud 备案审核 FAQ: draft, provider review, or rejected); the hold on its domains ends.
 */
import { writeTransaction } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { transition } from './transition.ts';

export async function withdrawApplication(deps: ActorDeps & { applicationId: number }): Promise<Application> {
  const { actor, now } = deps;
  requirePermission(actor, 'application.withdraw-own', { zh: '撤回备案申请', en: 'withdraw an application' });
  return writeTransaction(deps.database, async (tx) => {
    const app = await loadApplication(tx, deps.applicationId, actor);
    return transition(tx, app, 'withdrawn', actor, { now, changes: { lastActivityAt: now.toISOString() } });
  });
}
