/**
 * 备案申请详情 — one of the applicant's applications: its step bar and status, what it lets the applicant do next, the
 * reviewers' field-level reasons shown on the fields they name, the documents, any numbers issued and
 * the timeline from the audit trail.
 */
import { canTransition, fieldPathLabel } from '../../../filing/index.ts';
import type { RejectionReason } from '../../../workflow/index.ts';
import type { Application } from '../../../workflow/index.ts';
import { applicationTimeline, listDocuments, readApplicationApps } from '../../../workflow/index.ts';
import type { Lang, Localized, PageRequest } from '../../kit/index.ts';
import { TERMS, definePage, fieldId, format, t } from '../../kit/index.ts';
import { shanghaiDateTime } from '../../kit/time.ts';
import type { FieldRow } from '../review-application-view.tsx';
import {
  NumbersView,
  Timeline,
  applicationFields,
  numbersOf,
  provinceName,
  reasonPlace,
} from '../review-application-view.tsx';
import { applicantDeps, applicationIdOf, applicationPath } from '../applicant-shared.tsx';
import { DocumentList } from '../applicant-wizard-documents.tsx';
import { AppEntriesSection } from '../app-entries-view.tsx';
import { ApplicationProgress } from './progress.tsx';
import { RejectedDocuments } from './replace-document-page.tsx';
import { StatusTag, TEXT as SHARED, filingTypeText, nextStep, titleOf } from './shared.tsx';

const TEXT = {
  province: TERMS.province,
  created: TERMS.created,
  submitted: TERMS.submitted,
  changeOf: { zh: '变更的网站', en: 'Changes website' },
  changeOfSubject: { zh: '变更的主体', en: 'Changes subject' },
  changeOfApp: { zh: '变更的APP', en: 'Changes app' },
  actions: { zh: '可以进行的操作', en: 'What you can do' },
  withdraw: { zh: '撤回申请', en: 'Withdraw' },
  rejectionTitle: { zh: '驳回原因', en: 'Reasons for rejection' },
  rejectedBy: {
    zh: '{who}于 {at} 驳回了申请。原因标在下面相应的字段旁：',
    en: 'The {who} rejected the application on {at}. Each reason is shown next to its field below:',
  },
  lastRejection: {
    zh: '上次驳回（{at}，{who}）的原因，修改后请重新提交：',
    en: 'Reasons of the last rejection ({at}, {who}); revise and submit again:',
  },
  provider: { zh: '接入商', en: 'provider' },
  bureau: TERMS.bureau,
  fields: { zh: '申请内容', en: 'What was entered' },
  subjectSection: TERMS.subjectSection,
  website: TERMS.website,
  reason: { zh: '驳回原因：', en: 'Rejected: ' },
  noFields: { zh: '（尚未填写）', en: '(not entered yet)' },
  documents: TERMS.documents,
} satisfies Record<string, Localized>;

type Placed = { reason: RejectionReason; target: string; label: Localized | null };

/**
 * Where each reason shows: on its field's row, else under its section (the subject, a website), else
 * at the top (a reason about the whole application); `label` names the place in the summary.
 */
function placeReasons(
  reasons: readonly RejectionReason[],
  rows: { subject: FieldRow[]; websites: FieldRow[][] },
): Placed[] {
  const all = [...rows.subject, ...rows.websites.flat()];
  return reasons.map((reason) => {
    const row = all.find((r) => r.path === reason.path);
    if (row) return { reason, target: row.path, label: row.label };
    if (reason.path === 'subject' || reason.path.startsWith('subject.')) {
      return { reason, target: 'subject', label: TEXT.subjectSection };
    }
    const website = /^websites\.(\d+)(\.|$)/.exec(reason.path);
    const index = Number(website?.[1] ?? -1);
    if (index >= 0 && index < rows.websites.length) {
      const label = { zh: `${TEXT.website.zh} ${index + 1}`, en: `${TEXT.website.en} ${index + 1}` };
      return { reason, target: `websites.${index}`, label };
    }
    // An app's field (APP备案): named by its place in the app step, shown in the summary.
    if (/^apps\.\d+(\.|$)/.test(reason.path))
      return { reason, target: '', label: fieldPathLabel(reason.path) };
    return { reason, target: '', label: null };
  });
}

