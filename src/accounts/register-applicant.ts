/**
 * 注册 — a person opens their own applicant account (the web's /register). Only the applicant role can
 * be self-registered; staff roles come from an administrator or `beian accounts create`.
 */
import { z } from 'zod';
import { insertAuditEvent } from '../store/index.ts';
import type { Database } from '../store/index.ts';
import { writeTransaction } from '../store/index.ts';
import type { Account } from './accounts.ts';
import { loginSchema, newPasswordSchema } from './accounts.ts';
import { insertAccount, loginTaken } from './manage-accounts.ts';
import { assertPasswordAcceptable } from './password-policy.ts';
import { hashPassword } from './passwords.ts';

const registrationSchema = z.strictObject({
  login: loginSchema,
  displayName: z.string().trim().min(1).max(128),
  password: newPasswordSchema,
});
export type Registration = z.input<typeof registrationSchema>;

type RegisterApplicantOptions = { db: Database; input: Registration; now: Date };

/** Creates the applicant account; throws AccountError when the login is taken or the password weak. */
export async function registerApplicant({ db, input, now }: RegisterApplicantOptions): Promise<Account> {
  const valid = registrationSchema.parse(input);
  assertPasswordAcceptable(valid.password, valid.login);
  // Hashed outside the transaction: SQLite's write lock should not wait ~100 ms on scrypt.
  const passwordHash = await hashPassword(valid.password);
  return writeTransaction(db, async (tx) => {
    const account = await insertAccount(tx, { ...valid, role: 'applicant', passwordHash }, now);
    if (!account) throw loginTaken(valid.login);
    await insertAuditEvent(tx, {
      applicationId: null,
      actor: { account: account.login, role: account.role },
      action: 'account.register',
      from: null,
      to: 'enabled',
      target: `account:${account.login}`,
      now,
    });
    return account;
  });
}
