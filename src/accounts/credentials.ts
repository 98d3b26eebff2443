/**
 * Credentials that stand for an account after login: cookie sessions and bearer tokens. Both are 256
 * random bits shown once to their holder and stored only as an HMAC-SHA256 under the deployment's
 * secret key: a leaked database alone cannot be replayed (OWASP Session Management Cheat Sheet,
 * "Session ID Entropy"; a fast keyed hash suffices for random ids, unlike for passwords).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from '../store/index.ts';
import type { Account } from './accounts.ts';
import { ACCOUNT_COLUMNS, accountFromRow } from './accounts.ts';

/** The prefix makes leaked tokens easy to recognise for secret scanners and for people. */
const TOKEN_PREFIX = 'beian_';

const randomId = (): string => randomBytes(32).toString('base64url');

function credentialHash(key: string, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}

export type Session = {
  /** The raw id for the cookie; only its hash is stored. */
  id: string;
  csrfToken: string;
  expiresAt: string;
};

type ResolvedSession = { account: Account; idHash: string; csrfToken: string; expiresAt: string };

/** Starts a session; the account's expired sessions are swept on the way. */
export async function createSession(
  database: Database,
  key: string,
  accountId: number,
  now: Date,
  ttlMs: number,
): Promise<Session> {
  const id = randomId();
  // Synchronizer token pattern (OWASP CSRF Prevention Cheat Sheet): one random token per session.
  const csrfToken = randomId();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await database.kysely
    .deleteFrom('account_session')
    .where('account_id', '=', accountId)
    .where('expires_at', '<=', now.toISOString())
    .execute();
  await database.kysely
    .insertInto('account_session')
    .values({
      id_hash: credentialHash(key, id),
      account_id: accountId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();
  return { id, csrfToken, expiresAt };
}

/** The live session with this id and its enabled account, else null. */
export async function resolveSession(
  database: Database,
  key: string,
  id: string,
  now: Date,
): Promise<ResolvedSession | null> {
  const idHash = credentialHash(key, id);
  const row = await database.kysely
    .selectFrom('account_session as s')
    .innerJoin('account as a', 'a.id', 's.account_id')
    .select(ACCOUNT_COLUMNS.map((column) => `a.${column}` as const))
    .select(['s.csrf_token', 's.expires_at'])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now.toISOString())
    .where('a.disabled', '=', 0)
    .executeTakeFirst();
  if (!row) return null;
  return { account: accountFromRow(row), idHash, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function deleteSession(database: Database, idHash: string): Promise<void> {
  await database.kysely.deleteFrom('account_session').where('id_hash', '=', idHash).execute();
}

type ApiToken = { id: number; name: string; createdAt: string; expiresAt: string | null };

/** Creates a bearer token; the returned `token` is the only time it exists in clear. */
export async function createApiToken(
  database: Database,
  key: string,
  accountId: number,
  options: { name: string; now: Date; ttlMs: number | null },
): Promise<ApiToken & { token: string }> {
  const token = TOKEN_PREFIX + randomId();
  const createdAt = options.now.toISOString();
  const expiresAt =
    options.ttlMs === null ? null : new Date(options.now.getTime() + options.ttlMs).toISOString();
  const row = await database.kysely
    .insertInto('api_token')
    .values({
      account_id: accountId,
      name: options.name,
      token_hash: credentialHash(key, token),
      created_at: createdAt,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, name: options.name, createdAt, expiresAt, token };
}

/** The live token's id and its enabled account, else null. */
export async function resolveApiToken(
  database: Database,
  key: string,
  token: string,
  now: Date,
): Promise<{ account: Account; tokenId: number } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await database.kysely
    .selectFrom('api_token as t')
    .innerJoin('account as a', 'a.id', 't.account_id')
    .select(ACCOUNT_COLUMNS.map((column) => `a.${column}` as const))
    .select(['t.id as token_id'])
    .where('t.token_hash', '=', credentialHash(key, token))
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now.toISOString())]))
    .where('a.disabled', '=', 0)
    .executeTakeFirst();
  return row ? { account: accountFromRow(row), tokenId: row.token_id } : null;
}

export async function deleteApiToken(database: Database, tokenId: number): Promise<void> {
  await database.kysely.deleteFrom('api_token').where('id', '=', tokenId).execute();
}
