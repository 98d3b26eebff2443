/**
 * 政策数据 — the policy data in force (suffixes, restricted suffixes, registrars, provinces and the
 * province policies of today), each entry with its confidence and dated sources, and the operator's
 * overrides as the provenance records them. Readable by anyone: the permission table makes
 * `policy.read` public, since every check report already names the data version and the overrides
 * that decided it; override files are shown by file name only, not by their path on the server.
 */
import { basename } from 'node:path';
import type { Child } from 'hono/jsx';
import type { PolicyData } from '../../policy/index.ts';
import { POLICY_FIELDS, inForce } from '../../policy/index.ts';
import type {
  Confidence,
  PolicyEntry,
  PolicyField,
  Province,
  RegistrarStatus,
  Source,
} from '../../policy/index.ts';
import { shanghaiDate } from '../../shared/index.ts';
import type { Lang, Localized } from '../kit/index.ts';
import {
  CONFIDENCE_LABELS,
  SUBJECT_TYPE_LABELS,
  YES_NO,
  definePage,
  provinceLabel,
  t,
  TERMS,
} from '../kit/index.ts';

const TEXT = {
  title: TERMS.policyData,
  intro: {
    zh: '核验所依据的数据：每一条都注明可信度和出处（含日期）。运营方可以用覆盖文件增补或撤回条目，下面列出当前生效的覆盖。',
    en: 'The data the checks rely on, each entry with its confidence and dated sources. The operator may add or withdraw entries with an overrides file; the overrides in force are listed below.',
  },
  version: { zh: '数据版本', en: 'Data version' },
  today: { zh: '当日（北京时间）', en: 'Today (Asia/Shanghai)' },
  calendar: { zh: '工作日历', en: 'Working-day calendar' },
  calendarYears: { zh: '{from}–{to} 年', en: '{from}–{to}' },
  calendarEnding: {
    zh: '工作日历只覆盖到 {to} 年 12 月 31 日（还剩 {days} 天）。国务院办公厅公布下一年的节假日安排后，请在覆盖文件的 calendar 中添加该年（见 data/README.md “Overriding”），或升级 beian；在此之前，之后日期的实名上报预计日期和初审时限无法推算，系统会如实说明而不会猜测。',
    en: 'The working-day calendar covers up to 31 December {to} ({days} days left). Once the State Council publishes next year’s holiday arrangements, add that year under calendar in the overrides file (see data/README.md, “Overriding”) or upgrade beian; until then real-name reporting dates and review service levels after that day cannot be computed, and beian says so instead of guessing.',
  },
  calendarEnded: {
    zh: '工作日历只覆盖到 {to} 年 12 月 31 日，今天已超出。请在覆盖文件的 calendar 中添加本年的节假日安排（见 data/README.md “Overriding”）或升级 beian；在此之前实名上报预计日期和初审时限无法推算。',
    en: 'The working-day calendar ends on 31 December {to}, and today is past it. Add this year’s holiday arrangements under calendar in the overrides file (see data/README.md, “Overriding”) or upgrade beian; until then real-name reporting dates and review service levels cannot be computed.',
  },
  contents: { zh: '目录', en: 'Contents' },
  overrides: { zh: '运营方覆盖', en: "Operator's overrides" },
  noOverrides: {
    zh: '未使用覆盖文件：以下均为随系统发布的数据。',
    en: 'No overrides file: everything below is the data as shipped.',
  },
  file: { zh: '覆盖文件', en: 'Overrides file' },
  policies: { zh: '各省现行政策', en: 'Province policies in force' },
  policiesNote: {
    zh: '每格为当日生效的值；“全国”表示该省沿用全国条目。条目编号可在下方条目列表中查到出处。',
    en: 'Each cell is the value in force today; "national" means the province follows the national entry. Entry ids lead to their sources in the list below.',
  },
  entries: { zh: '现行政策条目', en: 'Policy entries in force' },
  suffixes: { zh: '域名后缀', en: 'Suffixes' },
  restricted: { zh: '专用后缀', en: 'Reserved suffixes' },
  registrars: { zh: '域名注册服务机构', en: 'Registrars' },
  provinces: { zh: '省份与备案号前缀', en: 'Provinces and ICP prefixes' },
  national: { zh: '全国', en: 'national' },
  province: { zh: '省份', en: 'Province' },
  suffix: { zh: '后缀', en: 'Suffix' },
  kind: { zh: '类别', en: 'Kind' },
  status: { zh: '来源结论', en: 'Sources say' },
  approved: { zh: '可备案', en: 'Can be filed' },
  approvedFrom: { zh: '自 {date} 起', en: 'from {date}' },
  registrarStatus: { zh: '工信部批准', en: 'MIIT approval' },
  confidence: { zh: '可信度', en: 'Confidence' },
  sources: { zh: '出处', en: 'Sources' },
  note: { zh: '说明', en: 'Note' },
  allowedTypes: { zh: '限用主体', en: 'Only for' },
  brand: { zh: '名称', en: 'Name' },
  licence: { zh: '许可证号', en: 'Licence' },
  iana: { zh: 'IANA 编号', en: 'IANA ids' },
  code: { zh: '区划代码', en: 'Code' },
  prefix: { zh: '备案号前缀', en: 'ICP prefix' },
  licencePrefix: { zh: '许可证号另用', en: 'licences also' },
  entry: { zh: '条目', en: 'Entry' },
  scope: { zh: '范围', en: 'Scope' },
  field: { zh: '项目', en: 'Field' },
  value: { zh: '值', en: 'Value' },
  period: { zh: '生效期间', en: 'In force' },
  open: { zh: '至今', en: 'open-ended' },
  none: { zh: '无', en: 'none' },
} satisfies Record<string, Localized>;

