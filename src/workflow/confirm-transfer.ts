/**
 * Use case: 确认转移备案 — the subject's 主体负责人 answers a transfer request on the texted link
 * (subject-transfer.ts): confirm with the code, or decline. On confirmation, in one transaction with its
 * audit event, the subject — and with it its websites and apps, which belong to the subject — moves to
 * the requesting account. Refused while any application of the subject is in flight (the request stays
 * open until it expires, so the principal can answer once that is done), and when the subject is no
 * longer filed under the account it was asked from. Five wrong codes fail the request; each wrong code
 * is counted in its own committed transaction before the refusal is thrown.
 */
import type { Kysely } from 'kysely';
import { fieldError } from '../filing/index.ts';
import { insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { Database, Schema } from '../store/index.ts';
import { notFound, WorkflowError } from './errors.ts';
import { answerState, transferByToken } from './read-transfer.ts';
import type { TransferAnswerState } from './read-transfer.ts';
import { inProgressRefusal, subjectInProgress } from './subject-activity.ts';
import { codeMatches, maskPhone, TRANSFER_MAX_WRONG_CODES } from './subject-transfer.ts';

type Outcome = 'confirmed' | 'declined' | 'wrong-code' | 'failed';

const CLOSED: Record<Exclude<TransferAnswerState, 'open'>, { zh: string; en: string }> = {
  confirmed: { zh: '该转移申请已确认，备案已转移', en: 'This transfer was confirmed; the filing has moved' },
  declined: { zh: '该转移申请已被拒绝', en: 'This transfer request was declined' },
  failed: {
    zh: '验证码错误次数过多，该转移申请已失效；如需转移，请让对方重新申请',
    en: 'Too many wrong codes: this request is void. To transfer, ask for a new request',
  },
  expired: {
    zh: '该转移申请已过期（24 小时），如需转移，请让对方重新申请',
    en: 'This request expired (24 h). To transfer, ask for a new request',
  },
  closed: { zh: '该转移申请已失效', en: 'This transfer request is no longer open' },
};

async function audit(
  tx: Kysely<Schema>,
  row: {
    id: number;
    phone: string | null;
    from_account: string | null;
    requester: string;
    subject_number: string | null;
  },
  outcome: Outcome,
  wrongAttempts: number,
  now: Date,
): Promise<void> {
  await insertAuditEvent(tx, {
    applicationId: null,
    // The principal acts by the code sent to their phone, not as an account of this deployment.
    actor: { account: `principal:${maskPhone(row.phone ?? '')}`, role: 'subject-principal' },
    action: 'filing.transfer-decide',
    from: 'pending',
    to: outcome === 'wrong-code' ? 'pending' : outcome,
    target: row.subject_number ? `subject:${row.subject_number}` : null,
    data: { transferId: row.id, outcome, from: row.from_account, to: row.requester, wrongAttempts },
    now,
  });
}

export type TransferAnswer = { outcome: 'confirmed' | 'declined'; subjectNumber: string; requester: string };

export async function answerTransfer(deps: {
  database: Database;
  now: Date;
  token: string;
  decision: 'confirm' | 'decline';
  code?: unknown;
}): Promise<TransferAnswer> {
  const { now } = deps;
  const result = await writeTransaction(deps.database, async (tx) => {
    const row = await transferByToken(tx, deps.token);
    if (!row) throw notFound({ zh: '该转移申请', en: 'transfer request' });
    // Two answers at once: the second finds the status changed (claimed with the version of the row).
    const state = answerState(row, now);
    if (state !== 'open') throw new WorkflowError('INVALID_TRANSITION', CLOSED[state]);
    const subjectNumber = row.subject_number ?? '';
    if (deps.decision === 'decline') {
      await close(tx, row.id, 'declined', row.wrong_attempts, now);
      await audit(tx, row, 'declined', row.wrong_attempts, now);
      return {
        kind: 'done' as const,
        answer: { outcome: 'declined' as const, subjectNumber, requester: row.requester },
      };
    }
    if (!codeMatches(row, typeof deps.code === 'string' ? deps.code : '')) {
      const wrong = row.wrong_attempts + 1;
      const failed = wrong >= TRANSFER_MAX_WRONG_CODES;
      if (failed) await close(tx, row.id, 'failed', wrong, now);
      else await counted(tx, row.id, row.wrong_attempts, wrong);
      await audit(tx, row, failed ? 'failed' : 'wrong-code', wrong, now);
      return { kind: 'wrong' as const, left: TRANSFER_MAX_WRONG_CODES - wrong };
    }
    // The subject must still be where it was asked from, and nothing of it in flight.
    if (row.subject_account !== row.from_account)
      throw new WorkflowError('INVALID_TRANSITION', CLOSED.closed);
    const active = await subjectInProgress(tx, row.id_number, row.requester);
    if (active) throw inProgressRefusal({ ...active, own: false }, { zh: '转移备案', en: 'the transfer' });
    const moved = await tx
      .updateTable('filed_subject')
      .set({ account: row.requester })
      .where('id', '=', row.subject_id ?? -1)
      .where('account', '=', row.from_account ?? '')
      .where('state', '=', 'filed')
      .returning('id')
      .executeTakeFirst();
    if (!moved) throw new WorkflowError('INVALID_TRANSITION', CLOSED.closed);
    await close(tx, row.id, 'confirmed', row.wrong_attempts, now);
    await audit(tx, row, 'confirmed', row.wrong_attempts, now);
    return {
      kind: 'done' as const,
      answer: { outcome: 'confirmed' as const, subjectNumber, requester: row.requester },
    };
  });
  if (result.kind === 'wrong') {
    throw new WorkflowError(
      result.left > 0 ? 'VALIDATION_FAILED' : 'SMS_FAILED',
      result.left > 0 ? { zh: '验证码不正确', en: 'The code is wrong' } : CLOSED.failed,
      result.left > 0 ? [fieldError('code', 'TRANSFER_CODE_WRONG', { left: result.left })] : [],
    );
  }
  return result.answer;
}

/** Ends a pending request; a concurrent answer that got there first makes this one a CONFLICT. */
async function close(
  tx: Kysely<Schema>,
  id: number,
  status: 'confirmed' | 'declined' | 'failed',
  wrongAttempts: number,
  now: Date,
): Promise<void> {
  const done = await tx
    .updateTable('subject_transfer')
    .set({ status, wrong_attempts: wrongAttempts, decided_at: now.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  if (!done) throw conflict();
}

/** Counts a wrong code only if no other answer counted one in between (no lost increments). */
async function counted(tx: Kysely<Schema>, id: number, was: number, wrong: number): Promise<void> {
  const done = await tx
    .updateTable('subject_transfer')
    .set({ wrong_attempts: wrong })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('wrong_attempts', '=', was)
    .returning('id')
    .executeTakeFirst();
  if (!done) throw conflict();
}

const conflict = () =>
  new WorkflowError('CONFLICT', {
    zh: '该转移申请刚被另一个操作处理，请刷新后查看',
    en: 'This transfer request was just answered by another action; reload to see',
  });
