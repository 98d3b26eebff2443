/** `beian rules`: the finding codes, their severity and remedy, in the chosen language or as JSON. */
import { RULES } from '../rules/index.ts';
import type { CliEnv } from './cli-env.ts';

export function runRules(env: CliEnv, values: Record<string, unknown>): number {
  if (values.json) {
    env.stdout.write(JSON.stringify(RULES, null, 2) + '\n');
    return 0;
  }
  for (const rule of RULES) {
    const faq = rule.faq.length > 0 ? ` (FAQ ${rule.faq.join(', ')})` : '';
    env.stdout.write(
      `${rule.code} [${rule.severity}]${faq}\n  ${rule.when[env.lang]}\n  → ${rule.remedy[env.lang]}\n\n`,
    );
  }
  return 0;
}
