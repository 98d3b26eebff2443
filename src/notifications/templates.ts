/**
 * 通知模板 — every notification's words, in Chinese and English, in one place: per kind, the e-mail
 * and in-app subject and text, and the SMS. Each names the application (or domain), says what happened
 * and what to do next, and links to the page where it is done (BEIAN_PUBLIC_URL + path). Providers
 * send the same steps (Alibaba Cloud 备案进度通知, Tencent Cloud 备案订单状态通知); the wording is ours.
 */
import { fieldPathLabel } from '../filing/index.ts';
import type { Localized } from '../shared/index.ts';
import { toShanghaiIso } from '../shared/index.ts';

/** 通知类型 — what a notification announces. */
export const NOTIFICATION_KINDS = [
  'submitted',
  'review-waiting',
  'rejected',
  'sms-waiting',
  'sms-expiring',
  'sms-failed',
  'bureau-waiting',
  'approved',
  'withdrawn',
  'expired',
  'idle-reminder',
  'cancelled',
  'real-name-approved',
  'real-name-rejected',
  'real-name-reported',
  'domain-expiring',
  'notice',
  'verify-recipient',
  'identity-link',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Each kind's name, for the delivery log. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, Localized> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  'review-waiting': { zh: '待初审', en: 'Awaiting review' },
  rejected: { zh: '驳回', en: 'Rejected' },
  'sms-waiting': { zh: '待短信核验', en: 'SMS verification waiting' },
  'sms-expiring': { zh: '短信核验即将过期', en: 'SMS verification expiring' },
  'sms-failed': { zh: '短信核验失败', en: 'SMS verification failed' },
  'bureau-waiting': { zh: '待管局审核', en: 'Awaiting the bureau' },
  approved: { zh: '备案通过', en: 'Approved' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  expired: { zh: '申请失效', en: 'Expired' },
  'idle-reminder': { zh: '待办提醒', en: 'Idle reminder' },
  cancelled: { zh: '注销完成', en: 'Cancelled' },
  'real-name-approved': { zh: '实名认证通过', en: 'Real-name approved' },
  'real-name-rejected': { zh: '实名认证驳回', en: 'Real-name rejected' },
  'real-name-reported': { zh: '实名已上报', en: 'Real-name reported' },
  'domain-expiring': { zh: '域名即将到期', en: 'Domain expiring' },
  notice: { zh: '通知', en: 'Notice' },
  'verify-recipient': { zh: '接收地址验证', en: 'Address confirmation' },
  'identity-link': { zh: '真实性核验链接', en: 'Identity verification link' },
};

/** What a template is given: the application's label, the event's facts, and the site's address. */
export type TemplateInput = {
  /** `#12（杭州示例科技有限公司，示例.中国）` style label, or null when the event has no application. */
  application: { id: number; subject: string; domains: string[] } | null;
  params: Record<string, unknown>;
  publicUrl: string;
};

/** A rendered notification: both languages always; each channel takes its part. */
export type RenderedMessage = {
  subject: Localized;
  text: Localized;
  sms: Localized;
  link: string | null;
};

const SIGNATURE: Localized = { zh: '【网站备案系统】', en: '[ICP filing] ' };

const beijing = (iso: unknown): Localized => {
  const ms = typeof iso === 'string' ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) return { zh: '—', en: '—' };
  const text = toShanghaiIso(new Date(ms)).slice(0, 16).replace('T', ' ');
  return { zh: `${text}（北京时间）`, en: `${text} Beijing time` };
};

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function appName(input: TemplateInput): Localized {
  const app = input.application;
  if (app === null) return { zh: '', en: '' };
  const domains = app.domains.slice(0, 3).join('、');
  const more = app.domains.length > 3 ? '…' : '';
  const subject = app.subject === '' ? '' : app.subject;
  const parts = [subject, `${domains}${more}`].filter((part) => part !== '');
  return {
    zh: `备案申请 #${app.id}${parts.length > 0 ? `（${parts.join('，')}）` : ''}`,
    en: `application #${app.id}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`,
  };
}

const cap = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

type Parts = { subject: Localized; what: Localized; next: Localized; path: string | null; sms?: Localized };

