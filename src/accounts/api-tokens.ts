/**
 * 令牌 — a person's own API tokens: create (shown once), list, revoke. Creation and revocation run in
 * one write transaction with their audit event (target `account:<login>`), so the account's trail
 * says which scripts could act for it and when that ended.
 */
import { z } from 'zod';
import { TOKEN_SCOPES } from '../filing/index.ts';
import type { TokenScope } from '../filing/index.ts';
import type { Database } from '../store/index.ts';
import { insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { Account } from './accounts.ts';
import type { ApiToken } from './credentials.ts';
import { deleteApiToken, insertApiToken, listApiTokens } from './credentials.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a person gives for a new token; the API's body and the web form validate with it. */
export const newTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** `read`: GET requests and read actions only (src/filing/roles.ts `scopeAllows`). */
  scope: z.enum(TOKEN_SCOPES).default('full'),
  /** Tokens expire (default 90 days): a forgotten script token should not live for ever. */
  expiresInDays: z.number().int().min(1).max(366).default(90),
});
export type NewToken = z.input<typeof newTokenSchema>;

type TokenOwner = Pick<Account, 'id' | 'login' | 'role'>;

const auditData = (token: { id: number; name: string; scope: TokenScope }) => ({
  tokenId: token.id,
  name: token.name,
  scope: token.scope,
});

/** Creates a token for `account`; the returned `token` is the only time it exists in clear. */
export async function createToken(options: {
  db: Database;
  credentialKey: string;
  account: TokenOwner;
  input: NewToken;
  now: Date;
}): Promise<ApiToken & { token: string }> {
  const { db, account, now } = options;
  const valid = newTokenSchema.parse(options.input);
  return writeTransaction(db, async (tx) => {
    const created = await insertApiToken(tx, options.credentialKey, account.id, {
      name: valid.name,
      scope: valid.scope,
      now,
      ttlMs: valid.expiresInDays * DAY_MS,
    });
    await insertAuditEvent(tx, {
      applicationId: null,
      actor: { account: account.login, role: account.role },
      action: 'account.create-token',
      from: null,
      to: valid.scope,
      target: `account:${account.login}`,
      data: auditData(created),
      now,
    });
    return created;
  });
}

/** The account's live tokens (never the tokens themselves). */
export function listTokens(db: Database, account: Pick<Account, 'id'>, now: Date): Promise<ApiToken[]> {
  return listApiTokens(db.kysely, account.id, now);
}

/**
 * Revokes one of the account's own tokens; null when it has no token with this id (someone else's
 * token is not found, as for applications, so ids reveal nothing).
 */
export async function revokeToken(options: {
  db: Database;
  account: TokenOwner;
  tokenId: number;
  now: Date;
}): Promise<ApiToken | null> {
  const { db, account, now } = options;
  if (!Number.isSafeInteger(options.tokenId)) return null;
  return writeTransaction(db, async (tx) => {
    const revoked = await deleteApiToken(tx, account.id, options.tokenId);
    if (!revoked) return null;
    await insertAuditEvent(tx, {
      applicationId: null,
      actor: { account: account.login, role: account.role },
      action: 'account.revoke-token',
      from: revoked.scope,
      to: null,
      target: `account:${account.login}`,
      data: auditData(revoked),
      now,
    });
    return revoked;
  });
}
