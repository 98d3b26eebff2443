/**
 * The filing wizard's form steps: 填写主体信息 and 填写网站信息 (as in Alibaba Cloud's 首次备案 steps).
 * Each step saves its part of the draft (saveDraftPart: stored once the part is valid, verified
 * through updateDraft once the whole form is) and shows the refusals on the fields they name. On the
 * websites step, "继续增加域名" and "保存，并继续添加网站" are submit buttons of their own (addDomain,
 * addWebsite: the province's limits in force decide), so the wizard works without JavaScript.
 */
import type { FieldError } from '../../filing/index.ts';
import type { Application } from '../../workflow/index.ts';
import { addDomain, addWebsite, applicationContents, draftAllowances } from '../../workflow/index.ts';
import type { DraftStepResult, DraftVerification } from '../../workflow/index.ts';
import { saveDraftPart, verifyDraft } from '../../workflow/index.ts';
import type { FormState, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  ErrorSummary,
  FieldErrors,
  Fieldset,
  Form,
  HiddenField,
  TextField,
  definePage,
  failureOf,
  TERMS,
} from '../kit/index.ts';
import { flattenValues } from '../kit/form-flatten.ts';
import {
  MAX_WEBSITES,
  asObject,
  SubjectFields,
  WebsiteFields,
  countOf,
  postedSubject,
  postedWebsites,
  samePersonValues,
  websiteErrorsOnFields,
  websiteValues,
  withSamePerson,
} from './applicant-form-fields.tsx';
import {
  STEP_LABELS,
  StepIndicator,
  TEXT as SHARED,
  applicantDeps,
  applicationPath,
  domainText,
  isEditable,
  notEditable,
  ownApplication,
  refusalErrors,
  refusalStatus,
} from './applicant-shared.tsx';
import { WithStepHelp } from './applicant-step-help.tsx';

const TEXT = {
  subjectIntro: {
    zh: '填写主办单位（个人备案即本人）的信息，须与证件一致。保存后继续填写网站信息。',
    en: 'Enter the filing subject (for a personal filing, yourself) exactly as on the certificate. Then continue with the websites.',
  },
  subjectIntroApps: {
    zh: '填写主办单位（个人备案即本人）的信息，须与证件一致。保存后继续填写APP信息。',
    en: 'Enter the filing subject (for a personal filing, yourself) exactly as on the certificate. Then continue with the apps.',
  },
  subjectIntroBoth: {
    zh: '填写主办单位（个人备案即本人）的信息，须与证件一致。保存后继续填写网站和APP信息。',
    en: 'Enter the filing subject (for a personal filing, yourself) exactly as on the certificate. Then continue with the websites and the apps.',
  },
  subjectSection: TERMS.subjectSection,
  websitesIntro: {
    zh: '填写每个网站的信息。一个网站有多个域名时点“继续增加域名”；同一主体的其他网站点“保存，并继续添加网站”。',
    en: 'Enter each website. For another domain of a website choose “Add another domain”; for another website of the subject, “Save and add another website”.',
  },
  websitesIntroOneDomain: {
    zh: '填写每个网站的信息。按现行政策，每个网站只能有 1 个域名；同一主体的其他网站点“保存，并继续添加网站”。',
    en: 'Enter each website. Under the policy in force a website has one domain; for another website of the subject, choose “Save and add another website”.',
  },
  saveContinue: { zh: '保存并继续', en: 'Save and continue' },
  subjectSaved: {
    zh: '主体信息已保存，请继续填写网站信息。',
    en: 'The subject is saved; continue with the websites.',
  },
  subjectSavedApps: {
    zh: '主体信息已保存，请继续填写APP信息。',
    en: 'The subject is saved; continue with the apps.',
  },
  appsOnly: {
    zh: '本申请只备案APP，不需要填写网站信息，可直接保存进入下一步。如需同时备案网站，请在下方添加。',
    en: 'This application files apps only: no website is needed, so just save and continue. To file a website as well, add it below.',
  },
  websitesSaved: { zh: '网站信息已保存。', en: 'The websites are saved.' },
  websitesSavedSubjectMissing: {
    zh: '网站信息已保存；主体信息尚未填写完整，提交前请补全。',
    en: 'The websites are saved; the subject is not complete yet: complete it before submitting.',
  },
  subjectIncomplete: {
    zh: '主体信息尚未填写完整。网站信息可以先保存，提交前请补全',
    en: 'The subject is not complete yet. You can save the websites first; complete the subject before submitting',
  },
  toSubject: { zh: '填写主体信息', en: 'complete the subject' },
  addWebsiteSection: { zh: '添加网站', en: 'Add a website' },
  newWebsiteDomain: { zh: '新网站的域名', en: 'Domain of the new website' },
  newWebsiteDomainHint: {
    zh: '同一主体的另一个网站；填写后点“保存，并继续添加网站”，上面的网站信息会先保存',
    en: 'Another website of the same subject; enter its domain and choose “Save and add another website” (the websites above are saved first)',
  },
  addWebsite: { zh: '保存，并继续添加网站', en: 'Save and add another website' },
  domainAdded: { zh: '已增加域名：', en: 'Domain added: ' },
  websiteAdded: { zh: '已保存，并添加了网站：', en: 'Saved; website added: ' },
  websiteRemoved: { zh: '已删除该网站。', en: 'The website was removed.' },
  enterDomain: { zh: '请填写要增加的域名', en: 'Enter the domain to add' },
  rejected: { zh: '上次驳回原因：', en: 'Rejected: ' },
  remedy: { zh: '修改建议：', en: 'What to do: ' },
  rejectedNotice: {
    zh: '该申请被驳回，驳回原因标在相应的字段上。修改并保存后，申请回到草稿状态，可以重新提交。',
    en: 'This application was rejected; the reasons are shown on the fields they concern. Saving a change returns it to draft, ready to submit again.',
  },
  useDefault: { zh: '保存并继续', en: 'Save and continue' },
} satisfies Record<string, Localized>;

