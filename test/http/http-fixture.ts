/**
 * An API app over a fresh test database with the demo data, a settable clock, a test IP header, and one
 * account per role; plus small request helpers. Shared by the test/http tests.
 */
import type { Role } from '../../src/filing/roles.ts';
import type { AppOptions } from '../../src/http/app.ts';
import { createApp } from '../../src/http/app.ts';
import { apiErrorSchema } from '../../src/http/errors.ts';
import { checkReportSchema, createdTokenSchema, sessionSchema } from '../../src/http/schemas.ts';
import type { Database } from '../../src/store/index.ts';
import {
  START,
  createRoleAccounts,
  importDemoData,
  sessionFor,
  testAppOptions,
  testPolicy as policy,
} from '../support/app-fixture.ts';

export { CREDENTIAL_KEY, PASSWORD, START } from '../support/app-fixture.ts';

export type Fixture = Awaited<ReturnType<typeof createFixture>>;

/** `ip` header names the client for the rate limits; requests without it come from 192.0.2.1. */
export async function createFixture(database: Database, options: Partial<AppOptions> = {}) {
  await importDemoData(database);
  const clock = { now: START };
  const errors: unknown[] = [];
  const app = createApp({ ...testAppOptions(database, clock, errors), ...options });
  const accounts = await createRoleAccounts(database);

  /** A fresh session for the role's account, made directly (no scrypt): cookie header and CSRF token. */
  const sessionOf = (role: Role) => sessionFor(database, accounts.get(role) as number, clock.now);

  function request(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...init.headers };
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    return app.request(`/api/v1${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  }

  return { app, clock, errors, policy, accounts, sessionOf, request };
}

/** The `name=value` of a Set-Cookie header, for sending it back. */
export function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  return header.split(';')[0] ?? '';
}

/** Typed readers of response bodies: each parses with the schema the OpenAPI document publishes. */
export const read = {
  errorCode: async (response: Response) => apiErrorSchema.parse(await response.json()).code,
  session: async (response: Response) => sessionSchema.parse(await response.json()),
  token: async (response: Response) => createdTokenSchema.parse(await response.json()),
  report: async (response: Response) => checkReportSchema.parse(await response.json()),
};
