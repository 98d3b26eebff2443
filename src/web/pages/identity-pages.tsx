/**
 * 真实性核验 pages (issue 15): the applicant's list of the persons their application must have
 * verified, each with its state and a button that sends (or sends again) the person a link, shown once
 * so it can be opened on the person's phone and texted to the mobile the form gives; the page the person
 * opens on that link, made for a phone (375 px) first (whom it is for, masked; the declarations to
 * sign; the ID photo and the face photo, `capture` for the camera; the outcome); the 核验单 PDF; and the
 * operators' page that steers the sandbox vendor. Reviewers see the outcomes on the review page
 * (`IdentitySection`, used by review-pages.tsx).
 */
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../documents/index.ts';
import { workflowDeps } from '../../http/context.ts';
import { MULTIPART_OVERHEAD_BYTES } from '../../http/app.ts';
import { identityLinkSender } from '../../notifications/index.ts';
import { SANDBOX_OUTCOMES } from '../../identity/index.ts';
import type {
  IdentityCompletionResult,
  IdentityLinkView,
  IdentityOverview,
  IdentityPersonView,
  IssuedIdentityLink,
} from '../../workflow/index.ts';
import {
  completeIdentityTask,
  identitySheet,
  issueIdentityTask,
  listIdentitySandboxSteers,
  listIdentityTasks,
  openIdentityLink,
  steerIdentitySandbox,
} from '../../workflow/index.ts';
import type { FieldError, FormState, Lang, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  Checkbox,
  ErrorSummary,
  Form,
  HiddenField,
  NotFound,
  SelectField,
  TextField,
  definePage,
  failureOf,
  format,
  t,
} from '../kit/index.ts';
import { FileField } from '../kit/file-field.tsx';
import { shanghaiDateTime } from '../kit/time.ts';
import {
  applicantDeps,
  applicationIdOf,
  applicationPath,
  isEditable,
  ownApplication,
  refusalErrors,
  refusalStatus,
} from './applicant-shared.tsx';

