/** The human-readable check report: one block per input, worst findings first, in one language. */
import type { FactObservation } from '../facts/index.ts';
import type { CheckResult, FilingType, Finding, Severity } from '../rules/index.ts';
import { ORIGIN_LABELS } from '../rules/index.ts';
import { toShanghaiIso } from '../shared/index.ts';
import type { CheckReport } from '../checking/index.ts';
import type { Lang } from './lang.ts';

export const FILING_TYPE_LABELS: Record<FilingType, { zh: string; en: string }> = {
  'first-filing': { zh: '首次备案', en: 'first filing (首次备案)' },
  'add-website': { zh: '新增网站', en: 'new website (新增网站)' },
  'add-website-external': {
    zh: '新增网站（主体备案不在本接入商）',
    en: 'new website, subject filed through another provider (新增网站)',
  },
  'add-access': { zh: '接入备案', en: 'access filing (接入备案)' },
  change: { zh: '变更备案', en: 'change filing (变更备案)' },
};

/**
 * What a derived filing type rests on where it rests on absence (the filings known here). KEEP IN SYNC
 * with FILING_TYPE_BASES in src/web/kit/labels.ts (the cli layer cannot import web).
 */
export const FILING_TYPE_BASES: Partial<Record<FilingType, { zh: string; en: string }>> = {
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
};

/**
 * Results whose registration no source here had and no public lookup was asked for: `--online` would
 * ask RDAP/WHOIS (the evidence says `publicLookup: 'not-asked'`).
 */
export function unlookedUpCount(results: readonly CheckResult[]): number {
  return results.filter((result) =>
    result.findings.some(
      (finding) => finding.code === 'DOMAIN_NOT_REGISTERED' && finding.evidence.publicLookup === 'not-asked',
    ),
  ).length;
}

/** The `--online` suggestion for `count` domains no source here knows, or '' when there are none. */
export function onlineHint(count: number, lang: Lang): string {
  if (count === 0) return '';
  return lang === 'zh'
    ? `提示：本系统的数据中没有 ${count} 个域名的注册记录，这不代表它们未注册；加上 --online 可同时查询公开注册信息（RDAP/WHOIS）。\n`
    : `Tip: this deployment's data has no registration record for ${count} of these domains, which does not mean they are unregistered; add --online to ask public registration data (RDAP/WHOIS) too.\n`;
}

const SEVERITY_LABELS: Record<Severity, { zh: string; en: string }> = {
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  info: { zh: '提示', en: 'info' },
};
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

type Paint = (code: string, text: string) => string;
const plain: Paint = (_code, text) => text;
const ansi: Paint = (code, text) => `\u001b[${code}m${text}\u001b[0m`;
const SEVERITY_COLOURS: Record<Severity, string> = { error: '31', warning: '33', info: '36' };

