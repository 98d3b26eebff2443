/**
 * 运行指标 — what /metrics tells Prometheus, each app with a registry of its own (no process-wide
 * state, so tests and several apps in one process do not share counters):
 * - requests by method, route pattern and status, with a latency histogram (the pattern, never the
 *   raw path: `/applications/:id` is one series however many ids exist);
 * - domains checked by the precheck, by outcome and by finding code (a closed set: the rule table);
 * - at scrape time, from the database every instance shares: jobs pending, due, the oldest due job's
 *   age, jobs given up; applications by status; and this process's PostgreSQL pool.
 * Database-derived gauges read the same rows on every instance; aggregate them with max(), not sum().
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueueStats } from '../jobs/index.ts';
import type { PoolUse } from '../store/index.ts';

/** What the scrape-time gauges read; given by the app (src/http may call use cases, not tables). */
export type MetricsSources = {
  queue(): Promise<QueueStats[]>;
  applications(): Promise<Partial<Record<string, number>>>;
  pool: (() => PoolUse) | undefined;
  now(): Date;
  /** The last year the working-day calendar covers (policy data plus the operator's overrides). */
  calendarToYear?: (() => number) | undefined;
};

export type Metrics = {
  readonly registry: Registry;
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  observeChecks(results: readonly { ok: boolean; findings: readonly { code: string }[] }[]): void;
  /** Connects the scrape-time gauges to the app's database (createApp calls it once). */
  attach(sources: MetricsSources): void;
  /** The exposition text (Prometheus text format 0.0.4) and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
};

/**
 * Latency buckets in seconds: from a cached page (5 ms) to the slowest request worth telling apart
 * (a large upload or bulk precheck, 10 s); the p99 goal of issue 14 (250 ms) falls between two.
 */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  // Memory, CPU, event-loop lag and handles of this process: `beian serve` turns them on; test apps
  // leave them off (each call starts an event-loop monitor).
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'beian_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'beian_http_request_duration_seconds',
    help: 'Time from receiving a request to its answer, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const checks = new Counter({
    name: 'beian_engine_checks_total',
    help: 'Domains checked by the precheck, by outcome (ok: no error finding)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const findings = new Counter({
    name: 'beian_engine_findings_total',
    help: 'Findings of precheck domain checks, by finding code',
    labelNames: ['code'],
    registers: [registry],
  });
  let sources: MetricsSources | null = null;
  const jobsPending = new Gauge({
    name: 'beian_jobs_pending',
    help: 'Jobs not yet done nor given up, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const jobsDue = new Gauge({
    name: 'beian_jobs_due',
    help: 'Pending jobs whose run time has come, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const jobsAge = new Gauge({
    name: 'beian_jobs_oldest_due_age_seconds',
    help: 'How long the oldest due job has waited past its run time, by kind (0: none due)',
    labelNames: ['kind'],
    registers: [registry],
  });
  const jobsFailed = new Gauge({
    name: 'beian_jobs_failed',
    help: 'Jobs given up after their last attempt failed, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const applications = new Gauge({
    name: 'beian_applications',
    help: 'Applications by status',
    labelNames: ['status'],
    registers: [registry],
  });
  const pool = new Gauge({
    name: 'beian_db_pool_connections',
    help: 'PostgreSQL pool connections of this process by state (total, idle, waiting requests, max)',
    labelNames: ['state'],
    registers: [registry],
  });

  const calendarEnd = new Gauge({
    name: 'beian_calendar_covered_until_seconds',
    help: 'Unix time of the end of the last day the working-day calendar covers (31 December, Asia/Shanghai); dates after it cannot be computed',
    registers: [registry],
  });

  /** Reads the shared state once per scrape; reset first so a kind or status that vanished leaves. */
  async function collectShared(): Promise<void> {
    if (!sources) return;
    const now = sources.now();
    const [queue, counts] = await Promise.all([sources.queue(), sources.applications()]);
    for (const gauge of [jobsPending, jobsDue, jobsAge, jobsFailed, applications, pool]) gauge.reset();
    for (const entry of queue) {
      jobsPending.set({ kind: entry.kind }, entry.pending);
      jobsDue.set({ kind: entry.kind }, entry.due);
      const age = entry.oldestDueAt === null ? 0 : (now.getTime() - Date.parse(entry.oldestDueAt)) / 1000;
      jobsAge.set({ kind: entry.kind }, Math.max(0, age));
      jobsFailed.set({ kind: entry.kind }, entry.failed);
    }
    for (const [status, count] of Object.entries(counts)) applications.set({ status }, count ?? 0);
    const toYear = sources.calendarToYear?.();
    // 24:00 on 31 December in Asia/Shanghai (UTC+8, no daylight saving since 1991).
    if (toYear !== undefined) calendarEnd.set(Date.parse(`${toYear + 1}-01-01T00:00:00+08:00`) / 1000);
    const use = sources.pool?.();
    if (use) {
      pool.set({ state: 'total' }, use.total);
      pool.set({ state: 'idle' }, use.idle);
      pool.set({ state: 'waiting' }, use.waiting);
      pool.set({ state: 'max' }, use.max);
    }
  }

  return {
    registry,
    observeRequest(labels, seconds) {
      const values = { method: labels.method, route: labels.route, status: String(labels.status) };
      requests.inc(values);
      latency.observe(values, seconds);
    },
    observeChecks(results) {
      for (const result of results) {
        checks.inc({ outcome: result.ok ? 'ok' : 'refused' });
        for (const finding of result.findings) findings.inc({ code: finding.code });
      }
    },
    attach(next) {
      sources = next;
    },
    async scrape() {
      await collectShared();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
