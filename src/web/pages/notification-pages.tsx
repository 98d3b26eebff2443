/**
 * 通知 — the pages of src/notifications: the in-app notices (/notifications, its unread count in the
 * navigation), where notifications go (/account/notifications: the account's e-mail and up to 15
 * recipients, each confirmed by a link), the link's confirmation page (/notifications/verify: anyone
 * holding the link; a GET only shows the button, so mail scanners that fetch links confirm nothing),
 * the kinds an account turns off by e-mail or SMS (/account/notifications/kinds), and the delivery log
 * for operators (/admin/notifications: by status, failed and unknown by default, paged; resend).
 */
import type { NotificationPreference, NotificationRecipient } from '../../notifications/index.ts';
import {
  addRecipient,
  isNotificationKind,
  listDeliveries,
  listNotices,
  listPreferences,
  listRecipients,
  markNoticesRead,
  removeRecipient,
  resendDelivery,
  resendRecipientLink,
  setPreferences,
  verifyRecipient,
  DELIVERY_STATUSES,
  MAX_RECIPIENTS,
  PREFERENCE_CHANNELS,
  NOTIFICATION_KIND_LABELS,
  RESENDABLE,
  VERIFY_PATH,
} from '../../notifications/index.ts';
import type { FieldError, FormState, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  ErrorSummary,
  Fieldset,
  Form,
  Pager,
  RadioGroup,
  SelectField,
  TERMS,
  TextField,
  definePage,
  failureOf,
  idParam,
  pageParam,
  signedInAccount,
} from '../kit/index.ts';
import { shanghaiDateTime } from '../kit/time.ts';
import { UNCONFIGURED_ANSWERS } from '../../notifications/index.ts';

/** A server's answer as it came (its own language); beian's own answers in the reader's. */
function answerText(answer: string): Localized {
  if (answer === UNCONFIGURED_ANSWERS.email)
    return { zh: '本系统未配置邮件发送（BEIAN_SMTP_URL 或 BEIAN_SMTP_HOST）', en: answer };
  if (answer === UNCONFIGURED_ANSWERS.sms)
    return { zh: '本系统未配置短信网关（BEIAN_SMS_PROVIDER）', en: answer };
  return { zh: answer, en: answer };
}

const INBOX = '/notifications';
const SETTINGS_PATH = '/account/notifications';
const OPERATOR = '/admin/notifications';

