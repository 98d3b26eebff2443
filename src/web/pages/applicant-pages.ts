/**
 * The applicant's pages (issue 5), in registry order: a static path before a parameter at the same
 * place (`/applications/new` before `/applications/:id`).
 */
import { APPLICATION_PAGES } from './applications/index.ts';
import { FILING_PAGES } from './applicant-filings-pages.tsx';
import { SMS_PAGES } from './applicant-sms-page.tsx';
import { WIZARD_DOCUMENT_PAGES } from './applicant-wizard-documents.tsx';
import { WIZARD_FORM_PAGES } from './applicant-wizard-pages.tsx';
import { APP_STEP_PAGES } from './applicant-wizard-apps.tsx';
import { WIZARD_REVIEW_PAGES } from './applicant-wizard-review.tsx';
import { APP_CHANGE_PAGES } from './app-change-pages.tsx';

export const APPLICANT_PAGES = [
  ...APPLICATION_PAGES,
  ...WIZARD_FORM_PAGES,
  ...APP_STEP_PAGES,
  ...WIZARD_DOCUMENT_PAGES,
  ...WIZARD_REVIEW_PAGES,
  ...SMS_PAGES,
  ...FILING_PAGES,
  ...APP_CHANGE_PAGES,
];
