/**
 * Reading import files: JSON Lines or CSV into one record per line, with line numbers, size limits and
 * per-line errors. Shared by the registration and filing imports.
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse as parseCsv } from 'csv-parse';
import type { CsvError, Info } from 'csv-parse';
import type { $ZodIssue } from 'zod/v4/core';
import type { Database } from '../store/index.ts';

export type ImportFormat = 'jsonl' | 'csv';
/** Chunks of text (a file stream, or strings that carry their own `\n`), not pre-split lines. */
type ImportInput = AsyncIterable<string | Uint8Array> | Readable;
export type ImportMessage = { zh: string; en: string };
export type ImportError = { line: number; field?: string; message: ImportMessage };
export type ImportSummary = {
  /** Lines (JSONL objects, CSV rows) written. */
  imported: number;
  /** Lines rejected; each has at least one entry in `errors`. */
  skipped: number;
  /** Sorted by line; at most `maxErrors` entries. */
  errors: ImportError[];
  /** Errors beyond `maxErrors`, counted but not listed. */
  errorsOmitted: number;
};

export type ImportOptions = {
  db: Database;
  input: ImportInput;
  format: ImportFormat;
  /** Lines per transaction (default 1000). */
  batchSize?: number | undefined;
  /** Errors listed in the summary (default 1000); the rest are only counted. */
  maxErrors?: number | undefined;
  /** The clock for `updated_at` / `created_at` (tests). */
  now?: (() => Date) | undefined;
};

export function checkBatchSize(batchSize: number | undefined): number {
  const size = batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batchSize must be a positive integer, got ${size}`);
  return size;
}

/** A line longer than this (UTF-8 bytes) is rejected without being parsed. */
export const MAX_LINE_BYTES = 64 * 1024;
const DEFAULT_BATCH_SIZE = 1000;
const DEFAULT_MAX_ERRORS = 1000;

/** One record read from the file: its value, or why the line could not be read at all. */
type SourceRecord = { line: number; value: unknown } | { line: number; errors: ImportError[] };

/** `第 3 行：realName.status 取值无效…` / `line 3: realName.status is invalid…`. */
export function lineError(line: number, field: string | undefined, reason: ImportMessage): ImportError {
  const message =
    field === undefined
      ? { zh: `第 ${line} 行：${reason.zh}`, en: `line ${line}: ${reason.en}` }
      : { zh: `第 ${line} 行：${field} ${reason.zh}`, en: `line ${line}: ${field} ${reason.en}` };
  return field === undefined ? { line, message } : { line, field, message };
}

/** Counts and errors of one import run. */
export class ImportReport {
  #imported = 0;
  #skipped = 0;
  #omitted = 0;
  readonly #errors: ImportError[] = [];
  readonly #maxErrors: number;

  constructor(maxErrors: number = DEFAULT_MAX_ERRORS) {
    this.#maxErrors = maxErrors;
  }

  imported(lines = 1): void {
    this.#imported += lines;
  }

  reject(errors: readonly ImportError[]): void {
    this.#skipped += 1;
    for (const error of errors) {
      if (this.#errors.length < this.#maxErrors) this.#errors.push(error);
      else this.#omitted += 1;
    }
  }

  summary(): ImportSummary {
    const errors = [...this.#errors].sort((a, b) => a.line - b.line);
    return { imported: this.#imported, skipped: this.#skipped, errors, errorsOmitted: this.#omitted };
  }
}

type PhysicalLine =
  { line: number; text: string; oversize: false } | { line: number; text: ''; oversize: true };

/**
 * Splits text chunks into lines (LF or CRLF, BOM dropped) without ever holding more than one line
 * of at most MAX_LINE_BYTES: the rest of an oversize line is discarded as it streams past.
 */
export async function* physicalLines(input: ImportInput): AsyncGenerator<PhysicalLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let oversize = false;
  let line = 1;
  let atStart = true;
  const finish = (): PhysicalLine => {
    const text = pending.endsWith('\r') ? pending.slice(0, -1) : pending;
    // A UTF-8 byte is at most one UTF-16 unit, so only long strings need the exact byte count.
    const tooLong =
      oversize || (text.length > MAX_LINE_BYTES / 3 && Buffer.byteLength(text) > MAX_LINE_BYTES);
    const result: PhysicalLine = tooLong
      ? { line, text: '', oversize: true }
      : { line, text, oversize: false };
    pending = '';
    oversize = false;
    line += 1;
    return result;
  };
  const take = (piece: string): void => {
    if (oversize) return;
    pending += piece;
    if (pending.length > MAX_LINE_BYTES) {
      oversize = true;
      pending = '';
    }
  };
  for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
    let text =
      typeof chunk === 'string'
        ? chunk
        : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (atStart && text.length > 0) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      take(text.slice(start, newline));
      yield finish();
      start = newline + 1;
    }
    take(text.slice(start));
  }
  take(decoder.end());
  if (pending !== '' || oversize) yield finish();
}

const unreadable = (line: number, reason: ImportMessage): SourceRecord => ({
  line,
  errors: [lineError(line, undefined, reason)],
});

const OVERSIZE: ImportMessage = {
  zh: `超过 ${MAX_LINE_BYTES / 1024} KiB，未读取`,
  en: `is longer than ${MAX_LINE_BYTES / 1024} KiB and was not read`,
};

/** JSON Lines: one object a line; blank lines and lines starting with `#` are ignored. */
export async function* readJsonLines(input: ImportInput): AsyncGenerator<SourceRecord> {
  for await (const physical of physicalLines(input)) {
    const { line } = physical;
    if (physical.oversize) {
      yield unreadable(line, OVERSIZE);
      continue;
    }
    const text = physical.text.trim();
    if (text === '' || text.startsWith('#')) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      yield unreadable(line, { zh: `不是有效的 JSON（${detail}）`, en: `is not valid JSON (${detail})` });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield unreadable(line, { zh: '应为一个 JSON 对象', en: 'must be a JSON object' });
      continue;
    }
    yield { line, value };
  }
}

