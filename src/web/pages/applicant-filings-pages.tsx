/**
 * 我的备案 — the applicant's filed subjects and websites (numbers, domains, providers) and what can be done
 * with them (Tencent Cloud 备案号 FAQ): 变更网站 (a change application
 * through both reviews), 取消接入 (this provider stops hosting; the number stays), 注销网站 and 注销主体
 * (the numbers are gone for good). The last three cannot be undone, so each has a confirmation page
 * (GET) whose box must be ticked before its POST acts; 注销主体 is a plain link under the subject, not
 * a button beside the everyday actions.
 */
import type { Child } from 'hono/jsx';
import { APP_TYPE_LABELS } from '../../filing/index.ts';
import { APP_TYPES } from '../../policy/index.ts';
import type { AppType } from '../../policy/index.ts';
import type {
  Application,
  InProgressApplication,
  MyFiledApp,
  MyFiledSubject,
  MyFiledWebsite,
} from '../../workflow/index.ts';
import {
  cancelAccess,
  cancelApp,
  cancelAppAccess,
  cancelSubject,
  cancelWebsite,
  changeWebsite,
  filedWebsiteForm,
  myFilings as readMyFilings,
  readApplication,
} from '../../workflow/index.ts';
import type { FormState, Lang, Localized, PageRequest } from '../kit/index.ts';
import {
  NotFound,
  Button,
  ConfirmCheckbox,
  DomainName,
  confirmError,
  isConfirmed,
  ErrorSummary,
  Form,
  HiddenField,
  definePage,
  failureOf,
  t,
  format,
  parseId,
  TERMS,
  unicodeUrl,
  APPLICATION_STATUS_LABELS,
  applicationTypeLabel,
} from '../kit/index.ts';
import {
  WebsiteFields,
  postedWebsites,
  samePersonValues,
  websiteErrorsOnFields,
  websiteValues,
  withSamePerson,
} from './applicant-form-fields.tsx';
import { provinceName } from './review-application-view.tsx';
import { ACCESS_TEXT, accessText } from './access-pages.tsx';
import { subjectChangeHref } from './subject-change-pages.tsx';
import { TRANSFERS } from './transfer-pages.tsx';
import { applicantDeps, applicationPath, refusalErrors, refusalStatus } from './applicant-shared.tsx';

