/**
 * 注册商控制台（沙箱） — the registrar operator's pages (registrar.manage): every domain registered at
 * the sandbox with its real-name status and the day its verification is expected to reach the MIIT
 * domain database; registering, renewing, 过户 (a new holder: verification starts over), 转出; the
 * real-name queue (approve, or reject with a reason the holder sees); the reports to MIIT that failed
 * or wait, with a retry; and 域名证书打印. Each change is a RegistrarGateway operation (it checks the
 * permission table again and audits), answered with POST-redirect-GET.
 */
import type { Child } from 'hono/jsx';
import type { RealNameSubmission, RegistrarDomainDetail } from '../../registrar/index.ts';
import {
  DOMAIN_STATUSES,
  MAX_PAGE,
  MAX_REGISTRATION_YEARS,
  MAX_REASON_LENGTH,
  REGISTRAR_REAL_NAME_STATUSES,
  REPORT_STATUSES,
} from '../../registrar/index.ts';
import type { ReportStatus } from '../../registrar/index.ts';
import { ApiError } from '../../http/errors.ts';
import type { Failure, FieldError, FormState, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  Checkbox,
  ErrorSummary,
  Fieldset,
  Form,
  ID_TYPE_LABELS,
  SUBJECT_TYPE_LABELS,
  SelectField,
  TextArea,
  TextField,
  definePage,
} from '../kit/index.ts';
import { shanghaiDateTime } from '../kit/time.ts';
import {
  CertificateForm,
  CertificateTable,
  DOMAIN_STATUS_LABELS,
  DomainName,
  DomainSummary,
  DomainTable,
  HolderFields,
  REAL_NAME_LABELS,
  REPORT_LABELS,
  ReportTable,
  SubmissionTable,
  TEXT as SHARED,
  certificatePrintPage,
  domainPath,
  fill,
  holderOfForm,
  holderValues,
  refusalOf,
  refusalStatus,
  registrarActorOf,
  runRegistrar,
} from './registrar-shared.tsx';

const BASE = '/registrar/domains';
const PAGE_SIZE = 100;
const ACCESS = 'registrar.manage';

