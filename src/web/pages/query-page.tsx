/**
 * 备案查询 — the public query as on beian.miit.gov.cn: by domain, ICP number or the subject's full name,
 * recognised from what was typed (the visitor may still say which, and re-run it as another), answered
 * by the MIIT gateway (the sandbox, or a real integration) with the fields MIIT's site shows.
 * A GET form: the answer is public, bookmarkable, and changes nothing.
 */
import { parseDomainInput } from '../../domain-name/index.ts';
import { parseAppNumber } from '../../miit/index.ts';
import type { PublicAppQuery, PublicAppRecord, PublicFilingRecord, PublicQuery } from '../../miit/index.ts';
import type { PolicyData } from '../../policy/index.ts';
import type { FieldError, Lang, Localized, PageRequest } from '../kit/index.ts';
import {
  Button,
  DomainName,
  ErrorSummary,
  Form,
  RadioGroup,
  SUBJECT_TYPE_LABELS,
  TextField,
  YES_NO,
  definePage,
  format,
  t,
  TERMS,
  unicodeUrl,
} from '../kit/index.ts';

const TEXT = {
  title: TERMS.publicQuery,
  intro: {
    zh: '查询已备案的网站：输入域名、备案号或主办单位的完整名称，系统会识别输入的是哪一种。进行中的备案申请不公开。',
    en: 'Look up filed websites: type a domain, an ICP number or the full name of a subject; what was typed is recognised. Applications in progress are not public.',
  },
  by: { zh: '查询方式', en: 'Search by' },
  byAuto: { zh: '自动识别', en: 'Recognise it' },
  byDomain: TERMS.domain,
  byNumber: TERMS.icpNumber,
  bySubject: TERMS.subjectName,
  q: { zh: '查询内容', en: 'Search for' },
  qHint: {
    zh: '例如 example.cn、京ICP备2021012345号-1、京ICP证030173号-1、粤B2-20090059-5 或 北京示例信息技术有限公司',
    en: 'For example example.cn, 京ICP备2021012345号-1, 京ICP证030173号-1, 粤B2-20090059-5 or 北京示例信息技术有限公司',
  },
  submit: { zh: '查询', en: 'Search' },
  results: { zh: '查询结果', en: 'Results' },
  byApp: { zh: 'APP 名称', en: 'App name' },
  appCount: { zh: '个 APP', en: 'apps' },
  appNumber: { zh: 'APP备案号', en: 'App number' },
  appName: { zh: 'APP 名称', en: 'App name' },
  searchedAs: { zh: '按{kind}查询', en: 'Searched as {kind}' },
  recognised: { zh: '（自动识别）', en: ' (recognised)' },
  searchAs: { zh: '不对？改为按{kind}查询', en: 'Not right? Search as {kind}' },
  count: { zh: '条记录', en: 'record(s)' },
  none: { zh: '没有查到备案信息。', en: 'No filing found.' },
  subjectName: { zh: '主办单位名称', en: 'Subject' },
  nature: { zh: '主办单位性质', en: 'Nature' },
  subjectNumber: TERMS.subjectNumber,
  websiteNumber: TERMS.websiteNumber,
  websiteName: TERMS.websiteName,
  homeUrl: { zh: '网站首页网址', en: 'Home page' },
  domains: { zh: '网站域名', en: 'Domains' },
  approvedOn: { zh: '审核日期', en: 'Approved on' },
  limitAccess: { zh: '限制接入', en: 'Access limited' },
  byRequired: { zh: '请选择查询方式', en: 'Choose what to search by' },
  qRequired: { zh: '请填写查询内容', en: 'Enter what to search for' },
  qTooLong: { zh: '查询内容过长', en: 'The search text is too long' },
  domainInvalid: {
    zh: '不是有效的域名，例如 example.cn 或 例子.中国',
    en: 'Not a valid domain name, such as example.cn or 例子.中国',
  },
} satisfies Record<string, Localized>;

const BY = ['auto', 'domain', 'number', 'subject', 'app'] as const;
type By = (typeof BY)[number];
type Kind = Exclude<By, 'auto'>;
const KINDS: readonly Kind[] = ['domain', 'number', 'subject', 'app'];
const KIND_LABELS: Record<Kind, Localized> = {
  domain: TEXT.byDomain,
  number: TEXT.byNumber,
  subject: TEXT.bySubject,
  app: TEXT.byApp,
};
const MAX_LENGTH: Record<Kind, number> = { domain: 4096, number: 64, subject: 256, app: 256 };

/**
 * What the text is, when the visitor did not say: an ICP number (what the policy's parser reads, or
 * what plainly tries to be one: `ICP` or a `B2-` licence, so a mistyped number gets the parser's reason
 * rather than an empty subject search), else a domain or URL with a dot that parses, else a subject's
 * name (names are whole words without dots: 北京示例信息技术有限公司).
 */
