/**
 * 核验规则 and 常见问题, generated from the rule table (src/rules/rule-table.ts) like docs/rules.md: every
 * finding code with when it applies, its message and remedy (placeholders shown as what they stand
 * for), its sources and the seed FAQ questions it answers; the FAQ lists the codes under each question.
 */
import { MONITOR_RULES, RULES } from '../../rules/index.ts';
import type { Rule } from '../../rules/index.ts';
import type { Lang, Localized } from '../kit/index.ts';
import { SEVERITY_LABELS, SeverityTag, definePage, t, TERMS } from '../kit/index.ts';
import type { FaqQuestion } from './faq-questions.ts';
import { FAQ_QUESTIONS } from './faq-questions.ts';

const TEXT = {
  rulesTitle: { zh: '核验规则', en: 'Verification rules' },
  rulesIntro: {
    zh: '备案类型验证、备案申请和 API 报告的每一个核验代码。代码一经发布，含义不再改变。“错误”阻止备案，“警告”不阻止但需要注意，“提示”仅作说明。带框的词在实际结果中会替换为具体内容。',
    en: 'Every finding code the filing-type check, applications and the API report. Once published, a code never changes meaning. An error blocks filing, a warning does not but needs attention, info explains. Boxed words are replaced by the actual values in a result.',
  },
  faqLink: { zh: '按问题查看：常见问题', en: 'By question: FAQ' },
  policyLink: { zh: '规则使用的政策数据', en: 'The policy data the rules use' },
  code: { zh: '代码', en: 'Code' },
  severity: { zh: '级别', en: 'Severity' },
  when: { zh: '适用情形', en: 'When' },
  message: { zh: '提示内容', en: 'Message' },
  remedy: { zh: '处理办法', en: 'What to do' },
  variant: { zh: '另一种情形', en: 'Variant' },
  sources: { zh: '依据', en: 'Sources' },
  faq: { zh: '相关问题', en: 'FAQ' },
  index: { zh: '代码一览', en: 'All codes' },
  faqTitle: { zh: '常见问题', en: 'Frequently asked questions' },
  faqIntro: {
    zh: '域名备案的常见问题（来自一家接入商 2018 年的问答，按现行规则更新），以及回答每个问题的核验代码。',
    en: "Common questions about domains in ICP filing (from a hosting provider's 2018 FAQ, updated to today's rules), with the finding codes that answer each.",
  },
  answeredBy: { zh: '相关核验代码：', en: 'Answered by: ' },
  noCodes: { zh: '（无对应核验代码，属于办理流程问题）', en: '(no finding code: a question of procedure)' },
  monitorTitle: { zh: '合规巡检代码', en: 'Compliance monitor codes' },
  monitorIntro: {
    zh: '合规巡检（每日巡检、运营人员发起的巡检、beian monitor run）对在本接入商接入的已备案网站报告的代码：解析、首页、域名注册和证件。出现“错误”的网站可被开启整改。',
    en: 'The codes the compliance monitor (the daily run, campaigns operators start, beian monitor run) reports about filed websites hosted here: DNS, the home page, the registration and certificates. A website with an error may be put under rectification.',
  },
} satisfies Record<string, Localized>;

/** The rule table, typed as rules (its literal types would make `faq` a tuple of literals). */
const TABLE: readonly Rule[] = RULES;

