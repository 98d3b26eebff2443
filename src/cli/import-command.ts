/** `beian registry import FILE` and `beian filings import FILE` (contract "Facts import"). */
import { createReadStream, statSync } from 'node:fs';
import type { ImportFormat, ImportSummary } from '../imports/index.ts';
import { importFilings } from '../imports/index.ts';
import { importRegistrations } from '../imports/index.ts';
import { InputFileError } from './bulk-io.ts';
import type { CliEnv } from './cli-env.ts';
import { UsageError } from './cli-env.ts';

export const IMPORT_OPTIONS = { format: { type: 'string' } } as const;

/** Imports one file; the exit code is 1 when some lines were skipped, so scripts notice. */
export async function runImport(
  env: CliEnv,
  kind: 'registry' | 'filings',
  values: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    throw new UsageError({
      zh: `请给出一个要导入的文件：beian ${kind} import 文件`,
      en: `give one file to import: beian ${kind} import FILE`,
    });
  }
  const format = (values.format as string | undefined) ?? (/\.csv$/i.test(file) ? 'csv' : 'jsonl');
  if (format !== 'csv' && format !== 'jsonl') {
    throw new UsageError({ zh: '--format 只能是 jsonl 或 csv', en: '--format must be jsonl or csv' });
  }
  const summary = await importFile(env, kind, file, format);
  printSummary(env, summary);
  return summary.skipped > 0 ? 1 : 0;
}

export async function importFile(
  env: CliEnv,
  kind: 'registry' | 'filings',
  file: string,
  format: ImportFormat,
): Promise<ImportSummary> {
  if (file !== '-') {
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      throw new InputFileError({ zh: `无法读取文件：${file}`, en: `cannot read file: ${file}` });
    }
  }
  const input = file === '-' ? process.stdin : createReadStream(file);
  const db = await env.database();
  return kind === 'registry'
    ? importRegistrations({ db, input, format })
    : importFilings({ db, policy: env.policy(), input, format });
}

export function printSummary(env: CliEnv, summary: ImportSummary): void {
  for (const error of summary.errors) env.stderr.write(`${error.message[env.lang]}\n`);
  if (summary.errorsOmitted > 0) {
    env.stderr.write(
      env.lang === 'zh'
        ? `……另有 ${summary.errorsOmitted} 条错误未列出\n`
        : `… and ${summary.errorsOmitted} more errors\n`,
    );
  }
  env.stdout.write(
    env.lang === 'zh'
      ? `已导入 ${summary.imported} 行，跳过 ${summary.skipped} 行。\n`
      : `Imported ${summary.imported} lines, skipped ${summary.skipped}.\n`,
  );
}
