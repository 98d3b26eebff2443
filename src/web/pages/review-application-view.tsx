/**
 * 审核详情 — what a reviewer reads before deciding, shared by the provider's console (初审) and the
 * bureau's (管局审核): the subject and websites read-only, each field by its label (the place a
 * rejection reason names), the verification results of every domain re-run now (facts change between
 * submission and review: a domain may have expired or lost its real-name verification,
 * 工信部信管〔2017〕264号), the documents, the audit timeline and any numbers issued.
 */
import { DOCUMENT_KIND_LABELS } from '../../documents/index.ts';
import { parseDomainInput } from '../../domain-name/index.ts';
import { fieldLabel, fieldPathLabel } from '../../filing/index.ts';
import { PRE_APPROVAL_TYPES, SERVICE_CONTENTS } from '../../filing/index.ts';
import type { ApplicationStatus } from '../../filing/index.ts';
import type { Role } from '../../filing/index.ts';
import { ROLES } from '../../filing/index.ts';
import type { Actor as HttpActor, AppDeps } from '../../http/context.ts';
import { workflowDeps } from '../../http/context.ts';
import type { PolicyData } from '../../policy/index.ts';
import type {
  Application,
  ApplicationDocument,
  ApplicationRecheck,
  TimelineEvent,
} from '../../workflow/index.ts';
import { listDocuments, recheckApplication } from '../../workflow/index.ts';
import { auditActionLabel } from '../../store/index.ts';
import type { Choice, Failure, Lang, Localized } from '../kit/index.ts';
import {
  APPLICATION_STATUS_LABELS,
  CheckResultView,
  DomainName,
  applicationTypeLabel,
  ID_TYPE_LABELS,
  ROLE_LABELS,
  SUBJECT_TYPE_LABELS,
  failureOf,
  TERMS,
  provinceText,
  t,
  unicodeUrl,
} from '../kit/index.ts';
import { shanghaiDateTime } from '../kit/time.ts';

/** The path of a reason about the application as a whole (the schema needs a path; no field has this one). */
export const GENERAL_REASON_PATH = 'application';

const TEXT = {
  subject: { zh: '主办单位', en: 'Filing subject' },
  website: TERMS.website,
  field: { zh: '字段', en: 'Field' },
  value: { zh: '填写内容', en: 'Value' },
  general: { zh: '整个申请（总体原因）', en: 'The application as a whole (general reason)' },
  wholeSubject: { zh: '主办单位信息（整体）', en: 'The filing subject (as a whole)' },
  wholeWebsite: { zh: '（整体）', en: ' (as a whole)' },
  app: { zh: 'APP', en: 'App' },
  person: { zh: '负责人', en: "responsible person's " },
  checks: { zh: '核验结果（查看时重新核验）', en: 'Verification results (re-run now)' },
  checksIntro: {
    zh: '以下结果按当前的政策数据和事实数据重新计算，可能与提交时不同。',
    en: 'Recomputed now from the current policy data and facts; they may differ from the results at submission.',
  },
  checkFailed: { zh: '无法核验：', en: 'Cannot verify: ' },
  subjectInvalid: { zh: '主体性质或证件类型无效', en: 'The subject type or certificate type is invalid' },
  noDomains: { zh: '该申请没有填写域名。', en: 'The application lists no domains.' },
  checksFiled: { zh: '核验结果', en: 'Verification results' },
  filedText: {
    zh: '该申请已通过管局审核，其域名已备案（备案号见上）。已通过的申请不再重新核验：再核验只会遇到它自己签发的备案号。',
    en: 'The bureau approved this application and its domains are filed (numbers above). An approved application is not re-checked: a check now would only meet the numbers its own approval issued.',
  },
  documents: TERMS.documents,
  noDocuments: { zh: '没有上传材料。', en: 'No documents were uploaded.' },
  certificateManual: {
    zh: '请人工核对：不是本系统注册商出具的证书，或未提供验证码',
    en: "check by hand: not a certificate of this system's registrar, or no code given",
  },
  kind: { zh: '类型', en: 'Kind' },
  domain: TERMS.domain,
  fileName: { zh: '文件名', en: 'File name' },
  size: { zh: '大小', en: 'Size' },
  uploaded: { zh: '上传时间', en: 'Uploaded' },
  download: { zh: '下载', en: 'Download' },
  timeline: { zh: '处理记录', en: 'Timeline' },
  at: { zh: '时间', en: 'At' },
  who: { zh: '操作人', en: 'By' },
  action: { zh: '操作', en: 'Action' },
  change: { zh: '状态变化', en: 'Status' },
  details: { zh: '说明', en: 'Details' },
  numbers: { zh: '备案号', en: 'ICP numbers' },
  subjectNumber: TERMS.subjectNumber,
  websiteNumber: TERMS.websiteNumber,
  appNumber: { zh: 'APP备案号', en: 'App number' },
  system: { zh: '系统', en: 'system' },
  summary: { zh: '申请概要', en: 'Summary' },
  id: TERMS.application,
  status: TERMS.status,
  province: TERMS.province,
  filingType: TERMS.filingType,
  account: { zh: '申请账号', en: 'Account' },
  submitted: TERMS.submitted,
  changeOf: { zh: '变更的网站备案号', en: 'Changes website number' },
  changeOfSubject: { zh: '变更的主体备案号', en: 'Changes subject number' },
  changeOfApp: { zh: '变更的APP备案号', en: 'Changes app number' },
  rejection: { zh: '上次驳回原因', en: 'Last rejection' },
  documentRejected: { zh: '驳回原因', en: 'Rejected because' },
  unknownType: TERMS.undetermined,
} satisfies Record<string, Localized>;