/** 修改建议 — the remedy of a coded reason (data/rejection-reasons.json). */
const REMEDY = { zh: '修改建议：', en: 'What to do: ' };

function ReasonText(props: { lang: Lang; placed: Placed[]; target: string }) {
  const here = props.placed.filter((p) => p.target === props.target);
  if (here.length === 0) return null;
  return (
    <p class="field-error" id={`${fieldId(props.target)}-error`}>
      {here.map((p) => (
        <span>
          <strong>{t(props.lang, TEXT.reason)}</strong>
          <bdi>{t(props.lang, p.reason.message)}</bdi>
          {p.reason.remedy !== undefined && (
            <>
              {' '}
              <strong>{t(props.lang, REMEDY)}</strong>
              <bdi>{t(props.lang, p.reason.remedy)}</bdi>
            </>
          )}{' '}
        </span>
      ))}
    </p>
  );
}

function RowList(props: { lang: Lang; rows: FieldRow[]; placed: Placed[] }) {
  return (
    <dl class="summary-list">
      {props.rows.map((row) => {
        const wrong = props.placed.some((p) => p.target === row.path);
        return (
          <div class={`summary-row${wrong ? ' field-invalid' : ''}`} id={fieldId(row.path)}>
            <dt>{t(props.lang, row.label)}</dt>
            <dd aria-describedby={wrong ? `${fieldId(row.path)}-error` : undefined}>
              <bdi>{row.value}</bdi>
              <ReasonText lang={props.lang} placed={props.placed} target={row.path} />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function RejectionSummary(props: { lang: Lang; app: Application; placed: Placed[] }) {
  const { lang, app, placed } = props;
  const rejection = app.rejection;
  if (rejection === null) return null;
  const who = t(lang, rejection.by === 'provider' ? TEXT.provider : TEXT.bureau);
  const stillRejected = app.status === 'provider-rejected' || app.status === 'bureau-rejected';
  const intro = format(t(lang, stillRejected ? TEXT.rejectedBy : TEXT.lastRejection), {
    who,
    at: shanghaiDateTime(rejection.at),
  });
  return (
    <div
      class="error-summary"
      role="alert"
      aria-labelledby="rejection-title"
      tabindex={-1}
      data-error-summary
    >
      <h2 id="rejection-title">{t(lang, TEXT.rejectionTitle)}</h2>
      <p>{intro}</p>
      <ul>
        {placed.map(({ reason, target, label }) => (
          <li>
            {target === '' ? (
              <>
                {label && `${t(lang, label)}${lang === 'zh' ? '：' : ': '}`}
                <bdi>{t(lang, reason.message)}</bdi>
                {reason.remedy !== undefined && (
                  <>
                    {' '}
                    <strong>{t(lang, REMEDY)}</strong>
                    <bdi>{t(lang, reason.remedy)}</bdi>
                  </>
                )}
              </>
            ) : (
              <a href={`#${fieldId(target)}`}>
                {label && `${t(lang, reasonPlace(reason.path))}${lang === 'zh' ? '：' : ': '}`}
                <bdi>{t(lang, reason.message)}</bdi>
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

async function detailPage(p: PageRequest) {
  const { application: app, timeline } = await applicationTimeline({
    ...applicantDeps(p),
    applicationId: applicationIdOf(p),
    scope: 'own',
  });
  const lang = p.lang;
  const tr = p.t;
  const rows = applicationFields(app, { lang, policy: p.deps.policy });
  const placed = placeReasons(app.rejection?.reasons ?? [], rows);
  const numbers = numbersOf(timeline);
  const documents = await listDocuments({ ...applicantDeps(p), applicationId: app.id });
  const apps = await readApplicationApps({ ...applicantDeps(p), applicationId: app.id, scope: 'own' });
  const next = nextStep(app);
  const canWithdraw = canTransition(app.status, 'withdrawn');
  return p.render({
    title: titleOf(app),
    body: (
      <>
        <ApplicationProgress lang={lang} status={app.status} />
        <RejectionSummary lang={lang} app={app} placed={placed} />
        <dl class="summary-list">
          <dt>{tr(SHARED.status)}</dt>
          <dd>
            <StatusTag lang={lang} app={app} />
          </dd>
          <dt>{tr(SHARED.filingType)}</dt>
          <dd>{filingTypeText(lang, app)}</dd>
          <dt>{tr(TEXT.province)}</dt>
          <dd>{provinceName(p.deps.policy, app.province, lang)}</dd>
          <dt>{tr(TEXT.created)}</dt>
          <dd>{shanghaiDateTime(app.createdAt)}</dd>
          {app.submittedAt !== null && (
            <>
              <dt>{tr(TEXT.submitted)}</dt>
              <dd>{shanghaiDateTime(app.submittedAt)}</dd>
            </>
          )}
          {app.changeOf !== null && (
            <>
              <dt>
                {tr(
                  app.changeKind === 'subject'
                    ? TEXT.changeOfSubject
                    : app.changeKind === 'app'
                      ? TEXT.changeOfApp
                      : TEXT.changeOf,
                )}
              </dt>
              <dd>
                <bdi>{app.changeOf}</bdi>
              </dd>
            </>
          )}
        </dl>
        {(next !== null || canWithdraw) && (
          <section aria-labelledby="actions-title" class="actions-section">
            <h2 id="actions-title">{tr(TEXT.actions)}</h2>
            <ul class="button-group">
              {next !== null && (
                <li>
                  <a class="button button-primary" href={next.href}>
                    {tr(next.label)}
                  </a>
                </li>
              )}
              {canWithdraw && (
                <li>
                  <a class="button button-warning" href={`${applicationPath(app)}/withdraw`}>
                    {tr(TEXT.withdraw)}
                  </a>
                </li>
              )}
            </ul>
          </section>
        )}
        {numbers !== null && <NumbersView lang={lang} numbers={numbers} />}
        <h2>{tr(TEXT.fields)}</h2>
        <section
          id={fieldId('subject')}
          aria-labelledby="subject-title"
          class={placed.some((x) => x.target === 'subject') ? 'field-invalid' : undefined}
        >
          <h3 id="subject-title">{tr(TEXT.subjectSection)}</h3>
          <ReasonText lang={lang} placed={placed} target="subject" />
          {rows.subject.length === 0 ? (
            <p>{tr(TEXT.noFields)}</p>
          ) : (
            <RowList lang={lang} rows={rows.subject} placed={placed} />
          )}
        </section>
        {rows.websites.map((websiteRows, i) => (
          <section
            id={fieldId(`websites.${i}`)}
            aria-labelledby={`website-title-${i}`}
            class={placed.some((x) => x.target === `websites.${i}`) ? 'field-invalid' : undefined}
          >
            <h3 id={`website-title-${i}`}>{`${tr(TEXT.website)} ${i + 1}`}</h3>
            <ReasonText lang={lang} placed={placed} target={`websites.${i}`} />
            <RowList lang={lang} rows={websiteRows} placed={placed} />
          </section>
        ))}
        <RejectedDocuments lang={lang} app={app} documents={documents} form={p.formState()} />
        <AppEntriesSection lang={lang} apps={apps.apps} checks={apps.checks} />
        <h2>{tr(TEXT.documents)}</h2>
        <DocumentList lang={lang} documents={documents} />
        <Timeline lang={lang} events={timeline} />
      </>
    ),
  });
}

export const DETAIL_PAGE = definePage({
  method: 'get',
  path: '/applications/:id',
  access: 'application.read-own',
  handle: (p) => detailPage(p),
});
