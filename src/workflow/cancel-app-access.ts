/**
 * Use case: 取消接入 (APP) — this provider stops hosting a filed app, mini program or quick app, as
 * cancel-access.ts does for a website (Tencent Cloud 备案号 FAQ; APP备案 follows the website's
 * procedures, 工信部信管〔2023〕105号). The filing and its number stay with MIIT; only `self` leaves the
 * app's providers, and its access information here (app_access) ends. Refused while the subject has an
 * application in flight, a 变更APP of this app included.
 */
import type { Localized } from '../filing/index.ts';
import { parseAppNumber } from '../miit/index.ts';
import { writeTransaction } from '../store/index.ts';
import { endAppAccess } from './app-entries.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound, WorkflowError } from './errors.ts';
import { rethrowMiit } from './filed-records.ts';
import { refuseWhileInProgress } from './subject-activity.ts';
import { writeAudit } from './transition.ts';

const APP: Localized = { zh: '该备案 APP', en: 'filed app' };
const CANCEL_ACCESS: Localized = { zh: '取消接入', en: 'cancelling access' };

export async function cancelAppAccess(
  deps: ActorDeps & { appNumber: string },
): Promise<{ number: string; providers: string[] }> {
  const { actor, now } = deps;
  requirePermission(actor, 'filing.cancel-own', { zh: '取消接入', en: 'cancel access' });
  const parsed = parseAppNumber(deps.policy, deps.appNumber);
  if (!parsed) throw notFound(APP);
  return writeTransaction(deps.database, async (tx) => {
    // Someone else's app is "not found", as for 注销APP: numbers do not reveal owners.
    const row = await tx
      .selectFrom('filed_app as a')
      .innerJoin('filed_subject as s', 's.id', 'a.subject_id')
      .select(['a.number', 'a.name', 'a.providers', 's.account', 's.id_number'])
      .where('a.number', '=', parsed.text)
      .where('s.state', '=', 'filed')
      .executeTakeFirst();
    if (!row || row.account !== actor.account) throw notFound(APP);
    const before = row.providers.split(',').filter((p) => p !== '');
    if (!before.includes('self')) {
      throw new WorkflowError('INVALID_TRANSITION', {
        zh: '该 APP 未接入本接入商，无需取消接入',
        en: 'This app is not hosted by this provider; there is no access to cancel',
      });
    }
    // Not while a 变更APP (or any application of the subject) is under way: the bureau would get a
    // change of an app whose provider has left (subject-activity.ts).
    await refuseWhileInProgress(tx, row.id_number, actor.account, CANCEL_ACCESS);
    await deps.gateway.setAppAccess(row.number, false, tx).catch(rethrowMiit);
    const providers = before.filter((p) => p !== 'self');
    // The app is no longer served here: the hosts and IPs recorded at its approval end with it.
    await endAppAccess(tx, row.number);
    await writeAudit(tx, {
      applicationId: null,
      actor,
      action: 'filing.cancel-app-access',
      from: null,
      to: null,
      data: { number: row.number, providers, name: row.name },
      now,
    });
    return { number: row.number, providers };
  });
}
