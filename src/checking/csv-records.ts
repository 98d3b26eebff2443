/**
 * A streaming RFC 4180 CSV reader that yields each record with the physical line it starts on. Bulk
 * checks read millions of rows: csv-parse with line info cost more than the checks themselves, while
 * a plain row without quotes is one `split(',')` here. Quoted fields (with "" escapes, commas and
 * line breaks inside) take the slow path. Pure text in, records out: the CLI reads files with it, the web
 * an uploaded file (src/checking/bulk-files.ts).
 */
import { StringDecoder } from 'node:string_decoder';

type CsvRecord = { line: number; fields: string[] };

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/** Largest record accepted; a longer one is a syntax error rather than unbounded memory. */
const MAX_RECORD_CHARS = 64 * 1024;

/** Records in batches (one per chunk read): a yield per record would cost more than parsing it. */
export async function* readCsvRecords(
  stream: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<CsvRecord[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 1;
  let first = true;
  for await (const chunk of stream) {
    let text = pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const scan = scanRecords(text, line, false);
    if (scan.batch.length > 0) yield scan.batch;
    line = scan.line;
    pending = text.slice(scan.end);
    if (pending.length > MAX_RECORD_CHARS) throw new CsvSyntaxError(line, 'record longer than 64 KiB');
  }
  const rest = scanRecords(pending + decoder.end(), line, true);
  if (rest.batch.length > 0) yield rest.batch;
}

/** Every complete record of `text` (at the end of input, `final`: every record). */
function scanRecords(
  text: string,
  line: number,
  final: boolean,
): { batch: CsvRecord[]; end: number; line: number } {
  const quotes = quoteFinder(text);
  const batch: CsvRecord[] = [];
  let start = 0;
  while (start < text.length) {
    const record = nextRecord(text, start, line, final, quotes);
    if (record === null) break;
    start = record.end;
    line = record.nextLine;
    if (record.fields !== null) batch.push({ line: record.line, fields: record.fields });
  }
  return { batch, end: start, line };
}

/** The next quote at or after a position; searched again only once passed, so a chunk is scanned once. */
function quoteFinder(text: string): (from: number) => number {
  let next = text.indexOf('"');
  return (from) => {
    if (next !== -1 && next < from) next = text.indexOf('"', from);
    return next;
  };
}

type Scan = { fields: string[] | null; line: number; nextLine: number; end: number };

/**
 * The record starting at `start`, or null when the text ends before the record does (more input may
 * complete it; at end of input `final` accepts a last record without a line break). An empty line
 * gives `fields: null` (skipped).
 */
function nextRecord(
  text: string,
  start: number,
  line: number,
  final: boolean,
  quotes: (from: number) => number,
): Scan | null {
  const newline = text.indexOf('\n', start);
  const quote = quotes(start);
  if (quote === -1 || (newline !== -1 && quote > newline)) {
    if (newline === -1 && !final) return null;
    const stop = newline === -1 ? text.length : newline;
    let body = text.slice(start, stop);
    if (body.endsWith('\r')) body = body.slice(0, -1);
    const end = newline === -1 ? text.length : newline + 1;
    return { fields: body === '' ? null : body.split(','), line, nextLine: line + 1, end };
  }
  return quotedRecord(text, start, line, final);
}

function quotedRecord(text: string, start: number, line: number, final: boolean): Scan | null {
  const fields: string[] = [];
  let field = '';
  let i = start;
  let lines = 0;
  let quoted = false;
  let fieldStart = true;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === 34 /* " */) {
        if (i + 1 >= text.length && !final) return null;
        if (text.charCodeAt(i + 1) === 34) {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text.charCodeAt(i);
        if (i < text.length && next !== 44 && next !== 10 && next !== 13) {
          throw new CsvSyntaxError(line + lines, 'text after a closing quote');
        }
        continue;
      }
      if (c === 10) lines++;
      field += text[i];
      i++;
      continue;
    }
    if (c === 34 && fieldStart) {
      quoted = true;
      fieldStart = false;
      i++;
      continue;
    }
    if (c === 44 /* , */) {
      fields.push(field);
      field = '';
      fieldStart = true;
      i++;
      continue;
    }
    if (c === 10 || c === 13) {
      if (c === 13 && i + 1 >= text.length && !final) return null;
      const end = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      fields.push(field);
      return { fields, line, nextLine: line + lines + 1, end };
    }
    if (c === 34) throw new CsvSyntaxError(line + lines, 'a quote inside an unquoted field');
    field += text[i];
    fieldStart = false;
    i++;
  }
  if (!final) return null;
  if (quoted) throw new CsvSyntaxError(line, 'a quoted field is not closed');
  fields.push(field);
  return { fields, line, nextLine: line + lines + 1, end: text.length };
}
