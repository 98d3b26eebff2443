/**
 * 合规巡检 — the compliance monitor on the web (issue 18). For the provider's reviewers and admins
 * (`monitor.read`, `monitor.manage`): campaigns (start one over a cohort; the job worker runs it), a
 * campaign's findings per website with CSV and PDF reports, and rectifications (整改) opened from a
 * campaign with a deadline, notified, rechecked, closed or escalated. For applicants
 * (`rectification.read-own`): the rectifications of their own websites, with what to fix and by when.
 * Every change is a use case of src/monitor (audited there) answered with POST-redirect-GET.
 */
import type { Cohort, Rectification } from '../../monitor/index.ts';
import {
  MonitorError,
  campaignCsv,
  campaignPdf,
  closeRectification,
  escalateRectification,
  listCampaigns,
  listRectifications,
  notifyRectification,
  openRectifications,
  readCampaign,
  readRectification,
  recheckRectification,
  rectificationStatusLabel,
  requestCampaign,
} from '../../monitor/index.ts';
import type { RectificationStatus, StoredMonitorFinding } from '../../store/index.ts';
import type { FieldError, Lang, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  ErrorSummary,
  Form,
  NotFound,
  SelectField,
  SeverityTag,
  TERMS,
  TextArea,
  TextField,
  definePage,
  idParam,
  provinceChoices,
  provinceText,
  signedInAccount,
  t,
  visibleControls,
} from '../kit/index.ts';
import { shanghaiDateTime } from '../kit/time.ts';