export function detectQueryKind(q: string, policy: Pick<PolicyData, 'parseIcpNumber'>): Kind {
  if (policy.parseIcpNumber(q).ok || /ICP|B2-/i.test(q)) return 'number';
  if (/[.。．｡]/.test(q) && parseDomainInput(q).ok) return 'domain';
  return 'subject';
}

/** Websites (`query`) and apps (`apps`, APP备案) the text asks for; null where it asks for none. */
type Asked = {
  query: PublicQuery | null;
  apps: PublicAppQuery | null;
  kind: Kind;
  detected: boolean;
  q: string;
};

/** The query the form asks for, or its field errors; null when nothing was asked yet. */
function queryOf(p: PageRequest): Asked | { errors: FieldError[] } | null {
  const by = p.query.by ?? 'auto';
  const q = (p.query.q ?? '').trim();
  if (p.query.by === undefined && p.query.q === undefined) return null;
  const errors: FieldError[] = [];
  if (!BY.includes(by as By)) errors.push({ path: 'by', code: 'REQUIRED', message: TEXT.byRequired });
  if (q === '') errors.push({ path: 'q', code: 'REQUIRED', message: TEXT.qRequired });
  if (errors.length > 0) return { errors };
  const detected = by === 'auto';
  const kind = detected ? detectQueryKind(q, p.deps.policy) : (by as Kind);
  if (q.length > MAX_LENGTH[kind])
    return { errors: [{ path: 'q', code: 'TOO_LONG', message: TEXT.qTooLong }] };
  if (kind === 'domain') {
    if (!parseDomainInput(q).ok)
      return { errors: [{ path: 'q', code: 'DOMAIN_INVALID', message: TEXT.domainInvalid }] };
    return { query: { by: 'domain', domain: q }, apps: null, kind, detected, q };
  }
  if (kind === 'app')
    return { query: null, apps: { by: 'app-name', name: q, match: 'exact' }, kind, detected, q };
  if (kind === 'number') {
    // An app's number (…号-2A, …-1626X) finds the app; the website reader refuses it.
    if (parseAppNumber(p.deps.policy, q) !== null)
      return { query: null, apps: { by: 'number', number: q }, kind, detected, q };
    // The policy's parser says why (a cross-region licence, an app's number…), naming what was typed.
    const reading = p.deps.policy.parseIcpNumber(q);
    if (!reading.ok) {
      const message = { zh: `「${q}」${reading.reason.zh}`, en: `"${q}" ${reading.reason.en}` };
      return { errors: [{ path: 'q', code: 'NUMBER_INVALID', message }] };
    }
    // A subject's number lists its apps too.
    const apps: PublicAppQuery | null =
      reading.number.kind === 'subject' ? { by: 'number', number: q } : null;
    return { query: { by: 'number', number: q }, apps, kind, detected, q };
  }
  // Exact names only, as on MIIT's site: a prefix search would let anyone enumerate subjects.
  return {
    query: { by: 'subject-name', name: q, match: 'exact' },
    apps: { by: 'subject-name', name: q, match: 'exact' },
    kind,
    detected,
    q,
  };
}

/** How the text was searched, and the other readings one click away (the explicit choice). */
function SearchedAs(props: { lang: Lang; asked: Asked }) {
  const { lang, asked } = props;
  const tr = (text: Localized) => t(lang, text);
  const others = KINDS.filter((kind) => kind !== asked.kind);
  return (
    <p class="searched-as">
      {format(tr(TEXT.searchedAs), { kind: tr(KIND_LABELS[asked.kind]) })}
      {asked.detected && tr(TEXT.recognised)}
      <span class="muted">
        {' · '}
        {others.map((kind, i) => (
          <>
            {i > 0 && ' · '}
            <a href={`/query?by=${kind}&q=${encodeURIComponent(asked.q)}`}>
              {format(tr(TEXT.searchAs), { kind: tr(KIND_LABELS[kind]) })}
            </a>
          </>
        ))}
      </span>
    </p>
  );
}

