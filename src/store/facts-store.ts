/**
 * The FactsSource over the database. Lookups are batched: one call for a few thousand domains makes a
 * handful of `where … in (…)` queries per 500 keys, never one query per domain.
 */
import type { Kysely } from 'kysely';
import type {
  DomainFacts,
  DomainRegistration,
  FactsSource,
  RegistrySubject,
  RegistryWebsite,
  WebsiteFiling,
} from '../facts/index.ts';
import type { Database } from './database.ts';
import { readSnapshot } from './transaction.ts';
import { providersFromText, registrationFromRow, subjectFieldsFromRow } from './rows.ts';
import { listQuery } from './list-query.ts';
import type { FiledSubjectRow, Schema } from './schema.ts';

/** Bound parameters per query: far below SQLite's and PostgreSQL's limits, and plans stay cheap. */
const QUERY_CHUNK_SIZE = 500;

export function* chunked<T>(items: readonly T[], size: number = QUERY_CHUNK_SIZE): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

// The facts queries, compiled once per dialect and key count (list-query.ts): a precheck runs seven.
const registrationsOf = listQuery((db, domains: readonly string[]) =>
  db.selectFrom('domain_registration').selectAll().where('domain', 'in', domains),
);
const websiteLinksOf = listQuery((db, domains: readonly string[]) =>
  db
    .selectFrom('filed_website_domain as d')
    .innerJoin('filed_website as w', 'w.id', 'd.website_id')
    .select(['d.domain as domain', 'd.website_id as websiteId', 'w.subject_id as subjectId'])
    .where('d.domain', 'in', domains)
    .orderBy('d.website_id'),
);
const subjectsById = listQuery((db, ids: readonly number[]) =>
  db.selectFrom('filed_subject').selectAll().where('id', 'in', ids),
);
const filedSubjectsByNumber = listQuery((db, idNumbers: readonly string[]) =>
  db
    .selectFrom('filed_subject')
    .selectAll()
    .where('state', '=', 'filed')
    .where('id_number', 'in', idNumbers)
    .orderBy('id'),
);
const holdingApplicationsOf = listQuery((db, subjectIds: readonly number[]) =>
  db
    .selectFrom('application')
    .select('in_progress_subject_id')
    .where('in_progress_subject_id', 'in', subjectIds),
);
const websitesOfSubjects = listQuery((db, subjectIds: readonly number[]) =>
  db.selectFrom('filed_website').selectAll().where('subject_id', 'in', subjectIds).orderBy('id'),
);
const domainsOfWebsites = listQuery((db, websiteIds: readonly number[]) =>
  db
    .selectFrom('filed_website_domain')
    .select(['website_id', 'domain'])
    .where('website_id', 'in', websiteIds)
    .orderBy('website_id')
    .orderBy('position'),
);

/** The database holds the MIIT sandbox's domain database (every origin's rows) and its filings. */
const CONSULTED = Object.freeze(['miit-sandbox'] as const);

export function createFactsStore(database: Database): FactsSource {
  // Each method's queries in one read snapshot (transaction.ts): consistent, and cheaper on SQLite.
  const read = <T>(work: (db: Kysely<Schema>) => Promise<T>) =>
    readSnapshot(database.kysely, database.dialect, work);
  return {
    consulted: CONSULTED,
    domainFacts: (domains) => read((db) => domainFactsIn(db, domains)),
    subjectFilings: (idNumbers) => read((db) => subjectFilingsIn(db, idNumbers)),
  };
}

