/**
 * `beian registrar import FILE`: domains with their history into the registrar sandbox, from JSON Lines
 * or CSV read as `beian registry import` reads them. Each line's shape is checked by the registrar's
 * schema, the rest by the registrar itself; a bad line is reported with its number and field and
 * skipped, every good line is committed (one transaction each).
 */
import { createReadStream, statSync } from 'node:fs';
import type { RegistrarActor, RegistrarGateway } from '../registrar/index.ts';
import { IMPORT_CSV_COLUMNS, RegistrarError, importLineSchema } from '../registrar/index.ts';
import type { ImportFormat, ImportSummary } from '../imports/index.ts';
import {
  ImportReport,
  checkCsvColumns,
  issueErrors,
  lineError,
  readRecords,
  unflattenCsvRecord,
} from '../imports/index.ts';
import { InputFileError } from './bulk-io.ts';

export async function importRegistrarFile(
  registrar: RegistrarGateway,
  request: { actor: RegistrarActor; file: string; format: ImportFormat; now: () => Date },
): Promise<ImportSummary> {
  const { file, format } = request;
  if (file !== '-') {
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      throw new InputFileError({ zh: `无法读取文件：${file}`, en: `cannot read file: ${file}` });
    }
  }
  const input = file === '-' ? process.stdin : createReadStream(file);
  const report = new ImportReport();
  const records = readRecords(input, format, (columns) => checkCsvColumns(columns, IMPORT_CSV_COLUMNS));
  for await (const record of records) {
    if ('errors' in record) {
      report.reject(record.errors);
      continue;
    }
    const value =
      format === 'csv' ? unflattenCsvRecord(record.value as Record<string, string>) : record.value;
    const parsed = importLineSchema.safeParse(value, { reportInput: true });
    if (!parsed.success) {
      report.reject(issueErrors(record.line, parsed.error.issues));
      continue;
    }
    try {
      await registrar.importDomain({ actor: request.actor, now: request.now(), line: parsed.data });
      report.imported();
    } catch (error) {
      if (!(error instanceof RegistrarError)) throw error;
      report.reject(
        error.fields.length > 0
          ? error.fields.map((field) => lineError(record.line, field.path, field.message))
          : [lineError(record.line, undefined, error.messages)],
      );
    }
  }
  return report.summary();
}