const TEXT = {
  title: { zh: '真实性核验', en: 'Identity verification' },
  introRequired: {
    zh: '提交初审前，以下每位负责人须本人用手机完成真实性核验：拍摄证件照和本人照片，并签署声明。点“发送核验链接”后，链接以短信发到该负责人在表单中填写的手机，也显示在本页，可复制后在其手机上打开。每个链接 {minutes} 分钟内有效，只能使用一次。',
    en: 'Before the provider reviews the application, each person below verifies in person on their phone: a photo of their ID, a photo of themselves, and the declarations signed. “Send a verification link” texts the link to the mobile the form gives them and shows it here too, to copy and open on their phone. Each link is valid for {minutes} minutes and works once.',
  },
  introOptional: {
    zh: '本服务商当前不要求提交前完成真实性核验（可选）。如需提前完成，可向下列负责人发送核验链接：链接以短信发到其手机，也显示在本页。每个链接 {minutes} 分钟内有效，只能使用一次。',
    en: 'This provider does not yet require identity verification before submitting (optional). To do it now, send each person below a link: it is texted to their mobile and shown here. Each link is valid for {minutes} minutes and works once.',
  },
  noRequirement: {
    zh: '该备案省份当前没有真实性核验要求，无需核验。',
    en: 'No identity verification is required for this province now.',
  },
  basis: { zh: '依据', en: 'Basis' },
  method: { zh: '核验方式', en: 'Method' },
  allDone: {
    zh: '所有负责人均已通过真实性核验。',
    en: 'Every responsible person has passed identity verification.',
  },
  left: { zh: '还有 {n} 位负责人未通过核验。', en: '{n} person(s) still to verify.' },
  incomplete: {
    zh: '以下负责人信息未填写完整，补全后才能核验：',
    en: 'Complete these persons first to verify them:',
  },
  persons: { zh: '需核验的负责人', en: 'Persons to verify' },
  roles: { zh: '身份', en: 'Role' },
  idNumber: { zh: '证件号码', en: 'Certificate number' },
  mobile: { zh: '短信发送至', en: 'Texted to' },
  noMobile: {
    zh: '表单中没有该负责人的手机号码，请复制链接发给本人',
    en: 'The form gives no mobile for this person: copy the link to them',
  },
  state: { zh: '状态', en: 'State' },
  issue: { zh: '发送核验链接', en: 'Send a verification link' },
  reissue: { zh: '重新发送链接', en: 'Send a new link' },
  retry: { zh: '重新核验', en: 'Try again' },
  history: { zh: '核验记录', en: 'Links sent' },
  issuedAt: { zh: '发送时间', en: 'Sent' },
  expiresAt: { zh: '有效期至', en: 'Valid until' },
  completedAt: { zh: '完成时间', en: 'Completed' },
  reason: { zh: '原因', en: 'Reason' },
  linkTitle: { zh: '核验链接（只显示这一次）', en: 'Verification link (shown only this once)' },
  linkFor: {
    zh: '请让{person}本人在 {until} 前用手机打开：',
    en: 'Have {person} open it on their own phone before {until}:',
  },
  linkSms: { zh: '已发送短信至 {phone}。', en: 'Texted to {phone}.' },
  linkNoSms: {
    zh: '表单中没有该负责人的手机号码，未发送短信。',
    en: 'No text was sent: the form gives no mobile for this person.',
  },
  copy: { zh: '复制链接', en: 'Copy the link' },
  copied: { zh: '已复制', en: 'Copied' },
  sheet: { zh: '下载《网站备案信息真实性核验单》（PDF）', en: 'Download the verification sheet (PDF)' },
  sheetAsked: {
    zh: '该省份要求签字的《网站备案信息真实性核验单》：打印后由负责人签字，作为备案材料上传。',
    en: 'This province asks for the signed verification sheet: print it, have it signed, and upload it as a document.',
  },
  back: { zh: '返回确认并提交', en: 'Back to review and submit' },
  notEditable: {
    zh: '该申请当前不能发送核验链接（只有草稿或被驳回的申请可以）。',
    en: 'Links can be sent only while the application is a draft or rejected.',
  },
  noApplication: { zh: '找不到该备案申请', en: 'No such application' },
  // The phone page.
  linkPageTitle: { zh: '备案真实性核验', en: 'ICP filing identity check' },
  linkIntro: {
    zh: '{subject}的网站备案需要负责人本人核验身份。请确认下面是您本人，再拍摄照片并签署声明。照片只用于本次核验。',
    en: 'The ICP filing of {subject} needs its responsible person to verify in person. Check that this is you, then take the photos and sign.',
  },
  forPerson: { zh: '核验人', en: 'Person' },
  until: { zh: '链接有效期至', en: 'Link valid until' },
  idPhoto: { zh: '证件照', en: 'ID photo' },
  idPhotoHint: {
    zh: '拍摄证件正面，完整、清晰、无反光；JPEG 或 PNG，不超过 {mb} MB',
    en: 'The whole front of the ID, sharp, no glare; JPEG or PNG, at most {mb} MB',
  },
  facePhoto: { zh: '本人照片', en: 'Photo of you' },
  facePhotoHint: {
    zh: '现场拍摄本人正面免冠照片，白色背景；JPEG 或 PNG，不超过 {mb} MB',
    en: 'A live photo of your face, no hat, plain white background; JPEG or PNG, at most {mb} MB',
  },
  curtainPhoto: { zh: '幕布前照片', en: 'Photo before the curtain' },
  curtainPhotoHint: {
    zh: '站在接入商提供的幕布前拍摄本人正面照片；JPEG 或 PNG，不超过 {mb} MB',
    en: "A photo of you in front of the provider's curtain; JPEG or PNG, at most {mb} MB",
  },
  declarations: { zh: '签署声明', en: 'Declarations' },
  declare: {
    zh: '本人已阅读并签署《{label}》，保证所填信息真实有效',
    en: 'I have read and sign the {label}, and the information given is true',
  },
  send: { zh: '提交核验', en: 'Send for verification' },
  passedTitle: { zh: '核验通过', en: 'Verified' },
  passed: {
    zh: '您已通过真实性核验，可以关闭本页。申请人会在备案系统中看到结果。',
    en: 'You have passed identity verification and may close this page. The applicant sees the outcome.',
  },
  failedTitle: { zh: '核验未通过', en: 'Not verified' },
  failed: {
    zh: '本次核验未通过，该链接已失效。请按原因准备后，请申请人重新发送核验链接。',
    en: 'This check did not pass and the link is spent. Prepare as the reason says, then ask the applicant for a new link.',
  },
  linkGoneTitle: { zh: '核验链接不可用', en: 'Link not usable' },
  askNew: {
    zh: '请联系备案申请人，在备案系统中重新发送核验链接。',
    en: 'Ask the applicant to send a new link from the filing system.',
  },
  chooseIdPhoto: { zh: '请拍摄或选择证件照', en: 'Take or choose the ID photo' },
  chooseFacePhoto: { zh: '请拍摄或选择本人照片', en: 'Take or choose the photo of you' },
  tooLarge: {
    zh: '{photo}超过 {mb} MB，请重新拍摄或压缩后再选',
    en: 'The {photo} is over {mb} MB; take it again or choose a smaller one',
  },
  // The sandbox page.
  sandboxTitle: { zh: '核验沙箱', en: 'Verification sandbox' },
  sandboxNav: { zh: '核验沙箱', en: 'Verification sandbox' },
  sandboxIntro: {
    zh: '内置的核验服务（沙箱）默认通过每次核验，但人脸照片与证件照相同、或证件照标记了其他证件号码时不通过。在这里设定某个证件号码接下来的核验结果，用于演示和验收测试。真实核验服务没有此页面。',
    en: 'The embedded verification vendor (sandbox) passes every check, except a face photo identical to the ID photo or an ID photo marked with another certificate number. Set what it answers for a certificate number next, for demos and acceptance tests. A real vendor has no such page.',
  },
  steerLegend: { zh: '设定核验结果', en: 'Set an outcome' },
  steerId: { zh: '证件号码', en: 'Certificate number' },
  steerOutcome: { zh: '结果', en: 'Outcome' },
  steerRemaining: { zh: '次数', en: 'Times' },
  steerRemainingHint: {
    zh: '接下来几次核验按此结果（1–1000）；留空表示直到再次修改',
    en: 'How many next checks answer so (1–1000); empty: until changed',
  },
  steerSave: { zh: '保存设定', en: 'Save' },
  steerSaved: { zh: '已设定核验沙箱结果。', en: 'The sandbox outcome is set.' },
  steers: { zh: '当前设定', en: 'Current settings' },
  noSteers: { zh: '还没有设定。', en: 'Nothing set yet.' },
  steerBy: { zh: '设定人', en: 'Set by' },
  steerAt: { zh: '设定时间', en: 'Set at' },
  untilChanged: { zh: '直到修改', en: 'Until changed' },
  noSandbox: {
    zh: '当前连接的是真实的核验服务，没有核验沙箱。',
    en: 'This deployment uses a real verification vendor: there is no sandbox.',
  },
  // The reviewer's section.
  reviewTitle: { zh: '真实性核验', en: 'Identity verification' },
  reviewOff: {
    zh: '本服务商当前不要求提交前完成真实性核验；以下为申请人已完成的核验。',
    en: 'This provider does not require verification before submitting; below is what the applicant completed.',
  },
  outcome: { zh: '结果', en: 'Outcome' },
  reference: { zh: '核验服务编号', en: 'Vendor reference' },
  noOutcome: { zh: '未完成', en: 'Not completed' },
} satisfies Record<string, Localized>;

