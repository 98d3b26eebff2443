/**
 * 撤回备案申请 — withdrawing one's application, after a confirmation: it cannot be undone, and the
 * domains it held are released.
 */
import type { Application } from '../../../workflow/index.ts';
import { withdrawApplication } from '../../../workflow/index.ts';
import type { FormState, Localized, PageRequest } from '../../kit/index.ts';
import { Button, ErrorSummary, Form, definePage, failureOf } from '../../kit/index.ts';
import {
  applicantDeps,
  applicationPath,
  ownApplication,
  refusalErrors,
  refusalStatus,
  subjectNameOf,
} from '../applicant-shared.tsx';
import { StatusTag, TEXT as SHARED } from './shared.tsx';

const TEXT = {
  withdrawTitle: { zh: '撤回备案申请', en: 'Withdraw the application' },
  withdrawWarning: {
    zh: '撤回后该申请结束，不能恢复；占用的域名随即释放。需要时可以重新发起备案申请。',
    en: 'Withdrawing ends the application for good; its domains are released. You can start a new application later.',
  },
  withdrawConfirm: { zh: '确认撤回', en: 'Withdraw it' },
  cancel: { zh: '返回，不撤回', en: 'Go back without withdrawing' },
  withdrawn: { zh: '备案申请已撤回。', en: 'The application was withdrawn.' },
} satisfies Record<string, Localized>;

function withdrawPage(
  p: PageRequest,
  app: Application,
  form: FormState,
  status: 200 | 404 | 403 | 409 | 422 = 200,
) {
  return p.render({
    title: TEXT.withdrawTitle,
    status,
    body: (
      <>
        <ErrorSummary form={form} />
        <p>
          <a href={applicationPath(app)}>{`${p.t(SHARED.detailTitle)} #${app.id}`}</a> ·{' '}
          <StatusTag lang={p.lang} app={app} /> · <bdi>{subjectNameOf(app)}</bdi>
        </p>
        <p class="notice notice-warning">{p.t(TEXT.withdrawWarning)}</p>
        <Form form={form} action={`${applicationPath(app)}/withdraw`}>
          <Button variant="warning">{p.t(TEXT.withdrawConfirm)}</Button>
        </Form>
        <p>
          <a href={applicationPath(app)}>{p.t(TEXT.cancel)}</a>
        </p>
      </>
    ),
  });
}

export const WITHDRAW_PAGES = [
  definePage({
    method: 'get',
    path: '/applications/:id/withdraw',
    access: 'application.withdraw-own',
    async handle(p) {
      const app = await ownApplication(p);
      return withdrawPage(p, app, p.formState());
    },
  }),
  definePage({
    method: 'post',
    path: '/applications/:id/withdraw',
    access: 'application.withdraw-own',
    async handle(p) {
      const app = await ownApplication(p);
      try {
        await withdrawApplication({ ...applicantDeps(p), applicationId: app.id });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        return withdrawPage(p, app, p.formState({ errors: refusalErrors(failure) }), refusalStatus(failure));
      }
      return p.redirect(applicationPath(app), { kind: 'success', message: TEXT.withdrawn });
    },
  }),
];