const TEXT = {
  title: { zh: '我的备案', en: 'My filings' },
  intro: {
    zh: '通过本接入商备案的主体、网站和 APP。变更网站、变更APP需要重新审核；取消接入、注销网站、注销APP和注销主体不能撤销。',
    en: 'Subjects, websites and apps filed through this provider. A website or app change is reviewed again; cancelling access, a website, an app or a subject cannot be undone.',
  },
  none: {
    zh: '还没有已备案的主体。备案通过后会显示在这里。',
    en: 'No filed subjects yet. They show here once approved.',
  },
  newApplication: { zh: '新建备案申请', en: 'New application' },
  subjectNumber: TERMS.subjectNumber,
  province: TERMS.province,
  websiteNumber: TERMS.websiteNumber,
  websiteName: TERMS.websiteName,
  homeUrl: { zh: '网站首页', en: 'Home page' },
  domains: TERMS.domains,
  providers: { zh: '接入商', en: 'Access providers' },
  self: { zh: '本接入商', en: 'this provider' },
  other: { zh: '其他接入商', en: 'another provider' },
  noProvider: { zh: '无（空壳网站）', en: 'none (shell website)' },
  /** An app without a provider is still filed; "shell website" is a website's state only. */
  noAppProvider: { zh: '无', en: 'none' },
  actions: TERMS.actions,
  noWebsites: { zh: '该主体没有网站。', en: 'This subject has no websites.' },
  change: { zh: '变更网站', en: 'Change website' },
  cancelAccess: { zh: '取消接入', en: 'Cancel access' },
  cancelWebsite: { zh: '注销网站', en: 'Cancel website' },
  cancelApp: { zh: '注销APP', en: 'Cancel app' },
  changeApp: { zh: '变更APP', en: 'Change app' },
  apps: { zh: '已备案的 APP、小程序和快应用', en: 'Filed apps, mini programs and quick apps' },
  appNumber: { zh: 'APP备案号', en: 'App number' },
  appName: { zh: 'APP 名称', en: 'App name' },
  appType: { zh: '类型', en: 'Type' },
  confirmCancelApp: {
    zh: 'APP备案号 {number} 注销后永久作废、不再分配，该 APP 须停止服务或重新备案。若主体再无其他网站或 APP，主体备案也将注销。',
    en: 'The app number {number} is void for good and never issued again; the app must stop serving or be filed again. If the subject has no other website or app, its filing is cancelled too.',
  },
  cancelledApp: { zh: '已注销APP ', en: 'App cancelled: ' },
  cancelSubject: { zh: '注销主体', en: 'Cancel subject' },
  confirmCancelWebsite: {
    zh: '注销后，网站备案号 {number} 永久作废、不会再发放，网站应停止访问。若这是该主体唯一的网站，主体备案也一并注销。',
    en: 'The website number {number} is void for good and never issued again; the website must go offline. If it is the subject’s only website, the subject’s filing is cancelled too.',
  },
  confirmCancelSubject: {
    zh: '注销后，主体备案号 {number} 及其下所有网站的备案号永久作废、不会再发放，所有网站应停止访问。',
    en: 'The subject number {number} and the numbers of all its websites are void for good and never issued again; every website must go offline.',
  },
  confirmCancelAccess: {
    zh: '取消接入后，本接入商不再为网站 {number} 提供接入服务；备案号保留。没有其他接入商的网站将成为空壳网站，可能被管局注销。',
    en: 'This provider stops hosting the website {number}; the number stays. A website with no other provider becomes a shell website the bureau may delete.',
  },
  confirm: { zh: '确认', en: 'Confirm: ' },
  moreActions: { zh: '其他操作：', en: 'Other actions: ' },
  understood: {
    zh: '我已了解上述后果，确认办理',
    en: 'I understand what this does and want to go ahead',
  },
  unconfirmed: {
    zh: '请先勾选确认：已了解上述后果',
    en: 'Tick the box to confirm you understand what this does',
  },
  back: { zh: '返回，不做更改', en: 'Go back without changing anything' },
  cancelledWebsite: { zh: '已注销网站 ', en: 'Website cancelled: ' },
  cancelledSubjectToo: {
    zh: '；该主体已无网站，主体备案 {number} 一并注销',
    en: '; the subject had no other website, so {number} is cancelled too',
  },
  cancelledSubject: { zh: '已注销主体 ', en: 'Subject cancelled: ' },
  cancelledAccess: { zh: '已取消接入：', en: 'Access cancelled: ' },
  confirmCancelAppAccess: {
    zh: '取消接入后，本接入商不再为 APP {number} 提供接入服务，其在本接入商的接入信息随之删除；APP备案号保留。',
    en: 'This provider stops hosting the app {number} and its access information here is deleted; the app number stays.',
  },
  changeTitle: { zh: '变更网站', en: 'Change a website' },
  changeIntro: {
    zh: '修改网站信息后提交，变更申请经接入商初审、短信核验和管局审核后生效，备案号不变。备案省份、主体证件和域名不能在变更中修改；多域名网站只能保留或减少域名，不能新增或替换。',
    en: 'Revise the website and submit: the change takes effect after the provider’s review, SMS verification and the bureau’s review; the number stays. Province, subject certificate and domains cannot change here; a multi-domain website may keep or drop domains, never add or replace them.',
  },
  changeSubmit: { zh: '提交变更', en: 'Submit the change' },
  changeSubmitted: {
    zh: '变更申请已提交，等待接入商初审。',
    en: 'The change was submitted; the provider reviews it next.',
  },
  noFiling: { zh: '找不到该备案', en: 'No such filing' },
  addWebsite: { zh: '新增网站', en: 'Add a website' },
  // 变更主体 and 转移备案 (issue 15): subject-change-pages.tsx, transfer-pages.tsx.
  changeSubject: { zh: '变更主体', en: 'Change subject' },
  transferIntro: {
    zh: '主体在本接入商的其他账号下？可以申请',
    en: 'A subject under another account here? You can ask for a ',
  },
  transfer: { zh: '转移备案', en: 'filing transfer' },
  addWebsiteOf: { zh: '为该主体新增网站', en: 'Add a website to this subject' },
  inProgress: {
    zh: '进行中：备案申请 {application}（{type} · {status}）。它完成或撤回之前，该主体不能变更网站、新增网站或取消接入。',
    en: 'Under way: application {application} ({type} · {status}). Until it finishes or is withdrawn, this subject cannot change a website, add one or cancel access.',
  },
  inProgressOther: {
    zh: '该主体在另一个账号下有进行中的备案申请。它完成或撤回之前，不能变更网站、新增网站或取消接入。',
    en: 'The subject has an application under way in another account. Until it finishes or is withdrawn, no website can be changed or added and access cannot be cancelled.',
  },
  undetermined: { zh: '备案类型未确定', en: 'filing type undetermined' },
  reviseChange: { zh: '修改被驳回的变更，重新提交', en: 'Revise the rejected change and submit it again' },
  changing: { zh: '变更中', en: 'change under way' },
  unavailable: { zh: '暂不可办理', en: 'not available now' },
  notHosted: {
    zh: '该网站未接入本接入商，请在其接入商处办理。',
    en: 'This website is not hosted by this provider; go to its provider.',
  },
} satisfies Record<string, Localized>;