const TEXT = {
  inbox: { zh: '通知', en: 'Notifications' },
  inboxIntro: {
    zh: '备案进度、驳回原因、短信核验和到期提醒。通知同时发送到您在“通知设置”中验证过的邮箱和手机。',
    en: 'Filing progress, rejection reasons, SMS verification and expiry reminders. They also go to the addresses you confirmed under notification settings.',
  },
  none: { zh: '还没有通知。', en: 'No notifications yet.' },
  time: { zh: '时间', en: 'Time' },
  subject: { zh: '主题', en: 'Subject' },
  content: { zh: '内容', en: 'Details' },
  status: TERMS.status,
  unread: { zh: '未读', en: 'Unread' },
  read: { zh: '已读', en: 'Read' },
  open: { zh: '去办理', en: 'Open' },
  markRead: { zh: '全部标为已读', en: 'Mark all as read' },
  markedRead: { zh: '已全部标为已读', en: 'All marked as read' },
  settings: { zh: '通知设置', en: 'Notification settings' },
  settingsIntro: {
    zh: `通知会发送到下面已验证的地址。每个地址须先打开发送给它的验证链接（24 小时内有效，只能使用一次）；最多添加 ${MAX_RECIPIENTS} 个接收人。备案负责人的手机和邮箱取自备案信息，无需在此添加。`,
    en: `Notifications go to the confirmed addresses below. Each address must first open the link sent to it (valid 24 hours, once); up to ${MAX_RECIPIENTS} recipients may be added. The responsible persons’ phones and e-mail come from the filing itself.`,
  },
  accountEmail: { zh: '账号邮箱', en: 'Account e-mail' },
  accountEmailHint: {
    zh: '用于接收本账号的所有通知；更换后须重新验证',
    en: 'Receives all of this account’s notifications; a new one must be confirmed again',
  },
  saveEmail: { zh: '保存并发送验证邮件', en: 'Save and send the confirmation' },
  recipients: { zh: '接收人', en: 'Recipients' },
  noRecipients: { zh: '还没有接收人。', en: 'No recipients yet.' },
  channel: { zh: '接收方式', en: 'Channel' },
  email: { zh: '电子邮件', en: 'E-mail' },
  sms: { zh: '短信', en: 'SMS' },
  address: { zh: '接收地址', en: 'Address' },
  addressHint: {
    zh: '电子邮箱，或 11 位中国大陆手机号码',
    en: 'An e-mail address, or an 11-digit mainland mobile number',
  },
  lang: { zh: '通知语言', en: 'Language' },
  zh: { zh: '中文', en: 'Chinese' },
  en: { zh: '英文', en: 'English' },
  kind: { zh: '类型', en: 'Kind' },
  verified: { zh: '已验证', en: 'Confirmed' },
  pending: { zh: '待验证', en: 'Awaiting confirmation' },
  actions: TERMS.actions,
  add: { zh: '添加接收人', en: 'Add a recipient' },
  addButton: { zh: '添加并发送验证链接', en: 'Add and send the link' },
  added: { zh: '已发送验证链接到 ', en: 'Confirmation link sent to ' },
  resendLink: { zh: '重发验证链接', en: 'Send the link again' },
  linkSent: { zh: '验证链接已重新发送', en: 'The link was sent again' },
  remove: { zh: '删除', en: 'Remove' },
  removed: { zh: '已删除接收人 ', en: 'Recipient removed: ' },
  noRecipient: { zh: '没有这个接收人', en: 'No such recipient' },
  verifyTitle: { zh: '确认通知接收地址', en: 'Confirm a notification address' },
  verifyIntro: {
    zh: '点击下面的按钮，确认此地址接收网站备案系统的通知。',
    en: 'Press the button to confirm that this address receives the ICP filing system’s notifications.',
  },
  verifyButton: { zh: '确认接收通知', en: 'Confirm' },
  verifiedDone: { zh: '已确认：', en: 'Confirmed: ' },
  operator: { zh: '通知投递', en: 'Notification deliveries' },
  operatorIntro: {
    zh: '发送失败（服务器拒绝或重试用尽）和状态未知（发送与记录之间进程中断，可能已送达，不会自动重发）的邮件和短信。重发沿用原 Message-ID，收件人可识别重复。',
    en: 'E-mail and SMS that failed (refused, or out of retries) or whose outcome is unknown (the process stopped between sending and recording: it may have arrived, so it is not resent automatically). A resend keeps the Message-ID, so a duplicate is recognisable.',
  },
  noDeliveries: { zh: '没有失败或状态未知的投递。', en: 'No failed or unknown deliveries.' },
  recipient: { zh: '收件人', en: 'Recipient' },
  answer: { zh: '服务器应答', en: 'Server’s answer' },
  failed: { zh: '失败', en: 'Failed' },
  unknown: { zh: '未知', en: 'Unknown' },
  resend: { zh: '重发', en: 'Resend' },
  resent: { zh: '已重新排队发送 #', en: 'Queued again: #' },
  noDelivery: { zh: '没有这条投递记录', en: 'No such delivery' },
  kinds: { zh: '通知类型', en: 'What you are told' },
  kindsIntro: {
    zh: '取消勾选即不再通过邮件或短信发送该类通知（同时适用于备案负责人的手机和邮箱）；站内通知始终保留。带锁的类型关系到申请或域名能否保留，不能关闭。',
    en: 'Untick a kind to stop it by e-mail or SMS (the responsible persons’ phones and e-mail included); in-app notices always stay. Locked kinds decide whether an application or a domain survives and cannot be turned off.',
  },
  alwaysSent: { zh: '始终发送：', en: 'Always sent: ' },
  saveKinds: { zh: '保存通知类型', en: 'Save' },
  kindsSaved: { zh: '通知类型已保存', en: 'Notification kinds saved' },
  filter: { zh: '投递状态', en: 'Status' },
  needsAttention: { zh: '待处理（失败和未知）', en: 'Needs attention (failed and unknown)' },
  show: { zh: '显示', en: 'Show' },
  queued: { zh: '排队中', en: 'Queued' },
  sending: { zh: '发送中', en: 'Sending' },
  sent: { zh: '已发送', en: 'Sent' },
  noneInStatus: { zh: '没有该状态的投递。', en: 'No deliveries in this status.' },
} satisfies Record<string, Localized>;

