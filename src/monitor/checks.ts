/**
 * The monitor's checks: pure functions from observations (DNS answers, a fetched page, the registration
 * facts, known certificate dates) and the evaluation instant to findings of the monitor rule table.
 * No I/O and no clock: the same observations always give the same findings.
 */
import type { DomainFacts, FactOrigin } from '../facts/index.ts';
import type { PolicyData } from '../policy/index.ts';
import type { MonitorFinding } from '../rules/index.ts';
import { foldIdNumber, foldName, makeMonitorFinding } from '../rules/index.ts';
import type { Localized } from '../shared/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import { scanPage } from './page-scan.ts';
import type { ProviderRanges } from './provider-ranges.ts';
import type { DnsAnswer, HttpAnswer, HttpFailure, MonitoredSite } from './types.ts';

const DAY_MS = 86_400_000;
/** 广东 (440000): its bureau asks sites to show and link the subject's number (FOOTER_NOTICE). */
const SUBJECT_NUMBER_PROVINCES = new Set(['440000']);

const DNS_REASONS: Record<string, Localized> = {
  nxdomain: { zh: '域名不存在（NXDOMAIN）', en: 'the name does not exist (NXDOMAIN)' },
  'no-data': { zh: '没有 A 或 AAAA 记录', en: 'no A or AAAA record' },
  timeout: { zh: '解析超时', en: 'the resolver timed out' },
  servfail: { zh: '解析服务器返回错误（SERVFAIL）', en: 'the resolver answered SERVFAIL' },
  refused: { zh: '解析服务器拒绝查询', en: 'the resolver refused the query' },
};
const dnsReason = (reason: string): Localized =>
  DNS_REASONS[reason] ?? { zh: `解析出错（${reason}）`, en: `resolver error (${reason})` };

/** Findings about where a domain resolves: nowhere, unknown, or outside the provider's ranges. */
export function dnsFindings(domain: string, answer: DnsAnswer, ranges: ProviderRanges): MonitorFinding[] {
  if (answer.kind === 'no-address') {
    return [
      makeMonitorFinding(
        'SITE_DNS_NO_ADDRESS',
        { domain, reason: dnsReason(answer.reason) },
        { domain, reason: answer.reason },
        'dns',
      ),
    ];
  }
  if (answer.kind === 'error') {
    return [
      makeMonitorFinding(
        'SITE_DNS_LOOKUP_FAILED',
        { domain, reason: dnsReason(answer.reason) },
        { domain, reason: answer.reason },
        'dns',
      ),
    ];
  }
  const outside = answer.addresses.filter((address) => !ranges.includes(address));
  if (outside.length === 0) return [];
  // Some addresses inside: part of the traffic still reaches this provider (a CDN, a second host).
  const severity = outside.length < answer.addresses.length ? 'warning' : 'error';
  return [
    makeMonitorFinding(
      'SITE_OUTSIDE_PROVIDER',
      { domain, outside: outside.join(', '), ranges: ranges.text || '—' },
      { domain, addresses: answer.addresses, outside, ranges: ranges.text },
      'dns',
      severity,
    ),
  ];
}

const HTTP_REASONS: Record<string, Localized> = {
  timeout: { zh: '超时', en: 'timed out' },
  network: { zh: '连接失败', en: 'the connection failed' },
  tls: { zh: 'HTTPS 证书或握手失败', en: 'the HTTPS certificate or handshake failed' },
  dns: { zh: '域名无法解析', en: 'the name does not resolve' },
  'too-large': {
    zh: '页面超过大小上限，无法检查',
    en: 'the page exceeds the size cap and cannot be checked',
  },
  'too-many-redirects': { zh: '重定向次数过多', en: 'too many redirects' },
  'bad-redirect': { zh: '重定向到无效地址', en: 'a redirect to an invalid address' },
  'internal-address': {
    zh: '指向内部网络地址，已拒绝访问',
    en: 'it points into internal addresses, which are never fetched',
  },
};
const httpReason = (reason: HttpFailure): Localized =>
  HTTP_REASONS[reason] ?? {
    zh: `服务器返回 HTTP ${reason.slice(5)}`,
    en: `the server answered HTTP ${reason.slice(5)}`,
  };

