/** Names the pages show for the model's codes, in both languages, each table complete by type. */
import type { ApplicationStatus } from '../../filing/index.ts';
import type { Role } from '../../filing/index.ts';
import type { PolicyData, Province } from '../../policy/index.ts';
import type { FilingType, Severity } from '../../rules/index.ts';
import type { Lang, Localized } from './i18n.ts';
import { t } from './i18n.ts';

export { CONFIDENCE_LABELS, SUBJECT_TYPE_LABELS } from '../../policy/index.ts';
/** 证件类型 by the certificate's name (居民身份证), for choosing one; filing/certificates names the number. */
export { ID_TYPE_LABELS } from '../../rules/index.ts';

/**
 * 术语 — the glossary's terms (docs/GLOSSARY.md) as headings and field labels, so every page names a
 * thing the same way in both languages. A page's own TEXT table refers to these (`domain: TERMS.domain`)
 * rather than repeating the words.
 */
export const TERMS = {
  domain: { zh: '域名', en: 'Domain' },
  domains: { zh: '域名', en: 'Domains' },
  province: { zh: '备案省份', en: 'Province' },
  subject: { zh: '主办单位', en: 'Subject' },
  subjectSection: { zh: '主办单位信息', en: 'Filing subject' },
  subjectName: { zh: '主办单位名称', en: 'Subject name' },
  subjectType: { zh: '主办单位性质', en: 'Subject type' },
  idType: { zh: '证件类型', en: 'Certificate type' },
  idNumber: { zh: '证件号码', en: 'Certificate number' },
  subjectIdType: { zh: '主办单位证件类型', en: 'Subject certificate type' },
  subjectIdNumber: { zh: '主办单位证件号码', en: 'Subject certificate number' },
  website: { zh: '网站', en: 'Website' },
  websiteName: { zh: '网站名称', en: 'Website name' },
  subjectNumber: { zh: '主体备案号', en: 'Subject number' },
  websiteNumber: { zh: '网站备案号', en: 'Website number' },
  icpNumber: { zh: '备案号', en: 'ICP number' },
  application: { zh: '申请编号', en: 'Application' },
  filingType: { zh: '备案类型', en: 'Filing type' },
  filingTypeCheck: { zh: '备案类型验证', en: 'Filing-type check' },
  documents: { zh: '备案材料', en: 'Documents' },
  smsVerification: { zh: '短信核验', en: 'SMS verification' },
  registrar: { zh: '注册商', en: 'Registrar' },
  holder: { zh: '持有者', en: 'Holder' },
  account: { zh: '账号', en: 'Account' },
  login: { zh: '账号名', en: 'Login name' },
  displayName: { zh: '姓名或称呼', en: 'Display name' },
  phone: { zh: '手机号码', en: 'Phone' },
  policyData: { zh: '政策数据', en: 'Policy data' },
  publicQuery: { zh: '备案查询', en: 'Filing query' },
  bureau: { zh: '管局', en: 'bureau' },
  status: { zh: '状态', en: 'Status' },
  actions: { zh: '操作', en: 'Actions' },
  submitted: { zh: '提交时间', en: 'Submitted' },
  created: { zh: '创建时间', en: 'Created' },
  undetermined: { zh: '未确定', en: 'not determined' },
} as const satisfies Record<string, Localized>;

export const ROLE_LABELS = {
  applicant: { zh: '备案申请人', en: 'applicant' },
  'provider-reviewer': { zh: '接入商审核员', en: 'provider reviewer' },
  'bureau-reviewer': { zh: '管局审核员（沙箱）', en: 'bureau reviewer (sandbox)' },
  'registrar-operator': { zh: '注册商操作员（沙箱）', en: 'registrar operator (sandbox)' },
  admin: { zh: '管理员', en: 'administrator' },
} as const satisfies Record<Role, Localized>;

/** KEEP IN SYNC with FILING_TYPE_LABELS in src/cli/human-report.ts (the web layer cannot import cli). */
export const FILING_TYPE_LABELS = {
  'first-filing': { zh: '首次备案', en: 'first filing (首次备案)' },
  'add-website': { zh: '新增网站', en: 'new website (新增网站)' },
  'add-website-external': {
    zh: '新增网站（主体备案不在本接入商）',
    en: 'new website, subject filed through another provider (新增网站)',
  },
  'add-access': { zh: '接入备案', en: 'access filing (接入备案)' },
  change: { zh: '变更备案', en: 'change filing (变更备案)' },
} as const satisfies Record<FilingType, Localized>;

