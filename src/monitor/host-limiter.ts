/**
 * Per-host concurrency: at most `perHost` requests to one host name at a time, the rest wait in
 * arrival order. Politeness toward a customer's server, whatever the campaign's overall concurrency.
 */
export type HostLimiter = <T>(host: string, task: () => Promise<T>) => Promise<T>;

export function createHostLimiter(perHost: number): HostLimiter {
  const active = new Map<string, { running: number; waiting: (() => void)[] }>();
  return async (host, task) => {
    let slot = active.get(host);
    if (!slot) active.set(host, (slot = { running: 0, waiting: [] }));
    const entry = slot;
    if (entry.running >= perHost) await new Promise<void>((resolve) => entry.waiting.push(resolve));
    else entry.running += 1;
    try {
      return await task();
    } finally {
      const next = entry.waiting.shift();
      if (next) next();
      else if (--entry.running === 0) active.delete(host);
    }
  };
}