/** The label of what a change application changes: a website's, a subject's or an app's number. */
const changeOfLabel = (kind: Application['changeKind']): Localized =>
  kind === 'subject' ? TEXT.changeOfSubject : kind === 'app' ? TEXT.changeOfApp : TEXT.changeOf;

// ---------------------------------------------------------------------------------------------------
// The application's fields, flattened to paths

/** What showing fields needs: the language, and the policy data for province names (else shown as stored). */
export type FieldView = { lang: Lang; policy?: PolicyData };

const viewOf = (view: Lang | FieldView): FieldView => (typeof view === 'string' ? { lang: view } : view);

/** `北京（京）` (`Beijing 北京 (京)`) for a province code as applications store it; an unknown value as stored. */
export const provinceName = (policy: PolicyData | undefined, code: string, lang: Lang): string =>
  provinceText(policy, code, lang);

/** 字段 — one leaf of the application as entered: its path, label and the text to show. */
export type FieldRow = { path: string; label: Localized; value: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Codes shown by their names; anything unknown is shown as stored. */
function displayValue(keys: readonly string[], value: string, view: FieldView): string {
  const lang = view.lang;
  const last = keys.at(-1) ?? '';
  const parent = keys.at(-2) ?? '';
  const lookup = (table: Record<string, Localized>) => {
    const label = Object.hasOwn(table, value) ? table[value] : undefined;
    return label ? `${t(lang, label)}` : value;
  };
  if (last === 'type' && keys.length === 2 && keys[0] === 'subject') return lookup(SUBJECT_TYPE_LABELS);
  if (last === 'province' && keys.length === 2) return provinceName(view.policy, value, lang);
  if (last === 'idType') return lookup(ID_TYPE_LABELS);
  if (parent === 'serviceContent') {
    const entry = Object.hasOwn(SERVICE_CONTENTS, value)
      ? SERVICE_CONTENTS[value as keyof typeof SERVICE_CONTENTS]
      : undefined;
    return entry ? t(lang, entry.label) : value;
  }
  if (last === 'type' && keys.includes('preApprovals')) return lookup(PRE_APPROVAL_TYPES);
  if (last === 'homeUrl') return unicodeUrl(value);
  if (parent === 'domains') {
    const parsed = parseDomainInput(value);
    if (parsed.ok && parsed.domain.unicode !== parsed.domain.ascii)
      return `${parsed.domain.unicode} (${parsed.domain.ascii})`;
  }
  return value;
}

function labelOf(keys: readonly string[]): Localized {
  const path = keys.map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  const label = fieldLabel(path);
  const index = /^\d+$/.test(keys.at(-1) ?? '') ? Number(keys.at(-1)) + 1 : null;
  const inPerson = keys.includes('responsiblePerson') && keys.at(-1) !== 'name';
  const prefix = inPerson ? TEXT.person : { zh: '', en: '' };
  const suffix = index === null ? '' : ` ${index}`;
  return { zh: `${prefix.zh}${label.zh}${suffix}`, en: `${prefix.en}${label.en}${suffix}` };
}

function flatten(value: unknown, keys: string[], view: FieldView, rows: FieldRow[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(item, [...keys, String(i)], view, rows));
    return;
  }
  if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) flatten(item, [...keys, key], view, rows);
    return;
  }
  if (value === null || value === undefined || value === '') return;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  rows.push({ path: keys.join('.'), label: labelOf(keys), value: displayValue(keys, text, view) });
}

