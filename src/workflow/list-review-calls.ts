/**
 * Use case: 初审电话核验记录 — the calls provider reviewers made to an application's contacts (the
 * subject's and each website's responsible person), newest first, with the contacts they may call.
 * Reviewers' own working notes: read by the roles the permission table lets (`review-call.read`), never
 * by the applicant, whose timeline shows only that a call was made and its outcome.
 */
import type { Selectable } from 'kysely';
import { normalizePhone } from '../filing/index.ts';
import type { Localized } from '../filing/index.ts';
import type { ReviewCallTable } from '../store/index.ts';
import type { Application } from './application.ts';
import { loadApplication } from './application.ts';
import type { ActorDeps } from './context.ts';
import { requirePermission } from './context.ts';

/** 核验结果 — how a call went: reached the person, no answer, a wrong number, or the person refused. */
export const CALL_OUTCOMES = ['reached', 'no-answer', 'wrong-number', 'refused'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** 联系人 — a responsible person of the application a reviewer calls, with the numbers they gave. */
export type CallContact = { key: string; role: Localized; name: string; phones: string[] };

/** 核验电话 — one call: to whom, on which number, when, how it went, and when to try again. */
export type ReviewCall = {
  id: number;
  applicationId: number;
  contact: string;
  phone: string;
  calledAt: string;
  outcome: CallOutcome;
  note: string;
  nextTryAt: string | null;
  reviewer: string;
  createdAt: string;
};

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function contactOf(key: string, role: Localized, person: unknown): CallContact {
  const p = (typeof person === 'object' && person !== null ? person : {}) as Record<string, unknown>;
  const phones = [str(p.mobile), str(p.emergencyPhone)]
    .filter((phone) => phone !== '')
    .map((phone) => normalizePhone(phone));
  return { key, role, name: str(p.name), phones: [...new Set(phones)] };
}

/** The people a 初审 reviewer verifies by phone: 主体负责人, then each 网站负责人. */
export function applicationContacts(app: Application): CallContact[] {
  const contacts = [
    contactOf(
      'subject.responsiblePerson',
      { zh: '主体负责人', en: 'Subject principal' },
      app.subject.responsiblePerson,
    ),
  ];
  app.websites.forEach((website, i) => {
    contacts.push(
      contactOf(
        `websites.${i}.responsiblePerson`,
        { zh: `网站 ${i + 1} 负责人`, en: `Website ${i + 1} principal` },
        website.responsiblePerson,
      ),
    );
  });
  return contacts;
}

export function callFromRow(row: Selectable<ReviewCallTable>): ReviewCall {
  return {
    id: row.id,
    applicationId: row.application_id,
    contact: row.contact,
    phone: row.phone,
    calledAt: row.called_at,
    outcome: row.outcome as CallOutcome,
    note: row.note,
    nextTryAt: row.next_try_at,
    reviewer: row.reviewer,
    createdAt: row.created_at,
  };
}

export type ReviewCallLog = { contacts: CallContact[]; calls: ReviewCall[] };

export async function listReviewCalls(deps: ActorDeps & { applicationId: number }): Promise<ReviewCallLog> {
  requirePermission(deps.actor, 'review-call.read', {
    zh: '查看初审电话核验记录',
    en: 'read the verification call log',
  });
  const db = deps.database.kysely;
  const app = await loadApplication(db, deps.applicationId);
  const rows = await db
    .selectFrom('review_call')
    .selectAll()
    .where('application_id', '=', app.id)
    .orderBy('called_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return { contacts: applicationContacts(app), calls: rows.map(callFromRow) };
}