/** The version the form was loaded at (hidden field), so a save over someone else's change is a conflict. */
export function versionOf(p: PageRequest): number | undefined {
  const raw = p.form._version ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * The last rejection's reasons on the fields they name, while the application is still rejected (once
 * edited it is a draft again and the reasons are history: the detail page keeps showing them).
 */
export function rejectionErrors(app: Application, prefix: string): FieldError[] {
  if (app.rejection === null || (app.status !== 'provider-rejected' && app.status !== 'bureau-rejected'))
    return [];
  return app.rejection.reasons
    .filter((reason) => reason.path === prefix || reason.path.startsWith(`${prefix}.`))
    .map((reason) => ({
      path: reason.path,
      code: 'REJECTED',
      // A coded reason carries its remedy (修改建议, data/rejection-reasons.json): said with the reason.
      message: {
        zh: `${TEXT.rejected.zh}${reason.message.zh}${reason.remedy ? `。${TEXT.remedy.zh}${reason.remedy.zh}` : ''}`,
        en: `${TEXT.rejected.en}${reason.message.en}${reason.remedy ? `. ${TEXT.remedy.en}${reason.remedy.en}` : ''}`,
      },
    }));
}

const prefixed = (message: Localized, what: string): Localized => ({
  zh: `${message.zh}${what}`,
  en: `${message.en}${what}`,
});

/**
 * A submit button first in the form, out of sight: pressing Enter in a text box submits with the form's
 * first button (HTML "implicit submission"), which must be "save", not "继续增加域名".
 */
function DefaultSubmit(props: { label: string }) {
  return (
    <button
      type="submit"
      name="_action"
      value="save"
      class="visually-hidden"
      tabindex={-1}
      aria-hidden="true"
    >
      {props.label}
    </button>
  );
}

// ---------------------------------------------------------------------------------------------------
// 填写主体信息