const TEXT = {
  title: { zh: '合规巡检', en: 'Compliance checks' },
  intro: {
    zh: '检查本接入商接入的已备案网站：域名是否解析到本接入商的 IP 段、首页是否展示网站备案号并链接到 beian.miit.gov.cn、是否为停放页，以及域名注册是否即将到期。在管局核查之前发现问题，为不合格的网站开启整改。',
    en: 'Checks the filed websites hosted here: whether each domain resolves into this provider’s ranges, whether the home page shows the website number linked to beian.miit.gov.cn or is a parked page, and whether the registration is about to expire. Find problems before the bureau’s inspection and open a rectification for each failing website.',
  },
  disabled: {
    zh: '本部署未声明接入商 IP 段（BEIAN_PROVIDER_CIDRS），不能在这里发起巡检或复查；已有结果和整改仍可查看和处理。',
    en: 'This deployment declares no provider ranges (BEIAN_PROVIDER_CIDRS): campaigns and rechecks cannot run here; existing results and rectifications can still be read and handled.',
  },
  start: { zh: '发起巡检', en: 'Start a campaign' },
  startHint: {
    zh: '不选省份、不填账号时检查全部网站。巡检在后台运行，网站多时需要几分钟。',
    en: 'Without a province or an account, every website is checked. The campaign runs in the background; with many websites it takes minutes.',
  },
  province: TERMS.province,
  account: TERMS.account,
  accountHint: { zh: '只检查这个账号的网站', en: 'Only this account’s websites' },
  allProvinces: { zh: '全部省份', en: 'All provinces' },
  run: { zh: '开始巡检', en: 'Start' },
  queued: {
    zh: '巡检已排队，开始后会出现在下面的列表中。',
    en: 'The campaign is queued; it appears in the list below once it starts.',
  },
  bothCohorts: {
    zh: '省份和账号只能选一个',
    en: 'Choose a province or an account, not both',
  },
  badAccount: {
    zh: '账号名只能包含字母、数字和 . _ @ -',
    en: 'A login has letters, digits and . _ @ - only',
  },
  campaigns: { zh: '巡检记录', en: 'Campaigns' },
  noCampaigns: { zh: '还没有巡检记录。', en: 'No campaign yet.' },
  campaign: { zh: '巡检', en: 'Campaign' },
  cohort: { zh: '范围', en: 'Cohort' },
  status: TERMS.status,
  startedAt: { zh: '开始时间', en: 'Started' },
  startedBy: { zh: '发起人', en: 'Started by' },
  finishedAt: { zh: '完成时间', en: 'Finished' },
  sites: { zh: '网站数', en: 'Websites' },
  failing: { zh: '不合格', en: 'Failing' },
  system: { zh: '每日定时巡检', en: 'daily schedule' },
  running: { zh: '进行中', en: 'running' },
  done: { zh: '已完成', en: 'done' },
  failed: { zh: '出错中止', en: 'failed' },
  all: { zh: '全部网站', en: 'all websites' },
  noCampaign: { zh: '没有这次巡检', en: 'No such campaign' },
  reports: { zh: '下载报告', en: 'Reports' },
  csv: { zh: 'CSV 明细', en: 'CSV details' },
  pdf: { zh: 'PDF 摘要', en: 'PDF summary' },
  results: { zh: '检查结果', en: 'Results' },
  websiteNumber: TERMS.websiteNumber,
  website: { zh: '网站', en: 'Website' },
  domains: { zh: '域名', en: 'Domains' },
  result: { zh: '结果', en: 'Result' },
  findings: { zh: '发现的问题', en: 'Findings' },
  rectification: { zh: '整改', en: 'Rectification' },
  pass: { zh: '合格', en: 'passes' },
  fail: { zh: '不合格', en: 'fails' },
  none: { zh: '无', en: 'none' },
  open: { zh: '开启整改', en: 'Open rectifications' },
  openHint: {
    zh: '为本次巡检中每个不合格、且没有进行中整改的网站开启整改。',
    en: 'Opens a rectification for every failing website of this campaign that has none in progress.',
  },
  deadline: { zh: '整改期限', en: 'Deadline' },
  deadlineHint: {
    zh: '最后一天，格式 YYYY-MM-DD（北京时间），今天或以后',
    en: 'The last day, YYYY-MM-DD (Beijing time), today or later',
  },
  openButton: { zh: '开启整改', en: 'Open' },
  opened: { zh: '已开启整改：', en: 'Rectifications opened: ' },
  nothingOpened: {
    zh: '没有需要开启的整改（不合格的网站都已有进行中的整改）。',
    en: 'Nothing to open: every failing website already has a rectification in progress.',
  },
  rectifications: { zh: '整改', en: 'Rectifications' },
  rectIntro: {
    zh: '每个不合格网站的整改：通知申请人，到期前复查；复查合格即自动关闭，逾期仍不合格的由每日巡检上报。',
    en: 'One rectification per failing website: notify the applicant and recheck before the deadline; a passing recheck closes it, and the daily run escalates one still failing past its deadline.',
  },
  filter: { zh: '筛选', en: 'Filter' },
  anyStatus: { zh: '全部状态', en: 'Any status' },
  show: { zh: '查看', en: 'Show' },
  noRectifications: { zh: '没有符合条件的整改。', en: 'No rectifications match.' },
  id: { zh: '编号', en: 'No.' },
  codes: { zh: '问题代码', en: 'Codes' },
  rechecks: { zh: '复查次数', en: 'Rechecks' },
  lastChecked: { zh: '最近检查', en: 'Last checked' },
  notifiedAt: { zh: '通知时间', en: 'Notified' },
  note: { zh: '备注', en: 'Note' },
  noteHint: { zh: '关闭或上报的原因（可选）', en: 'Why it is closed or escalated (optional)' },
  notify: { zh: '通知申请人', en: 'Notify the applicant' },
  recheck: { zh: '立即复查', en: 'Recheck now' },
  close: { zh: '关闭整改', en: 'Close' },
  escalate: { zh: '上报管局', en: 'Escalate' },
  notified: { zh: '已通知申请人。', en: 'The applicant was notified.' },
  rechecked: { zh: '已复查：', en: 'Rechecked: ' },
  recheckPassed: { zh: '合格，整改已关闭。', en: 'it passes; the rectification is closed.' },
  recheckFailed: { zh: '仍不合格。', en: 'it still fails.' },
  closed: { zh: '整改已关闭。', en: 'The rectification is closed.' },
  escalated: { zh: '整改已上报。', en: 'The rectification is escalated.' },
  noRectification: { zh: '没有这条整改', en: 'No such rectification' },
  notice: { zh: '发给申请人的通知', en: 'Notice to the applicant' },
  lastFindings: { zh: '最近一次检查发现的问题', en: 'Findings of the last check' },
  remedy: { zh: '整改方法：', en: 'What to do: ' },
  back: { zh: '返回整改列表', en: 'Back to the rectifications' },
  fromCampaign: { zh: '来自巡检', en: 'From campaign' },
  mine: { zh: '整改通知', en: 'Rectification notices' },
  mineIntro: {
    zh: '接入商在合规巡检中发现您的网站存在以下问题。请在期限前完成整改；接入商复查合格后整改自动关闭，逾期未整改的可能被上报管局，影响备案。',
    en: 'The hosting provider’s compliance check found the following on your websites. Fix them by the deadline; a passing recheck closes the rectification, and one not fixed in time may be reported to the bureau and put the filing at risk.',
  },
  noMine: { zh: '您的网站没有整改通知。', en: 'Your websites have no rectification notices.' },
} satisfies Record<string, Localized>;