const FIELD_LABELS: Record<PolicyField, Localized> = {
  maxDomainsPerWebsite: { zh: '每个网站的域名数上限', en: 'Domains per website' },
  minRemainingValidityMonths: { zh: '域名剩余有效期下限（月）', en: 'Minimum remaining validity (months)' },
  expiringSoonIsError: { zh: '即将到期时阻止备案', en: 'Expiring soon blocks filing' },
  domainCertificateRequired: { zh: '须提供域名证书', en: 'Domain certificate required' },
  domainCertificateThreshold: {
    zh: '按主体域名数须提供域名证书',
    en: 'Domain certificates beyond a number of domains',
  },
  realNameReportingWorkdays: { zh: '实名上报入库（工作日）', en: 'Real-name reporting (working days)' },
  approvedSuffixAndRegistrarRequired: {
    zh: '须使用批准的后缀和注册商',
    en: 'Approved suffix and registrar required',
  },
  realNameReportingLatestWorkdays: {
    zh: '实名上报入库最长（工作日）',
    en: 'Real-name reporting at the latest (working days)',
  },
};

const KIND_LABELS: Record<string, Localized> = {
  cctld: { zh: '国家或地区顶级域', en: 'country code' },
  gtld: { zh: '通用顶级域', en: 'generic' },
  idn: { zh: '中文等非英文顶级域', en: 'internationalised' },
};

const STATUS_LABELS: Record<string, Localized> = {
  approved: { zh: '已批准', en: 'approved' },
  'not-approved': { zh: '未批准', en: 'not approved' },
  disputed: { zh: '来源不一致', en: 'disputed' },
  unverified: { zh: '未核实', en: 'unverified' },
};

/** A registrar's MIIT approval as the policy data has it; unknown is shown as such, not as "no". */
const REGISTRAR_STATUS: Record<RegistrarStatus, { label: Localized; tag: string }> = {
  approved: { label: { zh: '已批准', en: 'approved' }, tag: 'tag-ok' },
  'not-approved': { label: { zh: '未批准', en: 'not approved' }, tag: 'tag-error' },
  unknown: { label: { zh: '未知', en: 'unknown' }, tag: 'tag-warning' },
};
const INTERNATIONAL: Localized = { zh: '境外', en: 'outside mainland China' };

function valueText(lang: Lang, value: PolicyEntry['value']): string {
  if (value === null) return t(lang, TEXT.none);
  if (typeof value === 'object') {
    const types = value.subjectTypes
      .map((type) => t(lang, SUBJECT_TYPE_LABELS[type]))
      .join(lang === 'zh' ? '、' : ', ');
    return lang === 'zh'
      ? `${types}：超过 ${value.moreThan} 个域名`
      : `${types}: more than ${value.moreThan} domains`;
  }
  return typeof value === 'boolean' ? t(lang, value ? YES_NO.yes : YES_NO.no) : String(value);
}

