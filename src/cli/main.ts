/**
 * The `beian` command line. Exit codes (contract): 0 no error finding, 1 some error finding (or, for an
 * import, some lines skipped), 2 usage or input-file error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { Writable } from 'node:stream';
import { ConfigError, configWarnings } from '../config/index.ts';
import type { CliEnv } from './cli-env.ts';
import { UsageError, createCliEnv } from './cli-env.ts';
import { parseArgsMessage } from './arg-errors.ts';
import { detectLang } from './lang.ts';

const COMMON_OPTIONS = {
  db: { type: 'string' },
  lang: { type: 'string' },
  overrides: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const JSON_OPTION = { json: { type: 'boolean' } } as const;

const USAGE = {
  en: `Usage: beian <command> [options]

Commands:
  check DOMAIN_OR_URL... [options]   check domains for filing (--json for machine output)
  check --file FILE [--output OUT]   bulk check a TXT (one domain a line) or CSV file
  registry import FILE               import domain registrations (JSONL or CSV)
  filings import FILE                import existing filings (JSONL or CSV)
  demo                               load the demo data and walk through every FAQ case
  rules [--json]                     list the finding codes with their remedies
  rdap lookup DOMAIN [--json]        registration facts from RDAP (CNNIC WHOIS for .cn, .中国)
  rdap update-bootstrap FILE_OR_URL  replace the RDAP bootstrap snapshot (IANA dns.json)
  serve [--port N] [--host H]        serve the web app and the JSON API (default 127.0.0.1:8080, or PORT)
  start [--port N] [--host H]        load the demo once, print a demo login per role, then serve
  registrar import FILE | list [--json] [--status S] [--real-name S]    the registrar sandbox (operators)
  registrar register DOMAIN --holder-name N --holder-type T --id-type T --id-number X [--years N]
            [--registrar ID] [--account LOGIN]
  registrar real-name approve DOMAIN | real-name reject DOMAIN --reason TEXT [--reason-en TEXT]
  registrar reports [--failed] [--json] | reports retry ID | certificate DOMAIN --out FILE.pdf
  registrar run-jobs [--at ISO8601]    report real-name data due to MIIT; --as LOGIN acts as an operator
  accounts create LOGIN --role ROLE [--display-name N] --password-stdin
  accounts set-password LOGIN --password-stdin | disable LOGIN | enable LOGIN | list [--json]
  documents gc [--grace-hours N] [--dry-run] [--json]   remove stored files no row references (24 h)
  monitor run [--cohort all|province:XX|account:NAME] [--format human|json|csv] [--online]
                                     check filed websites hosted here (footer, DNS, registration)
  resources import FILE [--format csv|jsonl] [--json] | list [--account LOGIN] [--json]
                                     register the servers customers bought, each issuing filing service codes
  backup --output DIR                SQLite database and documents, while the server runs (PostgreSQL: pg_dump)
  restore DIR [--force]              restore a backup; a database with data only with --force

Check options:
  --province P            GB/T 2260 code, name, ICP prefix or pinyin (450000, 广西, 桂, guangxi)
  --subject-type T        enterprise, individual, government, institution, social-group, …
  --subject-name N  --subject-id-type T  --subject-id X    the filing subject
  --account A             the applying account       --at ISO8601   evaluation instant
  --one-website           the inputs are the domains of one website
  --json                  machine output (with --file: JSON Lines)   --format csv|jsonl  bulk output format
  --online                also ask RDAP / CNNIC WHOIS (cached)   --online-timeout SECONDS (5)
  --online-concurrency N  lookups in flight (32; at most 4 per server)
Every command: --db PATH (SQLite file; DATABASE_URL selects PostgreSQL), --lang zh|en, --overrides FILE
beian --version prints the version.
Exit codes: 0 no error finding, 1 some error finding, 2 usage or input-file error.
`,
  zh: `用法：beian <命令> [选项]

命令：
  check 域名或网址... [选项]          核验域名能否备案（--json 输出机器可读结果）
  check --file 文件 [--output 输出]   批量核验 TXT（每行一个域名）或 CSV 文件
  registry import 文件                导入域名注册信息（JSONL 或 CSV）
  filings import 文件                 导入已有备案（JSONL 或 CSV）
  demo                                载入演示数据并逐个演示常见问题
  rules [--json]                      列出所有核验代码及处理办法
  rdap lookup 域名 [--json]           查询 RDAP（.cn、.中国 查 CNNIC WHOIS）中的注册信息
  rdap update-bootstrap 文件或网址    更新 RDAP 引导文件快照（IANA dns.json）
  serve [--port 端口] [--host 地址]   启动网页与 JSON API（默认 127.0.0.1:8080，或环境变量 PORT）
  start [--port 端口] [--host 地址]   首次载入演示数据，列出各角色的演示账号，然后启动服务
  registrar import 文件 | list [--json] [--status 状态] [--real-name 状态]    注册商沙箱（操作员）
  registrar register 域名 --holder-name 名称 --holder-type 性质 --id-type 证件类型 --id-number 号码
            [--years 年数] [--registrar ID] [--account 账号]
  registrar real-name approve 域名 | real-name reject 域名 --reason 原因 [--reason-en 英文原因]
  registrar reports [--failed] [--json] | reports retry 编号 | certificate 域名 --out 文件.pdf
  registrar run-jobs [--at 时间]      上报到期的实名数据；--as 账号 以该操作员身份执行
  accounts create 账号 --role 角色 [--display-name 名称] --password-stdin
  accounts set-password 账号 --password-stdin | disable 账号 | enable 账号 | list [--json]
  documents gc [--grace-hours 小时] [--dry-run] [--json]   删除没有记录引用的材料文件（默认 24 小时前的）
  monitor run [--cohort all|province:省份|account:账号] [--format human|json|csv] [--online]
                                     合规巡检本接入商的已备案网站（备案号、解析、域名注册）
  resources import 文件 [--format csv|jsonl] [--json] | list [--account 账号] [--json]
                                     登记客户购买的服务器（备案资源），每个生成备案服务码
  backup --output 目录                备份 SQLite 数据库和材料，服务可继续运行（PostgreSQL 用 pg_dump）
  restore 目录 [--force]              恢复备份；目标已有数据时须加 --force

核验选项：
  --province 省份          行政区划代码、名称、备案简称或拼音（450000、广西、桂、guangxi）
  --subject-type 性质      enterprise、individual、government、institution、social-group……
  --subject-name 名称  --subject-id-type 证件类型  --subject-id 证件号码    备案主体
  --account 账号           申请账号                  --at 时间       评估时间（ISO 8601）
  --one-website            这些域名属于同一个网站
  --json                   机器可读输出（与 --file 同用时为 JSON Lines）   --format csv|jsonl  批量输出格式
  --online                 同时查询 RDAP / CNNIC WHOIS（有缓存）   --online-timeout 秒（5）
  --online-concurrency N   同时进行的查询数（32；每个服务器最多 4 个）
所有命令：--db 路径（SQLite 文件；DATABASE_URL 选择 PostgreSQL）、--lang zh|en、--overrides 文件
beian --version 显示版本号。
退出码：0 没有错误；1 有错误级别的结果；2 用法或输入文件错误。
`,
};

/**
 * Each command's module, loaded only when that command runs: `beian rules` must not load the web app,
 * pdfkit or the database drivers (issue 14: every command paid for all of them at start-up).
 */
