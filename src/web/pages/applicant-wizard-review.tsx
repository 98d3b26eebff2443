/**
 * 确认并提交 — the wizard's last step: everything entered, each domain's verification now, the apps with
 * their findings, the documents, and what would still stop the submission (each linked to the step and
 * field that fixes it). Submitting is submitApplication: every domain is verified again inside the
 * submitting transaction (工信部信管〔2017〕264号), so the page's list is advice and the use case decides.
 */
import type { Application, DomainCheck } from '../../workflow/index.ts';
import type { IdentityOverview } from '../../workflow/index.ts';
import {
  listDocuments,
  listIdentityTasks,
  readApplicationApps,
  submitApplication,
} from '../../workflow/index.ts';
import { saveDraftPart, verifyDraft } from '../../workflow/index.ts';
import type { FieldError, Lang, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  CheckResultView,
  Form,
  HiddenField,
  definePage,
  failureOf,
  fieldId,
  format,
  t,
  TERMS,
} from '../kit/index.ts';
import { applicationFields } from './review-application-view.tsx';
import type { FieldRow } from './review-application-view.tsx';
import { websiteErrorsOnFields } from './applicant-form-fields.tsx';
import {
  STEP_LABELS,
  StepIndicator,
  applicantDeps,
  applicationPath,
  isEditable,
  notEditable,
  ownApplication,
  refusalErrors,
  refusalStatus,
} from './applicant-shared.tsx';
import { WithStepHelp } from './applicant-step-help.tsx';
import { AppEntriesSection } from './app-entries-view.tsx';
import { DocumentList } from './applicant-wizard-documents.tsx';
import { identityPath } from './identity-pages.tsx';
import { stepOfPath, versionOf } from './applicant-wizard-pages.tsx';

const TEXT = {
  intro: {
    zh: '请核对填写的信息。提交后由接入商初审，审核期间不能修改。',
    en: 'Check what you entered. After submitting, the provider reviews it; it cannot be changed during review.',
  },
  problems: { zh: '提交前还需处理', en: 'To fix before submitting' },
  problemsFailed: { zh: '未能提交，请先处理以下问题', en: 'Not submitted: fix these first' },
  ready: { zh: '核验通过，可以提交。', en: 'Verification passed: ready to submit.' },
  subject: TERMS.subjectSection,
  website: TERMS.website,
  change: { zh: '修改', en: 'Change' },
  empty: { zh: '（未填写）', en: '(not entered)' },
  checks: { zh: '域名核验结果', en: 'Domain verification' },
  noChecks: {
    zh: '主体信息填写完整后才能核验域名。',
    en: 'Domains are verified once the subject is complete.',
  },
  documents: TERMS.documents,
  submit: { zh: '提交初审', en: 'Submit for review' },
  submitted: {
    zh: '已提交，等待接入商初审。审核结果会显示在本页。',
    en: 'Submitted: the provider reviews it next. The outcome will show on this page.',
  },
  general: { zh: '整个申请', en: 'The application' },
  identity: { zh: '真实性核验', en: 'Identity verification' },
  identityLeft: {
    zh: '还有 {n} 位负责人须完成真实性核验',
    en: '{n} responsible person(s) must still verify their identity',
  },
  identityDone: {
    zh: '{n} 位负责人均已通过真实性核验。',
    en: 'All {n} responsible person(s) passed identity verification.',
  },
  identityProgress: {
    zh: '{passed}/{n} 位负责人已通过核验。',
    en: '{passed} of {n} responsible person(s) verified.',
  },
  identityOptional: {
    zh: '本服务商当前不要求提交前完成（可选）。',
    en: 'Not required before submitting here (optional).',
  },
  identityOpen: { zh: '发送核验链接、查看核验结果', en: 'Send links and see the outcomes' },
} satisfies Record<string, Localized>;

/** Where the applicant fixes an error: the step's page, at the field's input when it has one. */
function fixHref(app: Application, error: FieldError): string | null {
  if (error.code === 'IDENTITY_VERIFICATION_REQUIRED') return identityPath(app.id);
  const step = stepOfPath(error.path, error.code);
  if (step === null) return null;
  if (step === 'documents') return applicationPath(app, 'documents');
  const [onField] = step === 'websites' ? websiteErrorsOnFields([error]) : [error];
  return `${applicationPath(app, step)}#${fieldId(onField?.path ?? error.path)}`;
}

