/**
 * `beian accounts …`: the operator's way to create the first accounts (there is no sign-up for staff
 * roles). Passwords come only on stdin: never in argv, where `ps` and shell history would show them.
 *
 *   beian accounts create LOGIN --role ROLE [--display-name NAME] --password-stdin
 *   beian accounts set-password LOGIN --password-stdin
 *   beian accounts disable LOGIN | enable LOGIN
 *   beian accounts list [--json]
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Account } from '../accounts/index.ts';
import {
  AccountError,
  createAccount,
  listAccounts,
  setAccountDisabled,
  setAccountPassword,
} from '../accounts/index.ts';
import { ROLES } from '../filing/index.ts';
import type { CliEnv } from './cli-env.ts';
import { UsageError, optionName } from './cli-env.ts';

export const ACCOUNTS_OPTIONS = {
  role: { type: 'string' },
  'display-name': { type: 'string' },
  'password-stdin': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** Generous for a passphrase, small enough that piping a file by mistake fails fast. */
const MAX_PASSWORD_BYTES = 4096;

async function readPassword(stdin: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_PASSWORD_BYTES) {
      throw new UsageError({ zh: '标准输入中的密码过长', en: 'the password on stdin is too long' });
    }
    chunks.push(buffer);
  }
  // One trailing line break is the `echo` or terminal's, not the password's.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function requirePasswordStdin(values: Record<string, unknown>): void {
  if (!values['password-stdin']) {
    throw new UsageError({
      zh: '请用 --password-stdin 从标准输入提供密码（不要写在命令行上）',
      en: 'give the password on stdin with --password-stdin (never on the command line)',
    });
  }
}

function usageFromZod(error: z.ZodError): UsageError {
  const name = (field: string) =>
    field === 'login' ? 'LOGIN' : field === 'password' ? 'password (stdin)' : `--${optionName(field)}`;
  const detail = error.issues
    .map((issue) => `${name(String(issue.path[0] ?? ''))}: ${issue.message}`)
    .join('; ');
  return new UsageError({ zh: `参数有误：${detail}`, en: `bad arguments: ${detail}` });
}

function describe(account: Account): string {
  return `${account.login}\t${account.role}\t${account.disabled ? 'disabled' : 'active'}\t${account.displayName}`;
}

export async function runAccounts(
  env: CliEnv,
  values: Record<string, unknown>,
  positionals: string[],
  stdin: Readable = process.stdin,
): Promise<number> {
  const [sub, login, ...extra] = positionals;
  const needsLogin = sub === 'create' || sub === 'set-password' || sub === 'disable' || sub === 'enable';
  if (sub === undefined || (needsLogin ? login === undefined || extra.length > 0 : positionals.length > 1)) {
    throw new UsageError({
      zh: '用法：beian accounts create 账号 --role 角色 --password-stdin | set-password 账号 --password-stdin | disable 账号 | enable 账号 | list',
      en: 'usage: beian accounts create LOGIN --role ROLE --password-stdin | set-password LOGIN --password-stdin | disable LOGIN | enable LOGIN | list',
    });
  }
  try {
    const database = await env.database();
    switch (sub) {
      case 'create': {
        requirePasswordStdin(values);
        if (values.role === undefined) {
          throw new UsageError({
            zh: `缺少 --role（${ROLES.join('、')}）`,
            en: `--role is missing (${ROLES.join(', ')})`,
          });
        }
        const account = await createAccount(
          database,
          {
            login: login as string,
            displayName: (values['display-name'] as string | undefined) ?? (login as string),
            role: values.role as (typeof ROLES)[number],
            password: await readPassword(stdin),
          },
          new Date(),
        );
        env.stdout.write(`${describe(account)}\n`);
        return 0;
      }
      case 'set-password': {
        requirePasswordStdin(values);
        const account = await setAccountPassword(database, login as string, await readPassword(stdin));
        env.stdout.write(`${describe(account)}\n`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const account = await setAccountDisabled(database, login as string, sub === 'disable');
        env.stdout.write(`${describe(account)}\n`);
        return 0;
      }
      case 'list': {
        const accounts = await listAccounts(database);
        env.stdout.write(
          values.json
            ? JSON.stringify(accounts, null, 2) + '\n'
            : accounts.map((a) => describe(a) + '\n').join(''),
        );
        return 0;
      }
      default:
        throw new UsageError({
          zh: `未知的子命令：accounts ${sub}`,
          en: `unknown subcommand: accounts ${sub}`,
        });
    }
  } catch (error) {
    if (error instanceof z.ZodError) throw usageFromZod(error);
    if (error instanceof AccountError) throw new UsageError(error.messages);
    throw error;
  }
}
