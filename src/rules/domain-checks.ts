/**
 * The domain verification (域名核验) checks: MIIT's five checks since 2018-01-01 (approved suffix, approved
 * registrar, within validity, real-name verified, holder = subject; 工信部信管〔2017〕264号) plus the
 * policy checks on top (remaining validity, reporting delay, reserved suffixes).
 */
import type { NormalizedDomain } from '../domain-name/index.ts';
import type { DomainRegistration } from '../facts/index.ts';
import { CalendarCoverageError, foldName } from '../policy/index.ts';
import type { Source } from '../policy/index.ts';
import { compareInstant, instantMs, shanghaiDate, toShanghaiIso } from '../shared/index.ts';
import type { CheckContext } from './context.ts';
import { provinceLabel } from './context.ts';
import {
  FIELD_LABELS,
  ID_TYPE_LABELS,
  SUBJECT_TYPE_LABELS,
  hasSubject,
  identityDifferences,
  joinLocalized,
} from './identity.ts';
import { renewalGraceFinding, statusFindings } from './public-data-checks.ts';
import { makeFinding } from './render.ts';
import type { Finding, Localized } from './types.ts';

const KIND_LABELS: Record<string, Localized> = {
  cctld: { zh: '国家或地区顶级域名', en: 'a country-code TLD' },
  gtld: { zh: '通用顶级域名', en: 'a generic TLD' },
  idn: { zh: '非英文顶级域名', en: 'an internationalised TLD' },
};

const STATUS_NOTES: Record<string, Localized> = {
  disputed: {
    zh: '（各来源说法不一，beian 默认不予备案，运营方可通过覆盖文件调整）',
    en: ' (sources disagree; beian refuses it by default and an operator may override that)',
  },
  unverified: {
    zh: '（未能核实它在工信部名单上，beian 默认不予备案）',
    en: ' (its place on the MIIT list could not be verified; beian refuses it by default)',
  },
};

/**
 * Texts every finding of a kind shares, made once (frozen: findings share them). Checks run once a
 * domain; a literal here would be a new object per finding.
 */
const NO_TEXT: Localized = Object.freeze({ zh: '', en: '' });
const PENDING: Localized = Object.freeze({
  zh: '（已提交，注册商尚未审核通过）',
  en: ' (submitted, not yet approved by the registrar)',
});
const INTERNATIONAL_SITE: Localized = Object.freeze({
  zh: '是国际站（境外注册商），未获工信部批准',
  en: 'is an international site (a registrar outside mainland China), not approved by MIIT',
});
const NOT_APPROVED: Localized = Object.freeze({ zh: '未获工信部批准', en: 'is not approved by MIIT' });
const MATCHES_NO_ENTRY: Localized = Object.freeze({
  zh: '与 beian 注册商数据中的任何条目都对不上，无法判断它是否获工信部批准',
  en: "matches no entry of beian's registrar data, so whether MIIT approved it is unknown",
});
const IN_DATA_UNKNOWN: Localized = Object.freeze({
  zh: '在 beian 的注册商数据中，但数据中的证据不足以判断它是否获工信部批准',
  en: "is in beian's registrar data, whose evidence cannot show whether MIIT approved it",
});

/** A data source as one line of evidence: `title, date <url>` (evidence values are flat JSON). */
function sourceLine(source: Source): string {
  return `${source.title}${source.date ? `, ${source.date}` : ''}${source.url ? ` <${source.url}>` : ''}`;
}

/**
 * The evidence lines of a suffix entry's sources, formatted once per entry and shared (frozen, so no
 * reader can change what another finding reports): ~3.5% of real domains have an unapproved suffix,
 * and each finding formatted every source line again.
 */
const SOURCE_LINES = new WeakMap<readonly Source[], readonly string[]>();
function sourceLines(sources: readonly Source[]): readonly string[] {
  let lines = SOURCE_LINES.get(sources);
  if (lines === undefined) {
    lines = Object.freeze(sources.map(sourceLine));
    SOURCE_LINES.set(sources, lines);
  }
  return lines;
}

/** An approval is dated (data/README.md): before `approvedFrom` the suffix was not yet on the list. */
function notYetNote(approvedFrom: string): Localized {
  return {
    zh: `（工信部自 ${approvedFrom} 起才批准该后缀，晚于评估日期）`,
    en: ` (MIIT approved it only from ${approvedFrom}, after the evaluation date)`,
  };
}