const STATE_LABELS: Record<IdentityPersonView['state'], Localized> = {
  none: { zh: '未发起', en: 'Not started' },
  pending: { zh: '链接已发送，等待本人核验', en: 'Link sent, waiting for the person' },
  expired: { zh: '链接已过期', en: 'Link expired' },
  passed: { zh: '已通过', en: 'Passed' },
  failed: { zh: '未通过', en: 'Failed' },
};

const STATE_TAGS: Record<IdentityPersonView['state'], string> = {
  none: 'tag',
  pending: 'tag tag-info',
  expired: 'tag tag-warning',
  passed: 'tag tag-ok',
  failed: 'tag tag-error',
};

const TASK_STATUS_LABELS: Record<string, Localized> = {
  pending: { zh: '待核验', en: 'Waiting' },
  passed: { zh: '已通过', en: 'Passed' },
  failed: { zh: '未通过', en: 'Failed' },
  superseded: { zh: '已被新链接替代', en: 'Replaced by a newer link' },
};

const OUTCOME_LABELS: Record<(typeof SANDBOX_OUTCOMES)[number], Localized> = {
  pass: { zh: '通过', en: 'Pass' },
  'id-mismatch': { zh: '证件号码不符（非本人证件）', en: 'Certificate number mismatch (not their ID)' },
  'face-mismatch': { zh: '人脸不符', en: 'Face does not match' },
  'id-unreadable': { zh: '证件无法识别', en: 'ID unreadable' },
};

export const identityPath = (applicationId: number): string => `/applications/${applicationId}/identity`;

const origin = (p: PageRequest): string => p.deps.publicUrl ?? new URL(p.c.req.url).origin;

const mb = (bytes: number): number => Math.floor(bytes / (1024 * 1024));

const sep = (lang: Lang) => (lang === 'zh' ? '、' : ', ');

/** The latest link of a person that decides their state (the list is newest first). */
const latestTask = (person: IdentityPersonView) => person.tasks.find((task) => task.status !== 'superseded');

