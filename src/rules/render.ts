/** Fills the rule table's `{name}` templates. Templates are split once, so rendering is a join. */
import { MONITOR_RULES } from './monitor-rule-table.ts';
import type { MonitorCode, MonitorRule } from './monitor-rule-table.ts';
import { RULES } from './rule-table.ts';
import type { Evidence, Finding, FindingCode, Localized, Rule, Severity } from './types.ts';

/** A template variable: the same text in both languages, or one per language. */
type TemplateVar = string | number | Localized;
type TemplateVars = Record<string, TemplateVar>;

type Lang = 'zh' | 'en';
/** Even indexes are literal text, odd indexes variable names. */
type CompiledTemplate = readonly string[];
type CompiledTexts = {
  message: Record<Lang, CompiledTemplate>;
  remedy: Record<Lang, CompiledTemplate>;
};
type CompiledRule = CompiledTexts & {
  severity: Severity;
  variants: ReadonlyMap<string, CompiledTexts>;
};

const compile = (template: string): CompiledTemplate => template.split(/\{(\w+)\}/);
const compileBoth = (text: Localized): Record<Lang, CompiledTemplate> => ({
  zh: compile(text.zh),
  en: compile(text.en),
});

const COMPILED = new Map<FindingCode, CompiledRule>(
  (RULES as readonly Rule[]).map((rule) => {
    const message = compileBoth(rule.message);
    const remedy = compileBoth(rule.remedy);
    const variants = new Map<string, CompiledTexts>(
      Object.entries(rule.variants ?? {}).map(([name, variant]) => [
        name,
        {
          message: variant.message ? compileBoth(variant.message) : message,
          remedy: variant.remedy ? compileBoth(variant.remedy) : remedy,
        },
      ]),
    );
    return [rule.code, { severity: rule.severity, message, remedy, variants }];
  }),
);

function fill(parts: CompiledTemplate, vars: TemplateVars, lang: Lang, code: string): string {
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    const value = vars[name];
    // A missing variable is a bug in the engine, not in the user's input.
    if (value === undefined) throw new Error(`${code}: template variable {${name}} not given`);
    out += (typeof value === 'object' ? value[lang] : String(value)) + (parts[i + 1] ?? '');
  }
  return out;
}

/** A localized text rendered on first read: bulk checks that print codes only never pay for texts. */
class LazyText implements Localized {
  readonly #parts: Record<Lang, CompiledTemplate>;
  readonly #vars: TemplateVars;
  readonly #code: string;
  #zh: string | undefined;
  #en: string | undefined;
  constructor(parts: Record<Lang, CompiledTemplate>, vars: TemplateVars, code: string) {
    this.#parts = parts;
    this.#vars = vars;
    this.#code = code;
  }
  get zh(): string {
    return (this.#zh ??= fill(this.#parts.zh, this.#vars, 'zh', this.#code));
  }
  get en(): string {
    return (this.#en ??= fill(this.#parts.en, this.#vars, 'en', this.#code));
  }
  toJSON(): Localized {
    return { zh: this.zh, en: this.en };
  }
}

/**
 * Builds a finding with the rule's texts; `severity` overrides the rule's default where policy says so,
 * `variant` picks one of the rule's variants (an unknown name is a bug).
 */
export function makeFinding(
  code: FindingCode,
  vars: TemplateVars,
  evidence: Evidence,
  severity?: Severity,
  variant?: string,
): Finding {
  const rule = COMPILED.get(code);
  if (!rule) throw new Error(`no rule for code ${code}`);
  const texts = variant === undefined ? rule : rule.variants.get(variant);
  if (!texts) throw new Error(`${code}: no variant ${variant}`);
  return {
    code,
    severity: severity ?? rule.severity,
    message: new LazyText(texts.message, vars, code),
    remedy: new LazyText(texts.remedy, vars, code),
    evidence,
  };
}

const COMPILED_MONITOR = new Map<MonitorCode, CompiledTexts & { severity: Severity }>(
  (MONITOR_RULES as readonly MonitorRule[]).map((rule) => [
    rule.code,
    { severity: rule.severity, message: compileBoth(rule.message), remedy: compileBoth(rule.remedy) },
  ]),
);

/**
 * 巡检发现 — a monitor finding: the engine's finding form (code, severity, texts, evidence) plus the
 * source that observed it (`dns`, `http`, a registration's origin, `filing`).
 */
export type MonitorFinding = {
  code: MonitorCode;
  severity: Severity;
  message: Localized;
  remedy: Localized;
  evidence: Evidence;
  source: string;
};

/** Builds a monitor finding with its rule's texts; `severity` overrides the rule's default. */
export function makeMonitorFinding(
  code: MonitorCode,
  vars: TemplateVars,
  evidence: Evidence,
  source: string,
  severity?: Severity,
): MonitorFinding {
  const rule = COMPILED_MONITOR.get(code);
  if (!rule) throw new Error(`no monitor rule for code ${code}`);
  return {
    code,
    severity: severity ?? rule.severity,
    message: new LazyText(rule.message, vars, code),
    remedy: new LazyText(rule.remedy, vars, code),
    evidence,
    source,
  };
}
