/**
 * 我的备案申请 — the applicant's applications: the list, starting one (备案类型验证: province, subject
 * nature, certificate and one domain decide the filing type, or the findings that block it, research
 * icp-filing-systems §1.3), one application's page (status, its timeline from the audit trail, the
 * reviewers' field-level reasons shown on the fields they name, §2.1 steps 5 and 9) and withdrawing
 * (撤回, with a confirmation: it cannot be undone).
 */
import { canTransition } from '../../filing/status.ts';
import type { IdType, SubjectType } from '../../policy/types.ts';
import type { CheckResult } from '../../rules/types.ts';
import { checkDomains, CheckRequestError } from '../../use-cases/check-domains.ts';
import { applicationFromRow } from '../../workflow/application.ts';
import type { Application, RejectionReason } from '../../workflow/index.ts';
import {
  WorkflowError,
  createApplication,
  listDocuments,
  withdrawApplication,
} from '../../workflow/index.ts';
import type { FieldError, FormState, Lang, Localized, PageRequest } from '../kit/index.ts';
import {
  APPLICATION_STATUS_LABELS,
  Button,
  CheckResultView,
  ErrorSummary,
  FILING_TYPE_LABELS,
  Form,
  APPLICATION_FIELD_NAMES,
  SubjectCheckFields,
  definePage,
  failureOf,
  fieldId,
  signedInAccount,
  t,
  unflattenForm,
} from '../kit/index.ts';
import { shanghaiDateTime } from '../kit/time.ts';
import type { FieldRow } from './review-application-view.tsx';
import {
  NumbersView,
  Timeline,
  applicationFields,
  numbersOf,
  provinceName,
  timelineOf,
} from './review-application-view.tsx';
import {
  STEP_LABELS,
  applicantDeps,
  applicationPath,
  domainText,
  domainsOf,
  isEditable,
  ownApplication,
  refusalErrors,
  refusalStatus,
  subjectNameOf,
} from './applicant-shared.tsx';
import { filingHref } from './applicant-filings-pages.tsx';
import { asObject } from './applicant-form-fields.tsx';
import { DocumentList } from './applicant-wizard-documents.tsx';