/** SUFFIX_NOT_APPROVED, SUFFIX_RESTRICTED, GOVERNMENT_SUFFIX_REQUIRED, appended to `findings`. */
export function suffixFindings(
  ctx: CheckContext,
  domain: NormalizedDomain,
  findings: Finding[] = [],
): Finding[] {
  const { entry, kind, approved } = ctx.derived.classifySuffix(domain.suffixAscii);
  // Before 工信部信管〔2017〕264号 took effect (2018-01-01) no suffix had to be on MIIT's list.
  if (!approved && ctx.resolved.approvedSuffixAndRegistrarRequired.value) {
    // The evidence carries the entry's standing and its sources, so a disputed or weakly sourced refusal
    // shows both sides (data/README.md, "Standard of evidence" and "Suffixes").
    const notYet = entry?.approved === true && entry.approvedFrom !== undefined ? entry.approvedFrom : null;
    const status = notYet !== null ? 'not-yet-approved' : (entry?.status ?? 'unlisted');
    findings.push(
      makeFinding(
        'SUFFIX_NOT_APPROVED',
        {
          suffix: domain.suffix,
          kind: KIND_LABELS[kind] ?? kind,
          status: notYet !== null ? notYetNote(notYet) : (STATUS_NOTES[status] ?? ''),
        },
        {
          suffix: domain.suffix,
          kind,
          status,
          confidence: entry?.confidence ?? null,
          approvedFrom: entry?.approvedFrom ?? null,
          note: entry?.note ?? null,
          sources: entry ? sourceLines(entry.sources) : [],
        },
      ),
    );
  }
  const subjectType = ctx.subject?.type;
  // Both checks below are about the subject's type: without one, no restriction needs looking up.
  const restriction = subjectType === undefined ? null : ctx.derived.restrictionFor(domain.suffixAscii);
  if (restriction && subjectType && !restriction.allowedSubjectTypes.includes(subjectType)) {
    findings.push(
      makeFinding(
        'SUFFIX_RESTRICTED',
        {
          suffix: restriction.suffix,
          allowed: joinLocalized(restriction.allowedSubjectTypes.map((type) => SUBJECT_TYPE_LABELS[type])),
          subjectType: SUBJECT_TYPE_LABELS[subjectType],
        },
        { suffix: restriction.suffix, allowed: restriction.allowedSubjectTypes, subjectType },
      ),
    );
  }
  if (subjectType === 'government' && !restriction?.allowedSubjectTypes.includes('government')) {
    findings.push(
      makeFinding(
        'GOVERNMENT_SUFFIX_REQUIRED',
        { registrable: domain.registrable },
        { registrable: domain.registrable, suffix: domain.suffix },
      ),
    );
  }
  return findings;
}

/** The checks that need the domain's registration (registrar, validity, real name, holder), appended to `findings`. */
export function registrationFindings(
  ctx: CheckContext,
  domain: NormalizedDomain,
  registration: DomainRegistration,
  findings: Finding[] = [],
): Finding[] {
  const registrable = domain.registrable;

  const registrarFinding = registrarApprovalFinding(ctx, domain, registration);
  if (registrarFinding) findings.push(registrarFinding);

  const inGrace = renewalGraceFinding(ctx, registrable, registration);
  if (inGrace) findings.push(inGrace);
  else if (compareInstant(registration.expiresAt, ctx.derived.at) <= 0) {
    findings.push(
      makeFinding(
        'DOMAIN_EXPIRED',
        { registrable, expiresAt: shanghaiDate(instantMs(registration.expiresAt)) },
        { expiresAt: registration.expiresAt },
      ),
    );
  } else {
    const months = ctx.resolved.minRemainingValidityMonths.value;
    if (compareInstant(registration.expiresAt, ctx.derived.minValidUntil) < 0) {
      findings.push(
        makeFinding(
          'DOMAIN_EXPIRING_SOON',
          {
            registrable,
            expiresAt: shanghaiDate(instantMs(registration.expiresAt)),
            months,
            province: provinceLabel(ctx.province),
          },
          {
            expiresAt: registration.expiresAt,
            minRemainingValidityMonths: months,
            policyEntry: ctx.resolved.minRemainingValidityMonths.entryId,
          },
          ctx.resolved.expiringSoonIsError.value ? 'error' : 'warning',
        ),
      );
    }
  }

  statusFindings(registrable, registration, findings);

  // Public data (RDAP, WHOIS) carries no real-name data: check-domain adds REAL_NAME_UNKNOWN instead.
  if (registration.realNameUnknown) return findings;
  const realName = registration.realName;
  // Evaluated as of `at`: a verification that happened later did not exist yet.
  const verifiedLater =
    realName.verifiedAt !== null && compareInstant(realName.verifiedAt, ctx.derived.at) > 0;
  if (realName.status !== 'verified' || verifiedLater) {
    const pending = realName.status === 'pending' ? PENDING : NO_TEXT;
    const status = verifiedLater ? 'none' : realName.status;
    findings.push(
      makeFinding('REAL_NAME_MISSING', { registrable, pending }, { status, verifiedAt: realName.verifiedAt }),
    );
  } else if (realName.reportedAt === null || compareInstant(realName.reportedAt, ctx.derived.at) > 0) {
    findings.push(notReportedFinding(ctx, registrable, realName.verifiedAt));
  }

  const holder = realName.holder;
  if (holder && hasSubject(ctx.subject)) {
    const fields = identityDifferences(ctx.subject, holder, ctx.derived);
    if (fields.length > 0) {
      const evidence: Record<string, string | readonly string[]> = { fields };
      for (const field of fields) {
        evidence[`holder.${field}`] = field === 'idNumber' ? '(differs)' : holder[field];
      }
      const details = fields.map((field) =>
        field === 'idType'
          ? {
              zh: `证件类型（持有者为${ID_TYPE_LABELS[holder.idType].zh}）`,
              en: `certificate type (the holder's is ${ID_TYPE_LABELS[holder.idType].en})`,
            }
          : field === 'name'
            ? { zh: `名称（持有者为“${holder.name}”）`, en: `name (the holder is "${holder.name}")` }
            : FIELD_LABELS[field],
      );
      findings.push(
        makeFinding('HOLDER_MISMATCH', { registrable, fields: joinLocalized(details) }, evidence),
      );
    }
  }
  return findings;
}

