/**
 * 注册商（沙箱） — what the operator's console and the holder's "my domains" share: the names of the
 * registrar's statuses, the domain table with the real-name status and the expected MIIT reporting
 * date, the holder fields, and 域名证书打印 (a POST answered with the PDF as a download; with
 * JavaScript /static/app.js shows progress and downloads through a blob URL, see `data-certificate`).
 * Every registrar call goes through `runRegistrar` (src/http), so a refusal has the API's status.
 */
import type { Child } from 'hono/jsx';
import { runRegistrar } from '../../http/registrar-support.ts';
import type { PolicyData } from '../../policy/index.ts';
import { ID_TYPES, SUBJECT_TYPES } from '../../policy/types.ts';
import type {
  CertificateRecord,
  IssuedCertificate,
  RealNameReport,
  RealNameSubmission,
  RegistrarDomain,
  RegistrarDomainStatus,
  RegistrarRealNameStatus,
  ReportStatus,
  SubmissionStatus,
} from '../../registrar/index.ts';
import { maskIdNumber, reportingDue } from '../../registrar/index.ts';
import type { Failure, FieldError, FormState, Lang, Localized, PageRequest, WebPage } from '../kit/index.ts';
import {
  Button,
  Form,
  ID_TYPE_LABELS,
  SUBJECT_TYPE_LABELS,
  SelectField,
  TextField,
  definePage,
  failureOf,
  t,
} from '../kit/index.ts';
import { shanghaiDateTime, shanghaiDay } from '../kit/time.ts';

export { runRegistrar };

export const DOMAIN_STATUS_LABELS = {
  active: { zh: '正常', en: 'active' },
  'transferred-out': { zh: '已转出', en: 'transferred out' },
} as const satisfies Record<RegistrarDomainStatus, Localized>;

export const REAL_NAME_LABELS = {
  none: { zh: '未实名认证', en: 'not verified' },
  pending: { zh: '实名审核中', en: 'under review' },
  verified: { zh: '已实名认证', en: 'verified' },
  rejected: { zh: '实名认证未通过', en: 'rejected' },
} as const satisfies Record<RegistrarRealNameStatus, Localized>;

export const SUBMISSION_LABELS = {
  pending: { zh: '待审核', en: 'pending' },
  approved: { zh: '已通过', en: 'approved' },
  rejected: { zh: '已驳回', en: 'rejected' },
  superseded: { zh: '已被取代', en: 'superseded' },
} as const satisfies Record<SubmissionStatus, Localized>;

export const REPORT_LABELS = {
  scheduled: { zh: '待上报', en: 'scheduled' },
  reported: { zh: '已上报', en: 'reported' },
  failed: { zh: '上报失败', en: 'failed' },
  cancelled: { zh: '已取消', en: 'cancelled' },
} as const satisfies Record<ReportStatus, Localized>;

const TAG_OF: Record<RegistrarRealNameStatus, string> = {
  none: 'tag-warning',
  pending: 'tag-info',
  verified: 'tag-ok',
  rejected: 'tag-error',
};

