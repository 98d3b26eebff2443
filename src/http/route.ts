/**
 * Routes are data: method, path, the access they need, their zod schemas and a handler. `mountRoute`
 * is the only way a route reaches the app, and it always puts the actor, CSRF and permission checks
 * in front, so a route without a permission check cannot be written (issue 3: "every route checks it").
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { Action } from '../filing/index.ts';
import { can, scopeAllows } from '../filing/index.ts';
import { checkCsrf, resolveActor } from './actor.ts';
import type { Actor, AppDeps, AppEnv } from './context.ts';
import { ApiError, validationError } from './errors.ts';
import type { ApiErrorCode } from './errors.ts';
import type { RateLimitName } from './rate-limit.ts';

/**
 * An action from the permission table, or one of two kinds of route outside it: `anyone` (signing in
 * cannot need a signed-in role) and `signed-in` (managing one's own session or tokens, any role).
 */
export type RouteAccess = Action | 'anyone' | 'signed-in';
type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Whether `actor` may send a `method` request to a route of `access`: the permission table decides
 * every Action for the role, and a read-only token's scope (`scopeAllows`) every request it makes.
 */
export function accessDecision(
  access: RouteAccess,
  actor: Actor,
  method: string,
): 'allowed' | 'unauthenticated' | 'forbidden' | 'read-only-token' {
  if (access === 'anyone') return 'allowed';
  const role = actor.kind === 'account' ? actor.account.role : null;
  if (role === null) return access !== 'signed-in' && can(null, access) ? 'allowed' : 'unauthenticated';
  if (access !== 'signed-in' && !can(role, access)) return 'forbidden';
  const scope = actor.kind === 'account' && actor.via === 'token' ? actor.scope : 'full';
  const action = access === 'signed-in' ? null : access;
  return scopeAllows(scope, method.toUpperCase(), action) ? 'allowed' : 'read-only-token';
}

/** 401 for anonymous visitors, 403 for accounts whose role or token scope may not; else the handler runs. */
export function requirePermission(access: RouteAccess): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const decision = accessDecision(access, c.get('actor'), c.req.method);
    if (decision === 'unauthenticated') throw new ApiError('UNAUTHENTICATED');
    if (decision === 'forbidden') throw new ApiError('FORBIDDEN');
    if (decision === 'read-only-token') throw new ApiError('TOKEN_READ_ONLY');
    await next();
  };
}

/** Counts the request against a per-IP limit; 429 with Retry-After once it is spent. */
export async function enforceRateLimit(name: RateLimitName, key: string, deps: AppDeps): Promise<void> {
  const decision = await deps.limits[name].hit(key);
  if (!decision.allowed) {
    throw new ApiError('RATE_LIMITED', { headers: { 'Retry-After': String(decision.retryAfterSeconds) } });
  }
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type RouteInput<B, Q> = { c: Context<AppEnv>; actor: Actor; deps: AppDeps; body: B; query: Q };

type RouteResponse = {
  status: number;
  description: string;
  schema?: z.ZodType;
  /** A binary body (a download) in one of these media types, instead of JSON. */
  binary?: readonly string[];
};

/**
 * How a route's body arrives: JSON (the default), or `multipart/form-data` for file uploads, whose
 * text fields and files (as `File`) `body` validates as one object. The app's body limit lets
 * multipart routes through up to the upload limit (app.ts).
 */
type BodyType = 'json' | 'multipart';

export type ApiRoute = {
  readonly method: HttpMethod;
  /** Under /api/v1, Hono syntax (`/tokens/:id`). */
  readonly path: string;
  readonly access: RouteAccess;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly body?: z.ZodType;
  readonly bodyType?: BodyType;
  readonly query?: z.ZodType;
  readonly responses: readonly RouteResponse[];
  /** Error codes this route may answer besides the ones every route may (for the OpenAPI document). */
  readonly errors: readonly ApiErrorCode[];
  /** A per-IP limit counted before the body is read. */
  readonly rateLimit?: RateLimitName;
  handle(input: RouteInput<unknown, unknown>): Promise<Response>;
};

/** Declares a route; the handler gets its body and query already validated by the schemas. */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(
  spec: Omit<ApiRoute, 'handle' | 'body' | 'query' | 'errors'> & {
    body?: B;
    query?: Q;
    errors?: readonly ApiErrorCode[];
    handle(input: RouteInput<Out<B>, Out<Q>>): Promise<Response>;
  },
): ApiRoute {
  // The mounted chain validated body and query with these very schemas before calling.
  const handle = (input: RouteInput<unknown, unknown>) => spec.handle(input as RouteInput<Out<B>, Out<Q>>);
  return { ...spec, errors: spec.errors ?? [], handle };
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/** Reads a JSON body: 415 unless declared JSON, 400 unless it parses; the size limit came first. */
async function readJsonBody(c: Context<AppEnv>): Promise<unknown> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType)) throw new ApiError('UNSUPPORTED_MEDIA_TYPE');
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('MALFORMED_JSON');
  }
}

const MULTIPART_MEDIA_TYPE = 'multipart/form-data';

/** Reads a multipart body: 415 unless declared multipart, 400 unless it parses; the size limit came first. */
async function readMultipartBody(c: Context<AppEnv>): Promise<unknown> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== MULTIPART_MEDIA_TYPE) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', {
      message: {
        zh: '请求正文须为 multipart/form-data（文件上传）',
        en: 'the request body must be multipart/form-data (a file upload)',
      },
    });
  }
  try {
    // `all`: a field sent twice becomes an array, which the schema refuses, instead of one silently winning.
    return await c.req.parseBody({ all: true });
  } catch {
    throw new ApiError('VALIDATION_FAILED', {
      message: {
        zh: '请求正文不是有效的 multipart/form-data',
        en: 'the request body is not valid multipart/form-data',
      },
    });
  }
}

function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  // reportInput tells a missing field from a wrong one; inputs never reach the response.
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** Puts a route on the app behind actor resolution, CSRF, the permission check and its rate limit. */
export function mountRoute(app: Hono<AppEnv>, route: ApiRoute): void {
  app.on(
    route.method.toUpperCase(),
    route.path,
    resolveActor,
    checkCsrf,
    requirePermission(route.access),
    async (c) => {
      const deps = c.get('deps');
      if (route.rateLimit) await enforceRateLimit(route.rateLimit, deps.clientIp(c), deps);
      const query = route.query ? validate(route.query, c.req.query()) : undefined;
      const read = route.bodyType === 'multipart' ? readMultipartBody : readJsonBody;
      const body = route.body ? validate(route.body, await read(c)) : undefined;
      return route.handle({ c, actor: c.get('actor'), deps, body, query });
    },
  );
}
