/**
 * 注册商（沙箱） pages: the operator console (registrar.manage) and the holder's "my domains"
 * (registrar.own-domains). Files by what a reader looks for: the domain list and registering
 * (domain-list-pages), one domain and its changes (domain-actions-pages), the real-name queue
 * (real-name-queue-pages), the reports to MIIT (reports-pages), my domains (my-domains-pages); shared
 * words and helpers (shared, console), tables (tables), holder fields (fields), certificate printing
 * (certificate).
 */
import { DOMAIN_ACTION_PAGES } from './domain-actions-pages.tsx';
import { DOMAIN_LIST_PAGES } from './domain-list-pages.tsx';
import { REAL_NAME_QUEUE_PAGES } from './real-name-queue-pages.tsx';
import { REPORT_PAGES } from './reports-pages.tsx';

export { REGISTRAR_MY_DOMAINS_PAGES } from './my-domains-pages.tsx';
export { DomainName } from './tables.tsx';

/** The operator console, in navigation order: domains, real-name queue, reports. */
export const REGISTRAR_CONSOLE_PAGES = [
  ...DOMAIN_LIST_PAGES,
  ...DOMAIN_ACTION_PAGES,
  ...REAL_NAME_QUEUE_PAGES,
  ...REPORT_PAGES,
];
