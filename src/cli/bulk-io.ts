/**
 * Bulk check files from the command line: opening the input (a path or stdin), writing with
 * backpressure, a progress bar. Reading rows and formatting results live in
 * src/checking/bulk-files.ts, shared with the web's upload; re-exported here for the CLI.
 */
import { createReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

export {
  CSV_COLUMNS,
  InputFileError,
  formatCsvRow,
  formatJsonlRow,
  readCsvRows,
  readTxtRows,
} from '../checking/index.ts';

export function openInput(path: string): Readable {
  return path === '-' ? process.stdin : createReadStream(path);
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