const COMMANDS = {
  check: async () => {
    const { CHECK_OPTIONS, runCheck } = await import('./check-command.ts');
    return { options: CHECK_OPTIONS, run: (c, v, p, e) => runCheck(c, v, p, e) };
  },
  rdap: async () => {
    const { RDAP_OPTIONS, runRdap } = await import('./rdap-command.ts');
    return { options: RDAP_OPTIONS, run: (c, v, p, e) => runRdap(c, v, p, e) };
  },
  registry: async () => importCommand('registry'),
  filings: async () => importCommand('filings'),
  demo: async () => {
    const { runDemo } = await import('./demo-command.ts');
    return { options: {}, run: (c, v) => runDemo(c, v) };
  },
  rules: async () => {
    const { runRules } = await import('./rules-command.ts');
    return { options: JSON_OPTION, run: (c, v) => Promise.resolve(runRules(c, v)) };
  },
  accounts: async () => {
    const { ACCOUNTS_OPTIONS, runAccounts } = await import('./accounts-command.ts');
    return { options: ACCOUNTS_OPTIONS, run: (c, v, p) => runAccounts(c, v, p) };
  },
  resources: async () => {
    const { RESOURCES_OPTIONS, runResources } = await import('./resources-command.ts');
    return { options: RESOURCES_OPTIONS, run: (c, v, p) => runResources(c, v, p) };
  },
  documents: async () => {
    const { DOCUMENTS_OPTIONS, runDocuments } = await import('./documents-command.ts');
    return { options: DOCUMENTS_OPTIONS, run: (c, v, p) => runDocuments(c, v, p) };
  },
  backup: async () => {
    const { BACKUP_OPTIONS, runBackup } = await import('./backup-command.ts');
    return { options: BACKUP_OPTIONS, run: (c, v, p) => runBackup(c, v, p) };
  },
  restore: async () => {
    const { BACKUP_OPTIONS, runRestore } = await import('./backup-command.ts');
    return { options: BACKUP_OPTIONS, run: (c, v, p) => runRestore(c, v, p) };
  },
  monitor: async () => {
    const { MONITOR_OPTIONS, runMonitorCommand } = await import('./monitor-command.ts');
    return { options: MONITOR_OPTIONS, run: (c, v, p, e) => runMonitorCommand(c, v, p, e) };
  },
  registrar: async () => {
    const { REGISTRAR_OPTIONS, runRegistrar } = await import('./registrar-command.ts');
    return { options: REGISTRAR_OPTIONS, run: (c, v, p) => runRegistrar(c, v, p) };
  },
  serve: async () => {
    const { SERVE_OPTIONS, runServe } = await import('./serve-command.ts');
    return { options: SERVE_OPTIONS, run: (c, v, _p, e) => runServe(c, v, e) };
  },
  start: async () => {
    const { SERVE_OPTIONS, runServe } = await import('./serve-command.ts');
    return { options: SERVE_OPTIONS, run: (c, v, _p, e) => runServe(c, v, e, undefined, { demo: true }) };
  },
} satisfies Record<string, () => Promise<Command>>;

