/** Fills the rule table's `{name}` templates. Templates are split once, so rendering is a join. */
import { RULES } from './rule-table.ts';
import type { Evidence, Finding, FindingCode, Localized, Severity } from './types.ts';

/** A template variable: the same text in both languages, or one per language. */
type TemplateVar = string | number | Localized;
type TemplateVars = Record<string, TemplateVar>;

type Lang = 'zh' | 'en';
/** Even indexes are literal text, odd indexes variable names. */
type CompiledTemplate = readonly string[];
type CompiledRule = {
  severity: Severity;
  message: Record<Lang, CompiledTemplate>;
  remedy: Record<Lang, CompiledTemplate>;
};

const compile = (template: string): CompiledTemplate => template.split(/\{(\w+)\}/);

const COMPILED = new Map<FindingCode, CompiledRule>(
  RULES.map((rule) => [
    rule.code,
    {
      severity: rule.severity,
      message: { zh: compile(rule.message.zh), en: compile(rule.message.en) },
      remedy: { zh: compile(rule.remedy.zh), en: compile(rule.remedy.en) },
    },
  ]),
);

function fill(parts: CompiledTemplate, vars: TemplateVars, lang: Lang, code: FindingCode): string {
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
  readonly #code: FindingCode;
  #zh: string | undefined;
  #en: string | undefined;
  constructor(parts: Record<Lang, CompiledTemplate>, vars: TemplateVars, code: FindingCode) {
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

/** Builds a finding with the rule's texts; `severity` overrides the rule's default where policy says so. */
export function makeFinding(
  code: FindingCode,
  vars: TemplateVars,
  evidence: Evidence,
  severity?: Severity,
): Finding {
  const rule = COMPILED.get(code);
  if (!rule) throw new Error(`no rule for code ${code}`);
  return {
    code,
    severity: severity ?? rule.severity,
    message: new LazyText(rule.message, vars, code),
    remedy: new LazyText(rule.remedy, vars, code),
    evidence,
  };
}
