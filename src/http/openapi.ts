/**
 * The OpenAPI 3.1 document, generated from the routes: their paths, access, zod schemas (through zod
 * 4's own `z.toJSONSchema`) and the errors each may answer. Nothing here is written by hand twice.
 */
import { z } from 'zod';
import { can } from '../filing/index.ts';
import { CSRF_HEADER, sessionCookieName } from './actor.ts';
import type { ApiErrorCode } from './errors.ts';
import { ERROR_STATUS, apiErrorSchema } from './errors.ts';
import type { ApiRoute } from './route.ts';

export const API_PREFIX = '/api/v1';

type JsonObject = Record<string, unknown>;

/** Whether anonymous visitors may call the route. */
const isPublic = (route: ApiRoute): boolean =>
  route.access === 'anyone' || (route.access !== 'signed-in' && can(null, route.access));

const isUnsafe = (route: ApiRoute): boolean => route.method !== 'get';

/** Every error code the route can answer, in table order. */
function errorCodesOf(route: ApiRoute): ApiErrorCode[] {
  const codes = new Set<ApiErrorCode>(route.errors);
  codes.add('UNAUTHENTICATED'); // any request may carry a bad bearer token
  codes.add('INTERNAL_ERROR');
  if (!isPublic(route)) codes.add('FORBIDDEN');
  if (isUnsafe(route)) codes.add('CSRF_TOKEN_INVALID');
  if (route.body || route.query) codes.add('VALIDATION_FAILED');
  if (route.body)
    for (const code of ['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const)
      if (code !== 'MALFORMED_JSON' || route.bodyType !== 'multipart') codes.add(code);
  if (route.rateLimit) codes.add('RATE_LIMITED');
  return (Object.keys(ERROR_STATUS) as ApiErrorCode[]).filter((code) => codes.has(code));
}

/** Converts a schema, moving its named parts (`.meta({ id })`) into `components.schemas`. */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: JsonObject): JsonObject {
  const converted = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as JsonObject;
  const text = JSON.stringify(converted).replaceAll('"#/$defs/', '"#/components/schemas/');
  const {
    $schema: _schema,
    $defs,
    ...rest
  } = JSON.parse(text) as JsonObject & { $defs?: Record<string, unknown> };
  for (const [id, definition] of Object.entries($defs ?? {})) {
    const existing = components[id];
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(definition)) {
      throw new Error(`OpenAPI: schema id ${id} names two different schemas`);
    }
    components[id] = definition;
  }
  return rest;
}

function queryParameters(route: ApiRoute, components: JsonObject): JsonObject[] {
  if (!route.query) return [];
  const schema = toSchema(route.query, 'input', components) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

function security(route: ApiRoute): JsonObject[] {
  const cookie = isUnsafe(route) ? { sessionCookie: [], csrfToken: [] } : { sessionCookie: [] };
  const signedIn = [cookie, { bearerToken: [] }];
  return isPublic(route) ? [{}, ...signedIn] : signedIn;
}

function operation(route: ApiRoute, components: JsonObject): JsonObject {
  const responses: JsonObject = {};
  for (const response of route.responses) {
    responses[String(response.status)] = {
      description: response.description,
      ...(response.schema
        ? { content: { 'application/json': { schema: toSchema(response.schema, 'output', components) } } }
        : response.binary
          ? {
              content: Object.fromEntries(
                response.binary.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
              ),
            }
          : {}),
    };
  }
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of errorCodesOf(route))
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  for (const [status, codes] of byStatus) {
    responses[String(status)] = {
      description: codes.join(', '),
      ...(status === 429 ? { headers: { 'Retry-After': { schema: { type: 'integer' } } } } : {}),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
    };
  }
  return {
    operationId: `${route.method}${route.path.replace(/[/:](\w)/g, (_match, c: string) => c.toUpperCase())}`,
    summary: route.summary,
    tags: route.tags,
    'x-beian-access': route.access,
    security: security(route),
    parameters: queryParameters(route, components),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              [route.bodyType === 'multipart' ? 'multipart/form-data' : 'application/json']: {
                schema: toSchema(route.body, 'input', components),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(routes: readonly ApiRoute[]): JsonObject {
  const components: JsonObject = {};
  toSchema(apiErrorSchema, 'output', components);
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    const path = API_PREFIX + route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operation(route, components) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'beian API',
      version: '1',
      description:
        'ICP filing (网站备案) API. Errors always have the ApiError shape. Cookie sessions must send the ' +
        `session's CSRF token in ${CSRF_HEADER} on POST, PUT, PATCH and DELETE; bearer tokens need none.`,
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: sessionCookieName(false),
          description: `Set by POST ${API_PREFIX}/session; named ${sessionCookieName(true)} over https`,
        },
        csrfToken: {
          type: 'apiKey',
          in: 'header',
          name: CSRF_HEADER,
          description: `The csrfToken of GET ${API_PREFIX}/session; required with the cookie on unsafe methods`,
        },
        bearerToken: { type: 'http', scheme: 'bearer', description: `From POST ${API_PREFIX}/tokens` },
      },
    },
  };
}