const TEXT = {
  title: { zh: '域名管理（注册商沙箱）', en: 'Domains (registrar sandbox)' },
  nav: { zh: '注册商：域名', en: 'Registrar: domains' },
  intro: {
    zh: '在注册商沙箱注册的全部域名。沙箱扮演 data/registrars.json 中的任一注册商，其变更即时同步到工信部沙箱的域名库；实名信息在通过后按规定的工作日上报。',
    en: 'Every domain registered at the registrar sandbox. The sandbox plays any registrar of data/registrars.json; its changes reach the MIIT sandbox domain database at once, real-name data after the set working days.',
  },
  filter: { zh: '筛选', en: 'Filter' },
  any: { zh: '全部', en: 'All' },
  show: { zh: '筛选', en: 'Filter' },
  accountHint: { zh: '只看该账号的域名', en: 'Only this account’s domains' },
  register: { zh: '注册域名', en: 'Register a domain' },
  registerIntro: {
    zh: '为持有者注册一个域名。持有者信息按主办单位的规则核对（名称、性质与证件类型、证件校验位），避免注册时接受、备案时才被退回。',
    en: 'Registers a domain for a holder. The holder is checked with the filing subject’s rules (name, type and certificate, check digit), so what a bureau would refuse is refused now.',
  },
  domainHint: { zh: '例如 example.cn 或 例子.中国', en: 'Such as example.cn or 例子.中国' },
  years: { zh: '注册年限', en: 'Years' },
  yearsOption: { zh: '{n} 年', en: '{n} year(s)' },
  registrarChoice: { zh: '注册商', en: 'Registrar' },
  registrarHint: {
    zh: '未获工信部批准的注册商也可选择：备案核验会因此报错（常见问题 Q1b）',
    en: 'Registrars MIIT has not approved may be chosen: filing checks then refuse the domain (FAQ Q1b)',
  },
  unapproved: { zh: '（未获工信部批准）', en: ' (not approved by MIIT)' },
  accountField: { zh: '持有者在本系统的账号', en: 'The holder’s account here' },
  accountFieldHint: {
    zh: '填写后，该账号可在“我的域名”中看到并办理实名认证',
    en: 'Given, the account sees the domain under “My domains” and can verify it',
  },
  registered: { zh: '已注册域名：', en: 'Registered: ' },
  back: { zh: '返回域名列表', en: 'Back to the domains' },
  backToDomain: { zh: '返回域名详情', en: 'Back to the domain' },
  actions: { zh: '办理', en: 'Actions' },
  renew: { zh: '续费', en: 'Renew' },
  renewButton: { zh: '续费', en: 'Renew' },
  renewed: { zh: '已续费：', en: 'Renewed: ' },
  changeHolder: { zh: '过户（变更持有者）', en: 'Change the holder (过户)' },
  changeHolderIntro: {
    zh: '过户后实名认证需要重新进行，已排定的上报会取消，工信部域名库立即更新。已打印的证书不再有效。',
    en: 'After a holder change the real name must be verified again, scheduled reports are cancelled and the MIIT domain database is updated at once. Printed certificates stop being current.',
  },
  changed: { zh: '已过户：', en: 'Holder changed: ' },
  transfer: { zh: '转出到其他注册商', en: 'Transfer out' },
  transferIntro: {
    zh: '转出后本注册商的记录变为只读，不能再续费、过户或打印证书。此操作不能撤销。',
    en: 'After a transfer the record here is read-only: no renewal, holder change or certificate. This cannot be undone.',
  },
  gaining: { zh: '转入的注册商', en: 'Gaining registrar' },
  confirm: { zh: '我确认将该域名转出', en: 'I confirm the transfer' },
  confirmNeeded: { zh: '请勾选确认后再转出', en: 'Tick the confirmation to transfer' },
  transferred: { zh: '已转出：', en: 'Transferred out: ' },
  submitRealName: { zh: '代为提交实名认证资料', en: 'Submit real-name data on the holder’s behalf' },
  submitRealNameIntro: {
    zh: '按持有者证件填写。资料须与注册的持有者一致；提交后进入实名审核队列。',
    en: 'As on the holder’s certificate. It must match the registered holder; it then waits in the real-name queue.',
  },
  submittedRealName: { zh: '实名认证资料已提交：', en: 'Real-name data submitted: ' },
  readOnly: {
    zh: '该域名已转出，记录只读。',
    en: 'The domain was transferred out; its record is read-only.',
  },
  queueTitle: { zh: '实名认证审核（注册商沙箱）', en: 'Real-name review (registrar sandbox)' },
  queueNav: { zh: '注册商：实名审核', en: 'Registrar: real names' },
  queueIntro: {
    zh: '等待审核的实名认证资料，最早提交的在前。通过后，实名信息按政策规定的工作日上报工信部域名库。',
    en: 'Real-name submissions waiting for a decision, oldest first. On approval the data is reported to the MIIT domain database after the policy’s working days.',
  },
  queueEmpty: { zh: '没有待审核的实名认证资料。', en: 'No submissions are waiting.' },
  submission: { zh: '资料', en: 'Submission' },
  approve: { zh: '通过', en: 'Approve' },
  decide: { zh: '查看并处理', en: 'Open' },
  decisionTitle: { zh: '实名认证资料 #{id}', en: 'Real-name submission #{id}' },
  submittedData: { zh: '提交的资料', en: 'Submitted' },
  registeredHolder: { zh: '注册的持有者', en: 'Registered holder' },
  mismatch: { zh: '与注册的持有者不一致', en: 'differs from the registered holder' },
  rejectLegend: { zh: '驳回', en: 'Reject' },
  reasonZh: { zh: '驳回原因（中文）', en: 'Reason (Chinese)' },
  reasonZhHint: { zh: '持有者会看到这段说明', en: 'The holder reads this' },
  reasonEn: { zh: '驳回原因（英文）', en: 'Reason (English)' },
  reject: { zh: '驳回', en: 'Reject' },
  reasonNeeded: { zh: '请填写驳回原因（中文）', en: 'Write the reason (in Chinese)' },
  reasonTooLong: {
    zh: `原因最多 ${MAX_REASON_LENGTH} 个字符`,
    en: `At most ${MAX_REASON_LENGTH} characters`,
  },
  approved: {
    zh: '已通过 {domain} 的实名认证，预计 {due} 上报工信部。',
    en: 'Real name of {domain} approved; reported to MIIT on {due}.',
  },
  rejected: { zh: '已驳回 {domain} 的实名认证资料。', en: 'Real-name submission of {domain} rejected.' },
  notPending: {
    zh: '这份实名认证资料不存在或已处理。',
    en: 'This submission does not exist or was already decided.',
  },
  backToQueue: { zh: '返回实名审核队列', en: 'Back to the real-name queue' },
  reportsTitle: { zh: '实名信息上报（注册商沙箱）', en: 'Real-name reports (registrar sandbox)' },
  reportsNav: { zh: '注册商：上报', en: 'Registrar: reports' },
  reportsIntro: {
    zh: '向工信部域名库上报实名信息的任务。失败的任务在处理原因后可重试。',
    en: 'Reports of real-name data to the MIIT domain database. A failed report can be retried once its cause is fixed.',
  },
  failedReports: { zh: '上报失败', en: 'Failed' },
  scheduledReports: { zh: '等待上报', en: 'Scheduled' },
  reportStatus: { zh: '状态', en: 'Status' },
  open: { zh: '失败和等待上报', en: 'Failed and scheduled' },
  retry: { zh: '重试', en: 'Retry' },
  retried: { zh: '已重新排定上报：', en: 'Report scheduled again: ' },
  previous: { zh: '上一页', en: 'Previous page' },
  next: { zh: '下一页', en: 'Next page' },
  noSuchReport: { zh: '没有这个上报任务', en: 'No such report' },
} satisfies Record<string, Localized>;

