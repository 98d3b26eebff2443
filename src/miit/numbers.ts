/**
 * 备案号分配 — ICP numbers as the sandbox issues them: a subject number `<prefix>ICP备<YYYY><6 digits>号`
 * per subject, and website numbers `<subject number>-N`, N counting up per subject. Cancelled numbers are
 * never issued again (Tencent Cloud 备案号 FAQ): the province-year sequence and the per-subject
 * `website_seq` only grow.
 *
 * The older form has 8 digits (2-digit year + 6, xiaosb.com/beian/12972); numbers issued today carry the
 * 4-digit year (浙ICP备2024000123号), which the sandbox issues. Both forms, and the licence numbers of
 * licence holders (京ICP证030173号, 粤B2-20090059), are read by src/policy (icp-numbers.ts); the sandbox
 * issues only `ICP备` subject numbers, and `-N` website numbers under whatever number a subject holds.
 *
 * Every function here runs inside the caller's transaction and writes before it reads what the write
 * guards, so on PostgreSQL the row lock is held first; on SQLite the gateway's transactions begin
 * immediate (src/store/transaction.ts), one writer at a time.
 */
import type { Kysely } from 'kysely';
import type { Province } from '../policy/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import type { Schema } from '../store/index.ts';

const SEQUENCE_DIGITS = 6;
const SEQUENCE_MAX = 10 ** SEQUENCE_DIGITS - 1;

/** The number the sandbox issues a new subject; read back with PolicyData.parseIcpNumber (a `filing` number). */
export function formatSubjectNumber(prefix: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > SEQUENCE_MAX)
    throw new RangeError(`ICP sequence ${sequence} is outside 1…${SEQUENCE_MAX}`);
  return `${prefix}ICP备${year}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}号`;
}

export function formatWebsiteNumber(subjectNumber: string, websiteSeq: number): string {
  return `${subjectNumber}-${websiteSeq}`;
}

/** The approval year as MIIT dates it: the Asia/Shanghai calendar year of the approval instant. */
export function approvalYear(approvedAt: Date): number {
  return Number(shanghaiDate(approvedAt).slice(0, 4));
}

/**
 * Issues the next subject number of `province` for the year of `approvedAt`. The sequence row is
 * bumped by one atomic upsert (`INSERT … ON CONFLICT DO UPDATE … RETURNING`): PostgreSQL holds its row
 * lock to commit, so concurrent approvals queue on it and get distinct values; SQLite has one writer.
 * A number already present (an imported filing) moves the sequence past the highest such number.
 */
export async function allocateSubjectNumber(
  tx: Kysely<Schema>,
  province: Province,
  approvedAt: Date,
): Promise<string> {
  const year = approvalYear(approvedAt);
  const bumped = await tx
    .insertInto('icp_number_sequence')
    .values({ province: province.code, year, last_value: 1 })
    .onConflict((oc) =>
      oc
        .columns(['province', 'year'])
        .doUpdateSet((eb) => ({ last_value: eb('icp_number_sequence.last_value', '+', 1) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  const candidate = formatSubjectNumber(province.icpPrefix, year, bumped.last_value);
  const taken = await tx
    .selectFrom('filed_subject')
    .select('id')
    .where('subject_number', '=', candidate)
    .executeTakeFirst();
  if (!taken) return candidate;

  // Fixed-width digits sort as text, so max() is the highest number of that prefix and year.
  const pattern = `${province.icpPrefix}ICP备${year}${'_'.repeat(SEQUENCE_DIGITS)}号`;
  const highest = await tx
    .selectFrom('filed_subject')
    .select((eb) => eb.fn.max('subject_number').as('number'))
    .where('subject_number', 'like', pattern)
    .executeTakeFirst();
  const highestSeq = Number(highest?.number?.slice(-1 - SEQUENCE_DIGITS, -1) ?? bumped.last_value);
  const next = Math.max(highestSeq, bumped.last_value) + 1;
  await tx
    .updateTable('icp_number_sequence')
    .set({ last_value: next })
    .where('province', '=', province.code)
    .where('year', '=', year)
    .execute();
  return formatSubjectNumber(province.icpPrefix, year, next);
}

/**
 * Issues `count` website (or app) sequence numbers for a filed subject: after both the subject's
 * counter and the highest `-N` it already holds, website's or app's (imports carry numbers but no
 * counter), so a cancelled `-N`, whose row is gone, is still never reissued.
 */
export async function allocateWebsiteSeqs(
  tx: Kysely<Schema>,
  subjectId: number,
  count: number,
): Promise<number[]> {
  // A no-op update first: it takes the subject's row lock (PostgreSQL) or the write lock (SQLite)
  // before the reads below, so two approvals for one subject cannot both read the same counter.
  const locked = await tx
    .updateTable('filed_subject')
    .set((eb) => ({ website_seq: eb.ref('website_seq') }))
    .where('id', '=', subjectId)
    .returning(['website_seq', 'subject_number'])
    .executeTakeFirst();
  if (!locked?.subject_number) throw new Error(`subject ${subjectId} has no subject number`);
  const numbers = await tx
    .selectFrom('filed_website')
    .select('number')
    .where('subject_id', '=', subjectId)
    .execute();
  let highest = locked.website_seq;
  // A website's number is its subject's number and `-N`, whichever form the subject's number has.
  const head = `${locked.subject_number}-`;
  for (const { number } of numbers) {
    const seq = number?.startsWith(head) ? Number(number.slice(head.length)) : Number.NaN;
    if (Number.isSafeInteger(seq)) highest = Math.max(highest, seq);
  }
  // Apps count in the same sequence (`-NA`, `-NX`: 陕ICP备2024026116号-1A beside a website's -N), so a
  // website and an app never share an N (data/app-filing.json).
  const apps = await tx
    .selectFrom('filed_app')
    .select('number')
    .where('subject_id', '=', subjectId)
    .execute();
  for (const { number } of apps) {
    const seq = number.startsWith(head) ? Number(number.slice(head.length, -1)) : Number.NaN;
    if (Number.isSafeInteger(seq)) highest = Math.max(highest, seq);
  }
  const seqs = Array.from({ length: count }, (_, index) => highest + index + 1);
  await tx
    .updateTable('filed_subject')
    .set({ website_seq: highest + count })
    .where('id', '=', subjectId)
    .execute();
  return seqs;
}
