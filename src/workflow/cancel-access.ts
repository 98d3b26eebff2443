/**
 * Use case: 取消接入 — this provider stops hosting a filed website (Tencent Cloud
 * 备案号 FAQ). The filing and its number stay with MIIT; only `self` leaves the website's providers.
 * Refused while the subject has an application in flight, a change of this website included.
 */
import { writeTransaction } from '../store/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import { rethrowMiit, ownedWebsite } from './filed-records.ts';
import { endWebsiteAccess } from './service-codes.ts';
import { markShellIfUnhosted } from './shell-website.ts';
import { refuseWhileInProgress } from './subject-activity.ts';
import { writeAudit } from './transition.ts';

const CANCEL_ACCESS = { zh: '取消接入', en: 'cancelling access' };

export async function cancelAccess(
  deps: ActorDeps & { websiteNumber: string },
): Promise<{ number: string; providers: string[]; shell: boolean }> {
  const { actor, now } = deps;
  requirePermission(actor, 'filing.cancel-own', { zh: '取消接入', en: 'cancel access' });
  return writeTransaction(deps.database, async (tx) => {
    const website = await ownedWebsite(tx, deps, deps.websiteNumber);
    if (!website.providers.includes('self')) {
      throw new WorkflowError('INVALID_TRANSITION', {
        zh: '该网站未接入本接入商，无需取消接入',
        en: 'This website is not hosted by this provider; there is no access to cancel',
      });
    }
    // Not while a change (or any application of the subject) is under way: the bureau would get a
    // change of a website whose provider has left (subject-activity.ts).
    await refuseWhileInProgress(tx, website.subjectIdNumber, actor.account, CANCEL_ACCESS);
    await deps.gateway.setAccess(website.number, false, tx).catch(rethrowMiit);
    const providers = website.providers.filter((p) => p !== 'self');
    // No provider left: a 空壳网站 until the bureau deletes it (shell-website.ts).
    const shell = await markShellIfUnhosted(tx, website.number, now);
    // The website is no longer served here: its access information and its code end with it.
    await endWebsiteAccess(tx, website.number, actor, now);
    await writeAudit(tx, {
      applicationId: null,
      actor,
      action: 'filing.cancel-access',
      from: null,
      to: null,
      data: { number: website.number, providers, shell },
      now,
    });
    return { number: website.number, providers, shell };
  });
}
