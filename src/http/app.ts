/**
 * The HTTP API under /api/v1 (issue 3): a Hono app built per call, with no module-level state, so a
 * test makes its own app over its own database, clock and limits.
 */
import { createHmac } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { DocumentStore } from '../documents/index.ts';
import {
  createDocumentStore,
  DEFAULT_DOCUMENTS_DIR,
  DEFAULT_MAX_ACCOUNT_BYTES,
  DEFAULT_MAX_UPLOAD_BYTES,
  tooLargeMessage,
} from '../documents/index.ts';
import type { LoginGuardRules } from '../accounts/index.ts';
import type { MetricsAccess, TrustProxy } from '../config/index.ts';
import { queueStats } from '../jobs/index.ts';
import {
  countApplicationsByStatus,
  DEFAULT_ACCESS_SETTINGS,
  DEFAULT_PROVIDER_REVIEW_WORKDAYS,
} from '../workflow/index.ts';
import type { AccessSettings, IdentitySettings } from '../workflow/index.ts';
import { LoginGuard } from '../accounts/index.ts';
import type { FactsSource } from '../facts/index.ts';
import type { MiitGateway, SandboxGateway, SmsGateway } from '../miit/index.ts';
import { createSandboxGateway, createSandboxSmsGateway } from '../miit/index.ts';
import type { OnlineFacts } from '../online/index.ts';
import type { PolicyData } from '../policy/index.ts';
import type { RegistrarGateway } from '../registrar/index.ts';
import { createRegistrarSandbox } from '../registrar/index.ts';
import type { Database } from '../store/index.ts';
import { clientAddressResolver } from './client-address.ts';
import type { AppDeps, AppEnv } from './context.ts';
import type { Logger } from './logging.ts';
import { createLogger, observeRequests } from './logging.ts';
import type { Metrics } from './metrics.ts';
import { createMetrics } from './metrics.ts';
import { mountServiceRoutes } from './service-routes.ts';
import { ApiError } from './errors.ts';
import { API_PREFIX } from './openapi.ts';
import type { RateLimit, RateLimitName } from './rate-limit.ts';
import { createRateLimiters } from './rate-limit.ts';
import { setAnswerHeader } from './response-headers.ts';
import { mountRoute } from './route.ts';
import { API_ROUTES } from './routes.ts';
import type { MonitorDeps } from '../monitor/index.ts';

/**
 * The machinery the web pages mount behind, exported here on purpose so that a page answers as the API
 * would: the same actor resolution and session cookie, the same CSRF check, the same access decision
 * and rate limits, and the same code-to-status table for a refusal (ApiError for the transport's own
 * refusals). Nothing else of src/http is the web's to import (test/architecture/layers.test.ts).
 */
export { checkCsrf, clearSessionCookie, isSecureRequest, resolveActor, setSessionCookie } from './actor.ts';
export { ApiError, ERROR_STATUS, type ApiErrorCode } from './errors.ts';
export { miitApiError } from './workflow-errors.ts';
export type { RateLimitName } from './rate-limit.ts';
export { accessDecision, enforceRateLimit, type RouteAccess } from './route.ts';
export { setAnswerHeader } from './response-headers.ts';

/** 1 MiB: a precheck of 1000 domains is far below; anything larger is not a request we expect. */
const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
/** Room for a multipart body's boundaries, part headers and text fields around the file itself. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/**
 * HSTS for a year (RFC 6797; OWASP HTTP Headers Cheat Sheet), without `includeSubDomains` or
 * `preload`: a self-hosted deployment often shares its parent domain with hosts it does not control.
 */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';
/** Sessions end 12 hours after login, whatever the activity (OWASP: absolute timeout). */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const MIN_KEY_LENGTH = 32;

export type AppSecrets = {
  /** Key (≥ 32 characters) for the HMAC under which session ids and API tokens are stored. */
  credentialKey: string;
};

