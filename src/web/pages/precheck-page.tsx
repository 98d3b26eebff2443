/**
 * 备案类型验证 — the provider's first step (seed FAQ Q3): province, subject nature, certificate type and
 * number, one domain → the derived filing type and every finding with its remedy. The same use case as
 * the API's precheck (src/checking/check-domains.ts), bound to the signed-in account (Q9 depends on
 * it, and is told only for subjects the account controls: src/checking/subject-accounts.ts); anonymous
 * visitors check without one. The POST only computes, so it answers 200 with the result
 * rather than redirecting. With JavaScript, /static/app.js sends the same fields to /api/v1/precheck
 * and renders the result in place (the `data-precheck` hooks below).
 */
import { ID_TYPES, SUBJECT_TYPES } from '../../policy/index.ts';
import type { CheckReport } from '../../checking/index.ts';
import { withOnlineFacts } from '../../online/index.ts';
import {
  CheckRequestError,
  checkDomains,
  visibilityOf,
  withAccountVisibility,
} from '../../checking/index.ts';
import { shanghaiDateTime } from '../kit/time.ts';
import type { FieldError, Lang, Localized, PageRequest, SubjectCheckField } from '../kit/index.ts';
import {
  Button,
  CheckResultView,
  checkResultLabels,
  ErrorSummary,
  Form,
  PRECHECK_FIELD_NAMES,
  SUBJECT_CHECK_LABELS,
  SUBJECT_CHECK_LIMITS,
  SubjectCheckFields,
  TERMS,
  TextArea,
  TextField,
  definePage,
  t,
} from '../kit/index.ts';

const TEXT = {
  title: TERMS.filingTypeCheck,
  intro: {
    zh: '填写备案省份、主办单位信息和一个要备案的域名。多个域名指向同一网站时，这里只填其中一个，其余在填写网站信息时添加。',
    en: 'Enter the province, the filing subject and one domain to file. If several domains point to one website, enter just one here and add the others when filling in the website.',
  },
  submit: { zh: '验证', en: 'Check' },
  checkedAs: { zh: '核验依据', en: 'Checked' },
  at: { zh: '核验时间', en: 'At' },
  account: TERMS.account,
  anonymous: {
    zh: '未登录（以新账号身份核验；该主体是否属于本接入商的其他账号，只告诉能证明掌控该主体的账号）',
    en: 'not signed in (checked as a new account; whether the subject belongs to another account here is told only to an account that shows it controls the subject)',
  },
  dataVersion: { zh: '政策数据版本', en: 'Policy data version' },
  checking: { zh: '正在验证…', en: 'Checking…' },
  bulk: { zh: '有很多域名？上传文件批量验证', en: 'Many domains? Upload a file for a bulk check' },
  advanced: {
    zh: '更多选项：同一网站的其他域名、核验日期',
    en: 'More: other domains of the same website, as-of date',
  },
  moreDomains: { zh: '同一网站的其他域名', en: 'Other domains of the same website' },
  moreDomainsHint: {
    zh: '每行一个，最多 9 个；按备案省份在核验日期适用的“每个网站域名数”政策核验',
    en: "One a line, 9 at most; checked against the province's domains-per-website policy in force on the as-of date",
  },
  asOf: { zh: '核验日期', en: 'As of' },
  asOfHint: {
    zh: '格式 YYYY-MM-DD，按当日北京时间中午核验；不填为现在。例如广西 2019-04-01 与 2019-05-01',
    en: 'YYYY-MM-DD, evaluated at noon Beijing time that day; empty means now. E.g. Guangxi on 2019-04-01 and 2019-05-01',
  },
} satisfies Record<string, Localized>;

/** The fields of the check, by their names on this page (the API's precheck body). */
const FIELDS = Object.entries(PRECHECK_FIELD_NAMES) as [
  SubjectCheckField,
  (typeof PRECHECK_FIELD_NAMES)[SubjectCheckField],
][];
type Field = (typeof PRECHECK_FIELD_NAMES)[SubjectCheckField] | 'moreDomains' | 'asOf';