async function subjectPage(
  p: PageRequest,
  app: Application,
  form: FormState,
  status: 200 | 404 | 403 | 409 | 422 = 200,
) {
  const rejected = rejectionErrors(app, 'subject').length > 0;
  // What follows the subject, as the save goes on: an application of apps only to its apps (below).
  const carries = await applicationContents({ ...applicantDeps(p), applicationId: app.id, scope: 'own' });
  const intro =
    carries.websites === 0
      ? TEXT.subjectIntroApps
      : carries.apps > 0
        ? TEXT.subjectIntroBoth
        : TEXT.subjectIntro;
  return p.render({
    title: STEP_LABELS.subject,
    status,
    body: (
      <>
        <StepIndicator lang={p.lang} app={app} current="subject" />
        <ErrorSummary form={form} />
        {rejected && <p class="notice notice-error">{p.t(TEXT.rejectedNotice)}</p>}
        <WithStepHelp lang={p.lang} step="subject">
          <p>{p.t(intro)}</p>
          <Form form={form} action={applicationPath(app, 'subject')}>
            <HiddenField name="_version" value={String(app.version)} />
            <Fieldset form={form} name="subject" legend={TEXT.subjectSection}>
              <SubjectFields form={form} policy={p.deps.policy} />
            </Fieldset>
            <Button>{p.t(TEXT.saveContinue)}</Button>
          </Form>
        </WithStepHelp>
      </>
    ),
  });
}

const SUBJECT_PAGES = [
  definePage({
    method: 'get',
    path: '/applications/:id/subject',
    access: 'application.update-own',
    async handle(p) {
      const app = await ownApplication(p);
      if (!isEditable(app)) return notEditable(p, app);
      const form = p.formState({
        values: flattenValues(app.subject, 'subject'),
        errors: rejectionErrors(app, 'subject'),
      });
      return subjectPage(p, app, form);
    },
  }),
  definePage({
    method: 'post',
    path: '/applications/:id/subject',
    access: 'application.update-own',
    async handle(p) {
      const app = await ownApplication(p);
      if (!isEditable(app)) return notEditable(p, app);
      try {
        const saved = await saveDraftPart({
          ...applicantDeps(p),
          applicationId: app.id,
          part: 'subject',
          values: postedSubject(p.form),
          ...optionalVersion(p),
        });
        // An application of apps only goes on to its apps; its websites step stays open to add one.
        const appsOnly = app.websites.length === 0;
        return p.redirect(applicationPath(app, appsOnly ? 'apps' : 'websites'), {
          kind: 'success',
          message: saved.complete ? SHARED.saved : appsOnly ? TEXT.subjectSavedApps : TEXT.subjectSaved,
        });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        return subjectPage(p, app, p.formState({ errors: refusalErrors(failure) }), refusalStatus(failure));
      }
    },
  }),
];

const optionalVersion = (p: PageRequest): { expectedVersion?: number } => {
  const version = versionOf(p);
  return version === undefined ? {} : { expectedVersion: version };
};

// ---------------------------------------------------------------------------------------------------
// 填写网站信息

/** What the draft's verification says about the websites, when the whole form could be verified. */
function websiteFindings(verification: DraftVerification): FieldError[] {
  if (!verification.complete) return [];
  // Certificates are the documents step's: that is where the applicant can do something about them.
  return verification.errors.filter(
    (error) => error.path.startsWith('websites.') && error.code !== 'DOMAIN_CERTIFICATE_REQUIRED',
  );
}

