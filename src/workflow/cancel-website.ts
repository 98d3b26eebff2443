/**
 * Use case: 注销网站 — cancel one filed website (Tencent Cloud 备案号 FAQ). The website
 * number is gone for good: the subject's website sequence never goes back, so `-N` is not issued again.
 * Cancelling the subject's only website cancels the subject too.
 */
import { writeTransaction } from '../store/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { rethrowMiit, ownedWebsite } from './filed-records.ts';
import { writeAudit } from './transition.ts';

export async function cancelWebsite(
  deps: ActorDeps & { websiteNumber: string },
): Promise<{ number: string; subjectCancelled: string | null }> {
  const { actor, now } = deps;
  requirePermission(actor, 'filing.cancel-own', { zh: '注销网站', en: 'cancel a website' });
  return writeTransaction(deps.database, async (tx) => {
    const website = await ownedWebsite(tx, deps, deps.websiteNumber);
    const { subjectCancelled } = await deps.gateway.cancel(website.number, tx).catch(rethrowMiit);
    await writeAudit(tx, {
      applicationId: null,
      actor,
      action: 'filing.cancel-website',
      from: null,
      to: null,
      data: { number: website.number, subjectCancelled },
      now,
    });
    return { number: website.number, subjectCancelled };
  });
}
