/** 账户 — accounts, sessions and API tokens, and the administrator's account use cases. */
export {
  AccountError,
  authenticate,
  createAccount,
  findAccount,
  listAccounts,
  loginSchema,
  setAccountDisabled,
  setAccountPassword,
} from './accounts.ts';
export type { Account } from './accounts.ts';
export { createSession, deleteSession, resolveApiToken, resolveSession } from './credentials.ts';
export type { ApiToken, Session } from './credentials.ts';
export { createToken, listTokens, newTokenSchema, revokeToken } from './api-tokens.ts';
export type { NewToken } from './api-tokens.ts';
export {
  adminCreateAccount,
  adminSetAccountDisabled,
  adminSetPassword,
  findAccountById,
} from './manage-accounts.ts';
export type { AccountActor } from './manage-accounts.ts';
export { registerApplicant } from './register-applicant.ts';
export { passwordProblem, WeakPasswordError } from './password-policy.ts';
export type { PasswordProblem, PasswordProblemCode } from './password-policy.ts';
export { DEFAULT_LOGIN_GUARD_RULES, LoginGuard } from './login-guard.ts';
export type { LoginGuardRules } from './login-guard.ts';
export { signInWithPassword } from './sign-in.ts';
export type { SignInResult } from './sign-in.ts';
export type { RateLimit, RateLimitName, RateLimiter, RateLimiters } from './request-limits.ts';
export { createRateLimiters } from './request-limits.ts';