/** What each template variable stands for; a variable missing here is shown by its own name. */
export const PLACEHOLDER_LABELS: Readonly<Record<string, Localized>> = {
  access: { zh: '接入情况', en: 'who hosts it' },
  account: { zh: '账号', en: 'account' },
  allowed: { zh: '允许的主体性质', en: 'allowed subject natures' },
  approved: { zh: '审核通过日期', en: 'approval date' },
  approvedOn: { zh: '审核通过日期', en: 'approval date' },
  authority: { zh: '登记管理部门代码', en: 'authority code' },
  category: { zh: '审批类别', en: 'approval category' },
  certificate: { zh: '证件类型', en: 'certificate type' },
  content: { zh: '服务内容', en: 'service content' },
  domain: TERMS.domain,
  field: { zh: '字段', en: 'field' },
  finding: { zh: '核验结果', en: 'finding' },
  keys: { zh: '字段名', en: 'field names' },
  max: { zh: '上限', en: 'maximum' },
  min: { zh: '下限', en: 'minimum' },
  nature: { zh: '主体性质', en: 'subject nature' },
  other: { zh: '另一备案类型', en: 'other filing type' },
  problem: { zh: '问题', en: 'problem' },
  type: TERMS.filingType,
  website: { zh: '第几个网站', en: 'website number' },
  word: { zh: '词语', en: 'word' },
  bureau: TERMS.bureau,
  code: { zh: '代码', en: 'code' },
  confidence: { zh: '可信度', en: 'confidence' },
  consulted: { zh: '查询了哪些来源', en: 'the sources consulted' },
  count: { zh: '数量', en: 'count' },
  date: { zh: '日期', en: 'date' },
  details: { zh: '各来源的说法', en: 'what each source says' },
  effectiveFrom: { zh: '生效日期', en: 'effective date' },
  error: { zh: '错误信息', en: 'error' },
  expected: { zh: '预计入库时间', en: 'expected date' },
  expectedBy: { zh: '预计日期', en: 'expected date' },
  expectedLatestBy: { zh: '最晚日期', en: 'latest date' },
  expiresAt: { zh: '到期时间', en: 'expiry time' },
  fields: { zh: '不一致的项目', en: 'differing fields' },
  graceUntil: { zh: '宽限期截止时间', en: 'end of grace period' },
  holder: { zh: '持有者', en: 'holder' },
  iana: { zh: '（IANA 编号）', en: '(IANA ID)' },
  idNumber: { zh: '证件号码', en: 'certificate number' },
  input: { zh: '输入内容', en: 'your input' },
  kind: { zh: '后缀类别', en: 'suffix kind' },
  latestWorkdays: { zh: '最长工作日数', en: 'most working days' },
  limit: { zh: '上限', en: 'limit' },
  matched: { zh: '与注册商数据的比对结果', en: "what beian's registrar data says" },
  months: { zh: '月数', en: 'months' },
  moreThan: { zh: '域名数上限', en: 'domain count' },
  name: { zh: '名称', en: 'name' },
  number: TERMS.icpNumber,
  origin: { zh: '信息来源', en: 'source' },
  otherSubject: { zh: '其他主体', en: 'other subject' },
  pending: { zh: '认证进度', en: 'verification progress' },
  prefix: { zh: '备案号前缀', en: 'number prefix' },
  province: { zh: '省份', en: 'province' },
  reason: { zh: '原因', en: 'reason' },
  registrable: { zh: '可注册域名', en: 'registrable domain' },
  registrar: { zh: '注册商', en: 'registrar' },
  registrarStatus: { zh: '注册商资质', en: "registrar's standing" },
  server: { zh: '查询服务器', en: 'server' },
  sourceDate: { zh: '资料日期', en: "the source's date" },
  status: { zh: '状态', en: 'status' },
  statuses: { zh: '域名状态', en: 'domain statuses' },
  subdomain: { zh: '子域名', en: 'subdomain' },
  subjectType: { zh: '主体性质', en: 'subject nature' },
  subjectTypes: { zh: '主体性质', en: 'subject natures' },
  suffix: { zh: '后缀', en: 'suffix' },
  unicode: { zh: '域名', en: 'domain' },
  used: { zh: '采用的来源', en: 'the source used' },
  verifiedAt: { zh: '认证日期', en: 'verification date' },
  waived: { zh: '不再阻止备案的项目', en: 'what no longer blocks it' },
  // APP备案 (check-app.ts).
  platform: { zh: '平台', en: 'platform' },
  identifier: { zh: '包名或 Bundle ID', en: 'package name or Bundle ID' },
  otherName: { zh: '已备案 APP 的名称', en: "the filed app's name" },
  host: { zh: 'APP 使用的域名', en: 'the domain the app uses' },
  where: { zh: '所在申请', en: 'which application' },
  workdays: { zh: '工作日数', en: 'working days' },
  // 合规巡检 (src/rules/monitor-rule-table.ts).
  outside: { zh: '解析到的地址', en: 'the addresses it resolves to' },
  ranges: { zh: '本接入商的 IP 段', en: "this provider's IP ranges" },
  url: { zh: '网址', en: 'address' },
  marker: { zh: '识别依据', en: 'the telltale text' },
  shown: { zh: '页面展示的号码', en: 'the number shown' },
  link: { zh: '链接地址', en: 'the link target' },
  expiresOn: { zh: '到期日期', en: 'expiry date' },
  days: { zh: '天数', en: 'days' },
  subject: { zh: '备案主体', en: 'filing subject' },
  whose: { zh: '证件所属', en: 'whose certificate' },
  validUntil: { zh: '有效期至', en: 'valid until' },
};