/** The workflow's limits (as /applications/new has them); province and selects at most 64 characters. */
const MAX: Record<SubjectCheckField, number> = {
  province: SUBJECT_CHECK_LIMITS.province,
  subjectType: 64,
  idType: 64,
  idNumber: SUBJECT_CHECK_LIMITS.idNumber,
  subjectName: SUBJECT_CHECK_LIMITS.subjectName,
  domain: SUBJECT_CHECK_LIMITS.domain,
};

function fieldError(path: Field, code: string, zh: string, en: string): FieldError {
  return { path, code, message: { zh, en } };
}

/** 同一网站的其他域名: at most this many beside the first (the largest policy ever in force was 10). */
const MAX_MORE_DOMAINS = 9;

function moreDomainsOf(form: Readonly<Record<string, string>>): string[] {
  return (form.moreDomains ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The as-of date as an instant: noon Asia/Shanghai, so the calendar day is the one the user typed. */
function asOfInstant(form: Readonly<Record<string, string>>): string | undefined {
  const date = (form.asOf ?? '').trim();
  return date === '' ? undefined : `${date}T12:00:00+08:00`;
}

function advancedErrors(form: Readonly<Record<string, string>>): FieldError[] {
  const errors: FieldError[] = [];
  const more = moreDomainsOf(form);
  if (more.length > MAX_MORE_DOMAINS || more.some((line) => line.length > SUBJECT_CHECK_LIMITS.domain)) {
    errors.push(
      fieldError(
        'moreDomains',
        'TOO_MANY',
        `同一网站的其他域名最多 ${MAX_MORE_DOMAINS} 个，每行一个`,
        `At most ${MAX_MORE_DOMAINS} other domains, one a line`,
      ),
    );
  }
  const date = (form.asOf ?? '').trim();
  const instant = asOfInstant(form);
  if (
    date !== '' &&
    (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(instant ?? '')) || date < '2000-01-01')
  ) {
    errors.push(
      fieldError(
        'asOf',
        'INVALID_DATE',
        '核验日期应为 YYYY-MM-DD 格式的日期',
        'Enter the date as YYYY-MM-DD',
      ),
    );
  }
  return errors;
}

/** The form's checks; unknown provinces are caught by the use case itself (CheckRequestError). */
function formErrors(form: Readonly<Record<string, string>>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, field] of FIELDS) {
    const value = (form[field] ?? '').trim();
    const label = SUBJECT_CHECK_LABELS[key];
    const select = key === 'province' || key === 'subjectType' || key === 'idType';
    if (value === '' && key !== 'subjectName') {
      errors.push(
        select
          ? fieldError(field, 'REQUIRED', `请选择${label.zh}`, `Choose the ${label.en.toLowerCase()}`)
          : fieldError(field, 'REQUIRED', `请填写${label.zh}`, `Enter the ${label.en.toLowerCase()}`),
      );
    } else if (value.length > MAX[key]) {
      errors.push(
        fieldError(field, 'TOO_LONG', `${label.zh}过长`, `The ${label.en.toLowerCase()} is too long`),
      );
    }
  }
  const type = form.subjectType ?? '';
  if (type !== '' && !(SUBJECT_TYPES as readonly string[]).includes(type)) {
    errors.push(
      fieldError(
        'subjectType',
        'INVALID_VALUE',
        '主办单位性质不在可选范围内',
        'The subject nature is not one of the choices',
      ),
    );
  }
  const idType = form.subjectIdType ?? '';
  if (idType !== '' && !(ID_TYPES as readonly string[]).includes(idType)) {
    errors.push(
      fieldError(
        'subjectIdType',
        'INVALID_VALUE',
        '证件类型不在可选范围内',
        'The certificate type is not one of the choices',
      ),
    );
  }
  return errors;
}

/** What /static/app.js needs to render the API's answer as CheckResultView does. */
function scriptLabels(lang: Lang): string {
  return JSON.stringify({ lang, ...checkResultLabels(lang), checking: t(lang, TEXT.checking) });
}

