/**
 * 核验结果 as pages show them: the derived filing type and every finding, worst first, each with its
 * message, its remedy and a link to the rule's explanation. The finding code (the contract's stable
 * name, what support and the API quote) is kept but secondary: a small muted line after the remedy,
 * not a lint report's first word. The precheck page, the wizard and the
 * reviewers' detail pages render verification results through this one component; /static/app.js
 * builds the same markup (KEEP IN SYNC: `renderResult` there) for the inline precheck.
 */
import type { CheckResult, Finding, Severity } from '../../rules/index.ts';
import type { Lang, Localized } from './i18n.ts';
import { t } from './i18n.ts';
import { FILING_TYPE_BASES, FILING_TYPE_LABELS, SEVERITY_LABELS } from './labels.ts';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

const TEXT = {
  filingType: { zh: '备案类型', en: 'Filing type' },
  basis: { zh: '判断依据', en: 'Based on' },
  none: { zh: '无法确定（请先处理下面的错误）', en: 'cannot be determined (resolve the errors below first)' },
  pending: { zh: '（待下面的错误处理后适用）', en: ' (applies once the errors below are resolved)' },
  ok: { zh: '可以备案', en: 'Can be filed' },
  blocked: { zh: '暂不能备案', en: 'Cannot be filed yet' },
  noFindings: { zh: '没有发现问题。', en: 'No findings.' },
  remedy: { zh: '处理办法：', en: 'What to do: ' },
  explain: { zh: '规则说明', en: 'about this rule' },
  rule: { zh: '规则', en: 'Rule' },
  domain: { zh: '域名', en: 'Domain' },
} satisfies Record<string, Localized>;

/**
 * The texts of this component in one language, for /static/app.js (which renders the API's answer with
 * the same markup): one catalogue, so the inline result never words anything differently.
 */
export function checkResultLabels(lang: Lang): Record<string, unknown> {
  const pick = (table: Record<string, Localized>) =>
    Object.fromEntries(Object.entries(table).map(([key, text]) => [key, t(lang, text)]));
  return {
    text: pick(TEXT),
    filingTypes: pick(FILING_TYPE_LABELS),
    filingTypeBases: pick(FILING_TYPE_BASES),
    severities: pick(SEVERITY_LABELS),
  };
}

// Matching control characters is the point: C0/C1 controls and bidi embeddings, overrides, isolates.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Findings quote what was typed (`“{input}”不是可以备案的域名`), inside a sentence that a `<bdi>` cannot
 * wrap in part; so control and bidi characters are shown as `[U+202E]` instead of reordering the
 * sentence around them (src/cli/human-report.ts escapes them for terminals likewise).
 */
export function visibleControls(text: string): string {
  return text.replace(CONTROLS, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** Worst first, then in the engine's order (a stable sort keeps it). */
function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export function SeverityTag(props: { lang: Lang; severity: Severity }) {
  return <span class={`tag tag-${props.severity}`}>{t(props.lang, SEVERITY_LABELS[props.severity])}</span>;
}

export function FindingItem(props: { lang: Lang; finding: Finding }) {
  const { lang, finding } = props;
  return (
    <li class={`finding finding-${finding.severity}`}>
      <p class="finding-message">
        <SeverityTag lang={lang} severity={finding.severity} /> {visibleControls(t(lang, finding.message))}
      </p>
      <p class="finding-remedy">
        <strong>{t(lang, TEXT.remedy)}</strong>
        {visibleControls(t(lang, finding.remedy))}
      </p>
      <p class="finding-meta">
        {t(lang, TEXT.rule)}{' '}
        <a class="finding-code" href={`/rules#${finding.code}`} title={t(lang, TEXT.explain)}>
          <code>{finding.code}</code>
        </a>
      </p>
    </li>
  );
}

/** One domain's result; `heading` is the heading level the page needs (h2 on precheck). */
export function CheckResultView(props: { lang: Lang; result: CheckResult; heading?: 'h2' | 'h3' }) {
  const { lang, result } = props;
  const Heading = props.heading ?? 'h2';
  const hasErrors = result.findings.some((finding) => finding.severity === 'error');
  const domain = result.domain;
  const bases: Partial<Record<string, Localized>> = FILING_TYPE_BASES;
  const basis = result.filingType === null ? undefined : bases[result.filingType];
  return (
    <section class={`check-result ${result.ok ? 'check-ok' : 'check-blocked'}`}>
      <Heading>
        {t(lang, TEXT.domain)} <bdi class="domain">{domain ? domain.unicode : result.input}</bdi>
        {domain && domain.ascii !== domain.unicode && (
          <>
            {' '}
            <span class="ascii">({domain.ascii})</span>
          </>
        )}
      </Heading>
      <p class={`verdict ${result.ok ? 'verdict-ok' : 'verdict-blocked'}`}>
        {t(lang, result.ok ? TEXT.ok : TEXT.blocked)}
      </p>
      <dl class="summary-list">
        <dt>{t(lang, TEXT.filingType)}</dt>
        <dd>
          {result.filingType === null
            ? t(lang, TEXT.none)
            : `${t(lang, FILING_TYPE_LABELS[result.filingType])}${hasErrors ? t(lang, TEXT.pending) : ''}`}
        </dd>
        {basis && (
          <>
            <dt>{t(lang, TEXT.basis)}</dt>
            <dd class="filing-type-basis">{t(lang, basis)}</dd>
          </>
        )}
      </dl>
      {result.findings.length === 0 ? (
        <p>{t(lang, TEXT.noFindings)}</p>
      ) : (
        <ul class="findings">
          {sortFindings(result.findings).map((finding) => (
            <FindingItem lang={lang} finding={finding} />
          ))}
        </ul>
      )}
    </section>
  );
}
