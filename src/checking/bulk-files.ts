/**
 * Bulk check files (批量备案类型验证): reading TXT/CSV rows as a stream and writing CSV/JSONL results, for
 * both `beian check --file` (src/cli/bulk-io.ts adds files, backpressure and the progress bar) and the
 * web's upload (/precheck/bulk, which also reads a whole bounded upload with `readBulkUpload`). The
 * formats are the README's "Bulk checks stream" section; one reader and one writer keep the CLI and the
 * web answering the same file with the same rows.
 */
import { StringDecoder } from 'node:string_decoder';
import type { PolicyData } from '../policy/index.ts';
import type { CheckResult } from '../rules/index.ts';
import { LocalizedError } from '../shared/index.ts';
import type { BulkRow, BulkRowError, BulkRowResult, RowField } from './bulk-check.ts';
import { ROW_FIELDS } from './bulk-check.ts';
import { CheckRequestError, checkRequestSchema, contextFor } from './check-domains.ts';
import { CsvSyntaxError, readCsvRecords } from './csv-records.ts';

export type InputFormat = 'txt' | 'csv';
export type OutputFormat = 'csv' | 'jsonl';
type Lang = 'zh' | 'en';
/** Text chunks: a file stream (Buffers), a web stream (Uint8Arrays), strings; cut anywhere. */
type TextChunks = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** A problem with the file itself (not one row): the CLI exits 2, the web answers 422 on the file. */
export class InputFileError extends LocalizedError {}

/** One domain a line; blank lines and `#` comments are skipped but keep the line numbers true. */
export async function* readTxtRows(stream: TextChunks): AsyncGenerator<BulkRow[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  let first = true;
  const rowsOf = (lines: string[]): BulkRow[] => {
    const rows: BulkRow[] = [];
    for (const text of lines) {
      line++;
      let input = text.trim();
      if (first) {
        input = input.replace(/^\uFEFF/, '');
        first = false;
      }
      if (input !== '' && !input.startsWith('#')) rows.push({ line, input });
    }
    return rows;
  };
  for await (const chunk of stream) {
    const lines = (pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk))).split('\n');
    pending = lines.pop() ?? '';
    if (pending.length > 64 * 1024) {
      throw new InputFileError({
        zh: `第 ${line + lines.length + 1} 行超过 64 KiB`,
        en: `line ${line + lines.length + 1} is longer than 64 KiB`,
      });
    }
    const rows = rowsOf(lines);
    if (rows.length > 0) yield rows;
  }
  const rest = rowsOf([pending + decoder.end()]);
  if (rest.length > 0) yield rest;
}

const COLUMN_ALIASES: Record<string, RowField | 'domain'> = Object.fromEntries<RowField | 'domain'>([
  ['domain', 'domain'],
  ['域名', 'domain'],
  ...ROW_FIELDS.map((field): [string, RowField] => [field.toLowerCase(), field]),
]);

/**
 * CSV with a header row: a `domain` (or `域名`) column, and optionally the per-row fields province,
 * subjectType, subjectName, subjectIdType, subjectId, account. Unknown columns are ignored.
 */
