/**
 * 网站 — a website (互联网信息服务) as applicants enter it, and the filing form (主体 + 网站) that checks
 * the rules depending on the subject's nature. Field rules follow the providers' website forms; the
 * naming rules quote Tencent Cloud's 常见驳回原因及其处理 and QingCloud's 网站名称 policy page.
 */
import { z } from 'zod';
import { parseDomainInput } from '../domain-name/index.ts';
import { SUBJECT_TYPES, type SubjectType } from '../policy/index.ts';
import { INVALID_REASONS } from '../domain-name/index.ts';
import { normalizeServiceCode } from './access.ts';
import {
  addFieldIssue,
  fieldIssue,
  fieldMessage,
  onObjects,
  type Localized,
  type PathIssue,
} from './field-errors.ts';
import {
  makePersonSchema,
  makeSubjectSchema,
  textIssues,
  type SchemaOptions,
  type SubjectSchemaOptions,
} from './subject.ts';

const l = (zh: string, en: string): Localized => ({ zh, en });

/** 前置审批 categories needing another authority's approval first (Tencent Cloud; WeChat applyicpfiling). */
export const PRE_APPROVAL_TYPES = {
  news: l('新闻', 'news'),
  publishing: l('出版', 'publishing'),
  education: l('教育', 'education'),
  healthcare: l('医疗保健', 'healthcare'),
  'drugs-medical-devices': l('药品和医疗器械', 'drugs and medical devices'),
  culture: l('文化', 'culture'),
  broadcasting: l('广播电影电视节目', 'radio, film and television programmes'),
  'bulletin-board': l('电子公告', 'electronic bulletin boards'),
  'ride-hailing': l('网络预约车', 'online ride-hailing'),
  finance: l('金融', 'finance'),
} as const;
type PreApprovalType = keyof typeof PRE_APPROVAL_TYPES;

/**
 * 网站服务内容: Huawei Cloud's 网站备案服务内容目录 (support.huaweicloud.com/topic/762871-2-W), 其他
 * (Tencent Cloud's choice for personal sites), and the industries of Tencent's pre-approval list, each of
 * which needs its pre-approval (`preApproval`). Internet banking, payment and securities trading are
 * finance. Music, games and film are not mapped to an approval: the sources do not say which one.
 */
export const SERVICE_CONTENTS = {
  'instant-messaging': { label: l('即时通信', 'instant messaging') },
  'search-engine': { label: l('搜索引擎', 'search engine') },
  'general-portal': { label: l('综合门户', 'general portal') },
  'web-mail': { label: l('网上邮局', 'web mail') },
  news: { label: l('网络新闻', 'online news'), preApproval: 'news' },
  blog: { label: l('博客/个人空间', 'blog / personal space') },
  advertising: { label: l('网络广告/信息', 'online advertising / information') },
  'organisation-portal': { label: l('单位门户网站', "an organisation's portal") },
  shopping: { label: l('网络购物', 'online shopping') },
  payment: { label: l('网上支付', 'online payment'), preApproval: 'finance' },
  banking: { label: l('网上银行', 'online banking'), preApproval: 'finance' },
  securities: { label: l('网上炒股/股票基金', 'online securities / funds'), preApproval: 'finance' },
  games: { label: l('网络游戏', 'online games') },
  music: { label: l('网络音乐', 'online music') },
  video: { label: l('网络影视', 'online film and video') },
  images: { label: l('网络图片', 'online images') },
  software: { label: l('网络软件/下载', 'software / downloads') },
  jobs: { label: l('网上求职', 'job seeking') },
  dating: { label: l('网上交友/婚介', 'dating / matchmaking') },
  publishing: { label: l('网络出版', 'online publishing'), preApproval: 'publishing' },
  education: { label: l('教育', 'education'), preApproval: 'education' },
  healthcare: { label: l('医疗保健', 'healthcare'), preApproval: 'healthcare' },
  'drugs-medical-devices': {
    label: l('药品和医疗器械', 'drugs and medical devices'),
    preApproval: 'drugs-medical-devices',
  },
  culture: { label: l('文化', 'culture'), preApproval: 'culture' },
  broadcasting: {
    label: l('广播电影电视节目', 'radio, film and television programmes'),
    preApproval: 'broadcasting',
  },
  'bulletin-board': { label: l('电子公告', 'electronic bulletin board'), preApproval: 'bulletin-board' },
  'ride-hailing': { label: l('网络预约车', 'online ride-hailing'), preApproval: 'ride-hailing' },
  other: { label: l('其他', 'other') },
} satisfies Record<string, { label: Localized; preApproval?: PreApprovalType }>;
type ServiceContent = keyof typeof SERVICE_CONTENTS;
const SERVICE_CONTENT_KEYS = Object.keys(SERVICE_CONTENTS) as [ServiceContent, ...ServiceContent[]];

