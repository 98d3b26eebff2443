/** The bulk lookahead: batches are read (and their lookups started) ahead of the consumer, up to a window. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookahead } from '../../src/online/index.ts';

async function* numbered(batches: number, size: number, log: string[]): AsyncGenerator<number[]> {
  for (let b = 0; b < batches; b++) {
    log.push(`read ${b}`);
    // A reader's batch arrives on a later turn, as a file stream's does.
    await Promise.resolve();
    yield Array.from({ length: size }, (_, i) => b * size + i);
  }
}

describe('lookahead', () => {
  it('reads up to the window ahead of the consumer and yields every batch in order', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const batch of lookahead(numbered(6, 10, log), (b) => log.push(`start ${b[0]}`), 30)) {
      log.push(`use ${batch[0]}`);
      seen.push(...batch);
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 60 }, (_, i) => i),
    );
    // Three batches (30 rows) are started before the first is used; then one more per batch used.
    assert.deepEqual(log.slice(0, 7), [
      'read 0',
      'start 0',
      'read 1',
      'start 10',
      'read 2',
      'start 20',
      'use 0',
    ]);
    assert.deepEqual(log.slice(7, 10), ['read 3', 'start 30', 'use 10']);
  });

  it('releases the source when the consumer stops early', async () => {
    let finished = false;
    async function* source(): AsyncGenerator<number[]> {
      try {
        for (let i = 0; ; i++) {
          await Promise.resolve();
          yield [i];
        }
      } finally {
        finished = true;
      }
    }
    for await (const batch of lookahead(source(), () => undefined, 5)) {
      if (batch[0] === 2) break;
    }
    assert.equal(finished, true);
  });
});