// Hostile input must not drive the terminal: escape control characters (C0, C1) and bidi overrides
// before printing it; matching control characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
export const printable = (text: string): string =>
  text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function renderHumanReport(report: CheckReport, lang: Lang, colour: boolean): string {
  const paint = colour ? ansi : plain;
  const t = (text: { zh: string; en: string }) => text[lang];
  const lines: string[] = [];
  const version = report.data.dataVersion;
  lines.push(
    paint('1', lang === 'zh' ? '备案域名核验' : 'ICP filing domain check') +
      ` · ${report.at} · ${lang === 'zh' ? '数据' : 'data'} ${version}` +
      (report.data.overrides.length > 0
        ? ` · ${lang === 'zh' ? '覆盖' : 'overrides'} ${report.data.overrides.map((o) => o.file).join(', ')}`
        : ''),
  );
  for (const result of report.results) lines.push('', ...renderResult(result, lang, paint));
  const ok = report.results.filter((result) => result.ok).length;
  const total = report.results.length;
  lines.push(
    '',
    lang === 'zh'
      ? `共 ${total} 个：${ok} 个可以备案，${total - ok} 个不能。`
      : `${total} checked: ${ok} can be filed, ${total - ok} cannot.`,
  );
  return lines.join('\n') + '\n' + onlineHint(unlookedUpCount(report.results), lang);

  function renderResult(result: CheckResult, language: Lang, p: Paint): string[] {
    const head = result.ok ? p('32', '✓') : p('31', '✗');
    const out = [`${head} ${p('1', printable(result.input))}`];
    if (result.domain) {
      // A type for a domain that cannot be filed yet holds once the errors below are dealt with.
      const pending = result.ok
        ? ''
        : language === 'zh'
          ? '（须先处理下列错误）'
          : ' (once the errors below are fixed)';
      const type = result.filingType
        ? t(FILING_TYPE_LABELS[result.filingType]) + pending
        : language === 'zh'
          ? '无（见下）'
          : 'none (see below)';
      const { unicode, registrable, registrableAscii } = result.domain;
      const parent = registrable !== unicode ? ` → ${registrable}` : '';
      const ascii = registrableAscii !== registrable ? ` (${registrableAscii})` : '';
      out.push(`  ${unicode}${parent}${ascii} · ${language === 'zh' ? '备案类型' : 'filing type'}: ${type}`);
      const basis = result.filingType ? FILING_TYPE_BASES[result.filingType] : undefined;
      if (basis) out.push(`  ${language === 'zh' ? '判断依据' : 'Based on'}: ${t(basis)}`);
    }
    const findings = [...result.findings].sort(
      (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
    );
    for (const finding of findings) out.push(...renderFinding(finding, p));
    if (result.sources && result.sources.length > 0) out.push(...renderSources(result.sources, language));
    return out;
  }

  function renderFinding(finding: Finding, p: Paint): string[] {
    const label = p(SEVERITY_COLOURS[finding.severity], `[${t(SEVERITY_LABELS[finding.severity])}]`);
    return [
      `  ${label} ${finding.code}`,
      `    ${printable(t(finding.message))}`,
      `    ${lang === 'zh' ? '处理办法' : 'What to do'}: ${printable(t(finding.remedy))}`,
    ];
  }
}

const OUTCOME_LABELS: Record<FactObservation['outcome'], { zh: string; en: string }> = {
  found: { zh: '有记录', en: 'found' },
  'not-found': { zh: '无记录', en: 'not found' },
  error: { zh: '查询失败', en: 'failed' },
  'no-server': { zh: '该后缀没有 RDAP 或 WHOIS 服务器', en: 'no RDAP or WHOIS server for this suffix' },
};

/** Online checks: every source consulted, the one used first (✓), so disagreements show side by side. */
function renderSources(sources: readonly FactObservation[], lang: Lang): string[] {
  const zh = lang === 'zh';
  const day = (iso: string) => toShanghaiIso(new Date(iso)).slice(0, 10);
  const out = [`  ${zh ? '来源' : 'Sources'}:`];
  for (const source of sources) {
    const parts = [ORIGIN_LABELS[source.origin][lang]];
    if (source.server) parts.push(source.server);
    if (source.observedAt) parts.push(toShanghaiIso(new Date(source.observedAt)));
    if (source.outcome !== 'found') {
      parts.push(OUTCOME_LABELS[source.outcome][lang] + (source.error ? ` (${source.error})` : ''));
    } else {
      if (source.registrar !== null) {
        const iana = source.registrarIanaId === null ? '' : ` (IANA ${source.registrarIanaId})`;
        parts.push(`${zh ? '注册商' : 'registrar'} ${source.registrar}${iana}`);
      }
      if (source.expiresAt !== null) parts.push(`${zh ? '到期' : 'expires'} ${day(source.expiresAt)}`);
      if (source.statuses.length > 0) parts.push(`${zh ? '状态' : 'status'} ${source.statuses.join(', ')}`);
      if (source.holderName !== null)
        parts.push(`${zh ? '公开持有者' : 'public holder'} ${source.holderName}`);
    }
    out.push(`    ${source.used ? '✓' : '·'} ${printable(parts.join(' · '))}`);
  }
  return out;
}