function compose(input: TemplateInput, parts: Parts): RenderedMessage {
  const link = parts.path === null ? null : `${input.publicUrl}${parts.path}`;
  const linkLine = (lang: 'zh' | 'en') =>
    link === null ? '' : lang === 'zh' ? `\n\n办理入口：${link}` : `\n\nGo to: ${link}`;
  const footer: Localized = {
    zh: '\n\n—— 网站备案系统（本邮件由系统自动发送，请勿直接回复）',
    en: '\n\n— ICP filing system (sent automatically; please do not reply)',
  };
  const sms = parts.sms ?? {
    zh: `${parts.what.zh}${parts.next.zh}`,
    en: `${parts.what.en} ${parts.next.en}`,
  };
  return {
    subject: parts.subject,
    text: {
      zh: `您好：\n\n${parts.what.zh}\n\n${parts.next.zh}${linkLine('zh')}${footer.zh}`,
      en: `Hello,\n\n${parts.what.en}\n\n${parts.next.en}${linkLine('en')}${footer.en}`,
    },
    sms: {
      zh: `${SIGNATURE.zh}${sms.zh}${link === null ? '' : ` ${link}`}`,
      en: `${SIGNATURE.en}${sms.en}${link === null ? '' : ` ${link}`}`,
    },
    link,
  };
}

/** The subject's filing that went with its last website or app (注销 of the last filing). */
function withSubjectCancelled(what: Localized, subject: unknown): Localized {
  const number = str(subject);
  if (number === '') return what;
  return {
    zh: `${what.zh}主体备案 ${number} 随之注销。`,
    en: `${what.en} With it, the subject’s filing ${number} was cancelled.`,
  };
}

/** 注销APP and 取消接入 of an app: the app by name and number, and what each leaves standing. */
function appCancelled(input: TemplateInput): RenderedMessage {
  const number = str(input.params.number);
  const name = str(input.params.name);
  const app: Localized =
    name === ''
      ? { zh: `APP ${number}`, en: `app ${number}` }
      : { zh: `APP「${name}」（${number}）`, en: `app “${name}” (${number})` };
  if (input.params.action === 'filing.cancel-app-access') {
    return compose(input, {
      subject: { zh: `取消接入完成：${app.zh}`, en: `Access cancelled: ${app.en}` },
      what: {
        zh: `${app.zh}已取消在本接入商的接入，备案号保留。`,
        en: `Access for the ${app.en} was cancelled here; its filing number stays.`,
      },
      next: {
        zh: '请在新的接入商为该 APP 办理接入；如非本人操作，请立即联系我们。',
        en: 'File the app’s access with its new provider; if you did not do this, contact us at once.',
      },
      path: '/filings',
    });
  }
  return compose(input, {
    subject: { zh: `注销完成：${app.zh}`, en: `Cancellation done: ${app.en}` },
    what: withSubjectCancelled(
      { zh: `${app.zh}的备案已注销。`, en: `The filing of the ${app.en} was cancelled.` },
      input.params.subjectCancelled,
    ),
    next: {
      zh: '该 APP 不得再在中国大陆上架或提供服务；如非本人操作，请立即联系我们。',
      en: 'The app may no longer be distributed or served in mainland China; if you did not do this, contact us at once.',
    },
    path: '/filings',
  });
}

const applicantPath = (input: TemplateInput): string | null =>
  input.application ? `/applications/${input.application.id}` : null;

/** The reasons of a rejection, one per line, each under its field's label (not its path). */
function reasonLines(value: unknown): Localized {
  const reasons = Array.isArray(value) ? value : [];
  const lines = reasons.map((reason: unknown) => {
    const r = reason as { path?: unknown; message?: { zh?: unknown; en?: unknown } };
    const place = str(r.path) === '' ? { zh: '整体', en: 'General' } : fieldPathLabel(str(r.path));
    return { zh: `· ${place.zh}：${str(r.message?.zh)}`, en: `· ${place.en}: ${str(r.message?.en)}` };
  });
  if (lines.length === 0) return { zh: '（未给出具体原因）', en: '(no reasons given)' };
  return { zh: lines.map((l) => l.zh).join('\n'), en: lines.map((l) => l.en).join('\n') };
}