type FiledWebsite = MyFiledWebsite;
type FiledSubject = Omit<MyFiledSubject, 'subjectNumber'> & { number: string };

/** The account's filed subjects with their websites (the use case `GET /filings/mine` reads too). */
async function myFilings(p: PageRequest): Promise<FiledSubject[]> {
  const subjects = await readMyFilings(applicantDeps(p));
  return subjects.map(({ subjectNumber, ...rest }) => ({ number: subjectNumber, ...rest }));
}

const numberOf = (p: PageRequest): string => {
  const number = (p.params.number ?? '').trim();
  if (number === '' || number.length > 64) throw new NotFound(TEXT.noFiling);
  return number;
};

async function ownWebsite(p: PageRequest): Promise<{ subject: FiledSubject; website: FiledWebsite }> {
  const number = numberOf(p);
  for (const subject of await myFilings(p)) {
    const website = subject.websites.find((w) => w.number === number);
    if (website) return { subject, website };
  }
  throw new NotFound(TEXT.noFiling);
}

export async function ownApp(p: PageRequest): Promise<{ subject: FiledSubject; app: MyFiledApp }> {
  const number = numberOf(p);
  for (const subject of await myFilings(p)) {
    const app = subject.apps.find((a) => a.number === number);
    if (app) return { subject, app };
  }
  throw new NotFound(TEXT.noFiling);
}

const appTypeText = (lang: Lang, type: string): string =>
  (APP_TYPES as readonly string[]).includes(type) ? t(lang, APP_TYPE_LABELS[type as AppType]) : type;

async function ownSubject(p: PageRequest): Promise<FiledSubject> {
  const number = numberOf(p);
  const subject = (await myFilings(p)).find((s) => s.number === number);
  if (!subject) throw new NotFound(TEXT.noFiling);
  return subject;
}

/** `/filings/<number>/<action>`: ICP numbers carry Chinese characters and `-`, never `/`. */
export const filingHref = (
  number: string,
  action:
    | 'change'
    | 'change-access'
    | 'cancel-website'
    | 'cancel-subject'
    | 'cancel-access'
    | 'cancel-app'
    | 'cancel-app-access'
    | 'change-app',
) => `/filings/${encodeURIComponent(number)}/${action}`;

function providerText(lang: Lang, providers: string[], none: Localized = TEXT.noProvider): string {
  if (providers.length === 0) return t(lang, none);
  return providers
    .map((x) => t(lang, x === 'self' ? TEXT.self : TEXT.other))
    .join(lang === 'zh' ? '、' : ', ');
}

function WebsiteSummary(props: { lang: Lang; website: FiledWebsite }) {
  const { lang, website } = props;
  const tr = (text: Localized) => t(lang, text);
  return (
    <dl class="summary-list">
      <dt>{tr(TEXT.websiteNumber)}</dt>
      <dd>
        <bdi>{website.number}</bdi>
      </dd>
      <dt>{tr(TEXT.websiteName)}</dt>
      <dd>
        <bdi>{website.name ?? ''}</bdi>
      </dd>
      <dt>{tr(TEXT.domains)}</dt>
      <dd>
        {website.domains.map((domain, i) => (
          <>
            {i > 0 && (lang === 'zh' ? '、' : ', ')}
            <DomainName domain={domain} inline />
          </>
        ))}
      </dd>
      <dt>{tr(TEXT.providers)}</dt>
      <dd>{providerText(lang, website.providers)}</dd>
    </dl>
  );
}

