/**
 * Use case: 驳回原因库 — the coded rejection reasons a reviewer may pick today (data/rejection-reasons.json),
 * optionally only those that fit one field; for the reviewers' forms and API clients.
 */
import { fieldKindOf, reasonFits, reasonOffered, rejectionReasons } from '../filing/index.ts';
import type { FieldKind, Localized } from '../filing/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';

/** 驳回原因 (库) as a reviewer picks it: the code, the fields it fits, the reason and the remedy. */
export type OfferedRejectionReason = {
  code: string;
  fieldKinds: FieldKind[];
  reason: Localized;
  remedy: Localized;
};

export function listRejectionReasons(deps: Pick<ActorDeps, 'actor' | 'now'> & { path?: string }): {
  fieldKind: FieldKind | null;
  reasons: OfferedRejectionReason[];
} {
  requirePermission(deps.actor, 'application.read-any', {
    zh: '查看驳回原因库',
    en: 'read the rejection reasons',
  });
  const { path } = deps;
  const reasons = rejectionReasons()
    .filter((entry) => reasonOffered(entry, deps.now) && (path === undefined || reasonFits(entry, path)))
    .map((entry) => ({
      code: entry.code,
      fieldKinds: entry.fieldKinds,
      reason: entry.reason,
      remedy: entry.remedy,
    }));
  return { fieldKind: path === undefined ? null : fieldKindOf(path), reasons };
}