/** Sensitive words no website name may use: "反腐、赌博、廉政、色情等" (Tencent Cloud, QingCloud). */
const SENSITIVE_WORDS = ['反腐', '赌博', '廉政', '色情'];
/** "非国家级单位，不得以中国、中华、中央、人民、人大、国家等字头命名" (Tencent Cloud); QingCloud adds 全国. */
const NATIONAL_PREFIXES = ['中国', '中华', '中央', '全国', '国家', '人民', '人大'];
/** Personal sites may not contain these at all: political words and state-function words (QingCloud). */
const PERSONAL_POLITICAL_WORDS = [
  '中国',
  '中央',
  '国家',
  '中华',
  '人大',
  '人民',
  '反腐',
  '纪检',
  '监察',
  '信访',
  '维权',
  '投诉',
];
/** "禁止使用 XXX 的个人空间、爱好者、博客…作品展示等词汇", plus 在线/交流 from QingCloud's page, and 官网. */
const PERSONAL_FORBIDDEN_WORDS = [
  '个人空间',
  '爱好者',
  '博客',
  '导航',
  '工作室',
  '论坛',
  '平台',
  '热线',
  '社区',
  '社团',
  '网络',
  '网站',
  '网址',
  '主页',
  '资讯',
  '作品展示',
  '在线',
  '交流',
  '官网',
];
/** Enterprise names "涉及论坛、在线、社区、交流等信息，请到相关部门办理前置审批文件" (QingCloud). */
const ENTERPRISE_PRE_APPROVAL_WORDS = ['论坛', '在线', '社区', '交流'];
/** National-level units may use national words with proof (QingCloud): government bodies or institutions. */
const MAY_BE_NATIONAL_LEVEL: readonly SubjectType[] = ['government', 'institution'];

/**
 * 网站名称 rules. Always: 3 or more Chinese characters, not only digits or letters, no special symbols,
 * not the domain, no sensitive words (Tencent Cloud). With the subject's nature known: the national-word,
 * personal-site and enterprise rules above. `hasPreApproval`: whether the website lists one.
 */
export function websiteNameIssues(
  name: string,
  subjectType: SubjectType | null,
  hasPreApproval: boolean,
): PathIssue[] {
  const base = baseNameIssues(name);
  return base.length > 0 || subjectType === null ? base : natureNameIssues(name, subjectType, hasPreApproval);
}

function baseNameIssues(name: string): PathIssue[] {
  const path = ['name'];
  const base = textIssues(name, l('网站名称', 'website name'), path, 1, 100);
  if (base.length > 0) return base;
  const folded = name.normalize('NFKC');
  if (folded.includes('.') && parseDomainInput(folded).ok) {
    return [fieldIssue(path, 'WEBSITE_NAME_IS_DOMAIN')];
  }
  if (/[^\p{Script=Han}A-Za-z0-9]/u.test(folded)) {
    return [fieldIssue(path, 'WEBSITE_NAME_SYMBOLS')];
  }
  if ((folded.match(/\p{Script=Han}/gu) ?? []).length < 3) {
    return [fieldIssue(path, 'WEBSITE_NAME_TOO_FEW_CHINESE')];
  }
  const sensitive = SENSITIVE_WORDS.find((w) => folded.includes(w));
  return sensitive ? [fieldIssue(path, 'WEBSITE_NAME_SENSITIVE', { word: sensitive })] : [];
}

function natureNameIssues(name: string, subjectType: SubjectType, hasPreApproval: boolean): PathIssue[] {
  const path = ['name'];
  const folded = name.normalize('NFKC');
  const issues: PathIssue[] = [];
  const word = (words: readonly string[], test: (w: string) => boolean): string | undefined =>
    words.find(test);
  if (subjectType === 'individual') {
    const political = word(PERSONAL_POLITICAL_WORDS, (w) => folded.includes(w));
    if (political) issues.push(fieldIssue(path, 'WEBSITE_NAME_NATIONAL_WORD', { word: political }));
    const forbidden = word(PERSONAL_FORBIDDEN_WORDS, (w) => folded.includes(w));
    if (forbidden) issues.push(fieldIssue(path, 'WEBSITE_NAME_PERSONAL_WORD', { word: forbidden }));
  } else {
    const national = word(NATIONAL_PREFIXES, (w) => folded.startsWith(w));
    if (national && !MAY_BE_NATIONAL_LEVEL.includes(subjectType)) {
      issues.push(fieldIssue(path, 'WEBSITE_NAME_NATIONAL_PREFIX', { word: national }));
    }
    const needsApproval = word(ENTERPRISE_PRE_APPROVAL_WORDS, (w) => folded.includes(w));
    if (subjectType === 'enterprise' && needsApproval && !hasPreApproval) {
      issues.push(fieldIssue(path, 'WEBSITE_NAME_NEEDS_PRE_APPROVAL', { word: needsApproval }));
    }
  }
  return issues;
}

