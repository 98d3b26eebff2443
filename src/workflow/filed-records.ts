/**
 * 已备案信息 — the filed subjects and websites an applicant owns here (filed through this provider
 * under their account), for changes and cancellations (Tencent Cloud 备案号
 * FAQ). MIIT does the cancelling through the gateway; numbers are never reused.
 */
import type { Kysely } from 'kysely';
import type { Localized } from '../filing/index.ts';
import { MiitError } from '../miit/index.ts';
import type { Schema } from '../store/index.ts';
import type { ActorDeps } from './context.ts';
import { notFound, WorkflowError } from './errors.ts';

type OwnedWebsite = {
  number: string;
  providers: string[];
  subjectNumber: string | null;
  /** The subject's certificate number (its applications are keyed by it). */
  subjectIdNumber: string;
};

const WEBSITE: Localized = { zh: '该备案网站', en: 'filed website' };
const SUBJECT: Localized = { zh: '该备案主体', en: 'filed subject' };

/**
 * The number as stored, when `number` is one of the wanted kind: what a user types (京ICP证030173号-1,
 * 粤B2-20090059-5, with spaces or full-width digits) is read by the policy's parser, as everywhere.
 */
function storedForm(deps: ActorDeps, number: string, kind: 'subject' | 'website'): string | null {
  const reading = deps.policy.parseIcpNumber(number);
  return reading.ok && reading.number.kind === kind ? reading.number.text : null;
}

/** A filed website of the actor's subject; someone else's, or not a website number, is "not found". */
export async function ownedWebsite(
  tx: Kysely<Schema>,
  deps: ActorDeps,
  number: string,
): Promise<OwnedWebsite> {
  const text = storedForm(deps, number, 'website');
  if (text === null) throw notFound(WEBSITE);
  const row = await tx
    .selectFrom('filed_website as w')
    .innerJoin('filed_subject as s', 's.id', 'w.subject_id')
    .select(['w.number', 'w.providers', 's.subject_number', 's.account', 's.id_number'])
    .where('w.number', '=', text)
    .where('s.state', '=', 'filed')
    .executeTakeFirst();
  if (!row?.number || row.account !== deps.actor.account) throw notFound(WEBSITE);
  return {
    number: row.number,
    providers: row.providers.split(',').filter((p) => p !== ''),
    subjectNumber: row.subject_number,
    subjectIdNumber: row.id_number,
  };
}

/** A filed subject of the actor; someone else's, or not a subject number, is "not found". */
export async function ownedSubject(tx: Kysely<Schema>, deps: ActorDeps, number: string): Promise<string> {
  const text = storedForm(deps, number, 'subject');
  if (text === null) throw notFound(SUBJECT);
  const row = await tx
    .selectFrom('filed_subject')
    .select(['subject_number', 'account'])
    .where('subject_number', '=', text)
    .where('state', '=', 'filed')
    .executeTakeFirst();
  if (!row?.subject_number || row.account !== deps.actor.account) throw notFound(SUBJECT);
  return row.subject_number;
}

/** Rethrows a MIIT refusal as a WorkflowError; anything else as it is (`.catch(rethrowMiit)`). */
export function rethrowMiit(error: unknown): never {
  if (!(error instanceof MiitError)) throw error;
  throw new WorkflowError('MIIT_REFUSED', {
    zh: `工信部系统拒绝了该操作：${error.message}`,
    en: `MIIT refused the operation: ${error.message}`,
  });
}
