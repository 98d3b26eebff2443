/**
 * `beian filings import`: filed subjects with their websites (and applications in progress) from JSON
 * Lines or CSV. Each line is written inside its own savepoint, so a rejected line leaves nothing behind;
 * lines are committed in batches that never split one subject's lines.
 */
import type { ControlledTransaction } from 'kysely';
import { filingLineSchema } from '../facts/index.ts';
import type { FilingSchemaPolicy, RegistrySubject } from '../facts/index.ts';
import { findFilingConflicts, findSubjectIds, insertWebsites, replaceSubject } from '../store/index.ts';
import type { FilingConflict } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import { toShanghaiIso } from '../shared/index.ts';
import {
  checkBatchSize,
  checkCsvColumns,
  ImportReport,
  issueErrors,
  lineError,
  readRecords,
  unflattenCsvRecord,
} from './import-lines.ts';
import type { ImportError, ImportMessage, ImportOptions, ImportSummary } from './import-lines.ts';

const SUBJECT_COLUMNS = [
  'subjectNumber',
  'province',
  'subject.name',
  'subject.type',
  'subject.idType',
  'subject.idNumber',
  'provider',
  'account',
  'state',
];
const ONE_WEBSITE_COLUMNS = [
  'website.number',
  'website.domains',
  'website.provider',
  'website.providers',
  'website.approvedAt',
  'website.name',
  'website.homeUrl',
];
/** CSV columns: `websites` as JSON text in a cell, or one website a row with `website.*` columns. */
const FILING_CSV_COLUMNS = [...SUBJECT_COLUMNS, 'websites', ...ONE_WEBSITE_COLUMNS] as const;

/** The import's options and the policy data whose provinces give ICP numbers their bureau. */
export type FilingImportOptions = ImportOptions & { policy: FilingSchemaPolicy };

/** What this import already wrote for a subject key: later lines with the key add websites to it. */
type Written = { id: number; line: number; fingerprint: string };

export async function importFilings(options: FilingImportOptions): Promise<ImportSummary> {
  const { db, format } = options;
  const schema = filingLineSchema(options.policy);
  const batchSize = checkBatchSize(options.batchSize);
  const now = options.now ?? (() => new Date());
  const report = new ImportReport(options.maxErrors);
  const written = new Map<string, Written>();
  let oneWebsitePerRow = false;
  const checkHeader = (columns: string[]): ImportMessage | null => {
    oneWebsitePerRow = columns.some((column) => column.startsWith('website.'));
    if (oneWebsitePerRow && columns.includes('websites')) {
      return {
        zh: '表头不能同时有 websites 和 website.* 列',
        en: 'header cannot have both websites and website.* columns',
      };
    }
    return checkCsvColumns(columns, FILING_CSV_COLUMNS);
  };
  // Field paths in the words of the file: one-website rows name `website.number`, not `websites[0].number`.
  const renameField = (field: string): string =>
    oneWebsitePerRow ? field.replace(/^websites\[0\]\./, 'website.') : field;

  let trx: ControlledTransaction<Schema> | null = null;
  let linesInTransaction = 0;
  let previousKey: string | null = null;
  try {
    for await (const record of readRecords(options.input, format, checkHeader)) {
      if ('errors' in record) {
        report.reject(record.errors);
        continue;
      }
      const value = format === 'csv' ? filingFromCsv(record.value as Record<string, string>) : record.value;
      if (value instanceof Error) {
        report.reject([
          lineError(record.line, 'websites', {
            zh: `不是有效的 JSON（${value.message}）`,
            en: `is not valid JSON (${value.message})`,
          }),
        ]);
        continue;
      }
      const parsed = schema.safeParse(value, { reportInput: true });
      if (!parsed.success) {
        report.reject(issueErrors(record.line, parsed.error.issues, renameField));
        continue;
      }
      const subject = parsed.data;
      const future = futureApprovals(record.line, subject, now(), renameField);
      if (future.length > 0) {
        report.reject(future);
        continue;
      }
      const key = subjectKey(subject);
      if (trx && linesInTransaction >= batchSize && key !== previousKey) {
        await trx.commit().execute();
        trx = null;
        linesInTransaction = 0;
      }
      trx ??= await db.kysely.startTransaction().execute();
      previousKey = key;
      linesInTransaction += 1;
      const errors = await writeLine(trx, subject, record.line, written, now().toISOString(), renameField);
      if (errors.length > 0) report.reject(errors);
      else report.imported();
    }
    if (trx) await trx.commit().execute();
  } catch (error) {
    if (trx && !trx.isCommitted) await trx.rollback().execute();
    throw error;
  }
  return report.summary();
}

/**
 * An approval date after the import time is a mistake in the file (a typo, a local time read as UTC
 * days ahead): refused, since it would decide which rules a filing is measured by.
 */
