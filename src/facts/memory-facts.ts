/**
 * An in-memory FactsSource built from arrays, for tests and the benchmark. It answers exactly as the
 * database store does for the same data (test/store/memory-facts-parity.test.ts holds it to that).
 */
import type {
  DomainFacts,
  DomainRegistration,
  FactsSource,
  RegistrySubject,
  WebsiteFiling,
} from './types.ts';

type MemoryFactsData = {
  registrations?: readonly DomainRegistration[];
  /** Filed subjects and applications in progress, in the order they were recorded. */
  subjects?: readonly RegistrySubject[];
};

const CONSULTED = Object.freeze(['memory'] as const);

export function createMemoryFacts(data: MemoryFactsData = {}): FactsSource {
  const registrations = new Map<string, DomainRegistration>();
  // A later registration of a domain replaces an earlier one, as a re-import does.
  for (const registration of data.registrations ?? []) registrations.set(registration.domain, registration);

  const filed = new Map<string, WebsiteFiling>();
  const inProgress = new Map<string, WebsiteFiling[]>();
  const subjectsById = new Map<string, RegistrySubject[]>();
  for (const subject of data.subjects ?? []) {
    for (const website of subject.websites) {
      for (const domain of website.domains) {
        if (subject.state === 'in-progress') {
          inProgress.set(domain, [...(inProgress.get(domain) ?? []), { subject, website }]);
        } else if (!filed.has(domain)) {
          filed.set(domain, { subject, website });
        }
      }
    }
    if (subject.state === 'filed') {
      const idNumber = subject.subject.idNumber.toUpperCase();
      subjectsById.set(idNumber, [...(subjectsById.get(idNumber) ?? []), subject]);
    }
  }

  return {
    consulted: CONSULTED,
    domainFacts(domains) {
      const result = new Map<string, DomainFacts>();
      for (const domain of domains) {
        const facts: DomainFacts = {
          registration: registrations.get(domain) ?? null,
          filing: filed.get(domain) ?? null,
          inProgress: [...(inProgress.get(domain) ?? [])],
        };
        // Unknown domains are left out, as the FactsSource contract allows and the store does.
        if (facts.registration || facts.filing || facts.inProgress.length > 0) result.set(domain, facts);
      }
      return Promise.resolve(result);
    },
    subjectFilings(idNumbers) {
      const result = new Map<string, RegistrySubject[]>();
      for (const idNumber of idNumbers) {
        const key = idNumber.toUpperCase();
        const subjects = subjectsById.get(key);
        if (subjects) result.set(key, [...subjects]);
      }
      return Promise.resolve(result);
    },
  };
}