/** `/applications/new` with the filed subject's province and certificate filled in (新增网站). */
export const addWebsiteHref = (subjectNumber: string) =>
  `/applications/new?subject=${encodeURIComponent(subjectNumber)}`;

/** The in-progress application of a subject, as a sentence with a link when it is the account's own. */
export function InProgressNotice(props: { p: PageRequest; active: InProgressApplication; id: string }) {
  const { p, active } = props;
  if (!active.own) {
    return (
      <p class="notice notice-warning" id={props.id}>
        {p.t(TEXT.inProgressOther)}
      </p>
    );
  }
  const type = applicationTypeLabel(active) ?? TEXT.undetermined;
  const fill = { type: p.t(type), status: p.t(APPLICATION_STATUS_LABELS[active.status]) };
  // The number is a link: split at its placeholder before `format` fills the others.
  const [before = '', after = ''] = p.t(TEXT.inProgress).split('{application}');
  return (
    <p class="notice notice-warning" id={props.id}>
      {format(before, fill)}
      <a href={applicationPath(active)}>{`#${active.id}`}</a>
      {format(after, fill)}
      {active.revisable && active.changeOf !== null && (
        <>
          {' '}
          <a
            href={`${filingHref(active.changeOf, active.changeKind === 'app' ? 'change-app' : 'change')}?application=${active.id}`}
          >
            {p.t(TEXT.reviseChange)}
          </a>
        </>
      )}
    </p>
  );
}

/** An action the rule of the moment does not allow: its name, marked unavailable, and why (`reason`). */
function Unavailable(props: { p: PageRequest; label: Localized; reason: string }) {
  return (
    <span class="action-unavailable" aria-disabled="true" aria-describedby={props.reason}>
      {props.p.t(props.label)}
      <span class="visually-hidden">{`（${props.p.t(TEXT.unavailable)}）`}</span>
    </span>
  );
}

