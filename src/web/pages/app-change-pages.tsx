/**
 * 变更APP — the change of a filed app from 我的备案 (change-app.ts): a form prefilled from the filed entry
 * (filed-app-form.ts), so the applicant revises what changed and retypes nothing. The type is shown, not
 * offered (the number's letter is the type's); a platform's filed package name or Bundle ID must stay.
 * Submitting goes through the same reviews as a filing (provider review → SMS → bureau review) and
 * leads to the application's page; a rejected change is revised here again (`?application=`).
 */
import type { Application } from '../../workflow/index.ts';
import { changeApp, filedAppForm, readApplication, readApplicationApps } from '../../workflow/index.ts';
import type { FiledAppForm, InProgressApplication, MyFiledApp } from '../../workflow/index.ts';
import type { FormState, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  ErrorSummary,
  Form,
  HiddenField,
  NotFound,
  definePage,
  failureOf,
  parseId,
} from '../kit/index.ts';
import { InProgressNotice, filingHref, ownApp } from './applicant-filings-pages.tsx';
import { applicantDeps, applicationPath, refusalErrors, refusalStatus } from './applicant-shared.tsx';
import { AppFieldset, appValues, errorsOnForm, postedApps } from './applicant-wizard-apps.tsx';

const TEXT = {
  title: { zh: '变更APP', en: 'Change an app' },
  intro: {
    zh: '表单已按备案信息填好，只需修改发生变化的内容后提交。变更申请经接入商初审、短信核验和管局审核后生效，APP备案号不变。类型不能变更；已备案平台的包名或 Bundle ID 不能修改，可以增加或删除平台。',
    en: 'The form is filled in from the filed app: change only what changed and submit. The change takes effect after the provider’s review, SMS verification and the bureau’s review; the app number stays. The type cannot change, nor a filed platform’s package name or Bundle ID; platforms may be added or dropped.',
  },
  number: { zh: 'APP备案号', en: 'App number' },
  legend: { zh: 'APP 信息', en: 'The app' },
  revising: { zh: '修改被驳回的变更申请', en: 'Revising the rejected change' },
  submit: { zh: '提交变更', en: 'Submit the change' },
  submitted: {
    zh: '变更APP申请已提交，等待接入商初审。',
    en: 'The app change was submitted; the provider reviews it next.',
  },
  back: { zh: '返回我的备案', en: 'Back to My filings' },
  noFiling: { zh: '找不到该备案', en: 'No such filing' },
} satisfies Record<string, Localized>;

/** `?application=` / the hidden field: a rejected change of this app, revised instead of a new one. */
async function revisedChange(p: PageRequest, number: string): Promise<Application | null> {
  const raw = (p.query.application ?? p.form.application ?? '').trim();
  if (raw === '') return null;
  const id = parseId(raw);
  if (id === null) throw new NotFound(TEXT.noFiling);
  const app = await readApplication({ ...applicantDeps(p), applicationId: id, scope: 'own' });
  if (app.changeOf !== number || app.changeKind !== 'app') throw new NotFound(TEXT.noFiling);
  return app;
}

function changeAppPage(
  p: PageRequest,
  view: { app: MyFiledApp; filed: FiledAppForm; inProgress: InProgressApplication | null },
  revising: Application | null,
  form: FormState,
  status: 200 | 404 | 403 | 409 | 422 = 200,
) {
  const { app, filed } = view;
  // Revising this very change is how that application goes on; any other one makes the change wait.
  const blocked = view.inProgress !== null && view.inProgress.id !== revising?.id ? view.inProgress : null;
  return p.render({
    title: TEXT.title,
    status,
    body: (
      <>
        <ErrorSummary form={form} />
        <dl class="summary-list">
          <dt>{p.t(TEXT.number)}</dt>
          <dd>
            <bdi>{app.number}</bdi>
          </dd>
        </dl>
        {blocked !== null ? (
          <>
            <InProgressNotice p={p} active={blocked} id="subject-busy" />
            <p>
              <a href="/filings">{p.t(TEXT.back)}</a>
            </p>
          </>
        ) : (
          <>
            <p>{p.t(TEXT.intro)}</p>
            {revising !== null && (
              <p>
                {p.t(TEXT.revising)} <a href={applicationPath(revising)}>{`#${revising.id}`}</a>
              </p>
            )}
            <Form form={form} action={filingHref(app.number, 'change-app')}>
              {revising !== null && <HiddenField name="application" value={String(revising.id)} />}
              <AppFieldset
                form={form}
                index={0}
                legend={TEXT.legend}
                removable={false}
                fixedType={filed.type}
                files={false}
              />
              <Button>{p.t(TEXT.submit)}</Button>
            </Form>
            <p>
              <a href="/filings">{p.t(TEXT.back)}</a>
            </p>
          </>
        )}
      </>
    ),
  });
}

/** The filed app of the URL, the account's own and hosted here; else back to 我的备案 saying why. */
async function load(p: PageRequest) {
  const { subject, app } = await ownApp(p);
  const filed = await filedAppForm({ ...applicantDeps(p), appNumber: app.number });
  return { app, filed, inProgress: subject.inProgress };
}

export const APP_CHANGE_PAGES = [
  definePage({
    method: 'get',
    path: '/filings/:number/change-app',
    access: 'filing.change-own',
    async handle(p) {
      let view;
      try {
        view = await load(p);
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null || failure.status === 404) throw error;
        return p.redirect('/filings', { kind: 'error', message: failure.message });
      }
      const revising = await revisedChange(p, view.app.number);
      // Nothing typed twice: the rejected change as it was, else the app as filed.
      const entry = revising
        ? ((await readApplicationApps({ ...applicantDeps(p), applicationId: revising.id, scope: 'own' }))
            .apps[0] ?? view.filed.entry)
        : view.filed.entry;
      return changeAppPage(p, view, revising, p.formState({ values: appValues([entry]) }));
    },
  }),
  definePage({
    method: 'post',
    path: '/filings/:number/change-app',
    access: 'filing.change-own',
    async handle(p) {
      const view = await load(p);
      const revising = await revisedChange(p, view.app.number);
      const [input = {}] = postedApps(p.form, null);
      try {
        const saved = await changeApp({
          ...applicantDeps(p),
          appNumber: view.app.number,
          input,
          ...(revising === null ? {} : { applicationId: revising.id }),
        });
        return p.redirect(applicationPath(saved), { kind: 'success', message: TEXT.submitted });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        const form = p.formState({ errors: errorsOnForm(refusalErrors(failure), [0]) });
        return changeAppPage(p, view, revising, form, refusalStatus(failure));
      }
    },
  }),
];