/** The subject's fields, then each website's, as entered. */
export function applicationFields(
  app: Application,
  fieldView: Lang | FieldView,
): { subject: FieldRow[]; websites: FieldRow[][] } {
  const view = viewOf(fieldView);
  const subject: FieldRow[] = [];
  flatten(app.subject, ['subject'], view, subject);
  const websites = app.websites.map((website, i) => {
    const rows: FieldRow[] = [];
    flatten(website, ['websites', String(i)], view, rows);
    return rows;
  });
  return { subject, websites };
}

const websiteTitle = (lang: Lang, i: number) => `${t(lang, TEXT.website)} ${i + 1}`;

/** The colon after a label: full width in Chinese text. */
export const colon = (lang: Lang): string => (lang === 'zh' ? '：' : ': ');

const clip = (text: string, max = 40) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * What a rejection reason may name: the application, the subject, a website, an app (APP备案), or any
 * field of them. `apps`: the application's app entries as saved (readApplicationApps).
 */
export function reasonChoices(
  app: Application,
  view: FieldView,
  apps: readonly Record<string, unknown>[] = [],
): Choice[] {
  const lang = view.lang;
  const { subject, websites } = applicationFields(app, view);
  const choices: Choice[] = [
    { value: GENERAL_REASON_PATH, label: TEXT.general },
    { value: 'subject', label: TEXT.wholeSubject },
  ];
  const row = (group: string, field: FieldRow): Choice => ({
    value: field.path,
    label: `${group} · ${t(lang, field.label)}${colon(lang)}${clip(field.value)}`,
  });
  for (const field of subject) choices.push(row(t(lang, TEXT.subject), field));
  websites.forEach((fields, i) => {
    choices.push({ value: `websites.${i}`, label: `${websiteTitle(lang, i)}${t(lang, TEXT.wholeWebsite)}` });
    for (const field of fields) choices.push(row(websiteTitle(lang, i), field));
  });
  apps.forEach((entry, i) => {
    const title = `${t(lang, TEXT.app)} ${i + 1}`;
    choices.push({ value: `apps.${i}`, label: `${title}${t(lang, TEXT.wholeWebsite)}` });
    const rows: FieldRow[] = [];
    flatten(entry, ['apps', String(i)], viewOf(view), rows);
    for (const field of rows) choices.push(row(title, { ...field, label: fieldPathLabel(field.path) }));
  });
  return choices;
}

