/**
 * The `beian` command line. Exit codes (contract): 0 no error finding, 1 some error finding (or, for an
 * import, some lines skipped), 2 usage or input-file error.
 */
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { OverridesError } from '../policy/index.ts';
import { CheckRequestError } from '../checking/index.ts';
import { InputFileError } from './bulk-io.ts';
import { CHECK_OPTIONS, runCheck } from './check-command.ts';
import type { CliEnv } from './cli-env.ts';
import { UsageError, createCliEnv } from './cli-env.ts';
import { ACCOUNTS_OPTIONS, runAccounts } from './accounts-command.ts';
import { DOCUMENTS_OPTIONS, runDocuments } from './documents-command.ts';
import { runDemo } from './demo-command.ts';
import { IMPORT_OPTIONS, runImport } from './import-command.ts';
import { MONITOR_OPTIONS, runMonitorCommand } from './monitor-command.ts';
import { detectLang } from './lang.ts';
import { RDAP_OPTIONS, runRdap } from './rdap-command.ts';
import { REGISTRAR_OPTIONS, runRegistrar } from './registrar-command.ts';
import { runRules } from './rules-command.ts';
import { SERVE_OPTIONS, runServe } from './serve-command.ts';

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
退出码：0 没有错误；1 有错误级别的结果；2 用法或输入文件错误。
`,
};

/** The commands `main` dispatches (its switch below). */
const COMMANDS = [
  'check',
  'rdap',
  'registry',
  'filings',
  'demo',
  'rules',
  'accounts',
  'documents',
  'registrar',
  'monitor',
  'serve',
  'start',
] as const;

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
    // An unknown command is a usage error whatever follows it: `beian nosuch --help` must not print
    // the general usage and exit 0 as if `monitor` existed.
    if (!(COMMANDS as readonly string[]).includes(command)) {
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
    const options = {
      ...COMMON_OPTIONS,
      ...(command === 'check' ? CHECK_OPTIONS : {}),
      ...(sub === 'import' ? IMPORT_OPTIONS : {}),
      ...(command === 'rules' ? JSON_OPTION : {}),
      ...(command === 'accounts' ? ACCOUNTS_OPTIONS : {}),
      ...(command === 'documents' ? DOCUMENTS_OPTIONS : {}),
      ...(command === 'serve' || command === 'start' ? SERVE_OPTIONS : {}),
      ...(command === 'registrar' ? REGISTRAR_OPTIONS : {}),
      ...(command === 'rdap' ? RDAP_OPTIONS : {}),
      ...(command === 'monitor' ? MONITOR_OPTIONS : {}),
    } as const;
    let parsed;
    try {
      parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new UsageError({ zh: `参数错误：${message}`, en: `bad arguments: ${message}` });
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
    switch (command) {
      case 'check':
        return await runCheck(cli, values, parsed.positionals, env);
      case 'rdap':
        return await runRdap(cli, values, parsed.positionals, env);
      case 'registry':
      case 'filings':
        return await runImport(cli, command, values, parsed.positionals);
      case 'demo':
        return await runDemo(cli, values);
      case 'rules':
        return runRules(cli, values);
      case 'accounts':
        return await runAccounts(cli, values, parsed.positionals);
      case 'documents':
        return await runDocuments(cli, values, parsed.positionals, env);
      case 'registrar':
        return await runRegistrar(cli, values, parsed.positionals);
      case 'monitor':
        return await runMonitorCommand(cli, values, parsed.positionals, env);
      case 'serve':
        return await runServe(cli, values, env);
      case 'start':
        return await runServe(cli, values, env, undefined, { demo: true });
      default:
        throw new UsageError({
          zh: `未知命令：${command}（beian help 查看用法）`,
          en: `unknown command: ${command} (see beian help)`,
        });
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputFileError) {
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
    throw error;
  } finally {
    await cli?.close();
  }
}

// Run when executed directly (bin/beian.js or `npm run beian`), not when imported by tests.
const entry = process.argv[1] ?? '';
if (entry.endsWith('main.ts') || entry.endsWith('beian.js') || entry.endsWith('/beian')) {
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
