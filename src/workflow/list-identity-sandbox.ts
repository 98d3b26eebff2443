/** Use case (read): the verification sandbox's current settings (steer-identity-sandbox.ts), for the operator. */
import { isSandboxVerification } from '../identity/index.ts';
import type { SandboxSteer } from '../identity/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { notFound } from './errors.ts';
import { identityGateway } from './identity-persons.ts';

export async function listIdentitySandboxSteers(deps: ActorDeps): Promise<SandboxSteer[]> {
  requirePermission(deps.actor, 'identity.steer-sandbox', {
    zh: '查看核验沙箱',
    en: 'read the verification sandbox',
  });
  const gateway = identityGateway(deps);
  if (!isSandboxVerification(gateway)) throw notFound({ zh: '核验沙箱', en: 'verification sandbox' });
  return gateway.steers(deps.database.kysely);
}
