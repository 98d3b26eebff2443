/**
 * 运维接口 — what supervisors, load balancers and Prometheus ask, outside /api/v1 where they expect
 * it: `/healthz` (the process answers), `/readyz` (it can serve: database reachable, no migration
 * pending, document store writable, not shutting down) and `/metrics`. None resolves an actor or reads
 * a session: they stay cheap and work while sign-in does not.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { MetricsAccess } from '../config/index.ts';
import type { Action } from '../filing/index.ts';
import { can } from '../filing/index.ts';
import { databaseReadiness } from '../store/index.ts';
import { isForwarded } from './client-address.ts';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';
import type { Logger } from './logging.ts';

/** A service route's access: an action of the permission table, or the metrics setting. */
type ServiceAccess = Action | 'metrics-setting';

export type ServiceRoute = {
  readonly path: string;
  readonly access: ServiceAccess;
  readonly summary: string;
};

export const SERVICE_ROUTES: readonly ServiceRoute[] = [
  { path: '/healthz', access: 'service.health', summary: 'The process lives and answers' },
  {
    path: '/readyz',
    access: 'service.health',
    summary: 'Ready to serve: database reachable, migrations current, document store writable',
  },
  {
    path: '/metrics',
    access: 'metrics-setting',
    summary: 'Prometheus metrics; who may read them is BEIAN_METRICS (docs/CONFIGURATION.md)',
  },
];

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1)$/;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Whether this request may read /metrics. `loopback` also refuses a forwarded request unless the
 * deployment trusts its proxies: a proxy on the same host makes every visitor a loopback peer.
 */
export function metricsAllowed(
  c: Context<AppEnv>,
  access: MetricsAccess,
  clientAddress: string,
  proxiesTrusted: boolean,
): 'allowed' | 'off' | 'unauthenticated' | 'forbidden' {
  switch (access.kind) {
    case 'off':
      return 'off';
    case 'public':
      return 'allowed';
    case 'loopback':
      return LOOPBACK.test(clientAddress) && (proxiesTrusted || !isForwarded(c)) ? 'allowed' : 'forbidden';
    case 'token': {
      const given = /^Bearer[ ]+(\S+)[ ]*$/i.exec(c.req.header('authorization') ?? '')?.[1];
      // Compared as digests: equal lengths for timingSafeEqual, and no timing from the token's length.
      return given !== undefined && timingSafeEqual(digest(given), digest(access.token))
        ? 'allowed'
        : 'unauthenticated';
    }
  }
}

export type ServiceOptions = {
  metricsAccess: MetricsAccess;
  proxiesTrusted: boolean;
  logger: Logger;
  /** True once shutdown began: /readyz answers 503 so balancers stop sending new requests. */
  isDraining: () => boolean;
};

/** The API's JSON error, also outside /api/v1 (a scraper reads JSON better than the web's error page). */
function refuse(c: Context<AppEnv>, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.toBody(), error.status);
}

function requirePublic(action: Action): void {
  // The permission table decides: a health route whose action stopped being public is a defect here.
  if (!can(null, action)) throw new Error(`service route action ${action} is not public`);
}

export function mountServiceRoutes(app: Hono<AppEnv>, options: ServiceOptions): void {
  for (const route of SERVICE_ROUTES) if (route.access !== 'metrics-setting') requirePublic(route.access);

  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200));

  app.get('/readyz', async (c) => {
    const deps = c.get('deps');
    const checks: Record<string, string> = {};
    const database = await databaseReadiness(deps.db);
    if (!database.reachable) {
      checks.database = 'unreachable';
      options.logger.warn({ err: new Error(database.error) }, 'readyz: database unreachable');
    } else {
      checks.database = 'ok';
      checks.migrations = database.pendingMigrations.length === 0 ? 'ok' : 'pending';
    }
    try {
      await deps.documents.checkWritable();
      checks.documents = 'ok';
    } catch (error) {
      checks.documents = 'not-writable';
      options.logger.warn({ err: error }, 'readyz: document store not writable');
    }
    if (options.isDraining()) checks.shutdown = 'draining';
    const ready = Object.values(checks).every((value) => value === 'ok');
    // Reasons are short words: the endpoint is public, details go to the log.
    return c.json({ status: ready ? 'ready' : 'not-ready', checks }, ready ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    const deps = c.get('deps');
    const decision = metricsAllowed(c, options.metricsAccess, deps.clientIp(c), options.proxiesTrusted);
    if (decision === 'off') return refuse(c, new ApiError('NOT_FOUND'));
    if (decision === 'unauthenticated')
      return refuse(c, new ApiError('UNAUTHENTICATED', { headers: { 'WWW-Authenticate': 'Bearer' } }));
    if (decision === 'forbidden') return refuse(c, new ApiError('FORBIDDEN'));
    const { contentType, body } = await deps.metrics.scrape();
    return c.body(body, 200, { 'Content-Type': contentType });
  });
}
