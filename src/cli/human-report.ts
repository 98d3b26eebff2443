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
  return lines.join('\n') + '\n';

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
