/** 事实 — the facts the engine reads: their types, the FactsSource seam, import line schemas, the in-memory source. */
export { filingLineSchema, instant, registrableDomain, registrationLineSchema } from './import-schemas.ts';
export type { FilingSchemaPolicy } from './import-schemas.ts';
export { NO_DOMAIN_FACTS } from './types.ts';
export type {
  DomainFacts,
  DomainRegistration,
  FactObservation,
  FactOrigin,
  FactsSource,
  Identity,
  ProviderRef,
  RealNameStatus,
  RegistrySubject,
  RegistryWebsite,
  WebsiteFiling,
} from './types.ts';
