/**
 * Use case: 注销主体 — cancel a filed subject with all its websites (Tencent Cloud
 * 备案号 FAQ). Its number and its websites' numbers are never issued again (the province-year sequence only
 * grows). A subject with an application under way cannot be cancelled until that ends.
 */
import { writeTransaction } from '../store/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import { rethrowMiit, ownedSubject } from './filed-records.ts';
import { holdingApplication } from './hold.ts';
import { writeAudit } from './transition.ts';

export async function cancelSubject(
  deps: ActorDeps & { subjectNumber: string },
): Promise<{ number: string }> {
  const { actor, now } = deps;
  requirePermission(actor, 'filing.cancel-own', { zh: '注销主体', en: 'cancel a subject' });
  return writeTransaction(deps.database, async (tx) => {
    const number = await ownedSubject(tx, deps, deps.subjectNumber);
    const subject = await tx
      .selectFrom('filed_subject')
      .select('id_number')
      .where('subject_number', '=', number)
      .executeTakeFirstOrThrow();
    const active = await holdingApplication(tx, subject.id_number);
    if (active) {
      throw new WorkflowError('SUBJECT_HAS_ACTIVE_APPLICATION', {
        zh: `该主体有进行中的备案申请（编号 ${active.id}），请先撤回或等待其完成`,
        en: `The subject has an application under way (no. ${active.id}); withdraw it or wait for it first`,
      });
    }
    await deps.gateway.cancel(number, tx).catch(rethrowMiit);
    await writeAudit(tx, {
      applicationId: null,
      actor,
      action: 'filing.cancel-subject',
      from: null,
      to: null,
      data: { number },
      now,
    });
    return { number };
  });
}
