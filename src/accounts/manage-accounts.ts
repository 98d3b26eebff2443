/**
 * 账号管理 — an administrator's changes to accounts (the admin users page): create an account with a
 * role, disable or enable one, set a new password. Each change runs in one write transaction with its
 * audit event (target `account:<login>`), unlike the operator's CLI (`beian accounts`), which acts
 * outside any session. Passwords are hashed before the transaction opens: scrypt takes ~100 ms, and
 * SQLite's write lock should not wait on it.
 */
import type { Kysely } from 'kysely';
import type { Role } from '../filing/index.ts';
import { insertAuditEvent } from '../store/index.ts';
import type { Database, Schema } from '../store/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Account } from './accounts.ts';
import {
  ACCOUNT_COLUMNS,
  AccountError,
  accountFromRow,
  newAccountSchema,
  newPasswordSchema,
} from './accounts.ts';
import { assertPasswordAcceptable } from './password-policy.ts';
import { revokeAllCredentials } from './credentials.ts';
import { hashPassword } from './passwords.ts';

/** Who makes the change, as the audit trail records it. */
export type AccountActor = { account: string; role: Role };

export const loginTaken = (login: string): AccountError =>
  new AccountError({ zh: `账号 ${login} 已存在`, en: `account ${login} already exists` });

/**
 * Inserts a validated account inside `tx`; null when the login is taken. `on conflict do nothing`
 * rather than a look-up first: two registrations of one name at once must not both pass a check.
 */
export async function insertAccount(
  tx: Kysely<Schema>,
  account: { login: string; displayName: string; role: Role; passwordHash: string },
  now: Date,
): Promise<Account | null> {
  const row = await tx
    .insertInto('account')
    .values({
      login: account.login,
      display_name: account.displayName,
      role: account.role,
      password_hash: account.passwordHash,
      created_at: now.toISOString(),
      disabled: 0,
    })
    .onConflict((conflict) => conflict.column('login').doNothing())
    .returning(ACCOUNT_COLUMNS)
    .executeTakeFirst();
  return row ? accountFromRow(row) : null;
}

type AdminCreateAccountOptions = {
  db: Database;
  actor: AccountActor;
  input: { login: string; displayName: string; role: Role; password: string };
  now: Date;
};

/** Creates an account with any role; throws AccountError when the login is taken. */
export async function adminCreateAccount({
  db,
  actor,
  input,
  now,
}: AdminCreateAccountOptions): Promise<Account> {
  const valid = newAccountSchema.parse(input);
  assertPasswordAcceptable(valid.password, valid.login);
  const passwordHash = await hashPassword(valid.password);
  return writeTransaction(db, async (tx) => {
    const account = await insertAccount(tx, { ...valid, passwordHash }, now);
    if (!account) throw loginTaken(valid.login);
    await insertAuditEvent(tx, {
      applicationId: null,
      actor,
      action: 'account.create',
      from: null,
      to: 'enabled',
      target: `account:${account.login}`,
      data: { role: account.role },
      now,
    });
    return account;
  });
}

/** The account with this id, else null. */
export async function findAccountById(db: Kysely<Schema>, accountId: number): Promise<Account | null> {
  const row = await db
    .selectFrom('account')
    .select(ACCOUNT_COLUMNS)
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row ? accountFromRow(row) : null;
}

async function accountById(tx: Kysely<Schema>, accountId: number): Promise<Account> {
  const account = await findAccountById(tx, accountId);
  if (!account)
    throw new AccountError({ zh: `没有编号为 ${accountId} 的账号`, en: `no account with id ${accountId}` });
  return account;
}

type SetAccountDisabledOptions = {
  db: Database;
  actor: AccountActor;
  accountId: number;
  disabled: boolean;
  now: Date;
};

/**
 * Disables or enables an account. Disabling ends its sessions and tokens at once. An administrator
 * cannot disable their own account: the last admin would lock everyone out of this page.
 */
export async function adminSetAccountDisabled({
  db,
  actor,
  accountId,
  disabled,
  now,
}: SetAccountDisabledOptions): Promise<Account> {
  return writeTransaction(db, async (tx) => {
    const before = await accountById(tx, accountId);
    if (disabled && before.login === actor.account) {
      throw new AccountError({ zh: '不能停用自己的账号', en: 'you cannot disable your own account' });
    }
    if (before.disabled === disabled) return before;
    const row = await tx
      .updateTable('account')
      .set({ disabled: disabled ? 1 : 0 })
      .where('id', '=', accountId)
      .returning(ACCOUNT_COLUMNS)
      .executeTakeFirstOrThrow();
    if (disabled) await revokeAllCredentials(tx, accountId);
    await insertAuditEvent(tx, {
      applicationId: null,
      actor,
      action: disabled ? 'account.disable' : 'account.enable',
      from: before.disabled ? 'disabled' : 'enabled',
      to: disabled ? 'disabled' : 'enabled',
      target: `account:${before.login}`,
      now,
    });
    return accountFromRow(row);
  });
}

type AdminSetPasswordOptions = {
  db: Database;
  actor: AccountActor;
  accountId: number;
  password: string;
  now: Date;
};

/** Sets a new password; the account's sessions end and its tokens are revoked (OWASP: renew on credential change). */
export async function adminSetPassword({
  db,
  actor,
  accountId,
  password,
  now,
}: AdminSetPasswordOptions): Promise<Account> {
  const valid = newPasswordSchema.parse(password);
  // The login the password must not contain; read before hashing, which stays outside the transaction.
  const target = await accountById(db.kysely, accountId);
  assertPasswordAcceptable(valid, target.login);
  const passwordHash = await hashPassword(valid);
  return writeTransaction(db, async (tx) => {
    const account = await accountById(tx, accountId);
    await tx
      .updateTable('account')
      .set({ password_hash: passwordHash })
      .where('id', '=', accountId)
      .execute();
    await revokeAllCredentials(tx, accountId);
    await insertAuditEvent(tx, {
      applicationId: null,
      actor,
      action: 'account.reset-password',
      from: null,
      to: null,
      target: `account:${account.login}`,
      now,
    });
    return account;
  });
}
