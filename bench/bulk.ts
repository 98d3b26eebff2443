/**
 * Bulk CSV throughput and memory: a generated CSV file of N rows read through the same reader, bulk
 * use case and CSV writer as `beian check --file`, with facts synthesised per domain. Run in its own
 * process so that its peak RSS is its own. Prints one JSON line.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { once } from 'node:events';
import { formatCsvRow, readCsvRows, writer } from '../src/cli/bulk-io.ts';
import { loadPolicy } from '../src/policy/index.ts';
import { bulkCheck } from '../src/checking/index.ts';
import { lcg, loadCorpus, makeHost, syntheticFacts } from './inputs.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'beian-bench-'));
const file = join(dir, 'domains.csv');

// The input file is written first and not timed: the figure is reading, checking and writing.
{
  const corpus = loadCorpus();
  const random = lcg(7);
  const out = createWriteStream(file);
  out.write('domain,note\n');
  let batch = '';
  for (let i = 0; i < rows; i++) {
    batch += `${makeHost(random, corpus, i)},row ${i}\n`;
    if (batch.length > 256 * 1024) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

let bytesOut = 0;
const output = writer(
  new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytesOut += chunk.length;
      callback();
    },
  }),
);

const started = process.hrtime.bigint();
const summary = await bulkCheck({
  checker: { policy: loadPolicy(), facts: syntheticFacts },
  rows: readCsvRows(createReadStream(file)),
  defaults: {
    subjectName: '杭州示例科技有限公司',
    subjectIdType: 'uscc',
    subjectId: '91330106MA2B3C4D5D',
    account: 'bench',
    at: '2026-11-28T12:00:00+08:00',
  },
  write: (row) => output.write(formatCsvRow(row, 'en')),
  reject: () => undefined,
});
await output.flush();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const bytesIn = statSync(file).size;
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    bench: 'bulk-csv',
    rows: summary.rows,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(summary.rows / seconds),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    bytesIn,
    bytesOut,
  }),
);
