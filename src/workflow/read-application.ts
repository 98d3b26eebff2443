/**
 * Use case: read one application (查看备案申请) — the caller's own (`scope: 'own'`), or any account's for
 * the roles the permission table lets read any (reviewers, admin). Someone else's application read as
 * one's own is NOT_FOUND, so ids do not reveal what exists.
 */
import type { Localized } from '../filing/index.ts';
import type { Action } from '../filing/index.ts';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';

/** Whose applications a read covers: the caller's own, or every account's. */
export type ReadScope = 'own' | 'any';

/** The permission each scope needs (src/filing/roles.ts). */
const READ_ACTIONS = {
  own: 'application.read-own',
  any: 'application.read-any',
} as const satisfies Record<ReadScope, Action>;

const READ: Localized = { zh: '查看备案申请', en: 'read applications' };

/** Refuses unless the actor may read applications in `scope`. */
export function requireReadScope(deps: ActorDeps & { scope: ReadScope }): void {
  requirePermission(deps.actor, READ_ACTIONS[deps.scope], READ);
}

export async function readApplication(
  deps: ActorDeps & { applicationId: number; scope: ReadScope },
): Promise<Application> {
  requireReadScope(deps);
  const owner = deps.scope === 'own' ? deps.actor : null;
  return loadApplication(deps.database.kysely, deps.applicationId, owner);
}