async function listPage(p: PageRequest) {
  const subjects = await myFilings(p);
  const lang = p.lang;
  const tr = p.t;
  return p.render({
    title: TEXT.title,
    body: (
      <>
        <p>{tr(TEXT.intro)}</p>
        <p>
          {tr(TEXT.transferIntro)}
          <a href={TRANSFERS}>{tr(TEXT.transfer)}</a>
        </p>
        {subjects.length === 0 && (
          <p>
            {tr(TEXT.none)} <a href="/applications/new">{tr(TEXT.newApplication)}</a>
          </p>
        )}
        {subjects.map((subject, i) => (
          <section class="filed-subject" aria-labelledby={`subject-${i}`}>
            <h2 id={`subject-${i}`}>
              <bdi>{subject.name}</bdi>
            </h2>
            <dl class="summary-list">
              <dt>{tr(TEXT.subjectNumber)}</dt>
              <dd>
                <bdi>{subject.number}</bdi>
              </dd>
              <dt>{tr(TEXT.province)}</dt>
              <dd>{provinceName(p.deps.policy, subject.province, lang)}</dd>
            </dl>
            {subject.inProgress !== null && (
              <InProgressNotice p={p} active={subject.inProgress} id={`subject-${i}-busy`} />
            )}
            <p class="subject-add">
              {subject.inProgress === null ? (
                <>
                  <a class="button button-secondary" href={addWebsiteHref(subject.number)}>
                    {tr(TEXT.addWebsite)}
                    <span class="visually-hidden">
                      {' '}
                      <bdi>{subject.number}</bdi>
                    </span>
                  </a>{' '}
                  <a class="button button-secondary" href={subjectChangeHref(subject.number)}>
                    {tr(TEXT.changeSubject)}
                    <span class="visually-hidden">
                      {' '}
                      <bdi>{subject.number}</bdi>
                    </span>
                  </a>
                </>
              ) : (
                <>
                  <Unavailable p={p} label={TEXT.addWebsite} reason={`subject-${i}-busy`} />{' '}
                  <Unavailable p={p} label={TEXT.changeSubject} reason={`subject-${i}-busy`} />
                </>
              )}
            </p>
            {subject.websites.length === 0 ? (
              <p>{tr(TEXT.noWebsites)}</p>
            ) : (
              <div class="table-wrap">
                <table class="table">
                  <caption class="visually-hidden">{`${subject.number} ${subject.name}`}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr(TEXT.websiteNumber)}</th>
                      <th scope="col">{tr(TEXT.websiteName)}</th>
                      <th scope="col">{tr(TEXT.domains)}</th>
                      <th scope="col">{tr(TEXT.providers)}</th>
                      <th scope="col">{tr(ACCESS_TEXT.heading)}</th>
                      <th scope="col">{tr(TEXT.actions)}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {subject.websites.map((website) => {
                      const hosted = website.providers.includes('self');
                      const busy = subject.inProgress;
                      const changing = busy !== null && busy.changeOf === website.number;
                      return (
                        <tr>
                          <th scope="row" class="nowrap">
                            <bdi>{website.number}</bdi>
                            {changing && (
                              <>
                                <br />
                                <span class="tag">{tr(TEXT.changing)}</span>
                              </>
                            )}
                          </th>
                          <td data-label={tr(TEXT.websiteName)}>
                            <bdi>{website.name ?? ''}</bdi>
                            {website.homeUrl && (
                              <>
                                <br />
                                <bdi class="code" title={website.homeUrl}>
                                  {unicodeUrl(website.homeUrl)}
                                </bdi>
                              </>
                            )}
                          </td>
                          <td data-label={tr(TEXT.domains)}>
                            {website.domains.map((domain, k) => (
                              <>
                                {k > 0 && <br />}
                                <DomainName domain={domain} />
                              </>
                            ))}
                          </td>
                          <td data-label={tr(TEXT.providers)}>{providerText(lang, website.providers)}</td>
                          <td data-label={tr(ACCESS_TEXT.heading)} class="code">
                            {accessText(p, website.access)}
                          </td>
                          <td class="actions" data-label={tr(TEXT.actions)}>
                            {hosted && busy === null && (
                              <>
                                <a href={filingHref(website.number, 'change')}>{tr(TEXT.change)}</a>{' '}
                                <a href={filingHref(website.number, 'change-access')}>
                                  {tr(ACCESS_TEXT.change)}
                                </a>{' '}
                                <a href={filingHref(website.number, 'cancel-access')}>
                                  {tr(TEXT.cancelAccess)}
                                </a>{' '}
                              </>
                            )}
                            {hosted && busy !== null && (
                              <>
                                <Unavailable p={p} label={TEXT.change} reason={`subject-${i}-busy`} />{' '}
                                <Unavailable
                                  p={p}
                                  label={TEXT.cancelAccess}
                                  reason={`subject-${i}-busy`}
                                />{' '}
                              </>
                            )}
                            <a href={filingHref(website.number, 'cancel-website')}>
                              {tr(TEXT.cancelWebsite)}
                            </a>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
            {subject.apps.length > 0 && (
              <div class="table-wrap">
                <table class="table">
                  <caption>{tr(TEXT.apps)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr(TEXT.appNumber)}</th>
                      <th scope="col">{tr(TEXT.appName)}</th>
                      <th scope="col">{tr(TEXT.appType)}</th>
                      <th scope="col">{tr(TEXT.providers)}</th>
                      <th scope="col">{tr(TEXT.actions)}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {subject.apps.map((app) => {
                      // Changes and 取消接入 are for apps hosted here (change-app.ts, cancel-app-access.ts).
                      const hosted = app.providers.includes('self');
                      return (
                        <tr>
                          <th scope="row" class="nowrap">
                            <bdi>{app.number}</bdi>
                          </th>
                          <td data-label={tr(TEXT.appName)}>
                            <bdi>{app.name}</bdi>
                          </td>
                          <td data-label={tr(TEXT.appType)}>{appTypeText(lang, app.type)}</td>
                          <td data-label={tr(TEXT.providers)}>
                            {providerText(lang, app.providers, TEXT.noAppProvider)}
                          </td>
                          <td class="actions" data-label={tr(TEXT.actions)}>
                            {hosted && subject.inProgress === null && (
                              <>
                                <a href={filingHref(app.number, 'change-app')}>{tr(TEXT.changeApp)}</a>{' '}
                                <a href={filingHref(app.number, 'cancel-app-access')}>
                                  {tr(TEXT.cancelAccess)}
                                </a>{' '}
                              </>
                            )}
                            {hosted && subject.inProgress !== null && (
                              <>
                                <Unavailable p={p} label={TEXT.changeApp} reason={`subject-${i}-busy`} />{' '}
                                <Unavailable
                                  p={p}
                                  label={TEXT.cancelAccess}
                                  reason={`subject-${i}-busy`}
                                />{' '}
                              </>
                            )}
                            <a href={filingHref(app.number, 'cancel-app')}>{tr(TEXT.cancelApp)}</a>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
            {/* The one action that ends every number of the subject: offered, never prominent. */}
            <p class="subject-actions">
              {tr(TEXT.moreActions)}
              <a href={filingHref(subject.number, 'cancel-subject')}>
                {tr(TEXT.cancelSubject)}
                <span class="visually-hidden">
                  {' '}
                  <bdi>{subject.number}</bdi>
                </span>
              </a>
            </p>
          </section>
        ))}
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------------
// 注销网站 / 注销主体 / 取消接入, each confirmed first

type Cancellation = {
  slug: 'cancel-website' | 'cancel-subject' | 'cancel-access' | 'cancel-app' | 'cancel-app-access';
  label: Localized;
  warning: Localized;
  /** The record to show on the confirmation page and its number; NOT_FOUND when not the applicant's. */
  target(p: PageRequest): Promise<{
    number: string;
    body: (lang: Lang) => Child;
    /** The application in flight that makes the action wait (subject-activity.ts); the form is not shown. */
    blocked?: InProgressApplication | null;
  }>;
  run(p: PageRequest, number: string): Promise<Localized>;
};

function confirmPage(
  p: PageRequest,
  c: Cancellation,
  number: string,
  body: Child,
  form: FormState,
  status: 200 | 404 | 403 | 409 | 422 = 200,
  blocked: InProgressApplication | null = null,
) {
  if (blocked !== null) {
    return p.render({
      title: c.label,
      status,
      body: (
        <>
          <ErrorSummary form={form} />
          {body}
          <InProgressNotice p={p} active={blocked} id="subject-busy" />
          <p>
            <a href="/filings">{p.t(TEXT.back)}</a>
          </p>
        </>
      ),
    });
  }
  return p.render({
    title: c.label,
    status,
    body: (
      <>
        <ErrorSummary form={form} />
        {body}
        <p class="notice notice-warning">{format(p.t(c.warning), { number })}</p>
        <Form form={form} action={filingHref(number, c.slug)}>
          <ConfirmCheckbox form={form} label={TEXT.understood} />
          <Button variant="warning">{`${p.t(TEXT.confirm)}${p.t(c.label)}`}</Button>
        </Form>
        <p>
          <a href="/filings">{p.t(TEXT.back)}</a>
        </p>
      </>
    ),
  });
}

/** The app a cancellation is of, by number and name, then what that cancellation adds (`children`). */
function AppSummary(props: { lang: Lang; app: { number: string; name: string }; children?: Child }) {
  const { lang, app } = props;
  return (
    <dl class="summary-list">
      <dt>{t(lang, TEXT.appNumber)}</dt>
      <dd>
        <bdi>{app.number}</bdi>
      </dd>
      <dt>{t(lang, TEXT.appName)}</dt>
      <dd>
        <bdi>{app.name}</bdi>
      </dd>
      {props.children}
    </dl>
  );
}

const CANCELLATIONS: Cancellation[] = [
  {
    slug: 'cancel-app',
    label: TEXT.cancelApp,
    warning: TEXT.confirmCancelApp,
    async target(p) {
      const { subject, app } = await ownApp(p);
      return {
        number: app.number,
        body: (lang) => (
          <AppSummary lang={lang} app={app}>
            <dt>{t(lang, TEXT.subjectNumber)}</dt>
            <dd>
              <bdi>{subject.number}</bdi>
            </dd>
          </AppSummary>
        ),
      };
    },
    async run(p, number) {
      const done = await cancelApp({ ...applicantDeps(p), appNumber: number });
      const also = done.subjectCancelled;
      return {
        zh: `${TEXT.cancelledApp.zh}${done.number}${also === null ? '' : format(TEXT.cancelledSubjectToo.zh, { number: also })}`,
        en: `${TEXT.cancelledApp.en}${done.number}${also === null ? '' : format(TEXT.cancelledSubjectToo.en, { number: also })}`,
      };
    },
  },
  {
    slug: 'cancel-app-access',
    label: TEXT.cancelAccess,
    warning: TEXT.confirmCancelAppAccess,
    async target(p) {
      const { subject, app } = await ownApp(p);
      return {
        number: app.number,
        body: (lang) => (
          <AppSummary lang={lang} app={app}>
            <dt>{t(lang, TEXT.providers)}</dt>
            <dd>{providerText(lang, app.providers, TEXT.noAppProvider)}</dd>
          </AppSummary>
        ),
        blocked: subject.inProgress,
      };
    },
    async run(p, number) {
      const done = await cancelAppAccess({ ...applicantDeps(p), appNumber: number });
      return {
        zh: `${TEXT.cancelledAccess.zh}${done.number}`,
        en: `${TEXT.cancelledAccess.en}${done.number}`,
      };
    },
  },
  {
    slug: 'cancel-website',
    label: TEXT.cancelWebsite,
    warning: TEXT.confirmCancelWebsite,
    async target(p) {
      const { website } = await ownWebsite(p);
      return { number: website.number, body: (lang) => <WebsiteSummary lang={lang} website={website} /> };
    },
    async run(p, number) {
      const done = await cancelWebsite({ ...applicantDeps(p), websiteNumber: number });
      const also = done.subjectCancelled === null ? null : done.subjectCancelled;
      return {
        zh: `${TEXT.cancelledWebsite.zh}${done.number}${also === null ? '' : format(TEXT.cancelledSubjectToo.zh, { number: also })}`,
        en: `${TEXT.cancelledWebsite.en}${done.number}${also === null ? '' : format(TEXT.cancelledSubjectToo.en, { number: also })}`,
      };
    },
  },
  {
    slug: 'cancel-subject',
    label: TEXT.cancelSubject,
    warning: TEXT.confirmCancelSubject,
    async target(p) {
      const subject = await ownSubject(p);
      return {
        number: subject.number,
        body: (lang) => (
          <>
            <h2>
              <bdi>{subject.name}</bdi>
            </h2>
            {subject.websites.map((website) => (
              <WebsiteSummary lang={lang} website={website} />
            ))}
          </>
        ),
      };
    },
    async run(p, number) {
      const done = await cancelSubject({ ...applicantDeps(p), subjectNumber: number });
      return {
        zh: `${TEXT.cancelledSubject.zh}${done.number}`,
        en: `${TEXT.cancelledSubject.en}${done.number}`,
      };
    },
  },
  {
    slug: 'cancel-access',
    label: TEXT.cancelAccess,
    warning: TEXT.confirmCancelAccess,
    async target(p) {
      const { subject, website } = await ownWebsite(p);
      return {
        number: website.number,
        body: (lang) => <WebsiteSummary lang={lang} website={website} />,
        blocked: subject.inProgress,
      };
    },
    async run(p, number) {
      const done = await cancelAccess({ ...applicantDeps(p), websiteNumber: number });
      return {
        zh: `${TEXT.cancelledAccess.zh}${done.number}`,
        en: `${TEXT.cancelledAccess.en}${done.number}`,
      };
    },
  },
];

const cancellationPages = (c: Cancellation) => [
  definePage({
    method: 'get',
    path: `/filings/:number/${c.slug}`,
    access: 'filing.cancel-own',
    async handle(p) {
      const target = await c.target(p);
      const form = p.formState();
      return confirmPage(p, c, target.number, target.body(p.lang), form, 200, target.blocked ?? null);
    },
  }),
  definePage({
    method: 'post',
    path: `/filings/:number/${c.slug}`,
    access: 'filing.cancel-own',
    async handle(p) {
      const target = await c.target(p);
      const blocked = target.blocked ?? null;
      // While blocked the use case refuses whatever the box says (subject-activity.ts): let it say so.
      if (blocked === null && !isConfirmed(p.form)) {
        const errors = [confirmError(TEXT.unconfirmed)];
        return confirmPage(p, c, target.number, target.body(p.lang), p.formState({ errors }), 422);
      }
      try {
        const message = await c.run(p, target.number);
        return p.redirect('/filings', { kind: 'success', message });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        return confirmPage(
          p,
          c,
          target.number,
          target.body(p.lang),
          p.formState({ errors: refusalErrors(failure) }),
          refusalStatus(failure),
          blocked,
        );
      }
    },
  }),
];

// ---------------------------------------------------------------------------------------------------
// 变更网站

/** `?application=` / the hidden field: a rejected change of this website, revised instead of a new one. */
async function revisedChange(p: PageRequest, number: string): Promise<Application | null> {
  const raw = (p.query.application ?? p.form.application ?? '').trim();
  if (raw === '') return null;
  const id = parseId(raw);
  if (id === null) throw new NotFound(TEXT.noFiling);
  const app = await readApplication({ ...applicantDeps(p), applicationId: id, scope: 'own' });
  if (app.changeOf !== number) throw new NotFound(TEXT.noFiling);
  return app;
}

/** Why the website cannot be changed now, when its subject has another application in flight. */
function changeBlocked(subject: FiledSubject, revising: Application | null): InProgressApplication | null {
  const active = subject.inProgress;
  if (active === null) return null;
  // Revising the rejected change of this very website is how that application goes on.
  return revising !== null && active.id === revising.id ? null : active;
}

function changePage(
  p: PageRequest,
  view: { subject: FiledSubject; website: FiledWebsite; samePerson: boolean },
  revising: Application | null,
  form: FormState,
  status: 200 | 404 | 403 | 409 | 422 = 200,
) {
  const { website } = view;
  const blocked = changeBlocked(view.subject, revising);
  return p.render({
    title: TEXT.changeTitle,
    status,
    body: (
      <>
        <ErrorSummary form={form} />
        <WebsiteSummary lang={p.lang} website={website} />
        {blocked !== null ? (
          <>
            <InProgressNotice p={p} active={blocked} id="subject-busy" />
            <p>
              <a href="/filings">{p.t(TEXT.back)}</a>
            </p>
          </>
        ) : (
          <>
            <p>{p.t(TEXT.changeIntro)}</p>
            {revising !== null && (
              <p>
                <a href={applicationPath(revising)}>{`#${revising.id}`}</a>
              </p>
            )}
            <Form form={form} action={filingHref(website.number, 'change')}>
              {revising !== null && <HiddenField name="application" value={String(revising.id)} />}
              <WebsiteFields
                form={form}
                index={0}
                addDomain={false}
                removable={false}
                legend={TEXT.changeTitle}
                samePerson={view.samePerson}
              />
              <Button>{p.t(TEXT.changeSubmit)}</Button>
            </Form>
          </>
        )}
      </>
    ),
  });
}

const CHANGE_PAGES = [
  definePage({
    method: 'get',
    path: '/filings/:number/change',
    access: 'filing.change-own',
    async handle(p) {
      const { subject, website } = await ownWebsite(p);
      if (!website.providers.includes('self')) {
        return p.redirect('/filings', { kind: 'error', message: TEXT.notHosted });
      }
      const revising = await revisedChange(p, website.number);
      // Nothing typed twice: the filed website with what its filing application recorded (filing-defaults.ts).
      const filed = await filedWebsiteForm({ ...applicantDeps(p), websiteNumber: website.number });
      const shown = revising !== null ? (revising.websites[0] ?? {}) : filed.website;
      const values = {
        ...websiteValues([shown]),
        ...samePersonValues([shown], filed.subjectPrincipal),
      };
      const view = { subject, website, samePerson: filed.subjectPrincipal !== null };
      return changePage(p, view, revising, p.formState({ values }));
    },
  }),
  definePage({
    method: 'post',
    path: '/filings/:number/change',
    access: 'filing.change-own',
    async handle(p) {
      const { subject, website } = await ownWebsite(p);
      const revising = await revisedChange(p, website.number);
      const filed = await filedWebsiteForm({ ...applicantDeps(p), websiteNumber: website.number });
      const view = { subject, website, samePerson: filed.subjectPrincipal !== null };
      const copied = withSamePerson(p.form, postedWebsites(p.form).slice(0, 1), filed.subjectPrincipal);
      if (copied.errors.length > 0) {
        return changePage(p, view, revising, p.formState({ errors: copied.errors }), 422);
      }
      try {
        const app = await changeWebsite({
          ...applicantDeps(p),
          websiteNumber: website.number,
          input: copied.websites[0] ?? {},
          ...(revising === null ? {} : { applicationId: revising.id }),
        });
        return p.redirect(applicationPath(app), { kind: 'success', message: TEXT.changeSubmitted });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        const errors = websiteErrorsOnFields(refusalErrors(failure));
        return changePage(p, view, revising, p.formState({ errors }), refusalStatus(failure));
      }
    },
  }),
];

export const FILING_PAGES = [
  definePage({
    method: 'get',
    path: '/filings',
    access: 'filing.read-own',
    nav: { label: TEXT.title },
    handle: (p) => listPage(p),
  }),
  ...CANCELLATIONS.flatMap(cancellationPages),
  ...CHANGE_PAGES,
];
