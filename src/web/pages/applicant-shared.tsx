/**
 * What the applicant's pages share: the application of the URL (only one's own: someone else's is
 * "not found", as in the API), the use cases' deps for the signed-in applicant, the wizard's step
 * indicator, which statuses may be edited, and the names of the form's fields. The wizard's steps
 * (主体信息 → 网站信息 → APP信息 → 备案材料 → 确认提交) follow providers' filing wizards (Alibaba Cloud's 首次备案
 * steps).
 */
import { parseDomainInput } from '../../domain-name/index.ts';
import type { ApplicationStatus } from '../../filing/index.ts';
import { workflowDeps } from '../../http/context.ts';
import type { ActorDeps, Application } from '../../workflow/index.ts';
import { readApplication } from '../../workflow/index.ts';
import type { Failure, FieldError, Lang, Localized, PageRequest } from '../kit/index.ts';
import { format, idParam, t, TERMS } from '../kit/index.ts';

/** The wizard's steps after 备案类型验证, in order; each is `/applications/:id/<step>`. */
const STEPS = ['subject', 'websites', 'apps', 'documents', 'review'] as const;
type Step = (typeof STEPS)[number];

export const STEP_LABELS: Record<Step | 'check', Localized> = {
  check: TERMS.filingTypeCheck,
  subject: { zh: '填写主体信息', en: 'Subject' },
  websites: { zh: '填写网站信息', en: 'Websites' },
  apps: { zh: '填写APP信息', en: 'Apps' },
  documents: { zh: '上传备案材料', en: 'Documents' },
  review: { zh: '确认并提交', en: 'Review and submit' },
};

export const TEXT = {
  steps: { zh: '填写步骤', en: 'Steps' },
  stepOf: { zh: '第 {n} 步，共 {m} 步', en: 'Step {n} of {m}' },
  done: { zh: '（已完成）', en: ' (done)' },
  notEditable: {
    zh: '该备案申请当前不能修改：只有草稿或被驳回的申请可以修改。',
    en: 'This application cannot be changed now: only a draft or a rejected application can be.',
  },
  changeNotEditable: {
    zh: '这是变更申请，请在“我的备案”中通过“变更网站”修改后重新提交。',
    en: 'This is a change application: revise it through “Change website” under My filings.',
  },
  appChangeNotEditable: {
    zh: '这是变更APP申请，请在“我的备案”中通过“变更APP”修改后重新提交。',
    en: 'This is an app change: revise it through “Change app” under My filings.',
  },
  noApplication: { zh: '找不到该备案申请', en: 'No such application' },
  saved: { zh: '已保存。', en: 'Saved.' },
} satisfies Record<string, Localized>;

/** Statuses in which the applicant edits the application (update-draft.ts returns rejected ones to draft). */
const EDITABLE_STATUSES: readonly ApplicationStatus[] = ['draft', 'provider-rejected', 'bureau-rejected'];

export const isEditable = (app: Application): boolean =>
  app.changeOf === null && EDITABLE_STATUSES.includes(app.status);

/** `:id` as an application id; anything else names no application (404 page, never a crash). */
export function applicationIdOf(p: PageRequest): number {
  return idParam(p, TEXT.noApplication);
}

/** The workflow's deps for the signed-in applicant, with the document store. */
export function applicantDeps(p: PageRequest): ActorDeps {
  return { ...workflowDeps(p.deps, p.actor), documents: p.deps.documents };
}

/** The application of the URL if it is the applicant's own; else the 404 page (WorkflowError NOT_FOUND). */
export async function ownApplication(p: PageRequest): Promise<Application> {
  return readApplication({ ...applicantDeps(p), applicationId: applicationIdOf(p), scope: 'own' });
}

export const applicationPath = (app: Pick<Application, 'id'>, step?: Step) =>
  step === undefined ? `/applications/${app.id}` : `/applications/${app.id}/${step}`;

/** A step page of an application that cannot be edited now: back to its detail page, saying why. */
export function notEditable(p: PageRequest, app: Application): Response {
  return p.redirect(applicationPath(app), {
    kind: 'error',
    message:
      app.changeOf === null
        ? TEXT.notEditable
        : app.changeKind === 'app'
          ? TEXT.appChangeNotEditable
          : TEXT.changeNotEditable,
  });
}

/** A use case's refusal as form errors: its fields, or one general error when it names none. */
export function refusalErrors(failure: Failure): FieldError[] {
  if (failure.fields.length > 0) return failure.fields;
  return [{ path: '', code: 'REFUSED', message: failure.message }];
}

/** The status a refusal re-renders its form with (a 4xx; a use case's 5xx never gets here). */
export const refusalStatus = (failure: Failure): 409 | 422 | 404 | 403 =>
  failure.status === 409 || failure.status === 404 || failure.status === 403 ? failure.status : 422;

/** 步骤条 — where the applicant is; done steps are links, the current one `aria-current="step"`. */
export function StepIndicator(props: { lang: Lang; app: Application; current: Step }) {
  const { lang, app, current } = props;
  const index = STEPS.indexOf(current);
  const all = ['check', ...STEPS] as const;
  return (
    <nav class="steps" aria-label={t(lang, TEXT.steps)}>
      <p class="visually-hidden">{format(t(lang, TEXT.stepOf), { n: index + 2, m: all.length })}</p>
      <ol class="steps-list">
        {all.map((step) => {
          if (step === 'check') {
            return (
              <li class="step step-done">
                {t(lang, STEP_LABELS.check)}
                <span class="visually-hidden">{t(lang, TEXT.done)}</span>
              </li>
            );
          }
          const isCurrent = step === current;
          return (
            <li class={`step${isCurrent ? ' step-current' : ''}`}>
              <a href={applicationPath(app, step)} aria-current={isCurrent ? 'step' : undefined}>
                {t(lang, STEP_LABELS[step])}
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** `例子.中国 (xn--…)` for an IDN, the name alone otherwise (A-labels are what is stored). */
export function domainText(domain: string): string {
  const parsed = parseDomainInput(domain);
  if (!parsed.ok) return domain;
  const { unicode, ascii } = parsed.domain;
  return unicode === ascii ? ascii : `${unicode} (${ascii})`;
}

/** The domains of an application as saved, per website. */
export function domainsOf(app: Application): string[][] {
  return app.websites.map((w) =>
    Array.isArray(w.domains) ? w.domains.filter((d): d is string => typeof d === 'string') : [],
  );
}

/** The subject's name as entered, or '' while the subject step is not done. */
export const subjectNameOf = (app: Application): string =>
  typeof app.subject.name === 'string' ? app.subject.name : '';

/** `138****8000`: enough for the applicant to tell phones apart, not enough to read one off a screen. */
export function maskPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}
