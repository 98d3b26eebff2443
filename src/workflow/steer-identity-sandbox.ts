/**
 * Use case: steer the verification sandbox (设定核验沙箱) — an operator decides what the sandbox vendor
 * answers for a certificate number (pass, the wrong person, a face that does not match, an unreadable
 * ID) for the next N checks or until changed, so a demo or an acceptance test can play each case, as
 * the MIIT sandbox's outbox lets one play the SMS. Refused (NOT_FOUND) when the vendor is a real one.
 */
import { z } from 'zod';
import { isSandboxVerification, SANDBOX_OUTCOMES } from '../identity/index.ts';
import type { SandboxSteer } from '../identity/index.ts';
import { normalizeIdNumber, parseFields } from '../filing/index.ts';
import { maskPersonalNumbers } from '../shared/index.ts';
import { insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound, WorkflowError } from './errors.ts';
import { identityGateway } from './identity-persons.ts';

export const steerInputSchema = z.strictObject({
  idNumber: z.string().trim().min(1).max(40),
  outcome: z.enum(SANDBOX_OUTCOMES),
  remaining: z.number().int().min(1).max(1000).nullable().default(null),
});
export type SteerInput = z.input<typeof steerInputSchema>;

export async function steerIdentitySandbox(deps: ActorDeps & { input: unknown }): Promise<SandboxSteer> {
  requirePermission(deps.actor, 'identity.steer-sandbox', {
    zh: '设定核验沙箱',
    en: 'steer the verification sandbox',
  });
  const gateway = identityGateway(deps);
  if (!isSandboxVerification(gateway)) throw notFound({ zh: '核验沙箱', en: 'verification sandbox' });
  const parsed = parseFields(steerInputSchema, deps.input);
  if (!parsed.ok)
    throw new WorkflowError(
      'VALIDATION_FAILED',
      { zh: '沙箱设定有误', en: 'The sandbox setting is invalid' },
      parsed.errors,
    );
  const steer: SandboxSteer = {
    idNumber: normalizeIdNumber(parsed.value.idNumber),
    outcome: parsed.value.outcome,
    remaining: parsed.value.remaining,
    setBy: deps.actor.account,
    setAt: deps.now.toISOString(),
  };
  return writeTransaction(deps.database, async (tx) => {
    await gateway.steer(tx, steer);
    await insertAuditEvent(tx, {
      action: 'identity.sandbox-steer',
      applicationId: null,
      actor: deps.actor,
      from: null,
      to: steer.outcome,
      target: 'identity-sandbox',
      now: deps.now,
      data: {
        idNumberMasked: maskPersonalNumbers(steer.idNumber),
        outcome: steer.outcome,
        remaining: steer.remaining,
      },
    });
    return steer;
  });
}
