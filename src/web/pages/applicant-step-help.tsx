/**
 * 填写说明 — the help panel beside each wizard step, as providers' consoles put one beside a filing form:
 * what the step's fields mean and the rule behind each, linked to where the rule is explained — a
 * finding code's section of /rules, a seed FAQ question of /faq, a field rule of /help (the field-error
 * table's anchors), a stage of the process. The panel says the rule before anyone breaks it; the
 * messages on the fields say it again when they do.
 */
import type { Child } from 'hono/jsx';
import type { Lang, Localized } from '../kit/index.ts';
import { t } from '../kit/index.ts';
import { helpHref } from './help-page.tsx';

type Link = { href: string; label: Localized; title?: string };
/** `domains`: help about the websites' domains, left out where the application files no domain (apps only). */
type Entry = { field: Localized; text: Localized; links: readonly Link[]; domains?: true };

/** A finding code's section of /rules, named in words (the code is the link's tooltip). */
const rule = (code: string, label: Localized): Link => ({ href: `/rules#${code}`, label, title: code });
const faq = (id: string, label: Localized): Link => ({ href: `/faq#${id}`, label });
const fieldRule = (key: string, label: Localized): Link => ({ href: helpHref(key), label });

const SMS_STAGE: Link = {
  href: helpHref('stage-sms'),
  label: { zh: '短信核验', en: 'SMS verification' },
};

const PERSON: Entry = {
  field: { zh: '负责人与联系方式', en: 'Responsible persons and contacts' },
  text: {
    zh: '单位的法定代表人或其授权的负责人；个人即本人。手机号码会收到工信部的核验短信，须在 24 小时内填写；应急联系电话不能与手机号码相同。',
    en: "The organisation's legal representative or an authorised person; for individuals, themselves. MIIT texts a code to the mobile number, to be entered within 24 hours; the emergency phone must differ from it.",
  },
  links: [
    SMS_STAGE,
    fieldRule('MOBILE_INVALID', { zh: '手机号码格式', en: 'mobile number format' }),
    fieldRule('EMERGENCY_PHONE_SAME_AS_MOBILE', { zh: '应急联系电话', en: 'emergency phone' }),
  ],
};

