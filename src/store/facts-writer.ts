/**
 * Writes of imported facts. Callers run these inside a transaction (a savepoint per imported line);
 * conflicts are looked up before anything is written so a rejected line leaves no trace.
 */
import type { Kysely } from 'kysely';
import type { DomainRegistration, RegistrySubject, RegistryWebsite } from '../facts/index.ts';
import { chunked } from './facts-store.ts';
import { providersToText, registrationToRow } from './rows.ts';
import type { Schema } from './schema.ts';

/** 14 parameters a row: 200 rows stay well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const REGISTRATION_ROWS_PER_INSERT = 200;

/** Inserts or replaces registrations by domain (a later import of a domain wins). */
export async function upsertRegistrations(
  db: Kysely<Schema>,
  registrations: readonly DomainRegistration[],
  now: string,
): Promise<void> {
  for (const chunk of chunked(registrations, REGISTRATION_ROWS_PER_INSERT)) {
    await db
      .insertInto('domain_registration')
      .values(chunk.map((registration) => registrationToRow(registration, now)))
      .onConflict((oc) =>
        oc.column('domain').doUpdateSet((eb) => ({
          registrar: eb.ref('excluded.registrar'),
          registrar_iana_id: eb.ref('excluded.registrar_iana_id'),
          registered_at: eb.ref('excluded.registered_at'),
          expires_at: eb.ref('excluded.expires_at'),
          real_name_status: eb.ref('excluded.real_name_status'),
          real_name_verified_at: eb.ref('excluded.real_name_verified_at'),
          real_name_reported_at: eb.ref('excluded.real_name_reported_at'),
          holder_name: eb.ref('excluded.holder_name'),
          holder_type: eb.ref('excluded.holder_type'),
          holder_id_type: eb.ref('excluded.holder_id_type'),
          holder_id_number: eb.ref('excluded.holder_id_number'),
          origin: eb.ref('excluded.origin'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/**
 * The stored subject an imported one replaces: by subject number when filed; for an application in
 * progress (no number yet) by certificate number, since a subject has one application under review.
 */
export async function findSubjectIds(db: Kysely<Schema>, subject: RegistrySubject): Promise<number[]> {
  let query = db.selectFrom('filed_subject').select('id');
  query =
    subject.subjectNumber !== null
      ? query.where('subject_number', '=', subject.subjectNumber)
      : query.where('state', '=', 'in-progress').where('id_number', '=', subject.subject.idNumber);
  const rows = await query.orderBy('id').execute();
  return rows.map((row) => row.id);
}

/** Why an imported subject cannot be written; indexes point into `subject.websites`. */
export type FilingConflict =
  | {
      kind: 'domain-filed-elsewhere';
      websiteIndex: number;
      domainIndex: number;
      otherSubjectNumber: string | null;
    }
  | { kind: 'domain-already-in-subject'; websiteIndex: number; domainIndex: number }
  | { kind: 'website-number-taken'; websiteIndex: number };

/**
 * Conflicts of `subject` with what is stored. `ownId` is the stored subject it replaces or extends
 * (null: new); in `append` mode its stored websites stay, so repeating them is a conflict too.
 */
export async function findFilingConflicts(
  db: Kysely<Schema>,
  subject: RegistrySubject,
  ownId: number | null,
  mode: 'replace' | 'append',
): Promise<FilingConflict[]> {
  const conflicts: FilingConflict[] = [];
  const positions = new Map<string, { websiteIndex: number; domainIndex: number }>();
  subject.websites.forEach((website, websiteIndex) =>
    website.domains.forEach((domain, domainIndex) => positions.set(domain, { websiteIndex, domainIndex })),
  );
  for (const chunk of chunked([...positions.keys()])) {
    let query = db
      .selectFrom('filed_website_domain as d')
      .innerJoin('filed_website as w', 'w.id', 'd.website_id')
      .innerJoin('filed_subject as s', 's.id', 'w.subject_id')
      .select(['d.domain as domain', 's.id as subjectId', 's.subject_number as subjectNumber'])
      .where('d.domain', 'in', chunk);
    // A domain has at most one filing; applications in progress may overlap anything.
    query =
      subject.state === 'filed'
        ? query.where('s.state', '=', 'filed')
        : query.where('s.id', '=', ownId ?? -1);
    for (const owner of await query.orderBy('w.id').execute()) {
      const position = positions.get(owner.domain);
      if (!position) continue;
      positions.delete(owner.domain);
      if (owner.subjectId !== ownId) {
        conflicts.push({
          kind: 'domain-filed-elsewhere',
          ...position,
          otherSubjectNumber: owner.subjectNumber,
        });
      } else if (mode === 'append') {
        conflicts.push({ kind: 'domain-already-in-subject', ...position });
      }
    }
  }
  const numbers = new Map<string, number>();
  subject.websites.forEach((website, websiteIndex) => {
    if (website.number !== null) numbers.set(website.number, websiteIndex);
  });
  for (const chunk of chunked([...numbers.keys()])) {
    const rows = await db
      .selectFrom('filed_website')
      .select(['number', 'subject_id'])
      .where('number', 'in', chunk)
      .execute();
    for (const row of rows) {
      const websiteIndex = row.number === null ? undefined : numbers.get(row.number);
      if (websiteIndex === undefined) continue;
      if (row.subject_id !== ownId || mode === 'append')
        conflicts.push({ kind: 'website-number-taken', websiteIndex });
    }
  }
  return conflicts.sort((a, b) => a.websiteIndex - b.websiteIndex);
}

/** Writes `subject` in place of `replacedIds` (their websites go); returns the stored id. */
export async function replaceSubject(
  db: Kysely<Schema>,
  subject: RegistrySubject,
  replacedIds: readonly number[],
  now: string,
): Promise<number> {
  const fields = {
    subject_number: subject.subjectNumber,
    province: subject.province,
    name: subject.subject.name,
    type: subject.subject.type ?? null,
    id_type: subject.subject.idType,
    id_number: subject.subject.idNumber.toUpperCase(),
    provider: subject.provider,
    account: subject.account,
    state: subject.state,
  };
  const [keep, ...extra] = replacedIds;
  let id: number;
  if (keep === undefined) {
    const row = await db
      .insertInto('filed_subject')
      .values({ ...fields, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  } else {
    // Updated in place so the subject keeps its id and first-seen time; its websites are replaced.
    await db.updateTable('filed_subject').set(fields).where('id', '=', keep).execute();
    await db.deleteFrom('filed_website').where('subject_id', '=', keep).execute();
    id = keep;
  }
  if (extra.length > 0) await db.deleteFrom('filed_subject').where('id', 'in', extra).execute();
  await insertWebsites(db, id, subject.websites);
  return id;
}

/** Adds websites to a stored subject (several lines of one import naming the same subject). */
export async function insertWebsites(
  db: Kysely<Schema>,
  subjectId: number,
  websites: readonly RegistryWebsite[],
): Promise<void> {
  const domainRows: { website_id: number; domain: string; position: number }[] = [];
  for (const website of websites) {
    const row = await db
      .insertInto('filed_website')
      .values({
        subject_id: subjectId,
        number: website.number,
        providers: providersToText(website.providers),
        // An imported date may be the public query's latest approval: later than the first, never
        // earlier, so it can only keep a domain from counting as filed before a rule (0013).
        approved_at: website.approvedAt ?? null,
        first_approved_at: website.approvedAt ?? null,
        name: website.name ?? null,
        home_url: website.homeUrl ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    website.domains.forEach((domain, position) => domainRows.push({ website_id: row.id, domain, position }));
  }
  for (const chunk of chunked(domainRows, 150))
    await db.insertInto('filed_website_domain').values(chunk).execute();
}