const CAMPAIGN_STATUS: Record<string, Localized> = {
  running: TEXT.running,
  done: TEXT.done,
  failed: TEXT.failed,
};
const STATUSES: readonly RectificationStatus[] = ['open', 'notified', 'escalated', 'closed'];
const ACCOUNT_PATTERN = /^[\p{L}\p{N}._@-]{1,64}$/u;

const actorOf = (p: PageRequest) => {
  const account = signedInAccount(p);
  return { account: account.login, role: account.role };
};

function cohortLabel(p: PageRequest, cohort: string): string {
  if (cohort === 'all') return p.t(TEXT.all);
  const [kind, value = ''] = [cohort.slice(0, cohort.indexOf(':')), cohort.slice(cohort.indexOf(':') + 1)];
  if (kind === 'province') return provinceText(p.deps.policy, value, p.lang);
  return `${p.t(TEXT.account)} ${value}`;
}

const campaignIdOf = (p: PageRequest) => idParam(p, TEXT.noCampaign);
const rectificationIdOf = (p: PageRequest) => idParam(p, TEXT.noRectification);

/** A monitor refusal: not found is the 404 page; anything else is the caller's to show. */
function notFoundOr(error: unknown): never {
  if (
    error instanceof MonitorError &&
    (error.code === 'CAMPAIGN_NOT_FOUND' || error.code === 'RECTIFICATION_NOT_FOUND')
  )
    throw new NotFound(error.messages);
  throw error;
}

