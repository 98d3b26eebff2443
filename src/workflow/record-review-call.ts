/**
 * Use case: 记录初审核验电话 — a provider reviewer records one call to a contact of an application in
 * 初审 (providers phone the principal to confirm the filing is theirs before passing it): the contact,
 * the number (one the contact gave), when, the outcome, a note, and when to try again. Written with its
 * audit event in one transaction; the event names only the outcome, since applicants read their
 * application's timeline and the note is the reviewers' own.
 */
import { z } from 'zod';
import { allows, fieldError, normalizePhone, parseFields } from '../filing/index.ts';
import type { FieldError } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import type { ReviewCall } from './list-review-calls.ts';
import { applicationContacts, CALL_OUTCOMES, callFromRow } from './list-review-calls.ts';
import { writeAudit } from './transition.ts';
import { invalid } from './verify.ts';

const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

export const recordReviewCallSchema = z
  .strictObject({
    /** `subject.responsiblePerson` or `websites.N.responsiblePerson`. */
    contact: z.string().trim().min(1).max(100),
    phone: z.string().trim().min(1).max(30),
    /** When the call was made; default now. */
    calledAt: instant.optional(),
    outcome: z.enum(CALL_OUTCOMES),
    note: z.string().trim().max(500).default(''),
    /** When to call again (no answer, wrong time…). */
    nextTryAt: instant.optional(),
  })
  .meta({ id: 'ReviewCallRequest' });

export async function recordReviewCall(
  deps: ActorDeps & { applicationId: number; input: unknown },
): Promise<ReviewCall> {
  const { actor, now } = deps;
  requirePermission(actor, 'review-call.record', {
    zh: '记录初审核验电话',
    en: 'record verification calls',
  });
  const parsed = parseFields(recordReviewCallSchema, deps.input);
  if (!parsed.ok) throw invalid(parsed.errors);
  const input = parsed.value;
  const calledAt = input.calledAt ?? now;
  return writeTransaction(deps.database, async (tx) => {
    const app = await loadApplication(tx, deps.applicationId);
    if (!allows(app.status, 'call-log')) {
      throw new WorkflowError('INVALID_TRANSITION', {
        zh: '只有初审中的备案申请可以记录核验电话',
        en: 'Verification calls are recorded only while the application is in provider review',
      });
    }
    const errors: FieldError[] = [];
    const contact = applicationContacts(app).find((c) => c.key === input.contact);
    const phone = normalizePhone(input.phone);
    if (!contact) errors.push(fieldError('contact', 'CALL_CONTACT_UNKNOWN'));
    else if (!contact.phones.includes(phone))
      errors.push(fieldError('phone', 'CALL_PHONE_NOT_OF_CONTACT', { phone: input.phone }));
    if (calledAt.getTime() > now.getTime()) errors.push(fieldError('calledAt', 'CALL_IN_FUTURE'));
    if (input.nextTryAt !== undefined && input.nextTryAt.getTime() <= calledAt.getTime())
      errors.push(fieldError('nextTryAt', 'NEXT_TRY_NOT_AFTER_CALL'));
    if (errors.length > 0) throw invalid(errors);
    const row = await tx
      .insertInto('review_call')
      .values({
        application_id: app.id,
        contact: input.contact,
        phone,
        called_at: calledAt.toISOString(),
        outcome: input.outcome,
        note: input.note,
        next_try_at: input.nextTryAt?.toISOString() ?? null,
        reviewer: actor.account,
        created_at: now.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const call = callFromRow(row);
    await writeAudit(tx, {
      applicationId: app.id,
      actor,
      action: 'application.review-call',
      from: app.status,
      to: app.status,
      data: { callId: call.id, contact: call.contact, outcome: call.outcome },
      now,
    });
    return call;
  });
}
