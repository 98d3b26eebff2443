/**
 * What the API and web fixtures share: the demo data imported into a fresh test database, one account
 * per role (hashed at a cheap scrypt cost: fixtures create hundreds of accounts), sessions made
 * directly (no password check), and the app options every test app starts from (a settable clock, the
 * client address from a test header, internal errors collected for assertions).
 */
import { createReadStream } from 'node:fs';
import { createAccount } from '../../src/accounts/accounts.ts';
import { createSession } from '../../src/accounts/credentials.ts';
import type { ScryptParams } from '../../src/accounts/passwords.ts';
import { DEMO_DIR } from '../../src/cli/demo-command.ts';
import { ROLES } from '../../src/filing/roles.ts';
import type { Role } from '../../src/filing/roles.ts';
import type { AppOptions } from '../../src/http/app.ts';
import { DEFAULT_SESSION_TTL_MS } from '../../src/http/app.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { PolicyData } from '../../src/policy/index.ts';
import { createFactsStore } from '../../src/store/index.ts';
import type { Database } from '../../src/store/index.ts';
import { importFilings } from '../../src/imports/index.ts';
import { importRegistrations } from '../../src/imports/index.ts';

export const CREDENTIAL_KEY = 'test-credential-key-0123456789abcdef';
export const PASSWORD = 'correct horse battery staple';
export const START = new Date('2026-11-28T04:00:00.000Z');

/**
 * The smallest cost the hash format accepts: a test account's hash takes microseconds instead of the
 * production ~100 ms. Hashes carry their cost, so logging in with these passwords checks them as usual.
 */
export const TEST_PASSWORD_COST: ScryptParams = { N: 2, r: 1, p: 1 };

/** The policy data, read once per test process. */
export const testPolicy: PolicyData = loadPolicy();

/** Imports the demo's registrations and filings (demo/*.jsonl); throws on any skipped line. */
export async function importDemoData(database: Database): Promise<void> {
  for (const [file, run] of [
    ['registrations.jsonl', importRegistrations],
    ['filings.jsonl', importFilings],
  ] as const) {
    const summary = await run({
      db: database,
      policy: testPolicy,
      input: createReadStream(`${DEMO_DIR}${file}`),
      format: 'jsonl',
    });
    if (summary.skipped > 0) throw new Error(`demo ${file}: ${JSON.stringify(summary.errors)}`);
  }
}

/** Creates an account with PASSWORD at the test cost; its id. */
export async function createTestAccount(
  database: Database,
  account: { login: string; role: Role; displayName?: string },
  now: Date = START,
): Promise<number> {
  const created = await createAccount(
    database,
    {
      login: account.login,
      displayName: account.displayName ?? account.login,
      role: account.role,
      password: PASSWORD,
    },
    now,
    TEST_PASSWORD_COST,
  );
  return created.id;
}

/** One account per role, `<role>.user` with PASSWORD; their ids by role. */
export async function createRoleAccounts(database: Database): Promise<Map<Role, number>> {
  const accounts = new Map<Role, number>();
  for (const role of ROLES) {
    accounts.set(role, await createTestAccount(database, { login: `${role}.user`, displayName: role, role }));
  }
  return accounts;
}

/** A fresh session for an account, made directly (no scrypt): cookie header and CSRF token. */
export async function sessionFor(
  database: Database,
  accountId: number,
  now: Date,
): Promise<{ cookie: string; csrf: string }> {
  const session = await createSession(database, CREDENTIAL_KEY, accountId, now, DEFAULT_SESSION_TTL_MS);
  return { cookie: `beian_session=${session.id}`, csrf: session.csrfToken };
}

/**
 * The options every test app starts from: `clock.now` is the app's time, the `x-test-ip` header names
 * the client for the rate limits (192.0.2.1 without it), and internal errors land in `errors`.
 */
export function testAppOptions(
  database: Database,
  clock: { now: Date },
  errors: unknown[],
  policy: PolicyData = testPolicy,
) {
  return {
    db: database,
    policy,
    facts: createFactsStore(database),
    secrets: { credentialKey: CREDENTIAL_KEY },
    now: () => clock.now,
    clientIp: (c) => c.req.header('x-test-ip') ?? '192.0.2.1',
    onInternalError: (error: unknown) => errors.push(error),
  } satisfies AppOptions;
}
