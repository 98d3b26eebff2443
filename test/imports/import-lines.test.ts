import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import {
  MAX_LINE_BYTES,
  physicalLines,
  readCsv,
  readJsonLines,
  unflattenCsvRecord,
} from '../../src/imports/index.ts';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('import lines', () => {
  it('splits LF and CRLF lines, drops a BOM, keeps the last line without newline', async () => {
    const lines = await collect(physicalLines(Readable.from(['\uFEFFa\r\nb', '\n\nc'])));
    assert.deepEqual(
      lines.map((line) => [line.line, line.text]),
      [
        [1, 'a'],
        [2, 'b'],
        [3, ''],
        [4, 'c'],
      ],
    );
  });

  it('measures the limit in UTF-8 bytes and recovers after an oversize line', async () => {
    const wide = '字'.repeat(Math.ceil(MAX_LINE_BYTES / 3) + 1); // fewer characters than bytes
    const long = 'x'.repeat(MAX_LINE_BYTES + 1);
    const chunks = ['{}\n', wide, '\n', long.slice(0, 1000), long.slice(1000), '\n{"a":1}\n'];
    const records = await collect(readJsonLines(Readable.from(chunks)));
    assert.deepEqual(
      records.map((record) => ('errors' in record ? [record.line, 'error'] : [record.line, record.value])),
      [
        [1, {}],
        [2, 'error'],
        [3, 'error'],
        [4, { a: 1 }],
      ],
    );
    const exact = 'x'.repeat(MAX_LINE_BYTES - 10);
    const [ok] = await collect(physicalLines(Readable.from([`{"a":"${exact.slice(8)}"}`])));
    assert.equal(ok?.oversize, false);
  });

  it('ignores blank lines and # comments in JSON Lines and wants objects', async () => {
    const records = await collect(readJsonLines(Readable.from(['# c\n\n  \n"text"\nnull\n{"a":1}\n'])));
    assert.deepEqual(
      records.map((record) => ('errors' in record ? record.errors[0]?.message.en : record.value)),
      ['line 4: must be a JSON object', 'line 5: must be a JSON object', { a: 1 }],
    );
  });

  it('numbers CSV rows by the line they start on', async () => {
    const csv = '# comment\na,b\n1,"x\ny"\n\n2,z\n';
    const records = await collect(readCsv(Readable.from([csv])));
    assert.deepEqual(
      records.map((record) => [record.line, 'value' in record ? record.value : null]),
      [
        [3, { a: '1', b: 'x\ny' }],
        [6, { a: '2', b: 'z' }],
      ],
    );
  });

  it('reports an unclosed quote instead of failing', async () => {
    const records = await collect(readCsv(Readable.from(['a,b\n1,2\n\n3,"open\n4,5\n'])));
    assert.deepEqual(
      records.map((record) =>
        'errors' in record ? [record.line, record.errors[0]?.message.en] : [record.line],
      ),
      [[2], [4, 'line 4: has a quote that is never closed; the file could not be read from here to its end']],
    );
  });

  it('unflattens dotted columns, leaving empty cells out', () => {
    assert.deepEqual(
      unflattenCsvRecord({
        domain: 'a.cn',
        'realName.status': 'verified',
        'realName.holder.name': '张三',
        'realName.holder.type': '',
      }),
      { domain: 'a.cn', realName: { status: 'verified', holder: { name: '张三' } } },
    );
  });
});
