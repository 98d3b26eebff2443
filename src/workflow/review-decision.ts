/**
 * 审核结论 — what a reviewer (初审 at the provider, or the bureau) decides: approve, or reject with
 * field-level reasons the applicant sees next to the fields (WeChat getIcpEntranceInfo `audit_data`:
 * field, reason, suggestion). A reason is free text, or a code of the reason library
 * (data/rejection-reasons.json) that fits the field, with optional words of the reviewer's own.
 */
import { z } from 'zod';
import { codedMessage, fieldError, reasonFits, reasonOffered, rejectionReasons } from '../filing/index.ts';
import type { FieldError, RejectionReasonEntry } from '../filing/index.ts';
import { toFieldErrors } from '../filing/index.ts';
import type { Rejection, RejectionReason } from './application.ts';
import { invalid } from './verify.ts';

const localized = z.strictObject({
  zh: z.string().trim().min(1).max(500),
  en: z.string().trim().min(1).max(500),
});

const reasonSchema = z
  .strictObject({
    path: z.string().trim().min(1).max(200),
    /** A code of the reason library; its reason and remedy are what the applicant reads. */
    code: z.string().trim().min(1).max(64).optional(),
    /** Free text; with a code, the reviewer's own words after the library's reason. */
    message: localized.optional(),
  })
  .meta({ id: 'RejectionReasonInput' });

export const reviewDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve') }),
  z.strictObject({
    decision: z.literal('reject'),
    reasons: z.array(reasonSchema).min(1).max(50),
  }),
]);
type ReviewDecision = z.output<typeof reviewDecisionSchema>;
type ReasonInput = z.output<typeof reasonSchema>;

/** A reason as a decision states it, resolved against the library (codes checked at `now`). */
type ResolvedDecision = { decision: 'approve' } | { decision: 'reject'; reasons: RejectionReason[] };

/** The library entry of `code` that may be picked now, or the field error saying why not. */
export function libraryReason(
  code: string,
  path: string,
  errorPath: string,
  now: Date,
): { ok: true; entry: RejectionReasonEntry } | { ok: false; error: FieldError } {
  const entry = rejectionReasons().find((e) => e.code === code && reasonOffered(e, now));
  if (!entry) return { ok: false, error: fieldError(errorPath, 'REJECTION_REASON_UNKNOWN', { code }) };
  if (!reasonFits(entry, path))
    return { ok: false, error: fieldError(errorPath, 'REJECTION_REASON_MISFIT', { code }) };
  return { ok: true, entry };
}

type Resolved = { ok: true; reason: RejectionReason } | { ok: false; error: FieldError };

function resolveReason(input: ReasonInput, i: number, now: Date): Resolved {
  if (input.code === undefined) {
    if (input.message === undefined)
      return { ok: false, error: fieldError(`reasons.${i}`, 'REJECTION_REASON_EMPTY') };
    return { ok: true, reason: { path: input.path, message: input.message } };
  }
  const found = libraryReason(input.code, input.path, `reasons.${i}.code`, now);
  if (!found.ok) return found;
  const { entry } = found;
  const message =
    input.message === undefined
      ? entry.reason
      : { zh: codedMessage(entry, input.message.zh).zh, en: codedMessage(entry, input.message.en).en };
  return { ok: true, reason: { path: input.path, code: entry.code, message, remedy: entry.remedy } };
}

export function parseDecision(input: unknown, now: Date): ResolvedDecision {
  const parsed = reviewDecisionSchema.safeParse(input);
  if (!parsed.success) throw invalid(toFieldErrors(parsed.error.issues, input));
  const decision: ReviewDecision = parsed.data;
  if (decision.decision === 'approve') return decision;
  const resolved = decision.reasons.map((reason, i) => resolveReason(reason, i, now));
  const errors = resolved.flatMap((r) => (r.ok ? [] : [r.error]));
  if (errors.length > 0) throw invalid(errors);
  return { decision: 'reject', reasons: resolved.flatMap((r) => (r.ok ? [r.reason] : [])) };
}

export function rejectionOf(
  decision: Extract<ResolvedDecision, { decision: 'reject' }>,
  by: Rejection['by'],
  now: Date,
): Rejection {
  return { by, at: now.toISOString(), reasons: decision.reasons };
}
