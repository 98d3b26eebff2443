/** Writes docs/rules.md from the rule table; `--check` exits 1 when the file is stale (used by tests). */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderRulesMarkdown } from '../src/rules/rules-doc.ts';

const path = new URL('../docs/rules.md', import.meta.url);
const fresh = renderRulesMarkdown();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (current !== fresh) {
    process.stderr.write('docs/rules.md is stale: run `npm run rules:doc`\n');
    process.exitCode = 1;
  }
} else {
  writeFileSync(path, fresh);
}
