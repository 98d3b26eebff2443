/**
 * `beian documents gc [--grace-hours N] [--dry-run] [--json]`: removes files of the document store
 * that no row references (left by crashes) and that are older than the grace period (default 24 h);
 * `beian serve` runs the same collection once a day. Prints what went; `--dry-run` changes nothing.
 */
import { collectOrphanDocuments, configuredDocumentStore } from '../documents/index.ts';
import type { CliEnv } from './cli-env.ts';
import { UsageError } from './cli-env.ts';

export const DOCUMENTS_OPTIONS = {
  'grace-hours': { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const HOUR_MS = 60 * 60 * 1000;

function graceHours(value: unknown): number {
  if (value === undefined) return 24;
  const hours = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!(hours >= 0)) {
    throw new UsageError({
      zh: '--grace-hours 须为不小于 0 的整数（小时）',
      en: '--grace-hours must be a whole number of hours, 0 or more',
    });
  }
  return hours;
}

export async function runDocuments(
  env: CliEnv,
  values: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  if (positionals.length !== 1 || positionals[0] !== 'gc') {
    throw new UsageError({
      zh: '用法：beian documents gc [--grace-hours 小时] [--dry-run] [--json]',
      en: 'usage: beian documents gc [--grace-hours HOURS] [--dry-run] [--json]',
    });
  }
  const graceMs = graceHours(values['grace-hours']) * HOUR_MS;
  const database = await env.database();
  const store = configuredDocumentStore(env.config, database);
  const dryRun = values['dry-run'] === true;
  const report = await collectOrphanDocuments({
    database,
    store,
    now: new Date(),
    graceMs,
    dryRun,
  });
  if (values.json) {
    env.stdout.write(`${JSON.stringify({ dir: store.location, dryRun, ...report })}\n`);
    return 0;
  }
  const mib = (report.removedBytes / (1024 * 1024)).toFixed(1);
  const text =
    env.lang === 'zh'
      ? `${store.location}：检查 ${report.scannedFiles} 个文件，${dryRun ? '将删除' : '已删除'} ${report.removedFiles} 个无引用的文件（${mib} MiB），恢复 ${report.restoredFiles} 个仍被引用的文件\n`
      : `${store.location}: ${report.scannedFiles} files checked, ${report.removedFiles} unreferenced files ${dryRun ? 'would be removed' : 'removed'} (${mib} MiB), ${report.restoredFiles} still referenced files restored\n`;
  env.stdout.write(text);
  return 0;
}
