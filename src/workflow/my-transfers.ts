/**
 * Use case: 我的转移申请 — the transfer requests an account made (request-transfer.ts), newest first.
 * A request shows `pending` until it expires unless the transfer happened: whether a code was sent,
 * refused or answered with a no is the principal's to know, not the requester's (no enumeration of
 * subjects; subject-transfer.ts). A request the account replaced by a newer one shows as ended.
 */
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import type { TransferState } from './subject-transfer.ts';

/** 转移申请 — one request as its requester sees it. */
export type TransferRequestView = {
  id: number;
  /** The certificate or ICP number asked for, as read. */
  query: string;
  createdAt: string;
  expiresAt: string;
  state: TransferState;
};

/** How many of an account's requests are listed (5 a day are allowed). */
const LISTED = 50;

export async function myTransfers(deps: ActorDeps): Promise<TransferRequestView[]> {
  requirePermission(deps.actor, 'filing.transfer-request', {
    zh: '查看转移申请',
    en: 'read transfer requests',
  });
  const rows = await deps.database.kysely
    .selectFrom('subject_transfer')
    .select(['id', 'query', 'status', 'created_at', 'expires_at'])
    .where('requester', '=', deps.actor.account)
    .orderBy('id', 'desc')
    .limit(LISTED)
    .execute();
  const now = deps.now.toISOString();
  return rows.map((row) => ({
    id: row.id,
    query: row.query,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    state:
      row.status === 'confirmed'
        ? 'transferred'
        : row.status === 'superseded' || row.expires_at <= now
          ? 'not-confirmed'
          : 'pending',
  }));
}
