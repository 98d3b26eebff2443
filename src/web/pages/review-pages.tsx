/**
 * 审核台 — the reviewers' consoles: 初审 at the provider (/review, provider-reviewer) and 管局审核 in the
 * MIIT sandbox (/bureau, bureau-reviewer). Each is a queue of the applications waiting in its status,
 * oldest first (a queue is worked in the order it was filled), and a detail page to decide from:
 * approve, or reject with reasons naming fields (初审 and 管局审核, Tencent Cloud 备案审核 FAQ; the
 * applicant sees each reason next to its field). The decisions are the workflow's use cases
 * (providerReview, bureauReview), answered with POST-redirect-GET. The provider console also shows
 * what an application holds (its domains and subject) and on what evidence, and lets the reviewer
 * release a squatted hold (releaseSquattedHold, issue 12).
 */
import { workflowDeps } from '../../http/context.ts';
import { DOCUMENT_KIND_LABELS, contentDisposition } from '../../documents/index.ts';
import { allows, can } from '../../filing/index.ts';
import type {
  Application,
  ApplicationDocument,
  BureauReviewResult,
  CallOutcome,
  QUEUE_ACTIONS,
  QueueSort,
  QueueStatus,
  ReviewCallLog,
} from '../../workflow/index.ts';
import {
  CALL_OUTCOMES,
  WorkflowError,
  applicationTimeline,
  bureauReview,
  listRejectionReasons,
  listIdentityTasks,
  listReviewCalls,
  providerReview,
  recordReviewCall,
  rejectDocument,
  releaseSquattedHold,
  readApplication,
  readApplicationApps,
  readDocument,
  restartSms,
  reviewQueue,
} from '../../workflow/index.ts';
import type { SmsStatus } from '../../miit/index.ts';
import type {
  Choice,
  Failure,
  FieldError,
  Flash,
  FormState,
  Lang,
  Localized,
  PageRequest,
} from '../kit/index.ts';
import {
  APPLICATION_STATUS_LABELS,
  Button,
  Checkbox,
  TextField,
  ConfirmCheckbox,
  DomainName,
  ErrorSummary,
  applicationTypeLabel,
  Fieldset,
  Form,
  SelectField,
  Pager,
  TERMS,
  TextArea,
  confirmError,
  definePage,
  failureOf,
  format,
  idParam,
  isConfirmed,
  pageParam,
} from '../kit/index.ts';
import { shanghaiDateTime, waitingTime } from '../kit/time.ts';
import { AppEntriesSection } from './app-entries-view.tsx';
import { IdentitySection } from './identity-pages.tsx';
import type { FieldView } from './review-application-view.tsx';
import {
  ApplicationFields,
  ApplicationSummary,
  DocumentTable,
  GENERAL_REASON_PATH,
  NumbersView,
  Timeline,
  VerificationResults,
  documentsOf,
  numbersOf,
  provinceName,
  reasonChoices,
  recheck,
} from './review-application-view.tsx';

/** Rows of "field + reason" a rejection form offers; more reasons than this go in the general one. */
const REASON_ROWS = 5;
const MAX_REASON = 500;
const PAGE_SIZE = 50;

