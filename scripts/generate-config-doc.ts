/** Writes docs/CONFIGURATION.md from the configuration schema; `--check` exits 1 when the file is stale. */
import { renderConfigMarkdown } from '../src/config/index.ts';
import { writeOrCheck } from './generated-doc.ts';

writeOrCheck('CONFIGURATION.md', renderConfigMarkdown(), 'node --import tsx scripts/generate-config-doc.ts');