/** Input fields as they may arrive when zod already found a type error elsewhere in the object. */
type Loose = Partial<Record<string, unknown>>;
const strings = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;

/** Rules that need the subject's nature: name, pre-approvals, content of personal sites (Tencent Cloud). */
function websiteSubjectIssues(w: Loose, subjectType: SubjectType): PathIssue[] {
  const preApprovals = Array.isArray(w.preApprovals) ? w.preApprovals : [];
  const name = typeof w.name === 'string' ? w.name.trim() : null;
  const issues =
    name !== null && baseNameIssues(name).length === 0
      ? natureNameIssues(name, subjectType, preApprovals.length > 0)
      : [];
  if (subjectType !== 'individual') return issues;
  if (preApprovals.length > 0) {
    issues.push(fieldIssue(['preApprovals'], 'PRE_APPROVAL_PERSONAL'));
  }
  (strings(w.serviceContent) ?? []).forEach((c, i) => {
    const content = SERVICE_CONTENTS[c as ServiceContent] as
      { label: Localized; preApproval?: PreApprovalType } | undefined;
    if (content?.preApproval !== undefined || c === 'organisation-portal') {
      issues.push(
        fieldIssue(['serviceContent', i], 'SERVICE_CONTENT_PERSONAL', { content: content?.label ?? c }),
      );
    }
  });
  return issues;
}

/** Domains (registrable, not subdomains), home page URL on one of them, content and its pre-approvals. */
function websiteIssues(w: Loose): PathIssue[] {
  const issues: PathIssue[] = [];
  const registrable = new Map<string, number>();
  (strings(w.domains) ?? []).forEach((input, i) => {
    const parsed = parseDomainInput(input);
    if (!parsed.ok) {
      const reason = INVALID_REASONS[parsed.reason];
      issues.push(fieldIssue(['domains', i], 'DOMAIN_INVALID', { domain: input.slice(0, 100), reason }));
    } else if (parsed.domain.subdomain !== '') {
      const { registrable: apex } = parsed.domain;
      issues.push(fieldIssue(['domains', i], 'DOMAIN_NOT_REGISTRABLE', { domain: apex }));
    } else if (registrable.has(parsed.domain.registrableAscii)) {
      issues.push(fieldIssue(['domains', i], 'DOMAIN_DUPLICATE', { domain: parsed.domain.registrable }));
    } else registrable.set(parsed.domain.registrableAscii, i);
  });
  if (typeof w.homeUrl === 'string' && registrable.size > 0) {
    const url = parseHomeUrl(w.homeUrl.trim());
    const host = url === null ? null : parseDomainInput(url.hostname);
    if (url === null || host === null || !host.ok) {
      issues.push(fieldIssue(['homeUrl'], 'HOME_URL_INVALID'));
    } else if (!registrable.has(host.domain.registrableAscii)) {
      issues.push(fieldIssue(['homeUrl'], 'HOME_URL_OTHER_DOMAIN', { domain: host.domain.unicode }));
    }
  }
  const contents = strings(w.serviceContent) ?? [];
  const types = new Set<unknown>(
    Array.isArray(w.preApprovals) ? w.preApprovals.map((p: { type?: unknown } | null) => p?.type) : [],
  );
  contents.forEach((c, i) => {
    if (contents.indexOf(c) !== i)
      issues.push(fieldIssue(['serviceContent', i], 'SERVICE_CONTENT_DUPLICATE'));
  });
  for (const c of new Set(contents)) {
    const needed = (SERVICE_CONTENTS[c as ServiceContent] as { preApproval?: PreApprovalType } | undefined)
      ?.preApproval;
    if (needed !== undefined && !types.has(needed)) {
      const label = PRE_APPROVAL_TYPES[needed];
      issues.push(fieldIssue(['preApprovals'], 'PRE_APPROVAL_REQUIRED', { category: label }));
    }
  }
  if (
    typeof w.serviceCode === 'string' &&
    w.serviceCode.trim() !== '' &&
    normalizeServiceCode(w.serviceCode) === null
  )
    issues.push(fieldIssue(['serviceCode'], 'SERVICE_CODE_FORMAT'));
  if (typeof w.remarks === 'string' && w.remarks.trim() !== '')
    issues.push(...textIssues(w.remarks.trim(), l('网站备注', 'website remarks'), ['remarks'], 1, 200));
  return issues;
}

