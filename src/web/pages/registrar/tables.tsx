/**
 * The registrar's tables, as the console and "my domains" show them: domains (with the real-name status
 * and the expected MIIT reporting date), one domain's facts, real-name submissions, reports to MIIT and
 * printed certificates.
 */
import type { Child } from 'hono/jsx';
import type {
  CertificateRecord,
  RealNameReport,
  RealNameSubmission,
  RegistrarDomain,
  RegistrarRealNameStatus,
} from '../../../registrar/index.ts';
import { maskIdNumber } from '../../../registrar/index.ts';
import type { Lang, PageRequest } from '../../kit/index.ts';
import { ID_TYPE_LABELS, SUBJECT_TYPE_LABELS, t } from '../../kit/index.ts';
import { shanghaiDateTime, shanghaiDay } from '../../kit/time.ts';
import {
  DOMAIN_STATUS_LABELS,
  REAL_NAME_LABELS,
  REPORT_LABELS,
  SUBMISSION_LABELS,
  TEXT,
  domainPath,
  expectedReportDate,
  reasonText,
} from './shared.tsx';

const ACTION_LABEL = { zh: '操作', en: 'Action' };

const TAG_OF: Record<RegistrarRealNameStatus, string> = {
  none: 'tag-warning',
  pending: 'tag-info',
  verified: 'tag-ok',
  rejected: 'tag-error',
};

export function DomainName(props: { domain: { ascii: string; unicode: string } }) {
  const { ascii, unicode } = props.domain;
  return (
    <>
      <bdi class="domain">{unicode}</bdi>
      {ascii !== unicode && (
        <>
          {' '}
          <span class="ascii">({ascii})</span>
        </>
      )}
    </>
  );
}

function RealNameTag(props: { lang: Lang; status: RegistrarRealNameStatus }) {
  return <span class={`tag ${TAG_OF[props.status]}`}>{t(props.lang, REAL_NAME_LABELS[props.status])}</span>;
}

