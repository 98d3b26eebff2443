/**
 * The FactsSource of an online check: the local sources (registrar sandbox, MIIT domain database,
 * imports) with RDAP/WHOIS beside them. The most authoritative source that found the registration is
 * the one the engine uses; every source consulted is listed in `sources`, so a report shows both when
 * they disagree. MIIT's domain database is what filing actually checks, so public data never overrides it.
 */
import type {
  DomainFacts,
  DomainRegistration,
  FactObservation,
  FactOrigin,
  FactsSource,
} from '../facts/index.ts';
import type { OnlineFacts } from './online-facts.ts';
import type { OnlineRecord } from './types.ts';

/** Lower is more authoritative (issue 6: registrar-sandbox > miit-sandbox > import > whois/rdap). */
const ORIGIN_RANK: Record<FactOrigin, number> = {
  'registrar-sandbox': 0,
  'miit-sandbox': 1,
  import: 2,
  memory: 2,
  upload: 3,
  whois: 4,
  rdap: 5,
};

export function withOnlineFacts(local: FactsSource, online: OnlineFacts): FactsSource {
  return {
    // Per domain, the public sources asked are in DomainFacts.sources.
    consulted: local.consulted,
    async domainFacts(domains) {
      const [known, records] = await Promise.all([local.domainFacts(domains), online.lookup(domains)]);
      const result = new Map(known);
      for (const [domain, record] of records) {
        const facts = known.get(domain) ?? { registration: null, filing: null, inProgress: [] };
        result.set(domain, merge(facts, record));
      }
      return result;
    },
    subjectFilings: (idNumbers) => local.subjectFilings(idNumbers),
  };
}

/** The facts with the online record beside the local registration; the better-ranked one is used. */
export function merge(facts: DomainFacts, record: OnlineRecord): DomainFacts {
  const local = facts.registration;
  const online = record.outcome === 'found' ? registrationOf(record) : null;
  const useOnline =
    online !== null && (local === null || ORIGIN_RANK[record.source] < ORIGIN_RANK[local.origin]);
  const registration = useOnline ? online : local;
  const sources: FactObservation[] = [];
  if (local) sources.push(observationOfRegistration(local, !useOnline));
  sources.push(observationOfRecord(record, useOnline));
  sources.sort((a, b) => Number(b.used) - Number(a.used) || ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin]);
  return { ...facts, registration, sources };
}

function registrationOf(record: OnlineRecord): DomainRegistration | null {
  if (record.registrar === null || record.expiresAt === null) return null;
  return {
    domain: record.domain,
    registrar: record.registrar,
    registrarIanaId: record.registrarIanaId,
    registeredAt: record.registeredAt,
    expiresAt: record.expiresAt,
    // Public data says nothing about 实名认证: realNameUnknown makes the engine say so.
    realName: { status: 'none', verifiedAt: null, reportedAt: null, holder: null },
    origin: record.source,
    observedAt: record.observedAt,
    statuses: record.statuses,
    renewalGraceUntil: record.renewalGraceUntil,
    realNameUnknown: true,
  };
}

function observationOfRegistration(registration: DomainRegistration, used: boolean): FactObservation {
  return {
    origin: registration.origin,
    outcome: 'found',
    server: null,
    observedAt: registration.observedAt ?? null,
    registrar: registration.registrar,
    registrarIanaId: registration.registrarIanaId,
    registeredAt: registration.registeredAt,
    expiresAt: registration.expiresAt,
    statuses: [...(registration.statuses ?? [])],
    // Never the local holder: real-name data must not reach a public precheck through this list.
    holderName: null,
    used,
  };
}

function observationOfRecord(record: OnlineRecord, used: boolean): FactObservation {
  return {
    origin: record.source,
    outcome: record.outcome,
    server: record.server,
    observedAt: record.observedAt,
    registrar: record.registrar,
    registrarIanaId: record.registrarIanaId,
    registeredAt: record.registeredAt,
    expiresAt: record.expiresAt,
    statuses: record.statuses,
    holderName: record.holderName,
    used,
    ...(record.error === undefined ? {} : { error: record.error }),
  };
}