const ID = /^[1-9]\d{0,14}$/;

function idOf(p: PageRequest, what: Localized): number {
  const raw = p.params.id ?? '';
  if (!ID.test(raw)) throw new ApiError('NOT_FOUND', { message: what });
  return Number(raw);
}

const domainParam = (p: PageRequest) => p.params.domain ?? '';

const pick = <T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined =>
  (allowed as readonly string[]).includes(value ?? '') ? (value as T) : undefined;

const yearChoices = Array.from({ length: MAX_REGISTRATION_YEARS }, (_, i) => ({
  value: String(i + 1),
  label: fill(TEXT.yearsOption, { n: i + 1 }),
}));

function registrarChoices(p: PageRequest) {
  return p.deps.policy.registrars.map((entry) => ({
    value: entry.id,
    label: `${entry.legalName}${entry.approved ? '' : p.t(TEXT.unapproved)}`,
  }));
}

const flashOf = (text: Localized, name: string) => ({
  kind: 'success' as const,
  message: { zh: `${text.zh}${name}`, en: `${text.en}${name}` },
});

// ---------------------------------------------------------------------------------------------------
// The domain list and registering

async function listPage(p: PageRequest) {
  const status = pick(p.query.status, DOMAIN_STATUSES);
  const realName = pick(p.query.realName, REGISTRAR_REAL_NAME_STATUSES);
  const account = (p.query.account ?? '').trim().toLowerCase();
  const page = /^[1-9]\d{0,4}$/.test(p.query.page ?? '') ? Number(p.query.page) : 1;
  const domains = await runRegistrar(() =>
    p.deps.registrar.listDomains({
      actor: registrarActorOf(p),
      filter: {
        ...(status ? { status } : {}),
        ...(realName ? { realName } : {}),
        ...(account !== '' && account.length <= 64 ? { account } : {}),
        limit: PAGE_SIZE + 1,
        offset: Math.min((page - 1) * PAGE_SIZE, MAX_PAGE * 1000),
      },
    }),
  );
  const form = p.formState({ values: { status: status ?? '', realName: realName ?? '', account } });
  const query = (n: number) => {
    const params = new URLSearchParams({
      ...(status ? { status } : {}),
      ...(realName ? { realName } : {}),
      ...(account ? { account } : {}),
      page: String(n),
    });
    return `/registrar?${params.toString()}`;
  };
  return p.render({
    title: TEXT.title,
    body: (
      <>
        <p>{p.t(TEXT.intro)}</p>
        <p>
          <a class="button button-secondary" href="/registrar/register">
            {p.t(TEXT.register)}
          </a>
        </p>
        <Form form={form} action="/registrar" method="get" class="form form-inline">
          <SelectField
            form={form}
            name="status"
            label={SHARED.status}
            options={DOMAIN_STATUSES.map((value) => ({ value, label: DOMAIN_STATUS_LABELS[value] }))}
            placeholder={TEXT.any}
            optional
          />
          <SelectField
            form={form}
            name="realName"
            label={SHARED.realName}
            options={REGISTRAR_REAL_NAME_STATUSES.map((value) => ({ value, label: REAL_NAME_LABELS[value] }))}
            placeholder={TEXT.any}
            optional
          />
          <TextField
            form={form}
            name="account"
            label={SHARED.account}
            hint={TEXT.accountHint}
            optional
            code
            width="medium"
            maxlength={64}
          />
          <Button variant="secondary">{p.t(TEXT.show)}</Button>
        </Form>
        <DomainTable p={p} domains={domains.slice(0, PAGE_SIZE)} base={BASE} showAccount />
        {(page > 1 || domains.length > PAGE_SIZE) && (
          <nav class="pager" aria-label={p.t({ zh: '分页', en: 'Pages' })}>
            {page > 1 && (
              <a href={query(page - 1)} rel="prev">
                {p.t(TEXT.previous)}
              </a>
            )}{' '}
            {domains.length > PAGE_SIZE && (
              <a href={query(page + 1)} rel="next">
                {p.t(TEXT.next)}
              </a>
            )}
          </nav>
        )}
      </>
    ),
  });
}