export type AppOptions = {
  db: Database;
  policy: PolicyData;
  facts: FactsSource;
  secrets: AppSecrets;
  now?: () => Date;
  rateLimits?: Partial<Record<RateLimitName, RateLimit>>;
  /** Thresholds of the sign-in guard (src/accounts/login-guard.ts); its defaults otherwise. */
  loginGuard?: Partial<LoginGuardRules>;
  bodyLimitBytes?: number;
  sessionTtlMs?: number;
  /**
   * The address visitors use (BEIAN_PUBLIC_URL). When it is https, beian sits behind a TLS proxy
   * even if requests reach it over plain http: cookies are Secure with `__Host-` names and every
   * answer carries Strict-Transport-Security.
   */
  publicUrl?: string;
  /**
   * The provider's SMS gateway for texts the provider itself sends (转移备案 codes); default the
   * sandbox's, the SMS outbox.
   */
  sms?: SmsGateway;
  /**
   * Default: true when `publicUrl` is https, else `auto` (Secure cookies when the request URL is
   * https).
   */
  secureCookies?: boolean | 'auto';
  /**
   * The client address for rate limits, sign-in limits and audit; default from `trustProxy` (the
   * socket's peer address unless proxies are trusted).
   */
  clientIp?: (c: Context<AppEnv>) => string;
  /** Which proxies may name the client in X-Forwarded-For (BEIAN_TRUST_PROXY); default none. */
  trustProxy?: TrustProxy;
  /** Request and error log (JSON lines); default none (internal errors then go to stderr). */
  logger?: Logger;
  /** The app's metrics; default a registry of its own without process metrics. */
  metrics?: Metrics;
  /** Who may read /metrics (BEIAN_METRICS); default loopback. */
  metricsAccess?: MetricsAccess;
  /** True once the server is shutting down: /readyz then answers 503. */
  isDraining?: () => boolean;
  /** The MIIT gateway; default the embedded sandbox over `db` (with its SMS outbox). */
  gateway?: MiitGateway | SandboxGateway;
  /** The compliance monitor (issue 18) for the web's rechecks and campaigns; default none. */
  monitor?: (() => MonitorDeps) | null;
  /** Key for the sandbox's SMS code hashes (≥ 16 bytes); default derived from the credential key. */
  smsSecret?: string;
  /** The registrar; default the embedded registrar sandbox over `db`. */
  registrar?: RegistrarGateway;
  /**
   * RDAP/WHOIS facts beside the local ones for `POST /precheck` (issue 6). Off by default: every
   * precheck then asks public servers on an anonymous caller's behalf, so a deployment opts in.
   */
  online?: OnlineFacts | null;
  /** 接入资源 settings (the BEIAN_ACCESS_MIN_TERM_MONTHS, BEIAN_ACCESS_CODES_PER_RESOURCE, BEIAN_PROVIDER_CIDRS and BEIAN_SERVICE_CODE settings); the workflow's defaults otherwise. */
  access?: AccessSettings;
  /** 真实性核验 settings (BEIAN_IDENTITY_VERIFICATION); off when omitted (the workflow's default). */
  identity?: IdentitySettings;
  /** Where bugs are reported (never to the client); default stderr. */
  onInternalError?: (error: unknown) => void;
  /**
   * Directory of uploaded documents (备案材料), content-addressed; created on the first upload.
   * Default `.beian/documents` under the working directory, beside the default database; the CLI
   * passes the store BEIAN_DOCUMENTS selects instead (`documents`).
   */
  documentsDir?: string;
  /**
   * The document store itself (the CLI's `configuredDocumentStore`: in the database for several
   * instances); when given, `documentsDir` and the two byte limits below are the store's own.
   */
  documents?: DocumentStore;
  /** Largest upload in bytes, default 10 MiB; upload routes get it (plus multipart framing) as body limit. */
  maxUploadBytes?: number;
  /** Most bytes of documents one account stores, default 200 MiB (BEIAN_DOCUMENTS_ACCOUNT_MIB). */
  maxAccountDocumentBytes?: number;
  /** 初审 service level in working days (BEIAN_REVIEW_SLA_WORKDAYS), default 1. */
  reviewServiceLevelWorkdays?: number;
  /** The web pages (src/web `createWebApp`); without them every path answers JSON. */
  pages?: PageShell;
};

/**
 * Pages outside /api/v1, given by src/web (this layer cannot import it): `mount` runs before the API
 * routes are added; unknown paths and errors outside /api/v1 get its answers, API paths keep JSON.
 */
