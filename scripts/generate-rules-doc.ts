/** Writes docs/rules.md from the rule table; `--check` exits 1 when the file is stale (used by tests). */
import { renderRulesMarkdown } from '../src/rules/rules-doc.ts';
import { writeOrCheck } from './generated-doc.ts';

writeOrCheck('rules.md', renderRulesMarkdown(), 'npm run rules:doc');