const TEXT = {
  queueEmpty: { zh: '队列为空，没有等待处理的申请。', en: 'The queue is empty: nothing is waiting.' },
  id: TERMS.application,
  subject: TERMS.subject,
  province: { zh: '省份', en: 'Province' },
  filingType: TERMS.filingType,
  domains: TERMS.domains,
  submitted: TERMS.submitted,
  waiting: { zh: '已等待', en: 'Waiting' },
  open: { zh: '审核', en: 'Review' },
  undetermined: TERMS.undetermined,
  back: { zh: '返回队列', en: 'Back to the queue' },
  toDecision: { zh: '跳到审核结论', en: 'Go to the decision' },
  application: { zh: '申请信息', en: 'The application' },
  decision: { zh: '审核结论', en: 'Decision' },
  approveLegend: { zh: '通过', en: 'Approve' },
  approveConfirm: {
    zh: '我已核对申请信息、核验结果和备案材料，确认通过',
    en: 'I have checked the entries, the verification results and the documents, and approve',
  },
  approveUnconfirmed: {
    zh: '通过前请勾选确认：已核对申请信息、核验结果和备案材料',
    en: 'Tick the box to confirm you have checked the entries, the results and the documents',
  },
  rejectLegend: { zh: '驳回', en: 'Reject' },
  rejectHint: {
    zh: '至少填写一条原因。每条原因选择它针对的字段，申请人会在该字段旁看到它；与具体字段无关的写在“总体原因”中。',
    en: 'Give at least one reason. Pick the field each reason is about: the applicant sees it next to that field. Reasons about no particular field go in the general reason.',
  },
  reasonField: { zh: '原因 {n}：针对的字段', en: 'Reason {n}: the field' },
  reasonText: { zh: '原因 {n}：说明', en: 'Reason {n}: what is wrong' },
  general: { zh: '总体原因', en: 'General reason' },
  noField: { zh: '（不选）', en: '(none)' },
  reject: { zh: '驳回申请', en: 'Reject the application' },
  notWaiting: {
    zh: '该申请当前状态为“{status}”，不在本队列中，不能在此处理。',
    en: 'The application is “{status}”, not in this queue; it cannot be decided here.',
  },
  noApplication: { zh: '没有这个备案申请', en: 'No such application' },
  noDocument: { zh: '没有这个材料', en: 'No such document' },
  needReason: { zh: '驳回时至少填写一条原因', en: 'Give at least one reason to reject' },
  needField: { zh: '请选择这条原因针对的字段', en: 'Choose the field this reason is about' },
  unknownField: { zh: '所选字段不属于该申请', en: 'The chosen field is not part of this application' },
  needText: { zh: '请填写这条原因的说明', en: 'Write what is wrong with this field' },
  tooLong: { zh: `原因最多 ${MAX_REASON} 个字符`, en: `A reason has at most ${MAX_REASON} characters` },
  refused: { zh: '未能完成：', en: 'Not done: ' },
  smsTitle: { zh: '短信核验', en: 'SMS verification' },
  smsRound: {
    zh: '本轮验证码有效至 {expires}；还可重发 {resends} 次，还可输错 {tries} 次。',
    en: 'This round’s codes are valid until {expires}; {resends} resends and {tries} wrong codes are left.',
  },
  smsRestartHint: {
    zh: '申请人的验证码丢失且重发次数已用完、或重发受限时，可重新发起短信核验：工信部向负责人手机发送新的验证码，重发和输错次数重新计算，24 小时重新开始。',
    en: 'When the applicant lost the codes and the resends are spent or limited, restart SMS verification: MIIT sends new codes to the responsible persons, the resends and wrong codes are counted afresh and the 24 hours start again.',
  },
  smsRestart: { zh: '重新发起短信核验', en: 'Restart SMS verification' },
  smsRestarted: {
    zh: '已重新发起短信核验：申请 #{id}，新的验证码已发送。',
    en: 'SMS verification restarted for application #{id}; new codes were sent.',
  },
  hold: { zh: '占用', en: 'Hold' },
  holdIntro: {
    zh: '占用中的申请独占其域名和主体：其他申请不能提交它们，核验显示“该域名存在进行中的备案申请”。只有在申请人证明掌控该主体时提交即占用；否则在初审通过后才占用。',
    en: 'A holding application has its domains and subject to itself: no other application can submit them, and checks report an order in progress. It holds from submission only when the applicant showed control of the subject; otherwise from the provider review’s pass.',
  },
  holdNone: {
    zh: '未占用：在初审通过之前，不阻挡其他人为该域名或主体备案。',
    en: 'Holds nothing: until the provider review passes, it blocks nobody from filing these domains or this subject.',
  },
  holdBy: { zh: '占用中，依据：', en: 'Holding, on: ' },
  releaseLegend: { zh: '释放占用', en: 'Release the hold' },
  releaseHint: {
    zh: '申请人无权代表该主体（抢注）时使用：域名和主体立即释放，申请仍留在队列中，初审通过时才会重新占用。原因记入审计记录。',
    en: 'For an applicant who does not act for the subject (squatting): the domains and the subject are freed at once; the application stays in the queue and holds again only when the review passes. The reason goes into the audit trail.',
  },
  releaseReason: { zh: '释放原因', en: 'Why the hold goes' },
  release: { zh: '释放占用', en: 'Release the hold' },
  released: { zh: '已释放申请 #{id} 的占用。', en: 'The hold of application #{id} was released.' },
  // The queue's service level (issue 15).
  dueBy: { zh: '时限', en: 'Due by' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  dueUnknown: { zh: '日历未覆盖', en: 'not in the calendar' },
  serviceLevel: {
    zh: '服务时限：进入队列后 {n} 个工作日内处理（按法定工作日历）。当前逾期 {overdue} 件。',
    en: 'Service level: {n} working days after entering the queue (official working-day calendar). {overdue} overdue now.',
  },
  sortOverdue: { zh: '逾期的排在前面', en: 'Overdue first' },
  sortSubmitted: { zh: '按提交时间排序', en: 'Oldest submission first' },
  // Coded rejection reasons.
  reasonCode: { zh: '原因 {n}：原因库', en: 'Reason {n}: from the library' },
  noCode: { zh: '（自行填写）', en: '(write my own)' },
  needReasonOrCode: {
    zh: '请从原因库选择原因或填写说明',
    en: 'Pick a reason from the library or write what is wrong',
  },
  // Rejecting one document.
  documentRejectLegend: { zh: '驳回单份材料', en: 'Reject one document' },
  documentRejectHint: {
    zh: '材料不合格（如扫描件模糊、证件过期）时，只驳回这一份：申请人替换它，申请无需撤回。勾选“要求补充材料”后申请进入“待补充材料”，全部替换后自动回到初审。',
    en: 'When a document is not acceptable (a blurred scan, an expired licence), reject just that one: the applicant replaces it without withdrawing. With “request documents” the application waits as “documents requested” and returns to review once every rejected one is replaced.',
  },
  documentField: { zh: '材料', en: 'Document' },
  documentCode: { zh: '原因库', en: 'Reason from the library' },
  documentNote: { zh: '说明', en: 'Explanation' },
  supplement: {
    zh: '要求补充材料（暂停初审，等待申请人替换）',
    en: 'Request documents (pause the review until the applicant replaces them)',
  },
  documentReject: { zh: '驳回该材料', en: 'Reject the document' },
  documentRejected: {
    zh: '已驳回材料 {file}，申请人会看到原因并替换它。',
    en: 'Document {file} rejected; the applicant sees why and replaces it.',
  },
  // The 初审 call log.
  calls: { zh: '电话核验记录', en: 'Verification calls' },
  callsIntro: {
    zh: '初审时致电主体负责人和网站负责人，核实备案是其本人办理。记录仅审核员可见，申请人只看不到。',
    en: 'In the review, call the subject’s and each website’s principal to confirm the filing is theirs. Only reviewers see this log.',
  },
  noCalls: { zh: '尚无通话记录。', en: 'No calls yet.' },
  callContact: { zh: '联系人', en: 'Contact' },
  callPhone: { zh: '号码', en: 'Number' },
  callAt: { zh: '通话时间', en: 'Called at' },
  callOutcome: { zh: '结果', en: 'Outcome' },
  callNote: { zh: '备注', en: 'Note' },
  callNext: { zh: '下次联系', en: 'Next try' },
  callReviewer: { zh: '审核员', en: 'Reviewer' },
  callLegend: { zh: '记录一次通话', en: 'Record a call' },
  callTarget: { zh: '联系人和号码', en: 'Contact and number' },
  callAtHint: {
    zh: '北京时间；不填即为现在',
    en: 'Beijing time; leave empty for now',
  },
  callNextHint: { zh: '北京时间，可不填', en: 'Beijing time; optional' },
  callRecord: { zh: '保存通话记录', en: 'Save the call' },
  callRecorded: { zh: '已记录通话：申请 #{id}。', en: 'Call recorded for application #{id}.' },
  badTime: { zh: '时间格式应为 年-月-日 时:分', en: 'Enter the time as year-month-day hour:minute' },
} satisfies Record<string, Localized>;

/** 核验结果 as the console names them. */
const OUTCOME_LABELS: Record<CallOutcome, Localized> = {
  reached: { zh: '已接通，本人确认', en: 'reached, confirmed' },
  'no-answer': { zh: '无人接听', en: 'no answer' },
  'wrong-number': { zh: '号码错误', en: 'wrong number' },
  refused: { zh: '本人否认或拒绝', en: 'denied or refused' },
};

/** 占用依据 as the console names it (src/workflow/hold.ts). */
const HOLD_EVIDENCE_LABELS: Record<NonNullable<Application['holdEvidence']>, Localized> = {
  'own-subject': {
    zh: '该主体已在申请人账号下备案',
    en: 'the subject is filed in the applicant’s account',
  },
  'registrar-holder': {
    zh: '申请人账号在本注册商持有该申请的域名，实名认证为该主体',
    en: 'the applicant’s account holds a domain of the application at this registrar, real-name verified to the subject',
  },
  'provider-review': { zh: '初审已通过', en: 'the provider review passed' },
  legacy: {
    zh: '要求占用依据之前的占用',
    en: 'a hold from before evidence was required',
  },
};

/** One console: its queue's status, the action it decides with, and what a decision does. */
type ConsoleConfig = {
  base: '/review' | '/bureau';
  status: QueueStatus;
  access: (typeof QUEUE_ACTIONS)[QueueStatus];
  title: Localized;
  nav: Localized;
  intro: Localized;
  detailTitle: Localized;
  approveHint: Localized;
  approve: Localized;
  /** Runs the decision; returns the flash for the page after the redirect. */
  decide(p: PageRequest, app: Application, decision: unknown): Promise<Flash>;
};

const applicationIdOf = (p: PageRequest): number => idParam(p, TEXT.noApplication);

/** The application of the URL (any account's), or the 404 page saying so in the console's words. */
async function withApplication<T>(p: PageRequest, read: (applicationId: number) => Promise<T>): Promise<T> {
  try {
    return await read(applicationIdOf(p));
  } catch (error) {
    const failure = failureOf(error);
    if (failure?.status === 404) throw new WorkflowError('NOT_FOUND', TEXT.noApplication);
    throw error;
  }
}

const applicationOf = (p: PageRequest): Promise<Application> =>
  withApplication(p, (applicationId) =>
    readApplication({ ...workflowDeps(p.deps, p.actor), applicationId, scope: 'any' }),
  );

const domainsOf = (app: Application): string[] =>
  app.websites.flatMap((w) =>
    Array.isArray(w.domains) ? w.domains.filter((d): d is string => typeof d === 'string') : [],
  );

const fieldView = (p: PageRequest): FieldView => ({ lang: p.lang, policy: p.deps.policy });

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * A use case's refusal on a console page: its field errors when it names fields (the form shows them
 * there), else one general error saying it was not done and why.
 */
