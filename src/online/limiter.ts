/**
 * Concurrency limits for online lookups: at most `perServer` requests to one server and `global` in
 * all. A server that answered 429 is paused for its Retry-After while the other servers go on: its
 * queued tasks wait, nobody else does (issue 6: one slow or failing server never stalls the rest).
 */

export type Limiter = {
  /** Runs `task` when the server has a free slot, the global limit allows it and the server is not paused. */
  run<T>(server: string, task: () => Promise<T>): Promise<T>;
  /** Holds the server's queued tasks for `ms` (429 Retry-After); running tasks finish. */
  pause(server: string, ms: number): void;
};

type LimiterOptions = {
  global: number;
  perServer: number;
  /** Resolves after `ms`; injected so tests never sleep. Default: setTimeout. */
  wait?: (ms: number) => Promise<void>;
};

/** `turn`: when the lane last started a task (0: never); the runnable lane waiting longest goes next. */
type Lane = { active: number; pauses: number; queue: (() => void)[]; head: number; turn: number };

// Not unref'd: a paused server may be all a run is waiting for, and the process must not exit under it.
const realWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createLimiter(options: LimiterOptions): Limiter {
  const global = Math.max(1, Math.floor(options.global));
  const perServer = Math.max(1, Math.floor(options.perServer));
  const wait = options.wait ?? realWait;
  const lanes = new Map<string, Lane>();
  let active = 0;
  let turns = 0;

  const lane = (server: string): Lane => {
    let found = lanes.get(server);
    if (!found) {
      found = { active: 0, pauses: 0, queue: [], head: 0, turn: 0 };
      lanes.set(server, found);
    }
    return found;
  };

  const runnable = (l: Lane) => l.pauses === 0 && l.active < perServer && l.head < l.queue.length;

  function pump(): void {
    while (active < global) {
      // Round robin by last turn, so one server's long queue does not starve another's.
      let next: Lane | undefined;
      for (const candidate of lanes.values()) {
        if (runnable(candidate) && (next === undefined || candidate.turn < next.turn)) next = candidate;
      }
      if (!next) return;
      next.turn = ++turns;
      const start = next.queue[next.head] as () => void;
      next.head++;
      // Drop consumed slots now and then: shift() on a long queue is linear.
      if (next.head > 1024 && next.head * 2 > next.queue.length) {
        next.queue = next.queue.slice(next.head);
        next.head = 0;
      }
      start();
    }
  }

  function release(server: string, l: Lane): void {
    l.active--;
    active--;
    if (l.active === 0 && l.pauses === 0 && l.head >= l.queue.length) lanes.delete(server);
    pump();
  }

  return {
    run(server, task) {
      return new Promise((resolve, reject) => {
        const l = lane(server);
        l.queue.push(() => {
          l.active++;
          active++;
          task()
            .then(resolve, reject)
            .finally(() => release(server, l));
        });
        pump();
      });
    },
    pause(server, ms) {
      const l = lane(server);
      l.pauses++;
      void wait(Math.max(0, ms)).then(() => {
        l.pauses--;
        if (l.active === 0 && l.pauses === 0 && l.head >= l.queue.length && lanes.get(server) === l) {
          lanes.delete(server);
        }
        pump();
      });
    },
  };
}