/** The stored form of a code; a blank one is no code. */
function serviceCodeOf(text: string | undefined): { serviceCode?: string } {
  if (text === undefined || text === '') return {};
  return { serviceCode: normalizeServiceCode(text) ?? text };
}

/** A home page URL; a bare host gets `http://` (people type `www.example.com`). */
function parseHomeUrl(text: string): URL | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  if (!URL.canParse(withScheme)) return null;
  const url = new URL(withScheme);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === ''
    ? url
    : null;
}

type WebsiteSchemaOptions = SchemaOptions & {
  /** The subject's nature, when known, adds the rules that depend on it (`websiteSubjectIssues`). */
  subjectType?: SubjectType | null;
};

/** 网站 Website. Domains come out as registrable A-labels, the home page URL normalised. */
export function makeWebsiteSchema(options: WebsiteSchemaOptions = {}) {
  return z
    .strictObject({
      name: z.string().trim(),
      domains: z.array(z.string().trim()).min(1).max(20),
      homeUrl: z.string().trim(),
      // WeChat's filing API takes at most 5 service types (applyicpfiling API).
      serviceContent: z.array(z.enum(SERVICE_CONTENT_KEYS)).min(1).max(5),
      preApprovals: z
        .array(
          z.strictObject({
            type: z.enum(Object.keys(PRE_APPROVAL_TYPES) as [PreApprovalType]),
            number: z.string().trim().min(2).max(64),
          }),
        )
        .max(10)
        .default([]),
      responsiblePerson: makePersonSchema(options),
      // WeChat's applyicpfiling API: 20–200 characters; providers accept short notes, so only the maximum.
      remarks: z.string().trim().optional(),
      // 备案服务码: one per website, issued by a server bought here (access.ts; checked at submit).
      serviceCode: z.string().trim().max(64).optional(),
    })
    .superRefine((value, ctx) => {
      const issues = websiteIssues(value);
      if (typeof value.name === 'string') issues.push(...baseNameIssues(value.name.trim()));
      if (options.subjectType) issues.push(...websiteSubjectIssues(value, options.subjectType));
      for (const i of issues) addFieldIssue(ctx, i.path, i.code, i.message);
    }, onObjects)
    .overwrite((w) => ({
      ...w,
      domains: w.domains.map((d) => {
        const parsed = parseDomainInput(d);
        return parsed.ok ? parsed.domain.registrableAscii : d;
      }),
      homeUrl: parseHomeUrl(w.homeUrl)?.href ?? w.homeUrl,
      ...serviceCodeOf(w.serviceCode),
    }));
}
export type Website = z.output<ReturnType<typeof makeWebsiteSchema>>;

/** 备案信息 — subject and websites as one form: adds the nature-dependent website rules and cross-website duplicates. */
export function makeFilingFormSchema(options: SubjectSchemaOptions) {
  return z
    .strictObject({
      subject: makeSubjectSchema(options),
      // None: an application of apps only (APP备案, 工信部信管〔2023〕105号); the submit gate asks for
      // a website or an app (APPLICATION_EMPTY).
      websites: z.array(makeWebsiteSchema({ today: options.today })).max(10),
    })
    .superRefine((value, ctx) => {
      const form = value as Loose;
      const websites = Array.isArray(form.websites) ? (form.websites as unknown[]) : [];
      const subjectType = (form.subject as Loose | undefined)?.type;
      const seen = new Map<string, number>();
      websites.forEach((website, i) => {
        if (typeof website !== 'object' || website === null) return;
        const w = website as Loose;
        if ((SUBJECT_TYPES as readonly unknown[]).includes(subjectType)) {
          for (const x of websiteSubjectIssues(w, subjectType as SubjectType))
            addFieldIssue(ctx, ['websites', i, ...x.path], x.code, x.message);
        }
        (strings(w.domains) ?? []).forEach((d, k) => {
          const parsed = parseDomainInput(d);
          if (!parsed.ok) return;
          const first = seen.get(parsed.domain.registrableAscii);
          if (first !== undefined && first !== i) {
            addFieldIssue(
              ctx,
              ['websites', i, 'domains', k],
              'DOMAIN_IN_OTHER_WEBSITE',
              fieldMessage('DOMAIN_IN_OTHER_WEBSITE', {
                domain: parsed.domain.registrable,
                website: first + 1,
              }),
            );
          } else seen.set(parsed.domain.registrableAscii, i);
        });
      });
    }, onObjects);
}
export type FilingForm = z.output<ReturnType<typeof makeFilingFormSchema>>;