function registerPage(p: PageRequest, form: FormState, status: 200 | 400 | 409 | 422 = 200) {
  return p.render({
    title: TEXT.register,
    status,
    body: (
      <>
        <p>
          <a href="/registrar">{p.t(TEXT.back)}</a>
        </p>
        <p>{p.t(TEXT.registerIntro)}</p>
        <ErrorSummary form={form} />
        <Form form={form} action="/registrar/register">
          <TextField
            form={form}
            name="domain"
            label={SHARED.domain}
            hint={TEXT.domainHint}
            code
            width="medium"
            inputmode="url"
            maxlength={253}
          />
          <Fieldset form={form} name="holder" legend={SHARED.holder}>
            <HolderFields form={form} />
          </Fieldset>
          <SelectField
            form={form}
            name="years"
            label={TEXT.years}
            options={yearChoices}
            placeholder={false}
          />
          <SelectField
            form={form}
            name="registrar"
            label={TEXT.registrarChoice}
            hint={TEXT.registrarHint}
            options={registrarChoices(p)}
            placeholder={false}
          />
          <TextField
            form={form}
            name="account"
            label={TEXT.accountField}
            hint={TEXT.accountFieldHint}
            optional
            code
            width="medium"
            maxlength={64}
            autocomplete="off"
          />
          <Button>{p.t(TEXT.register)}</Button>
        </Form>
      </>
    ),
  });
}

const optionalText = (value: string | undefined) => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

// ---------------------------------------------------------------------------------------------------
// One domain

type DomainFailure = { renew?: FormState; certificate?: Failure };

async function detailOf(p: PageRequest): Promise<RegistrarDomainDetail> {
  return runRegistrar(() =>
    p.deps.registrar.getDomain({ actor: registrarActorOf(p), domain: domainParam(p) }),
  );
}

async function detailPage(
  p: PageRequest,
  failed: DomainFailure = {},
  status: 200 | 400 | 403 | 404 | 409 | 422 | 503 = 200,
) {
  const detail = await detailOf(p);
  const { domain } = detail;
  const path = domainPath(BASE, domain);
  const renewForm = failed.renew ?? p.formState({ values: { years: '1' }, errors: [] });
  const active = domain.status === 'active';
  return p.render({
    title: { zh: `域名 ${domain.domain.unicode}`, en: `Domain ${domain.domain.unicode}` },
    status,
    body: (
      <>
        <p>
          <a href="/registrar">{p.t(TEXT.back)}</a>
        </p>
        <DomainSummary p={p} domain={domain} maskId={false} />
        {active ? (
          <>
            <section aria-labelledby="actions-title">
              <h2 id="actions-title">{p.t(TEXT.actions)}</h2>
              <ErrorSummary form={renewForm} />
              <Form form={renewForm} action={`${path}/renew`} class="form form-inline">
                <SelectField
                  form={renewForm}
                  name="years"
                  label={TEXT.years}
                  options={yearChoices}
                  placeholder={false}
                />
                <Button variant="secondary">{p.t(TEXT.renewButton)}</Button>
              </Form>
              <ul class="action-links">
                <li>
                  <a href={`${path}/real-name`}>{p.t(TEXT.submitRealName)}</a>
                </li>
                <li>
                  <a href={`${path}/holder`}>{p.t(TEXT.changeHolder)}</a>
                </li>
                <li>
                  <a href={`${path}/transfer-out`}>{p.t(TEXT.transfer)}</a>
                </li>
              </ul>
            </section>
            {domain.realName.status === 'verified' || failed.certificate ? (
              <CertificateForm p={p} action={`${path}/certificate`} failure={failed.certificate ?? null} />
            ) : (
              <p class="notice">{p.t(SHARED.notVerified)}</p>
            )}
          </>
        ) : (
          <p class="notice">{p.t(TEXT.readOnly)}</p>
        )}
        <SubmissionTable p={p} submissions={detail.submissions} maskId={false} />
        <section aria-labelledby="reports-title">
          <h2 id="reports-title">{p.t(SHARED.reports)}</h2>
          <ReportTable p={p} reports={detail.reports} />
        </section>
        <CertificateTable p={p} certificates={detail.certificates} />
      </>
    ),
  });
}

/** A page with one form about a domain (过户, 转出, real-name on behalf), re-rendered on refusal. */
type DomainFormSpec = {
  title: Localized;
  intro: Localized;
  /** The last path segment the form posts to. */
  action: string;
  fields: (detail: RegistrarDomainDetail, form: FormState) => Child;
  submit: Localized;
  warning?: boolean;
};

async function domainFormPage(
  p: PageRequest,
  options: DomainFormSpec & { form: FormState; status?: 200 | 400 | 403 | 404 | 409 | 422 },
) {
  const detail = await detailOf(p);
  const path = domainPath(BASE, detail.domain);
  return p.render({
    title: {
      zh: `${options.title.zh}：${detail.domain.domain.unicode}`,
      en: `${options.title.en}: ${detail.domain.domain.unicode}`,
    },
    status: options.status ?? 200,
    body: (
      <>
        <p>
          <a href={path}>{p.t(TEXT.backToDomain)}</a>
        </p>
        <DomainSummary p={p} domain={detail.domain} maskId={false} />
        <p>{p.t(options.intro)}</p>
        <ErrorSummary form={options.form} />
        {detail.domain.status === 'active' ? (
          <Form form={options.form} action={`${path}/${options.action}`}>
            {options.fields(detail, options.form)}
            <Button variant={options.warning ? 'warning' : 'primary'}>{p.t(options.submit)}</Button>
          </Form>
        ) : (
          <p class="notice">{p.t(TEXT.readOnly)}</p>
        )}
      </>
    ),
  });
}