const TEXT = {
  listTitle: { zh: '我的备案申请', en: 'My applications' },
  listIntro: {
    zh: '备案申请从“备案类型验证”开始：系统根据省份、主办单位和域名判断是首次备案、新增网站还是接入备案。',
    en: 'An application starts with the filing-type check: province, subject and domain decide whether it is a first filing, a new website or an access filing.',
  },
  new: { zh: '新建备案申请', en: 'New application' },
  none: { zh: '还没有备案申请。', en: 'No applications yet.' },
  number: { zh: '申请编号', en: 'Application' },
  subject: { zh: '主办单位', en: 'Subject' },
  domains: { zh: '域名', en: 'Domains' },
  filingType: { zh: '备案类型', en: 'Filing type' },
  status: { zh: '状态', en: 'Status' },
  updated: { zh: '更新时间', en: 'Updated' },
  next: { zh: '下一步', en: 'Next' },
  continue: { zh: '继续填写', en: 'Continue' },
  revise: { zh: '修改后重新提交', en: 'Revise and resubmit' },
  sms: { zh: '短信核验', en: 'SMS verification' },
  view: { zh: '查看', en: 'View' },
  undetermined: { zh: '未确定', en: 'not determined' },
  // 备案类型验证
  newTitle: { zh: '新建备案申请：备案类型验证', en: 'New application: filing-type check' },
  newIntro: {
    zh: '填写备案省份、主办单位和一个要备案的域名。系统据此判断备案类型；有冲突（如域名已被其他主体备案）时会说明原因和处理办法。同一网站的其他域名和其他网站稍后添加。',
    en: 'Enter the province, the filing subject and one domain to file. The filing type follows from them; a conflict (such as a domain filed by another subject) is explained with what to do. Further domains and websites come later.',
  },
  province: { zh: '备案省份', en: 'Province' },
  provinceHint: { zh: '主办单位证件住所所在的省份', en: "The province of the subject's registered address" },
  subjectType: { zh: '主办单位性质', en: 'Subject type' },
  idType: { zh: '主办单位证件类型', en: 'Subject certificate type' },
  idNumber: { zh: '主办单位证件号码', en: 'Subject certificate number' },
  subjectName: { zh: '主办单位名称', en: 'Subject name' },
  subjectNameHint: {
    zh: '与证件一致；填写后会核对域名的实名持有者',
    en: "As on the certificate; given, it is compared with the domain's real-name holder",
  },
  domain: { zh: '域名', en: 'Domain' },
  domainHint: {
    zh: '例如 example.cn 或 例子.中国，不要带 www',
    en: 'Such as example.cn or 例子.中国, without www',
  },
  start: { zh: '验证并开始填写', en: 'Check and start' },
  domainRequired: { zh: '请填写要备案的域名', en: 'Enter the domain to file' },
  blockedResult: { zh: '验证结果', en: 'Result' },
  created: { zh: '已创建备案申请，备案类型：', en: 'Application created; filing type: ' },
  // Detail
  detailTitle: { zh: '备案申请', en: 'Application' },
  province2: { zh: '备案省份', en: 'Province' },
  created2: { zh: '创建时间', en: 'Created' },
  submitted: { zh: '提交时间', en: 'Submitted' },
  changeOf: { zh: '变更的网站', en: 'Changes website' },
  actions: { zh: '可以进行的操作', en: 'What you can do' },
  withdraw: { zh: '撤回申请', en: 'Withdraw' },
  reviseChange: { zh: '修改变更并重新提交', en: 'Revise the change and resubmit' },
  rejectionTitle: { zh: '驳回原因', en: 'Reasons for rejection' },
  rejectedBy: {
    zh: '{who}于 {at} 驳回了申请。原因标在下面相应的字段旁：',
    en: 'The {who} rejected the application on {at}. Each reason is shown next to its field below:',
  },
  lastRejection: {
    zh: '上次驳回（{at}，{who}）的原因，修改后请重新提交：',
    en: 'Reasons of the last rejection ({at}, {who}); revise and submit again:',
  },
  provider: { zh: '接入商', en: 'provider' },
  bureau: { zh: '管局', en: 'bureau' },
  fields: { zh: '申请内容', en: 'What was entered' },
  subjectSection: { zh: '主办单位信息', en: 'Filing subject' },
  website: { zh: '网站', en: 'Website' },
  reason: { zh: '驳回原因：', en: 'Rejected: ' },
  noFields: { zh: '（尚未填写）', en: '(not entered yet)' },
  documents: { zh: '备案材料', en: 'Documents' },
  // Withdraw
  withdrawTitle: { zh: '撤回备案申请', en: 'Withdraw the application' },
  withdrawWarning: {
    zh: '撤回后该申请结束，不能恢复；占用的域名随即释放。需要时可以重新发起备案申请。',
    en: 'Withdrawing ends the application for good; its domains are released. You can start a new application later.',
  },
  withdrawConfirm: { zh: '确认撤回', en: 'Withdraw it' },
  cancel: { zh: '返回，不撤回', en: 'Go back without withdrawing' },
  withdrawn: { zh: '备案申请已撤回。', en: 'The application was withdrawn.' },
} satisfies Record<string, Localized>;

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

