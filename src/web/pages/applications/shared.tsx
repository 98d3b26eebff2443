/**
 * What the applicant's application pages share: the status tag, the next step an application's status
 * offers (continue the draft, revise after a rejection, verify by SMS), and the labels they repeat.
 */
import type { Application } from '../../../workflow/index.ts';
import type { Lang, Localized } from '../../kit/index.ts';
import { APPLICATION_STATUS_LABELS, TERMS, applicationTypeLabel, t } from '../../kit/index.ts';
import { applicationPath, isEditable } from '../applicant-shared.tsx';
import { filingHref } from '../applicant-filings-pages.tsx';

export const TEXT = {
  status: TERMS.status,
  filingType: TERMS.filingType,
  continue: { zh: '继续填写', en: 'Continue' },
  revise: { zh: '修改后重新提交', en: 'Revise and resubmit' },
  reviseChange: { zh: '修改变更并重新提交', en: 'Revise the change and resubmit' },
  sms: TERMS.smsVerification,
  undetermined: TERMS.undetermined,
  detailTitle: { zh: '备案申请', en: 'Application' },
} satisfies Record<string, Localized>;

export const titleOf = (app: Pick<Application, 'id'>): Localized => ({
  zh: `${TEXT.detailTitle.zh} #${app.id}`,
  en: `${TEXT.detailTitle.en} #${app.id}`,
});

export function StatusTag(props: { lang: Lang; app: Application }) {
  return (
    <span class={`tag tag-status-${props.app.status}`}>
      {t(props.lang, APPLICATION_STATUS_LABELS[props.app.status])}
    </span>
  );
}

/** The applicant's next step for an application in this status, if any. */
export function nextStep(app: Application): { href: string; label: Localized } | null {
  if (isEditable(app)) {
    return app.status === 'draft'
      ? { href: applicationPath(app, 'subject'), label: TEXT.continue }
      : { href: applicationPath(app, 'review'), label: TEXT.revise };
  }
  if (app.changeOf !== null && (app.status === 'provider-rejected' || app.status === 'bureau-rejected')) {
    return { href: changeHref(app), label: TEXT.reviseChange };
  }
  if (app.status === 'awaiting-sms') return { href: `/applications/${app.id}/sms`, label: TEXT.sms };
  return null;
}

const changeHref = (app: Application) =>
  `${filingHref(app.changeOf ?? '', app.changeKind === 'app' ? 'change-app' : 'change')}?application=${app.id}`;

export const filingTypeText = (lang: Lang, app: Application) =>
  t(lang, applicationTypeLabel(app) ?? TEXT.undetermined);
