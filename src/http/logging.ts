/**
 * 日志 — structured JSON lines (pino) for requests and errors, each with the request id that the
 * answer carries in `X-Request-Id`, so an operator finds the log line of a user's complaint. Bodies
 * and headers are never logged; paths, query strings and error texts pass through
 * `maskPersonalNumbers`, and fields named like personal data are redacted wherever they appear, so a
 * certificate number, phone number or SMS code never reaches a log in full.
 */
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import pino from 'pino';
import type { Logger } from 'pino';
import type { LogLevel } from '../config/index.ts';
import { maskPersonalNumbers } from '../shared/index.ts';
import type { AppEnv } from './context.ts';
import type { Metrics } from './metrics.ts';

export type { Logger } from 'pino';

/** Field names whose values are personal data or credentials, at any of the first two levels. */
const SENSITIVE_FIELDS = [
  'password',
  'phone',
  'mobile',
  'code',
  'codes',
  'idNumber',
  'certificateNumber',
  'subjectId',
  'authorization',
  'cookie',
  'token',
  'csrfToken',
];

/** A logger writing JSON lines to `destination` (stdout for `beian serve`). */
export function createLogger(options: { level: LogLevel; destination: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: SENSITIVE_FIELDS.flatMap((field) => [field, `*.${field}`]),
        censor: '[redacted]',
      },
      serializers: { err: serializeError },
    },
    options.destination,
  );
}

/** An error as a log field: its type, message and stack with personal numbers masked. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: maskPersonalNumbers(String(error)) };
  return {
    type: error.name,
    message: maskPersonalNumbers(error.message),
    ...(error.stack ? { stack: maskPersonalNumbers(error.stack) } : {}),
  };
}

/**
 * An incoming X-Request-Id is kept when it looks like an id (a proxy's or a client's correlation id):
 * 1–128 characters of letters, digits and `._:-`. Anything else (a header smuggling text into logs) is
 * replaced by a fresh UUID.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** The request's id: the sane incoming one, else a new UUID. */
export function requestIdOf(c: Context<AppEnv>): string {
  const incoming = c.req.header(REQUEST_ID_HEADER);
  return incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * The route pattern that answered (`/api/v1/applications/:id`), never the raw path, so metrics and
 * logs group by route with a bounded number of series; `unmatched` when no route did (404s).
 */
export function routePatternOf(c: Context<AppEnv>): string {
  const routes = matchedRoutes(c);
  const answered = routes[c.req.routeIndex];
  if (answered && answered.method !== 'ALL') return answered.path;
  // A middleware answered (a body limit, a rate limit): the route it guarded is the label.
  return routes.find((route) => route.method !== 'ALL')?.path ?? 'unmatched';
}

/** Paths whose requests log at debug: load balancers and Prometheus ask every few seconds. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Outermost middleware: names the request, times it, logs one line and counts it in the metrics once
 * the answer (an error page included: Hono has run onError by then) is known.
 */
export function observeRequests(options: {
  logger: Logger;
  metrics: Metrics;
  clientAddress: (c: Context<AppEnv>) => string;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(c);
    c.set('requestId', requestId);
    try {
      await next();
    } finally {
      c.header(REQUEST_ID_HEADER, requestId);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routePatternOf(c);
      const status = c.res.status;
      options.metrics.observeRequest({ method: c.req.method, route, status }, seconds);
      const url = new URL(c.req.url);
      const line = {
        reqId: requestId,
        method: c.req.method,
        route,
        path: maskPersonalNumbers(url.pathname),
        ...(url.search ? { query: maskPersonalNumbers(url.search) } : {}),
        status,
        ms: Math.round(seconds * 1e4) / 10,
        client: options.clientAddress(c),
      };
      if (QUIET_PATHS.has(url.pathname)) options.logger.debug(line, 'request');
      else if (status >= 500) options.logger.error(line, 'request');
      else options.logger.info(line, 'request');
    }
  };
}