/** What a person's state line says beyond its tag: until when, when, or why not. */
function StateDetail(props: { lang: Lang; person: IdentityPersonView }) {
  const { lang, person } = props;
  const task = latestTask(person);
  if (task === undefined) return null;
  if (person.state === 'pending')
    return (
      <span class="muted">
        {' '}
        {t(lang, TEXT.expiresAt)} {shanghaiDateTime(task.expiresAt)}
      </span>
    );
  if (person.state === 'passed') return <span class="muted"> {shanghaiDateTime(task.completedAt)}</span>;
  if (person.state === 'failed' && task.failureText !== null)
    return (
      <p class="identity-reason">{`${t(lang, TEXT.reason)}${lang === 'zh' ? '：' : ': '}${t(lang, task.failureText)}`}</p>
    );
  return null;
}

/** One person as the applicant sees them: who, where the link goes, the state, and the button. */
function PersonCard(props: {
  p: PageRequest;
  overview: IdentityOverview;
  person: IdentityPersonView;
  form: FormState;
  issuable: boolean;
}) {
  const { p, overview, person, form, issuable } = props;
  const lang = p.lang;
  const label = person.state === 'none' ? TEXT.issue : person.state === 'failed' ? TEXT.retry : TEXT.reissue;
  return (
    <li class="card identity-person" id={`person-${person.key.replace(/[^A-Za-z0-9_-]/g, '-')}`}>
      <h3>
        <bdi>{person.name}</bdi>
      </h3>
      <dl class="summary-list">
        <dt>{t(lang, TEXT.roles)}</dt>
        <dd>{person.roles.map((r) => t(lang, r)).join(sep(lang))}</dd>
        <dt>{t(lang, TEXT.idNumber)}</dt>
        <dd class="code">{person.idNumberMasked}</dd>
        <dt>{t(lang, TEXT.mobile)}</dt>
        <dd>{person.mobileMasked ?? <span class="muted">{t(lang, TEXT.noMobile)}</span>}</dd>
        <dt>{t(lang, TEXT.state)}</dt>
        <dd>
          <span class={STATE_TAGS[person.state]} data-identity-state={person.state}>
            {t(lang, STATE_LABELS[person.state])}
          </span>
          <StateDetail lang={lang} person={person} />
        </dd>
      </dl>
      {issuable && person.state !== 'passed' && (
        <Form form={form} action={identityPath(overview.applicationId)} class="form identity-issue">
          <HiddenField name="personKey" value={person.key} />
          <Button variant={person.state === 'none' ? 'primary' : 'secondary'}>{t(lang, label)}</Button>
        </Form>
      )}
      {person.tasks.length > 0 && <TaskHistory lang={lang} person={person} />}
    </li>
  );
}

