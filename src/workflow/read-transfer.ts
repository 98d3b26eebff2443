/**
 * Use case: 转移确认页 — what the subject's 主体负责人 sees on the link texted to them
 * (request-transfer.ts): which subject, which account asks, until when, and how many tries are left.
 * Reached by the link's token alone (the principal may have no account here); an unknown token is
 * NOT_FOUND, so tokens cannot be probed for anything.
 */
import type { Kysely } from 'kysely';
import type { Database, Schema } from '../store/index.ts';
import { notFound } from './errors.ts';
import { sha256, TRANSFER_MAX_WRONG_CODES } from './subject-transfer.ts';

/** 转移确认状态 — as the principal sees it. */
export type TransferAnswerState = 'open' | 'confirmed' | 'declined' | 'failed' | 'expired' | 'closed';

export type TransferForPrincipal = {
  state: TransferAnswerState;
  requester: string;
  subjectName: string;
  subjectNumber: string;
  fromAccount: string;
  expiresAt: string;
  triesLeft: number;
};

/** The request the token opens, with its subject; undefined when none. */
export async function transferByToken(tx: Kysely<Schema>, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return tx
    .selectFrom('subject_transfer as t')
    .innerJoin('filed_subject as s', 's.id', 't.subject_id')
    .selectAll('t')
    .select(['s.name as subject_name', 's.subject_number', 's.account as subject_account', 's.id_number'])
    .where('t.token_hash', '=', sha256(token))
    .executeTakeFirst();
}

export function answerState(row: { status: string; expires_at: string }, now: Date): TransferAnswerState {
  if (row.status === 'confirmed' || row.status === 'declined' || row.status === 'failed') return row.status;
  if (row.status !== 'pending') return 'closed';
  return row.expires_at <= now.toISOString() ? 'expired' : 'open';
}

export async function readTransfer(deps: {
  database: Database;
  now: Date;
  token: string;
}): Promise<TransferForPrincipal> {
  const row = await transferByToken(deps.database.kysely, deps.token);
  if (!row) throw notFound({ zh: '该转移申请', en: 'transfer request' });
  return {
    state: answerState(row, deps.now),
    requester: row.requester,
    subjectName: row.subject_name,
    subjectNumber: row.subject_number ?? '',
    fromAccount: row.from_account ?? '',
    expiresAt: row.expires_at,
    triesLeft: Math.max(0, TRANSFER_MAX_WRONG_CODES - row.wrong_attempts),
  };
}
