/** Steps the workflow tests share: a submitted draft, and a filing from draft to ICP number. */
import assert from 'node:assert/strict';
import type { Actor } from '../../src/workflow/index.ts';
import {
  bureauReview,
  createApplication,
  providerReview,
  submitApplication,
  updateDraft,
  verifySms,
  WorkflowError,
} from '../../src/workflow/index.ts';
import type { World } from './workflow-fixture.ts';
import {
  at,
  BUREAU,
  HOUR,
  LI_LEI,
  REVIEWER,
  S1,
  SUBJECT_LEADER_PHONE,
  smsCode,
  typeCheck,
  website,
  WEBSITE_LEADER_PHONE,
} from './workflow-fixture.ts';

/** Asserts a WorkflowError with `code` and both message languages (for assert.rejects). */
export const refusal = (code: string) => (error: unknown) => {
  assert.ok(error instanceof WorkflowError, String(error));
  assert.equal(error.code, code, `${error.code}: ${error.messages.en}`);
  assert.ok(error.messages.zh.length > 0 && error.messages.en.length > 0);
  return true;
};

export async function submittedDraft(world: World, domain: string, now: Date, who: Actor = LI_LEI) {
  const d = { ...world.deps(now), actor: who };
  const { application } = await createApplication({ ...d, input: typeCheck(S1, domain) });
  const saved = await updateDraft({
    ...d,
    applicationId: application.id,
    form: { subject: S1, websites: [website(domain)] },
  });
  assert.deepEqual(saved.errors, []);
  return submitApplication({ ...d, applicationId: application.id });
}

/** Submitted → 初审 → SMS → 管局 approved, starting at `start`; returns the bureau's result. */
export async function fileThrough(world: World, domain: string, start: Date) {
  const base = start.getTime() - at(0).getTime();
  const app = await submittedDraft(world, domain, start);
  await providerReview({
    ...world.deps(at(base + HOUR)),
    actor: REVIEWER,
    applicationId: app.id,
    decision: { decision: 'approve' },
  });
  for (const phone of [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE]) {
    const code = await smsCode(world, app.id, phone);
    await verifySms({
      ...world.deps(at(base + 2 * HOUR)),
      actor: LI_LEI,
      applicationId: app.id,
      input: { phone, code },
    });
  }
  return bureauReview({
    ...world.deps(at(base + 3 * HOUR)),
    actor: BUREAU,
    applicationId: app.id,
    decision: { decision: 'approve' },
  });
}
