/**
 * Every page of the web app, in navigation order. createWebApp mounts exactly this list, the
 * navigation shows its `nav` pages to the roles the permission table allows, and
 * test/web/pages.test.ts walks exactly this list for every role. A new page module adds its list here.
 */
import type { WebPage } from './kit/index.ts';
import { CHANGE_ACCESS_PAGES, RESOURCE_PAGES, SERVICE_CODE_PAGES } from './pages/access-pages.tsx';
import { ACCOUNT_TOKEN_PAGES } from './pages/account-tokens-page.tsx';
import { ADMIN_POLICY_PAGES } from './pages/admin-policy-page.tsx';
import { ADMIN_USERS_PAGES } from './pages/admin-users-pages.tsx';
import { APPLICANT_PAGES } from './pages/applicant-pages.ts';
import { BULK_PRECHECK_PAGES } from './pages/bulk-precheck-page.tsx';
import { CERTIFICATE_VERIFY_PAGES } from './pages/certificate-verify-page.tsx';
import { HELP_PAGES } from './pages/help-page.tsx';
import { HOME_PAGES } from './pages/home-page.tsx';
import { IDENTITY_PAGES } from './pages/identity-pages.tsx';
import { NOTIFICATION_PAGES } from './pages/notification-pages.tsx';
import { MONITOR_PAGES } from './pages/monitor-pages.tsx';
import { PRECHECK_PAGES } from './pages/precheck-page.tsx';
import { QUERY_PAGES } from './pages/query-page.tsx';
import { REGISTRAR_CONSOLE_PAGES, REGISTRAR_MY_DOMAINS_PAGES } from './pages/registrar/index.ts';
import { REVIEW_OUTBOX_PAGES } from './pages/review-outbox-page.tsx';
import { REVIEW_PAGES } from './pages/review-pages.tsx';
import { RULES_PAGES } from './pages/rules-pages.tsx';
import { SESSION_PAGES } from './pages/session-pages.tsx';
import { SUBJECT_CHANGE_PAGES } from './pages/subject-change-pages.tsx';
import { TRANSFER_PAGES } from './pages/transfer-pages.tsx';

export const PAGES: readonly WebPage[] = [
  ...HOME_PAGES,
  ...PRECHECK_PAGES,
  ...BULK_PRECHECK_PAGES,
  ...APPLICANT_PAGES,
  ...SERVICE_CODE_PAGES,
  ...CHANGE_ACCESS_PAGES,
  ...SUBJECT_CHANGE_PAGES,
  ...TRANSFER_PAGES,
  ...QUERY_PAGES,
  ...CERTIFICATE_VERIFY_PAGES,
  ...RULES_PAGES,
  ...REVIEW_PAGES,
  ...REVIEW_OUTBOX_PAGES,
  ...MONITOR_PAGES,
  ...REGISTRAR_MY_DOMAINS_PAGES,
  ...REGISTRAR_CONSOLE_PAGES,
  ...ADMIN_POLICY_PAGES,
  ...ADMIN_USERS_PAGES,
  ...RESOURCE_PAGES,
  ...HELP_PAGES,
  ...SESSION_PAGES,
  ...ACCOUNT_TOKEN_PAGES,
  ...NOTIFICATION_PAGES,
  ...IDENTITY_PAGES,
];