function websitesPage(
  p: PageRequest,
  app: Application,
  form: FormState,
  options: { subjectComplete: boolean; status?: 200 | 404 | 403 | 409 | 422 },
) {
  // An application of apps only (created without a domain) shows no blank website to fill in.
  const least = app.websites.length === 0 ? 0 : 1;
  const count = Math.min(
    countOf(form.values, 'websites', Math.max(least, app.websites.length)),
    MAX_WEBSITES,
  );
  const rejected = rejectionErrors(app, 'websites').length > 0;
  // Offered only where the limits in force allow them (draft-additions.ts), not refused after typing.
  const allowed = draftAllowances(applicantDeps(p), app);
  const samePerson = typeof asObject(app.subject.responsiblePerson).name === 'string';
  return p.render({
    title: STEP_LABELS.websites,
    status: options.status ?? 200,
    body: (
      <>
        <StepIndicator lang={p.lang} app={app} current="websites" />
        <ErrorSummary form={form} />
        {rejected && <p class="notice notice-error">{p.t(TEXT.rejectedNotice)}</p>}
        {!options.subjectComplete && (
          <p class="notice">
            {p.t(TEXT.subjectIncomplete)}: <a href={applicationPath(app, 'subject')}>{p.t(TEXT.toSubject)}</a>
          </p>
        )}
        <WithStepHelp lang={p.lang} step="websites">
          <p>{p.t(allowed.domainsPerWebsite === 1 ? TEXT.websitesIntroOneDomain : TEXT.websitesIntro)}</p>
          {count === 0 && <p class="notice">{p.t(TEXT.appsOnly)}</p>}
          <Form form={form} action={applicationPath(app, 'websites')}>
            <DefaultSubmit label={p.t(TEXT.useDefault)} />
            <HiddenField name="_version" value={String(app.version)} />
            <div id="f-websites">
              <FieldErrors form={form} name="websites" />
            </div>
            {Array.from({ length: count }, (_, i) => (
              <WebsiteFields
                form={form}
                index={i}
                addDomain={allowed.domain[i] ?? false}
                removable={i > 0}
                samePerson={samePerson}
              />
            ))}
            {count < MAX_WEBSITES && allowed.website && (
              <Fieldset form={form} legend={TEXT.addWebsiteSection}>
                <TextField
                  form={form}
                  name="_newWebsiteDomain"
                  label={TEXT.newWebsiteDomain}
                  hint={TEXT.newWebsiteDomainHint}
                  code
                  width="medium"
                  inputmode="url"
                  maxlength={1024}
                  autocomplete="off"
                  optional
                />
                <Button variant="secondary" name="_action" value="add-website">
                  {p.t(TEXT.addWebsite)}
                </Button>
              </Fieldset>
            )}
            <Button name="_action" value="save">
              {p.t(TEXT.saveContinue)}
            </Button>
          </Form>
        </WithStepHelp>
      </>
    ),
  });
}

type WebsiteAction =
  | { kind: 'save' }
  | { kind: 'add-domain'; website: number }
  | { kind: 'add-website' }
  | { kind: 'remove-website'; website: number };

function actionOf(p: PageRequest): WebsiteAction {
  const raw = p.form._action ?? 'save';
  const indexed = /^(add-domain|remove-website):(\d{1,2})$/.exec(raw);
  if (indexed?.[1] === 'add-domain') return { kind: 'add-domain', website: Number(indexed[2]) };
  if (indexed?.[1] === 'remove-website') return { kind: 'remove-website', website: Number(indexed[2]) };
  if (raw === 'add-website') return { kind: 'add-website' };
  return { kind: 'save' };
}

/** Every error of an addition goes to the box the domain was typed in. */
const onBox = (errors: readonly FieldError[], box: string): FieldError[] =>
  errors.map((error) => ({ ...error, path: box }));

async function subjectComplete(p: PageRequest, app: Application): Promise<boolean> {
  const verification = await verifyDraft({ ...applicantDeps(p), applicationId: app.id });
  return !verification.errors.some((error) => error.path === 'subject' || error.path.startsWith('subject.'));
}