function precheckPage(
  p: PageRequest,
  options: { errors?: FieldError[]; report?: CheckReport; status?: 200 | 422 } = {},
) {
  const form = p.formState({ errors: options.errors ?? [] });
  const results = options.report?.results ?? [];
  return p.render({
    title: TEXT.title,
    status: options.status ?? 200,
    body: (
      <>
        <p>{p.t(TEXT.intro)}</p>
        <p>
          <a href="/precheck/bulk">{p.t(TEXT.bulk)}</a>
        </p>
        <ErrorSummary form={form} />
        <Form form={form} action="/precheck" data={{ precheck: '', account: p.account?.login ?? '' }}>
          <SubjectCheckFields form={form} policy={p.deps.policy} names={PRECHECK_FIELD_NAMES} />
          <details class="advanced" open={(p.form.moreDomains ?? p.form.asOf ?? '') !== '' || undefined}>
            <summary>{p.t(TEXT.advanced)}</summary>
            <TextArea
              form={form}
              name="moreDomains"
              label={TEXT.moreDomains}
              hint={TEXT.moreDomainsHint}
              optional
              code
              rows={3}
            />
            <TextField
              form={form}
              name="asOf"
              label={TEXT.asOf}
              hint={TEXT.asOfHint}
              optional
              width="short"
              maxlength={10}
              autocomplete="off"
            />
          </details>
          <Button>{p.t(TEXT.submit)}</Button>
        </Form>
        <div id="precheck-result" aria-live="polite" data-precheck-result data-labels={scriptLabels(p.lang)}>
          {results.length > 0 && options.report && (
            <>
              {results.map((result) => (
                <CheckResultView lang={p.lang} result={result} />
              ))}
              <dl class="summary-list summary-small">
                <dt>{p.t(TEXT.at)}</dt>
                <dd>{shanghaiDateTime(options.report.at)}</dd>
                <dt>{p.t(TEXT.account)}</dt>
                <dd>{p.account ? <bdi>{p.account.login}</bdi> : p.t(TEXT.anonymous)}</dd>
                <dt>{p.t(TEXT.dataVersion)}</dt>
                <dd>
                  <code>{options.report.data.dataVersion}</code>
                </dd>
              </dl>
            </>
          )}
        </div>
      </>
    ),
  });
}

export const PRECHECK_PAGES = [
  definePage({
    method: 'get',
    path: '/precheck',
    access: 'precheck',
    nav: { label: TEXT.title },
    handle: (p) => precheckPage(p),
  }),
  definePage({
    method: 'post',
    path: '/precheck',
    access: 'precheck',
    rateLimit: 'precheck',
    async handle(p) {
      const errors = [...formErrors(p.form), ...advancedErrors(p.form)];
      if (errors.length > 0) return precheckPage(p, { errors, status: 422 });
      const text = (name: Field) => (p.form[name] ?? '').trim();
      const more = moreDomainsOf(p.form);
      const at = asOfInstant(p.form);
      try {
        // As the API's precheck (and this page's inline check through it): RDAP/WHOIS beside the
        // database where the deployment opted in, so a domain no data here knows is looked up too.
        const online = p.deps.online ? withOnlineFacts(p.deps.facts, p.deps.online) : p.deps.facts;
        // Other accounts only for subjects the visitor controls (Q9 without enumeration, issue 12).
        const facts = withAccountVisibility(online, visibilityOf(p.deps.db.kysely, p.account));
        const report = await checkDomains(
          { policy: p.deps.policy, facts },
          {
            inputs: [text('domain'), ...more],
            oneWebsite: more.length > 0,
            ...(at === undefined ? {} : { at }),
            province: text('province'),
            subjectType: text('subjectType') as (typeof SUBJECT_TYPES)[number],
            subjectIdType: text('subjectIdType') as (typeof ID_TYPES)[number],
            subjectId: text('subjectId'),
            subjectName: text('subjectName'),
            account: p.account?.login,
          },
          p.deps.now,
        );
        return precheckPage(p, { report });
      } catch (error) {
        if (!(error instanceof CheckRequestError)) throw error;
        return precheckPage(p, {
          errors: [{ path: error.field, code: 'UNKNOWN_VALUE', message: error.messages }],
          status: 422,
        });
      }
    },
  }),
];
