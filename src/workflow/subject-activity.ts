/**
 * 进行中的申请 — a filed subject's one application in flight, and the rule it sets: while it runs, the
 * subject's 变更网站, 新增网站 and 取消接入 wait (one application in flight per subject, Huawei Cloud
 * 备案流程; a change and a cancellation of the same record at once would leave the bureau two orders
 * that contradict each other). The pages read it to say so before the form (我的备案), and the use
 * cases refuse with the same words (`refuseWhileInProgress`), so the page never promises what the
 * workflow then refuses.
 */
import type { Kysely } from 'kysely';
import type { ApplicationStatus } from '../filing/index.ts';
import { allows } from '../filing/index.ts';
import type { FilingType } from '../rules/index.ts';
import { fromJson } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import { WorkflowError } from './errors.ts';

/** 进行中的申请 — the application that holds a subject, as its owner's pages show it. */
export type InProgressApplication = {
  id: number;
  status: ApplicationStatus;
  filingType: FilingType | null;
  /** 变更网站: the website number it changes; null for a filing. */
  changeOf: string | null;
  /** What a change changes (application.ts `changeKind`): null for a website's change or a filing. */
  changeKind: 'access' | 'subject' | 'app' | null;
  /** How many websites it carries: none for an application of apps only (APP备案), named so by the pages. */
  websites: number;
  /** Whether it is the asking account's own (else the pages name no number and link nowhere). */
  own: boolean;
  /** A rejected application its owner may revise (修改后重新提交). */
  revisable: boolean;
};

/** The application holding the subject of `idNumber` (hold.ts: one per subject), or null. */
export async function subjectInProgress(
  db: Kysely<Schema>,
  idNumber: string,
  account: string,
): Promise<InProgressApplication | null> {
  const row = await db
    .selectFrom('application')
    .select(['id', 'status', 'filing_type', 'change_of', 'change_kind', 'account', 'websites'])
    .where('subject_id_number', '=', idNumber.toUpperCase())
    .where('hold_evidence', 'is not', null)
    .orderBy('id')
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    filingType: row.filing_type,
    changeOf: row.change_of ?? null,
    changeKind: row.change_kind ?? null,
    websites: fromJson<unknown[]>(row.websites).length,
    own: row.account === account,
    revisable: allows(row.status, 'reopen'),
  };
}

/** The refusal of an operation on a subject while `active` runs; the number only to its owner. */
export function inProgressRefusal(active: InProgressApplication, what: { zh: string; en: string }) {
  const which = active.own ? { zh: `（编号 ${active.id}）`, en: ` (no. ${active.id})` } : { zh: '', en: '' };
  return new WorkflowError('SUBJECT_HAS_ACTIVE_APPLICATION', {
    zh: `该主体有进行中的备案申请${which.zh}，${what.zh}须等其完成或撤回后办理`,
    en: `The subject has an application under way${which.en}; ${what.en} must wait until it finishes or is withdrawn`,
  });
}

/** Refuses `what` while the subject of `idNumber` has an application in flight. */
export async function refuseWhileInProgress(
  db: Kysely<Schema>,
  idNumber: string,
  account: string,
  what: { zh: string; en: string },
): Promise<void> {
  const active = await subjectInProgress(db, idNumber, account);
  if (active) throw inProgressRefusal(active, what);
}
