/**
 * An API app over a fresh test database with the demo data, a settable clock, a test IP header, and one
 * account per role; plus small request helpers. Shared by the test/http tests.
 */
import { createReadStream } from 'node:fs';
import { createAccount } from '../../src/accounts/accounts.ts';
import { createSession } from '../../src/accounts/credentials.ts';
import { DEMO_DIR } from '../../src/cli/demo-command.ts';
import { ROLES } from '../../src/filing/roles.ts';
import type { Role } from '../../src/filing/roles.ts';
import type { AppOptions } from '../../src/http/app.ts';
import { DEFAULT_SESSION_TTL_MS, createApp } from '../../src/http/app.ts';
import { apiErrorSchema } from '../../src/http/errors.ts';
import { checkReportSchema, createdTokenSchema, sessionSchema } from '../../src/http/schemas.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import { createFactsStore } from '../../src/store/index.ts';
import type { Database } from '../../src/store/index.ts';
import { importFilings } from '../../src/use-cases/import-filings.ts';
import { importRegistrations } from '../../src/use-cases/import-registrations.ts';

export const CREDENTIAL_KEY = 'test-credential-key-0123456789abcdef';
export const PASSWORD = 'correct horse battery staple';
export const START = new Date('2026-11-28T04:00:00.000Z');
const policy = loadPolicy();

export type Fixture = Awaited<ReturnType<typeof createFixture>>;

/** `ip` header names the client for the rate limits; requests without it come from 192.0.2.1. */
export async function createFixture(database: Database, options: Partial<AppOptions> = {}) {
  for (const [file, run] of [
    ['registrations.jsonl', importRegistrations],
    ['filings.jsonl', importFilings],
  ] as const) {
    const summary = await run({
      db: database,
      input: createReadStream(`${DEMO_DIR}${file}`),
      format: 'jsonl',
    });
    if (summary.skipped > 0) throw new Error(`demo ${file}: ${JSON.stringify(summary.errors)}`);
  }
  const clock = { now: START };
  const errors: unknown[] = [];
  const app = createApp({
    db: database,
    policy,
    facts: createFactsStore(database),
    secrets: { credentialKey: CREDENTIAL_KEY },
    now: () => clock.now,
    clientIp: (c) => c.req.header('x-test-ip') ?? '192.0.2.1',
    onInternalError: (error) => errors.push(error),
    ...options,
  });
  const accounts = new Map<Role, number>();
  for (const role of ROLES) {
    const account = await createAccount(
      database,
      { login: `${role}.user`, displayName: role, role, password: PASSWORD },
      START,
    );
    accounts.set(role, account.id);
  }

  /** A fresh session for the role's account, made directly (no scrypt): cookie header and CSRF token. */
  async function sessionOf(role: Role): Promise<{ cookie: string; csrf: string }> {
    const session = await createSession(
      database,
      CREDENTIAL_KEY,
      accounts.get(role) as number,
      clock.now,
      DEFAULT_SESSION_TTL_MS,
    );
    return { cookie: `beian_session=${session.id}`, csrf: session.csrfToken };
  }

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
