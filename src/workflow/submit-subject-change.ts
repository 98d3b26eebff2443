/**
 * Use case: 提交变更主体 — submits a saved 变更主体 (change-subject.ts) for 初审. The subject is
 * validated again against the filed one (the certificate cannot change); a new name needs the 更名函
 * (`name-change-letter`) among the change's documents, the proof providers ask for a 主办单位名称
 * change (Huawei Cloud 变更备案所需材料: "主体名称变更需提供更名证明"). Then draft → provider-review, which
 * takes the subject's hold (one application in flight per subject) like any submit; the flow goes on
 * through SMS (主体负责人) and the bureau.
 */
import { fieldError } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Application } from './application.ts';
import { parseChangedSubject, fixedFieldErrors, ownSubjectChange } from './change-subject.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import { ownedFiledSubject } from './filed-subject.ts';
import { holdingApplication } from './hold.ts';
import { assertStatus, transition } from './transition.ts';
import { assertVersion } from './update-draft.ts';

export async function submitSubjectChange(
  deps: ActorDeps & { applicationId: number; expectedVersion?: number },
): Promise<Application> {
  const { actor, now } = deps;
  requirePermission(actor, 'application.submit-own', { zh: '提交变更主体', en: 'submit a subject change' });
  return writeTransaction(deps.database, async (tx) => {
    const app = await ownSubjectChange(tx, deps, deps.applicationId);
    assertVersion(app, deps.expectedVersion);
    assertStatus(app, 'submit');
    const subject = parseChangedSubject(deps, app.subject);
    const filed = await ownedFiledSubject(tx, deps, app.changeOf ?? '');
    const errors = fixedFieldErrors(filed, subject);
    if (subject.name !== filed.name) {
      const letter = await tx
        .selectFrom('application_document')
        .select('id')
        .where('application_id', '=', app.id)
        .where('kind', '=', 'name-change-letter')
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (!letter)
        errors.push(
          fieldError('documents', 'NAME_CHANGE_LETTER_REQUIRED', { from: filed.name, to: subject.name }),
        );
    }
    if (errors.length > 0) {
      throw new WorkflowError(
        'VALIDATION_FAILED',
        {
          zh: '变更主体不能提交，请按提示处理',
          en: 'The subject change cannot be submitted; see the fields',
        },
        errors,
      );
    }
    const inFlight = await holdingApplication(tx, app.subjectIdNumber, app.id);
    if (inFlight) {
      throw new WorkflowError('SUBJECT_HAS_ACTIVE_APPLICATION', {
        zh: `该主体已有进行中的备案申请（编号 ${inFlight.id}），请等待其完成或撤回`,
        en: `This subject already has an application under way (no. ${inFlight.id}); wait for it or withdraw it`,
      });
    }
    return transition(tx, app, 'provider-review', actor, {
      now,
      data: { changeOf: filed.subjectNumber, domains: [] },
      changes: {
        filingType: 'change',
        rejection: null,
        submittedAt: now.toISOString(),
        lastActivityAt: now.toISOString(),
      },
    });
  });
}