export async function* readCsvRows(stream: TextChunks): AsyncGenerator<BulkRow[]> {
  let columns: (RowField | 'domain' | null)[] | null = null;
  let domainIndex = -1;
  let hasFields = false;
  try {
    for await (const records of readCsvRecords(stream)) {
      const rows: BulkRow[] = [];
      for (const record of records) {
        if (columns === null) {
          columns = record.fields.map((name) => COLUMN_ALIASES[name.trim().toLowerCase()] ?? null);
          domainIndex = columns.indexOf('domain');
          hasFields = columns.some((column) => column !== null && column !== 'domain');
          if (domainIndex < 0) {
            throw new InputFileError({
              zh: 'CSV 第 1 行必须是表头，并包含 domain（或“域名”）列',
              en: 'the CSV must start with a header row that has a "domain" column',
            });
          }
          continue;
        }
        rows.push(rowOf(record.line, record.fields, columns, domainIndex, hasFields));
      }
      if (rows.length > 0) yield rows;
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw new InputFileError({
      zh: `CSV 格式错误：第 ${error.line} 行`,
      en: `malformed CSV: ${error.message}`,
    });
  }
}

function rowOf(
  line: number,
  values: readonly string[],
  columns: readonly (RowField | 'domain' | null)[],
  domainIndex: number,
  hasFields: boolean,
): BulkRow {
  const input = (values[domainIndex] ?? '').trim();
  if (!hasFields) return { line, input };
  const fields: Partial<Record<RowField, string>> = {};
  values.forEach((value, index) => {
    const column = columns[index];
    const trimmed = value.trim();
    if (column && column !== 'domain' && trimmed !== '') fields[column] = trimmed;
  });
  return { line, input, fields };
}

export const CSV_COLUMNS = [
  'line',
  'input',
  'domain',
  'registrable',
  'filingType',
  'ok',
  'codes',
  'message',
] as const;

/**
 * One CSV cell, quoted per RFC 4180. A cell that a spreadsheet would run as a formula (= + - @ tab CR)
 * gets a leading apostrophe (OWASP CSV injection), since inputs come from users.
 */
export function csvCell(value: string): string {
  // One test for the common case: nothing to quote and nothing a spreadsheet would run.
  if (!NEEDS_CARE.test(value)) return value;
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/;

function firstMessage(result: CheckResult, lang: Lang): string {
  const finding =
    result.findings.find((f) => f.severity === 'error') ??
    result.findings.find((f) => f.severity === 'warning') ??
    result.findings[0];
  return finding ? finding.message[lang] : '';
}

export function formatCsvRow({ line, result }: BulkRowResult, lang: Lang): string {
  const domain = result.domain;
  // Only the input and the message can hold commas, quotes or formula starts; the other cells are
  // numbers, codes and A-label domains.
  return (
    `${line},${csvCell(result.input)},${domain?.ascii ?? ''},${domain?.registrableAscii ?? ''},` +
    `${result.filingType ?? ''},${result.ok},${result.findings.map((f) => f.code).join(' ')},` +
    `${csvCell(firstMessage(result, lang))}\n`
  );
}

export function formatJsonlRow({ line, result }: BulkRowResult): string {
  return JSON.stringify({ line, ...result }) + '\n';
}

// ---------------------------------------------------------------------------------------------------
// A whole upload, read before any row is checked (the web: a 422 can only come before the first byte
// of the answer, so every problem of the file is found first).

/** Why an upload is refused; the web shows the message on the file field with this code. */
type BulkUploadProblem = 'EMPTY' | 'FILE_TOO_LARGE' | 'NOT_TEXT' | 'TOO_MANY_ROWS' | 'MALFORMED';

export class BulkUploadError extends LocalizedError {
  readonly code: BulkUploadProblem;
  constructor(code: BulkUploadProblem, messages: { zh: string; en: string }) {
    super(messages);
    this.code = code;
  }
}

type BulkUploadLimits = { maxBytes: number; maxRows: number };

const grouped = (n: number) => n.toLocaleString('en-US');
const mebibytes = (bytes: number) => `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
/** The readers' own line-length limit (64 KiB) then applies to an upload as to a file. */
const UPLOAD_PIECE_CHARS = 64 * 1024;

/**
 * Every row of an uploaded file, or a BulkUploadError: empty, too large, not UTF-8 text (a NUL byte, or
 * bytes that are not UTF-8 — Excel's "CSV" in GBK is the usual case), malformed CSV, more rows than
 * `maxRows` (counting stops there), or no row at all.
 */
export async function readBulkUpload(
  bytes: Uint8Array,
  format: InputFormat,
  limits: BulkUploadLimits,
): Promise<BulkRow[]> {
  if (bytes.length === 0) {
    throw new BulkUploadError('EMPTY', { zh: '上传的文件是空的', en: 'The uploaded file is empty' });
  }
  if (bytes.length > limits.maxBytes) {
    throw new BulkUploadError('FILE_TOO_LARGE', {
      zh: `文件不能超过 ${mebibytes(limits.maxBytes)}；更大的文件请用命令行 beian check --file`,
      en: `The file must be at most ${mebibytes(limits.maxBytes)}; use the command line (beian check --file) for larger files`,
    });
  }
  let text: string;
  try {
    // NUL never occurs in text and UTF-8 decodes it silently, so binary files are caught by it too.
    if (bytes.includes(0)) throw new TypeError('NUL byte');
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BulkUploadError('NOT_TEXT', {
      zh: '文件不是 UTF-8 编码的文本：请上传 TXT 或 CSV 文件，并以 UTF-8 编码保存',
      en: 'The file is not UTF-8 text: upload a TXT or CSV file saved as UTF-8',
    });
  }
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += UPLOAD_PIECE_CHARS) {
    pieces.push(text.slice(start, start + UPLOAD_PIECE_CHARS));
  }
  const rows: BulkRow[] = [];
  try {
    for await (const batch of format === 'csv' ? readCsvRows(pieces) : readTxtRows(pieces)) {
      rows.push(...batch);
      if (rows.length > limits.maxRows) {
        throw new BulkUploadError('TOO_MANY_ROWS', {
          zh: `文件超过 ${grouped(limits.maxRows)} 行；请拆分文件，或用命令行 beian check --file`,
          en: `The file has more than ${grouped(limits.maxRows)} rows: split it, or use the command line (beian check --file)`,
        });
      }
    }
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    throw new BulkUploadError('MALFORMED', error.messages);
  }
  if (rows.length === 0) {
    throw new BulkUploadError('EMPTY', {
      zh: '文件中没有域名',
      en: 'The file holds no domain',
    });
  }
  return rows;
}

/**
 * The rows whose own columns (merged over `defaults`) `bulkCheck` would reject, with the same messages,
 * at most `max` of them, plus how many there are in all. Lets the web refuse the file before answering
 * instead of leaving rows out of the download.
 */
export function rowOptionErrors(
  policy: PolicyData,
  rows: readonly BulkRow[],
  defaults: Partial<Record<RowField, string>>,
  options: { now: Date; max: number },
): { errors: BulkRowError[]; total: number } {
  const known = new Map<string, Omit<BulkRowError, 'line'> | null>();
  const errors: BulkRowError[] = [];
  let total = 0;
  for (const row of rows) {
    if (row.fields === undefined) continue;
    const merged = { ...defaults, ...row.fields };
    const key = JSON.stringify(merged);
    let problem = known.get(key);
    if (problem === undefined) {
      problem = optionProblem(policy, merged, options.now);
      known.set(key, problem);
    }
    if (problem === null) continue;
    total++;
    if (errors.length < options.max) {
      errors.push({
        line: row.line,
        field: problem.field,
        message: {
          zh: `第 ${row.line} 行：${problem.message.zh}`,
          en: `line ${row.line}: ${problem.message.en}`,
        },
      });
    }
  }
  return { errors, total };
}

/** What `bulkCheck`'s context building refuses (src/checking/bulk-check.ts), without the line. */
function optionProblem(
  policy: PolicyData,
  fields: Partial<Record<RowField, string>>,
  now: Date,
): Omit<BulkRowError, 'line'> | null {
  const parsed = checkRequestSchema.safeParse({ inputs: ['-'], ...fields });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '?';
    return {
      field,
      message: {
        zh: `${field} 取值无效（${issue?.message ?? ''}）`,
        en: `${field} is invalid (${issue?.message ?? ''})`,
      },
    };
  }
  try {
    // Resolving the province's policy needs the instant the rows will be checked at.
    contextFor(policy, parsed.data, () => now);
    return null;
  } catch (error) {
    if (!(error instanceof CheckRequestError)) throw error;
    return { field: error.field, message: error.messages };
  }
}