/** The findings of one website as a list: severity, message and the remedy, code last. */
function FindingList(props: { lang: Lang; findings: readonly StoredMonitorFinding[]; remedies?: boolean }) {
  if (props.findings.length === 0) return <span>{t(props.lang, TEXT.none)}</span>;
  return (
    <ul class="monitor-findings">
      {props.findings.map((finding) => (
        <li class={`finding finding-${finding.severity}`}>
          <SeverityTag lang={props.lang} severity={finding.severity} />{' '}
          {visibleControls(t(props.lang, finding.message))} <code>{finding.code}</code>
          {props.remedies && (
            <p class="finding-remedy">
              <strong>{t(props.lang, TEXT.remedy)}</strong>
              {visibleControls(t(props.lang, finding.remedy))}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

function readCohort(p: PageRequest): { cohort: Cohort | null; errors: FieldError[] } {
  const province = (p.form.province ?? '').trim();
  const account = (p.form.account ?? '').trim();
  if (province !== '' && account !== '')
    return { cohort: null, errors: [{ path: 'account', code: 'CONFLICT', message: TEXT.bothCohorts }] };
  if (account !== '') {
    if (!ACCOUNT_PATTERN.test(account))
      return { cohort: null, errors: [{ path: 'account', code: 'INVALID', message: TEXT.badAccount }] };
    return { cohort: { kind: 'account', account }, errors: [] };
  }
  if (province !== '') {
    const found = p.deps.policy.findProvince(province);
    if (!found)
      return {
        cohort: null,
        errors: [
          { path: 'province', code: 'INVALID', message: { zh: '请选择省份', en: 'Choose a province' } },
        ],
      };
    return { cohort: { kind: 'province', province: found.code }, errors: [] };
  }
  return { cohort: { kind: 'all' }, errors: [] };
}

async function campaignsPage(p: PageRequest, errors: readonly FieldError[] = []): Promise<Response> {
  const campaigns = await listCampaigns(p.deps.db);
  const form = p.formState({ errors });
  return p.render({
    title: TEXT.title,
    status: errors.length > 0 ? 422 : 200,
    body: (
      <>
        <p>{p.t(TEXT.intro)}</p>
        {p.deps.monitor === null ? (
          <p class="notice">{p.t(TEXT.disabled)}</p>
        ) : (
          <section>
            <h2>{p.t(TEXT.start)}</h2>
            <p class="hint">{p.t(TEXT.startHint)}</p>
            <ErrorSummary form={form} />
            <Form form={form} action="/monitor/campaigns" class="form form-inline">
              <SelectField
                form={form}
                name="province"
                label={TEXT.province}
                optional
                options={provinceChoices(p.deps.policy)}
                placeholder={TEXT.allProvinces}
                width="medium"
              />
              <TextField
                form={form}
                name="account"
                label={TEXT.account}
                hint={TEXT.accountHint}
                optional
                code
                width="medium"
                maxlength={64}
              />
              <Button>{p.t(TEXT.run)}</Button>
            </Form>
          </section>
        )}
        <h2>{p.t(TEXT.campaigns)}</h2>
        {campaigns.length === 0 ? (
          <p class="notice">{p.t(TEXT.noCampaigns)}</p>
        ) : (
          <div class="table-wrap">
            <table class="table monitor-table">
              <thead>
                <tr>
                  <th scope="col">{p.t(TEXT.campaign)}</th>
                  <th scope="col">{p.t(TEXT.cohort)}</th>
                  <th scope="col">{p.t(TEXT.status)}</th>
                  <th scope="col">{p.t(TEXT.startedAt)}</th>
                  <th scope="col">{p.t(TEXT.startedBy)}</th>
                  <th scope="col">{p.t(TEXT.sites)}</th>
                  <th scope="col">{p.t(TEXT.failing)}</th>
                </tr>
              </thead>
              <tbody>
                {campaigns.map((c) => (
                  <tr>
                    <td data-label={p.t(TEXT.campaign)}>
                      <a href={`/monitor/campaigns/${c.id}`}>#{c.id}</a>
                    </td>
                    <td data-label={p.t(TEXT.cohort)}>
                      <bdi>{cohortLabel(p, c.cohort)}</bdi>
                    </td>
                    <td data-label={p.t(TEXT.status)}>{p.t(CAMPAIGN_STATUS[c.status] ?? TEXT.running)}</td>
                    <td class="nowrap" data-label={p.t(TEXT.startedAt)}>
                      {shanghaiDateTime(c.startedAt)}
                    </td>
                    <td data-label={p.t(TEXT.startedBy)}>
                      {c.startedBy === 'system' ? p.t(TEXT.system) : <bdi>{c.startedBy}</bdi>}
                    </td>
                    <td class="numeric" data-label={p.t(TEXT.sites)}>
                      {c.sites}
                    </td>
                    <td class="numeric" data-label={p.t(TEXT.failing)}>
                      {c.failing}
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

async function campaignPage(p: PageRequest, errors: readonly FieldError[] = []): Promise<Response> {
  const id = campaignIdOf(p);
  const { campaign, results } = await readCampaign(p.deps.db, id).catch(notFoundOr);
  const form = p.formState({ errors });
  const summary = {
    zh: `${TEXT.campaign.zh} #${campaign.id}`,
    en: `${TEXT.campaign.en} #${campaign.id}`,
  };
  return p.render({
    title: summary,
    status: errors.length > 0 ? 422 : 200,
    body: (
      <>
        <dl class="summary-list">
          <dt>{p.t(TEXT.cohort)}</dt>
          <dd>
            <bdi>{cohortLabel(p, campaign.cohort)}</bdi>
          </dd>
          <dt>{p.t(TEXT.status)}</dt>
          <dd>{p.t(CAMPAIGN_STATUS[campaign.status] ?? TEXT.running)}</dd>
          <dt>{p.t(TEXT.startedAt)}</dt>
          <dd>{shanghaiDateTime(campaign.startedAt)}</dd>
          <dt>{p.t(TEXT.finishedAt)}</dt>
          <dd>{shanghaiDateTime(campaign.finishedAt)}</dd>
          <dt>{p.t(TEXT.sites)}</dt>
          <dd>{campaign.sites}</dd>
          <dt>{p.t(TEXT.failing)}</dt>
          <dd>{campaign.failing}</dd>
        </dl>
        <p>
          {p.t(TEXT.reports)}: <a href={`/monitor/campaigns/${campaign.id}/report.csv`}>{p.t(TEXT.csv)}</a>
          {' · '}
          <a href={`/monitor/campaigns/${campaign.id}/report.pdf`}>{p.t(TEXT.pdf)}</a>
        </p>
        {campaign.failing > 0 && (
          <section>
            <h2>{p.t(TEXT.open)}</h2>
            <p class="hint">{p.t(TEXT.openHint)}</p>
            <ErrorSummary form={form} />
            <Form
              form={form}
              action={`/monitor/campaigns/${campaign.id}/rectifications`}
              class="form form-inline"
            >
              <TextField
                form={form}
                name="deadline"
                label={TEXT.deadline}
                hint={TEXT.deadlineHint}
                code
                width="short"
                maxlength={10}
              />
              <Button>{p.t(TEXT.openButton)}</Button>
            </Form>
          </section>
        )}
        <h2>{p.t(TEXT.results)}</h2>
        <div class="table-wrap">
          <table class="table monitor-table">
            <thead>
              <tr>
                <th scope="col">{p.t(TEXT.websiteNumber)}</th>
                <th scope="col">{p.t(TEXT.website)}</th>
                <th scope="col">{p.t(TEXT.domains)}</th>
                <th scope="col">{p.t(TEXT.result)}</th>
                <th scope="col">{p.t(TEXT.findings)}</th>
                <th scope="col">{p.t(TEXT.rectification)}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr>
                  <td class="nowrap" data-label={p.t(TEXT.websiteNumber)}>
                    {r.number}
                  </td>
                  <td data-label={p.t(TEXT.website)}>
                    {r.websiteName !== null && r.websiteName !== '' && (
                      <>
                        <bdi>{r.websiteName}</bdi>
                        <br />
                      </>
                    )}
                    <bdi class="muted">{r.subjectName}</bdi>
                  </td>
                  <td data-label={p.t(TEXT.domains)}>
                    {r.domains.map((d) => (
                      <bdi class="domain">{d} </bdi>
                    ))}
                  </td>
                  <td data-label={p.t(TEXT.result)}>
                    <span class={`tag ${r.ok ? 'tag-ok' : 'tag-error'}`}>
                      {p.t(r.ok ? TEXT.pass : TEXT.fail)}
                    </span>
                  </td>
                  <td data-label={p.t(TEXT.findings)}>
                    <FindingList lang={p.lang} findings={r.findings} />
                  </td>
                  <td data-label={p.t(TEXT.rectification)}>
                    {r.rectification ? (
                      <a href={`/monitor/rectifications/${r.rectification.id}`}>
                        #{r.rectification.id} {p.t(rectificationStatusLabel(r.rectification.status))}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    ),
  });
}

function RectificationTable(props: { p: PageRequest; rows: readonly Rectification[]; link: boolean }) {
  const { p, rows } = props;
  return (
    <div class="table-wrap">
      <table class="table monitor-table">
        <thead>
          <tr>
            <th scope="col">{p.t(TEXT.id)}</th>
            <th scope="col">{p.t(TEXT.websiteNumber)}</th>
            {props.link && <th scope="col">{p.t(TEXT.account)}</th>}
            <th scope="col">{p.t(TEXT.status)}</th>
            <th scope="col">{p.t(TEXT.deadline)}</th>
            <th scope="col">{p.t(props.link ? TEXT.codes : TEXT.findings)}</th>
            {props.link && <th scope="col">{p.t(TEXT.rechecks)}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td data-label={p.t(TEXT.id)}>
                {props.link ? <a href={`/monitor/rectifications/${r.id}`}>#{r.id}</a> : `#${r.id}`}
              </td>
              <td class="nowrap" data-label={p.t(TEXT.websiteNumber)}>
                {r.number}
              </td>
              {props.link && (
                <td data-label={p.t(TEXT.account)}>
                  <bdi>{r.account ?? '—'}</bdi>
                </td>
              )}
              <td data-label={p.t(TEXT.status)}>{p.t(rectificationStatusLabel(r.status))}</td>
              <td class="nowrap" data-label={p.t(TEXT.deadline)}>
                {r.deadline}
              </td>
              <td data-label={p.t(props.link ? TEXT.codes : TEXT.findings)}>
                {props.link ? (
                  r.codes.map((code) => <code>{code} </code>)
                ) : (
                  <FindingList
                    lang={p.lang}
                    findings={r.lastFindings.filter((f) => f.severity !== 'info')}
                    remedies
                  />
                )}
              </td>
              {props.link && (
                <td class="numeric" data-label={p.t(TEXT.rechecks)}>
                  {r.rechecks}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

async function rectificationPage(p: PageRequest, errors: readonly FieldError[] = []): Promise<Response> {
  const r = await readRectification(p.deps.db, rectificationIdOf(p)).catch(notFoundOr);
  const form = p.formState({ errors });
  const active = r.status !== 'closed';
  const action = (name: string) => `/monitor/rectifications/${r.id}/${name}`;
  return p.render({
    title: { zh: `${TEXT.rectification.zh} #${r.id}`, en: `${TEXT.rectification.en} #${r.id}` },
    status: errors.length > 0 ? 422 : 200,
    body: (
      <>
        <dl class="summary-list">
          <dt>{p.t(TEXT.websiteNumber)}</dt>
          <dd>{r.number}</dd>
          <dt>{p.t(TEXT.account)}</dt>
          <dd>
            <bdi>{r.account ?? '—'}</bdi>
          </dd>
          <dt>{p.t(TEXT.status)}</dt>
          <dd>{p.t(rectificationStatusLabel(r.status))}</dd>
          <dt>{p.t(TEXT.deadline)}</dt>
          <dd>{r.deadline}</dd>
          <dt>{p.t(TEXT.fromCampaign)}</dt>
          <dd>
            <a href={`/monitor/campaigns/${r.campaignId}`}>#{r.campaignId}</a>
          </dd>
          <dt>{p.t(TEXT.lastChecked)}</dt>
          <dd>
            {shanghaiDateTime(r.lastCheckedAt)}（{p.t(TEXT.rechecks)} {r.rechecks}）
          </dd>
          <dt>{p.t(TEXT.notifiedAt)}</dt>
          <dd>{r.notifiedAt ? shanghaiDateTime(r.notifiedAt) : '—'}</dd>
          {r.note !== null && (
            <>
              <dt>{p.t(TEXT.note)}</dt>
              <dd>
                <bdi>{r.note}</bdi>
              </dd>
            </>
          )}
        </dl>
        <h2>{p.t(TEXT.lastFindings)}</h2>
        <FindingList lang={p.lang} findings={r.lastFindings} remedies />
        {active && (
          <section>
            <ErrorSummary form={form} />
            <div class="button-group monitor-actions">
              {r.status === 'open' && (
                <Form form={form} action={action('notify')} class="form form-inline">
                  <Button>{p.t(TEXT.notify)}</Button>
                </Form>
              )}
              {p.deps.monitor !== null && (
                <Form form={form} action={action('recheck')} class="form form-inline">
                  <Button variant="secondary">{p.t(TEXT.recheck)}</Button>
                </Form>
              )}
            </div>
            <Form form={form} action={action('settle')} class="form">
              <TextArea
                form={form}
                name="note"
                label={TEXT.note}
                hint={TEXT.noteHint}
                optional
                rows={2}
                maxlength={500}
              />
              <div class="button-group monitor-actions">
                <Button variant="secondary" name="to" value="closed">
                  {p.t(TEXT.close)}
                </Button>
                {r.status !== 'escalated' && (
                  <Button variant="warning" name="to" value="escalated">
                    {p.t(TEXT.escalate)}
                  </Button>
                )}
              </div>
            </Form>
          </section>
        )}
        <p>
          <a href="/monitor/rectifications">{p.t(TEXT.back)}</a>
        </p>
      </>
    ),
  });
}

/** Runs one rectification change; a refusal (moved meanwhile, website gone) comes back as a flash. */
async function changeRectification(
  p: PageRequest,
  change: (id: number) => Promise<Localized>,
): Promise<Response> {
  const id = rectificationIdOf(p);
  const to = `/monitor/rectifications/${id}`;
  try {
    return p.redirect(to, { kind: 'success', message: await change(id) });
  } catch (error) {
    if (error instanceof MonitorError && error.code === 'RECTIFICATION_NOT_FOUND') notFoundOr(error);
    if (error instanceof MonitorError) return p.redirect(to, { kind: 'error', message: error.messages });
    throw error;
  }
}

export const MONITOR_PAGES = [
  definePage({
    method: 'get',
    path: '/monitor',
    access: 'monitor.read',
    nav: { label: TEXT.title },
    handle: (p) => campaignsPage(p),
  }),
  definePage({
    method: 'post',
    path: '/monitor/campaigns',
    access: 'monitor.manage',
    async handle(p) {
      if (p.deps.monitor === null) return p.redirect('/monitor', { kind: 'error', message: TEXT.disabled });
      const { cohort, errors } = readCohort(p);
      if (!cohort) return campaignsPage(p, errors);
      await requestCampaign(p.deps.db.kysely, { cohort, actor: actorOf(p), now: p.deps.now() });
      return p.redirect('/monitor', { kind: 'info', message: TEXT.queued });
    },
  }),
  definePage({
    method: 'get',
    path: '/monitor/campaigns/:id',
    access: 'monitor.read',
    handle: (p) => campaignPage(p),
  }),
  definePage({
    method: 'get',
    path: '/monitor/campaigns/:id/report.csv',
    access: 'monitor.read',
    async handle(p) {
      const id = campaignIdOf(p);
      const { results } = await readCampaign(p.deps.db, id).catch(notFoundOr);
      // A byte order mark: spreadsheet programs on Windows read UTF-8 CSV as such only with it.
      return new Response(`\ufeff${campaignCsv(results, p.lang)}`, {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="monitor-campaign-${id}.csv"`,
        },
      });
    },
  }),
  definePage({
    method: 'get',
    path: '/monitor/campaigns/:id/report.pdf',
    access: 'monitor.read',
    async handle(p) {
      const id = campaignIdOf(p);
      const { campaign, results } = await readCampaign(p.deps.db, id).catch(notFoundOr);
      const pdf = await campaignPdf(campaign, results);
      return new Response(new Uint8Array(pdf), {
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="monitor-campaign-${id}.pdf"`,
        },
      });
    },
  }),
  definePage({
    method: 'post',
    path: '/monitor/campaigns/:id/rectifications',
    access: 'monitor.manage',
    async handle(p) {
      const id = campaignIdOf(p);
      try {
        const { opened } = await openRectifications(p.deps.db, {
          campaignId: id,
          deadline: (p.form.deadline ?? '').trim(),
          actor: actorOf(p),
          now: p.deps.now(),
        });
        if (opened.length === 0)
          return p.redirect(`/monitor/campaigns/${id}`, { kind: 'info', message: TEXT.nothingOpened });
        const numbers = opened.map((o) => o.number).join('、');
        return p.redirect('/monitor/rectifications', {
          kind: 'success',
          message: { zh: `${TEXT.opened.zh}${numbers}`, en: `${TEXT.opened.en}${numbers}` },
        });
      } catch (error) {
        if (error instanceof MonitorError && error.code === 'DEADLINE_INVALID')
          return campaignPage(p, error.fields);
        return notFoundOr(error);
      }
    },
  }),
  definePage({
    method: 'get',
    path: '/monitor/rectifications',
    access: 'monitor.read',
    nav: { label: TEXT.rectifications },
    async handle(p) {
      const wanted = (p.query.status ?? '') as RectificationStatus;
      const status = STATUSES.includes(wanted) ? wanted : undefined;
      const rows = await listRectifications(p.deps.db, status ? { status } : {});
      const form = p.formState({ values: { status: status ?? '' } });
      return p.render({
        title: TEXT.rectifications,
        body: (
          <>
            <p>{p.t(TEXT.rectIntro)}</p>
            <Form form={form} action="/monitor/rectifications" method="get" class="form form-inline">
              <SelectField
                form={form}
                name="status"
                label={TEXT.status}
                optional
                placeholder={TEXT.anyStatus}
                options={STATUSES.map((s) => ({ value: s, label: rectificationStatusLabel(s) }))}
                width="short"
              />
              <Button variant="secondary">{p.t(TEXT.show)}</Button>
            </Form>
            {rows.length === 0 ? (
              <p class="notice">{p.t(TEXT.noRectifications)}</p>
            ) : (
              <RectificationTable p={p} rows={rows} link />
            )}
          </>
        ),
      });
    },
  }),
  definePage({
    method: 'get',
    path: '/monitor/rectifications/:id',
    access: 'monitor.read',
    handle: (p) => rectificationPage(p),
  }),
  definePage({
    method: 'post',
    path: '/monitor/rectifications/:id/notify',
    access: 'monitor.manage',
    handle: (p) =>
      changeRectification(p, async (id) => {
        await notifyRectification(p.deps.db, { id, actor: actorOf(p), now: p.deps.now() });
        return TEXT.notified;
      }),
  }),
  definePage({
    method: 'post',
    path: '/monitor/rectifications/:id/recheck',
    access: 'monitor.manage',
    handle: (p) =>
      changeRectification(p, async (id) => {
        const monitor = p.deps.monitor;
        if (monitor === null) throw new MonitorError('WEBSITE_NOT_MONITORED', TEXT.disabled);
        const r = await recheckRectification(p.deps.db, { id, actor: actorOf(p), monitor: monitor() });
        const verdict = r.status === 'closed' ? TEXT.recheckPassed : TEXT.recheckFailed;
        return { zh: `${TEXT.rechecked.zh}${verdict.zh}`, en: `${TEXT.rechecked.en}${verdict.en}` };
      }),
  }),
  definePage({
    method: 'post',
    path: '/monitor/rectifications/:id/settle',
    access: 'monitor.manage',
    async handle(p) {
      const to = p.form.to;
      const note = (p.form.note ?? '').trim().slice(0, 500) || null;
      if (to !== 'closed' && to !== 'escalated') return rectificationPage(p);
      return changeRectification(p, async (id) => {
        const request = { id, actor: actorOf(p), now: p.deps.now(), note };
        if (to === 'closed') {
          await closeRectification(p.deps.db, request);
          return TEXT.closed;
        }
        await escalateRectification(p.deps.db, request);
        return TEXT.escalated;
      });
    },
  }),
  definePage({
    method: 'get',
    path: '/my/rectifications',
    access: 'rectification.read-own',
    nav: { label: TEXT.mine },
    async handle(p) {
      const account = signedInAccount(p);
      // The applicant hears of a rectification when the provider notifies them, not when it is opened.
      const rows = (await listRectifications(p.deps.db, { account: account.login })).filter(
        (r) => r.notified,
      );
      return p.render({
        title: TEXT.mine,
        body: (
          <>
            <p>{p.t(TEXT.mineIntro)}</p>
            {rows.length === 0 ? (
              <p class="notice">{p.t(TEXT.noMine)}</p>
            ) : (
              <RectificationTable p={p} rows={rows} link={false} />
            )}
          </>
        ),
      });
    },
  }),
];
