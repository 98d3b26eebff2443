/** 账号 — accounts of this deployment: creation, lookup, password login, enabling and disabling. */
import { z } from 'zod';
import { ROLES } from '../filing/index.ts';
import type { Role } from '../filing/index.ts';
import type { Database } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { Selectable } from 'kysely';
import { revokeAllCredentials } from './credentials.ts';
import type { ScryptParams } from './passwords.ts';
import { AccountError } from './errors.ts';
import { assertPasswordAcceptable } from './password-policy.ts';
import { hashPassword, verifyNothing, verifyPassword } from './passwords.ts';

/** Login names: lower-case letters, digits and `. _ -`, starting and ending with a letter or digit. */
export const loginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/, 'letters, digits, ".", "_" or "-"');

/**
 * New passwords: at least 12 characters, no composition rules, long passphrases welcome (OWASP
 * Authentication Cheat Sheet, NIST SP 800-63B). The upper bound keeps hashing cheap for hostile input.
 * What a password must not be besides (common, repetitive, containing the login) is
 * password-policy.ts, checked wherever a password is set.
 */
export const newPasswordSchema = z.string().min(12).max(1024);

const roleSchema = z.enum(ROLES);

export const newAccountSchema = z.strictObject({
  login: loginSchema,
  displayName: z.string().trim().min(1).max(128),
  role: roleSchema,
  password: newPasswordSchema,
});
type NewAccount = z.input<typeof newAccountSchema>;

/** An account as the rest of beian sees it: never with its password hash. */
export type Account = {
  id: number;
  login: string;
  displayName: string;
  role: Role;
  createdAt: string;
  disabled: boolean;
};

export { AccountError };

type AccountRow = Selectable<Schema['account']>;

export function accountFromRow(row: Omit<AccountRow, 'password_hash'>): Account {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    role: roleSchema.parse(row.role),
    createdAt: row.created_at,
    disabled: row.disabled !== 0,
  };
}

export const ACCOUNT_COLUMNS = ['id', 'login', 'display_name', 'role', 'created_at', 'disabled'] as const;

/** `passwordCost` is for test fixtures, which create hundreds of accounts; production keeps the default. */
export async function createAccount(
  database: Database,
  input: NewAccount,
  now: Date,
  passwordCost?: ScryptParams,
): Promise<Account> {
  const valid = newAccountSchema.parse(input);
  assertPasswordAcceptable(valid.password, valid.login);
  if (await findAccount(database, valid.login)) {
    throw new AccountError({ zh: `账号 ${valid.login} 已存在`, en: `account ${valid.login} already exists` });
  }
  const row = await database.kysely
    .insertInto('account')
    .values({
      login: valid.login,
      display_name: valid.displayName,
      role: valid.role,
      password_hash: await hashPassword(valid.password, passwordCost),
      created_at: now.toISOString(),
      disabled: 0,
    })
    .returning(ACCOUNT_COLUMNS)
    .executeTakeFirstOrThrow();
  return accountFromRow(row);
}

export async function findAccount(database: Database, login: string): Promise<Account | null> {
  const row = await database.kysely
    .selectFrom('account')
    .select(ACCOUNT_COLUMNS)
    .where('login', '=', login.trim().toLowerCase())
    .executeTakeFirst();
  return row ? accountFromRow(row) : null;
}

export async function listAccounts(database: Database): Promise<Account[]> {
  const rows = await database.kysely.selectFrom('account').select(ACCOUNT_COLUMNS).orderBy('id').execute();
  return rows.map(accountFromRow);
}

/**
 * The enabled account whose password matches, else null. Unknown login, wrong password and disabled
 * account look the same from outside, in answer and in time (OWASP Authentication Cheat Sheet).
 */
export async function authenticate(
  database: Database,
  login: string,
  password: string,
): Promise<Account | null> {
  const row = await database.kysely
    .selectFrom('account')
    .selectAll()
    .where('login', '=', login.trim().toLowerCase())
    .executeTakeFirst();
  if (!row) return verifyNothing(password).then(() => null);
  const matches = await verifyPassword(password, row.password_hash);
  return matches && row.disabled === 0 ? accountFromRow(row) : null;
}

async function updateAccount(
  database: Database,
  login: string,
  set: { password_hash?: string; disabled?: number },
): Promise<Account> {
  const row = await database.kysely
    .updateTable('account')
    .set(set)
    .where('login', '=', login.trim().toLowerCase())
    .returning(ACCOUNT_COLUMNS)
    .executeTakeFirst();
  if (!row) throw new AccountError({ zh: `没有账号 ${login}`, en: `no account ${login}` });
  return accountFromRow(row);
}

/** Disabling ends every session and token of the account at once, not at their expiry. */
export async function setAccountDisabled(
  database: Database,
  login: string,
  disabled: boolean,
): Promise<Account> {
  return database.kysely.transaction().execute(async (trx) => {
    const scoped = { ...database, kysely: trx };
    const account = await updateAccount(scoped, login, { disabled: disabled ? 1 : 0 });
    if (disabled) await revokeAllCredentials(trx, account.id);
    return account;
  });
}

/**
 * A new password ends the account's sessions and revokes its API tokens (OWASP Session Management:
 * renew on credential change): whoever had the old password may have minted a token with it.
 */
export async function setAccountPassword(
  database: Database,
  login: string,
  password: string,
): Promise<Account> {
  const valid = newPasswordSchema.parse(password);
  assertPasswordAcceptable(valid, login);
  const hash = await hashPassword(valid);
  return database.kysely.transaction().execute(async (trx) => {
    const account = await updateAccount({ ...database, kysely: trx }, login, { password_hash: hash });
    await revokeAllCredentials(trx, account.id);
    return account;
  });
}
