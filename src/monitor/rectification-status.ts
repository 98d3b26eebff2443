/**
 * 整改状态 — the one table of rectification states: opened for a failing website, the applicant
 * notified, closed (a recheck passed, or the operator settled it), or escalated (past the deadline and
 * still failing, or by the operator; escalated cases go to the bureau's list). Only this table decides.
 */
import type { RectificationStatus } from '../store/index.ts';

export const RECTIFICATION_TRANSITIONS: Record<RectificationStatus, readonly RectificationStatus[]> = {
  open: ['notified', 'closed', 'escalated'],
  notified: ['closed', 'escalated'],
  escalated: ['closed'],
  closed: [],
};

export const canMove = (from: RectificationStatus, to: RectificationStatus): boolean =>
  RECTIFICATION_TRANSITIONS[from].includes(to);

/** Statuses a recheck may run in: any but closed. */
export const ACTIVE_RECTIFICATION: readonly RectificationStatus[] = ['open', 'notified', 'escalated'];
