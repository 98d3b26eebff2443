/** Writes docs/field-errors.md from the field-error table; `--check` exits 1 when the file is stale (used by tests). */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderFieldErrorsMarkdown } from '../src/filing/field-errors-doc.ts';

const path = new URL('../docs/field-errors.md', import.meta.url);
const fresh = renderFieldErrorsMarkdown();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (current !== fresh) {
    process.stderr.write('docs/field-errors.md is stale: run `npm run field-errors:doc`\n');
    process.exitCode = 1;
  }
} else {
  writeFileSync(path, fresh);
}
