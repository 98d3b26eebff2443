/**
 * Use case: 注销APP — cancel one filed app, mini program or quick app of the actor's subject. As with
 * 注销网站, its number is gone for good (the subject's sequence never goes back), and the subject's last
 * filing going cancels the subject.
 */
import type { Localized } from '../filing/index.ts';
import { parseAppNumber } from '../miit/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound } from './errors.ts';
import { rethrowMiit } from './filed-records.ts';
import { writeAudit } from './transition.ts';

const APP: Localized = { zh: '该备案 APP', en: 'filed app' };

export async function cancelApp(
  deps: ActorDeps & { appNumber: string },
): Promise<{ number: string; subjectCancelled: string | null }> {
  const { actor, now } = deps;
  requirePermission(actor, 'filing.cancel-own', { zh: '注销APP', en: 'cancel an app' });
  const parsed = parseAppNumber(deps.policy, deps.appNumber);
  if (!parsed) throw notFound(APP);
  return writeTransaction(deps.database, async (tx) => {
    // Someone else's app is "not found", as for websites: numbers do not reveal owners.
    const row = await tx
      .selectFrom('filed_app as a')
      .innerJoin('filed_subject as s', 's.id', 'a.subject_id')
      .select(['a.number', 'a.name', 's.account'])
      .where('a.number', '=', parsed.text)
      .where('s.state', '=', 'filed')
      .executeTakeFirst();
    if (!row || row.account !== actor.account) throw notFound(APP);
    const { subjectCancelled } = await deps.gateway.cancelApp(row.number, tx).catch(rethrowMiit);
    await writeAudit(tx, {
      applicationId: null,
      actor,
      action: 'filing.cancel-app',
      from: null,
      to: null,
      data: { number: row.number, subjectCancelled, name: row.name },
      now,
    });
    return { number: row.number, subjectCancelled };
  });
}
