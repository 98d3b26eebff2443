/**
 * The guards of every draft edit (the wizard's steps, the app step, additions): the version the form
 * was loaded at, and the draft an edit applies to. Apart from update-draft.ts so that the app step
 * (app-entries.ts), which updateDraft calls for an application of apps only, needs nothing back from it.
 */
import type { Kysely } from 'kysely';
import type { Localized } from '../filing/index.ts';
import type { Schema } from '../store/index.ts';
import type { Application } from './application.ts';
import type { ActorDeps } from './context.ts';
import { WorkflowError } from './errors.ts';
import { assertStatus, reopenIfRejected } from './transition.ts';

export function assertVersion(app: Application, expected: number | undefined): void {
  if (expected !== undefined && expected !== app.version) {
    throw new WorkflowError('CONFLICT', {
      zh: '该备案申请已被修改，请刷新后重试',
      en: 'The application has changed since you loaded it; reload it and try again',
    });
  }
}

const REVISE_AS_CHANGE: Localized = {
  zh: '变更申请请通过“变更网站”修改后重新提交',
  en: 'Revise a change application through the website change, not as a draft',
};

/**
 * The draft an edit applies to: a rejected application returns to draft first (`reopenIfRejected`),
 * other statuses are refused by the status table (`edit`); a change application is revised through the
 * website change (change-website.ts), never as a draft. `refusals` word both for the use case.
 */
export async function editableDraft(
  deps: ActorDeps,
  tx: Kysely<Schema>,
  app: Application,
  refusals: { change: Localized; status?: Localized } = { change: REVISE_AS_CHANGE },
): Promise<Application> {
  if (app.changeOf !== null) throw new WorkflowError('INVALID_TRANSITION', refusals.change);
  const draft = await reopenIfRejected(tx, app, deps.actor, deps.now);
  assertStatus(draft, 'edit', refusals.status);
  return draft;
}