const actorOf = (p: PageRequest) => {
  const account = signedInAccount(p);
  return { account: account.login, role: account.role };
};

const settingsOf = (p: PageRequest) => ({ publicUrl: p.deps.publicUrl ?? new URL(p.c.req.url).origin });

/** A notice's link on this site, whatever public address it was written with. */
function localPath(link: string): string {
  try {
    const url = new URL(link);
    return `${url.pathname}${url.search}`;
  } catch {
    return INBOX;
  }
}

function CsrfField(props: { p: PageRequest }) {
  return <input type="hidden" name="_csrf" value={props.p.view.csrfToken} />;
}

/* ---------------- /notifications ---------------- */

async function inboxPage(p: PageRequest) {
  const account = signedInAccount(p);
  const notices = await listNotices(p.deps.db.kysely, account.login, { limit: 100 });
  const unread = notices.some((n) => n.readAt === null);
  return p.render({
    title: TEXT.inbox,
    body: (
      <>
        <p>{p.t(TEXT.inboxIntro)}</p>
        <p>
          <a href={SETTINGS_PATH}>{p.t(TEXT.settings)}</a>
        </p>
        {notices.length === 0 ? (
          <p class="notice">{p.t(TEXT.none)}</p>
        ) : (
          <>
            {unread && (
              <form method="post" action={`${INBOX}/read`} class="inline-form">
                <CsrfField p={p} />
                <input type="hidden" name="upto" value={String(notices[0]?.id ?? 0)} />
                <Button variant="secondary">{p.t(TEXT.markRead)}</Button>
              </form>
            )}
            <div class="table-wrap">
              <table class="table notice-table">
                <thead>
                  <tr>
                    <th scope="col">{p.t(TEXT.time)}</th>
                    <th scope="col">{p.t(TEXT.status)}</th>
                    <th scope="col">{p.t(TEXT.subject)}</th>
                    <th scope="col">{p.t(TEXT.content)}</th>
                  </tr>
                </thead>
                <tbody>
                  {notices.map((notice) => (
                    <tr class={notice.readAt === null ? 'unread' : undefined}>
                      <td class="nowrap" data-label={p.t(TEXT.time)}>
                        {shanghaiDateTime(notice.createdAt)}
                      </td>
                      <td data-label={p.t(TEXT.status)}>
                        {notice.readAt === null ? <strong>{p.t(TEXT.unread)}</strong> : p.t(TEXT.read)}
                      </td>
                      <td data-label={p.t(TEXT.subject)}>
                        <bdi>{p.t(notice.subject)}</bdi>
                      </td>
                      <td class="notice-text" data-label={p.t(TEXT.content)}>
                        <bdi>
                          {p
                            .t(notice.text)
                            .replace(/^(您好：|Hello,)\s*/, '')
                            .split(/\n\n(办理入口|Go to|——|—)/)[0]
                            ?.trim()}
                        </bdi>
                        {notice.link !== null && (
                          <>
                            {' '}
                            <a href={localPath(notice.link)}>{p.t(TEXT.open)}</a>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </>
    ),
  });
}

/* ---------------- /account/notifications ---------------- */

const CHANNEL_LABELS: Record<'email' | 'sms', Localized> = { email: TEXT.email, sms: TEXT.sms };

function RecipientRow(props: { p: PageRequest; r: NotificationRecipient }) {
  const { p, r } = props;
  return (
    <tr>
      <td data-label={p.t(TEXT.channel)}>
        {p.t(r.accountEmail ? TEXT.accountEmail : CHANNEL_LABELS[r.channel])}
      </td>
      <td data-label={p.t(TEXT.address)}>
        <bdi class="code">{r.address}</bdi>
      </td>
      <td data-label={p.t(TEXT.lang)}>{p.t(r.lang === 'en' ? TEXT.en : TEXT.zh)}</td>
      <td data-label={p.t(TEXT.status)}>
        {r.verifiedAt === null
          ? p.t(TEXT.pending)
          : `${p.t(TEXT.verified)} ${shanghaiDateTime(r.verifiedAt)}`}
      </td>
      <td class="actions" data-label={p.t(TEXT.actions)}>
        {r.verifiedAt === null && (
          <form method="post" action={`${SETTINGS_PATH}/${r.id}/link`} class="inline-form">
            <CsrfField p={p} />
            <button type="submit" class="button button-small button-secondary">
              {p.t(TEXT.resendLink)}
            </button>
          </form>
        )}
        <form method="post" action={`${SETTINGS_PATH}/${r.id}/remove`} class="inline-form">
          <CsrfField p={p} />
          <button type="submit" class="button button-small button-warning">
            {p.t(TEXT.remove)}
            <span class="visually-hidden"> {r.address}</span>
          </button>
        </form>
      </td>
    </tr>
  );
}

const PREFERENCES_PATH = `${SETTINGS_PATH}/kinds`;

/** The form field of one switch: `email:approved`; a ticked box sends `1`. */
const switchName = (channel: string, kind: string): string => `${channel}:${kind}`;

/** Per kind, an e-mail and an SMS box; mandatory kinds show theirs ticked and locked, with why. */
function PreferencesForm(props: {
  p: PageRequest;
  preferences: NotificationPreference[];
  errors: FieldError[];
}) {
  const { p, preferences } = props;
  return (
    <form method="post" action={PREFERENCES_PATH} class="form" id="kinds">
      <CsrfField p={p} />
      <h2>{p.t(TEXT.kinds)}</h2>
      <p>{p.t(TEXT.kindsIntro)}</p>
      {props.errors.length > 0 && (
        <div class="error-summary" role="alert">
          <ul>
            {props.errors.map((error) => (
              <li>{p.t(error.message)}</li>
            ))}
          </ul>
        </div>
      )}
      <div class="table-wrap">
        <table class="table preference-table matrix-table">
          <thead>
            <tr>
              <th scope="col">{p.t(TEXT.kind)}</th>
              <th scope="col">{p.t(TEXT.email)}</th>
              <th scope="col">{p.t(TEXT.sms)}</th>
            </tr>
          </thead>
          <tbody>
            {preferences.map((pref) => (
              <tr>
                <th scope="row" data-label={p.t(TEXT.kind)}>
                  {p.t(pref.label)}
                  {pref.mandatory !== null && (
                    <p class="field-hint">
                      {p.t(TEXT.alwaysSent)}
                      {p.t(pref.mandatory)}
                    </p>
                  )}
                </th>
                {PREFERENCE_CHANNELS.map((channel) => {
                  const id = `pref-${channel}-${pref.kind}`;
                  const label = `${p.t(CHANNEL_LABELS[channel])}: ${p.t(pref.label)}`;
                  return (
                    <td data-label={p.t(CHANNEL_LABELS[channel])}>
                      <input
                        type="checkbox"
                        id={id}
                        name={switchName(channel, pref.kind)}
                        value="1"
                        checked={pref[channel]}
                        disabled={pref.mandatory !== null}
                      />
                      <label for={id} class="visually-hidden">
                        {label}
                      </label>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Button>{p.t(TEXT.saveKinds)}</Button>
    </form>
  );
}

async function settingsPage(
  p: PageRequest,
  forms: { email?: FormState; add?: FormState; kindErrors?: FieldError[] } = {},
  status: 200 | 422 | 429 = 200,
) {
  const account = signedInAccount(p);
  const recipients = await listRecipients(p.deps.db.kysely, account.login);
  const preferences = await listPreferences(p.deps.db.kysely, account.login);
  const own = recipients.find((r) => r.accountEmail);
  // Its own field names: two inputs named `address` on one page would share an id.
  const emailForm =
    forms.email ?? p.formState({ values: { email: own?.address ?? '', emailLang: own?.lang ?? p.lang } });
  const addForm = forms.add ?? p.formState({ values: { channel: 'email', lang: p.lang } });
  return p.render({
    title: TEXT.settings,
    status,
    body: (
      <>
        <p>{p.t(TEXT.settingsIntro)}</p>
        <ErrorSummary form={forms.email ?? addForm} />
        <Form form={emailForm} action={`${SETTINGS_PATH}/email`}>
          <Fieldset form={emailForm} legend={TEXT.accountEmail}>
            <TextField
              form={emailForm}
              name="email"
              label={TEXT.accountEmail}
              hint={TEXT.accountEmailHint}
              type="email"
              autocomplete="email"
              width="medium"
              maxlength={100}
            />
            <RadioGroup
              form={emailForm}
              name="emailLang"
              legend={TEXT.lang}
              inline
              options={[
                { value: 'zh', label: TEXT.zh },
                { value: 'en', label: TEXT.en },
              ]}
            />
            <Button>{p.t(TEXT.saveEmail)}</Button>
          </Fieldset>
        </Form>
        <h2>{p.t(TEXT.recipients)}</h2>
        {recipients.length === 0 ? (
          <p>{p.t(TEXT.noRecipients)}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{p.t(TEXT.channel)}</th>
                  <th scope="col">{p.t(TEXT.address)}</th>
                  <th scope="col">{p.t(TEXT.lang)}</th>
                  <th scope="col">{p.t(TEXT.status)}</th>
                  <th scope="col">{p.t(TEXT.actions)}</th>
                </tr>
              </thead>
              <tbody>
                {recipients.map((r) => (
                  <RecipientRow p={p} r={r} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Form form={addForm} action={SETTINGS_PATH}>
          <Fieldset form={addForm} legend={TEXT.add}>
            <RadioGroup
              form={addForm}
              name="channel"
              legend={TEXT.channel}
              inline
              options={[
                { value: 'email', label: TEXT.email },
                { value: 'sms', label: TEXT.sms },
              ]}
            />
            <TextField
              form={addForm}
              name="address"
              label={TEXT.address}
              hint={TEXT.addressHint}
              width="medium"
              maxlength={100}
              autocomplete="off"
            />
            <RadioGroup
              form={addForm}
              name="lang"
              legend={TEXT.lang}
              inline
              options={[
                { value: 'zh', label: TEXT.zh },
                { value: 'en', label: TEXT.en },
              ]}
            />
            <Button>{p.t(TEXT.addButton)}</Button>
          </Fieldset>
        </Form>
        <PreferencesForm p={p} preferences={preferences} errors={forms.kindErrors ?? []} />
      </>
    ),
  });
}

/** A use case's refusal as the form's errors (at the address when it names no field), or a rethrow. */
function refusalFields(error: unknown): { fields: FieldError[]; status: 422 | 429 } {
  const failure = failureOf(error);
  if (failure === null) throw error;
  const fields =
    failure.fields.length > 0
      ? failure.fields
      : [{ path: 'address', code: 'REFUSED', message: failure.message }];
  return { fields, status: failure.status === 429 ? 429 : 422 };
}

/* ---------------- /admin/notifications ---------------- */

const LOG_PAGE_SIZE = 50;
/** Deep pages are refused quietly (an offset scan); the filter narrows a long log instead. */
const LOG_MAX_PAGE = 1000;

type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const STATUS_LABELS: Record<DeliveryStatus, Localized> = {
  queued: TEXT.queued,
  sending: TEXT.sending,
  sent: TEXT.sent,
  failed: TEXT.failed,
  unknown: TEXT.unknown,
};

async function operatorPage(p: PageRequest) {
  const wanted = DELIVERY_STATUSES.find((status) => status === p.query.status);
  const statuses = wanted === undefined ? RESENDABLE : [wanted];
  const page = Math.min(pageParam(p), LOG_MAX_PAGE);
  const rows = await listDeliveries(p.deps.db.kysely, {
    statuses,
    limit: LOG_PAGE_SIZE + 1,
    offset: (page - 1) * LOG_PAGE_SIZE,
  });
  const deliveries = rows.slice(0, LOG_PAGE_SIZE);
  const href = (n: number) => {
    const params = new URLSearchParams({ ...(wanted ? { status: wanted } : {}), page: String(n) });
    return `${OPERATOR}?${params.toString()}`;
  };
  const filter = p.formState({ values: { status: wanted ?? '' } });
  return p.render({
    title: TEXT.operator,
    body: (
      <>
        <p>{p.t(TEXT.operatorIntro)}</p>
        <Form form={filter} action={OPERATOR} method="get" class="form form-inline">
          <SelectField
            form={filter}
            name="status"
            label={TEXT.filter}
            options={DELIVERY_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] }))}
            placeholder={TEXT.needsAttention}
            optional
          />
          <Button variant="secondary">{p.t(TEXT.show)}</Button>
        </Form>
        {deliveries.length === 0 ? (
          <p class="notice">{p.t(wanted === undefined ? TEXT.noDeliveries : TEXT.noneInStatus)}</p>
        ) : (
          <div class="table-wrap">
            <table class="table delivery-table">
              <thead>
                <tr>
                  <th scope="col">{p.t(TEXT.time)}</th>
                  <th scope="col">{p.t(TEXT.kind)}</th>
                  <th scope="col">{p.t(TEXT.recipient)}</th>
                  <th scope="col">{p.t(TEXT.status)}</th>
                  <th scope="col">{p.t(TEXT.answer)}</th>
                  <th scope="col">{p.t(TEXT.actions)}</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr>
                    <td class="nowrap" data-label={p.t(TEXT.time)}>
                      {shanghaiDateTime(d.updatedAt)}
                    </td>
                    <td data-label={p.t(TEXT.kind)}>
                      {isNotificationKind(d.kind) ? (
                        <span title={d.kind}>{p.t(NOTIFICATION_KIND_LABELS[d.kind])}</span>
                      ) : (
                        <span class="code">{d.kind}</span>
                      )}
                      {d.applicationId !== null && (
                        <>
                          {' '}
                          <a href={`/review/${d.applicationId}`}>#{d.applicationId}</a>
                        </>
                      )}
                    </td>
                    <td data-label={p.t(TEXT.recipient)}>
                      {p.t(d.channel === 'sms' ? TEXT.sms : TEXT.email)} <bdi class="code">{d.recipient}</bdi>
                    </td>
                    <td data-label={p.t(TEXT.status)}>
                      {p.t(STATUS_LABELS[d.status])}{' '}
                      <span class="nowrap">
                        {p.t({
                          zh: `（尝试 ${d.attempts} 次）`,
                          en: `(${d.attempts} ${d.attempts === 1 ? 'attempt' : 'attempts'})`,
                        })}
                      </span>
                    </td>
                    <td class="sms-body" data-label={p.t(TEXT.answer)}>
                      <bdi>{d.lastAnswer === null ? '—' : p.t(answerText(d.lastAnswer))}</bdi>
                    </td>
                    <td class="actions" data-label={p.t(TEXT.actions)}>
                      {RESENDABLE.includes(d.status) ? (
                        <form method="post" action={`${OPERATOR}/${d.id}/resend`} class="inline-form">
                          <CsrfField p={p} />
                          <button type="submit" class="button button-small button-secondary">
                            {p.t(TEXT.resend)}
                            <span class="visually-hidden"> #{d.id}</span>
                          </button>
                        </form>
                      ) : (
                        '—'
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
          page={page}
          hasNext={rows.length > LOG_PAGE_SIZE && page < LOG_MAX_PAGE}
          href={href}
        />
      </>
    ),
  });
}

export const NOTIFICATION_PAGES = [
  definePage({
    method: 'get',
    path: INBOX,
    access: 'notification.read-own',
    nav: { label: TEXT.inbox, count: 'unread' },
    handle: inboxPage,
  }),
  definePage({
    method: 'post',
    path: `${INBOX}/read`,
    access: 'notification.read-own',
    async handle(p) {
      const upto = Number(p.form.upto ?? '');
      await markNoticesRead(
        p.deps.db,
        actorOf(p),
        p.deps.now(),
        Number.isSafeInteger(upto) && upto > 0 ? upto : undefined,
      );
      return p.redirect(INBOX, { kind: 'success', message: TEXT.markedRead });
    },
  }),
  definePage({
    method: 'get',
    path: SETTINGS_PATH,
    access: 'notification.recipients-own',
    handle: (p) => settingsPage(p),
  }),
  definePage({
    method: 'post',
    path: `${SETTINGS_PATH}/email`,
    access: 'notification.recipients-own',
    async handle(p) {
      try {
        const added = await addRecipient({
          database: p.deps.db,
          actor: actorOf(p),
          now: p.deps.now(),
          settings: settingsOf(p),
          input: { address: p.form.email ?? '', lang: p.form.emailLang ?? 'zh' },
          accountEmail: true,
        });
        return p.redirect(SETTINGS_PATH, {
          kind: 'success',
          message: { zh: `${TEXT.added.zh}${added.address}`, en: `${TEXT.added.en}${added.address}` },
        });
      } catch (error) {
        const { fields, status } = refusalFields(error);
        const renamed = fields.map((f) => ({
          ...f,
          path: f.path === 'lang' ? 'emailLang' : f.path === 'address' ? 'email' : f.path,
        }));
        return settingsPage(p, { email: p.formState({ errors: renamed }) }, status);
      }
    },
  }),
  definePage({
    method: 'post',
    path: SETTINGS_PATH,
    access: 'notification.recipients-own',
    async handle(p) {
      try {
        const added = await addRecipient({
          database: p.deps.db,
          actor: actorOf(p),
          now: p.deps.now(),
          settings: settingsOf(p),
          input: { channel: p.form.channel ?? '', address: p.form.address ?? '', lang: p.form.lang ?? 'zh' },
        });
        return p.redirect(SETTINGS_PATH, {
          kind: 'success',
          message: { zh: `${TEXT.added.zh}${added.address}`, en: `${TEXT.added.en}${added.address}` },
        });
      } catch (error) {
        const { fields, status } = refusalFields(error);
        return settingsPage(p, { add: p.formState({ errors: fields }) }, status);
      }
    },
  }),
  definePage({
    method: 'post',
    path: PREFERENCES_PATH,
    access: 'notification.recipients-own',
    async handle(p) {
      // An unticked box sends nothing: every choosable switch not sent as `1` is off. Locked (mandatory)
      // boxes are disabled, so they send nothing either and are left out here.
      const current = await listPreferences(p.deps.db.kysely, signedInAccount(p).login);
      const off = current
        .filter((pref) => pref.mandatory === null)
        .flatMap((pref) =>
          PREFERENCE_CHANNELS.filter((channel) => p.form[switchName(channel, pref.kind)] !== '1').map(
            (channel) => ({ kind: pref.kind, channel }),
          ),
        );
      try {
        await setPreferences({ database: p.deps.db, actor: actorOf(p), now: p.deps.now(), off });
      } catch (error) {
        const { fields, status } = refusalFields(error);
        return settingsPage(p, { kindErrors: fields }, status);
      }
      return p.redirect(`${SETTINGS_PATH}#kinds`, { kind: 'success', message: TEXT.kindsSaved });
    },
  }),
  definePage({
    method: 'post',
    path: `${SETTINGS_PATH}/:id/link`,
    access: 'notification.recipients-own',
    async handle(p) {
      try {
        await resendRecipientLink({
          database: p.deps.db,
          actor: actorOf(p),
          now: p.deps.now(),
          settings: settingsOf(p),
          recipientId: idParam(p, TEXT.noRecipient),
        });
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) throw error;
        return p.redirect(SETTINGS_PATH, { kind: 'error', message: failure.message });
      }
      return p.redirect(SETTINGS_PATH, { kind: 'success', message: TEXT.linkSent });
    },
  }),
  definePage({
    method: 'post',
    path: `${SETTINGS_PATH}/:id/remove`,
    access: 'notification.recipients-own',
    async handle(p) {
      const address = await removeRecipient({
        database: p.deps.db,
        actor: actorOf(p),
        now: p.deps.now(),
        recipientId: idParam(p, TEXT.noRecipient),
      });
      return p.redirect(SETTINGS_PATH, {
        kind: 'success',
        message: { zh: `${TEXT.removed.zh}${address}`, en: `${TEXT.removed.en}${address}` },
      });
    },
  }),
  definePage({
    method: 'get',
    path: VERIFY_PATH,
    access: 'notification.verify-recipient',
    handle(p) {
      const token = (p.query.token ?? '').slice(0, 200);
      return p.render({
        title: TEXT.verifyTitle,
        body: (
          <>
            <p>{p.t(TEXT.verifyIntro)}</p>
            <form method="post" action={VERIFY_PATH} class="form">
              <CsrfField p={p} />
              <input type="hidden" name="token" value={token} />
              <Button>{p.t(TEXT.verifyButton)}</Button>
            </form>
          </>
        ),
      });
    },
  }),
  definePage({
    method: 'post',
    path: VERIFY_PATH,
    access: 'notification.verify-recipient',
    async handle(p) {
      const verified = await verifyRecipient({
        database: p.deps.db,
        token: p.form.token ?? '',
        now: p.deps.now(),
      });
      return p.redirect('/', {
        kind: 'success',
        message: {
          zh: `${TEXT.verifiedDone.zh}${verified.address}`,
          en: `${TEXT.verifiedDone.en}${verified.address}`,
        },
      });
    },
  }),
  definePage({
    method: 'get',
    path: OPERATOR,
    access: 'notification.operate',
    nav: { label: TEXT.operator },
    handle: operatorPage,
  }),
  definePage({
    method: 'post',
    path: `${OPERATOR}/:id/resend`,
    access: 'notification.operate',
    async handle(p) {
      const delivery = await resendDelivery({
        database: p.deps.db,
        actor: actorOf(p),
        now: p.deps.now(),
        deliveryId: idParam(p, TEXT.noDelivery),
      });
      return p.redirect(OPERATOR, {
        kind: 'success',
        message: { zh: `${TEXT.resent.zh}${delivery.id}`, en: `${TEXT.resent.en}${delivery.id}` },
      });
    },
  }),
];
