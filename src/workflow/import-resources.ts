/**
 * Use case: 导入备案资源 — an operator imports the servers customers bought from a CSV (or JSON Lines)
 * file, as the other imports read theirs (src/imports: line numbers, a size limit per line, per-line
 * errors in zh/en). Each line is checked by the same schema as the form (register-resource.ts) and
 * written with its codes and audit event in its own transaction, so a bad line never undoes a good one
 * and a resource is never half-written. An account and name already registered is skipped as a
 * duplicate: running the same file twice registers nothing twice.
 *
 * CSV columns: account,label,accessMethod,province,ips,termStart,termEnd[,codeQuota] — `ips` separated
 * by spaces or semicolons (a comma would need quoting).
 */
import type { ImportError, ImportFormat, ImportSummary } from '../imports/index.ts';
import { ImportReport, checkCsvColumns, lineError, readRecords } from '../imports/index.ts';
import { fieldLabel, parseFields } from '../filing/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { ResourceDeps } from './context.ts';
import { requirePermission } from './context.ts';
import { resourceSchema } from './register-resource.ts';
import { insertResource } from './service-codes.ts';

const COLUMNS = ['account', 'label', 'accessMethod', 'province', 'ips', 'termStart', 'termEnd', 'codeQuota'];
/** Lines read from one file at most: more is a mistake (or an attack), not a provider's stock. */
export const MAX_RESOURCE_LINES = 10_000;

export type ResourceImportSummary = ImportSummary & { duplicates: number; codes: number; truncated: boolean };

/** A CSV row (all text) → the schema's input: IPs as a list, the quota as a number. */
function fromCsv(record: Record<string, string>): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(record)) {
    const text = cell.trim();
    if (text === '') continue;
    if (column === 'ips') value.ips = text.split(/[\s;]+/).filter((ip) => ip !== '');
    else if (column === 'codeQuota') value.codeQuota = /^\d{1,4}$/.test(text) ? Number(text) : text;
    else value[column] = text;
  }
  return value;
}

export async function importResources(
  deps: ResourceDeps & { input: AsyncIterable<string | Uint8Array>; format: ImportFormat },
): Promise<ResourceImportSummary> {
  requirePermission(deps.actor, 'resource.manage', { zh: '导入备案资源', en: 'import resources' });
  const report = new ImportReport();
  const schema = resourceSchema(deps);
  let duplicates = 0;
  let codes = 0;
  let lines = 0;
  let truncated = false;
  const applicants = new Set(
    (
      await deps.database.kysely
        .selectFrom('account')
        .select('login')
        .where('role', '=', 'applicant')
        .execute()
    ).map((row) => row.login),
  );
  const records = readRecords(deps.input, deps.format, (columns) => checkCsvColumns(columns, COLUMNS));
  for await (const record of records) {
    if ('errors' in record) {
      report.reject(record.errors);
      continue;
    }
    lines += 1;
    if (lines > MAX_RESOURCE_LINES) {
      truncated = true;
      report.reject([
        lineError(record.line, undefined, {
          zh: `一次最多导入 ${MAX_RESOURCE_LINES} 行，此行及以后未读取；请拆分文件`,
          en: `at most ${MAX_RESOURCE_LINES} lines are imported at once; this line and the rest were not read. Split the file`,
        }),
      ]);
      break;
    }
    const value = deps.format === 'csv' ? fromCsv(record.value as Record<string, string>) : record.value;
    const parsed = parseFields(schema, value);
    if (!parsed.ok) {
      report.reject(
        parsed.errors.map((error): ImportError => {
          const label = fieldLabel(error.path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)));
          return lineError(record.line, error.path || undefined, {
            zh: `（${label.zh}）${error.message.zh}`,
            en: `(${label.en}) ${error.message.en}`,
          });
        }),
      );
      continue;
    }
    if (!applicants.has(parsed.value.account)) {
      report.reject([
        lineError(record.line, 'account', {
          zh: '没有这个申请人账号',
          en: 'no applicant account has this login name',
        }),
      ]);
      continue;
    }
    const created = await writeTransaction(deps.database, (tx) =>
      insertResource(tx, deps, parsed.value, 'import'),
    );
    if (created === null) duplicates += 1;
    else {
      report.imported();
      codes += created.codes.length;
    }
  }
  return { ...report.summary(), duplicates, codes, truncated };
}