/**
 * CSV with a header row: one record (column → cell text) per row, numbered by the line it starts on.
 * Lines are length-checked before csv-parse sees them: its own record limit stops the whole parse.
 */
export async function* readCsv(
  input: ImportInput,
  /** A message for a bad header stops the import: no row could be read right. */
  checkHeader: (columns: string[]) => ImportMessage | null = () => null,
): AsyncGenerator<SourceRecord> {
  const oversize = new Set<number>();
  const pending: SourceRecord[] = [];
  // Written from csv-parse's callbacks, hence an object rather than narrowed locals.
  const header: { line: number; problem: ImportMessage | null } = { line: 0, problem: null };
  // Where the last row ended and which lines hold no row: an unclosed quote is reported where its row began.
  let lastRowEnd = 0;
  const rowless = new Set<number>();

  async function* feed(): AsyncGenerator<string> {
    for await (const physical of physicalLines(input)) {
      if (physical.oversize) {
        oversize.add(physical.line);
        pending.push(unreadable(physical.line, OVERSIZE));
      } else if (physical.text.trim() === '' || physical.text.startsWith('#')) {
        rowless.add(physical.line);
      } else if (header.line === 0) {
        header.line = physical.line;
      }
      // An empty stand-in keeps csv-parse's line count equal to the file's.
      yield `${physical.text}\n`;
    }
  }

  const parser = parseCsv({
    columns: (columns: string[]) => {
      header.problem = checkHeader(columns);
      return columns;
    },
    relax_column_count: false,
    info: true,
    bom: true,
    skip_empty_lines: true,
    comment: '#',
    comment_no_infix: true,
    skip_records_with_error: true,
    on_record: (record: unknown, context: Info) => {
      lastRowEnd = context.lines;
      return record;
    },
  });
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    let line = error.lines ?? 0;
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      for (line = lastRowEnd + 1; rowless.has(line) || line === header.line; line += 1);
    }
    lastRowEnd = line;
    pending.push(unreadable(line, csvErrorReason(error)));
  });
  const source = Readable.from(feed());
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: Info;
    }>) {
      if (header.problem !== null) break;
      yield* pending.splice(0);
      const newlines = Object.values(record).reduce((sum, cell) => sum + countNewlines(cell), 0);
      const start = info.lines - newlines;
      let spoiled = false;
      for (let line = start; line <= info.lines; line += 1) spoiled ||= oversize.has(line);
      // A row that spans an oversize line lost part of a cell; that line's error already says so.
      if (!spoiled) yield { line: start, value: record };
    }
    yield* header.problem !== null ? [unreadable(header.line, header.problem)] : pending;
  } finally {
    // Also when the caller stops early: closes the input file behind the generator chain.
    source.destroy();
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count += 1;
  return count;
}

function csvErrorReason(error: CsvError): ImportMessage {
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return { zh: '列数与表头不一致', en: 'has a different number of columns than the header' };
    case 'CSV_QUOTE_NOT_CLOSED':
      return {
        zh: '引号未闭合，此行至文件末尾未能读取',
        en: 'has a quote that is never closed; the file could not be read from here to its end',
      };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { zh: '闭合引号后有多余字符', en: 'has characters after a closing quote' };
    default:
      return { zh: `CSV 格式错误（${error.message}）`, en: `is not valid CSV (${error.message})` };
  }
}