const PARKED_KINDS: Record<string, Localized> = {
  'server-default': { zh: '服务器默认页', en: "a web server's default page" },
  parking: { zh: '域名停放页', en: 'a domain parking page' },
  'for-sale': { zh: '域名出售页', en: 'a domain-for-sale page' },
  'new-site': { zh: '建站面板的占位页', en: "a hosting panel's placeholder page" },
};

/**
 * Findings about the home page: unreachable, parked, and the footer rule (the website's number shown
 * and linked to beian.miit.gov.cn). A page that shows the right number is never called parked.
 */
export function homePageFindings(
  site: MonitoredSite,
  answer: HttpAnswer,
  policy: Pick<PolicyData, 'parseIcpNumber'>,
): MonitorFinding[] {
  const url = answer.url;
  if (answer.kind === 'failed') {
    return [
      makeMonitorFinding(
        'SITE_UNREACHABLE',
        { url, reason: httpReason(answer.reason) },
        { url, reason: answer.reason, redirects: answer.redirects },
        'http',
        answer.reason === 'too-large' ? 'warning' : undefined,
      ),
    ];
  }
  const scan = scanPage(answer.body);
  const filed = policy.parseIcpNumber(site.number);
  const filedText = filed.ok ? filed.number.text : site.number;
  const shown = scan.numbers.flatMap((text) => {
    const reading = policy.parseIcpNumber(text);
    return reading.ok ? [reading.number] : [];
  });
  const exact = shown.find((n) => n.text === filedText);
  const subjectOnly = filed.ok
    ? shown.find((n) => n.kind === 'subject' && n.subjectNumber === filed.number.subjectNumber)
    : undefined;
  const evidence = { url, shown: shown.map((n) => n.text), number: filedText };
  const accepted =
    exact ?? (subjectOnly && SUBJECT_NUMBER_PROVINCES.has(site.province) ? subjectOnly : undefined);
  if (!accepted && scan.parked) {
    return [
      makeMonitorFinding(
        'SITE_PARKED',
        { url, kind: PARKED_KINDS[scan.parked.kind] as Localized, marker: scan.parked.marker },
        { url, kind: scan.parked.kind, marker: scan.parked.marker },
        'http',
      ),
    ];
  }
  const findings: MonitorFinding[] = [];
  if (!accepted) {
    const first = shown[0];
    if (subjectOnly) {
      findings.push(
        makeMonitorFinding(
          'FOOTER_NUMBER_SUBJECT_ONLY',
          { url, shown: subjectOnly.text, number: filedText },
          evidence,
          'http',
        ),
      );
    } else if (first) {
      findings.push(
        makeMonitorFinding(
          'FOOTER_NUMBER_WRONG',
          { url, shown: first.text, number: filedText },
          evidence,
          'http',
        ),
      );
      return findings;
    } else {
      findings.push(
        makeMonitorFinding('FOOTER_NUMBER_MISSING', { url, number: filedText }, evidence, 'http'),
      );
      return findings;
    }
  }
  const linkEvidence = { url, number: filedText, link: scan.outdatedHref };
  if (scan.miitLink === 'outdated') {
    findings.push(
      makeMonitorFinding(
        'FOOTER_LINK_OUTDATED',
        { url, link: scan.outdatedHref ?? '' },
        linkEvidence,
        'http',
      ),
    );
  } else if (scan.miitLink === 'none') {
    findings.push(
      makeMonitorFinding(
        'FOOTER_LINK_MISSING',
        { url, number: (accepted ?? subjectOnly)?.text ?? filedText },
        linkEvidence,
        'http',
      ),
    );
  }
  return findings;
}

const REAL_NAME_STATUS: Record<string, Localized> = {
  none: { zh: '未认证', en: 'not verified' },
  pending: { zh: '审核中', en: 'pending review' },
};