/**
 * REGISTRAR_NOT_APPROVED only for a registrar the data knows not to be approved (foreign, an
 * international site); REGISTRAR_UNKNOWN for a name no entry matches and for an entry whose approval is
 * unknown — absence from beian's data says nothing about MIIT's list (工信部信管〔2017〕264号).
 */
function registrarApprovalFinding(
  ctx: CheckContext,
  domain: NormalizedDomain,
  registration: DomainRegistration,
): Finding | null {
  // Before 264号 took effect (2018-01-01) the registrar did not have to be MIIT-approved.
  if (!ctx.resolved.approvedSuffixAndRegistrarRequired.value) return null;
  const { registrar: name, registrarIanaId } = registration;
  const entry = ctx.derived.findRegistrar(name, registrarIanaId);
  if (entry?.status === 'approved') return null;
  const registrable = domain.registrable;
  // Evidence built as literals, not spread from a shared base: a spread is a slow runtime copy.
  if (entry?.status === 'not-approved') {
    const registrarStatus = entry.international ? INTERNATIONAL_SITE : NOT_APPROVED;
    return makeFinding(
      'REGISTRAR_NOT_APPROVED',
      { registrable, registrar: name, registrarStatus },
      {
        registrar: name,
        registrarIanaId,
        known: true,
        entry: entry.id,
        international: entry.international ?? false,
      },
    );
  }
  const iana: Localized =
    registrarIanaId === null
      ? NO_TEXT
      : { zh: `（IANA 编号 ${registrarIanaId}）`, en: ` (IANA ID ${registrarIanaId})` };
  const matched: Localized = !entry
    ? MATCHES_NO_ENTRY
    : foldName(entry.legalName) === foldName(name)
      ? IN_DATA_UNKNOWN
      : {
          zh: `在 beian 的注册商数据中是“${entry.legalName}”，但数据中的证据不足以判断它是否获工信部批准`,
          en: `is "${entry.legalName}" in beian's registrar data, whose evidence cannot show whether MIIT approved it`,
        };
  return makeFinding(
    'REGISTRAR_UNKNOWN',
    { registrable, registrar: name, iana, matched, suffix: domain.suffix },
    {
      registrar: name,
      registrarIanaId,
      known: entry !== null,
      entry: entry?.id ?? null,
      confidence: entry?.confidence ?? null,
    },
  );
}

/** The reporting window of data verified on a day, and its text: the same for every domain verified that day. */
type ReportingWindow = {
  readonly expectedBy: string | null;
  readonly expectedLatestBy: string | null;
  readonly expected: Localized;
  readonly calendarError: string | null;
};

const UNKNOWN_VERIFICATION: ReportingWindow = Object.freeze({
  expectedBy: null,
  expectedLatestBy: null,
  expected: Object.freeze({
    zh: '认证时间未知，无法推算入库日期',
    en: 'the verification time is unknown, so no date can be given',
  }),
  calendarError: null,
});