const titleOf = (app: Pick<Application, 'id'>): Localized => ({
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
function nextStep(app: Application): { href: string; label: Localized } | null {
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

const changeHref = (app: Application) => `${filingHref(app.changeOf ?? '', 'change')}?application=${app.id}`;

const filingTypeText = (lang: Lang, app: Application) =>
  app.filingType === null ? t(lang, TEXT.undetermined) : t(lang, FILING_TYPE_LABELS[app.filingType]);

// ---------------------------------------------------------------------------------------------------
// List

async function listPage(p: PageRequest) {
  const account = signedInAccount(p);
  const rows = await p.deps.db.kysely
    .selectFrom('application')
    .selectAll()
    .where('account', '=', account.login)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const apps = rows.map(applicationFromRow);
  const tr = p.t;
  return p.render({
    title: TEXT.listTitle,
    body: (
      <>
        <p>{tr(TEXT.listIntro)}</p>
        <p>
          <a class="button button-primary" href="/applications/new">
            {tr(TEXT.new)}
          </a>
        </p>
        {apps.length === 0 ? (
          <p>{tr(TEXT.none)}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">{tr(TEXT.listTitle)}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr(TEXT.number)}</th>
                  <th scope="col">{tr(TEXT.subject)}</th>
                  <th scope="col">{tr(TEXT.domains)}</th>
                  <th scope="col">{tr(TEXT.filingType)}</th>
                  <th scope="col">{tr(TEXT.status)}</th>
                  <th scope="col">{tr(TEXT.updated)}</th>
                  <th scope="col">{tr(TEXT.next)}</th>
                </tr>
              </thead>
              <tbody>
                {apps.map((app) => {
                  const next = nextStep(app);
                  return (
                    <tr>
                      <th scope="row">
                        <a href={applicationPath(app)}>#{app.id}</a>
                      </th>
                      <td>
                        <bdi>{subjectNameOf(app)}</bdi>
                      </td>
                      <td>
                        {domainsOf(app)
                          .flat()
                          .map((domain, i) => (
                            <>
                              {i > 0 && <br />}
                              <bdi class="domain">{domainText(domain)}</bdi>
                            </>
                          ))}
                      </td>
                      <td>{filingTypeText(p.lang, app)}</td>
                      <td>
                        <StatusTag lang={p.lang} app={app} />
                      </td>
                      <td class="nowrap">{shanghaiDateTime(app.updatedAt)}</td>
                      <td>
                        {next === null ? (
                          <a href={applicationPath(app)}>{tr(TEXT.view)}</a>
                        ) : (
                          <a href={next.href}>{tr(next.label)}</a>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------------
// 备案类型验证 (start an application)

function newPage(
  p: PageRequest,
  form: FormState,
  result: CheckResult | null = null,
  status: 200 | 404 | 403 | 409 | 422 = 200,
) {
  return p.render({
    title: TEXT.newTitle,
    status,
    body: (
      <>
        <p>{p.t(TEXT.newIntro)}</p>
        <ErrorSummary form={form} />
        <Form form={form} action="/applications/new">
          <SubjectCheckFields form={form} policy={p.deps.policy} names={APPLICATION_FIELD_NAMES} />
          <Button>{p.t(TEXT.start)}</Button>
        </Form>
        {result && (
          <section aria-labelledby="blocked-result">
            <h2 id="blocked-result">{p.t(TEXT.blockedResult)}</h2>
            <CheckResultView lang={p.lang} result={result} heading="h3" />
          </section>
        )}
      </>
    ),
  });
}

/** The engine's full result for the form, to show why a start was refused (the precheck's use case). */
async function resultFor(p: PageRequest): Promise<CheckResult | null> {
  const text = (name: string) => (p.form[name] ?? '').trim();
  try {
    const report = await checkDomains(
      { policy: p.deps.policy, facts: p.deps.facts },
      {
        inputs: [text('domain')],
        province: text('province'),
        subjectType: text('subject.type') as SubjectType,
        subjectIdType: text('subject.idType') as IdType,
        subjectId: text('subject.idNumber'),
        subjectName: text('subject.name'),
        account: signedInAccount(p).login,
      },
      p.deps.now,
    );
    return report.results[0] ?? null;
  } catch (error) {
    if (error instanceof CheckRequestError) return null;
    throw error;
  }
}

/**
 * The use case names the domain by its place in the draft-to-be; on this form it is the `domain` box,
 * whose "required" message the schema cannot name.
 */
const onDomainBox = (errors: FieldError[]): FieldError[] =>
  errors.map((error) => {
    if (error.path.startsWith('websites.')) return { ...error, path: 'domain' };
    if (error.path === 'domain' && error.code === 'REQUIRED')
      return { ...error, message: TEXT.domainRequired };
    return error;
  });

// ---------------------------------------------------------------------------------------------------
// One application

type Placed = { reason: RejectionReason; target: string; label: Localized | null };

/**
 * Where each reason shows: on its field's row, else under its section (the subject, a website), else
 * at the top (a reason about the whole application); `label` names the place in the summary.
 */
function placeReasons(
  reasons: readonly RejectionReason[],
  rows: { subject: FieldRow[]; websites: FieldRow[][] },
): Placed[] {
  const all = [...rows.subject, ...rows.websites.flat()];
  return reasons.map((reason) => {
    const row = all.find((r) => r.path === reason.path);
    if (row) return { reason, target: row.path, label: row.label };
    if (reason.path === 'subject' || reason.path.startsWith('subject.')) {
      return { reason, target: 'subject', label: TEXT.subjectSection };
    }
    const website = /^websites\.(\d+)(\.|$)/.exec(reason.path);
    const index = Number(website?.[1] ?? -1);
    if (index >= 0 && index < rows.websites.length) {
      const label = { zh: `${TEXT.website.zh} ${index + 1}`, en: `${TEXT.website.en} ${index + 1}` };
      return { reason, target: `websites.${index}`, label };
    }
    return { reason, target: '', label: null };
  });
}

function ReasonText(props: { lang: Lang; placed: Placed[]; target: string }) {
  const here = props.placed.filter((p) => p.target === props.target);
  if (here.length === 0) return null;
  return (
    <p class="field-error" id={`${fieldId(props.target)}-error`}>
      {here.map((p) => (
        <span>
          <strong>{t(props.lang, TEXT.reason)}</strong>
          <bdi>{t(props.lang, p.reason.message)}</bdi>{' '}
        </span>
      ))}
    </p>
  );
}

function RowList(props: { lang: Lang; rows: FieldRow[]; placed: Placed[] }) {
  return (
    <dl class="summary-list">
      {props.rows.map((row) => {
        const wrong = props.placed.some((p) => p.target === row.path);
        return (
          <div class={`summary-row${wrong ? ' field-invalid' : ''}`} id={fieldId(row.path)}>
            <dt>{t(props.lang, row.label)}</dt>
            <dd aria-describedby={wrong ? `${fieldId(row.path)}-error` : undefined}>
              <bdi>{row.value}</bdi>
              <ReasonText lang={props.lang} placed={props.placed} target={row.path} />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function RejectionSummary(props: { lang: Lang; app: Application; placed: Placed[] }) {
  const { lang, app, placed } = props;
  const rejection = app.rejection;
  if (rejection === null) return null;
  const who = t(lang, rejection.by === 'provider' ? TEXT.provider : TEXT.bureau);
  const stillRejected = app.status === 'provider-rejected' || app.status === 'bureau-rejected';
  const intro = fill(t(lang, stillRejected ? TEXT.rejectedBy : TEXT.lastRejection), {
    who,
    at: shanghaiDateTime(rejection.at),
  });
  return (
    <div
      class="error-summary"
      role="alert"
      aria-labelledby="rejection-title"
      tabindex={-1}
      data-error-summary
    >
      <h2 id="rejection-title">{t(lang, TEXT.rejectionTitle)}</h2>
      <p>{intro}</p>
      <ul>
        {placed.map(({ reason, target, label }) => (
          <li>
            {target === '' ? (
              <bdi>{t(lang, reason.message)}</bdi>
            ) : (
              <a href={`#${fieldId(target)}`}>
                {label && `${t(lang, label)}${lang === 'zh' ? '：' : ': '}`}
                <bdi>{t(lang, reason.message)}</bdi>
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

async function detailPage(p: PageRequest) {
  const app = await ownApplication(p);
  const lang = p.lang;
  const tr = p.t;
  const rows = applicationFields(app, { lang, policy: p.deps.policy });
  const placed = placeReasons(app.rejection?.reasons ?? [], rows);
  const timeline = await timelineOf(p.deps, app);
  const numbers = numbersOf(timeline);
  const documents = await listDocuments({ ...applicantDeps(p), applicationId: app.id });
  const next = nextStep(app);
  const canWithdraw = canTransition(app.status, 'withdrawn');
  return p.render({
    title: titleOf(app),
    body: (
      <>
        <RejectionSummary lang={lang} app={app} placed={placed} />
        <dl class="summary-list">
          <dt>{tr(TEXT.status)}</dt>
          <dd>
            <StatusTag lang={lang} app={app} />
          </dd>
          <dt>{tr(TEXT.filingType)}</dt>
          <dd>{filingTypeText(lang, app)}</dd>
          <dt>{tr(TEXT.province2)}</dt>
          <dd>{provinceName(p.deps.policy, app.province)}</dd>
          <dt>{tr(TEXT.created2)}</dt>
          <dd>{shanghaiDateTime(app.createdAt)}</dd>
          {app.submittedAt !== null && (
            <>
              <dt>{tr(TEXT.submitted)}</dt>
              <dd>{shanghaiDateTime(app.submittedAt)}</dd>
            </>
          )}
          {app.changeOf !== null && (
            <>
              <dt>{tr(TEXT.changeOf)}</dt>
              <dd>
                <bdi>{app.changeOf}</bdi>
              </dd>
            </>
          )}
        </dl>
        {(next !== null || canWithdraw) && (
          <section aria-labelledby="actions-title" class="actions-section">
            <h2 id="actions-title">{tr(TEXT.actions)}</h2>
            <ul class="button-group">
              {next !== null && (
                <li>
                  <a class="button button-primary" href={next.href}>
                    {tr(next.label)}
                  </a>
                </li>
              )}
              {canWithdraw && (
                <li>
                  <a class="button button-warning" href={`${applicationPath(app)}/withdraw`}>
                    {tr(TEXT.withdraw)}
                  </a>
                </li>
              )}
            </ul>
          </section>
        )}
        {numbers !== null && <NumbersView lang={lang} numbers={numbers} />}
        <h2>{tr(TEXT.fields)}</h2>
        <section
          id={fieldId('subject')}
          aria-labelledby="subject-title"
          class={placed.some((x) => x.target === 'subject') ? 'field-invalid' : undefined}
        >
          <h3 id="subject-title">{tr(TEXT.subjectSection)}</h3>
          <ReasonText lang={lang} placed={placed} target="subject" />
          {rows.subject.length === 0 ? (
            <p>{tr(TEXT.noFields)}</p>
          ) : (
            <RowList lang={lang} rows={rows.subject} placed={placed} />
          )}
        </section>
        {rows.websites.map((websiteRows, i) => (
          <section
            id={fieldId(`websites.${i}`)}
            aria-labelledby={`website-title-${i}`}
            class={placed.some((x) => x.target === `websites.${i}`) ? 'field-invalid' : undefined}
          >
            <h3 id={`website-title-${i}`}>{`${tr(TEXT.website)} ${i + 1}`}</h3>
            <ReasonText lang={lang} placed={placed} target={`websites.${i}`} />
            <RowList lang={lang} rows={websiteRows} placed={placed} />
          </section>
        ))}
        <h2>{tr(TEXT.documents)}</h2>
        <DocumentList lang={lang} documents={documents} />
        <Timeline lang={lang} events={timeline} />
      </>
    ),
  });
}

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
          <a href={applicationPath(app)}>{`${p.t(TEXT.detailTitle)} #${app.id}`}</a> ·{' '}
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

export const APPLICATION_PAGES = [
  definePage({
    method: 'get',
    path: '/applications',
    access: 'application.read-own',
    nav: { label: TEXT.listTitle },
    handle: (p) => listPage(p),
  }),
  definePage({
    method: 'get',
    path: '/applications/new',
    access: 'application.create',
    handle: (p) => newPage(p, p.formState()),
  }),
  definePage({
    method: 'post',
    path: '/applications/new',
    access: 'application.create',
    rateLimit: 'precheck',
    async handle(p) {
      try {
        const posted = unflattenForm(p.form);
        const input = { ...posted, subject: asObject(posted.subject) };
        const created = await createApplication({ ...applicantDeps(p), input });
        const type = created.application.filingType;
        return p.redirect(applicationPath(created.application, 'subject'), {
          kind: 'success',
          message: {
            zh: `${TEXT.created.zh}${type === null ? TEXT.undetermined.zh : FILING_TYPE_LABELS[type].zh}。请${STEP_LABELS.subject.zh}。`,
            en: `${TEXT.created.en}${type === null ? TEXT.undetermined.en : FILING_TYPE_LABELS[type].en}. Now fill in the subject.`,
          },
        });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        const blocked = error instanceof WorkflowError && error.code === 'FILING_TYPE_BLOCKED';
        const result = blocked ? await resultFor(p) : null;
        return newPage(
          p,
          p.formState({ errors: onDomainBox(refusalErrors(failure)) }),
          result,
          refusalStatus(failure),
        );
      }
    },
  }),
  definePage({
    method: 'get',
    path: '/applications/:id',
    access: 'application.read-own',
    handle: (p) => detailPage(p),
  }),
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
