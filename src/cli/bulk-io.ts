/** Bulk check files: reading TXT/CSV rows as a stream, writing CSV/JSONL results, a progress bar. */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';
import type { CheckResult } from '../rules/index.ts';
import { LocalizedError } from '../shared/localized-error.ts';
import type { BulkRow, BulkRowResult, RowField } from '../use-cases/bulk-check.ts';
import { ROW_FIELDS } from '../use-cases/bulk-check.ts';
import { CsvSyntaxError, readCsvRecords } from './csv-records.ts';
import type { Lang } from './lang.ts';

export type InputFormat = 'txt' | 'csv';
export type OutputFormat = 'csv' | 'jsonl';

/** A problem with the file itself (not one row): exit code 2. */
export class InputFileError extends LocalizedError {}

export function openInput(path: string): Readable {
  return path === '-' ? process.stdin : createReadStream(path);
}

/** One domain a line; blank lines and `#` comments are skipped but keep the line numbers true. */
export async function* readTxtRows(stream: Readable): AsyncGenerator<BulkRow[]> {
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
  for await (const chunk of stream as AsyncIterable<string | Buffer>) {
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
export async function* readCsvRows(stream: Readable): AsyncGenerator<BulkRow[]> {
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

/**
 * Writes text in 64 KiB pieces (a write per row cost more than formatting it), with backpressure:
 * a write that fills the destination's buffer waits for 'drain'. `flush()` writes what is left.
 */
export function writer(out: Writable): {
  write(text: string): Promise<void> | void;
  flush(): Promise<void> | void;
} {
  let buffer = '';
  const push = (): Promise<void> | void => {
    const text = buffer;
    buffer = '';
    if (out.write(text)) return;
    return new Promise((resolve) => out.once('drain', () => resolve()));
  };
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= 64 * 1024) return push();
    },
    flush() {
      if (buffer.length > 0) return push();
    },
  };
}

/** A one-line progress display on a terminal's stderr: rows, rate, and the share of the file read. */
export function progressBar(stream: NodeJS.WriteStream, totalBytes: number | null, readBytes: () => number) {
  const started = Date.now();
  let last = 0;
  return {
    update(rows: number, force = false) {
      const now = Date.now();
      if (!force && now - last < 200) return;
      last = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rate = Math.round(rows / seconds).toLocaleString('en-US');
      let bar = '';
      if (totalBytes) {
        const share = Math.min(readBytes() / totalBytes, 1);
        const width = 24;
        const filled = Math.round(share * width);
        bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% `;
      }
      stream.write(`\r${bar}${rows.toLocaleString('en-US')} rows · ${rate} rows/s`);
    },
    done(rows: number) {
      this.update(rows, true);
      stream.write('\n');
    },
  };
}
