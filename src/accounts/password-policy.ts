/**
 * 密码要求 — what a new password must not be, beyond its length (accounts.ts): NIST SP 800-63B
 * §5.1.1.2 asks verifiers to refuse values known to be commonly used, repetitive or sequential
 * characters, and context-specific words such as the username; no composition rules. The common
 * passwords are a small bundled list (data/passwords/common-passwords.json, with its sources), read once,
 * never a network service. Issue 12: twelve equal characters were accepted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultDataDir } from '../policy/index.ts';
import type { Localized } from '../shared/index.ts';
import { AccountError } from './errors.ts';

/** Why a new password is refused; the web pages tie the message to the password field. */
export type PasswordProblemCode =
  'PASSWORD_COMMON' | 'PASSWORD_REPETITIVE' | 'PASSWORD_SEQUENCE' | 'PASSWORD_CONTAINS_LOGIN';

export type PasswordProblem = { code: PasswordProblemCode; message: Localized };

const MESSAGES: Record<PasswordProblemCode, Localized> = {
  PASSWORD_COMMON: {
    zh: '密码是常见密码（或在常见密码后加了几个数字或符号），很容易被猜中，请换一个',
    en: 'The password is a commonly used one (or one with a few digits or symbols added) and easy to guess; choose another',
  },
  PASSWORD_REPETITIVE: {
    zh: '密码由重复的字符或片段组成，请换一个',
    en: 'The password repeats the same characters or pattern; choose another',
  },
  PASSWORD_SEQUENCE: {
    zh: '密码是一串连续的字符（如 abcdef… 或 123456…），请换一个',
    en: 'The password is a run of consecutive characters (like abcdef… or 123456…); choose another',
  },
  PASSWORD_CONTAINS_LOGIN: {
    zh: '密码不能包含账号名',
    en: 'The password must not contain the login name',
  },
};

/** 弱密码 — a new password refused by the policy; `code` says which rule. */
export class WeakPasswordError extends AccountError {
  readonly code: PasswordProblemCode;
  constructor(problem: PasswordProblem) {
    super(problem.message);
    this.code = problem.code;
  }
}

const COMMON_FILE = 'passwords/common-passwords.json';
const commonFileSchema = z.object({ entries: z.array(z.string().min(1)) });
let common: ReadonlySet<string> | undefined;

function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    commonFileSchema
      .parse(JSON.parse(readFileSync(join(defaultDataDir(), COMMON_FILE), 'utf8')))
      .entries.map((entry) => entry.toLowerCase()),
  );
  return common;
}

/** Logins shorter than this are too likely inside any phrase to count ("li" in "split"). */
const MIN_LOGIN_MATCH = 4;
/** What people append to a common password to pass a list check: `leavemealone2024!`. */
const DECORATION = /[\d\s!-/:-@[-`{-~]{1,6}$/;

const problem = (code: PasswordProblemCode): PasswordProblem => ({ code, message: MESSAGES[code] });

/** Every step of the password is +1 (or every one −1): `abcdef…`, `98765…`, digits wrapping 9→0. */
function isSequence(chars: readonly string[]): boolean {
  const step = (a: string, b: string): number => {
    const [x, y] = [a.codePointAt(0) ?? 0, b.codePointAt(0) ?? 0];
    if (a === '9' && b === '0') return 1;
    if (a === '0' && b === '9') return -1;
    return y - x;
  };
  const first = step(chars[0] ?? '', chars[1] ?? '');
  if (Math.abs(first) !== 1) return false;
  return chars.every((c, i) => i === 0 || step(chars[i - 1] ?? '', c) === first);
}

/**
 * The first rule a new password breaks, or null. `login` is the account's login name (null when there
 * is none yet). Compared case-folded (NFKC, lower case), as a person guessing would try it.
 */
export function passwordProblem(password: string, login: string | null): PasswordProblem | null {
  const folded = password.normalize('NFKC').toLowerCase();
  if (login !== null) {
    const name = login.trim().toLowerCase();
    const core = name.replace(/[._-]/g, '');
    if (
      folded === name ||
      (name.length >= MIN_LOGIN_MATCH && folded.includes(name)) ||
      (core.length >= MIN_LOGIN_MATCH && folded.replace(/[\s._-]/g, '').includes(core))
    )
      return problem('PASSWORD_CONTAINS_LOGIN');
  }
  const chars = [...folded];
  if (new Set(chars).size <= 2 || /^(.+?)\1+$/su.test(folded)) return problem('PASSWORD_REPETITIVE');
  if (isSequence(chars)) return problem('PASSWORD_SEQUENCE');
  const list = commonPasswords();
  const compact = folded.replace(/\s+/g, '');
  if (list.has(folded) || list.has(compact) || list.has(compact.replace(DECORATION, '')))
    return problem('PASSWORD_COMMON');
  return null;
}

/** Throws WeakPasswordError when `password` breaks a rule of passwordProblem. */
export function assertPasswordAcceptable(password: string, login: string | null): void {
  const found = passwordProblem(password, login);
  if (found) throw new WeakPasswordError(found);
}
