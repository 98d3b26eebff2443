/**
 * Bulk CSV throughput and memory: N generated CSV rows through the same reader, bulk use case and CSV
 * writer as `beian check --file`, facts synthesised per domain. Run in its own process so its peak RSS
 * is its own. Prints one JSON line.
 */
import { Readable, Writable } from 'node:stream';
import { formatCsvRow, readCsvRows, writer } from '../src/cli/bulk-io.ts';
import { loadPolicy } from '../src/policy/index.ts';
import { bulkCheck } from '../src/use-cases/bulk-check.ts';
import { lcg, loadCorpus, makeHost, syntheticFacts } from './inputs.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const corpus = loadCorpus();

function* csvText(): Generator<string> {
  const random = lcg(7);
  yield 'domain,note\n';
  let batch = '';
  for (let i = 0; i < rows; i++) {
    batch += `${makeHost(random, corpus, i)},row ${i}\n`;
    if (batch.length > 64 * 1024) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

let bytesOut = 0;
const sink = new Writable({
  write(chunk: Buffer, _encoding, callback) {
    bytesOut += chunk.length;
    callback();
  },
});
const write = writer(sink);

const started = process.hrtime.bigint();
const summary = await bulkCheck({
  checker: { policy: loadPolicy(), facts: syntheticFacts },
  rows: readCsvRows(Readable.from(csvText())),
  defaults: {
    subjectName: '杭州示例科技有限公司',
    subjectIdType: 'uscc',
    subjectId: '91330106MA2B3C4D5D',
    at: '2026-11-28T12:00:00+08:00',
  },
  write: (row) => write(formatCsvRow(row, 'en')),
  reject: () => undefined,
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  JSON.stringify({
    bench: 'bulk-csv',
    rows: summary.rows,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(summary.rows / seconds),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    bytesOut,
  }),
);
