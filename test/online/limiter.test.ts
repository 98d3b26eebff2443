/** The online limiter: per-server and global bounds, fair turns between servers, and 429 pauses. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLimiter } from '../../src/online/limiter.ts';

/** A task that runs until released, recording how many run at once (per server and in all). */
function harness() {
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  let total = 0;
  let peakTotal = 0;
  const started: string[] = [];
  const releases: (() => void)[] = [];
  const task = (server: string, name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      total++;
      peakTotal = Math.max(peakTotal, total);
      running.set(server, (running.get(server) ?? 0) + 1);
      peak.set(server, Math.max(peak.get(server) ?? 0, running.get(server) ?? 0));
      releases.push(() => {
        total--;
        running.set(server, (running.get(server) ?? 0) - 1);
        resolve(name);
      });
    });
  const releaseAll = async () => {
    while (releases.length > 0) {
      for (const release of releases.splice(0)) release();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { task, started, releases, peak, peakTotal: () => peakTotal, releaseAll };
}

describe('limiter', () => {
  it('never runs more than the per-server and global limits', async () => {
    const limiter = createLimiter({ global: 5, perServer: 2 });
    const h = harness();
    const all: Promise<string>[] = [];
    for (const server of ['a', 'b', 'c', 'd']) {
      for (let i = 0; i < 6; i++) all.push(limiter.run(server, h.task(server, `${server}${i}`)));
    }
    await h.releaseAll();
    assert.equal((await Promise.all(all)).length, 24);
    assert.equal(h.peakTotal(), 5);
    assert.deepEqual([...h.peak.values()], [2, 2, 2, 2]);
  });

  it('takes servers in turn, so one long queue does not starve the others', () => {
    const limiter = createLimiter({ global: 2, perServer: 2 });
    const h = harness();
    for (let i = 0; i < 10; i++) void limiter.run('big', h.task('big', `big${i}`));
    void limiter.run('small', h.task('small', 'small0'));
    assert.deepEqual(h.started, ['big0', 'big1']);
    h.releases.shift()?.();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        // The slot big0 freed goes to the waiting server, not to big's ninth task.
        assert.deepEqual(h.started, ['big0', 'big1', 'small0']);
        resolve();
      }),
    );
  });

  it('holds a paused server’s queue while other servers go on', async () => {
    let endPause: () => void = () => undefined;
    const limiter = createLimiter({
      global: 4,
      perServer: 4,
      wait: () =>
        new Promise<void>((resolve) => {
          endPause = resolve;
        }),
    });
    const h = harness();
    limiter.pause('throttled', 5000);
    const held = limiter.run('throttled', h.task('throttled', 't0'));
    const free = limiter.run('free', h.task('free', 'f0'));
    assert.deepEqual(h.started, ['f0']);
    endPause();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(h.started, ['f0', 't0']);
    await h.releaseAll();
    assert.deepEqual(await Promise.all([held, free]), ['t0', 'f0']);
  });
});