const TEMPLATES: Record<NotificationKind, (input: TemplateInput) => RenderedMessage> = {
  submitted(input) {
    const name = appName(input);
    return compose(input, {
      subject: { zh: `${name.zh}已提交初审`, en: `${cap(name.en)} submitted for review` },
      what: {
        zh: `您的${name.zh}已提交，正在等待服务商初审。`,
        en: `Your ${name.en} was submitted and awaits the provider’s review.`,
      },
      next: {
        zh: '现在无需操作；初审结果会再通知您。',
        en: 'Nothing to do now; you will be told the outcome of the review.',
      },
      path: applicantPath(input),
    });
  },
  'review-waiting'(input) {
    const name = appName(input);
    const bureau = input.params.stage === 'bureau';
    return compose(input, {
      subject: bureau
        ? { zh: `${name.zh}待管局审核`, en: `${cap(name.en)} awaits the bureau’s review` }
        : { zh: `${name.zh}待初审`, en: `${cap(name.en)} awaits review` },
      what: bureau
        ? {
            zh: `${name.zh}已完成短信核验，进入管局审核队列。`,
            en: `${cap(name.en)} passed SMS verification and is in the bureau’s queue.`,
          }
        : {
            zh: `${name.zh}已提交，进入初审队列。`,
            en: `${cap(name.en)} was submitted and is in the review queue.`,
          },
      next: { zh: '请审核该申请。', en: 'Please review it.' },
      path: input.application ? `/${bureau ? 'bureau' : 'review'}/${input.application.id}` : null,
    });
  },
  rejected(input) {
    const name = appName(input);
    const by = input.params.by === 'bureau' ? { zh: '管局', en: 'bureau' } : { zh: '服务商', en: 'provider' };
    const reasons = reasonLines(input.params.reasons);
    return compose(input, {
      subject: { zh: `${name.zh}被${by.zh}驳回`, en: `${cap(name.en)} rejected by the ${by.en}` },
      what: {
        zh: `您的${name.zh}未通过${by.zh}审核，原因如下：\n${reasons.zh}`,
        en: `Your ${name.en} was rejected by the ${by.en} for these reasons:\n${reasons.en}`,
      },
      next: {
        zh: '请按原因修改后重新提交；45 天内未修改，申请将自动失效。',
        en: 'Correct it as the reasons say and submit it again; untouched for 45 days, it expires.',
      },
      path: applicantPath(input),
      sms: {
        zh: `您的${name.zh}被${by.zh}驳回，请登录查看原因并修改后重新提交。`,
        en: `Your ${name.en} was rejected by the ${by.en}; sign in to see why and resubmit.`,
      },
    });
  },
  'sms-waiting'(input) {
    const name = appName(input);
    const until = beijing(input.params.expiresAt);
    return compose(input, {
      subject: { zh: `${name.zh}待短信核验`, en: `${cap(name.en)}: SMS verification waiting` },
      what: {
        zh: `您的${name.zh}已通过初审。工信部已向主体负责人和网站负责人的手机发送验证码。`,
        en: `Your ${name.en} passed the provider’s review. MIIT has texted a code to the responsible persons’ phones.`,
      },
      next: {
        zh: `请于 ${until.zh} 前在核验页面输入收到的验证码；逾期申请将退回服务商。`,
        en: `Enter the codes on the verification page before ${until.en}; after that the application goes back to the provider.`,
      },
      path: input.application ? `/applications/${input.application.id}/sms` : null,
    });
  },
  'sms-expiring'(input) {
    const name = appName(input);
    const until = beijing(input.params.expiresAt);
    return compose(input, {
      subject: { zh: `${name.zh}短信核验即将过期`, en: `${cap(name.en)}: SMS verification about to expire` },
      what: {
        zh: `您的${name.zh}还有手机号未完成短信核验，验证码将于 ${until.zh} 过期。`,
        en: `Some phones of your ${name.en} are not verified yet; the codes expire at ${until.en}.`,
      },
      next: {
        zh: '请尽快输入验证码；没收到可在核验页面重发。',
        en: 'Enter the codes now; if one did not arrive, send it again from the verification page.',
      },
      path: input.application ? `/applications/${input.application.id}/sms` : null,
    });
  },
  'sms-failed'(input) {
    const name = appName(input);
    const reason = input.params.reason as Partial<Localized> | undefined;
    return compose(input, {
      subject: { zh: `${name.zh}短信核验未完成`, en: `${cap(name.en)}: SMS verification not completed` },
      what: {
        zh: `您的${name.zh}短信核验未完成（${str(reason?.zh) || '超时或验证码错误次数过多'}），已退回服务商。`,
        en: `The SMS verification of your ${name.en} was not completed (${str(reason?.en) || 'timed out or too many wrong codes'}); it went back to the provider.`,
      },
      next: {
        zh: '服务商将重新发起短信核验，届时请留意手机短信。',
        en: 'The provider will start a new verification; watch for the text messages.',
      },
      path: applicantPath(input),
    });
  },
  'bureau-waiting'(input) {
    const name = appName(input);
    return compose(input, {
      subject: { zh: `${name.zh}已提交管局审核`, en: `${cap(name.en)} sent to the bureau` },
      what: {
        zh: `您的${name.zh}已完成短信核验，已提交管局审核。`,
        en: `Your ${name.en} passed SMS verification and was sent to the bureau for review.`,
      },
      next: {
        zh: '现在无需操作；管局审核时限以各省管局为准，结果会再通知您。',
        en: 'Nothing to do now; the bureau’s time depends on the province. You will be told the outcome.',
      },
      path: applicantPath(input),
    });
  },
  approved(input) {
    const name = appName(input);
    const websites = Array.isArray(input.params.websites) ? input.params.websites : [];
    const numbers = websites
      .map((w: unknown) => str((w as { number?: unknown }).number))
      .filter((n) => n !== '');
    const subjectNumber = str(input.params.subjectNumber);
    // APP备案号 (-NA, -NX) of the apps it carried (bureau-review.ts), named by app.
    const apps = (Array.isArray(input.params.apps) ? input.params.apps : [])
      .map((a: unknown) => a as { name?: unknown; number?: unknown })
      .filter((a) => str(a.number) !== '');
    const list = [subjectNumber, ...numbers].filter((n) => n !== '').join('、');
    const appList: Localized = {
      zh: apps.map((a) => `APP「${str(a.name)}」${str(a.number)}`).join('、'),
      en: apps.map((a) => `app “${str(a.name)}” ${str(a.number)}`).join(', '),
    };
    const website: Localized = {
      zh: '请在网站首页底部中间位置标明备案号，并链接到 https://beian.miit.gov.cn 。',
      en: 'Show the number at the bottom centre of the website’s home page, linked to https://beian.miit.gov.cn.',
    };
    // An app shows its own number in the app (工信部信管〔2023〕105号, as data/app-filing.json relays it).
    const app: Localized = {
      zh: '请在 APP 的显著位置（如“关于”页面）标明 APP 备案号。',
      en: 'Show the app’s number in a prominent place in the app, such as its About page.',
    };
    const next: Localized =
      apps.length === 0
        ? website
        : numbers.length === 0
          ? app
          : { zh: `${website.zh}${app.zh}`, en: `${website.en} ${app.en}` };
    return compose(input, {
      subject: { zh: `${name.zh}已通过，备案号 ${list}`, en: `${cap(name.en)} approved: ${list}` },
      what: {
        zh: `您的${name.zh}已通过管局审核。备案号：${list}。${apps.length > 0 ? `${appList.zh}。` : ''}`,
        en: `Your ${name.en} was approved by the bureau. Numbers: ${list}.${apps.length > 0 ? ` ${appList.en}.` : ''}`,
      },
      next,
      path: '/filings',
    });
  },
  withdrawn(input) {
    const name = appName(input);
    return compose(input, {
      subject: { zh: `${name.zh}已撤回`, en: `${cap(name.en)} withdrawn` },
      what: { zh: `您的${name.zh}已撤回。`, en: `Your ${name.en} was withdrawn.` },
      next: {
        zh: '如需备案，请重新创建申请。',
        en: 'To file, create a new application.',
      },
      path: '/applications',
    });
  },
  expired(input) {
    const name = appName(input);
    return compose(input, {
      subject: { zh: `${name.zh}已失效`, en: `${cap(name.en)} expired` },
      what: {
        zh: `您的${name.zh}已 45 天未操作，已自动失效。`,
        en: `Your ${name.en} was idle for 45 days and has expired.`,
      },
      next: { zh: '如仍需备案，请重新创建申请。', en: 'To file, create a new application.' },
      path: '/applications/new',
    });
  },
  'idle-reminder'(input) {
    const name = appName(input);
    const days = typeof input.params.idleDays === 'number' ? input.params.idleDays : 0;
    const until = beijing(input.params.expiresAt);
    return compose(input, {
      subject: {
        zh: `${name.zh}已 ${days} 天未操作`,
        en: `${cap(name.en)} idle for ${days} days`,
      },
      what: {
        zh: `您的${name.zh}已 ${days} 天未操作。`,
        en: `Your ${name.en} has been idle for ${days} days.`,
      },
      next: {
        zh: `请继续填写并提交；${until.zh} 前仍未操作，申请将自动失效。`,
        en: `Continue and submit it; untouched until ${until.en}, it expires.`,
      },
      path: applicantPath(input),
    });
  },
  cancelled(input) {
    const number = str(input.params.number);
    const action = input.params.action;
    // An app is named with its number (APP备案, 工信部信管〔2023〕105号): one account may file several.
    if (action === 'filing.cancel-app' || action === 'filing.cancel-app-access') return appCancelled(input);
    const what: Localized =
      action === 'filing.cancel-subject'
        ? { zh: `主体备案 ${number} 已注销。`, en: `The subject’s filing ${number} was cancelled.` }
        : action === 'filing.cancel-access'
          ? { zh: `网站 ${number} 已取消接入。`, en: `Access for website ${number} was cancelled.` }
          : { zh: `网站备案 ${number} 已注销。`, en: `The website’s filing ${number} was cancelled.` };
    return compose(input, {
      subject: { zh: `注销完成：${number}`, en: `Cancellation done: ${number}` },
      what: withSubjectCancelled(what, input.params.subjectCancelled),
      next: {
        zh: '网站须停止在中国大陆服务器上提供服务；如非本人操作，请立即联系我们。',
        en: 'The website must no longer be served from mainland servers; if you did not do this, contact us at once.',
      },
      path: '/filings',
    });
  },
  'real-name-approved'(input) {
    const domain = str(input.params.domain);
    const due = str(input.params.dueDate);
    return compose(input, {
      subject: { zh: `${domain} 实名认证已通过`, en: `${domain}: real-name verification approved` },
      what: {
        zh: `域名 ${domain} 的实名认证已通过，将于 ${due} 前上报工信部域名库。`,
        en: `The real-name verification of ${domain} was approved; it will be reported to MIIT’s domain database by ${due}.`,
      },
      next: {
        zh: '上报完成后即可用于备案，届时会再通知您。',
        en: 'Once reported, the domain can be filed; you will be told.',
      },
      path: '/domains',
    });
  },
  'real-name-rejected'(input) {
    const domain = str(input.params.domain);
    const reason = input.params.reason as Partial<Localized> | undefined;
    return compose(input, {
      subject: { zh: `${domain} 实名认证未通过`, en: `${domain}: real-name verification rejected` },
      what: {
        zh: `域名 ${domain} 的实名认证未通过：${str(reason?.zh)}`,
        en: `The real-name verification of ${domain} was rejected: ${str(reason?.en) || str(reason?.zh)}`,
      },
      next: { zh: '请按原因修改后重新提交实名资料。', en: 'Correct it and submit the real-name data again.' },
      path: '/domains',
    });
  },
  'real-name-reported'(input) {
    const domain = str(input.params.domain);
    return compose(input, {
      subject: { zh: `${domain} 实名信息已上报`, en: `${domain}: real-name data reported` },
      what: {
        zh: `域名 ${domain} 的实名信息已上报工信部域名库。`,
        en: `The real-name data of ${domain} reached MIIT’s domain database.`,
      },
      next: { zh: '该域名现在可以用于备案。', en: 'The domain can now be filed.' },
      path: '/applications/new',
    });
  },
  'domain-expiring'(input) {
    const domain = str(input.params.domain);
    const until = beijing(input.params.expiresAt);
    const days = typeof input.params.days === 'number' ? input.params.days : 0;
    return compose(input, {
      subject: {
        zh: `${domain} 将在 ${days} 天内到期`,
        en: `${domain} expires within ${days} days`,
      },
      what: {
        zh: `域名 ${domain} 将于 ${until.zh} 到期。`,
        en: `The domain ${domain} expires at ${until.en}.`,
      },
      next: {
        zh: '请及时续费：域名过期后备案可能被注销。',
        en: 'Renew it in time: a filing may be cancelled once its domain has expired.',
      },
      path: '/domains',
    });
  },
  notice(input) {
    const subject = (input.params.subject ?? {}) as Partial<Localized>;
    const text = (input.params.text ?? {}) as Partial<Localized>;
    const link = str(input.params.link);
    return compose(input, {
      subject: { zh: str(subject.zh), en: str(subject.en) },
      what: { zh: str(text.zh), en: str(text.en) },
      next: { zh: '', en: '' },
      path: link === '' ? null : link,
      sms: { zh: str(subject.zh), en: str(subject.en) },
    });
  },
  'verify-recipient'(input) {
    const link = str(input.params.path);
    const owner = str(input.params.account);
    return compose(input, {
      subject: { zh: '请验证您的通知接收地址', en: 'Please confirm your notification address' },
      what: {
        zh: `账号 ${owner} 希望把网站备案系统的通知发送到此地址。`,
        en: `The account ${owner} wants to send ICP filing notifications to this address.`,
      },
      next: {
        zh: '如同意，请在 24 小时内打开下面的链接确认；链接只能使用一次。如非本人操作，请忽略。',
        en: 'If you agree, open the link below within 24 hours; it works once. If this was not you, ignore it.',
      },
      path: link,
    });
  },
  'identity-link'(input) {
    const name = appName(input);
    const person = str(input.params.person);
    const until = beijing(input.params.expiresAt);
    // The SMS is what the person reads on the phone the check runs on: short, naming who asks and
    // warning against forwarding (the link is the credential, src/workflow/open-identity-link.ts).
    return compose(input, {
      subject: { zh: '请完成备案真实性核验', en: 'Please verify your identity for an ICP filing' },
      what: {
        zh: `${name.zh}需要负责人${person}本人完成真实性核验（拍摄证件照和本人照片）。`,
        en: `${cap(name.en)} needs its responsible person ${person} to verify in person (a photo of the ID and of the person).`,
      },
      next: {
        zh: `请在 ${until.zh}前用本人手机打开下面的链接；链接只能使用一次，请勿转发他人。`,
        en: `Open the link below on your own phone before ${until.en}; it works once, do not forward it.`,
      },
      path: str(input.params.path),
      sms: {
        zh: `${name.zh}请${person}本人完成真实性核验，${until.zh}前有效，仅限一次，请勿转发：`,
        en: `${cap(name.en)}: ${person}, verify your identity in person before ${until.en}; works once, do not forward:`,
      },
    });
  },
};