function FieldTable(props: { lang: Lang; rows: FieldRow[]; caption: string }) {
  const { lang } = props;
  return (
    <div class="table-wrap">
      <table class="table fields-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(lang, TEXT.field)}</th>
            <th scope="col">{t(lang, TEXT.value)}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              <th scope="row">{t(lang, row.label)}</th>
              <td data-label={t(lang, TEXT.value)}>
                <bdi>{row.value}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Subject and websites, read-only. */
export function ApplicationFields(props: { view: FieldView; app: Application }) {
  const { view, app } = props;
  const lang = view.lang;
  const { subject, websites } = applicationFields(app, view);
  return (
    <>
      <FieldTable lang={lang} rows={subject} caption={t(lang, TEXT.subject)} />
      {websites.map((rows, i) => (
        <FieldTable lang={lang} rows={rows} caption={websiteTitle(lang, i)} />
      ))}
    </>
  );
}

/** Status, type, province, account, dates and the last rejection's reasons. */
export function ApplicationSummary(props: { view: FieldView; app: Application }) {
  const { view, app } = props;
  const lang = view.lang;
  const tr = (text: Localized) => t(lang, text);
  return (
    <dl class="summary-list">
      <dt>{tr(TEXT.id)}</dt>
      <dd>#{app.id}</dd>
      <dt>{tr(TEXT.status)}</dt>
      <dd>
        <span class={`tag tag-status-${app.status}`}>{tr(APPLICATION_STATUS_LABELS[app.status])}</span>
      </dd>
      <dt>{tr(TEXT.filingType)}</dt>
      <dd>{tr(applicationTypeLabel(app) ?? TEXT.unknownType)}</dd>
      <dt>{tr(TEXT.province)}</dt>
      <dd>
        <bdi>{provinceName(view.policy, app.province, lang)}</bdi>
      </dd>
      <dt>{tr(TEXT.account)}</dt>
      <dd>
        <bdi class="code">{app.account}</bdi>
      </dd>
      <dt>{tr(TEXT.submitted)}</dt>
      <dd>{shanghaiDateTime(app.submittedAt)}</dd>
      {app.changeOf !== null && (
        <>
          <dt>{tr(changeOfLabel(app.changeKind))}</dt>
          <dd>
            <bdi>{app.changeOf}</bdi>
          </dd>
        </>
      )}
      {app.rejection !== null && (
        <>
          <dt>{tr(TEXT.rejection)}</dt>
          <dd>
            <ReasonList lang={lang} reasons={app.rejection.reasons} />
          </dd>
        </>
      )}
    </dl>
  );
}

type Reason = { path: string; message: Localized; code?: string };

function isReasons(value: unknown): value is Reason[] {
  return (
    Array.isArray(value) &&
    value.every(
      (r) =>
        isObject(r) &&
        typeof r.path === 'string' &&
        isObject(r.message) &&
        typeof r.message.zh === 'string' &&
        typeof r.message.en === 'string',
    )
  );
}

/** Where a rejection reason points, by the field's label (`网站 1 · 网站名称`), never its path. */
export function reasonPlace(path: string): Localized {
  return path === GENERAL_REASON_PATH ? TEXT.general : fieldPathLabel(path);
}

function ReasonList(props: { lang: Lang; reasons: readonly Reason[] }) {
  return (
    <ul class="reason-list">
      {props.reasons.map((reason) => (
        <li>
          <span class="reason-place">{t(props.lang, reasonPlace(reason.path))}</span>
          {colon(props.lang)}
          <bdi>{t(props.lang, reason.message)}</bdi>
          {reason.code !== undefined && <code class="reason-code"> {reason.code}</code>}
        </li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------------------------------------------
// Verification, documents, timeline

/**
 * The engine's results now, per domain at its form path, as the workflow re-checks an application
 * (recheckApplication: without its own hold or the filing a change changes; an approved one is filed), or
 * why they cannot be computed (an unknown province, an incomplete subject).
 */
export async function recheck(deps: AppDeps, app: Application): Promise<ApplicationRecheck | Failure> {
  try {
    return await recheckApplication(
      { database: deps.db, policy: deps.policy, gateway: deps.gateway, now: deps.now() },
      app,
    );
  } catch (error) {
    const failure = failureOf(error);
    if (!failure) throw error;
    // The field's own reason (an unknown province, an invalid subject) says more than "invalid form".
    const first = failure.fields[0];
    return first ? { ...failure, message: first.message } : failure;
  }
}

export function VerificationResults(props: { lang: Lang; checks: ApplicationRecheck | Failure }) {
  const { lang } = props;
  if ('filed' in props.checks && props.checks.filed) {
    return (
      <section class="review-checks" aria-labelledby="review-checks-title">
        <h2 id="review-checks-title">{t(lang, TEXT.checksFiled)}</h2>
        <p class="notice notice-success">{t(lang, TEXT.filedText)}</p>
      </section>
    );
  }
  const checks = 'filed' in props.checks ? props.checks.checks : props.checks;
  return (
    <section class="review-checks" aria-labelledby="review-checks-title">
      <h2 id="review-checks-title">{t(lang, TEXT.checks)}</h2>
      <p class="field-hint">{t(lang, TEXT.checksIntro)}</p>
      {!Array.isArray(checks) ? (
        <p class="notice notice-error">
          {t(lang, TEXT.checkFailed)}
          {t(lang, checks.message)}
        </p>
      ) : checks.length === 0 ? (
        <p>{t(lang, TEXT.noDomains)}</p>
      ) : (
        checks.map((check) => (
          <div class="review-check">
            <p class="field-hint">{t(lang, fieldPathLabel(check.path))}</p>
            <CheckResultView lang={lang} result={check.result} heading="h3" />
          </div>
        ))
      )}
    </section>
  );
}

export async function documentsOf(
  deps: AppDeps,
  actor: HttpActor,
  app: Application,
): Promise<ApplicationDocument[]> {
  return listDocuments({ ...workflowDeps(deps, actor), applicationId: app.id });
}

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** `href(document)` is the download page the console offers. */
export function DocumentTable(props: {
  lang: Lang;
  documents: ApplicationDocument[];
  href: (document: ApplicationDocument) => string;
}) {
  const { lang } = props;
  const tr = (text: Localized) => t(lang, text);
  // 驳回材料 (issue 15): the column appears once a reviewer rejected a document.
  const anyRejected = props.documents.some((document) => document.rejection !== null);
  return (
    <section aria-labelledby="review-documents-title">
      <h2 id="review-documents-title">{tr(TEXT.documents)}</h2>
      {props.documents.length === 0 ? (
        <p>{tr(TEXT.noDocuments)}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{tr(TEXT.kind)}</th>
                <th scope="col">{tr(TEXT.domain)}</th>
                <th scope="col">{tr(TEXT.fileName)}</th>
                <th scope="col">{tr(TEXT.size)}</th>
                <th scope="col">{tr(TEXT.uploaded)}</th>
                <th scope="col">{tr(TEXT.download)}</th>
                {anyRejected && <th scope="col">{tr(TEXT.documentRejected)}</th>}
              </tr>
            </thead>
            <tbody>
              {props.documents.map((document) => (
                <tr>
                  <td data-label={tr(TEXT.kind)}>
                    {tr(DOCUMENT_KIND_LABELS[document.kind])}
                    {document.certificateCheck !== null && (
                      <>
                        <br />
                        <small class={`certificate-check certificate-${document.certificateCheck.kind}`}>
                          {document.certificateCheck.kind === 'verified'
                            ? tr({
                                zh: `已按验证码核验：证书编号 ${document.certificateCheck.serial}`,
                                en: `verified by its code: certificate No. ${document.certificateCheck.serial}`,
                              })
                            : tr(TEXT.certificateManual)}
                        </small>
                      </>
                    )}
                  </td>
                  <td data-label={tr(TEXT.domain)}>
                    {document.domain !== null && <DomainName domain={document.domain} />}
                  </td>
                  <td data-label={tr(TEXT.fileName)}>
                    <bdi>{document.fileName}</bdi>
                  </td>
                  <td class="nowrap" data-label={tr(TEXT.size)}>
                    {sizeText(document.sizeBytes)}
                  </td>
                  <td class="nowrap" data-label={tr(TEXT.uploaded)}>
                    {shanghaiDateTime(document.uploadedAt)}
                  </td>
                  <td class="actions" data-label={tr(TEXT.download)}>
                    <a href={props.href(document)} download>
                      {tr(TEXT.download)}
                      <span class="visually-hidden"> {document.fileName}</span>
                    </a>
                  </td>
                  {anyRejected && (
                    <td data-label={tr(TEXT.documentRejected)}>
                      {document.rejection !== null && (
                        <span class="field-error">
                          <bdi>{tr(document.rejection.message)}</bdi>
                          {document.rejection.code !== null && (
                            <code class="reason-code"> {document.rejection.code}</code>
                          )}
                        </span>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** 备案号 issued at approval, from the approving transition's data (bureau-review.ts writes them there). */
export type IssuedNumbers = {
  subjectNumber: string | null;
  websites: { number: string; domains: string[] }[];
  /** APP备案号 (`-NA`, `-NX`) of the application's apps. */
  apps: { name: string; number: string }[];
};

export function numbersOf(timeline: readonly TimelineEvent[]): IssuedNumbers | null {
  const approved = timeline.findLast((event) => event.to === 'approved');
  if (!approved) return null;
  const data = approved.data;
  const websites = Array.isArray(data.websites)
    ? data.websites.filter(isObject).map((w) => ({
        number: typeof w.number === 'string' ? w.number : '',
        domains: Array.isArray(w.domains) ? w.domains.filter((d): d is string => typeof d === 'string') : [],
      }))
    : [];
  const apps = Array.isArray(data.apps)
    ? data.apps.filter(isObject).map((a) => ({
        name: typeof a.name === 'string' ? a.name : '',
        number: typeof a.number === 'string' ? a.number : '',
      }))
    : [];
  return {
    subjectNumber: typeof data.subjectNumber === 'string' ? data.subjectNumber : null,
    websites,
    apps,
  };
}

export function NumbersView(props: { lang: Lang; numbers: IssuedNumbers }) {
  const { lang, numbers } = props;
  return (
    <section class="issued-numbers" aria-labelledby="issued-numbers-title">
      <h2 id="issued-numbers-title">{t(lang, TEXT.numbers)}</h2>
      <dl class="summary-list">
        {numbers.subjectNumber !== null && (
          <>
            <dt>{t(lang, TEXT.subjectNumber)}</dt>
            <dd>
              <bdi>{numbers.subjectNumber}</bdi>
            </dd>
          </>
        )}
        {numbers.websites.map((website) => (
          <>
            <dt>{t(lang, TEXT.websiteNumber)}</dt>
            <dd>
              <bdi>{website.number}</bdi> —{' '}
              {website.domains.map((domain, i) => (
                <>
                  {i > 0 && (lang === 'zh' ? '、' : ', ')}
                  <DomainName domain={domain} inline />
                </>
              ))}
            </dd>
          </>
        ))}
        {numbers.apps.map((app) => (
          <>
            <dt>{t(lang, TEXT.appNumber)}</dt>
            <dd>
              <bdi>{app.number}</bdi> — <bdi>{app.name}</bdi>
            </dd>
          </>
        ))}
      </dl>
    </section>
  );
}

const roleLabel = (lang: Lang, role: string) =>
  (ROLES as readonly string[]).includes(role) ? t(lang, ROLE_LABELS[role as Role]) : t(lang, TEXT.system);

const statusLabel = (lang: Lang, status: ApplicationStatus | null) =>
  status === null ? '' : t(lang, APPLICATION_STATUS_LABELS[status]);

export function Timeline(props: { lang: Lang; events: readonly TimelineEvent[] }) {
  const { lang } = props;
  const tr = (text: Localized) => t(lang, text);
  return (
    <section aria-labelledby="review-timeline-title">
      <h2 id="review-timeline-title">{tr(TEXT.timeline)}</h2>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{tr(TEXT.at)}</th>
              <th scope="col">{tr(TEXT.who)}</th>
              <th scope="col">{tr(TEXT.action)}</th>
              <th scope="col">{tr(TEXT.change)}</th>
              <th scope="col">{tr(TEXT.details)}</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((event) => {
              const label = auditActionLabel(event.action);
              return (
                <tr>
                  <td class="nowrap" data-label={tr(TEXT.at)}>
                    {shanghaiDateTime(event.at)}
                  </td>
                  <td data-label={tr(TEXT.who)}>
                    <bdi class="code">{event.actor}</bdi>
                    <br />
                    <span class="field-hint">{roleLabel(lang, event.role)}</span>
                  </td>
                  <td data-label={tr(TEXT.action)}>{label ? tr(label) : <code>{event.action}</code>}</td>
                  <td data-label={tr(TEXT.change)}>
                    {event.from !== null || event.to !== null
                      ? `${statusLabel(lang, event.from)} → ${statusLabel(lang, event.to)}`
                      : ''}
                  </td>
                  <td data-label={tr(TEXT.details)}>
                    {isReasons(event.data.reasons) && <ReasonList lang={lang} reasons={event.data.reasons} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