export type PageShell = {
  mount(app: Hono<AppEnv>): void;
  notFound(c: Context<AppEnv>): Response | Promise<Response>;
  onError(error: unknown, c: Context<AppEnv>, report: (error: unknown) => void): Response | Promise<Response>;
};

const isApiPath = (path: string): boolean => path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);

/** A key of its own for SMS hashes, so the credential key is never used for two purposes as is. */
export function defaultSmsSecret(credentialKey: string): string {
  return createHmac('sha256', credentialKey).update('beian sms code key').digest('hex');
}

function isSandbox(gateway: MiitGateway | SandboxGateway): gateway is SandboxGateway {
  return typeof (gateway as Partial<SandboxGateway>).readOutbox === 'function';
}

function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(error.toBody(), error.status);
}

/** Whether some route has this path under another method: then 405, not 404. */
function allowedMethods(path: string): string[] {
  const methods = API_ROUTES.filter((route) => {
    const pattern = new RegExp(`^${API_PREFIX}${route.path.replace(/:\w+/g, '[^/]+')}$`);
    return pattern.test(path);
  }).map((route) => route.method.toUpperCase());
  return [...new Set(methods)];
}

/** Whether a request goes to a route with a multipart (upload) body: those get the upload body limit. */
function uploadMatcher(): (method: string, path: string) => boolean {
  const uploads = API_ROUTES.filter((route) => route.bodyType === 'multipart').map((route) => ({
    method: route.method.toUpperCase(),
    pattern: new RegExp(`^${API_PREFIX}${route.path.replace(/:\w+/g, '[^/]+')}$`),
  }));
  return (method, path) => uploads.some((u) => u.method === method && u.pattern.test(path));
}

/** Methods whose request has no body on @hono/node-server (TRACE is made a GET there). */
const BODILESS_METHODS = new Set(['GET', 'HEAD', 'TRACE']);

/**
 * Hono's bodyLimit, deciding from the headers first as it does: a bodiless method passes, and a
 * Content-Length without Transfer-Encoding is compared with the limit. Hono asks `c.req.raw.body`
 * before it looks at the headers, and on @hono/node-server that builds the native Request with a
 * stream over the socket for every request, which the JSON body is then read through instead of in
 * one piece (a tenth of a precheck's time in `npm run bench:http`'s profile). Requests without a
 * Content-Length go to Hono's bodyLimit, which counts the bytes.
 */
function declaredLengthFirst(maxSize: number, onError: () => never): MiddlewareHandler<AppEnv> {
  const counting: MiddlewareHandler<AppEnv> = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    if (BODILESS_METHODS.has(c.req.method)) return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counting(c, next);
    if (parseInt(length || '0', 10) > maxSize) onError();
    return next();
  };
}

