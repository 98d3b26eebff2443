/**
 * Bulk online checks: rows are read ahead of the chunk being checked and their lookups started, so the
 * limiter always has work while a chunk waits for its slowest server (bounded by `windowItems` rows).
 */

/** Yields the source's batches unchanged, calling `onRead` for each as soon as it is read. */
export async function* lookahead<T>(
  source: AsyncIterable<readonly T[]>,
  onRead: (batch: readonly T[]) => void,
  windowItems: number,
): AsyncGenerator<readonly T[]> {
  const iterator = source[Symbol.asyncIterator]();
  const buffer: (readonly T[])[] = [];
  let buffered = 0;
  let done = false;
  try {
    for (;;) {
      while (!done && buffered < windowItems) {
        const next = await iterator.next();
        if (next.done) {
          done = true;
          break;
        }
        onRead(next.value);
        buffer.push(next.value);
        buffered += next.value.length;
      }
      const batch = buffer.shift();
      if (batch === undefined) return;
      buffered -= batch.length;
      yield batch;
    }
  } finally {
    // A consumer that stops early (an error downstream) must release the reader (a file handle).
    if (!done) await iterator.return?.();
  }
}
