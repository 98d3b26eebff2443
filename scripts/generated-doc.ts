/**
 * A document generated from a table in src/: written, or with `--check` compared with the file on
 * disk (exit 1 when stale, a missing file included), so `npm test` catches a table changed without
 * its document.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export function writeOrCheck(name: string, fresh: string, regenerate: string): void {
  const path = new URL(`../docs/${name}`, import.meta.url);
  if (!process.argv.includes('--check')) {
    writeFileSync(path, fresh);
    return;
  }
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (current !== fresh) {
    process.stderr.write(`docs/${name} is stale: run \`${regenerate}\`\n`);
    process.exitCode = 1;
  }
}