function Sources(props: { sources: readonly Source[] }) {
  return (
    <ul class="plain sources">
      {props.sources.map((source) => (
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
  );
}

/** Days before the calendar's last day from which the operator is told to add the next year. */
const CALENDAR_WARNING_DAYS = 60;

/**
 * The State Council publishes next year's holidays in November or December; from then a deployment whose
 * calendar ends this year needs the operator to add it, or dates after 31 December cannot be computed.
 */
function CalendarWarning(props: { lang: Lang; today: string; toYear: number }) {
  const end = Date.parse(`${props.toYear}-12-31T00:00:00Z`);
  const days = Math.round((end - Date.parse(`${props.today}T00:00:00Z`)) / 86_400_000);
  if (days > CALENDAR_WARNING_DAYS) return null;
  const text = t(props.lang, days < 0 ? TEXT.calendarEnded : TEXT.calendarEnding)
    .replace('{to}', String(props.toYear))
    .replace('{days}', String(days));
  return (
    <p class="notice notice-warning" role="status">
      {text}
    </p>
  );
}

/** The confidence and the sources (with the note) of a dated data entry: its last two cells. */
function EvidenceCells(props: {
  lang: Lang;
  entry: { confidence: Confidence; sources: readonly Source[]; note?: string | undefined };
}) {
  const { lang, entry } = props;
  return (
    <>
      <td data-label={t(lang, TEXT.confidence)}>{t(lang, CONFIDENCE_LABELS[entry.confidence])}</td>
      <td data-label={t(lang, TEXT.sources)}>
        <Sources sources={entry.sources} />
        {entry.note && <p class="muted">{entry.note}</p>}
      </td>
    </>
  );
}

function Section(props: { id: string; title: Localized; lang: Lang; children?: Child }) {
  return (
    <section id={props.id} aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{t(props.lang, props.title)}</h2>
      {props.children}
    </section>
  );
}

function PoliciesTable(props: { lang: Lang; policy: PolicyData; at: Date; provinces: readonly Province[] }) {
  const { lang, policy, at } = props;
  const rows: { code: string | null; label: string }[] = [
    { code: null, label: t(lang, TEXT.national) },
    // The 简称 has a column of its own in Chinese; in English the name needs its pinyin.
    ...props.provinces.map((province) => ({
      code: province.code,
      label: lang === 'zh' ? province.name : t(lang, provinceLabel(province)),
    })),
  ];
  return (
    <div class="table-wrap">
      <table class="table table-compact">
        <thead>
          <tr>
            <th scope="col">{t(lang, TEXT.province)}</th>
            {POLICY_FIELDS.map((field) => (
              <th scope="col">{t(lang, FIELD_LABELS[field])}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const resolved = policy.resolvePolicy(row.code, at);
            return (
              <tr>
                <th scope="row">{row.label}</th>
                {POLICY_FIELDS.map((field) => {
                  const value = resolved[field];
                  const national = value.scope === '*' && row.code !== null;
                  return (
                    <td class={national ? 'muted' : undefined} data-label={t(lang, FIELD_LABELS[field])}>
                      {valueText(lang, value.value)}{' '}
                      <a class="entry-ref" href={`#entry-${value.entryId}`} title={value.entryId}>
                        {national ? `(${t(lang, TEXT.national)})` : `[${value.entryId}]`}
                      </a>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function EntriesTable(props: { lang: Lang; entries: readonly PolicyEntry[] }) {
  const { lang } = props;
  return (
    <div class="table-wrap">
      <table class="table table-compact">
        <thead>
          <tr>
            <th scope="col">{t(lang, TEXT.entry)}</th>
            <th scope="col">{t(lang, TEXT.scope)}</th>
            <th scope="col">{t(lang, TEXT.field)}</th>
            <th scope="col">{t(lang, TEXT.value)}</th>
            <th scope="col">{t(lang, TEXT.period)}</th>
            <th scope="col">{t(lang, TEXT.confidence)}</th>
            <th scope="col">{t(lang, TEXT.sources)}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((entry) => (
            <tr id={`entry-${entry.id}`}>
              <th scope="row">
                <code>{entry.id}</code>
              </th>
              <td data-label={t(lang, TEXT.scope)}>
                {entry.scope === '*' ? t(lang, TEXT.national) : entry.scope}
              </td>
              <td data-label={t(lang, TEXT.field)}>{t(lang, FIELD_LABELS[entry.field])}</td>
              <td data-label={t(lang, TEXT.value)}>{valueText(lang, entry.value)}</td>
              <td class="nowrap" data-label={t(lang, TEXT.period)}>
                {entry.effectiveFrom} – {entry.effectiveUntil ?? t(lang, TEXT.open)}
              </td>
              <EvidenceCells lang={lang} entry={entry} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const SECTIONS = [
  ['overrides', TEXT.overrides],
  ['policies', TEXT.policies],
  ['entries', TEXT.entries],
  ['suffixes', TEXT.suffixes],
  ['restricted', TEXT.restricted],
  ['registrars', TEXT.registrars],
  ['provinces', TEXT.provinces],
] as const;

export const ADMIN_POLICY_PAGES = [
  definePage({
    method: 'get',
    path: '/admin/policy',
    access: 'policy.read',
    // An operator's page; everyone else reaches it from 帮助 (/help) and the footer.
    nav: { label: TEXT.title, roles: ['admin'] },
    handle(p) {
      const policy = p.deps.policy;
      const at = p.deps.now();
      const today = shanghaiDate(at);
      const lang = p.lang;
      const tr = p.t;
      const entries = policy.policies.filter((entry) => inForce(entry, today));
      return p.render({
        title: TEXT.title,
        body: (
          <>
            <p>{tr(TEXT.intro)}</p>
            <dl class="summary-list">
              <dt>{tr(TEXT.version)}</dt>
              <dd>
                <code>{policy.provenance.dataVersion}</code>
              </dd>
              <dt>{tr(TEXT.today)}</dt>
              <dd>{today}</dd>
              <dt>{tr(TEXT.calendar)}</dt>
              <dd>
                {tr(TEXT.calendarYears)
                  .replace('{from}', String(policy.calendar.coverage.fromYear))
                  .replace('{to}', String(policy.calendar.coverage.toYear))}
              </dd>
            </dl>
            <CalendarWarning lang={lang} today={today} toYear={policy.calendar.coverage.toYear} />
            <nav aria-labelledby="policy-contents">
              <h2 id="policy-contents">{tr(TEXT.contents)}</h2>
              <ul class="plain contents">
                {SECTIONS.map(([id, title]) => (
                  <li>
                    <a href={`#${id}`}>{tr(title)}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <Section id="overrides" title={TEXT.overrides} lang={lang}>
              {policy.provenance.overrides.length === 0 ? (
                <p>{tr(TEXT.noOverrides)}</p>
              ) : (
                policy.provenance.overrides.map((override) => (
                  <>
                    <h3>
                      {tr(TEXT.file)}: <code>{basename(override.file)}</code>
                    </h3>
                    <ul>
                      {override.changes.map((change) => (
                        <li>{change}</li>
                      ))}
                    </ul>
                  </>
                ))
              )}
            </Section>
            <Section id="policies" title={TEXT.policies} lang={lang}>
              <p>{tr(TEXT.policiesNote)}</p>
              <PoliciesTable lang={lang} policy={policy} at={at} provinces={policy.provinces} />
            </Section>
            <Section id="entries" title={TEXT.entries} lang={lang}>
              <EntriesTable lang={lang} entries={entries} />
            </Section>
            <Section id="suffixes" title={TEXT.suffixes} lang={lang}>
              <div class="table-wrap">
                <table class="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col">{tr(TEXT.suffix)}</th>
                      <th scope="col">{tr(TEXT.kind)}</th>
                      <th scope="col">{tr(TEXT.status)}</th>
                      <th scope="col">{tr(TEXT.approved)}</th>
                      <th scope="col">{tr(TEXT.confidence)}</th>
                      <th scope="col">{tr(TEXT.sources)}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {policy.suffixes.map((entry) => (
                      <tr>
                        <th scope="row" class="nowrap">
                          .{entry.suffix}
                          {entry.ascii !== entry.suffix && <span class="ascii"> (.{entry.ascii})</span>}
                        </th>
                        <td data-label={tr(TEXT.kind)}>
                          {KIND_LABELS[entry.kind] ? tr(KIND_LABELS[entry.kind] as Localized) : entry.kind}
                        </td>
                        <td data-label={tr(TEXT.status)}>
                          {STATUS_LABELS[entry.status]
                            ? tr(STATUS_LABELS[entry.status] as Localized)
                            : entry.status}
                        </td>
                        <td data-label={tr(TEXT.approved)}>
                          <span class={entry.approved ? 'tag tag-ok' : 'tag tag-error'}>
                            {tr(entry.approved ? YES_NO.yes : YES_NO.no)}
                          </span>
                          {entry.approvedFrom && (
                            <span class="muted nowrap">
                              {' '}
                              {tr(TEXT.approvedFrom).replace('{date}', entry.approvedFrom)}
                            </span>
                          )}
                        </td>
                        <EvidenceCells lang={lang} entry={entry} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Section>
            <Section id="restricted" title={TEXT.restricted} lang={lang}>
              <div class="table-wrap">
                <table class="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col">{tr(TEXT.suffix)}</th>
                      <th scope="col">{tr(TEXT.allowedTypes)}</th>
                      <th scope="col">{tr(TEXT.confidence)}</th>
                      <th scope="col">{tr(TEXT.sources)}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {policy.restrictedSuffixes.map((entry) => (
                      <tr>
                        <th scope="row" class="nowrap">
                          .{entry.suffix}
                        </th>
                        <td data-label={tr(TEXT.allowedTypes)}>
                          {entry.allowedSubjectTypes
                            .map((type) => tr(SUBJECT_TYPE_LABELS[type]))
                            .join(lang === 'zh' ? '、' : ', ')}
                        </td>
                        <EvidenceCells lang={lang} entry={entry} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Section>
            <Section id="registrars" title={TEXT.registrars} lang={lang}>
              <div class="table-wrap">
                <table class="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col">{tr(TEXT.brand)}</th>
                      <th scope="col">{tr(TEXT.licence)}</th>
                      <th scope="col">{tr(TEXT.iana)}</th>
                      <th scope="col">{tr(TEXT.registrarStatus)}</th>
                      <th scope="col">{tr(TEXT.confidence)}</th>
                      <th scope="col">{tr(TEXT.sources)}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {policy.registrars.map((entry) => (
                      <tr>
                        <th scope="row">
                          {entry.brand}
                          <br />
                          <span class="muted">{entry.legalName}</span>
                        </th>
                        <td class="nowrap" data-label={tr(TEXT.licence)}>
                          {entry.licence ?? '–'}
                        </td>
                        <td data-label={tr(TEXT.iana)}>{entry.ianaIds.join(', ') || '–'}</td>
                        <td data-label={tr(TEXT.registrarStatus)}>
                          <span class={`tag ${REGISTRAR_STATUS[entry.status].tag}`}>
                            {tr(REGISTRAR_STATUS[entry.status].label)}
                          </span>
                          {entry.international && <span class="muted"> {tr(INTERNATIONAL)}</span>}
                        </td>
                        <EvidenceCells lang={lang} entry={entry} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Section>
            <Section id="provinces" title={TEXT.provinces} lang={lang}>
              <div class="table-wrap">
                <table class="table table-compact">
                  <thead>
                    <tr>
                      <th scope="col">{tr(TEXT.code)}</th>
                      <th scope="col">{tr(TEXT.province)}</th>
                      <th scope="col">{tr(TEXT.prefix)}</th>
                      <th scope="col">{tr(TEXT.confidence)}</th>
                      <th scope="col">{tr(TEXT.sources)}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {policy.provinces.map((province) => (
                      <tr>
                        <th scope="row">{province.code}</th>
                        <td data-label={tr(TEXT.province)}>
                          {province.fullName} <span class="muted">({province.pinyin})</span>
                        </td>
                        <td data-label={tr(TEXT.prefix)}>
                          {province.icpPrefix}
                          {province.licencePrefix !== undefined && (
                            <span class="muted">
                              {' '}
                              ({tr(TEXT.licencePrefix)} {province.licencePrefix})
                            </span>
                          )}
                        </td>
                        <td data-label={tr(TEXT.confidence)}>{tr(CONFIDENCE_LABELS[province.confidence])}</td>
                        <td data-label={tr(TEXT.sources)}>
                          <Sources sources={province.sources} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Section>
          </>
        ),
      });
    },
  }),
];