const WEBSITE_PAGES = [
  definePage({
    method: 'get',
    path: '/applications/:id/websites',
    access: 'application.update-own',
    async handle(p) {
      const app = await ownApplication(p);
      if (!isEditable(app)) return notEditable(p, app);
      const verification = await verifyDraft({ ...applicantDeps(p), applicationId: app.id });
      const errors = websiteErrorsOnFields([
        ...rejectionErrors(app, 'websites'),
        ...websiteFindings(verification),
      ]);
      const values = {
        ...websiteValues(app.websites),
        ...samePersonValues(app.websites, app.subject.responsiblePerson),
      };
      const form = p.formState({ values, errors });
      const complete = !verification.errors.some(
        (e) => e.path === 'subject' || e.path.startsWith('subject.'),
      );
      return websitesPage(p, app, form, { subjectComplete: complete });
    },
  }),
  definePage({
    method: 'post',
    path: '/applications/:id/websites',
    access: 'application.update-own',
    async handle(p) {
      let app = await ownApplication(p);
      if (!isEditable(app)) return notEditable(p, app);
      const action = actionOf(p);
      const refuse = async (errors: FieldError[], status: 404 | 403 | 409 | 422) =>
        websitesPage(p, app, p.formState({ errors: websiteErrorsOnFields(errors) }), {
          subjectComplete: await subjectComplete(p, app),
          status,
        });

      const copied = withSamePerson(p.form, postedWebsites(p.form), app.subject.responsiblePerson);
      if (copied.errors.length > 0) return refuse(copied.errors, 422);
      let websites = copied.websites;
      if (action.kind === 'remove-website' && action.website > 0) {
        websites = websites.filter((_, i) => i !== action.website);
      }
      const box =
        action.kind === 'add-domain'
          ? `_newDomain.${action.website}`
          : action.kind === 'add-website'
            ? '_newWebsiteDomain'
            : null;
      const domain = box === null ? '' : (p.form[box] ?? '').trim();
      if (box !== null && domain === '') {
        return refuse([{ path: box, code: 'REQUIRED', message: TEXT.enterDomain }], 422);
      }

      let saved: DraftStepResult;
      try {
        saved = await saveDraftPart({
          ...applicantDeps(p),
          applicationId: app.id,
          part: 'websites',
          values: websites,
          ...optionalVersion(p),
        });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        return refuse(refusalErrors(failure), refusalStatus(failure));
      }
      // Saved: a refused addition below shows the form again, and it must carry the new version.
      app = saved.application;

      if (action.kind === 'add-domain' || action.kind === 'add-website') {
        const deps = {
          ...applicantDeps(p),
          applicationId: app.id,
          expectedVersion: saved.application.version,
        };
        try {
          const added =
            action.kind === 'add-domain'
              ? await addDomain({ ...deps, input: { website: action.website, domain } })
              : await addWebsite({ ...deps, input: { domain } });
          const text = added.check.result.domain
            ? domainText(added.check.result.domain.registrableAscii)
            : domain;
          return p.redirect(`${applicationPath(app, 'websites')}#website-${added.check.website}`, {
            kind: 'success',
            message: prefixed(action.kind === 'add-domain' ? TEXT.domainAdded : TEXT.websiteAdded, text),
          });
        } catch (error) {
          const failure = failureOf(error);
          if (failure === null) throw error;
          // A crafted post for an addition the page does not offer: the refusal goes to the list it concerns.
          const allowed = draftAllowances(applicantDeps(p), app);
          const offered =
            action.kind === 'add-domain' ? (allowed.domain[action.website] ?? false) : allowed.website;
          const target = offered
            ? (box ?? '_newWebsiteDomain')
            : action.kind === 'add-domain'
              ? `websites.${action.website}.domains`
              : 'websites';
          return refuse(onBox(refusalErrors(failure), target), refusalStatus(failure));
        }
      }
      if (action.kind === 'remove-website') {
        return p.redirect(applicationPath(app, 'websites'), {
          kind: 'success',
          message: TEXT.websiteRemoved,
        });
      }
      const subjectMissing = saved.errors.some((e) => e.path === 'subject' || e.path.startsWith('subject.'));
      return p.redirect(applicationPath(app, 'apps'), {
        kind: 'success',
        message: subjectMissing ? TEXT.websitesSavedSubjectMissing : TEXT.websitesSaved,
      });
    },
  }),
];

export const WIZARD_FORM_PAGES = [...SUBJECT_PAGES, ...WEBSITE_PAGES];

/** For the review step's "change" links: which step edits the field at `path`. */
export function stepOfPath(path: string, code: string): 'subject' | 'websites' | 'apps' | 'documents' | null {
  if (code === 'DOMAIN_CERTIFICATE_REQUIRED') return 'documents';
  if (path === 'apps' || path.startsWith('apps.')) return 'apps';
  if (path === 'subject' || path.startsWith('subject.')) return 'subject';
  if (path === 'websites' || path.startsWith('websites.')) return 'websites';
  return null;
}
