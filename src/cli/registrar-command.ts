/**
 * `beian registrar …`: the registrar sandbox's operator tool. Acts as the registrar operator `cli`, or
 * as the operator account named by `--as LOGIN`; the sandbox checks the permission table as it does for
 * the API. Exit codes: 0 done, 1 refused by the registrar (or import lines skipped), 2 usage.
 */
import { findAccount } from '../accounts/index.ts';
import type { Holder, RegistrarActor, RegistrarGateway } from '../registrar/index.ts';
import {
  DOMAIN_STATUSES,
  REGISTRAR_REAL_NAME_STATUSES,
  RegistrarError,
  createRegistrarSandbox,
} from '../registrar/index.ts';
import type { CliEnv } from './cli-env.ts';
import { UsageError } from './cli-env.ts';
import { printSummary } from './import-command.ts';
import {
  decideRealName,
  describeDomain,
  describeReport,
  printCertificate,
  runRegistrarJobs,
} from './registrar-actions.ts';
import { importRegistrarFile } from './registrar-import.ts';

export const REGISTRAR_OPTIONS = {
  as: { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  status: { type: 'string' },
  'real-name': { type: 'string' },
  account: { type: 'string' },
  'holder-name': { type: 'string' },
  'holder-type': { type: 'string' },
  'id-type': { type: 'string' },
  'id-number': { type: 'string' },
  years: { type: 'string' },
  registrar: { type: 'string' },
  reason: { type: 'string' },
  'reason-en': { type: 'string' },
  failed: { type: 'boolean' },
  out: { type: 'string' },
  at: { type: 'string' },
} as const;

const USAGE = {
  zh: '用法：beian registrar import 文件 | list [--json] [--status 状态] [--real-name 状态] | register 域名 --holder-name 名称 --holder-type 性质 --id-type 证件类型 --id-number 号码 [--years N] [--registrar ID] [--account 账号] | real-name approve 域名 | real-name reject 域名 --reason 原因 | reports [--failed] [--json] | reports retry 编号 | certificate 域名 --out 文件 | run-jobs [--at 时间]；可加 --as 账号',
  en: 'usage: beian registrar import FILE | list [--json] [--status S] [--real-name S] | register DOMAIN --holder-name N --holder-type T --id-type T --id-number X [--years N] [--registrar ID] [--account LOGIN] | real-name approve DOMAIN | real-name reject DOMAIN --reason TEXT | reports [--failed] [--json] | reports retry ID | certificate DOMAIN --out FILE | run-jobs [--at ISO8601]; add --as LOGIN to act as an operator account',
};

/** The registrar's field paths as the flags that gave them. */
const FLAG_OF_FIELD: Record<string, string> = {
  domain: 'DOMAIN',
  'holder.name': '--holder-name',
  'holder.type': '--holder-type',
  'holder.idType': '--id-type',
  'holder.idNumber': '--id-number',
  years: '--years',
  registrar: '--registrar',
  account: '--account',
  'reason.zh': '--reason',
  'reason.en': '--reason-en',
};

const CLI_OPERATOR: RegistrarActor = { account: 'cli', role: 'registrar-operator' };
type Values = Record<string, string | boolean | undefined>;

const usage = (): UsageError => new UsageError(USAGE);
const text = (values: Values, name: string): string | undefined =>
  typeof values[name] === 'string' ? values[name] : undefined;

function required(values: Values, name: string): string {
  const value = text(values, name);
  if (value === undefined) throw new UsageError({ zh: `缺少 --${name}`, en: `--${name} is missing` });
  return value;
}

function oneOf<T extends string>(values: Values, name: string, allowed: readonly T[]): T | undefined {
  const value = text(values, name);
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  throw new UsageError({
    zh: `--${name} 只能是 ${allowed.join('、')}`,
    en: `--${name} must be one of ${allowed.join(', ')}`,
  });
}

/** `--as LOGIN`: an existing, enabled registrar operator; else the built-in `cli` operator. */
async function actingAs(env: CliEnv, values: Values): Promise<RegistrarActor> {
  const login = text(values, 'as');
  if (login === undefined) return CLI_OPERATOR;
  const account = await findAccount(await env.database(), login);
  if (!account || account.disabled || account.role !== 'registrar-operator') {
    throw new UsageError({
      zh: `--as ${login}：没有这个启用中的注册商操作员账号`,
      en: `--as ${login}: no enabled registrar-operator account of that name`,
    });
  }
  return { account: account.login, role: account.role };
}

export async function runRegistrar(env: CliEnv, values: Values, positionals: string[]): Promise<number> {
  const [sub, ...args] = positionals;
  try {
    const database = await env.database();
    const registrar = createRegistrarSandbox({
      database,
      policy: env.policy(),
      fontPath: env.config.BEIAN_CJK_FONT,
    });
    const actor = await actingAs(env, values);
    return await dispatch(env, registrar, actor, values, sub, args);
  } catch (error) {
    if (!(error instanceof RegistrarError)) throw error;
    // A flag the registrar refused is a usage error, named as the flag (imports name their lines).
    const usageError = error.code === 'VALIDATION_FAILED';
    if (error.fields.length === 0) env.stderr.write(`beian: ${error.messages[env.lang]}\n`);
    for (const field of error.fields) {
      const name = usageError ? (FLAG_OF_FIELD[field.path] ?? field.path) : field.path;
      env.stderr.write(`beian: ${name}: ${field.message[env.lang]}\n`);
    }
    return usageError ? 2 : 1;
  }
}

async function dispatch(
  env: CliEnv,
  registrar: RegistrarGateway,
  actor: RegistrarActor,
  values: Values,
  sub: string | undefined,
  args: string[],
): Promise<number> {
  const out = (line: string) => env.stdout.write(`${line}\n`);
  const [first = '', second = ''] = args;
  switch (`${sub ?? ''} ${args.length}`) {
    case 'import 1': {
      const format = text(values, 'format') ?? (/\.csv$/i.test(first) ? 'csv' : 'jsonl');
      if (format !== 'csv' && format !== 'jsonl') {
        throw new UsageError({ zh: '--format 只能是 jsonl 或 csv', en: '--format must be jsonl or csv' });
      }
      const summary = await importRegistrarFile(registrar, {
        actor,
        file: first,
        format,
        now: () => new Date(),
      });
      printSummary(env, summary);
      return summary.skipped > 0 ? 1 : 0;
    }
    case 'list 0': {
      const status = oneOf(values, 'status', DOMAIN_STATUSES);
      const realName = oneOf(values, 'real-name', REGISTRAR_REAL_NAME_STATUSES);
      const account = text(values, 'account');
      const filter = { status, realName, ...(account ? { account } : {}), limit: 500 };
      const domains = await registrar.listDomains({ actor, filter });
      if (values.json) out(JSON.stringify(domains, null, 2));
      else for (const domain of domains) out(describeDomain(domain));
      return 0;
    }
    case 'register 1': {
      // The registrar validates the holder and names each field; the flags map back to them.
      const holder = {
        name: required(values, 'holder-name'),
        type: required(values, 'holder-type'),
        idType: required(values, 'id-type'),
        idNumber: required(values, 'id-number'),
      } as unknown as Holder;
      const years = text(values, 'years');
      const domain = await registrar.registerDomain({
        actor,
        now: new Date(),
        input: {
          domain: first,
          holder,
          ...(years === undefined ? {} : { years: /^\d{1,2}$/.test(years) ? Number(years) : NaN }),
          ...(text(values, 'registrar') ? { registrar: text(values, 'registrar') } : {}),
          ...(text(values, 'account') ? { account: text(values, 'account') } : {}),
        },
      });
      out(describeDomain(domain));
      return 0;
    }
    case 'real-name 2': {
      if (first !== 'approve' && first !== 'reject') throw usage();
      const en = text(values, 'reason-en');
      const reason =
        first === 'reject' ? { zh: required(values, 'reason'), ...(en ? { en } : {}) } : undefined;
      return decideRealName(env, registrar, actor, { verb: first, domain: second, reason });
    }
    case 'reports 0': {
      const status = values.failed ? ('failed' as const) : undefined;
      const reports = await registrar.listReports({ actor, status, limit: 500 });
      if (values.json) out(JSON.stringify(reports, null, 2));
      else for (const report of reports) out(describeReport(report, env.lang));
      return 0;
    }
    case 'reports 2': {
      if (first !== 'retry' || !/^[1-9]\d{0,14}$/.test(second)) throw usage();
      const report = await registrar.retryReport({ actor, now: new Date(), reportId: Number(second) });
      out(describeReport(report, env.lang));
      return 0;
    }
    case 'certificate 1':
      return printCertificate(env, registrar, actor, { domain: first, file: required(values, 'out') });
    case 'run-jobs 0':
      return runRegistrarJobs(env, registrar, text(values, 'at'));
    default:
      throw usage();
  }
}
