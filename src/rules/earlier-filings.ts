/**
 * 原有备案 — filings made before a rule took effect keep what they were approved with.
 *
 * - 工信部信管〔2017〕264号: from 2018-01-01 first filings, new websites, added domains and changes of
 *   websites approved since must use an MIIT-approved suffix and registrar; a domain filed before keeps
 *   its number (西部数码, west.cn/docs/57418: "原有org域名已经备案的，不会影响使用，可以继续使用备案号"),
 *   and access or change filings verify only filings approved from that day (鸟云,
 *   niaoyun.com/docs/16771). Access providers still check the registrant's identity (264号 item 五),
 *   so only the suffix and registrar findings are waived, and only when the approval date is known.
 * - 工信管函〔2019〕633号: one domain per website binds first filings and new websites; a filed website
 *   with several domains keeps them or fewer in a change, and an access filing carries the filed
 *   website as it is. A domain added now counts against the limit (check-website.ts).
 *
 * Both apply only to the filed website of the same subject: any filing on its domain is an access
 * filing (filed elsewhere) or a change (filed here), both of which keep the filing.
 */
import type { DomainFacts, WebsiteFiling } from '../facts/index.ts';
import { instantMs, shanghaiDate } from '../shared/index.ts';
import type { CheckContext } from './context.ts';
import { subjectIdNumber } from './filing-state.ts';
import { foldIdNumber } from './identity.ts';
import { makeFinding } from './render.ts';
import type { Finding, FindingCode, Localized } from './types.ts';

/** The subject's own filed website carrying the domain, if the domain has one. */
function ownFiling(ctx: CheckContext, facts: DomainFacts): WebsiteFiling | null {
  const filing = facts.filing;
  if (filing === null) return null;
  const idNumber = subjectIdNumber(ctx, facts);
  const own = filing.subject.subject.idNumber;
  // Folding is idempotent, so a number equal to the folded one folds to it: no folding needed.
  return idNumber !== null && (own === idNumber || foldIdNumber(own) === idNumber) ? filing : null;
}

/** The website's first approval as an Asia/Shanghai day; null when unknown or unreadable. */
function approvalDay(filing: WebsiteFiling): string | null {
  const approvedAt = filing.website.approvedAt;
  if (approvedAt == null) return null;
  const ms = instantMs(approvedAt);
  return Number.isNaN(ms) ? null : shanghaiDate(ms);
}

const numberOf = (filing: WebsiteFiling): string =>
  filing.website.number ?? filing.subject.subjectNumber ?? '?';

/** A filing of the subject approved, on a Shanghai day, before the 264号 requirement took effect. */
export type EarlierFiling = { filing: WebsiteFiling; approvedOn: string };

/**
 * The subject's filing of the domain when it was approved before the entry requiring approved suffixes
 * and registrars took effect, that entry being in force now; else null (an unknown date included).
 */
export function filedBeforeDomainRules(ctx: CheckContext, facts: DomainFacts): EarlierFiling | null {
  const rule = ctx.resolved.approvedSuffixAndRegistrarRequired;
  if (facts.filing === null || !rule.value) return null;
  const filing = ownFiling(ctx, facts);
  const approvedOn = filing && approvalDay(filing);
  return filing && approvedOn && approvedOn < rule.effectiveFrom ? { filing, approvedOn } : null;
}

const WAIVED: readonly FindingCode[] = ['SUFFIX_NOT_APPROVED', 'REGISTRAR_NOT_APPROVED'];

function waivedText(finding: Finding): Localized {
  const { suffix, registrar } = finding.evidence;
  return finding.code === 'SUFFIX_NOT_APPROVED'
    ? { zh: `后缀 .${String(suffix)} 未获批准`, en: `the suffix .${String(suffix)} is not approved` }
    : {
        zh: `注册商“${String(registrar)}”未获批准`,
        en: `the registrar "${String(registrar)}" is not approved`,
      };
}

/**
 * Replaces SUFFIX_NOT_APPROVED and REGISTRAR_NOT_APPROVED of a domain filed before 264号 by one
 * FILED_BEFORE_DOMAIN_RULES (info) at the first one's place; every other finding stays as it is.
 */
export function waiveDomainRules(
  ctx: CheckContext,
  registrable: string,
  earlier: EarlierFiling,
  findings: Finding[],
): void {
  const first = findings.findIndex((finding) => WAIVED.includes(finding.code));
  if (first < 0) return;
  const waived = findings.filter((finding) => WAIVED.includes(finding.code));
  const texts = waived.map(waivedText);
  const rule = ctx.resolved.approvedSuffixAndRegistrarRequired;
  const suffix = waived.find((finding) => finding.code === 'SUFFIX_NOT_APPROVED')?.evidence.suffix;
  const registrar = waived.find((finding) => finding.code === 'REGISTRAR_NOT_APPROVED')?.evidence;
  const number = numberOf(earlier.filing);
  const info = makeFinding(
    'FILED_BEFORE_DOMAIN_RULES',
    {
      registrable,
      number,
      approvedOn: earlier.approvedOn,
      effectiveFrom: rule.effectiveFrom,
      waived: { zh: texts.map((t) => t.zh).join('、'), en: texts.map((t) => t.en).join(' and ') },
    },
    {
      number,
      approvedAt: earlier.filing.website.approvedAt ?? null,
      approvedOn: earlier.approvedOn,
      effectiveFrom: rule.effectiveFrom,
      policyEntry: rule.entryId,
      waived: waived.map((finding) => finding.code),
      suffix: typeof suffix === 'string' ? suffix : null,
      registrar: typeof registrar?.registrar === 'string' ? registrar.registrar : null,
      registrarIanaId: typeof registrar?.registrarIanaId === 'number' ? registrar.registrarIanaId : null,
    },
  );
  findings.splice(first, 1, info);
  for (let i = findings.length - 1; i > first; i--) {
    if (WAIVED.includes((findings[i] as Finding).code)) findings.splice(i, 1);
  }
}

/**
 * FILED_WEBSITE_DOMAINS_KEPT when the domain is one of more domains than a website may now carry, on the
 * subject's filed website: an access or change filing keeps them (or fewer) whatever the approval date,
 * since the national record itself carries them; the date is shown where known.
 */
export function keptDomainsFinding(
  ctx: CheckContext,
  registrable: string,
  facts: DomainFacts,
): Finding | null {
  const limit = ctx.resolved.maxDomainsPerWebsite;
  if (facts.filing === null || facts.filing.website.domains.length <= limit.value) return null;
  const filing = ownFiling(ctx, facts);
  if (!filing) return null;
  const approvedOn = approvalDay(filing);
  const number = numberOf(filing);
  const count = filing.website.domains.length;
  return makeFinding(
    'FILED_WEBSITE_DOMAINS_KEPT',
    {
      registrable,
      number,
      count,
      limit: limit.value,
      effectiveFrom: limit.effectiveFrom,
      approved: approvedOn
        ? { zh: `审核通过日期 ${approvedOn}`, en: `approved on ${approvedOn}` }
        : { zh: '审核通过日期未知', en: 'approval date unknown' },
    },
    {
      number,
      count,
      domains: filing.website.domains,
      approvedAt: filing.website.approvedAt ?? null,
      approvedOn,
      limit: limit.value,
      effectiveFrom: limit.effectiveFrom,
      policyEntry: limit.entryId,
    },
  );
}