const daysUntil = (date: string, at: Date): number =>
  Math.round(
    (Date.parse(`${date}T00:00:00+08:00`) - Date.parse(`${shanghaiDate(at)}T00:00:00+08:00`)) / DAY_MS,
  );

/**
 * Findings about a filed domain's registration: gone from every source, expiring or expired, real-name
 * lost, holder no longer the subject. A source that cannot see real-name data (RDAP, WHOIS) says
 * nothing about holder and real-name.
 */
export function registrationFindings(
  site: MonitoredSite,
  domain: string,
  facts: DomainFacts | undefined,
  consulted: readonly FactOrigin[],
  at: Date,
  warnDays: number,
): MonitorFinding[] {
  const registration = facts?.registration ?? null;
  if (registration === null) {
    const sources = [...new Set([...consulted, ...(facts?.sources ?? []).map((s) => s.origin)])];
    return [
      makeMonitorFinding(
        'REGISTRATION_NOT_FOUND',
        { domain, consulted: sources.join(', ') || '—' },
        { domain, consulted: sources },
        sources.join(',') || 'none',
      ),
    ];
  }
  const source = registration.origin;
  const findings: MonitorFinding[] = [];
  const expiresOn = shanghaiDate(new Date(registration.expiresAt));
  if (Date.parse(registration.expiresAt) <= at.getTime()) {
    findings.push(
      makeMonitorFinding(
        'REGISTRATION_EXPIRED',
        { domain, expiresOn },
        { domain, expiresAt: registration.expiresAt },
        source,
      ),
    );
  } else {
    const days = daysUntil(expiresOn, at);
    if (days <= warnDays) {
      findings.push(
        makeMonitorFinding(
          'REGISTRATION_EXPIRING',
          { domain, expiresOn, days },
          { domain, expiresAt: registration.expiresAt, days },
          source,
        ),
      );
    }
  }
  if (registration.realNameUnknown) return findings;
  const realName = registration.realName;
  if (realName.status !== 'verified') {
    findings.push(
      makeMonitorFinding(
        'REGISTRATION_REAL_NAME_LOST',
        { domain, status: REAL_NAME_STATUS[realName.status] ?? { zh: realName.status, en: realName.status } },
        { domain, status: realName.status },
        source,
      ),
    );
  }
  const holder = realName.holder;
  if (holder !== null) {
    const sameId = foldIdNumber(holder.idNumber) === foldIdNumber(site.subject.idNumber);
    const sameName = foldName(holder.name) === foldName(site.subject.name);
    if (!sameId || !sameName) {
      findings.push(
        makeMonitorFinding(
          'REGISTRATION_HOLDER_CHANGED',
          { domain, holder: holder.name, subject: site.subject.name },
          {
            domain,
            holder: holder.name,
            subject: site.subject.name,
            differs: [...(sameName ? [] : ['name']), ...(sameId ? [] : ['idNumber'])],
          },
          source,
        ),
      );
    }
  }
  return findings;
}

/** Findings about the filing's certificates whose validity is known: expired, or within `warnDays`. */
export function certificateFindings(site: MonitoredSite, at: Date, warnDays: number): MonitorFinding[] {
  const findings: MonitorFinding[] = [];
  for (const cert of site.certificates) {
    const days = daysUntil(cert.validUntil, at);
    const vars = { whose: cert.whose, certificate: cert.certificate, validUntil: cert.validUntil, days };
    const evidence = { whose: cert.whose.en, certificate: cert.certificate.en, validUntil: cert.validUntil };
    if (days < 0) findings.push(makeMonitorFinding('CERTIFICATE_EXPIRED', vars, evidence, 'filing'));
    else if (days <= warnDays)
      findings.push(makeMonitorFinding('CERTIFICATE_EXPIRING', vars, { ...evidence, days }, 'filing'));
  }
  return findings;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Worst first, then in the rule table's order of checks (stable). */
export function sortFindings(findings: MonitorFinding[]): MonitorFinding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) => SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] || a.index - b.index,
    )
    .map(({ finding }) => finding);
}