function refusalErrors(failure: Failure): FieldError[] {
  if (failure.fields.length > 0) return failure.fields;
  return [
    {
      path: '',
      code: 'REFUSED',
      message: {
        zh: `${TEXT.refused.zh}${failure.message.zh}`,
        en: `${TEXT.refused.en}${failure.message.en}`,
      },
    },
  ];
}

/** The status a refused console form is shown again with: 404 and 409 as they are, else 422. */
const refusalStatus = (failure: Failure): 404 | 409 | 422 =>
  failure.status === 404 || failure.status === 409 ? failure.status : 422;

// ---------------------------------------------------------------------------------------------------
// The queue

async function queuePage(p: PageRequest, config: ConsoleConfig) {
  const pageNumber = pageParam(p);
  // Any other value is the default order: a bookmark with an old parameter still opens the queue.
  const sort: QueueSort = p.c.req.query('sort') === 'overdue' ? 'overdue' : 'submitted';
  const queue = await reviewQueue({
    ...workflowDeps(p.deps, p.actor),
    status: config.status,
    limit: PAGE_SIZE,
    offset: (pageNumber - 1) * PAGE_SIZE,
    sort,
    providerReviewWorkdays: p.deps.reviewServiceLevelWorkdays,
  });
  const now = p.deps.now();
  const tr = p.t;
  const sortHref = (value: QueueSort) => (value === 'overdue' ? `${config.base}?sort=overdue` : config.base);
  return p.render({
    title: config.title,
    body: (
      <>
        <p>{tr(config.intro)}</p>
        <p>
          {tr(format(TEXT.serviceLevel, { n: queue.serviceLevelWorkdays, overdue: queue.overdueCount }))}{' '}
          {sort === 'overdue' ? (
            <a href={sortHref('submitted')}>{tr(TEXT.sortSubmitted)}</a>
          ) : (
            <a href={sortHref('overdue')}>{tr(TEXT.sortOverdue)}</a>
          )}
        </p>
        {queue.entries.length === 0 ? (
          <p class="notice">{tr(TEXT.queueEmpty)}</p>
        ) : (
          <div class="table-wrap">
            <table class="table queue-table">
              <thead>
                <tr>
                  <th scope="col">{tr(TEXT.id)}</th>
                  <th scope="col">{tr(TEXT.subject)}</th>
                  <th scope="col">{tr(TEXT.province)}</th>
                  <th scope="col">{tr(TEXT.filingType)}</th>
                  <th scope="col">{tr(TEXT.domains)}</th>
                  <th scope="col">{tr(TEXT.submitted)}</th>
                  <th scope="col">{tr(TEXT.waiting)}</th>
                  <th scope="col">{tr(TEXT.dueBy)}</th>
                </tr>
              </thead>
              <tbody>
                {queue.entries.map(({ application: app, waitingSince, dueBy, overdue }) => (
                  <tr class={overdue ? 'overdue' : undefined}>
                    <th scope="row">
                      <a href={`${config.base}/${app.id}`}>
                        <span class="visually-hidden">{tr(TEXT.open)} </span>#{app.id}
                      </a>
                    </th>
                    <td data-label={tr(TEXT.subject)}>
                      <bdi>{text(app.subject.name)}</bdi>
                    </td>
                    <td class="nowrap" data-label={tr(TEXT.province)}>
                      <bdi>{provinceName(p.deps.policy, app.province, p.lang)}</bdi>
                    </td>
                    <td data-label={tr(TEXT.filingType)}>
                      {tr(applicationTypeLabel(app) ?? TEXT.undetermined)}
                    </td>
                    <td data-label={tr(TEXT.domains)}>
                      <ul class="plain">
                        {domainsOf(app).map((domain) => (
                          <li>
                            <DomainName domain={domain} />
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td class="nowrap" data-label={tr(TEXT.submitted)}>
                      {shanghaiDateTime(app.submittedAt)}
                    </td>
                    <td class="nowrap" data-label={tr(TEXT.waiting)}>
                      {waitingTime(waitingSince, now, p.lang)}
                    </td>
                    <td class="nowrap" data-label={tr(TEXT.dueBy)}>
                      {dueBy === null ? tr(TEXT.dueUnknown) : shanghaiDateTime(dueBy)}
                      {overdue && (
                        <>
                          {' '}
                          <strong class="tag tag-warning">{tr(TEXT.overdue)}</strong>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager
          lang={p.lang}
          page={pageNumber}
          hasNext={queue.hasMore}
          href={(n) =>
            sort === 'overdue' ? `${config.base}?sort=overdue&page=${n}` : `${config.base}?page=${n}`
          }
        />
      </>
    ),
  });
}

// ---------------------------------------------------------------------------------------------------
// The detail and the decision forms

/**
 * The reason library as a select's options (data/rejection-reasons.json): the code and the reason. Without
 * JavaScript the list cannot follow the chosen field; the use case refuses a code that does not fit it.
 */
function codeChoices(p: PageRequest, path?: string): Choice[] {
  const { reasons } = listRejectionReasons({
    ...workflowDeps(p.deps, p.actor),
    ...(path === undefined ? {} : { path }),
  });
  return reasons.map((reason) => ({ value: reason.code, label: `${p.t(reason.reason)} (${reason.code})` }));
}

function DecisionForms(props: {
  p: PageRequest;
  config: ConsoleConfig;
  app: Application;
  apps: readonly Record<string, unknown>[];
  form: FormState;
}) {
  const { p, config, app, form } = props;
  const choices = reasonChoices(app, fieldView(p), props.apps);
  const codes = codeChoices(p);
  const rows = Array.from({ length: REASON_ROWS }, (_, i) => i);
  return (
    <section class="decision" aria-labelledby="decision-title">
      <h2 id="decision-title">{p.t(TEXT.decision)}</h2>
      <Form form={form} action={`${config.base}/${app.id}/approve`} class="form decision-approve">
        <Fieldset form={form} legend={TEXT.approveLegend} hint={config.approveHint}>
          <ConfirmCheckbox form={form} label={TEXT.approveConfirm} />
          <Button>{p.t(config.approve)}</Button>
        </Fieldset>
      </Form>
      <Form form={form} action={`${config.base}/${app.id}/reject`} class="form decision-reject">
        <Fieldset form={form} name="reasons" legend={TEXT.rejectLegend} hint={TEXT.rejectHint}>
          {rows.map((i) => (
            <div class="reason-row">
              <SelectField
                form={form}
                name={`reasons.${i}.path`}
                label={format(TEXT.reasonField, { n: i + 1 })}
                options={choices}
                placeholder={TEXT.noField}
                optional
              />
              <SelectField
                form={form}
                name={`reasons.${i}.code`}
                label={format(TEXT.reasonCode, { n: i + 1 })}
                options={codes}
                placeholder={TEXT.noCode}
                optional
              />
              <TextArea
                form={form}
                name={`reasons.${i}.message`}
                label={format(TEXT.reasonText, { n: i + 1 })}
                optional
                rows={2}
                maxlength={MAX_REASON}
              />
            </div>
          ))}
          <TextArea
            form={form}
            name="general"
            label={TEXT.general}
            optional
            rows={3}
            maxlength={MAX_REASON}
          />
          <Button variant="warning">{p.t(TEXT.reject)}</Button>
        </Fieldset>
      </Form>
    </section>
  );
}

/**
 * 重新发起短信核验 — the provider console's view of an application awaiting SMS verification: the
 * round's counts, and the restart (restart-sms.ts, issue 12) when the applicant is stuck.
 */
function SmsRestart(props: { p: PageRequest; app: Application; status: SmsStatus; form: FormState }) {
  const { p, app, status, form } = props;
  const expires = status.recipients[0]?.expiresAt ?? null;
  return (
    <section aria-labelledby="sms-title">
      <h2 id="sms-title">{p.t(TEXT.smsTitle)}</h2>
      <p>
        {p.t(
          format(TEXT.smsRound, {
            expires: shanghaiDateTime(expires),
            resends: status.resendsLeft,
            tries: status.triesLeft,
          }),
        )}
      </p>
      <Form form={form} action={`/review/${app.id}/sms-restart`} class="form">
        <Fieldset form={form} legend={TEXT.smsRestart} hint={TEXT.smsRestartHint}>
          <Button variant="secondary">{p.t(TEXT.smsRestart)}</Button>
        </Fieldset>
      </Form>
    </section>
  );
}

/** What the application holds and why; the release form where the reviewer may use it. */
function HoldSection(props: { p: PageRequest; app: Application; form: FormState }) {
  const { p, app, form } = props;
  const evidence = app.holdEvidence;
  const releasable =
    evidence !== null &&
    !allows(app.status, 'hold-required') &&
    p.account !== null &&
    can(p.account.role, 'application.release-hold');
  return (
    <section aria-labelledby="hold-title">
      <h2 id="hold-title">{p.t(TEXT.hold)}</h2>
      <p>
        {evidence === null ? (
          p.t(TEXT.holdNone)
        ) : (
          <>
            {p.t(TEXT.holdBy)}
            {p.t(HOLD_EVIDENCE_LABELS[evidence])}
          </>
        )}
      </p>
      <p class="field-hint">{p.t(TEXT.holdIntro)}</p>
      {releasable && (
        <Form form={form} action={`/review/${app.id}/release-hold`} class="form">
          <Fieldset form={form} legend={TEXT.releaseLegend} hint={TEXT.releaseHint}>
            <TextArea form={form} name="reason" label={TEXT.releaseReason} rows={2} maxlength={MAX_REASON} />
            <Button variant="warning">{p.t(TEXT.release)}</Button>
          </Fieldset>
        </Form>
      )}
    </section>
  );
}

/**
 * 驳回单份材料 — one form for the documents of an application in 初审 (rejectDocument): which document,
 * a reason of the library (the ones that fit documents) or words, and whether to ask formally.
 */
function DocumentRejectForm(props: {
  p: PageRequest;
  app: Application;
  documents: ApplicationDocument[];
  form: FormState;
}) {
  const { p, app, documents, form } = props;
  const options: Choice[] = documents.map((document) => ({
    value: String(document.id),
    label: `${p.t(DOCUMENT_KIND_LABELS[document.kind])} · ${document.fileName}`,
  }));
  return (
    <Form form={form} action={`/review/${app.id}/document-rejection`} class="form">
      <Fieldset form={form} legend={TEXT.documentRejectLegend} hint={TEXT.documentRejectHint}>
        <SelectField form={form} name="documentId" label={TEXT.documentField} options={options} />
        <SelectField
          form={form}
          name="code"
          label={TEXT.documentCode}
          options={codeChoices(p, 'documents')}
          placeholder={TEXT.noCode}
          optional
        />
        <TextArea
          form={form}
          name="message"
          label={TEXT.documentNote}
          optional
          rows={2}
          maxlength={MAX_REASON}
        />
        <Checkbox form={form} name="supplement" label={TEXT.supplement} />
        <Button variant="warning">{p.t(TEXT.documentReject)}</Button>
      </Fieldset>
    </Form>
  );
}

/**
 * 初审电话核验 — the calls made to the application's contacts, newest first, and the form for another
 * while the application is in 初审 (listReviewCalls, recordReviewCall).
 */
function CallLog(props: { p: PageRequest; app: Application; log: ReviewCallLog; form: FormState }) {
  const { p, app, log, form } = props;
  const tr = p.t;
  const contactLabel = (key: string): string => {
    const contact = log.contacts.find((c) => c.key === key);
    return contact === undefined ? key : `${tr(contact.role)} ${contact.name}`;
  };
  const targets: Choice[] = log.contacts.flatMap((contact) =>
    contact.phones.map((phone) => ({
      value: `${contact.key} ${phone}`,
      label: `${tr(contact.role)} ${contact.name}${p.lang === 'zh' ? '：' : ': '}${phone}`,
    })),
  );
  const recordable =
    allows(app.status, 'call-log') && p.account !== null && can(p.account.role, 'review-call.record');
  return (
    <section aria-labelledby="calls-title">
      <h2 id="calls-title">{tr(TEXT.calls)}</h2>
      <p class="field-hint">{tr(TEXT.callsIntro)}</p>
      {log.calls.length === 0 ? (
        <p>{tr(TEXT.noCalls)}</p>
      ) : (
        <div class="table-wrap">
          <table class="table calls-table">
            <thead>
              <tr>
                <th scope="col">{tr(TEXT.callAt)}</th>
                <th scope="col">{tr(TEXT.callContact)}</th>
                <th scope="col">{tr(TEXT.callPhone)}</th>
                <th scope="col">{tr(TEXT.callOutcome)}</th>
                <th scope="col">{tr(TEXT.callNote)}</th>
                <th scope="col">{tr(TEXT.callNext)}</th>
                <th scope="col">{tr(TEXT.callReviewer)}</th>
              </tr>
            </thead>
            <tbody>
              {log.calls.map((call) => (
                <tr>
                  <td class="nowrap" data-label={tr(TEXT.callAt)}>
                    {shanghaiDateTime(call.calledAt)}
                  </td>
                  <td data-label={tr(TEXT.callContact)}>
                    <bdi>{contactLabel(call.contact)}</bdi>
                  </td>
                  <td class="nowrap" data-label={tr(TEXT.callPhone)}>
                    {call.phone}
                  </td>
                  <td data-label={tr(TEXT.callOutcome)}>{tr(OUTCOME_LABELS[call.outcome])}</td>
                  <td data-label={tr(TEXT.callNote)}>
                    <bdi>{call.note}</bdi>
                  </td>
                  <td class="nowrap" data-label={tr(TEXT.callNext)}>
                    {call.nextTryAt === null ? '' : shanghaiDateTime(call.nextTryAt)}
                  </td>
                  <td data-label={tr(TEXT.callReviewer)}>
                    <bdi>{call.reviewer}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {recordable && targets.length > 0 && (
        <Form form={form} action={`/review/${app.id}/calls`} class="form">
          <Fieldset form={form} legend={TEXT.callLegend}>
            <SelectField form={form} name="target" label={TEXT.callTarget} options={targets} />
            <SelectField
              form={form}
              name="outcome"
              label={TEXT.callOutcome}
              options={CALL_OUTCOMES.map((outcome) => ({ value: outcome, label: OUTCOME_LABELS[outcome] }))}
            />
            <TextField
              form={form}
              name="calledAt"
              type="datetime-local"
              label={TEXT.callAt}
              hint={TEXT.callAtHint}
              optional
            />
            <TextArea
              form={form}
              name="note"
              label={TEXT.callNote}
              optional
              rows={2}
              maxlength={MAX_REASON}
            />
            <TextField
              form={form}
              name="nextTryAt"
              type="datetime-local"
              label={TEXT.callNext}
              hint={TEXT.callNextHint}
              optional
            />
            <Button variant="secondary">{tr(TEXT.callRecord)}</Button>
          </Fieldset>
        </Form>
      )}
    </section>
  );
}

async function detailPage(
  p: PageRequest,
  config: ConsoleConfig,
  options: { form?: FormState; status?: 200 | 400 | 404 | 409 | 422 | 429 } = {},
) {
  const { application: app, timeline } = await withApplication(p, (applicationId) =>
    applicationTimeline({ ...workflowDeps(p.deps, p.actor), applicationId, scope: 'any' }),
  );
  const [checks, documents, apps] = await Promise.all([
    recheck(p.deps, app),
    documentsOf(p.deps, p.actor, app),
    readApplicationApps({ ...workflowDeps(p.deps, p.actor), applicationId: app.id, scope: 'any' }),
  ]);
  const numbers = numbersOf(timeline);
  const form = options.form ?? p.formState();
  const provider = config.base === '/review';
  const calls =
    provider && p.account !== null && can(p.account.role, 'review-call.read')
      ? await listReviewCalls({ ...workflowDeps(p.deps, p.actor), applicationId: app.id })
      : null;
  const documentsRejectable =
    provider &&
    documents.length > 0 &&
    allows(app.status, 'replace-documents') &&
    p.account !== null &&
    can(p.account.role, 'provider-review.decide');
  const identity =
    p.account !== null && can(p.account.role, 'identity.read-any')
      ? await listIdentityTasks({ ...workflowDeps(p.deps, p.actor), applicationId: app.id, scope: 'any' })
      : null;
  const sms =
    config.base === '/review' && app.status === 'awaiting-sms'
      ? await p.deps.gateway.smsStatus({ applicationId: app.id, now: p.deps.now() })
      : null;
  const title = format(config.detailTitle, { id: app.id });
  return p.render({
    title,
    status: options.status ?? 200,
    body: (
      <>
        <p>
          <a href={config.base}>{p.t(TEXT.back)}</a>
          {app.status === config.status && (
            <>
              {' · '}
              <a href="#decision-title">{p.t(TEXT.toDecision)}</a>
            </>
          )}
        </p>
        <ErrorSummary form={form} />
        <ApplicationSummary view={fieldView(p)} app={app} />
        {numbers && <NumbersView lang={p.lang} numbers={numbers} />}
        {app.status !== config.status && (
          <p class="notice">
            {p.t(format(TEXT.notWaiting, { status: p.t(APPLICATION_STATUS_LABELS[app.status]) }))}
          </p>
        )}
        <VerificationResults lang={p.lang} checks={checks} />
        <section aria-labelledby="application-title">
          <h2 id="application-title">{p.t(TEXT.application)}</h2>
          <ApplicationFields view={fieldView(p)} app={app} />
        </section>
        <AppEntriesSection lang={p.lang} apps={apps.apps} checks={apps.checks} />
        <DocumentTable
          lang={p.lang}
          documents={documents}
          href={(d) => `/review/${app.id}/documents/${d.id}`}
        />
        {identity && (
          <IdentitySection lang={p.lang} overview={identity} sheetHref={`/review/${app.id}/identity/sheet`} />
        )}
        {documentsRejectable && <DocumentRejectForm p={p} app={app} documents={documents} form={form} />}
        {calls && <CallLog p={p} app={app} log={calls} form={form} />}
        {config.base === '/review' && <HoldSection p={p} app={app} form={form} />}
        {app.status === config.status && (
          <DecisionForms p={p} config={config} app={app} apps={apps.apps} form={form} />
        )}
        {sms && <SmsRestart p={p} app={app} status={sms} form={form} />}
        <Timeline lang={p.lang} events={timeline} />
      </>
    ),
  });
}

const fieldError = (path: string, message: Localized, code: string): FieldError => ({ path, code, message });

/** A reason of the reject form: the field, a library code, and/or the reviewer's words. */
type FormReason = { path: string; code?: string; message?: Localized };

/**
 * The reject form as a decision: each row used needs a field of this application and a library code
 * or a text (or both: the text then follows the library's reason); the general reason names the
 * application. A reviewer writes in one language: the text is kept for both. Whether a code fits its
 * field is the use case's check (review-decision.ts), shown on the row's code.
 */
export function rejectionOf(
  form: Readonly<Record<string, string>>,
  allowed: ReadonlySet<string>,
): { ok: true; reasons: FormReason[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const reasons: FormReason[] = [];
  for (let i = 0; i < REASON_ROWS; i++) {
    const path = (form[`reasons.${i}.path`] ?? '').trim();
    const code = (form[`reasons.${i}.code`] ?? '').trim();
    const message = (form[`reasons.${i}.message`] ?? '').trim();
    if (path === '' && message === '' && code === '') continue;
    if (message === '' && code === '')
      errors.push(fieldError(`reasons.${i}.message`, TEXT.needReasonOrCode, 'REQUIRED'));
    else if (message.length > MAX_REASON)
      errors.push(fieldError(`reasons.${i}.message`, TEXT.tooLong, 'TOO_LONG'));
    if (path === '') errors.push(fieldError(`reasons.${i}.path`, TEXT.needField, 'REQUIRED'));
    else if (!allowed.has(path))
      errors.push(fieldError(`reasons.${i}.path`, TEXT.unknownField, 'UNKNOWN_FIELD'));
    if (path !== '' && (message !== '' || code !== ''))
      reasons.push({
        path,
        ...(code === '' ? {} : { code }),
        ...(message === '' ? {} : { message: { zh: message, en: message } }),
      });
  }
  const general = (form.general ?? '').trim();
  if (general.length > MAX_REASON) errors.push(fieldError('general', TEXT.tooLong, 'TOO_LONG'));
  else if (general !== '') reasons.push({ path: GENERAL_REASON_PATH, message: { zh: general, en: general } });
  if (errors.length === 0 && reasons.length === 0)
    errors.push(fieldError('reasons', TEXT.needReason, 'REQUIRED'));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, reasons };
}

/** A use case's refusal shown on the detail page (someone decided first, MIIT refused…); else a bug. */
async function decideOrShow(p: PageRequest, config: ConsoleConfig, app: Application, decision: unknown) {
  try {
    const flash = await config.decide(p, app, decision);
    return p.redirect(`${config.base}/${app.id}`, flash);
  } catch (error) {
    const failure = failureOf(error);
    if (failure === null) throw error;
    return detailPage(p, config, {
      form: p.formState({ errors: refusalErrors(failure) }),
      status: refusalStatus(failure),
    });
  }
}

function consolePages(config: ConsoleConfig) {
  return [
    definePage({
      method: 'get',
      path: config.base,
      access: config.access,
      nav: { label: config.nav },
      handle: (p) => queuePage(p, config),
    }),
    definePage({
      method: 'get',
      path: `${config.base}/:id`,
      access: config.access,
      handle: (p) => detailPage(p, config),
    }),
    definePage({
      method: 'post',
      path: `${config.base}/:id/approve`,
      access: config.access,
      async handle(p) {
        const app = await applicationOf(p);
        // Approving cannot be undone (the bureau's issues the numbers): it needs the box ticked. An
        // application no longer waiting here gets the use case's refusal instead.
        if (app.status === config.status && !isConfirmed(p.form)) {
          const errors = [confirmError(TEXT.approveUnconfirmed)];
          return detailPage(p, config, { form: p.formState({ errors }), status: 422 });
        }
        return decideOrShow(p, config, app, { decision: 'approve' });
      },
    }),
    definePage({
      method: 'post',
      path: `${config.base}/:id/reject`,
      access: config.access,
      async handle(p) {
        const app = await applicationOf(p);
        const { apps } = await readApplicationApps({
          ...workflowDeps(p.deps, p.actor),
          applicationId: app.id,
          scope: 'any',
        });
        const allowed = new Set(reasonChoices(app, fieldView(p), apps).map((choice) => choice.value));
        const rejection = rejectionOf(p.form, allowed);
        if (!rejection.ok)
          return detailPage(p, config, { form: p.formState({ errors: rejection.errors }), status: 422 });
        return decideOrShow(p, config, app, { decision: 'reject', reasons: rejection.reasons });
      },
    }),
  ];
}

// ---------------------------------------------------------------------------------------------------
// The two consoles

const REJECTED: Localized = {
  zh: '已驳回申请 #{id}，申请人会在对应字段旁看到原因。',
  en: 'Application #{id} rejected; the applicant sees the reasons next to the fields.',
};

function numbersText(result: BureauReviewResult, lang: Lang): string {
  const parts: string[] = [];
  if (result.subjectNumber !== null)
    parts.push(`${lang === 'zh' ? '主体备案号' : 'subject number'} ${result.subjectNumber}`);
  for (const website of result.websites) {
    const domains = website.domains.join(lang === 'zh' ? '、' : ', ');
    parts.push(
      lang === 'zh'
        ? `网站备案号 ${website.number}（${domains}）`
        : `website number ${website.number} (${domains})`,
    );
  }
  return parts.join(lang === 'zh' ? '；' : '; ');
}

const PROVIDER_CONSOLE: ConsoleConfig = {
  base: '/review',
  status: 'provider-review',
  access: 'provider-review.decide',
  title: { zh: '初审队列', en: 'Provider review queue' },
  nav: { zh: '初审', en: 'Review' },
  intro: {
    zh: '已提交、等待接入商初审的备案申请，最早提交的在前。',
    en: 'Submitted applications waiting for the provider’s review (初审), oldest first.',
  },
  detailTitle: { zh: '初审：申请 #{id}', en: 'Provider review: application #{id}' },
  approveHint: {
    zh: '通过后，工信部向主体负责人和网站负责人的手机发送核验短信，申请进入“待短信核验”。',
    en: 'On approval MIIT sends verification SMS to the responsible persons’ phones and the application awaits SMS verification.',
  },
  approve: { zh: '通过初审', en: 'Approve' },
  async decide(p, app, decision) {
    const result = await providerReview({
      ...workflowDeps(p.deps, p.actor),
      applicationId: app.id,
      decision,
    });
    if (result.status === 'provider-rejected')
      return { kind: 'success', message: format(REJECTED, { id: app.id }) };
    return {
      kind: 'success',
      message: format(
        {
          zh: '已通过初审：申请 #{id}。核验短信已发送，等待申请人填写验证码。',
          en: 'Application #{id} approved; the verification SMS were sent and the applicant enters the codes next.',
        },
        { id: app.id },
      ),
    };
  },
};

const BUREAU_CONSOLE: ConsoleConfig = {
  base: '/bureau',
  status: 'bureau-review',
  access: 'bureau-review.decide',
  title: { zh: '管局审核队列（沙箱）', en: 'Bureau review queue (sandbox)' },
  nav: { zh: '管局审核', en: 'Bureau review' },
  intro: {
    zh: '已通过初审和短信核验、等待管局审核的备案申请，最早进入队列的在前。这是模拟的管局：通过即签发备案号。',
    en: 'Applications past the provider’s review and SMS verification, waiting for the bureau, oldest first. This bureau is a sandbox: approving issues the ICP numbers.',
  },
  detailTitle: { zh: '管局审核：申请 #{id}', en: 'Bureau review: application #{id}' },
  approveHint: {
    zh: '通过后签发备案号（接入备案保留原备案号），申请变为“已备案”。',
    en: 'Approving issues the ICP numbers (an access filing keeps its number) and the application is approved.',
  },
  approve: { zh: '通过，签发备案号', en: 'Approve and issue numbers' },
  async decide(p, app, decision) {
    const result = await bureauReview({ ...workflowDeps(p.deps, p.actor), applicationId: app.id, decision });
    if (result.application.status === 'bureau-rejected')
      return { kind: 'success', message: format(REJECTED, { id: app.id }) };
    return {
      kind: 'success',
      message: {
        zh: `已通过管局审核：申请 #${app.id}。${numbersText(result, 'zh')}`,
        en: `Application #${app.id} approved by the bureau. ${numbersText(result, 'en')}`,
      },
    };
  },
};

/** 重新发起短信核验 from the provider console (provider-review.decide), answered with POST-redirect-GET. */
const SMS_RESTART_PAGE = definePage({
  method: 'post',
  path: '/review/:id/sms-restart',
  access: 'provider-review.decide',
  async handle(p) {
    const applicationId = applicationIdOf(p);
    try {
      await restartSms({ ...workflowDeps(p.deps, p.actor), applicationId });
    } catch (error) {
      const failure = failureOf(error);
      if (failure === null) throw error;
      const form = p.formState({ errors: refusalErrors(failure) });
      return detailPage(p, PROVIDER_CONSOLE, { form, status: refusalStatus(failure) });
    }
    return p.redirect(`/review/${applicationId}`, {
      kind: 'success',
      message: format(TEXT.smsRestarted, { id: applicationId }),
    });
  },
});

/** 释放占用 from the provider console: POST-redirect-GET; a refusal shows on the detail page. */
const RELEASE_HOLD_PAGE = definePage({
  method: 'post',
  path: '/review/:id/release-hold',
  access: 'application.release-hold',
  async handle(p) {
    const app = await applicationOf(p);
    try {
      await releaseSquattedHold({
        ...workflowDeps(p.deps, p.actor),
        applicationId: app.id,
        reason: p.form.reason ?? '',
      });
      return p.redirect(`/review/${app.id}`, {
        kind: 'success',
        message: format(TEXT.released, { id: app.id }),
      });
    } catch (error) {
      const failure = failureOf(error);
      if (failure === null) throw error;
      const form = p.formState({ errors: refusalErrors(failure) });
      return detailPage(p, PROVIDER_CONSOLE, { form, status: refusalStatus(failure) });
    }
  },
});

/** A datetime-local value (Beijing time) as an instant; '' is none; anything else is kept to be refused. */
function beijingInstant(value: string | undefined): string | undefined | null {
  const text = (value ?? '').trim();
  if (text === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) return null;
  const ms = Date.parse(`${text}+08:00`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** 记录核验电话 from the provider console: POST-redirect-GET; errors show on the call form. */
const RECORD_CALL_PAGE = definePage({
  method: 'post',
  path: '/review/:id/calls',
  access: 'review-call.record',
  async handle(p) {
    const app = await applicationOf(p);
    const [contact = '', phone = ''] = (p.form.target ?? '').split(' ');
    const calledAt = beijingInstant(p.form.calledAt);
    const nextTryAt = beijingInstant(p.form.nextTryAt);
    const errors: FieldError[] = [];
    if (calledAt === null) errors.push(fieldError('calledAt', TEXT.badTime, 'INVALID'));
    if (nextTryAt === null) errors.push(fieldError('nextTryAt', TEXT.badTime, 'INVALID'));
    if (errors.length > 0)
      return detailPage(p, PROVIDER_CONSOLE, { form: p.formState({ errors }), status: 422 });
    try {
      await recordReviewCall({
        ...workflowDeps(p.deps, p.actor),
        applicationId: app.id,
        input: {
          contact,
          phone,
          outcome: p.form.outcome ?? '',
          note: p.form.note ?? '',
          ...(calledAt ? { calledAt } : {}),
          ...(nextTryAt ? { nextTryAt } : {}),
        },
      });
    } catch (error) {
      const failure = failureOf(error);
      if (failure === null) throw error;
      // The use case names contact and phone; the form has them as one choice.
      const fields = refusalErrors(failure).map((e) =>
        e.path === 'contact' || e.path === 'phone' ? { ...e, path: 'target' } : e,
      );
      return detailPage(p, PROVIDER_CONSOLE, {
        form: p.formState({ errors: fields }),
        status: refusalStatus(failure),
      });
    }
    return p.redirect(`/review/${app.id}#calls-title`, {
      kind: 'success',
      message: format(TEXT.callRecorded, { id: app.id }),
    });
  },
});

/** 驳回单份材料 from the provider console: POST-redirect-GET; errors show on the form. */
const REJECT_DOCUMENT_PAGE = definePage({
  method: 'post',
  path: '/review/:id/document-rejection',
  access: 'provider-review.decide',
  async handle(p) {
    const app = await applicationOf(p);
    const code = (p.form.code ?? '').trim();
    const message = (p.form.message ?? '').trim();
    if (code === '' && message === '') {
      const errors = [fieldError('message', TEXT.needReasonOrCode, 'REQUIRED')];
      return detailPage(p, PROVIDER_CONSOLE, { form: p.formState({ errors }), status: 422 });
    }
    try {
      const result = await rejectDocument({
        ...workflowDeps(p.deps, p.actor),
        applicationId: app.id,
        documentId: Number(p.form.documentId ?? ''),
        input: {
          ...(code === '' ? {} : { code }),
          ...(message === '' ? {} : { message }),
          supplement: p.form.supplement === '1',
        },
      });
      return p.redirect(`/review/${app.id}`, {
        kind: 'success',
        message: format(TEXT.documentRejected, { file: result.document.fileName }),
      });
    } catch (error) {
      const failure = failureOf(error);
      if (failure === null) throw error;
      const form = p.formState({ errors: refusalErrors(failure) });
      return detailPage(p, PROVIDER_CONSOLE, { form, status: refusalStatus(failure) });
    }
  },
});

/** A document of any application, for the consoles' download links (document.read-any). */
const DOCUMENT_PAGE = definePage({
  method: 'get',
  path: '/review/:id/documents/:documentId',
  access: 'document.read-any',
  async handle(p) {
    const applicationId = applicationIdOf(p);
    const documentId = idParam(p, TEXT.noDocument, 'documentId');
    const content = await readDocument({
      ...workflowDeps(p.deps, p.actor),
      documents: p.deps.documents,
      applicationId,
      documentId,
    });
    return p.c.body(new Uint8Array(content.bytes), 200, {
      'Content-Type': content.document.mediaType,
      'Content-Length': String(content.bytes.byteLength),
      'Content-Disposition': contentDisposition(content.downloadName),
      // As the API's download: nothing in an uploaded file may run, even a polyglot.
      'Content-Security-Policy': "sandbox; default-src 'none'",
    });
  },
});

export const REVIEW_PAGES = [
  ...consolePages(PROVIDER_CONSOLE),
  ...consolePages(BUREAU_CONSOLE),
  RELEASE_HOLD_PAGE,
  DOCUMENT_PAGE,
  SMS_RESTART_PAGE,
  RECORD_CALL_PAGE,
  REJECT_DOCUMENT_PAGE,
];