export const TEXT = {
  domain: { zh: '域名', en: 'Domain' },
  holder: { zh: '持有者', en: 'Holder' },
  account: { zh: '账号', en: 'Account' },
  registrar: { zh: '注册商', en: 'Registrar' },
  registered: { zh: '注册日期', en: 'Registered' },
  expires: { zh: '到期日期', en: 'Expires' },
  status: { zh: '状态', en: 'Status' },
  realName: { zh: '实名认证', en: 'Real name' },
  expectedReport: { zh: '预计上报工信部', en: 'Expected MIIT report' },
  reported: { zh: '已上报工信部', en: 'Reported to MIIT' },
  expectedHint: {
    zh: '实名认证通过后，注册商在规定的工作日后把实名信息报送工信部域名库；此前备案核验会提示“实名信息尚未上报”。',
    en: 'After verification the registrar reports the real-name data to the MIIT domain database after the set working days; until then filing checks say it is not reported yet.',
  },
  none: { zh: '没有域名。', en: 'No domains.' },
  holderName: { zh: '持有者名称', en: 'Holder name' },
  holderNameHint: { zh: '与证件上的名称一致', en: 'As on the certificate' },
  holderType: { zh: '持有者性质', en: 'Holder type' },
  idType: { zh: '证件类型', en: 'Certificate type' },
  idNumber: { zh: '证件号码', en: 'Certificate number' },
  certificate: { zh: '域名证书打印', en: 'Print the domain certificate' },
  certificateHint: {
    zh: '生成 PDF 格式的域名证书并下载。证书上印有核验码，任何人可在“证书查验”页面核对。生成需要几秒钟。',
    en: 'Generates the domain certificate as a PDF and downloads it. It carries a verification code anyone can check on the certificate verification page. This takes a few seconds.',
  },
  generating: { zh: '正在生成证书…', en: 'Generating the certificate…' },
  generated: {
    zh: '证书已生成并开始下载。核验码（只显示这一次，也印在证书上）：',
    en: 'The certificate was generated and is downloading. Verification code (shown only now; it is also printed on it): ',
  },
  generateFailed: { zh: '证书未能生成：', en: 'The certificate was not generated: ' },
  notVerified: {
    zh: '实名认证通过后才能打印域名证书。',
    en: 'The certificate can be printed once the real name is verified.',
  },
  submissions: { zh: '实名认证记录', en: 'Real-name submissions' },
  submitted: { zh: '提交时间', en: 'Submitted' },
  submittedBy: { zh: '提交人', en: 'Submitted by' },
  decided: { zh: '处理', en: 'Decided' },
  reason: { zh: '驳回原因', en: 'Reason' },
  reports: { zh: '上报工信部记录', en: 'Reports to MIIT' },
  due: { zh: '应上报日期', en: 'Due' },
  attempts: { zh: '尝试次数', en: 'Attempts' },
  lastError: { zh: '最近错误', en: 'Last error' },
  certificates: { zh: '已打印的证书', en: 'Printed certificates' },
  serial: { zh: '证书编号', en: 'Serial' },
  issued: { zh: '打印时间', en: 'Printed' },
  issuedBy: { zh: '打印人', en: 'Printed by' },
  noRecords: { zh: '没有记录。', en: 'None.' },
  transferredTo: { zh: '转入注册商', en: 'Transferred to' },
} satisfies Record<string, Localized>;

export const fill = (text: Localized, values: Record<string, string | number>): Localized => {
  const apply = (s: string) => s.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
  return { zh: apply(text.zh), en: apply(text.en) };
};

/** The registrar's actor for a signed-in page (the page's access already required an account). */
export function registrarActorOf(p: PageRequest): {
  account: string;
  role: NonNullable<PageRequest['account']>['role'];
} {
  const account = p.account;
  if (account === null) throw new Error('registrar pages need a signed-in account');
  return { account: account.login, role: account.role };
}

/** `/registrar/domains/<A-label>`: URLs carry the A-label, which needs no escaping beyond this. */
export const domainPath = (base: string, domain: RegistrarDomain | { domain: { ascii: string } }) =>
  `${base}/${encodeURIComponent(domain.domain.ascii)}`;

/** The day the verified real name is expected to reach the MIIT domain database, while it has not. */
export function expectedReportDate(policy: PolicyData, domain: RegistrarDomain): string | null {
  const { status, verifiedAt, reportedAt } = domain.realName;
  if (status !== 'verified' || reportedAt !== null || verifiedAt === null) return null;
  const at = new Date(verifiedAt);
  if (Number.isNaN(at.getTime())) return null;
  try {
    return reportingDue(policy, at).dueDate;
  } catch {
    // Outside the policy data's coverage there is no date to promise; the table shows none.
    return null;
  }
}

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