type CommandName = keyof typeof COMMANDS;

/** One command: its own options (besides the common ones) and how it runs. */
type Command = {
  options: NonNullable<ParseArgsConfig['options']>;
  run(
    cli: CliEnv,
    values: Record<string, string | boolean | undefined>,
    positionals: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<number>;
};

async function importCommand(command: 'registry' | 'filings'): Promise<Command> {
  const { IMPORT_OPTIONS, runImport } = await import('./import-command.ts');
  return { options: IMPORT_OPTIONS, run: (c, v, p) => runImport(c, command, v, p) };
}

/** The version in package.json, found from this module as from its build (dist/cli/main.js). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

type Streams = { stdout: Writable & { isTTY?: boolean }; stderr: Writable & { isTTY?: boolean } };

/** Runs one command line; returns the exit code. Never throws for anything a user can type. */
export async function main(
  argv: string[],
  streams: Streams,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, ...rest] = argv;
  const langFlag = argv[argv.indexOf('--lang') + 1];
  let lang = detectLang(argv.includes('--lang') ? langFlag : undefined, env);
  let cli: CliEnv | undefined;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      streams.stdout.write(USAGE[lang]);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version') {
      streams.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    // An unknown command is a usage error whatever follows it: `beian nosuch --help` must not print
    // the general usage and exit 0 as if `nosuch` existed.
    if (!Object.hasOwn(COMMANDS, command)) {
      throw new UsageError({
        zh: `未知命令：${command}（beian help 查看用法）`,
        en: `unknown command: ${command} (see beian help)`,
      });
    }
    const sub = command === 'registry' || command === 'filings' ? rest[0] : undefined;
    const args = sub !== undefined ? rest.slice(1) : rest;
    if ((command === 'registry' || command === 'filings') && sub !== 'import') {
      throw new UsageError({
        zh: `未知的子命令：${command} ${sub ?? ''}`,
        en: `unknown subcommand: ${command} ${sub ?? ''}`,
      });
    }
    const selected = await COMMANDS[command as CommandName]();
    const options = { ...COMMON_OPTIONS, ...selected.options };
    let parsed;
    try {
      parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (error) {
      // Node's parser speaks English only: say it in the user's language, with where to read the usage.
      throw new UsageError(parseArgsMessage(error, sub === undefined ? command : `${command} ${sub}`));
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.lang !== undefined && values.lang !== 'zh' && values.lang !== 'en') {
      throw new UsageError({ zh: '--lang 只能是 zh 或 en', en: '--lang must be zh or en' });
    }
    lang = detectLang(values.lang, env);
    if (values.help) {
      streams.stdout.write(USAGE[lang]);
      return 0;
    }
    cli = createCliEnv({
      ...streams,
      lang,
      db: values.db as string | undefined,
      overrides: values.overrides as string | undefined,
      env,
    });
    // `serve` and `start` log these as JSON lines; other commands say them once on stderr.
    if (command !== 'serve' && command !== 'start')
      for (const warning of configWarnings(env)) streams.stderr.write(`beian: ${warning.message[lang]}\n`);
    return await selected.run(cli, values, parsed.positionals, env);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      streams.stderr.write(`beian: ${error.messages[lang]}\n`);
      return 2;
    }
    // The modules these errors come from are loaded already when one of them was thrown; importing them
    // here, not at the top, keeps them off the start-up path of every other command.
    const [{ InputFileError }, { OverridesError }, { CheckRequestError }] = await Promise.all([
      import('./bulk-io.ts'),
      import('../policy/index.ts'),
      import('../checking/index.ts'),
    ]);
    if (error instanceof InputFileError) {
      streams.stderr.write(`beian: ${error.messages[lang]}\n`);
      return 2;
    }
    if (error instanceof OverridesError) {
      // Operator configuration: English detail from the validator, named file and field paths.
      streams.stderr.write(`beian: ${lang === 'zh' ? '覆盖文件有误：' : ''}${error.message}\n`);
      return 2;
    }
    if (error instanceof CheckRequestError) {
      streams.stderr.write(`beian: --${error.field}: ${error.messages[lang]}\n`);
      return 2;
    }
    if ((error as { code?: unknown } | null)?.code === 'SQLITE_BUSY') {
      // Another process held the file's write lock past busy_timeout: a condition to retry, not a bug.
      // Every transaction is whole (imports commit in batches and re-importing a line is an upsert).
      streams.stderr.write(
        `beian: ${
          lang === 'zh'
            ? '数据库文件正忙：另一个进程持有写锁超过 BEIAN_SQLITE_BUSY_TIMEOUT_MS（默认 30 秒）。已提交的内容保留，未提交的批次未写入；请稍后重新运行（重复导入同一行不会产生重复）。'
            : 'the database file is busy: another process held its write lock longer than BEIAN_SQLITE_BUSY_TIMEOUT_MS (30 s by default). What was committed stays and the batch in progress was not written; run the command again later (importing a line again does not duplicate it).'
        }\n`,
      );
      return 75; // EX_TEMPFAIL (sysexits.h): try again later
    }
    throw error;
  } finally {
    await cli?.close();
  }
}

// Run when executed directly (bin/beian.js, the built dist/cli/main.js or `node --import tsx
// src/cli/main.ts`), not when imported by tests.
const entry = process.argv[1] ?? '';
if (
  entry.endsWith('main.ts') ||
  entry.endsWith('/cli/main.js') ||
  entry.endsWith('beian.js') ||
  entry.endsWith('/beian')
) {
  // A reader that stops early (`beian rules | head`) closes the pipe: that ends the output, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `beian: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 70;
    },
  );
}