/** The errors left, each linking to where it is fixed (an error summary across the wizard's steps). */
function ProblemList(props: { lang: Lang; app: Application; errors: FieldError[]; failed: boolean }) {
  const { lang, app, errors } = props;
  if (errors.length === 0) return <p class="notice notice-success">{t(lang, TEXT.ready)}</p>;
  return (
    <div
      class="error-summary"
      role={props.failed ? 'alert' : undefined}
      aria-labelledby="problems-title"
      tabindex={-1}
      data-error-summary
    >
      <h2 id="problems-title">{t(lang, props.failed ? TEXT.problemsFailed : TEXT.problems)}</h2>
      <ul>
        {errors.map((error) => {
          const href = fixHref(app, error);
          const step =
            error.code === 'IDENTITY_VERIFICATION_REQUIRED' ? null : stepOfPath(error.path, error.code);
          const where = step === null ? '' : `${t(lang, STEP_LABELS[step])}${lang === 'zh' ? '：' : ': '}`;
          return (
            <li>
              {href === null ? (
                t(lang, error.message)
              ) : (
                <a href={href}>{`${where}${t(lang, error.message)}`}</a>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function FieldRows(props: { lang: Lang; rows: FieldRow[] }) {
  return (
    <dl class="summary-list">
      {props.rows.map((row) => (
        <>
          <dt>{t(props.lang, row.label)}</dt>
          <dd>
            <bdi>{row.value}</bdi>
          </dd>
        </>
      ))}
    </dl>
  );
}

function Checks(props: { lang: Lang; checks: DomainCheck[] }) {
  const { lang, checks } = props;
  if (checks.length === 0) return <p>{t(lang, TEXT.noChecks)}</p>;
  return (
    <>
      {checks.map((check) => (
        <div class="review-check" id={`check-${fieldId(check.path)}`}>
          <CheckResultView lang={lang} result={check.result} heading="h3" />
        </div>
      ))}
    </>
  );
}

/** The 真实性核验 summary of the review step: how many persons passed, and the way to the links. */
function IdentitySummary(props: { lang: Lang; overview: IdentityOverview }) {
  const { lang, overview } = props;
  if (overview.requirement === null) return null;
  const n = overview.persons.length;
  const passed = overview.persons.filter((person) => person.state === 'passed').length;
  const values = { n, passed };
  return (
    <section aria-labelledby="review-identity">
      <h2 id="review-identity">{t(lang, TEXT.identity)}</h2>
      <p>
        {t(lang, format(overview.complete ? TEXT.identityDone : TEXT.identityProgress, values))}
        {overview.mode === 'off' && ` ${t(lang, TEXT.identityOptional)}`}
      </p>
      <p>
        <a href={identityPath(overview.applicationId)}>{t(lang, TEXT.identityOpen)}</a>
      </p>
    </section>
  );
}

/** What the submit gate will say while verification is required and not complete (one line, linked). */
function identityProblems(overview: IdentityOverview): FieldError[] {
  if (overview.mode !== 'required' || overview.complete || overview.requirement === null) return [];
  const left =
    overview.persons.filter((person) => person.state !== 'passed').length + overview.incomplete.length;
  return [
    {
      path: '',
      code: 'IDENTITY_VERIFICATION_REQUIRED',
      message: format(TEXT.identityLeft, { n: left }),
    },
  ];
}

async function reviewPage(
  p: PageRequest,
  app: Application,
  failed: FieldError[] | null,
  status: 200 | 404 | 403 | 409 | 422 = 200,
) {
  const deps = applicantDeps(p);
  const verification = await verifyDraft({ ...deps, applicationId: app.id });
  const documents = await listDocuments({ ...deps, applicationId: app.id });
  const apps = await readApplicationApps({ ...deps, applicationId: app.id, scope: 'own' });
  const identity = await listIdentityTasks({ ...deps, applicationId: app.id, scope: 'own' });
  const current = verification.application;
  const { subject, websites } = applicationFields(current, { lang: p.lang, policy: p.deps.policy });
  const form = p.formState();
  const errors = failed ?? [...verification.errors, ...identityProblems(identity)];
  return p.render({
    title: STEP_LABELS.review,
    status,
    body: (
      <>
        <StepIndicator lang={p.lang} app={current} current="review" />
        <ProblemList lang={p.lang} app={current} errors={errors} failed={failed !== null} />
        <WithStepHelp lang={p.lang} step="review">
          <p>{p.t(TEXT.intro)}</p>
          <section aria-labelledby="review-subject">
            <h2 id="review-subject">
              {p.t(TEXT.subject)}{' '}
              <a class="section-link" href={applicationPath(current, 'subject')}>
                {p.t(TEXT.change)}
                <span class="visually-hidden"> {p.t(TEXT.subject)}</span>
              </a>
            </h2>
            {subject.length === 0 ? <p>{p.t(TEXT.empty)}</p> : <FieldRows lang={p.lang} rows={subject} />}
          </section>
          {websites.map((rows, i) => (
            <section aria-labelledby={`review-website-${i}`}>
              <h2 id={`review-website-${i}`}>
                {`${p.t(TEXT.website)} ${i + 1}`}{' '}
                <a class="section-link" href={`${applicationPath(current, 'websites')}#website-${i}`}>
                  {p.t(TEXT.change)}
                  <span class="visually-hidden"> {`${p.t(TEXT.website)} ${i + 1}`}</span>
                </a>
              </h2>
              <FieldRows lang={p.lang} rows={rows} />
            </section>
          ))}
          {/* The apps with the engine's answer on each (APP备案): an application may carry nothing else. */}
          <AppEntriesSection lang={p.lang} apps={apps.apps} checks={apps.checks} />
          {/* An application of apps only has no website domain to verify; its apps' hosts are above. */}
          {current.websites.length > 0 && (
            <section aria-labelledby="review-checks">
              <h2 id="review-checks">{p.t(TEXT.checks)}</h2>
              <Checks lang={p.lang} checks={verification.checks} />
            </section>
          )}
          <section aria-labelledby="review-documents">
            <h2 id="review-documents">
              {p.t(TEXT.documents)}{' '}
              <a class="section-link" href={applicationPath(current, 'documents')}>
                {p.t(TEXT.change)}
                <span class="visually-hidden"> {p.t(TEXT.documents)}</span>
              </a>
            </h2>
            <DocumentList lang={p.lang} documents={documents} />
          </section>
          <IdentitySummary lang={p.lang} overview={identity} />
          <Form form={form} action={`/applications/${current.id}/submit`}>
            <HiddenField name="_version" value={String(current.version)} />
            <Button>{p.t(TEXT.submit)}</Button>
          </Form>
        </WithStepHelp>
      </>
    ),
  });
}

export const WIZARD_REVIEW_PAGES = [
  definePage({
    method: 'get',
    path: '/applications/:id/review',
    access: 'application.update-own',
    async handle(p) {
      const app = await ownApplication(p);
      if (!isEditable(app)) return notEditable(p, app);
      return reviewPage(p, app, null);
    },
  }),
  definePage({
    method: 'post',
    path: '/applications/:id/submit',
    access: 'application.submit-own',
    async handle(p) {
      const app = await ownApplication(p);
      if (!isEditable(app)) return notEditable(p, app);
      const deps = { ...applicantDeps(p), applicationId: app.id };
      const version = versionOf(p);
      try {
        let expectedVersion = version;
        if (app.status !== 'draft') {
          // A rejected application goes back to draft first (as editing it does), then is submitted.
          const reopened = await saveDraftPart({
            ...deps,
            part: 'subject',
            values: app.subject,
            ...(version === undefined ? {} : { expectedVersion: version }),
          });
          expectedVersion = reopened.application.version;
        }
        await submitApplication({ ...deps, ...(expectedVersion === undefined ? {} : { expectedVersion }) });
        return p.redirect(applicationPath(app), { kind: 'success', message: TEXT.submitted });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        const current = await ownApplication(p);
        return reviewPage(p, current, refusalErrors(failure), refusalStatus(failure));
      }
    },
  }),
];
