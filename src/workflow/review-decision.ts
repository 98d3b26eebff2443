/**
 * 审核结论 — what a reviewer (初审 at the provider, or the bureau) decides: approve, or reject with
 * field-level reasons the applicant sees next to the fields (WeChat getIcpEntranceInfo `audit_data`).
 */
import { z } from 'zod';
import { toFieldErrors } from '../filing/index.ts';
import type { Rejection } from './application.ts';
import { invalid } from './verify.ts';

const localized = z.strictObject({
  zh: z.string().trim().min(1).max(500),
  en: z.string().trim().min(1).max(500),
});

export const reviewDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve') }),
  z.strictObject({
    decision: z.literal('reject'),
    reasons: z
      .array(z.strictObject({ path: z.string().trim().min(1).max(200), message: localized }))
      .min(1)
      .max(50),
  }),
]);
type ReviewDecision = z.output<typeof reviewDecisionSchema>;

export function parseDecision(input: unknown): ReviewDecision {
  const parsed = reviewDecisionSchema.safeParse(input);
  if (!parsed.success) throw invalid(toFieldErrors(parsed.error.issues, input));
  return parsed.data;
}

export function rejectionOf(
  decision: Extract<ReviewDecision, { decision: 'reject' }>,
  by: Rejection['by'],
  now: Date,
): Rejection {
  return { by, at: now.toISOString(), reasons: decision.reasons };
}