/** What a rectification notice names: the website, the deadline and the failing findings. */
export type RectificationNoticeInput = {
  number: string;
  /** Asia/Shanghai day, `YYYY-MM-DD`. */
  deadline: string;
  findings: readonly { severity: string; message: Localized; remedy: Localized }[];
};

/** Where the applicant reads and answers rectifications. */
export const RECTIFICATION_PATH = '/my/rectifications';

/**
 * 整改通知 (issue 18) — what the compliance monitor tells the applicant, sent through `notify()` as a
 * `notice`: the subject (also the SMS, so it names the website and the deadline) and the text listing
 * each failing check with what to do, and that an overdue one is escalated (escalateOverdue).
 */
export function rectificationNoticeMessage(input: RectificationNoticeInput): {
  subject: Localized;
  text: Localized;
} {
  const errors = input.findings.filter((f) => f.severity === 'error');
  return {
    subject: {
      zh: `网站 ${input.number} 须在 ${input.deadline} 前完成整改`,
      en: `Website ${input.number}: rectify by ${input.deadline}`,
    },
    text: {
      zh: `您的网站 ${input.number} 在合规巡检中发现以下问题，请在 ${input.deadline} 前完成整改：\n${errors.map((f) => `- ${f.message.zh} ${f.remedy.zh}`).join('\n')}\n逾期未整改的，接入商将按规定上报管局。`,
      en: `The compliance check of your website ${input.number} found the following; please rectify by ${input.deadline}:\n${errors.map((f) => `- ${f.message.en} ${f.remedy.en}`).join('\n')}\nIf it is not rectified in time, the provider reports it to the bureau as the rules require.`,
    },
  };
}

/** Renders a notification of `kind` in both languages. */
export function renderNotification(kind: NotificationKind, input: TemplateInput): RenderedMessage {
  return TEMPLATES[kind](input);
}

export function isNotificationKind(kind: string): kind is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(kind);
}