export function RealNameTag(props: { lang: Lang; status: RegistrarRealNameStatus }) {
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
              <td>
                <a href={domainPath(props.base, domain)}>
                  <DomainName domain={domain.domain} />
                </a>
                {domain.status !== 'active' && (
                  <>
                    {' '}
                    <span class="tag tag-info">{tr(DOMAIN_STATUS_LABELS[domain.status])}</span>
                  </>
                )}
              </td>
              <td>
                <bdi>{domain.holder.name}</bdi>
              </td>
              {props.showAccount && (
                <td>
                  <bdi class="code">{domain.account ?? ''}</bdi>
                </td>
              )}
              <td>
                <bdi>{domain.registrar.name}</bdi>
              </td>
              <td class="nowrap">{shanghaiDay(domain.expiresAt)}</td>
              <td>
                <RealNameTag lang={p.lang} status={domain.realName.status} />
              </td>
              <td class="nowrap">{expectedReportDate(p.deps.policy, domain) ?? ''}</td>
              <td class="nowrap">{shanghaiDay(domain.realName.reportedAt)}</td>
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
                  <td class="nowrap">{shanghaiDateTime(submission.submittedAt)}</td>
                  <td>
                    <bdi>{submission.holder.name}</bdi>
                    <br />
                    <bdi class="code">
                      {props.maskId
                        ? maskIdNumber(submission.holder.idType, submission.holder.idNumber)
                        : submission.holder.idNumber}
                    </bdi>
                  </td>
                  <td>
                    <bdi class="code">{submission.submittedBy}</bdi>
                  </td>
                  <td>{tr(SUBMISSION_LABELS[submission.status])}</td>
                  <td>
                    {submission.decidedAt !== null && (
                      <>
                        {shanghaiDateTime(submission.decidedAt)}{' '}
                        <bdi class="code">{submission.decidedBy ?? ''}</bdi>
                      </>
                    )}
                  </td>
                  <td>{submission.reason && <bdi>{reasonText(p.lang, submission.reason)}</bdi>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A reason written in Chinese only is shown in Chinese on the English page too. */
export const reasonText = (lang: Lang, reason: { zh: string; en?: string }) =>
  lang === 'en' && reason.en !== undefined ? reason.en : reason.zh;

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
            {props.actions && <th scope="col">{p.t({ zh: '操作', en: 'Action' })}</th>}
          </tr>
        </thead>
        <tbody>
          {props.reports.map((report) => (
            <tr>
              {props.showDomain && (
                <td>
                  <a href={`/registrar/domains/${encodeURIComponent(report.domain.ascii)}`}>
                    <DomainName domain={report.domain} />
                  </a>
                </td>
              )}
              <td>{tr(REPORT_LABELS[report.status])}</td>
              <td class="nowrap">{report.dueDate}</td>
              <td>{report.attempts}</td>
              <td>{report.lastError && <bdi>{tr(report.lastError)}</bdi>}</td>
              <td class="nowrap">{shanghaiDateTime(report.reportedAt)}</td>
              {props.actions && <td class="actions">{props.actions(report)}</td>}
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
                  <td>
                    <code>{certificate.serial}</code>
                  </td>
                  <td>
                    <bdi>{certificate.holderName}</bdi>
                  </td>
                  <td class="nowrap">{shanghaiDateTime(certificate.issuedAt)}</td>
                  <td>
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

// ---------------------------------------------------------------------------------------------------
// Holder fields

/** 持有者 fields named as the registrar's input (`holder.name`…), so its field errors land on them. */
export function HolderFields(props: { form: FormState }) {
  const { form } = props;
  return (
    <>
      <TextField
        form={form}
        name="holder.name"
        label={TEXT.holderName}
        hint={TEXT.holderNameHint}
        maxlength={200}
        autocomplete="off"
      />
      <SelectField
        form={form}
        name="holder.type"
        label={TEXT.holderType}
        options={SUBJECT_TYPES.map((type) => ({ value: type, label: SUBJECT_TYPE_LABELS[type] }))}
      />
      <SelectField
        form={form}
        name="holder.idType"
        label={TEXT.idType}
        options={ID_TYPES.map((type) => ({ value: type, label: ID_TYPE_LABELS[type] }))}
      />
      <TextField
        form={form}
        name="holder.idNumber"
        label={TEXT.idNumber}
        code
        width="medium"
        maxlength={64}
        autocomplete="off"
      />
    </>
  );
}

/** The holder part of a form body, as the registrar's schemas take it (they check it themselves). */
export function holderOfForm(form: Readonly<Record<string, string>>) {
  return {
    name: form['holder.name'] ?? '',
    type: form['holder.type'] ?? '',
    idType: form['holder.idType'] ?? '',
    idNumber: form['holder.idNumber'] ?? '',
  } as {
    name: string;
    type: (typeof SUBJECT_TYPES)[number];
    idType: (typeof ID_TYPES)[number];
    idNumber: string;
  };
}

/** The form values of a holder (the number left for the person to type, when `withNumber` is false). */
export function holderValues(domain: RegistrarDomain, withNumber: boolean): Record<string, string> {
  return {
    'holder.name': domain.holder.name,
    'holder.type': domain.holder.type,
    'holder.idType': domain.holder.idType,
    'holder.idNumber': withNumber ? domain.holder.idNumber : '',
  };
}

/**
 * A registrar refusal as form errors: field errors as they are (their paths are the form's names), a
 * refusal without fields as one message at the top. Anything that is no refusal propagates (a bug).
 */
export function refusalOf(error: unknown): { failure: Failure; errors: FieldError[] } {
  const failure = failureOf(error);
  if (failure === null) throw error;
  const errors =
    failure.fields.length > 0 ? failure.fields : [{ path: '', code: 'REFUSED', message: failure.message }];
  return { failure, errors };
}

/**
 * The status a page answers a refusal with: the API's, except that invalid input re-renders its form
 * with 422 (the kit's convention for a form with errors) rather than the API's 400.
 */
export function refusalStatus(failure: Failure): 403 | 404 | 409 | 422 | 503 {
  const allowed = [403, 404, 409, 422, 503] as const;
  return (allowed as readonly number[]).includes(failure.status)
    ? (failure.status as (typeof allowed)[number])
    : 422;
}

// ---------------------------------------------------------------------------------------------------
// 域名证书打印

/**
 * The print form. Without JavaScript the POST answers with the PDF as an attachment; /static/app.js
 * (`data-certificate`) fetches it instead, announcing progress in the role="status" region and showing
 * a <progress>, then downloads it through a blob URL and shows the verification code.
 */
export function CertificateForm(props: { p: PageRequest; action: string; failure?: Failure | null }) {
  const { p } = props;
  const form = p.formState({ values: {}, errors: [] });
  return (
    <section class="certificate" aria-labelledby="certificate-title">
      <h2 id="certificate-title">{p.t(TEXT.certificate)}</h2>
      <p class="field-hint">{p.t(TEXT.certificateHint)}</p>
      {props.failure && <CertificateRefusal lang={p.lang} failure={props.failure} />}
      <Form
        form={form}
        action={props.action}
        class="form certificate-form"
        data={{
          certificate: '',
          generating: p.t(TEXT.generating),
          generated: p.t(TEXT.generated),
          failed: p.t(TEXT.generateFailed),
        }}
      >
        <Button>{p.t(TEXT.certificate)}</Button>
        <div class="certificate-progress">
          <p class="certificate-status" role="status" aria-live="polite" data-certificate-status></p>
          <progress class="certificate-bar" data-certificate-bar hidden>
            {p.t(TEXT.generating)}
          </progress>
        </div>
      </Form>
    </section>
  );
}

/** Why no certificate was printed: the message, and each character the font lacks (its field). */
export function CertificateRefusal(props: { lang: Lang; failure: Failure }) {
  const { lang, failure } = props;
  return (
    <div class="error-summary" role="alert" tabindex={-1} data-certificate-error data-error-summary>
      <p>
        {t(lang, TEXT.generateFailed)}
        {t(lang, failure.message)}
      </p>
      {failure.fields.length > 0 && (
        <ul>
          {failure.fields.map((field) => (
            <li>
              <code>{field.path}</code>
              {lang === 'zh' ? '：' : ': '}
              {t(lang, field.message)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The PDF as a download (ASCII file name of A-label and serial, as the API names it). */
export function certificateDownload(p: PageRequest, certificate: IssuedCertificate): Response {
  const name = `domain-certificate-${certificate.domain.ascii}-${certificate.serial}.pdf`.replace(
    /[^A-Za-z0-9._-]/g,
    '_',
  );
  return p.c.body(new Uint8Array(certificate.pdf), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Content-Length': String(certificate.pdf.byteLength),
    'X-Certificate-Serial': certificate.serial,
    'X-Verification-Code': certificate.verificationCode,
  });
}

/**
 * 域名证书打印 as a page: `POST <base>/:domain/certificate` answers the PDF, or a refusal shown on the
 * domain's detail page. The operator console and "my domains" differ only in path, access and page.
 */
export function certificatePrintPage(options: {
  base: string;
  access: 'registrar.manage' | 'registrar.own-domains';
  refused: (p: PageRequest, failure: Failure, status: ReturnType<typeof refusalStatus>) => Promise<Response>;
}): WebPage {
  return definePage({
    method: 'post',
    path: `${options.base}/:domain/certificate`,
    access: options.access,
    async handle(p) {
      try {
        const certificate = await runRegistrar(() =>
          p.deps.registrar.issueCertificate({
            actor: registrarActorOf(p),
            now: p.deps.now(),
            domain: p.params.domain ?? '',
          }),
        );
        return certificateDownload(p, certificate);
      } catch (error) {
        const { failure } = refusalOf(error);
        if (failure.status === 404 || failure.status === 400) throw error;
        return options.refused(p, failure, refusalStatus(failure));
      }
    },
  });
}
