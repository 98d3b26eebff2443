/**
 * 密码登录 — a password sign-in through the login guard (login-guard.ts): a refused address is
 * answered before its password is checked; a wrong password is counted; a right one clears the
 * address's failures. The limits a failure starts are audited (`account.login-limited`,
 * `account.login-backoff`) with the address, so an administrator sees who was guessing.
 */
import type { Localized } from '../shared/index.ts';
import type { Database } from '../store/index.ts';
import { insertAuditEvent, writeTransaction } from '../store/index.ts';
import type { Account } from './accounts.ts';
import { authenticate } from './accounts.ts';
import type { LoginGuard, LoginLimitEvent, LoginRefusal } from './login-guard.ts';

/** 登录结果 — signed in, a wrong login or password (never saying which), or limited for a while. */
export type SignInResult =
  | { ok: true; account: Account }
  | { ok: false; reason: 'wrong-credentials' }
  | { ok: false; reason: 'limited'; retryAfterSeconds: number; message: Localized };

/** Who the audit trail names for what an unauthenticated caller caused. */
const ANONYMOUS = { account: 'anonymous', role: 'anonymous' } as const;

/** `seconds` as people read a wait: seconds under a minute, else whole minutes rounded up. */
function wait(seconds: number): Localized {
  if (seconds < 60) return { zh: `${seconds} 秒`, en: seconds === 1 ? '1 second' : `${seconds} seconds` };
  const minutes = Math.ceil(seconds / 60);
  return { zh: `${minutes} 分钟`, en: minutes === 1 ? '1 minute' : `${minutes} minutes` };
}

function limitedMessage(refusal: LoginRefusal, seconds: number): Localized {
  const w = wait(seconds);
  return refusal.kind === 'address-limited'
    ? {
        zh: `从您的网络地址登录该账号失败次数过多，请 ${w.zh}后再试`,
        en: `Too many failed sign-ins to this account from your network address; try again in ${w.en}`,
      }
    : {
        zh: `该账号近期登录失败次数较多，为防止密码被猜测，请 ${w.zh}后再试`,
        en: `This account has had many failed sign-ins lately; to stop password guessing, try again in ${w.en}`,
      };
}

async function auditLimits(
  db: Database,
  login: string,
  events: readonly LoginLimitEvent[],
  now: Date,
): Promise<void> {
  if (events.length === 0) return;
  await writeTransaction(db, async (tx) => {
    for (const event of events) {
      const base = {
        applicationId: null,
        actor: ANONYMOUS,
        from: null,
        to: null,
        target: `account:${login}`,
        now,
      };
      if (event.kind === 'address-limited')
        await insertAuditEvent(tx, {
          ...base,
          action: 'account.login-limited',
          data: { address: event.address, failures: event.failures, until: event.until.toISOString() },
        });
      else
        await insertAuditEvent(tx, {
          ...base,
          action: 'account.login-backoff',
          data: { failures: event.failures, delaySeconds: Math.ceil(event.delayMs / 1000) },
        });
    }
  });
}

/** Signs in `login` (folded to lower case) with `password` from client `address`. */
export async function signInWithPassword(
  deps: { db: Database; guard: LoginGuard; now: Date },
  attempt: { login: string; password: string; address: string },
): Promise<SignInResult> {
  const login = attempt.login.trim().toLowerCase();
  const refusal = await deps.guard.check(login, attempt.address, deps.now);
  if (refusal) {
    const retryAfterSeconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
    return {
      ok: false,
      reason: 'limited',
      retryAfterSeconds,
      message: limitedMessage(refusal, retryAfterSeconds),
    };
  }
  const account = await authenticate(deps.db, login, attempt.password);
  if (account) {
    await deps.guard.recordSuccess(login, attempt.address, deps.now);
    return { ok: true, account };
  }
  await auditLimits(
    deps.db,
    login,
    await deps.guard.recordFailure(login, attempt.address, deps.now),
    deps.now,
  );
  return { ok: false, reason: 'wrong-credentials' };
}