/** `realName.holder.name` cells → nested objects; empty cells are left out (absent, not ""). */
export function unflattenCsvRecord(record: Record<string, string>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(record)) {
    if (cell.trim() === '') continue;
    const keys = column.split('.');
    let target = result;
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      if (typeof next === 'object' && next !== null) target = next as Record<string, unknown>;
      else target = target[key] = {} as Record<string, unknown>;
    }
    target[keys[keys.length - 1] ?? column] = cell;
  }
  return result;
}

/** Duplicate or unknown header columns, as one message naming them. */
export function checkCsvColumns(columns: readonly string[], known: readonly string[]): ImportMessage | null {
  const seen = new Set<string>();
  const duplicates = columns.filter((column) => (seen.has(column) ? true : (seen.add(column), false)));
  if (duplicates.length > 0) {
    return {
      zh: `表头中的列重复：${duplicates.join('、')}`,
      en: `header repeats columns: ${duplicates.join(', ')}`,
    };
  }
  const unknown = columns.filter((column) => !known.includes(column));
  if (unknown.length > 0) {
    return {
      zh: `表头中有未知的列：${unknown.join('、')}（可用：${known.join('、')}）`,
      en: `header has unknown columns: ${unknown.join(', ')} (known: ${known.join(', ')})`,
    };
  }
  return null;
}

/** `['websites', 0, 'domains', 1]` → `websites[0].domains[1]`. */
export function formatPath(path: readonly PropertyKey[]): string | undefined {
  let out = '';
  for (const key of path)
    out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out === '' ? undefined : out;
}

const TYPE_NAMES: Record<string, ImportMessage> = {
  string: { zh: '应为文本', en: 'must be a string' },
  number: { zh: '应为数字', en: 'must be a number' },
  int: { zh: '应为整数', en: 'must be an integer' },
  object: { zh: '应为对象', en: 'must be an object' },
  array: { zh: '应为数组', en: 'must be an array' },
};

/** `a、b 或 c` / `a, b or c`. */
function oneOf(values: readonly string[]): ImportMessage {
  const head = values.slice(0, -1);
  const last = values.at(-1) ?? '';
  return head.length === 0
    ? { zh: last, en: last }
    : { zh: `${head.join('、')} 或 ${last}`, en: `${head.join(', ')} or ${last}` };
}

/** zod issues of one line as import errors naming the field; `renameField` adapts paths to CSV columns. */
export function issueErrors(
  line: number,
  issues: readonly $ZodIssue[],
  renameField: (field: string) => string = (field) => field,
): ImportError[] {
  return issues.flatMap((issue) =>
    describeIssue(issue).map(({ path, reason }) => {
      const field = formatPath(path);
      return lineError(line, field === undefined ? undefined : renameField(field), reason);
    }),
  );
}

function describeIssue(issue: $ZodIssue): { path: PropertyKey[]; reason: ImportMessage }[] {
  const one = (reason: ImportMessage) => [{ path: issue.path, reason }];
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return one({ zh: '为必填项', en: 'is required' });
      return one(
        TYPE_NAMES[issue.expected] ?? { zh: `类型应为 ${issue.expected}`, en: `must be a ${issue.expected}` },
      );
    case 'invalid_value': {
      const values = oneOf(issue.values.map(String));
      return one({ zh: `取值无效（应为 ${values.zh}）`, en: `is invalid (expected ${values.en})` });
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...issue.path, key],
        reason: { zh: '不是可识别的字段', en: 'is not a known field' },
      }));
    case 'too_small':
      if (issue.origin === 'string') return one({ zh: '不能为空', en: 'must not be empty' });
      if (issue.origin === 'array') return one({ zh: '至少需要一项', en: 'needs at least one item' });
      return one({
        zh: `应大于 ${String(issue.minimum)}`,
        en: `must be greater than ${String(issue.minimum)}`,
      });
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string')
        return one({ zh: `过长（最多 ${max} 个字符）`, en: `is too long (at most ${max} characters)` });
      return one({ zh: `应不大于 ${max}`, en: `must be at most ${max}` });
    }
    default: {
      const params = (issue as { params?: Partial<ImportMessage> }).params;
      if (params?.zh && params.en) return one({ zh: params.zh, en: params.en });
      return one({ zh: `无效（${issue.message}）`, en: `is invalid (${issue.message})` });
    }
  }
}

/** Records of either format; CSV headers are checked against `columns`. */
export function readRecords(
  input: ImportInput,
  format: ImportFormat,
  checkHeader: (columns: string[]) => ImportMessage | null,
): AsyncGenerator<SourceRecord> {
  return format === 'csv' ? readCsv(input, checkHeader) : readJsonLines(input);
}
