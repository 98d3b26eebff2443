/** Writes docs/field-errors.md from the field-error table; `--check` exits 1 when the file is stale (used by tests). */
import { renderFieldErrorsMarkdown } from '../src/filing/field-errors-doc.ts';
import { writeOrCheck } from './generated-doc.ts';

writeOrCheck('field-errors.md', renderFieldErrorsMarkdown(), 'npm run field-errors:doc');