export const STEP_HELP = {
  subject: [
    {
      field: { zh: '主办单位性质与证件', en: 'Subject type and certificate' },
      text: {
        zh: '按登记的性质选择（企业、事业单位、社会团体、个人……），证件类型随性质而定。企业一般用统一社会信用代码，代码首位须与性质相符。',
        en: 'Choose the type the subject is registered as (enterprise, institution, association, individual…); the certificate type follows from it. Enterprises usually file with the unified social credit code, whose first character must fit the type.',
      },
      links: [
        fieldRule('ID_TYPE_NOT_ALLOWED', { zh: '可用的证件类型', en: 'allowed certificate types' }),
        fieldRule('USCC_KIND_MISMATCH', { zh: '代码首位', en: 'first character of the code' }),
      ],
    },
    {
      field: { zh: '主办单位名称', en: 'Subject name' },
      text: {
        zh: '与证件上的名称完全一致。系统会把它与每个域名的实名持有者比对，二者不一致时不能备案。',
        en: "Exactly as on the certificate. It is compared with each domain's real-name holder; if they differ, the domain cannot be filed.",
      },
      links: [
        rule('HOLDER_MISMATCH', { zh: '持有者与主办单位不一致', en: 'holder differs from the subject' }),
        faq('Q1f', { zh: '常见问题 Q1f', en: 'FAQ Q1f' }),
      ],
    },
    {
      field: { zh: '证件住所与通讯地址', en: 'Addresses' },
      text: {
        zh: '证件住所与证件一致；通讯地址详细到门牌号，不能是邮政信箱，不含特殊符号。',
        en: 'The certificate address as on the certificate; the mailing address down to the door number, not a PO box, without special symbols.',
      },
      links: [fieldRule('ADDRESS_PO_BOX', { zh: '通讯地址', en: 'mailing address' })],
    },
    PERSON,
  ],
  websites: [
    {
      field: { zh: '网站域名', en: 'Domains' },
      text: {
        zh: '填写可注册的主域名（如 example.cn），不带 www；主域名备案后，子域名无需另行备案。域名须已实名认证，持有者与主办单位一致，且实名信息已上报工信部。',
        en: 'Enter the registrable domain (such as example.cn) without www; once it is filed its subdomains need no filing. The domain must be real-name verified, held by the subject, and reported to MIIT.',
      },
      links: [
        rule('SUBDOMAIN_INPUT', { zh: '子域名', en: 'subdomains' }),
        rule('REAL_NAME_NOT_REPORTED', { zh: '实名信息未上报', en: 'real name not reported' }),
        faq('Q1', { zh: '域名核验为什么不通过', en: 'why verification fails' }),
      ],
    },
    {
      field: { zh: '一个网站的多个域名', en: 'Several domains of one website' },
      text: {
        zh: '每个网站可带几个域名由当前政策决定：2019 年 4 月 22 日起全国按一个网站一个域名办理。指向不同网站的域名，请分别作为网站添加。',
        en: 'How many domains one website may carry is the policy in force: one per website nationwide since 22 April 2019. Domains of different websites are added as websites of their own.',
      },
      links: [
        rule('TOO_MANY_DOMAINS_PER_WEBSITE', { zh: '每个网站的域名数', en: 'domains per website' }),
        faq('Q3', { zh: '常见问题 Q3', en: 'FAQ Q3' }),
        { href: '/admin/policy#policies', label: { zh: '各省现行政策', en: 'policies in force' } },
      ],
    },
    {
      field: { zh: '网站名称', en: 'Website name' },
      text: {
        zh: '三个或以上汉字，体现网站内容；不能是域名、纯数字或纯字母，不能含敏感词。个人网站不能用“博客”“论坛”“官网”等词，也不能含“中国”“国家”等字样。',
        en: 'Three or more Chinese characters naming the content; not the domain, not digits or letters alone, no sensitive words. A personal website may not use words such as 博客, 论坛 or 官网, nor 中国 or 国家.',
      },
      links: [
        fieldRule('WEBSITE_NAME_TOO_FEW_CHINESE', { zh: '汉字', en: 'Chinese characters' }),
        fieldRule('WEBSITE_NAME_PERSONAL_WORD', { zh: '个人网站用词', en: 'personal websites' }),
        fieldRule('WEBSITE_NAME_SENSITIVE', { zh: '敏感词', en: 'sensitive words' }),
      ],
    },
    {
      field: { zh: '网站首页 URL', en: 'Home page URL' },
      text: {
        zh: '以 http:// 或 https:// 开头，使用本网站的域名。',
        en: "Starting with http:// or https://, on one of the website's domains.",
      },
      links: [fieldRule('HOME_URL_OTHER_DOMAIN', { zh: '首页域名', en: 'home page domain' })],
    },
    {
      field: { zh: '服务内容与前置审批', en: 'Service content and pre-approvals' },
      text: {
        zh: '选择 1–5 项。新闻、出版、教育、医疗保健、药品和医疗器械、文化、广播电影电视节目等内容须先取得主管部门的前置审批；个人不能办理前置审批。',
        en: 'Choose 1–5. News, publishing, education, healthcare, drugs and medical devices, culture, broadcasting and similar content need a pre-approval from the authority first; individuals cannot hold one.',
      },
      links: [
        fieldRule('PRE_APPROVAL_REQUIRED', { zh: '前置审批', en: 'pre-approvals' }),
        fieldRule('PRE_APPROVAL_PERSONAL', { zh: '个人网站', en: 'personal websites' }),
      ],
    },
    PERSON,
  ],
  documents: [
    {
      field: { zh: '文件', en: 'Files' },
      text: {
        zh: 'PDF、JPEG 或 PNG，按文件内容识别类型。审核期间材料不能更改；被驳回后可以重新上传。',
        en: 'PDF, JPEG or PNG, recognised by their content. They cannot change during review; after a rejection they can.',
      },
      links: [],
    },
    {
      field: { zh: '域名证书', en: 'Domain certificates' },
      text: {
        zh: '部分省份要求每个备案域名提供域名证书：在注册商的域名控制台用“域名证书打印”下载，单位主体须加盖公章后扫描上传。',
        en: 'Some provinces require a certificate for every domain filed: download it in the registrar’s console (域名证书打印); organisations stamp it with the company seal and upload the scan.',
      },
      links: [
        rule('DOMAIN_CERTIFICATE_REQUIRED', { zh: '须提供域名证书', en: 'certificate required' }),
        faq('Q6', { zh: '常见问题 Q6', en: 'FAQ Q6' }),
      ],
      domains: true,
    },
    {
      field: { zh: '证书验证码', en: 'Certificate verification code' },
      text: {
        zh: '本系统注册商打印的域名证书印有验证码，上传时按其在注册商的登记核对：证书须是该域名的、打印后持有者和有效期未变。PDF 原件自带验证码；盖章扫描件请填写。其他注册商的证书由审核人员人工核对。',
        en: "Certificates printed by this system's registrar carry a verification code; an upload is checked against the registrar's record: the certificate must be this domain's, with holder and validity unchanged since printing. The original PDF carries its code; for a sealed scan, type it. Other registrars' certificates are checked by a reviewer.",
      },
      links: [{ href: '/certificates/verify', label: { zh: '证书查验', en: 'verify a certificate' } }],
      domains: true,
    },
  ],
  review: [
    {
      field: { zh: '提交时再次核验', en: 'Verified again on submission' },
      text: {
        zh: '提交时系统按当时的政策和事实重新核验每个域名（工信部信管〔2017〕264号），本页的结果仅供参考。',
        en: 'On submission every domain is verified again against the policy and facts of that moment (工信部信管〔2017〕264号); this page’s results are advice.',
      },
      links: [{ href: '/rules', label: { zh: '核验规则', en: 'verification rules' } }],
    },
    {
      field: { zh: '提交以后', en: 'After submitting' },
      text: {
        zh: '接入商初审 → 工信部短信核验 → 管局审核 → 签发备案号。审核期间申请不能修改；被驳回时原因会标在相应字段旁。',
        en: 'Provider review → MIIT’s SMS check → bureau review → numbers issued. The application cannot change during review; a rejection names each problem next to its field.',
      },
      links: [{ href: helpHref('process'), label: { zh: '备案流程', en: 'the filing process' } }],
    },
  ],
} as const satisfies Record<'subject' | 'websites' | 'documents' | 'review', readonly Entry[]>;

