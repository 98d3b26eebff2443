/**
 * 我的备案申请 — the applicant's application pages, in registry order: the list, starting one
 * (`/applications/new` before `/applications/:id`), one application, withdrawing it.
 */
import { DETAIL_PAGE } from './detail-page.tsx';
import { LIST_PAGE } from './list-page.tsx';
import { NEW_APPLICATION_PAGES } from './new-page.tsx';
import { REPLACE_DOCUMENT_PAGE } from './replace-document-page.tsx';
import { WITHDRAW_PAGES } from './withdraw-page.tsx';

export const APPLICATION_PAGES = [
  LIST_PAGE,
  ...NEW_APPLICATION_PAGES,
  DETAIL_PAGE,
  REPLACE_DOCUMENT_PAGE,
  ...WITHDRAW_PAGES,
];