const HOLDER_PAGE: DomainFormSpec = {
  title: TEXT.changeHolder,
  intro: TEXT.changeHolderIntro,
  action: 'holder',
  submit: TEXT.changeHolder,
  warning: true,
  fields: (_detail: RegistrarDomainDetail, form: FormState) => (
    <>
      <Fieldset form={form} name="holder" legend={{ zh: '新的持有者', en: 'The new holder' }}>
        <HolderFields form={form} />
      </Fieldset>
      <TextField
        form={form}
        name="account"
        label={TEXT.accountField}
        hint={TEXT.accountFieldHint}
        optional
        code
        width="medium"
        maxlength={64}
        autocomplete="off"
      />
    </>
  ),
};

const transferPage = (p: PageRequest): DomainFormSpec => ({
  title: TEXT.transfer,
  intro: TEXT.transferIntro,
  action: 'transfer-out',
  submit: TEXT.transfer,
  warning: true,
  fields: (detail: RegistrarDomainDetail, form: FormState) => (
    <>
      <SelectField
        form={form}
        name="registrar"
        label={TEXT.gaining}
        options={registrarChoices(p).filter((choice) => choice.value !== detail.domain.registrar.id)}
      />
      <Checkbox form={form} name="confirm" label={TEXT.confirm} />
    </>
  ),
});

const REAL_NAME_PAGE: DomainFormSpec = {
  title: TEXT.submitRealName,
  intro: TEXT.submitRealNameIntro,
  action: 'real-name',
  submit: TEXT.submitRealName,
  fields: (_detail: RegistrarDomainDetail, form: FormState) => (
    <Fieldset form={form} name="holder" legend={SHARED.holder}>
      <HolderFields form={form} />
    </Fieldset>
  ),
};