export type HelpStep = keyof typeof STEP_HELP;

const TEXT = {
  title: { zh: '填写说明', en: 'About this step' },
  jump: { zh: '本步填写说明', en: 'Help for this step' },
  rules: { zh: '依据：', en: 'Rules: ' },
} satisfies Record<string, Localized>;

function HelpPanel(props: { lang: Lang; step: HelpStep; domains: boolean }) {
  const { lang } = props;
  const entries = (STEP_HELP[props.step] as readonly Entry[]).filter(
    (entry) => props.domains || !entry.domains,
  );
  return (
    <aside class="step-help" id="step-help" aria-labelledby="step-help-title">
      <h2 id="step-help-title">{t(lang, TEXT.title)}</h2>
      <dl>
        {entries.map((entry) => (
          <>
            <dt>{t(lang, entry.field)}</dt>
            <dd>
              {t(lang, entry.text)}
              {entry.links.length > 0 && (
                <span class="step-help-links">
                  {t(lang, TEXT.rules)}
                  {entry.links.map((link, i) => (
                    <>
                      {i > 0 && (lang === 'zh' ? '、' : ', ')}
                      <a href={link.href} title={link.title}>
                        {t(lang, link.label)}
                      </a>
                    </>
                  ))}
                </span>
              )}
            </dd>
          </>
        ))}
      </dl>
    </aside>
  );
}

/**
 * A wizard step's body beside its help panel: two columns on a wide screen; on a phone the panel
 * follows the form, and a link at the top leads to it (no script needed).
 */
export function WithStepHelp(props: { lang: Lang; step: HelpStep; domains?: boolean; children?: Child }) {
  return (
    <div class="with-help">
      <div class="with-help-main">
        <p class="step-help-jump">
          <a href="#step-help">{t(props.lang, TEXT.jump)}</a>
        </p>
        {props.children}
      </div>
      <HelpPanel lang={props.lang} step={props.step} domains={props.domains ?? true} />
    </div>
  );
}
