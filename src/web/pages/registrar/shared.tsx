/**
 * 注册商（沙箱） — what the operator's console and the holder's "my domains" share: the names of the
 * registrar's statuses and the words of its tables, the registrar's actor for a page, domain paths, and
 * refusals as form errors. A RegistrarError is a CodedError, so the kit's `failureOf` gives it the API's
 * status. The tables are in tables.tsx, the holder fields in fields.tsx, 域名证书打印 in
 * certificate.tsx.
 */
import type { PolicyData } from '../../../policy/index.ts';
import type {
  RegistrarDomain,
  RegistrarDomainStatus,
  RegistrarRealNameStatus,
  ReportStatus,
  SubmissionStatus,
} from '../../../registrar/index.ts';
import { reportingDue } from '../../../registrar/index.ts';
import type { Failure, FieldError, Lang, Localized, PageRequest } from '../../kit/index.ts';
import { TERMS, failureOf } from '../../kit/index.ts';

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

export const TEXT = {
  domain: TERMS.domain,
  holder: TERMS.holder,
  account: TERMS.account,
  registrar: TERMS.registrar,
  registered: { zh: '注册日期', en: 'Registered' },
  expires: { zh: '到期日期', en: 'Expires' },
  status: TERMS.status,
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
  idType: TERMS.idType,
  idNumber: TERMS.idNumber,
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
  submitted: TERMS.submitted,
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

/** A reason written in Chinese only is shown in Chinese on the English page too. */
export const reasonText = (lang: Lang, reason: { zh: string; en?: string }) =>
  lang === 'en' && reason.en !== undefined ? reason.en : reason.zh;

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
