/** docs/CONFIGURATION.md, generated from the schema's table (scripts/generate-config-doc.ts). */
import { CONFIG_VARIABLES, VARIABLE_DOCS } from './schema.ts';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderConfigMarkdown(): string {
  const rows = CONFIG_VARIABLES.map((name) => {
    const doc = VARIABLE_DOCS[name];
    const fallback = doc.default === undefined ? '—' : `\`${doc.default}\``;
    return `| \`${name}\` | ${fallback} | ${cell(doc.meaning)} |`;
  });
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config/schema.ts by `node --import tsx scripts/generate-config-doc.ts`; do not edit. -->',
    '',
    'beian reads these environment variables and nothing else. Each is checked at start-up by one schema',
    '(src/config/schema.ts): a bad value stops the command with exit code 2 and a message naming the',
    'variable. An empty value counts as unset.',
    '',
    '| Variable | Default | Meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
