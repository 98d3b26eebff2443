/**
 * Steps the workflow tests share: a submitted draft, the approvals from 初审 to the bureau, a filing from
 * draft to ICP number, and the field errors of a refusal.
 */
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

/** The field errors of a VALIDATION_FAILED / VERIFICATION_FAILED refusal, as `path code`. */
export async function fieldsOf(work: Promise<unknown>): Promise<string[]> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof WorkflowError, String(error));
    return error.fields.map((f) => `${f.path} ${f.code}`);
  }
  assert.fail('accepted');
}

/**
 * A submitted application through 初审 (approved at `start`), the SMS of every responsible person in
 * `phones` (entered by `applicant` an hour later; asserted to go to them and nobody else) and the
 * bureau's approval an hour after that; returns the bureau's result.
 */
export async function approveThrough(
  world: World,
  applicationId: number,
  start: Date,
  phones: readonly string[],
  applicant: Actor = LI_LEI,
) {
  const later = (hours: number) => new Date(start.getTime() + hours * HOUR);
  await providerReview({
    ...world.deps(start),
    actor: REVIEWER,
    applicationId,
    decision: { decision: 'approve' },
  });
  const sent = await world.database.kysely
    .selectFrom('sms_verification')
    .select('phone')
    .where('application_id', '=', applicationId)
    .orderBy('phone')
    .execute();
  assert.deepEqual(
    sent.map((s) => s.phone),
    [...phones].sort(),
    'each responsible person gets a code, and nobody else',
  );
  for (const phone of phones) {
    const code = await smsCode(world, applicationId, phone);
    await verifySms({ ...world.deps(later(1)), actor: applicant, applicationId, input: { phone, code } });
  }
  return bureauReview({
    ...world.deps(later(2)),
    actor: BUREAU,
    applicationId,
    decision: { decision: 'approve' },
  });
}

/** Submitted → 初审 → SMS → 管局 approved, starting at `start`; returns the bureau's result. */
export async function fileThrough(world: World, domain: string, start: Date) {
  const app = await submittedDraft(world, domain, start);
  return approveThrough(world, app.id, new Date(start.getTime() + HOUR), [
    SUBJECT_LEADER_PHONE,
    WEBSITE_LEADER_PHONE,
  ]);
}