/**
 * Windows already worked out, per context (its `derived` part, which withConsulted shares) and day:
 * a bulk check meets few verification days, and each window costs two calendar lookups and four texts.
 * Bounded as the context's own memos are.
 */
const REPORTING_WINDOWS = new WeakMap<CheckContext['derived'], Map<string, ReportingWindow>>();

function reportingWindow(ctx: CheckContext, day: string): ReportingWindow {
  let windows = REPORTING_WINDOWS.get(ctx.derived);
  if (windows === undefined)
    REPORTING_WINDOWS.set(ctx.derived, (windows = new Map<string, ReportingWindow>()));
  let window = windows.get(day);
  if (window === undefined) {
    window = Object.freeze(workOutReportingWindow(ctx, day));
    if (windows.size >= 4096) windows.clear();
    windows.set(day, window);
  }
  return window;
}

function workOutReportingWindow(ctx: CheckContext, day: string): ReportingWindow {
  const workdays = ctx.resolved.realNameReportingWorkdays.value;
  const latestWorkdays = Math.max(workdays, ctx.resolved.realNameReportingLatestWorkdays.value);
  try {
    const expectedBy = ctx.derived.reportingDueDate(day);
    const expectedLatestBy = ctx.derived.reportingLatestDate(day);
    const expected: Localized =
      expectedLatestBy < ctx.atDate
        ? {
            zh: `按 ${workdays}–${latestWorkdays} 个工作日推算，最晚应在 ${expectedLatestBy} 前完成，现已逾期`,
            en: `at ${workdays}–${latestWorkdays} working days it was due by ${expectedLatestBy} at the latest and is overdue`,
          }
        : expectedBy < ctx.atDate
          ? {
              zh: `按 ${workdays} 个工作日推算应在 ${expectedBy} 前完成，已过预计日期，最晚 ${expectedLatestBy}`,
              en: `at ${workdays} working days it was expected by ${expectedBy}; that has passed, and the latest date is ${expectedLatestBy}`,
            }
          : {
              zh: `预计 ${expectedBy} 前完成，最晚 ${expectedLatestBy}`,
              en: `expected by ${expectedBy}, at the latest ${expectedLatestBy}`,
            };
    return { expectedBy, expectedLatestBy, expected: Object.freeze(expected), calendarError: null };
  } catch (error) {
    if (!(error instanceof CalendarCoverageError)) throw error;
    const years = `${error.coverage.fromYear}–${error.coverage.toYear}`;
    return {
      expectedBy: null,
      expectedLatestBy: null,
      expected: Object.freeze({
        zh: `工作日历只覆盖 ${years} 年，无法推算 ${workdays} 个工作日后的日期`,
        en: `the working-day calendar covers only ${years}, so the date ${workdays} working days on cannot be computed`,
      }),
      calendarError: error.message,
    };
  }
}

/**
 * REAL_NAME_NOT_REPORTED with a window on the working-day calendar (fails closed outside it): the
 * policy's expected date (the seed FAQ's 2 working days) and the latest date providers give (Huawei:
 * 3~5 working days).
 */
function notReportedFinding(ctx: CheckContext, registrable: string, verifiedAt: string | null): Finding {
  const workdays = ctx.resolved.realNameReportingWorkdays.value;
  const latestWorkdays = Math.max(workdays, ctx.resolved.realNameReportingLatestWorkdays.value);
  const verified = verifiedAt ? instantMs(verifiedAt) : null;
  const { expectedBy, expectedLatestBy, expected, calendarError } =
    verified === null ? UNKNOWN_VERIFICATION : reportingWindow(ctx, shanghaiDate(verified));
  return makeFinding(
    'REAL_NAME_NOT_REPORTED',
    {
      registrable,
      verifiedAt: verified !== null ? shanghaiDate(verified) : '?',
      expected,
      workdays,
      latestWorkdays,
      expectedBy: expectedBy ?? '?',
      expectedLatestBy: expectedLatestBy ?? '?',
    },
    {
      verifiedAt: verified !== null ? toShanghaiIso(verified) : null,
      expectedBy,
      expectedLatestBy,
      workdays,
      latestWorkdays,
      overdue: expectedBy !== null && expectedBy < ctx.atDate,
      overdueLatest: expectedLatestBy !== null && expectedLatestBy < ctx.atDate,
      calendarError,
      policyEntry: ctx.resolved.realNameReportingWorkdays.entryId,
      latestPolicyEntry: ctx.resolved.realNameReportingLatestWorkdays.entryId,
    },
    undefined,
    expectedBy === null || expectedLatestBy === null ? 'no-date' : undefined,
  );
}
