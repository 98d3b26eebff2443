/**
 * `beian resources import FILE [--format csv|jsonl] [--json]` and `beian resources list [--account
 * LOGIN] [--json]`: the provider's operators register the servers customers bought (备案资源) from a
 * file, each issuing its filing service codes, and list them. The command acts as the operator `cli`
 * (role admin) unless `--as LOGIN` names an enabled admin account; audit events name who.
 */
import { createReadStream, statSync } from 'node:fs';
import { findAccount } from '../accounts/index.ts';
import { SERVICE_CODE_STATUS_LABELS } from '../filing/index.ts';
import type { Actor, ResourceDeps } from '../workflow/index.ts';
import { importResources, listResources, WorkflowError } from '../workflow/index.ts';
import { InputFileError } from './bulk-io.ts';
import type { CliEnv } from './cli-env.ts';
import { accessSettingsOf, UsageError } from './cli-env.ts';
import { printSummary } from './import-command.ts';

export const RESOURCES_OPTIONS = {
  format: { type: 'string' },
  account: { type: 'string' },
  as: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Values = Record<string, string | boolean | undefined>;
const CLI_OPERATOR: Actor = { account: 'cli', role: 'admin' };

const USAGE = {
  zh: '用法：beian resources import 文件 [--format csv|jsonl] [--json] | beian resources list [--account 账号] [--json]',
  en: 'usage: beian resources import FILE [--format csv|jsonl] [--json] | beian resources list [--account LOGIN] [--json]',
};

async function actingAs(env: CliEnv, values: Values): Promise<Actor> {
  const login = typeof values.as === 'string' ? values.as : undefined;
  if (login === undefined) return CLI_OPERATOR;
  const account = await findAccount(await env.database(), login);
  if (!account || account.disabled || account.role !== 'admin') {
    throw new UsageError({
      zh: `--as ${login}：没有这个启用中的管理员账号`,
      en: `--as ${login}: no enabled admin account of that name`,
    });
  }
  return { account: account.login, role: account.role };
}

export async function runResources(env: CliEnv, values: Values, positionals: string[]): Promise<number> {
  const [sub, ...args] = positionals;
  const deps = async (): Promise<ResourceDeps> => ({
    database: await env.database(),
    policy: env.policy(),
    now: new Date(),
    access: accessSettingsOf(env.config),
    actor: await actingAs(env, values),
  });
  try {
    if (sub === 'import' && args.length === 1)
      return await runImport(env, await deps(), values, args[0] ?? '');
    if (sub === 'list' && args.length === 0) return await runList(env, await deps(), values);
  } catch (error) {
    if (!(error instanceof WorkflowError)) throw error;
    env.stderr.write(`beian: ${error.messages[env.lang]}\n`);
    return 1;
  }
  throw new UsageError(USAGE);
}

async function runImport(env: CliEnv, deps: ResourceDeps, values: Values, file: string): Promise<number> {
  const format =
    typeof values.format === 'string' ? values.format : /\.jsonl?$/i.test(file) ? 'jsonl' : 'csv';
  if (format !== 'csv' && format !== 'jsonl') {
    throw new UsageError({ zh: '--format 只能是 csv 或 jsonl', en: '--format must be csv or jsonl' });
  }
  if (file !== '-') {
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      throw new InputFileError({ zh: `无法读取文件：${file}`, en: `cannot read file: ${file}` });
    }
  }
  const input = file === '-' ? process.stdin : createReadStream(file);
  const summary = await importResources({ ...deps, input, format });
  if (values.json === true) {
    env.stdout.write(`${JSON.stringify(summary)}\n`);
    return summary.skipped > 0 ? 1 : 0;
  }
  printSummary(env, summary);
  env.stdout.write(
    env.lang === 'zh'
      ? `已登记 ${summary.imported} 个资源，生成 ${summary.codes} 个备案服务码；${summary.duplicates} 个已登记过，未重复登记。\n`
      : `Registered ${summary.imported} resources with ${summary.codes} filing service codes; ${summary.duplicates} already registered, left as they were.\n`,
  );
  return summary.skipped > 0 ? 1 : 0;
}

async function runList(env: CliEnv, deps: ResourceDeps, values: Values): Promise<number> {
  const account = typeof values.account === 'string' ? values.account : undefined;
  const { resources, total } = await listResources({
    ...deps,
    ...(account === undefined ? {} : { account }),
  });
  if (values.json === true) {
    env.stdout.write(`${JSON.stringify({ total, resources })}\n`);
    return 0;
  }
  const lang = env.lang;
  for (const r of resources) {
    const counts = Object.entries(r.codes)
      .filter(([, n]) => n > 0)
      .map(
        ([status, n]) =>
          `${SERVICE_CODE_STATUS_LABELS[status as keyof typeof SERVICE_CODE_STATUS_LABELS][lang]} ${n}`,
      )
      .join(lang === 'zh' ? '，' : ', ');
    env.stdout.write(
      `${r.id}\t${r.account}\t${r.label}\t${r.province}\t${r.ips.join(' ')}\t${r.termEnd}\t${counts}\n`,
    );
  }
  env.stdout.write(lang === 'zh' ? `共 ${total} 个资源\n` : `${total} resources\n`);
  return 0;
}