function Results(props: { lang: Lang; records: readonly PublicFilingRecord[] }) {
  const { lang, records } = props;
  const tr = (text: Localized) => t(lang, text);
  if (records.length === 0) return <p class="notice">{tr(TEXT.none)}</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <caption>
          {records.length} {tr(TEXT.count)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{tr(TEXT.subjectName)}</th>
            <th scope="col">{tr(TEXT.nature)}</th>
            <th scope="col">{tr(TEXT.websiteNumber)}</th>
            <th scope="col">{tr(TEXT.websiteName)}</th>
            <th scope="col">{tr(TEXT.domains)}</th>
            <th scope="col">{tr(TEXT.homeUrl)}</th>
            <th scope="col">{tr(TEXT.approvedOn)}</th>
            <th scope="col">{tr(TEXT.limitAccess)}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr>
              <SubjectCell lang={lang} record={record} />
              <td data-label={tr(TEXT.nature)}>
                {record.nature === null
                  ? (record.natureName ?? '–')
                  : lang === 'zh'
                    ? (record.natureName ?? SUBJECT_TYPE_LABELS[record.nature].zh)
                    : SUBJECT_TYPE_LABELS[record.nature].en}
              </td>
              <td class="nowrap" data-label={tr(TEXT.websiteNumber)}>
                {record.websiteNumber}
              </td>
              <td data-label={tr(TEXT.websiteName)}>
                {record.websiteName === null ? '–' : <bdi>{record.websiteName}</bdi>}
              </td>
              <td data-label={tr(TEXT.domains)}>
                <ul class="plain">
                  {record.domains.map((domain) => (
                    <li>
                      <DomainName domain={domain} />
                    </li>
                  ))}
                </ul>
              </td>
              {/* Shown as text, never as a link: a stored URL is not ours to vouch for. */}
              <td data-label={tr(TEXT.homeUrl)}>
                {record.homeUrl === null ? (
                  '–'
                ) : (
                  <bdi class="code" title={record.homeUrl}>
                    {unicodeUrl(record.homeUrl)}
                  </bdi>
                )}
              </td>
              <td class="nowrap" data-label={tr(TEXT.approvedOn)}>
                {record.approvedOn ?? '–'}
              </td>
              <td data-label={tr(TEXT.limitAccess)}>{tr(record.limitAccess ? YES_NO.yes : YES_NO.no)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 主办单位名称 with the 主体备案号 under it: the first cell of both result tables. */
function SubjectCell(props: { lang: Lang; record: { subjectName: string; subjectNumber: string } }) {
  const { lang, record } = props;
  return (
    <td data-label={t(lang, TEXT.subjectName)}>
      <bdi>{record.subjectName}</bdi>
      <br />
      <span class="muted">
        {t(lang, TEXT.subjectNumber)}
        {lang === 'zh' ? '：' : ': '}
        {record.subjectNumber}
      </span>
    </td>
  );
}

/** 备案查询 (APP): filed apps as MIIT's public query shows them (服务名称, 服务备案号, 主办单位). */
function AppResults(props: { lang: Lang; records: readonly PublicAppRecord[] }) {
  const { lang, records } = props;
  const tr = (text: Localized) => t(lang, text);
  return (
    <div class="table-wrap">
      <table class="table">
        <caption>
          {records.length} {tr(TEXT.appCount)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{tr(TEXT.subjectName)}</th>
            <th scope="col">{tr(TEXT.appNumber)}</th>
            <th scope="col">{tr(TEXT.appName)}</th>
            <th scope="col">{tr(TEXT.approvedOn)}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr>
              <SubjectCell lang={lang} record={record} />
              <td class="nowrap" data-label={tr(TEXT.appNumber)}>
                {record.appNumber}
              </td>
              <td data-label={tr(TEXT.appName)}>
                <bdi>{record.appName}</bdi>
              </td>
              <td class="nowrap" data-label={tr(TEXT.approvedOn)}>
                {record.approvedOn}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const QUERY_PAGES = [
  definePage({
    method: 'get',
    path: '/query',
    access: 'filing.query-public',
    nav: { label: TEXT.title },
    async handle(p) {
      const asked = queryOf(p);
      const errors = asked !== null && 'errors' in asked ? asked.errors : [];
      const found = asked !== null && 'query' in asked ? asked : null;
      const records = found?.query ? await p.deps.gateway.publicQuery(found.query) : [];
      const appRecords = found?.apps ? await p.deps.gateway.publicAppQuery(found.apps) : [];
      const form = p.formState({ values: { by: p.query.by ?? 'auto', q: p.query.q ?? '' }, errors });
      return p.render({
        title: TEXT.title,
        status: errors.length > 0 ? 422 : 200,
        body: (
          <>
            <p>{p.t(TEXT.intro)}</p>
            <ErrorSummary form={form} />
            <Form form={form} action="/query" method="get" class="form form-inline">
              <TextField
                form={form}
                name="q"
                label={TEXT.q}
                hint={TEXT.qHint}
                type="search"
                maxlength={4096}
              />
              <RadioGroup
                form={form}
                name="by"
                legend={TEXT.by}
                inline
                options={BY.map((by) => ({
                  value: by,
                  label: by === 'auto' ? TEXT.byAuto : KIND_LABELS[by],
                }))}
              />
              <Button>{p.t(TEXT.submit)}</Button>
            </Form>
            {found !== null && (
              <section aria-labelledby="query-results">
                <h2 id="query-results">{p.t(TEXT.results)}</h2>
                <SearchedAs lang={p.lang} asked={found} />
                {(found.query !== null || appRecords.length === 0) && (
                  <Results lang={p.lang} records={records} />
                )}
                {appRecords.length > 0 && <AppResults lang={p.lang} records={appRecords} />}
              </section>
            )}
          </>
        ),
      });
    },
  }),
];