/**
 * 备案类型 as the pages name an application: the derived filing type, except where it would name a
 * website the application does not have. An application of apps only (APP备案 without a website,
 * 工信部信管〔2023〕105号) is typed by its subject (create-application.ts), so a filed subject's reads
 * 新增APP rather than 新增网站, and one whose apps are all the subject's filed through another provider
 * is an APP接入 (`add-access`, app-entries.ts appsFilingType); a change of a filed app (change-app.ts) is
 * a 变更APP. `websites` may be the count where a read carries no list (subject-activity.ts).
 */
export function applicationTypeLabel(app: {
  filingType: FilingType | null;
  changeOf: string | null;
  changeKind: 'access' | 'subject' | 'app' | null;
  websites: readonly unknown[] | number;
}): Localized | null {
  if (app.changeOf !== null && app.changeKind === 'app') return APP_FILING_TYPE_LABELS.change;
  if (app.filingType === null) return null;
  const websites = typeof app.websites === 'number' ? app.websites : app.websites.length;
  if (app.changeOf === null && websites === 0) {
    if (app.filingType === 'first-filing') return APP_FILING_TYPE_LABELS.first;
    if (app.filingType === 'add-website' || app.filingType === 'add-website-external')
      return APP_FILING_TYPE_LABELS.add;
    if (app.filingType === 'add-access') return APP_FILING_TYPE_LABELS.access;
  }
  return FILING_TYPE_LABELS[app.filingType];
}

const APP_FILING_TYPE_LABELS = {
  first: { zh: '首次备案（仅APP）', en: 'first filing, apps only (首次备案)' },
  add: { zh: '新增APP', en: 'new app (新增APP)' },
  access: { zh: 'APP接入备案', en: 'app access filing (APP接入)' },
  change: { zh: '变更APP', en: 'app change (变更APP)' },
} satisfies Record<string, Localized>;

/**
 * What a derived filing type rests on where it rests on absence: only the filings this deployment knows
 * (filed here or imported) were consulted, so a number MIIT has elsewhere would change the type.
 * KEEP IN SYNC with FILING_TYPE_BASES in src/cli/human-report.ts.
 */
export const FILING_TYPE_BASES = {
  'first-filing': {
    zh: '本系统已知的备案中没有该主体和域名；已有备案号的，请在工信部备案查询（beian.miit.gov.cn）核实',
    en: "neither the subject nor the domain is among the filings known here; if either has an ICP number, check MIIT's public query (beian.miit.gov.cn)",
  },
  'add-website': {
    zh: '本系统已知的备案中没有该域名；它如已有备案号，请在工信部备案查询（beian.miit.gov.cn）核实',
    en: "the domain is not among the filings known here; if it has an ICP number, check MIIT's public query (beian.miit.gov.cn)",
  },
  'add-website-external': {
    zh: '本系统已知的备案中没有该域名；它如已有备案号，请在工信部备案查询（beian.miit.gov.cn）核实',
    en: "the domain is not among the filings known here; if it has an ICP number, check MIIT's public query (beian.miit.gov.cn)",
  },
} as const satisfies Partial<Record<FilingType, Localized>>;

export const SEVERITY_LABELS = {
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  info: { zh: '提示', en: 'info' },
} as const satisfies Record<Severity, Localized>;

/** 备案申请状态 as applicants and reviewers read them (after Huawei Cloud 备案流程's states). */
export const APPLICATION_STATUS_LABELS = {
  draft: { zh: '草稿', en: 'draft' },
  'provider-review': { zh: '接入商初审中', en: 'in provider review' },
  'supplement-requested': { zh: '待补充材料', en: 'documents requested' },
  'provider-rejected': { zh: '初审驳回', en: 'rejected by the provider' },
  'awaiting-sms': { zh: '待短信核验', en: 'awaiting SMS verification' },
  'bureau-review': { zh: '管局审核中', en: 'in bureau review' },
  'bureau-rejected': { zh: '管局驳回', en: 'rejected by the bureau' },
  approved: { zh: '已备案', en: 'approved' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  expired: { zh: '已过期', en: 'expired' },
} as const satisfies Record<ApplicationStatus, Localized>;

export const YES_NO = {
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
} as const;

/** 备案省份 by name: `浙江（浙）`, in English `Zhejiang 浙江 (浙)` (the 简称 is what ICP numbers start with). */
export function provinceLabel(province: Province): Localized {
  const pinyin = province.pinyin.charAt(0).toUpperCase() + province.pinyin.slice(1);
  return {
    zh: `${province.name}（${province.icpPrefix}）`,
    en: `${pinyin} ${province.name} (${province.icpPrefix})`,
  };
}

/** A stored province code by name in the page's language; a value no province has, as stored. */
export function provinceText(
  policy: Pick<PolicyData, 'findProvince'> | undefined,
  code: string,
  lang: Lang,
): string {
  const province = policy?.findProvince(code);
  return province ? t(lang, provinceLabel(province)) : code;
}