/** The monitor's own meaning of a name the engine uses otherwise (`kind`: of a parked page, not a suffix). */
const MONITOR_PLACEHOLDER_LABELS: Readonly<Record<string, Localized>> = {
  ...PLACEHOLDER_LABELS,
  kind: { zh: '页面类型', en: 'kind of page' },
};

/** `{registrable} 已备案` → text and `<var>` parts; the template's text is escaped like any text. */
export function Template(props: {
  lang: Lang;
  template: string;
  labels?: Readonly<Record<string, Localized>>;
}) {
  const labels = props.labels ?? PLACEHOLDER_LABELS;
  const parts = props.template.split(/\{(\w+)\}/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 0 ? (
          part
        ) : (
          <var class="placeholder" title={`{${part}}`}>
            {labels[part] ? t(props.lang, labels[part]) : part}
          </var>
        ),
      )}
    </>
  );
}

/** A rule of either table: the engine's (with FAQ and variants) or the monitor's. */
type ShownRule = Pick<Rule, 'severity' | 'when' | 'message' | 'remedy' | 'sources'> & {
  code: string;
  faq?: Rule['faq'];
  variants?: Rule['variants'];
};

function RuleSection(props: { lang: Lang; rule: ShownRule; labels?: Readonly<Record<string, Localized>> }) {
  const { lang, rule } = props;
  const labels = props.labels ?? PLACEHOLDER_LABELS;
  const tr = (text: Localized) => t(lang, text);
  return (
    <section class="rule" id={rule.code} aria-labelledby={`${rule.code}-title`}>
      <h2 id={`${rule.code}-title`}>
        <code>{rule.code}</code> <SeverityTag lang={lang} severity={rule.severity} />
      </h2>
      <dl class="summary-list">
        <dt>{tr(TEXT.when)}</dt>
        <dd>{tr(rule.when)}</dd>
        <dt>{tr(TEXT.message)}</dt>
        <dd>
          <Template lang={lang} template={rule.message[lang]} labels={labels} />
        </dd>
        <dt>{tr(TEXT.remedy)}</dt>
        <dd>
          <Template lang={lang} template={rule.remedy[lang]} labels={labels} />
        </dd>
        {Object.entries(rule.variants ?? {}).map(([name, variant]) => (
          <>
            <dt>
              {tr(TEXT.variant)} <code>{name}</code>
            </dt>
            <dd>
              <p>{tr(variant.when)}</p>
              {variant.message && (
                <p>
                  {tr(TEXT.message)}: <Template lang={lang} template={variant.message[lang]} />
                </p>
              )}
              {variant.remedy && (
                <p>
                  {tr(TEXT.remedy)}: <Template lang={lang} template={variant.remedy[lang]} />
                </p>
              )}
            </dd>
          </>
        ))}
        <dt>{tr(TEXT.sources)}</dt>
        <dd>
          <ul class="plain">
            {rule.sources.map((source) => (
              <li>
                {source.url ? (
                  <a href={source.url} rel="noreferrer external">
                    {source.title}
                  </a>
                ) : (
                  source.title
                )}
                {source.date && <span class="muted"> ({source.date})</span>}
              </li>
            ))}
          </ul>
        </dd>
        {rule.faq !== undefined && rule.faq.length > 0 && (
          <>
            <dt>{tr(TEXT.faq)}</dt>
            <dd>
              {rule.faq.map((id, i) => (
                <>
                  {i > 0 && ', '}
                  <a href={`/faq#${id}`}>{id}</a>
                </>
              ))}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** The codes of a table with their severity and when each applies, each linking to its section. */
function CodeIndex(props: { lang: Lang; rules: readonly ShownRule[] }) {
  const tr = (text: Localized) => t(props.lang, text);
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{tr(TEXT.code)}</th>
            <th scope="col">{tr(TEXT.severity)}</th>
            <th scope="col">{tr(TEXT.when)}</th>
          </tr>
        </thead>
        <tbody>
          {props.rules.map((rule) => (
            <tr>
              <th scope="row">
                <a href={`#${rule.code}`}>
                  <code>{rule.code}</code>
                </a>
              </th>
              <td data-label={tr(TEXT.severity)}>{tr(SEVERITY_LABELS[rule.severity])}</td>
              <td data-label={tr(TEXT.when)}>{tr(rule.when)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The codes whose rule names the FAQ id (`Q1a`), in table order. */
export function codesAnswering(id: string): string[] {
  return TABLE.filter((rule) => rule.faq.includes(id)).map((rule) => rule.code);
}

function CodeLinks(props: { lang: Lang; id: string }) {
  const codes = codesAnswering(props.id);
  return (
    <p class="answered-by">
      {t(props.lang, TEXT.answeredBy)}
      {codes.length === 0
        ? t(props.lang, TEXT.noCodes)
        : codes.map((code, i) => (
            <>
              {i > 0 && ' '}
              <a href={`/rules#${code}`}>
                <code>{code}</code>
              </a>
            </>
          ))}
    </p>
  );
}

function Question(props: { lang: Lang; question: FaqQuestion }) {
  const { lang, question } = props;
  return (
    <section class="faq" id={question.id} aria-labelledby={`${question.id}-title`}>
      <h2 id={`${question.id}-title`}>
        <span class="faq-id">{question.id}</span> {t(lang, question.question)}
      </h2>
      <p>{t(lang, question.answer)}</p>
      {question.items ? (
        <ol class="faq-items">
          {question.items.map((item) => (
            <li id={item.id}>
              <span class="faq-id">{item.id}</span> {t(lang, item.text)}
              <CodeLinks lang={lang} id={item.id} />
            </li>
          ))}
        </ol>
      ) : (
        <CodeLinks lang={lang} id={question.id} />
      )}
    </section>
  );
}

export const RULES_PAGES = [
  definePage({
    method: 'get',
    path: '/rules',
    access: 'anyone',
    // Reviewers quote rules daily; applicants and visitors find them under 帮助 (/help).
    nav: { label: TEXT.rulesTitle, roles: ['provider-reviewer', 'bureau-reviewer', 'admin'] },
    handle(p) {
      return p.render({
        title: TEXT.rulesTitle,
        body: (
          <>
            <p>{p.t(TEXT.rulesIntro)}</p>
            <p>
              <a href="/faq">{p.t(TEXT.faqLink)}</a> · <a href="/admin/policy">{p.t(TEXT.policyLink)}</a>
            </p>
            <nav aria-labelledby="rules-index">
              <h2 id="rules-index">{p.t(TEXT.index)}</h2>
              <CodeIndex lang={p.lang} rules={TABLE} />
              <p>
                <a href="#monitor-codes">{p.t(TEXT.monitorTitle)}</a>
              </p>
            </nav>
            {TABLE.map((rule) => (
              <RuleSection lang={p.lang} rule={rule} />
            ))}
            <section aria-labelledby="monitor-codes">
              <h2 id="monitor-codes">{p.t(TEXT.monitorTitle)}</h2>
              <p>{p.t(TEXT.monitorIntro)}</p>
              <CodeIndex lang={p.lang} rules={MONITOR_RULES} />
              {MONITOR_RULES.map((rule) => (
                <RuleSection lang={p.lang} rule={rule} labels={MONITOR_PLACEHOLDER_LABELS} />
              ))}
            </section>
          </>
        ),
      });
    },
  }),
  definePage({
    method: 'get',
    path: '/faq',
    access: 'anyone',
    handle(p) {
      return p.render({
        title: TEXT.faqTitle,
        body: (
          <>
            <p>{p.t(TEXT.faqIntro)}</p>
            {FAQ_QUESTIONS.map((question) => (
              <Question lang={p.lang} question={question} />
            ))}
          </>
        ),
      });
    },
  }),
];
