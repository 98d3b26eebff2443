/**
 * Credentials that stand for an account after login: cookie sessions and bearer tokens. Both are 256
 * random bits shown once to their holder and stored only as an HMAC-SHA256 under the deployment's
 * secret key: a leaked database alone cannot be replayed (OWASP Session Management Cheat Sheet,
 * "Session ID Entropy"; a fast keyed hash suffices for random ids, unlike for passwords).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TokenScope } from '../filing/index.ts';
import type { Database, Schema } from '../store/index.ts';
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

/** An API token as its owner sees it: never the token itself nor its hash. */
export type ApiToken = {
  id: number;
  name: string;
  scope: TokenScope;
  createdAt: string;
  expiresAt: string | null;
  /** When a request last used it, to the minute (see LAST_USED_RESOLUTION_MS); null if never. */
  lastUsedAt: string | null;
};

/**
 * The last use is written at most once a minute per token: a script polling every second would
 * otherwise turn each of its reads into a write. A minute is precise enough to tell a live token from
 * a forgotten one.
 */
const LAST_USED_RESOLUTION_MS = 60_000;

const TOKEN_COLUMNS = ['id', 'name', 'scope', 'created_at', 'expires_at', 'last_used_at'] as const;

function tokenFromRow(row: {
  id: number;
  name: string;
  scope: TokenScope;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}): ApiToken {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}

/**
 * Inserts a bearer token inside the caller's transaction; the returned `token` is the only time it
 * exists in clear. The use case with its audit event is `createToken` (api-tokens.ts).
 */
export async function insertApiToken(
  db: Kysely<Schema>,
  key: string,
  accountId: number,
  options: { name: string; scope: TokenScope; now: Date; ttlMs: number | null },
): Promise<ApiToken & { token: string }> {
  const token = TOKEN_PREFIX + randomId();
  const createdAt = options.now.toISOString();
  const expiresAt =
    options.ttlMs === null ? null : new Date(options.now.getTime() + options.ttlMs).toISOString();
  const row = await db
    .insertInto('api_token')
    .values({
      account_id: accountId,
      name: options.name,
      scope: options.scope,
      token_hash: credentialHash(key, token),
      created_at: createdAt,
      expires_at: expiresAt,
      last_used_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    name: options.name,
    scope: options.scope,
    createdAt,
    expiresAt,
    lastUsedAt: null,
    token,
  };
}

/**
 * The live token's id, scope and enabled account, else null. Records the use (at most once a minute,
 * by a conditional update that writes nothing inside the minute).
 */
export async function resolveApiToken(
  database: Database,
  key: string,
  token: string,
  now: Date,
): Promise<{ account: Account; tokenId: number; scope: TokenScope } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await database.kysely
    .selectFrom('api_token as t')
    .innerJoin('account as a', 'a.id', 't.account_id')
    .select(ACCOUNT_COLUMNS.map((column) => `a.${column}` as const))
    .select(['t.id as token_id', 't.scope', 't.last_used_at'])
    .where('t.token_hash', '=', credentialHash(key, token))
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now.toISOString())]))
    .where('a.disabled', '=', 0)
    .executeTakeFirst();
  if (!row) return null;
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
  if (row.last_used_at === null || row.last_used_at <= staleBefore) {
    await database.kysely
      .updateTable('api_token')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.token_id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', staleBefore)]))
      .execute();
  }
  return { account: accountFromRow(row), tokenId: row.token_id, scope: row.scope };
}

/** The account's tokens that have not expired, newest last. */
export async function listApiTokens(db: Kysely<Schema>, accountId: number, now: Date): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_token')
    .select(TOKEN_COLUMNS)
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.toISOString())]))
    .orderBy('id')
    .execute();
  return rows.map(tokenFromRow);
}

/** Deletes the account's token with this id; the token as it was, or null when it has none such. */
export async function deleteApiToken(
  db: Kysely<Schema>,
  accountId: number,
  tokenId: number,
): Promise<ApiToken | null> {
  const row = await db
    .deleteFrom('api_token')
    .where('id', '=', tokenId)
    .where('account_id', '=', accountId)
    .returning(TOKEN_COLUMNS)
    .executeTakeFirst();
  return row ? tokenFromRow(row) : null;
}

/**
 * Ends every credential of an account, sessions and tokens, inside the caller's transaction: what a
 * new password and a disable both need (OWASP Session Management Cheat Sheet: renew on credential
 * change; a token is a credential like a session, and a 366-day one more so).
 */
export async function revokeAllCredentials(db: Kysely<Schema>, accountId: number): Promise<void> {
  await db.deleteFrom('account_session').where('account_id', '=', accountId).execute();
  await db.deleteFrom('api_token').where('account_id', '=', accountId).execute();
}