/** The domain list: the operator's (with the account column) and the holder's. */
export function DomainTable(props: {
  p: PageRequest;
  domains: readonly RegistrarDomain[];
  base: string;
  showAccount: boolean;
}) {
  const { p, domains } = props;
  const tr = p.t;
  if (domains.length === 0) return <p class="notice">{tr(TEXT.none)}</p>;
  return (
    <div class="table-wrap">
      <table class="table domain-table">
        <thead>
          <tr>
            <th scope="col">{tr(TEXT.domain)}</th>
            <th scope="col">{tr(TEXT.holder)}</th>
            {props.showAccount && <th scope="col">{tr(TEXT.account)}</th>}
            <th scope="col">{tr(TEXT.registrar)}</th>
            <th scope="col">{tr(TEXT.expires)}</th>
            <th scope="col">{tr(TEXT.realName)}</th>
            <th scope="col">{tr(TEXT.expectedReport)}</th>
            <th scope="col">{tr(TEXT.reported)}</th>
          </tr>
        </thead>
        <tbody>
          {domains.map((domain) => (
            <tr>
              <th scope="row">
                <a href={domainPath(props.base, domain)}>
                  <DomainName domain={domain.domain} />
                </a>
                {domain.status !== 'active' && (
                  <>
                    {' '}
                    <span class="tag tag-info">{tr(DOMAIN_STATUS_LABELS[domain.status])}</span>
                  </>
                )}
              </th>
              <td data-label={tr(TEXT.holder)}>
                <bdi>{domain.holder.name}</bdi>
              </td>
              {props.showAccount && (
                <td data-label={tr(TEXT.account)}>
                  <bdi class="code">{domain.account ?? ''}</bdi>
                </td>
              )}
              <td data-label={tr(TEXT.registrar)}>
                <bdi>{domain.registrar.name}</bdi>
              </td>
              <td class="nowrap" data-label={tr(TEXT.expires)}>
                {shanghaiDay(domain.expiresAt)}
              </td>
              <td data-label={tr(TEXT.realName)}>
                <RealNameTag lang={p.lang} status={domain.realName.status} />
              </td>
              <td class="nowrap" data-label={tr(TEXT.expectedReport)}>
                {expectedReportDate(p.deps.policy, domain) ?? ''}
              </td>
              <td class="nowrap" data-label={tr(TEXT.reported)}>
                {shanghaiDay(domain.realName.reportedAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The facts of one domain, for its detail page. `maskId`: the holder's own page shows a masked number. */
export function DomainSummary(props: { p: PageRequest; domain: RegistrarDomain; maskId: boolean }) {
  const { p, domain } = props;
  const tr = p.t;
  const holder = domain.holder;
  const expected = expectedReportDate(p.deps.policy, domain);
  return (
    <dl class="summary-list">
      <dt>{tr(TEXT.domain)}</dt>
      <dd>
        <DomainName domain={domain.domain} />
      </dd>
      <dt>{tr(TEXT.status)}</dt>
      <dd>
        {tr(DOMAIN_STATUS_LABELS[domain.status])}
        {domain.transferredTo && (
          <>
            {' '}
            — {tr(TEXT.transferredTo)} <bdi>{domain.transferredTo.name}</bdi> (
            {shanghaiDay(domain.transferredAt)})
          </>
        )}
      </dd>
      <dt>{tr(TEXT.holder)}</dt>
      <dd>
        <bdi>{holder.name}</bdi> · {tr(SUBJECT_TYPE_LABELS[holder.type])} ·{' '}
        {tr(ID_TYPE_LABELS[holder.idType])}{' '}
        <bdi class="code">
          {props.maskId ? maskIdNumber(holder.idType, holder.idNumber) : holder.idNumber}
        </bdi>
      </dd>
      <dt>{tr(TEXT.account)}</dt>
      <dd>
        <bdi class="code">{domain.account ?? ''}</bdi>
      </dd>
      <dt>{tr(TEXT.registrar)}</dt>
      <dd>
        <bdi>{domain.registrar.name}</bdi>
        {domain.registrar.licence !== null && (
          <>
            {' '}
            (<bdi>{domain.registrar.licence}</bdi>)
          </>
        )}
      </dd>
      <dt>{tr(TEXT.registered)}</dt>
      <dd>{shanghaiDay(domain.registeredAt)}</dd>
      <dt>{tr(TEXT.expires)}</dt>
      <dd>{shanghaiDay(domain.expiresAt)}</dd>
      <dt>{tr(TEXT.realName)}</dt>
      <dd>
        <RealNameTag lang={p.lang} status={domain.realName.status} />
        {domain.realName.verifiedAt !== null && <> {shanghaiDay(domain.realName.verifiedAt)}</>}
      </dd>
      <dt>{tr(TEXT.expectedReport)}</dt>
      <dd>
        {expected ?? '—'}
        {expected !== null && <p class="field-hint">{tr(TEXT.expectedHint)}</p>}
      </dd>
      <dt>{tr(TEXT.reported)}</dt>
      <dd>{domain.realName.reportedAt === null ? '—' : shanghaiDay(domain.realName.reportedAt)}</dd>
    </dl>
  );
}

export function SubmissionTable(props: {
  p: PageRequest;
  submissions: readonly RealNameSubmission[];
  maskId: boolean;
}) {
  const { p } = props;
  const tr = p.t;
  return (
    <section aria-labelledby="submissions-title">
      <h2 id="submissions-title">{tr(TEXT.submissions)}</h2>
      {props.submissions.length === 0 ? (
        <p>{tr(TEXT.noRecords)}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{tr(TEXT.submitted)}</th>
                <th scope="col">{tr(TEXT.holder)}</th>
                <th scope="col">{tr(TEXT.submittedBy)}</th>
                <th scope="col">{tr(TEXT.status)}</th>
                <th scope="col">{tr(TEXT.decided)}</th>
                <th scope="col">{tr(TEXT.reason)}</th>
              </tr>
            </thead>
            <tbody>
              {props.submissions.map((submission) => (
                <tr>
                  <td class="nowrap" data-label={tr(TEXT.submitted)}>
                    {shanghaiDateTime(submission.submittedAt)}
                  </td>
                  <td data-label={tr(TEXT.holder)}>
                    <bdi>{submission.holder.name}</bdi>
                    <br />
                    <bdi class="code">
                      {props.maskId
                        ? maskIdNumber(submission.holder.idType, submission.holder.idNumber)
                        : submission.holder.idNumber}
                    </bdi>
                  </td>
                  <td data-label={tr(TEXT.submittedBy)}>
                    <bdi class="code">{submission.submittedBy}</bdi>
                  </td>
                  <td data-label={tr(TEXT.status)}>{tr(SUBMISSION_LABELS[submission.status])}</td>
                  <td data-label={tr(TEXT.decided)}>
                    {submission.decidedAt !== null && (
                      <>
                        {shanghaiDateTime(submission.decidedAt)}{' '}
                        <bdi class="code">{submission.decidedBy ?? ''}</bdi>
                      </>
                    )}
                  </td>
                  <td data-label={tr(TEXT.reason)}>
                    {submission.reason && <bdi>{reasonText(p.lang, submission.reason)}</bdi>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ReportTable(props: {
  p: PageRequest;
  reports: readonly RealNameReport[];
  showDomain?: boolean;
  actions?: (report: RealNameReport) => Child;
}) {
  const { p } = props;
  const tr = p.t;
  if (props.reports.length === 0) return <p>{tr(TEXT.noRecords)}</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            {props.showDomain && <th scope="col">{tr(TEXT.domain)}</th>}
            <th scope="col">{tr(TEXT.status)}</th>
            <th scope="col">{tr(TEXT.due)}</th>
            <th scope="col">{tr(TEXT.attempts)}</th>
            <th scope="col">{tr(TEXT.lastError)}</th>
            <th scope="col">{tr(TEXT.reported)}</th>
            {props.actions && <th scope="col">{tr(ACTION_LABEL)}</th>}
          </tr>
        </thead>
        <tbody>
          {props.reports.map((report) => (
            <tr>
              {props.showDomain && (
                <td data-label={tr(TEXT.domain)}>
                  <a href={`/registrar/domains/${encodeURIComponent(report.domain.ascii)}`}>
                    <DomainName domain={report.domain} />
                  </a>
                </td>
              )}
              <td data-label={tr(TEXT.status)}>{tr(REPORT_LABELS[report.status])}</td>
              <td class="nowrap" data-label={tr(TEXT.due)}>
                {report.dueDate}
              </td>
              <td data-label={tr(TEXT.attempts)}>{report.attempts}</td>
              <td data-label={tr(TEXT.lastError)}>{report.lastError && <bdi>{tr(report.lastError)}</bdi>}</td>
              <td class="nowrap" data-label={tr(TEXT.reported)}>
                {shanghaiDateTime(report.reportedAt)}
              </td>
              {props.actions && (
                <td class="actions" data-label={tr(ACTION_LABEL)}>
                  {props.actions(report)}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CertificateTable(props: { p: PageRequest; certificates: readonly CertificateRecord[] }) {
  const { p } = props;
  const tr = p.t;
  return (
    <section aria-labelledby="certificates-title">
      <h2 id="certificates-title">{tr(TEXT.certificates)}</h2>
      {props.certificates.length === 0 ? (
        <p>{tr(TEXT.noRecords)}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{tr(TEXT.serial)}</th>
                <th scope="col">{tr(TEXT.holder)}</th>
                <th scope="col">{tr(TEXT.issued)}</th>
                <th scope="col">{tr(TEXT.issuedBy)}</th>
              </tr>
            </thead>
            <tbody>
              {props.certificates.map((certificate) => (
                <tr>
                  <th scope="row">
                    <code>{certificate.serial}</code>
                  </th>
                  <td data-label={tr(TEXT.holder)}>
                    <bdi>{certificate.holderName}</bdi>
                  </td>
                  <td class="nowrap" data-label={tr(TEXT.issued)}>
                    {shanghaiDateTime(certificate.issuedAt)}
                  </td>
                  <td data-label={tr(TEXT.issuedBy)}>
                    <bdi class="code">{certificate.issuedBy}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
