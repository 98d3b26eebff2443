/**
 * `beian registry import`: domain registrations (the MIIT sandbox domain database) from JSON Lines or
 * CSV. Bad lines are reported and skipped; good ones are upserted by domain in batches.
 */
import { registrationLineSchema } from '../facts/index.ts';
import type { DomainRegistration } from '../facts/index.ts';
import { upsertRegistrations } from '../store/index.ts';
import {
  checkBatchSize,
  checkCsvColumns,
  ImportReport,
  issueErrors,
  readRecords,
  unflattenCsvRecord,
} from './import-lines.ts';
import type { ImportOptions, ImportSummary } from './import-lines.ts';

/** CSV columns: the JSON fields, nested ones flattened with dots. */
const REGISTRATION_CSV_COLUMNS = [
  'domain',
  'registrar',
  'registrarIanaId',
  'registeredAt',
  'expiresAt',
  'realName.status',
  'realName.verifiedAt',
  'realName.reportedAt',
  'realName.holder.name',
  'realName.holder.type',
  'realName.holder.idType',
  'realName.holder.idNumber',
] as const;

export async function importRegistrations(options: ImportOptions): Promise<ImportSummary> {
  const { db, format } = options;
  const batchSize = checkBatchSize(options.batchSize);
  const now = options.now ?? (() => new Date());
  const report = new ImportReport(options.maxErrors);
  // Keyed by domain so a domain repeated within a batch is written once, the later line winning, as
  // it would across batches; one multi-row upsert must not touch the same row twice.
  let batch = new Map<string, DomainRegistration>();
  let lines = 0;
  const flush = async (): Promise<void> => {
    if (lines === 0) return;
    const registrations = [...batch.values()];
    await db.kysely
      .transaction()
      .execute((trx) => upsertRegistrations(trx, registrations, now().toISOString()));
    report.imported(lines);
    batch = new Map();
    lines = 0;
  };

  const records = readRecords(options.input, format, (columns) =>
    checkCsvColumns(columns, REGISTRATION_CSV_COLUMNS),
  );
  for await (const record of records) {
    if ('errors' in record) {
      report.reject(record.errors);
      continue;
    }
    const value =
      format === 'csv' ? registrationFromCsv(record.value as Record<string, string>) : record.value;
    const parsed = registrationLineSchema.safeParse(value, { reportInput: true });
    if (!parsed.success) {
      report.reject(issueErrors(record.line, parsed.error.issues));
      continue;
    }
    batch.delete(parsed.data.domain);
    batch.set(parsed.data.domain, parsed.data);
    lines += 1;
    if (lines >= batchSize) await flush();
  }
  await flush();
  return report.summary();
}

/** CSV cells are text: the IANA id is turned into a number when it is one (else zod names the field). */
function registrationFromCsv(record: Record<string, string>): Record<string, unknown> {
  const value = unflattenCsvRecord(record);
  const ianaId = value.registrarIanaId;
  if (typeof ianaId === 'string' && /^\d{1,10}$/.test(ianaId.trim())) value.registrarIanaId = Number(ianaId);
  return value;
}