function futureApprovals(
  line: number,
  subject: RegistrySubject,
  now: Date,
  renameField: (field: string) => string,
): ImportError[] {
  const shown = toShanghaiIso(now);
  return subject.websites.flatMap((website, w) =>
    website.approvedAt != null && Date.parse(website.approvedAt) > now.getTime()
      ? [
          lineError(line, renameField(`websites[${w}].approvedAt`), {
            zh: `晚于导入时间 ${shown}：审核通过日期不能在将来`,
            en: `is after the import time ${shown}: an approval date cannot be in the future`,
          }),
        ]
      : [],
  );
}

/** Filed subjects by number; an application in progress (no number yet) by certificate number. */
function subjectKey(subject: RegistrySubject): string {
  return subject.subjectNumber ?? `in-progress:${subject.subject.idNumber}`;
}

function fingerprint(subject: RegistrySubject): string {
  const { websites: _websites, ...fields } = subject;
  return JSON.stringify(fields);
}

async function writeLine(
  trx: ControlledTransaction<Schema>,
  subject: RegistrySubject,
  line: number,
  written: Map<string, Written>,
  now: string,
  renameField: (field: string) => string,
): Promise<ImportError[]> {
  const key = subjectKey(subject);
  const earlier = written.get(key);
  if (earlier && earlier.fingerprint !== fingerprint(subject)) {
    return [
      lineError(line, undefined, {
        zh: `主体信息与第 ${earlier.line} 行（同一主体）不一致；同一主体的各行应相同`,
        en: `subject fields differ from line ${earlier.line} for the same subject; they must be the same`,
      }),
    ];
  }
  const savepoint = await trx.savepoint('line').execute();
  try {
    const ids = earlier ? [earlier.id] : await findSubjectIds(savepoint, subject);
    const conflicts = await findFilingConflicts(
      savepoint,
      subject,
      ids[0] ?? null,
      earlier ? 'append' : 'replace',
    );
    if (conflicts.length > 0) {
      await savepoint.rollbackToSavepoint('line').execute();
      return conflicts.map((conflict) => conflictError(line, subject, conflict, renameField));
    }
    if (earlier) {
      await insertWebsites(savepoint, earlier.id, subject.websites);
    } else {
      const id = await replaceSubject(savepoint, subject, ids, now);
      written.set(key, { id, line, fingerprint: fingerprint(subject) });
    }
    await savepoint.releaseSavepoint('line').execute();
    return [];
  } catch (error) {
    // A constraint the checks above did not foresee: undo this line only, report it, go on.
    await savepoint.rollbackToSavepoint('line').execute();
    const detail = error instanceof Error ? error.message : String(error);
    return [
      lineError(line, undefined, {
        zh: `写入数据库失败（${detail}）`,
        en: `could not be written (${detail})`,
      }),
    ];
  }
}

function conflictError(
  line: number,
  subject: RegistrySubject,
  conflict: FilingConflict,
  renameField: (field: string) => string,
): ImportError {
  const website = subject.websites[conflict.websiteIndex];
  if (conflict.kind === 'website-number-taken') {
    return lineError(line, renameField(`websites[${conflict.websiteIndex}].number`), {
      zh: `${website?.number ?? ''} 已存在`,
      en: `${website?.number ?? ''} already exists`,
    });
  }
  const field = renameField(`websites[${conflict.websiteIndex}].domains[${conflict.domainIndex}]`);
  const domain = website?.domains[conflict.domainIndex] ?? '';
  if (conflict.kind === 'domain-already-in-subject') {
    return lineError(line, field, {
      zh: `${domain} 已在该主体的其他网站中`,
      en: `${domain} is already in another website of this subject`,
    });
  }
  const other = conflict.otherSubjectNumber ?? '?';
  return lineError(line, field, {
    zh: `${domain} 已在另一主体 ${other} 下备案（一个域名只能有一个备案）`,
    en: `${domain} is already filed under another subject, ${other} (a domain has one filing)`,
  });
}

/** CSV row → the JSON shape; an Error when the `websites` cell is not JSON. */
function filingFromCsv(record: Record<string, string>): Record<string, unknown> | Error {
  const value = unflattenCsvRecord(record);
  if (typeof value.websites === 'string') {
    try {
      value.websites = JSON.parse(value.websites) as unknown;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }
  const website = value.website as Record<string, string> | undefined;
  delete value.website;
  if (website) {
    const list = (cell: string | undefined) =>
      cell === undefined
        ? undefined
        : cell
            .split(';')
            .map((part) => part.trim())
            .filter((part) => part !== '');
    const { number, provider, approvedAt, name, homeUrl } = website;
    value.websites = [
      {
        number,
        domains: list(website.domains) ?? [],
        provider,
        providers: list(website.providers),
        approvedAt,
        ...(name === undefined || name === '' ? {} : { name }),
        ...(homeUrl === undefined || homeUrl === '' ? {} : { homeUrl }),
      },
    ];
  }
  return value;
}