/** Runs a change; on refusal re-renders the form page with the registrar's field errors. */
async function changeOrShow(
  p: PageRequest,
  page: DomainFormSpec,
  work: () => Promise<Response>,
): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    const { failure, errors } = refusalOf(error);
    const status = refusalStatus(failure);
    return domainFormPage(p, {
      ...page,
      form: p.formState({ errors }),
      status: status === 503 ? 422 : status,
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// The real-name queue

async function pendingSubmissions(p: PageRequest): Promise<RealNameSubmission[]> {
  return runRegistrar(() =>
    p.deps.registrar.listSubmissions({ actor: registrarActorOf(p), status: 'pending', limit: MAX_PAGE }),
  );
}

async function queuePage(p: PageRequest) {
  const submissions = await pendingSubmissions(p);
  const token = p.view.csrfToken;
  return p.render({
    title: TEXT.queueTitle,
    body: (
      <>
        <p>{p.t(TEXT.queueIntro)}</p>
        {submissions.length === 0 ? (
          <p class="notice">{p.t(TEXT.queueEmpty)}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{p.t(TEXT.submission)}</th>
                  <th scope="col">{p.t(SHARED.domain)}</th>
                  <th scope="col">{p.t(SHARED.holder)}</th>
                  <th scope="col">{p.t(SHARED.submittedBy)}</th>
                  <th scope="col">{p.t(SHARED.submitted)}</th>
                  <th scope="col">{p.t(TEXT.actions)}</th>
                </tr>
              </thead>
              <tbody>
                {submissions.map((submission) => (
                  <tr>
                    <td>#{submission.id}</td>
                    <td>
                      <a href={domainPath(BASE, submission)}>
                        <DomainName domain={submission.domain} />
                      </a>
                    </td>
                    <td>
                      <bdi>{submission.holder.name}</bdi>
                      <br />
                      <span class="field-hint">
                        {p.t(SUBJECT_TYPE_LABELS[submission.holder.type])} ·{' '}
                        {p.t(ID_TYPE_LABELS[submission.holder.idType])}{' '}
                        <bdi class="code">{submission.holder.idNumber}</bdi>
                      </span>
                    </td>
                    <td>
                      <bdi class="code">{submission.submittedBy}</bdi>
                    </td>
                    <td class="nowrap">{shanghaiDateTime(submission.submittedAt)}</td>
                    <td class="actions">
                      <form
                        method="post"
                        action={`/registrar/real-name/${submission.id}/approve`}
                        class="inline-form"
                      >
                        <input type="hidden" name="_csrf" value={token} />
                        <button type="submit" class="button button-small">
                          {p.t(TEXT.approve)}
                          <span class="visually-hidden"> {submission.domain.unicode}</span>
                        </button>
                      </form>{' '}
                      <a href={`/registrar/real-name/${submission.id}`}>
                        {p.t(TEXT.decide)}
                        <span class="visually-hidden"> {submission.domain.unicode}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    ),
  });
}

async function submissionOf(p: PageRequest): Promise<RealNameSubmission> {
  const id = idOf(p, TEXT.notPending);
  const found = (await pendingSubmissions(p)).find((submission) => submission.id === id);
  if (!found) throw new ApiError('NOT_FOUND', { message: TEXT.notPending });
  return found;
}

function Compare(props: { p: PageRequest; label: Localized; submitted: string; registered: string }) {
  const same = props.submitted === props.registered;
  return (
    <tr class={same ? undefined : 'row-mismatch'}>
      <th scope="row">{props.p.t(props.label)}</th>
      <td>
        <bdi>{props.submitted}</bdi>
      </td>
      <td>
        <bdi>{props.registered}</bdi>
        {!same && <strong class="tag tag-error">{props.p.t(TEXT.mismatch)}</strong>}
      </td>
    </tr>
  );
}

async function decisionPage(p: PageRequest, form: FormState, status: 200 | 400 | 404 | 409 | 422 = 200) {
  const submission = await submissionOf(p);
  const detail = await runRegistrar(() =>
    p.deps.registrar.getDomain({ actor: registrarActorOf(p), domain: submission.domain.ascii }),
  );
  const registered = detail.domain.holder;
  const submitted = submission.holder;
  return p.render({
    title: fill(TEXT.decisionTitle, { id: submission.id }),
    status,
    body: (
      <>
        <p>
          <a href="/registrar/real-name">{p.t(TEXT.backToQueue)}</a>
        </p>
        <p>
          {p.t(SHARED.domain)}
          {p.lang === 'zh' ? '：' : ': '}
          <a href={domainPath(BASE, submission)}>
            <DomainName domain={submission.domain} />
          </a>{' '}
          · {p.t(SHARED.submittedBy)} <bdi class="code">{submission.submittedBy}</bdi> ·{' '}
          {shanghaiDateTime(submission.submittedAt)}
        </p>
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col"></th>
                <th scope="col">{p.t(TEXT.submittedData)}</th>
                <th scope="col">{p.t(TEXT.registeredHolder)}</th>
              </tr>
            </thead>
            <tbody>
              <Compare
                p={p}
                label={SHARED.holderName}
                submitted={submitted.name}
                registered={registered.name}
              />
              <Compare
                p={p}
                label={SHARED.holderType}
                submitted={p.t(SUBJECT_TYPE_LABELS[submitted.type])}
                registered={p.t(SUBJECT_TYPE_LABELS[registered.type])}
              />
              <Compare
                p={p}
                label={SHARED.idType}
                submitted={p.t(ID_TYPE_LABELS[submitted.idType])}
                registered={p.t(ID_TYPE_LABELS[registered.idType])}
              />
              <Compare
                p={p}
                label={SHARED.idNumber}
                submitted={submitted.idNumber}
                registered={registered.idNumber}
              />
            </tbody>
          </table>
        </div>
        <ErrorSummary form={form} />
        <Form form={form} action={`/registrar/real-name/${submission.id}/approve`} class="form">
          <Button>{p.t(TEXT.approve)}</Button>
        </Form>
        <Form form={form} action={`/registrar/real-name/${submission.id}/reject`} class="form">
          <Fieldset form={form} legend={TEXT.rejectLegend}>
            <TextArea
              form={form}
              name="reason.zh"
              label={TEXT.reasonZh}
              hint={TEXT.reasonZhHint}
              rows={3}
              maxlength={MAX_REASON_LENGTH}
            />
            <TextArea
              form={form}
              name="reason.en"
              label={TEXT.reasonEn}
              optional
              rows={3}
              maxlength={MAX_REASON_LENGTH}
            />
            <Button variant="warning">{p.t(TEXT.reject)}</Button>
          </Fieldset>
        </Form>
      </>
    ),
  });
}

function reasonErrors(form: Readonly<Record<string, string>>): FieldError[] {
  const zh = (form['reason.zh'] ?? '').trim();
  const en = (form['reason.en'] ?? '').trim();
  const errors: FieldError[] = [];
  if (zh === '') errors.push({ path: 'reason.zh', code: 'REQUIRED', message: TEXT.reasonNeeded });
  else if (zh.length > MAX_REASON_LENGTH)
    errors.push({ path: 'reason.zh', code: 'TOO_LONG', message: TEXT.reasonTooLong });
  if (en.length > MAX_REASON_LENGTH)
    errors.push({ path: 'reason.en', code: 'TOO_LONG', message: TEXT.reasonTooLong });
  return errors;
}

// ---------------------------------------------------------------------------------------------------
// Reports

async function reportsPage(p: PageRequest) {
  const status = pick(p.query.status, REPORT_STATUSES);
  const actor = registrarActorOf(p);
  const list = (which: ReportStatus) =>
    runRegistrar(() => p.deps.registrar.listReports({ actor, status: which, limit: MAX_PAGE }));
  const sections: { title: Localized; status: ReportStatus }[] = status
    ? [{ title: REPORT_LABELS[status], status }]
    : [
        { title: TEXT.failedReports, status: 'failed' },
        { title: TEXT.scheduledReports, status: 'scheduled' },
      ];
  const lists = await Promise.all(sections.map((section) => list(section.status)));
  const form = p.formState({ values: { status: status ?? '' } });
  const token = p.view.csrfToken;
  return p.render({
    title: TEXT.reportsTitle,
    body: (
      <>
        <p>{p.t(TEXT.reportsIntro)}</p>
        <Form form={form} action="/registrar/reports" method="get" class="form form-inline">
          <SelectField
            form={form}
            name="status"
            label={TEXT.reportStatus}
            options={REPORT_STATUSES.map((value) => ({ value, label: REPORT_LABELS[value] }))}
            placeholder={TEXT.open}
            optional
          />
          <Button variant="secondary">{p.t(TEXT.show)}</Button>
        </Form>
        {sections.map((section, i) => (
          <section>
            <h2>{p.t(section.title)}</h2>
            <ReportTable
              p={p}
              reports={lists[i] ?? []}
              showDomain
              actions={(report) =>
                report.status === 'failed' && (
                  <form method="post" action={`/registrar/reports/${report.id}/retry`} class="inline-form">
                    <input type="hidden" name="_csrf" value={token} />
                    <button type="submit" class="button button-small">
                      {p.t(TEXT.retry)}
                      <span class="visually-hidden"> {report.domain.unicode}</span>
                    </button>
                  </form>
                )
              }
            />
          </section>
        ))}
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------------
// The pages

export const REGISTRAR_CONSOLE_PAGES = [
  definePage({
    method: 'get',
    path: '/registrar',
    access: ACCESS,
    nav: { label: TEXT.nav },
    handle: listPage,
  }),
  definePage({
    method: 'get',
    path: '/registrar/register',
    access: ACCESS,
    handle: (p) => registerPage(p, p.formState({ values: { years: '1', registrar: 'aliyun' } })),
  }),
  definePage({
    method: 'post',
    path: '/registrar/register',
    access: ACCESS,
    async handle(p) {
      try {
        const domain = await runRegistrar(() =>
          p.deps.registrar.registerDomain({
            actor: registrarActorOf(p),
            now: p.deps.now(),
            input: {
              domain: p.form.domain ?? '',
              holder: holderOfForm(p.form),
              years: Number(p.form.years ?? '1'),
              registrar: optionalText(p.form.registrar) ?? undefined,
              account: optionalText(p.form.account),
            },
          }),
        );
        return p.redirect(domainPath(BASE, domain), flashOf(TEXT.registered, domain.domain.unicode));
      } catch (error) {
        const { failure, errors } = refusalOf(error);
        const status = refusalStatus(failure);
        return registerPage(p, p.formState({ errors }), status === 409 ? 409 : 422);
      }
    },
  }),
  definePage({ method: 'get', path: `${BASE}/:domain`, access: ACCESS, handle: (p) => detailPage(p) }),
  definePage({
    method: 'post',
    path: `${BASE}/:domain/renew`,
    access: ACCESS,
    async handle(p) {
      try {
        const domain = await runRegistrar(() =>
          p.deps.registrar.renewDomain({
            actor: registrarActorOf(p),
            now: p.deps.now(),
            domain: domainParam(p),
            input: { years: Number(p.form.years ?? '') },
          }),
        );
        return p.redirect(domainPath(BASE, domain), flashOf(TEXT.renewed, domain.domain.unicode));
      } catch (error) {
        const { failure, errors } = refusalOf(error);
        if (failure.status === 404) throw error;
        return detailPage(p, { renew: p.formState({ errors }) }, refusalStatus(failure));
      }
    },
  }),
  certificatePrintPage({
    base: BASE,
    access: ACCESS,
    refused: (p, failure, status) => detailPage(p, { certificate: failure }, status),
  }),
  definePage({
    method: 'get',
    path: `${BASE}/:domain/holder`,
    access: ACCESS,
    handle: (p) => domainFormPage(p, { ...HOLDER_PAGE, form: p.formState({ values: {}, errors: [] }) }),
  }),
  definePage({
    method: 'post',
    path: `${BASE}/:domain/holder`,
    access: ACCESS,
    handle: (p) =>
      changeOrShow(p, HOLDER_PAGE, async () => {
        const domain = await runRegistrar(() =>
          p.deps.registrar.changeHolder({
            actor: registrarActorOf(p),
            now: p.deps.now(),
            domain: domainParam(p),
            input: { holder: holderOfForm(p.form), account: optionalText(p.form.account) },
          }),
        );
        return p.redirect(domainPath(BASE, domain), flashOf(TEXT.changed, domain.domain.unicode));
      }),
  }),
  definePage({
    method: 'get',
    path: `${BASE}/:domain/transfer-out`,
    access: ACCESS,
    handle: (p) => domainFormPage(p, { ...transferPage(p), form: p.formState({ values: {}, errors: [] }) }),
  }),
  definePage({
    method: 'post',
    path: `${BASE}/:domain/transfer-out`,
    access: ACCESS,
    async handle(p) {
      if (p.form.confirm !== '1') {
        const errors: FieldError[] = [{ path: 'confirm', code: 'REQUIRED', message: TEXT.confirmNeeded }];
        return domainFormPage(p, { ...transferPage(p), form: p.formState({ errors }), status: 422 });
      }
      return changeOrShow(p, transferPage(p), async () => {
        const domain = await runRegistrar(() =>
          p.deps.registrar.transferOut({
            actor: registrarActorOf(p),
            now: p.deps.now(),
            domain: domainParam(p),
            input: { registrar: p.form.registrar ?? '' },
          }),
        );
        return p.redirect(domainPath(BASE, domain), flashOf(TEXT.transferred, domain.domain.unicode));
      });
    },
  }),
  definePage({
    method: 'get',
    path: `${BASE}/:domain/real-name`,
    access: ACCESS,
    async handle(p) {
      const detail = await detailOf(p);
      return domainFormPage(p, {
        ...REAL_NAME_PAGE,
        form: p.formState({ values: holderValues(detail.domain, true), errors: [] }),
      });
    },
  }),
  definePage({
    method: 'post',
    path: `${BASE}/:domain/real-name`,
    access: ACCESS,
    handle: (p) =>
      changeOrShow(p, REAL_NAME_PAGE, async () => {
        const submission = await runRegistrar(() =>
          p.deps.registrar.submitRealName({
            actor: registrarActorOf(p),
            now: p.deps.now(),
            domain: domainParam(p),
            input: { holder: holderOfForm(p.form) },
          }),
        );
        return p.redirect(
          domainPath(BASE, submission),
          flashOf(TEXT.submittedRealName, submission.domain.unicode),
        );
      }),
  }),
  definePage({
    method: 'get',
    path: '/registrar/real-name',
    access: ACCESS,
    nav: { label: TEXT.queueNav },
    handle: queuePage,
  }),
  definePage({
    method: 'get',
    path: '/registrar/real-name/:id',
    access: ACCESS,
    handle: (p) => decisionPage(p, p.formState()),
  }),
  definePage({
    method: 'post',
    path: '/registrar/real-name/:id/approve',
    access: ACCESS,
    async handle(p) {
      const submissionId = idOf(p, TEXT.notPending);
      try {
        const decision = await runRegistrar(() =>
          p.deps.registrar.approveRealName({ actor: registrarActorOf(p), now: p.deps.now(), submissionId }),
        );
        const values = { domain: decision.domain.domain.unicode, due: decision.report?.dueDate ?? '—' };
        return p.redirect('/registrar/real-name', { kind: 'success', message: fill(TEXT.approved, values) });
      } catch (error) {
        const { failure } = refusalOf(error);
        return p.redirect('/registrar/real-name', { kind: 'error', message: failure.message });
      }
    },
  }),
  definePage({
    method: 'post',
    path: '/registrar/real-name/:id/reject',
    access: ACCESS,
    async handle(p) {
      const submissionId = idOf(p, TEXT.notPending);
      const errors = reasonErrors(p.form);
      if (errors.length > 0) return decisionPage(p, p.formState({ errors }), 422);
      const zh = (p.form['reason.zh'] ?? '').trim();
      const en = (p.form['reason.en'] ?? '').trim();
      try {
        const decision = await runRegistrar(() =>
          p.deps.registrar.rejectRealName({
            actor: registrarActorOf(p),
            now: p.deps.now(),
            submissionId,
            input: { reason: en === '' ? { zh } : { zh, en } },
          }),
        );
        return p.redirect('/registrar/real-name', {
          kind: 'success',
          message: fill(TEXT.rejected, { domain: decision.domain.domain.unicode }),
        });
      } catch (error) {
        const { failure } = refusalOf(error);
        return p.redirect('/registrar/real-name', { kind: 'error', message: failure.message });
      }
    },
  }),
  definePage({
    method: 'get',
    path: '/registrar/reports',
    access: ACCESS,
    nav: { label: TEXT.reportsNav },
    handle: reportsPage,
  }),
  definePage({
    method: 'post',
    path: '/registrar/reports/:id/retry',
    access: ACCESS,
    async handle(p) {
      const reportId = idOf(p, TEXT.noSuchReport);
      try {
        const report = await runRegistrar(() =>
          p.deps.registrar.retryReport({ actor: registrarActorOf(p), now: p.deps.now(), reportId }),
        );
        return p.redirect('/registrar/reports', flashOf(TEXT.retried, report.domain.unicode));
      } catch (error) {
        const { failure } = refusalOf(error);
        return p.redirect('/registrar/reports', { kind: 'error', message: failure.message });
      }
    },
  }),
];
