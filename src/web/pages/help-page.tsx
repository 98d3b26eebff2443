/**
 * 帮助 — where an applicant or a visitor finds the reference pages that are not their daily work: the
 * filing process stage by stage (the stages of the step bar), the FAQ, the verification rules, the
 * policy data, and every field rule of the filing form from the field-error table
 * (src/filing/field-errors.ts, FIELD_ERRORS), each with an anchor the wizard's help panels link to.
 * The rules and the policy data are navigation for reviewers and operators only (their `nav.roles`).
 */
import { FIELD_ERRORS } from '../../filing/index.ts';
import type { Localized } from '../kit/index.ts';
import { TERMS, definePage, t } from '../kit/index.ts';
import { STAGES, STAGE_EXPLAINED, STAGE_LABELS } from './applications/progress.tsx';
import { Template } from './rules-pages.tsx';

const TEXT = {
  title: { zh: '帮助', en: 'Help' },
  intro: {
    zh: '备案怎样进行、每一步要做什么，以及系统核验所依据的规则和政策数据。',
    en: 'How a filing proceeds, what each step asks of you, and the rules and policy data the checks follow.',
  },
  process: { zh: '备案流程', en: 'The filing process' },
  processIntro: {
    zh: '每个备案申请都显示这五个阶段，以及当前所处的阶段和下一步。',
    en: 'Every application shows these five stages, where it is and what comes next.',
  },
  reference: { zh: '参考资料', en: 'Reference' },
  faq: { zh: '常见问题', en: 'Frequently asked questions' },
  faqAbout: {
    zh: '域名为什么核验不通过、多个域名怎么备案、子域名是否需要备案等。',
    en: 'Why a domain fails verification, how to file several domains, whether subdomains need filing, and more.',
  },
  rules: { zh: '核验规则', en: 'Verification rules' },
  rulesAbout: {
    zh: '每个核验代码的含义、处理办法和依据。',
    en: 'Every finding code: what it means, what to do, and its sources.',
  },
  policy: TERMS.policyData,
  policyAbout: {
    zh: '各省现行政策（如每个网站可带的域名数）、可备案的域名后缀和注册商，均注明来源和日期。',
    en: 'The policies in force per province (such as domains per website), the suffixes and registrars that can be filed, each with its source and date.',
  },
  fields: { zh: '填写规则', en: 'Field rules' },
  fieldsIntro: {
    zh: '备案表单每个字段的检查。带框的词在实际提示中会替换为具体内容。',
    en: 'The checks on each field of the filing form. Boxed words are replaced by the actual values in a message.',
  },
  code: { zh: '代码', en: 'Code' },
} satisfies Record<string, Localized>;

/** The field rules people need to read, without zod's generic ones (a missing field, a wrong type). */
const GENERIC = new Set([
  'INVALID_TYPE',
  'TOO_FEW_ITEMS',
  'TOO_MANY_ITEMS',
  'INVALID_VALUE',
  'UNKNOWN_FIELD',
  'INVALID',
]);
const FIELD_RULES = Object.entries(FIELD_ERRORS).filter(([key]) => !GENERIC.has(key));

/** `/help#stage-sms`, `/help#ADDRESS_PO_BOX`: the anchors help panels link to. */
export const helpHref = (anchor: string) => `/help#${anchor}`;

export const HELP_PAGES = [
  definePage({
    method: 'get',
    path: '/help',
    access: 'anyone',
    nav: { label: TEXT.title },
    handle(p) {
      const tr = p.t;
      return p.render({
        title: TEXT.title,
        body: (
          <>
            <p>{tr(TEXT.intro)}</p>
            <section aria-labelledby="process">
              <h2 id="process">{tr(TEXT.process)}</h2>
              <p>{tr(TEXT.processIntro)}</p>
              <ol class="process-list">
                {STAGES.map((stage) => (
                  <li id={`stage-${stage}`}>
                    <strong>{tr(STAGE_LABELS[stage])}</strong>
                    <p>{tr(STAGE_EXPLAINED[stage])}</p>
                  </li>
                ))}
              </ol>
            </section>
            <section aria-labelledby="reference">
              <h2 id="reference">{tr(TEXT.reference)}</h2>
              <ul class="cards">
                {(
                  [
                    ['/faq', TEXT.faq, TEXT.faqAbout],
                    ['/rules', TEXT.rules, TEXT.rulesAbout],
                    ['/admin/policy', TEXT.policy, TEXT.policyAbout],
                  ] as const
                ).map(([href, title, about]) => (
                  <li class="card">
                    <h3>
                      <a href={href}>{tr(title)}</a>
                    </h3>
                    <p>{tr(about)}</p>
                  </li>
                ))}
              </ul>
            </section>
            <section aria-labelledby="fields">
              <h2 id="fields">{tr(TEXT.fields)}</h2>
              <p>{tr(TEXT.fieldsIntro)}</p>
              <ul class="field-rules">
                {FIELD_RULES.map(([key, entry]) => (
                  <li id={key}>
                    <Template lang={p.lang} template={t(p.lang, entry)} />{' '}
                    <span class="finding-meta">
                      {tr(TEXT.code)} <code>{'code' in entry ? entry.code : key}</code>
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          </>
        ),
      });
    },
  }),
];