function TaskHistory(props: { lang: Lang; person: IdentityPersonView }) {
  const { lang, person } = props;
  return (
    <details class="identity-history">
      <summary>
        {t(lang, TEXT.history)} ({person.tasks.length})
      </summary>
      <ul class="plain">
        {person.tasks.map((task) => (
          <li>
            {shanghaiDateTime(task.issuedAt)}{' '}
            {task.expired
              ? t(lang, STATE_LABELS.expired)
              : t(lang, TASK_STATUS_LABELS[task.status] ?? TEXT.noOutcome)}
            {task.failureText !== null && ` — ${t(lang, task.failureText)}`}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The link just issued, shown once: the full address in a read-only box with a copy button. */
function IssuedLink(props: { p: PageRequest; issued: IssuedIdentityLink }) {
  const { p, issued } = props;
  const url = `${origin(p)}${issued.path}`;
  return (
    <section class="notice notice-success identity-link" aria-labelledby="identity-link-title" tabindex={-1}>
      <h2 id="identity-link-title">{p.t(TEXT.linkTitle)}</h2>
      <p>
        {p.t(
          format(TEXT.linkFor, {
            person: issued.task.personName,
            until: shanghaiDateTime(issued.task.expiresAt),
          }),
        )}
      </p>
      <label class="visually-hidden" for="identity-link-url">
        {p.t(TEXT.linkTitle)}
      </label>
      <input
        id="identity-link-url"
        class="input code identity-link-url"
        type="text"
        readonly
        value={url}
        data-identity-link
      />
      <button
        type="button"
        class="button button-secondary"
        data-copy="#identity-link-url"
        data-copied={p.t(TEXT.copied)}
        hidden
      >
        {p.t(TEXT.copy)}
      </button>
      <p>
        {issued.smsTo === null ? p.t(TEXT.linkNoSms) : p.t(format(TEXT.linkSms, { phone: issued.smsTo }))}
      </p>
    </section>
  );
}

async function applicantPage(
  p: PageRequest,
  form: FormState,
  options: { status?: 200 | 201 | 403 | 404 | 409 | 422 | 429; issued?: IssuedIdentityLink } = {},
) {
  const app = await ownApplication(p);
  const overview = await listIdentityTasks({ ...applicantDeps(p), applicationId: app.id, scope: 'own' });
  const requirement = overview.requirement;
  const issuable = isEditable(app);
  const left = overview.persons.filter((person) => person.state !== 'passed').length;
  return p.render({
    title: TEXT.title,
    status: options.status ?? 200,
    body: (
      <>
        <p>
          <a href={applicationPath(app, issuable ? 'review' : undefined)}>
            {issuable ? p.t(TEXT.back) : `#${app.id}`}
          </a>
        </p>
        <ErrorSummary form={form} />
        {options.issued && <IssuedLink p={p} issued={options.issued} />}
        {requirement === null ? (
          <p>{p.t(TEXT.noRequirement)}</p>
        ) : (
          <>
            <p>
              {p.t(
                format(overview.mode === 'required' ? TEXT.introRequired : TEXT.introOptional, {
                  minutes: requirement.linkMinutes,
                }),
              )}
            </p>
            <dl class="summary-list">
              <dt>{p.t(TEXT.method)}</dt>
              <dd>{p.t(requirement.methodLabel)}</dd>
              <dt>{p.t(TEXT.basis)}</dt>
              <dd>
                <span class="code">data/identity-verification.json</span> · {requirement.basis.entry}
              </dd>
            </dl>
            {!issuable && <p class="notice">{p.t(TEXT.notEditable)}</p>}
            {overview.complete ? (
              <p class="notice notice-success" data-identity-complete>
                {p.t(TEXT.allDone)}
              </p>
            ) : (
              left > 0 && <p class="notice">{p.t(format(TEXT.left, { n: left }))}</p>
            )}
            {overview.incomplete.length > 0 && (
              <div class="notice notice-warning">
                <p>{p.t(TEXT.incomplete)}</p>
                <ul>
                  {overview.incomplete.map((role) => (
                    <li>
                      <a
                        href={`${applicationPath(app, role.path.startsWith('apps') ? 'apps' : role.path.startsWith('websites') ? 'websites' : 'subject')}`}
                      >
                        {p.t(role.role)}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <h2>{p.t(TEXT.persons)}</h2>
            <ul class="cards identity-persons">
              {overview.persons.map((person) => (
                <PersonCard p={p} overview={overview} person={person} form={form} issuable={issuable} />
              ))}
            </ul>
            {requirement.signedSheet && <p>{p.t(TEXT.sheetAsked)}</p>}
            <p>
              <a href={`${identityPath(app.id)}/sheet`}>{p.t(TEXT.sheet)}</a>
            </p>
          </>
        )}
      </>
    ),
  });
}

/** The token of the URL, bounded before it reaches the use case (which answers every bad one alike). */
const tokenOf = (p: PageRequest): string => {
  const token = p.params.token ?? '';
  return token.length > 100 ? '' : token;
};

/** An unusable link (unknown, used, expired): what happened and what to do, with its status. */
function linkGonePage(p: PageRequest, failure: { status: number; message: Localized }) {
  return p.render({
    title: TEXT.linkGoneTitle,
    status: failure.status === 410 ? 410 : 404,
    body: (
      <div class="identity-phone">
        <p class="notice notice-error" data-identity-gone>
          {p.t(failure.message)}
        </p>
        <p>{p.t(TEXT.askNew)}</p>
      </div>
    ),
  });
}

async function linkPage(p: PageRequest, form: FormState, status: 200 | 413 | 422 = 200) {
  let view: IdentityLinkView;
  try {
    view = await openIdentityLink({ database: p.deps.db, now: p.deps.now(), token: tokenOf(p) });
  } catch (error) {
    const failure = failureOf(error);
    if (failure === null) throw error;
    return linkGonePage(p, failure);
  }
  const limit = mb(p.deps.documents.maxBytes);
  const curtain = view.method === 'curtain';
  return p.render({
    title: TEXT.linkPageTitle,
    status,
    body: (
      <div class="identity-phone">
        <ErrorSummary form={form} />
        <p>{p.t(format(TEXT.linkIntro, { subject: view.subjectName }))}</p>
        <dl class="summary-list">
          <dt>{p.t(TEXT.forPerson)}</dt>
          <dd>
            <bdi>{view.personName}</bdi>
            <br />
            <span class="code">{view.idNumberMasked}</span>
            <br />
            <span class="muted">{view.roles.map((r) => p.t(r)).join(sep(p.lang))}</span>
          </dd>
          <dt>{p.t(TEXT.method)}</dt>
          <dd>{p.t(view.methodLabel)}</dd>
          <dt>{p.t(TEXT.until)}</dt>
          <dd>{shanghaiDateTime(view.expiresAt)}</dd>
        </dl>
        <Form form={form} action={`/verify/${tokenOf(p)}`} multipart>
          <FileField
            form={form}
            name="idPhoto"
            label={TEXT.idPhoto}
            hint={format(TEXT.idPhotoHint, { mb: limit })}
            accept="image/jpeg,image/png"
            capture="environment"
          />
          <FileField
            form={form}
            name="facePhoto"
            label={curtain ? TEXT.curtainPhoto : TEXT.facePhoto}
            hint={format(curtain ? TEXT.curtainPhotoHint : TEXT.facePhotoHint, { mb: limit })}
            accept="image/jpeg,image/png"
            capture="user"
          />
          {view.declarations.length > 0 && (
            <fieldset class="fieldset">
              <legend class="fieldset-legend">{p.t(TEXT.declarations)}</legend>
              {view.declarations.map((d) => (
                <Checkbox
                  form={form}
                  name={`declarations.${d.id}`}
                  label={format(TEXT.declare, { label: p.t(d.label) })}
                />
              ))}
            </fieldset>
          )}
          <Button>{p.t(TEXT.send)}</Button>
        </Form>
      </div>
    ),
  });
}

function outcomePage(p: PageRequest, result: IdentityCompletionResult) {
  const passed = result.outcome === 'passed';
  return p.render({
    title: passed ? TEXT.passedTitle : TEXT.failedTitle,
    body: (
      <div class="identity-phone" data-identity-outcome={result.outcome}>
        <p class={`notice ${passed ? 'notice-success' : 'notice-error'}`}>
          {p.t(passed ? TEXT.passed : TEXT.failed)}
        </p>
        {result.failureText !== null && (
          <p>
            <strong>{p.t(TEXT.reason)}</strong>
            {p.lang === 'zh' ? '：' : ': '}
            {p.t(result.failureText)}
          </p>
        )}
      </div>
    ),
  });
}

/** The photo fields' errors the page can tell before the use case: missing and over the limit. */
function photoFieldErrors(p: PageRequest): FieldError[] {
  const max = p.deps.documents.maxBytes;
  const errors: FieldError[] = [];
  const photos = [
    { name: 'idPhoto', label: TEXT.idPhoto, missing: TEXT.chooseIdPhoto },
    { name: 'facePhoto', label: TEXT.facePhoto, missing: TEXT.chooseFacePhoto },
  ] as const;
  for (const photo of photos) {
    const file = p.files[photo.name];
    if (file === undefined || file.size === 0)
      errors.push({ path: photo.name, code: 'REQUIRED', message: photo.missing });
    else if (file.size > max)
      errors.push({
        path: photo.name,
        code: 'FILE_TOO_LARGE',
        message: {
          zh: format(TEXT.tooLarge.zh, { photo: photo.label.zh, mb: mb(max) }),
          en: format(TEXT.tooLarge.en, { photo: photo.label.en.toLowerCase(), mb: mb(max) }),
        },
      });
  }
  return errors;
}

async function sandboxPage(p: PageRequest, form: FormState, status: 200 | 422 = 200) {
  let steers;
  try {
    steers = await listIdentitySandboxSteers(workflowDeps(p.deps, p.actor));
  } catch (error) {
    if (failureOf(error)?.status === 404) throw new NotFound(TEXT.noSandbox);
    throw error;
  }
  return p.render({
    title: TEXT.sandboxTitle,
    status,
    body: (
      <>
        <ErrorSummary form={form} />
        <p>{p.t(TEXT.sandboxIntro)}</p>
        <Form form={form} action="/sandbox/identity">
          <fieldset class="fieldset">
            <legend class="fieldset-legend">{p.t(TEXT.steerLegend)}</legend>
            <TextField
              form={form}
              name="idNumber"
              label={TEXT.steerId}
              code
              width="medium"
              maxlength={40}
              autocomplete="off"
            />
            <SelectField
              form={form}
              name="outcome"
              label={TEXT.steerOutcome}
              options={SANDBOX_OUTCOMES.map((outcome) => ({
                value: outcome,
                label: OUTCOME_LABELS[outcome],
              }))}
            />
            <TextField
              form={form}
              name="remaining"
              label={TEXT.steerRemaining}
              hint={TEXT.steerRemainingHint}
              optional
              width="short"
              inputmode="numeric"
              maxlength={4}
            />
            <Button>{p.t(TEXT.steerSave)}</Button>
          </fieldset>
        </Form>
        <h2>{p.t(TEXT.steers)}</h2>
        {steers.length === 0 ? (
          <p>{p.t(TEXT.noSteers)}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">{p.t(TEXT.steers)}</caption>
              <thead>
                <tr>
                  <th scope="col">{p.t(TEXT.steerId)}</th>
                  <th scope="col">{p.t(TEXT.steerOutcome)}</th>
                  <th scope="col">{p.t(TEXT.steerRemaining)}</th>
                  <th scope="col">{p.t(TEXT.steerBy)}</th>
                  <th scope="col">{p.t(TEXT.steerAt)}</th>
                </tr>
              </thead>
              <tbody>
                {steers.map((s) => (
                  <tr>
                    <th scope="row" class="code">
                      <bdi>{s.idNumber}</bdi>
                    </th>
                    <td data-label={p.t(TEXT.steerOutcome)}>{p.t(OUTCOME_LABELS[s.outcome])}</td>
                    <td data-label={p.t(TEXT.steerRemaining)}>
                      {s.remaining === null ? p.t(TEXT.untilChanged) : s.remaining}
                    </td>
                    <td data-label={p.t(TEXT.steerBy)}>
                      <bdi>{s.setBy}</bdi>
                    </td>
                    <td data-label={p.t(TEXT.steerAt)}>{shanghaiDateTime(s.setAt)}</td>
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

/**
 * 真实性核验 on the review page: each person with the outcome that counts (passed or not, when, the
 * vendor's reference), and the 核验单 where the province asks for it. Nothing when no requirement is in
 * force and no link was ever sent.
 */
export function IdentitySection(props: { lang: Lang; overview: IdentityOverview; sheetHref: string }) {
  const { lang, overview, sheetHref } = props;
  const tr = (text: Localized) => t(lang, text);
  if (overview.requirement === null && overview.persons.length === 0) return null;
  return (
    <section aria-labelledby="identity-title" data-identity-review>
      <h2 id="identity-title">{tr(TEXT.reviewTitle)}</h2>
      {overview.mode === 'off' && <p class="field-hint">{tr(TEXT.reviewOff)}</p>}
      {overview.persons.length === 0 ? (
        <p>{tr(TEXT.noOutcome)}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{tr(TEXT.reviewTitle)}</caption>
            <thead>
              <tr>
                <th scope="col">{tr(TEXT.forPerson)}</th>
                <th scope="col">{tr(TEXT.roles)}</th>
                <th scope="col">{tr(TEXT.outcome)}</th>
                <th scope="col">{tr(TEXT.completedAt)}</th>
                <th scope="col">{tr(TEXT.reference)}</th>
              </tr>
            </thead>
            <tbody>
              {overview.persons.map((person) => {
                const task = latestTask(person);
                const decided = task !== undefined && (task.status === 'passed' || task.status === 'failed');
                return (
                  <tr>
                    <th scope="row">
                      <bdi>{person.name}</bdi>
                      <br />
                      <span class="code muted">{person.idNumberMasked}</span>
                    </th>
                    <td data-label={tr(TEXT.roles)}>{person.roles.map((r) => tr(r)).join(sep(lang))}</td>
                    <td data-label={tr(TEXT.outcome)}>
                      <span class={STATE_TAGS[person.state]} data-identity-state={person.state}>
                        {tr(STATE_LABELS[person.state])}
                      </span>
                      {person.state === 'failed' && task?.failureText && (
                        <p class="identity-reason">{tr(task.failureText)}</p>
                      )}
                    </td>
                    <td class="nowrap" data-label={tr(TEXT.completedAt)}>
                      {decided ? shanghaiDateTime(task.completedAt) : ''}
                    </td>
                    <td class="code" data-label={tr(TEXT.reference)}>
                      {decided ? (task.vendorReference ?? '') : ''}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {overview.requirement?.signedSheet === true && <p>{tr(TEXT.sheetAsked)}</p>}
      <p>
        <a href={sheetHref}>{tr(TEXT.sheet)}</a>
      </p>
    </section>
  );
}

/** A PDF answer for the sheet pages. */
const pdf = (p: PageRequest, sheet: { fileName: string; pdf: Buffer }) =>
  p.c.body(new Uint8Array(sheet.pdf), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${sheet.fileName}"`,
  });

export const IDENTITY_PAGES = [
  definePage({
    method: 'get',
    path: '/applications/:id/identity',
    access: 'identity.read-own',
    handle: (p) => applicantPage(p, p.formState()),
  }),
  definePage({
    method: 'post',
    path: '/applications/:id/identity',
    access: 'identity.issue-own',
    async handle(p) {
      // Someone else's (or no) application is the 404 page, before anything is issued.
      const app = await ownApplication(p);
      const applicationId = app.id;
      const deps = applicantDeps(p);
      try {
        const issued = await issueIdentityTask({
          ...deps,
          applicationId,
          personKey: (p.form.personKey ?? '').slice(0, 100),
          sendLink: identityLinkSender({ publicUrl: origin(p) }, deps.now),
        });
        // Not POST-redirect-GET: the link is shown this once (only its hash is kept), like a new API token.
        return applicantPage(p, p.formState(), { status: 201, issued });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        const status = failure.status === 429 ? 429 : refusalStatus(failure);
        return applicantPage(p, p.formState({ errors: refusalErrors(failure) }), { status });
      }
    },
  }),
  definePage({
    method: 'get',
    path: '/applications/:id/identity/sheet',
    access: 'identity.read-own',
    async handle(p) {
      const sheet = await identitySheet({
        ...applicantDeps(p),
        applicationId: applicationIdOf(p),
        scope: 'own',
      });
      return pdf(p, sheet);
    },
  }),
  definePage({
    method: 'get',
    path: '/review/:id/identity/sheet',
    access: 'identity.read-any',
    async handle(p) {
      const sheet = await identitySheet({
        ...workflowDeps(p.deps, p.actor),
        applicationId: applicationIdOf(p),
        scope: 'any',
      });
      return pdf(p, sheet);
    },
  }),
  definePage({
    method: 'get',
    path: '/verify/:token',
    access: 'identity.complete-link',
    rateLimit: 'identityLink',
    handle: (p) => linkPage(p, p.formState()),
  }),
  definePage({
    method: 'post',
    path: '/verify/:token',
    access: 'identity.complete-link',
    rateLimit: 'identityLink',
    // Two photos at the upload limit plus multipart framing; the use case checks each photo's limit.
    maxBodyBytes: 2 * DEFAULT_MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES,
    async handle(p) {
      const declarations = Object.entries(p.form)
        .filter(([name, value]) => name.startsWith('declarations.') && value === '1')
        .map(([name]) => name.slice('declarations.'.length));
      const missing = photoFieldErrors(p);
      try {
        if (missing.length > 0) {
          // Still ask the use case whether the link is usable: a spent link says so, not "choose a photo".
          await openIdentityLink({ database: p.deps.db, now: p.deps.now(), token: tokenOf(p) });
          const tooLarge = missing.some((e) => e.code === 'FILE_TOO_LARGE');
          return linkPage(p, p.formState({ errors: missing }), tooLarge ? 413 : 422);
        }
        const bytes = async (name: string) => new Uint8Array(await (p.files[name] as File).arrayBuffer());
        const result = await completeIdentityTask({
          database: p.deps.db,
          now: p.deps.now(),
          identity: p.deps.identity,
          maxPhotoBytes: p.deps.documents.maxBytes,
          input: {
            token: tokenOf(p),
            idPhoto: await bytes('idPhoto'),
            facePhoto: await bytes('facePhoto'),
            declarations,
          },
        });
        // Rendered, not redirected: the link is spent, so there is no page left to GET.
        return outcomePage(p, result);
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        if (failure.status === 404 || failure.status === 410) return linkGonePage(p, failure);
        return linkPage(p, p.formState({ errors: refusalErrors(failure) }), 422);
      }
    },
  }),
  definePage({
    method: 'get',
    path: '/sandbox/identity',
    access: 'identity.steer-sandbox',
    nav: { label: TEXT.sandboxNav },
    handle: (p) => sandboxPage(p, p.formState()),
  }),
  definePage({
    method: 'post',
    path: '/sandbox/identity',
    access: 'identity.steer-sandbox',
    async handle(p) {
      const raw = (p.form.remaining ?? '').trim();
      const remaining = raw === '' ? null : /^\d{1,4}$/.test(raw) ? Number(raw) : raw;
      try {
        await steerIdentitySandbox({
          ...workflowDeps(p.deps, p.actor),
          input: { idNumber: p.form.idNumber ?? '', outcome: p.form.outcome ?? '', remaining },
        });
        return p.redirect('/sandbox/identity', { kind: 'success', message: TEXT.steerSaved });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        if (failure.status === 404) throw new NotFound(TEXT.noSandbox);
        return sandboxPage(p, p.formState({ errors: refusalErrors(failure) }), 422);
      }
    },
  }),
];