export function createApp(options: AppOptions): Hono<AppEnv> {
  if (options.secrets.credentialKey.length < MIN_KEY_LENGTH) {
    throw new Error(`secrets.credentialKey must have at least ${MIN_KEY_LENGTH} characters`);
  }
  const now = options.now ?? (() => new Date());
  const trustProxy = options.trustProxy ?? { kind: 'none' };
  const clientIp = options.clientIp ?? clientAddressResolver(trustProxy);
  const metrics = options.metrics ?? createMetrics();
  metrics.attach({
    queue: () => queueStats(options.db.kysely, now()),
    applications: () => countApplicationsByStatus(options.db),
    pool: options.db.poolUse,
    now,
    calendarToYear: () => options.policy.calendar.coverage.toYear,
  });
  const logger = options.logger ?? createLogger({ level: 'silent', destination: process.stderr });
  const httpsPublicUrl = options.publicUrl !== undefined && new URL(options.publicUrl).protocol === 'https:';
  const gateway =
    options.gateway ??
    createSandboxGateway({
      database: options.db,
      policy: options.policy,
      smsSecret: options.smsSecret ?? defaultSmsSecret(options.secrets.credentialKey),
    });
  const deps: AppDeps = {
    db: options.db,
    policy: options.policy,
    facts: options.facts,
    now,
    credentialKey: options.secrets.credentialKey,
    limits: createRateLimiters(options.db, options.rateLimits ?? {}, now),
    loginGuard: new LoginGuard(options.db, options.loginGuard),
    sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    secureCookies: options.secureCookies ?? (httpsPublicUrl ? true : 'auto'),
    clientIp,
    gateway,
    readOutbox: isSandbox(gateway) ? (filter) => gateway.readOutbox(filter) : null,
    sms: options.sms ?? createSandboxSmsGateway(options.db.kysely, now),
    online: options.online ?? null,
    publicUrl: options.publicUrl ?? null,
    monitor: options.monitor ?? null,
    registrar: options.registrar ?? createRegistrarSandbox({ database: options.db, policy: options.policy }),
    documents:
      options.documents ??
      createDocumentStore({
        dir: options.documentsDir ?? DEFAULT_DOCUMENTS_DIR,
        maxBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
        maxAccountBytes: options.maxAccountDocumentBytes ?? DEFAULT_MAX_ACCOUNT_BYTES,
      }),
    metrics,
    reviewServiceLevelWorkdays: options.reviewServiceLevelWorkdays ?? DEFAULT_PROVIDER_REVIEW_WORKDAYS,
    access: options.access ?? DEFAULT_ACCESS_SETTINGS,
    identity: options.identity ?? { mode: 'off' },
  };
  const report =
    options.onInternalError ??
    (options.logger
      ? (error: unknown) => logger.error({ err: error }, 'internal error')
      : (error: unknown) =>
          process.stderr.write(
            `beian api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
          ));

  const app = new Hono<AppEnv>();
  app.use('*', observeRequests({ logger, metrics, clientAddress: clientIp }));
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
    // API answers hold personal data and tokens: never cached, never sniffed as another type. Only
    // a response that chose its own caching (a static asset with a content hash) keeps it.
    if (!c.res.headers.has('Cache-Control')) setAnswerHeader(c, 'Cache-Control', 'no-store');
    setAnswerHeader(c, 'X-Content-Type-Options', 'nosniff');
    // Sent over plain http too when the proxy terminates TLS: the proxy passes it on over https,
    // and browsers ignore it on an insecure connection (RFC 6797 §8.1).
    if (httpsPublicUrl) setAnswerHeader(c, 'Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  });
  const jsonBodyLimit = declaredLengthFirst(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES, () => {
    throw new ApiError('PAYLOAD_TOO_LARGE');
  });
  // Checked on Content-Length before anything is read (and on the bytes when there is none); the
  // upload use case checks the file's own size against the exact limit again.
  const uploadBodyLimit = declaredLengthFirst(deps.documents.maxBytes + MULTIPART_OVERHEAD_BYTES, () => {
    const message = tooLargeMessage(deps.documents.maxBytes);
    throw new ApiError('PAYLOAD_TOO_LARGE', {
      message,
      fields: [{ path: 'file', code: 'FILE_TOO_LARGE', message }],
    });
  });
  const isUpload = uploadMatcher();
  const limitBody: MiddlewareHandler<AppEnv> = (c, next) =>
    (isUpload(c.req.method, c.req.path) ? uploadBodyLimit : jsonBodyLimit)(c, next);
  app.use(`${API_PREFIX}/*`, limitBody);
  mountServiceRoutes(app, {
    metricsAccess: options.metricsAccess ?? { kind: 'loopback' },
    proxiesTrusted: trustProxy.kind !== 'none',
    logger,
    isDraining: options.isDraining ?? (() => false),
  });
  options.pages?.mount(app);
  const api = new Hono<AppEnv>();
  for (const route of API_ROUTES) mountRoute(api, route);
  app.route(API_PREFIX, api);

  app.notFound((c) => {
    if (options.pages && !isApiPath(c.req.path)) return options.pages.notFound(c);
    const methods = allowedMethods(c.req.path);
    if (methods.length === 0) return errorResponse(c, new ApiError('NOT_FOUND'));
    return errorResponse(c, new ApiError('METHOD_NOT_ALLOWED', { headers: { Allow: methods.join(', ') } }));
  });
  app.onError((error, c) => {
    if (options.pages && !isApiPath(c.req.path)) return options.pages.onError(error, c, report);
    if (error instanceof ApiError) return errorResponse(c, error);
    report(error);
    return errorResponse(c, new ApiError('INTERNAL_ERROR'));
  });
  return app;
}