async function domainFactsIn(
  db: Kysely<Schema>,
  domains: readonly string[],
): Promise<Map<string, DomainFacts>> {
  const unique = [...new Set(domains)];
  const registrations = new Map<string, DomainRegistration>();
  const links: { domain: string; websiteId: number; subjectId: number }[] = [];
  for (const chunk of chunked(unique)) {
    const [registrationRows, linkRows] = await Promise.all([
      registrationsOf(db, chunk),
      websiteLinksOf(db, chunk),
    ]);
    for (const row of registrationRows) registrations.set(row.domain, registrationFromRow(row));
    links.push(...linkRows);
  }
  const subjectIds = [...new Set(links.map((link) => link.subjectId))];
  const subjectRows: FiledSubjectRow[] = [];
  for (const chunk of chunked(subjectIds)) {
    subjectRows.push(...(await subjectsById(db, chunk)));
  }
  const { subjects, websites } = await assembleSubjects(db, subjectRows);

  const result = new Map<string, DomainFacts>();
  const factsFor = (domain: string): DomainFacts => {
    let facts = result.get(domain);
    if (!facts) {
      facts = { registration: registrations.get(domain) ?? null, filing: null, inProgress: [] };
      result.set(domain, facts);
    }
    return facts;
  };
  for (const domain of registrations.keys()) factsFor(domain);
  // Links are in website id order, so the first filed website wins, as in memory facts.
  for (const link of links) {
    const subject = subjects.get(link.subjectId);
    const website = websites.get(link.websiteId);
    if (!subject || !website) continue;
    const filing: WebsiteFiling = { subject, website };
    const facts = factsFor(link.domain);
    if (subject.state === 'in-progress') facts.inProgress.push(filing);
    else facts.filing ??= filing;
  }
  return result;
}

async function subjectFilingsIn(
  db: Kysely<Schema>,
  idNumbers: readonly string[],
): Promise<Map<string, RegistrySubject[]>> {
  const unique = [...new Set(idNumbers.map((idNumber) => idNumber.toUpperCase()))];
  const rows: FiledSubjectRow[] = [];
  for (const chunk of chunked(unique)) {
    rows.push(...(await filedSubjectsByNumber(db, chunk)));
  }
  rows.sort((a, b) => a.id - b.id);
  const { subjects } = await assembleSubjects(db, rows);
  const result = new Map<string, RegistrySubject[]>();
  for (const row of rows) {
    const subject = subjects.get(row.id);
    if (!subject) continue;
    const list = result.get(row.id_number) ?? [];
    list.push(subject);
    result.set(row.id_number, list);
  }
  return result;
}

/** Subjects with their websites and domains, in id and position order; shared objects by id. */
async function assembleSubjects(
  db: Kysely<Schema>,
  subjectRows: readonly FiledSubjectRow[],
): Promise<{ subjects: Map<number, RegistrySubject>; websites: Map<number, RegistryWebsite> }> {
  const subjects = new Map<number, RegistrySubject>();
  for (const row of [...subjectRows].sort((a, b) => a.id - b.id)) {
    subjects.set(row.id, { ...subjectFieldsFromRow(row), websites: [] });
  }
  // An application's hold (workflow/hold.ts) is the in-progress row it names: the row's creation is
  // when the application took its domains. Imported in-progress rows have no application: unknown.
  const inProgressIds = subjectRows.filter((row) => row.state === 'in-progress').map((row) => row.id);
  for (const chunk of chunked(inProgressIds)) {
    const held = await holdingApplicationsOf(db, chunk);
    const heldIds = new Set(held.map((row) => row.in_progress_subject_id));
    for (const row of subjectRows) {
      const subject = subjects.get(row.id);
      if (subject && heldIds.has(row.id)) subject.createdAt = row.created_at;
    }
  }
  const websites = new Map<number, RegistryWebsite>();
  for (const chunk of chunked([...subjects.keys()])) {
    const rows = await websitesOfSubjects(db, chunk);
    for (const row of rows) {
      const website: RegistryWebsite = {
        number: row.number,
        domains: [],
        providers: providersFromText(row.providers),
        approvedAt: row.first_approved_at,
      };
      websites.set(row.id, website);
      subjects.get(row.subject_id)?.websites.push(website);
    }
  }
  for (const chunk of chunked([...websites.keys()])) {
    const rows = await domainsOfWebsites(db, chunk);
    for (const row of rows) websites.get(row.website_id)?.domains.push(row.domain);
  }
  return { subjects, websites };
}
