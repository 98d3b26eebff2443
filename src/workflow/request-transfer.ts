/**
 * Use case: 申请转移备案 — an account asks to take over a subject filed here under another account (seed
 * FAQ Q9's way out; subject-transfer.ts has the design and the threats). The request names the subject
 * by its certificate number or an ICP number of it. When that is a subject filed through this provider
 * under another account, with no application in flight and a 主体负责人 phone known, a code and the
 * link to answer on go to that phone; in every other case nothing is sent, and the requester's answer is
 * the same either way. The text goes through the provider's SMS gateway after the commit, as the
 * notification job sends (a provider is called over the network, never inside a transaction).
 */
import type { Kysely } from 'kysely';
import { createRateLimiters } from '../accounts/index.ts';
import { fieldError } from '../filing/index.ts';
import type { SmsGateway } from '../miit/index.ts';
import { insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { WorkflowError } from './errors.ts';
import { subjectDetails } from './filed-subject.ts';
import type { TransferRequestView } from './my-transfers.ts';
import { subjectInProgress } from './subject-activity.ts';
import {
  newTransferSecrets,
  TRANSFER_MAX_CODES_PER_PHONE_PER_DAY,
  TRANSFER_VALIDITY_MS,
} from './subject-transfer.ts';
import { invalid } from './verify.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

type Refused = 'in-flight' | 'no-phone' | 'phone-limit';

/** What the requester typed, read as an ICP number (subject or website) or a certificate number. */
function readQuery(
  deps: ActorDeps,
  query: unknown,
): { by: 'subject-number' | 'website-number' | 'certificate'; text: string } {
  const typed = typeof query === 'string' ? query.normalize('NFKC').trim() : '';
  const reading = deps.policy.parseIcpNumber(typed);
  if (reading.ok && reading.number.kind === 'subject')
    return { by: 'subject-number', text: reading.number.text };
  if (reading.ok && reading.number.kind === 'website')
    return { by: 'website-number', text: reading.number.text };
  const certificate = typed.replace(/\s/g, '').toUpperCase();
  if (!/^[0-9A-Z][0-9A-Z-]{5,31}$/.test(certificate))
    throw invalid([fieldError('query', 'TRANSFER_QUERY_INVALID')]);
  return { by: 'certificate', text: certificate };
}

/** The filed subject (through this provider) the query names, if any. */
async function namedSubject(tx: Kysely<Schema>, query: ReturnType<typeof readQuery>) {
  let select = tx
    .selectFrom('filed_subject as s')
    .selectAll('s')
    .where('s.state', '=', 'filed')
    .where('s.provider', '=', 'self')
    .where('s.subject_number', 'is not', null);
  if (query.by === 'subject-number') select = select.where('s.subject_number', '=', query.text);
  else if (query.by === 'certificate') select = select.where('s.id_number', '=', query.text);
  else {
    const website = tx.selectFrom('filed_website').select('subject_id').where('number', '=', query.text);
    select = select.where('s.id', 'in', website);
  }
  return select.orderBy('s.id').executeTakeFirst();
}

export async function requestTransfer(
  deps: ActorDeps & {
    query: unknown;
    /** The provider's SMS gateway (notifications'); the sandbox writes to the SMS outbox. */
    sms: SmsGateway;
    /** The answer page's address for a link token (BEIAN_PUBLIC_URL + /transfer/<token>). */
    confirmLink: (token: string) => string;
  },
): Promise<TransferRequestView> {
  const { actor, now } = deps;
  requirePermission(actor, 'filing.transfer-request', {
    zh: '申请转移备案',
    en: 'request a filing transfer',
  });
  const query = readQuery(deps, deps.query);
  // Counted before anything is looked up, whatever the answer: the limit itself says nothing.
  const decision = await createRateLimiters(deps.database, {}, () => now).transferRequest.hit(actor.account);
  if (!decision.allowed) {
    const hours = Math.ceil(decision.retryAfterSeconds / 3600);
    throw new WorkflowError('TRANSFER_REQUEST_LIMITED', {
      zh: `备案转移申请过于频繁，请 ${hours} 小时后再试`,
      en: `Too many filing transfer requests; try again in ${hours} hour(s)`,
    });
  }
  const secrets = newTransferSecrets();
  const expiresAt = new Date(now.getTime() + TRANSFER_VALIDITY_MS).toISOString();
  const made = await writeTransaction(deps.database, async (tx) => {
    const subject = await namedSubject(tx, query);
    // The requester's own subject: telling them so reveals nothing they do not know.
    if (subject?.account === actor.account) throw invalid([fieldError('query', 'TRANSFER_ALREADY_YOURS')]);
    const matched = subject !== undefined && subject.account !== null ? subject : null;
    // A newer request of this account for the same subject replaces its pending one.
    await tx
      .updateTable('subject_transfer')
      .set({ status: 'superseded', decided_at: now.toISOString() })
      .where('requester', '=', actor.account)
      .where('status', 'in', ['pending', 'refused'])
      .where((eb) =>
        matched === null
          ? eb('query', '=', query.text)
          : eb.or([eb('query', '=', query.text), eb('subject_id', '=', matched.id)]),
      )
      .execute();
    let refused: Refused | null = null;
    let phone: string | null = null;
    if (matched !== null) {
      if (await subjectInProgress(tx, matched.id_number, actor.account)) refused = 'in-flight';
      else {
        const person = (await subjectDetails(tx, matched))?.responsiblePerson as
          { mobile?: unknown } | undefined;
        phone = typeof person?.mobile === 'string' ? person.mobile : null;
        if (phone === null) refused = 'no-phone';
        else {
          const sent = await tx
            .selectFrom('subject_transfer')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('phone', '=', phone)
            .where('created_at', '>', new Date(now.getTime() - DAY_MS).toISOString())
            .executeTakeFirstOrThrow();
          if (Number(sent.n) >= TRANSFER_MAX_CODES_PER_PHONE_PER_DAY) {
            refused = 'phone-limit';
            phone = null;
          }
        }
      }
    }
    const sending = matched !== null && refused === null && phone !== null;
    const row = await tx
      .insertInto('subject_transfer')
      .values({
        requester: actor.account,
        query: query.text,
        subject_id: matched?.id ?? null,
        from_account: matched?.account ?? null,
        phone: sending ? phone : null,
        token_hash: secrets.tokenHash,
        code_salt: secrets.codeSalt,
        code_hash: secrets.codeHash,
        // Nothing to answer when nothing was sent; the requester still sees it pending (no oracle).
        status: matched !== null && sending ? 'pending' : 'refused',
        created_at: now.toISOString(),
        expires_at: expiresAt,
        decided_at: null,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await insertAuditEvent(tx, {
      applicationId: null,
      actor,
      action: 'filing.transfer-request',
      from: null,
      to: matched !== null && sending ? 'pending' : 'refused',
      target: matched?.subject_number ? `subject:${matched.subject_number}` : null,
      data: { transferId: row.id, query: query.text, matched: matched !== null, sent: sending, refused },
      now,
    });
    return { id: row.id, createdAt: row.created_at, sendTo: sending ? phone : null, subject: matched };
  });
  if (made.sendTo !== null && made.subject !== null) {
    const link = deps.confirmLink(secrets.token);
    const text =
      `【备案转移】账号 ${actor.account} 申请将主体“${made.subject.name}”（${made.subject.subject_number ?? ''}）的备案转移到该账号管理。` +
      `同意请打开 ${link} 输入验证码：${secrets.code}（24 小时内有效，请勿告诉他人）；不同意请忽略本短信或在该页面拒绝。` +
      ` Transfer code ${secrets.code}: account ${actor.account} asks to manage this subject's filing; open the link to answer.`;
    try {
      await deps.sms.send({
        phone: made.sendTo,
        text,
        applicationId: null,
        messageId: `<transfer-${made.id}@beian>`,
      });
    } catch {
      // Not delivered: nothing can be answered. The requester's view stays the same (no oracle).
      await writeTransaction(deps.database, async (tx) => {
        await tx
          .updateTable('subject_transfer')
          .set({ status: 'refused', phone: null })
          .where('id', '=', made.id)
          .execute();
        await insertAuditEvent(tx, {
          applicationId: null,
          actor,
          action: 'filing.transfer-request',
          from: 'pending',
          to: 'refused',
          target: made.subject?.subject_number ? `subject:${made.subject.subject_number}` : null,
          data: {
            transferId: made.id,
            query: query.text,
            matched: true,
            sent: false,
            refused: 'undelivered',
          },
          now,
        });
      });
    }
  }
  return { id: made.id, query: query.text, createdAt: made.createdAt, expiresAt, state: 'pending' };
}
