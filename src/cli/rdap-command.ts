/**
 * `beian rdap update-bootstrap FILE_OR_URL` (replace the RDAP bootstrap snapshot), `beian rdap lookup
 * DOMAIN` (the facts RDAP or CNNIC WHOIS give for one domain), and the online options of `beian check`.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readConfig } from '../config/index.ts';
import { parseDomainInput } from '../domain-name/index.ts';
import type { OnlineFacts, OnlineFiles, OnlineRecord, RdapBootstrap } from '../online/index.ts';
import {
  BOOTSTRAP_STALE_DAYS,
  BootstrapError,
  WhoisServersError,
  bootstrapAgeDays,
  bootstrapPath,
  diffBootstrap,
  loadBootstrap,
  onlineFactsFromFiles,
  parseBootstrap,
} from '../online/index.ts';
import { httpGet } from '../online/index.ts';
import { ORIGIN_LABELS } from '../rules/index.ts';
import { toShanghaiIso } from '../shared/index.ts';
import { InputFileError } from './bulk-io.ts';
import type { CliEnv } from './cli-env.ts';
import { UsageError } from './cli-env.ts';
import { printable } from './human-report.ts';
import type { Lang } from './lang.ts';

/** The operator's RDAP/WHOIS files, read through the configuration schema. */
function onlineFiles(env: NodeJS.ProcessEnv): OnlineFiles {
  const config = readConfig(env);
  return { rdapBootstrap: config.BEIAN_RDAP_BOOTSTRAP, whoisServers: config.BEIAN_WHOIS_SERVERS };
}

export const ONLINE_OPTIONS = {
  online: { type: 'boolean' },
  'online-timeout': { type: 'string' },
  'online-concurrency': { type: 'string' },
} as const;

export const RDAP_OPTIONS = { json: { type: 'boolean' }, 'online-timeout': { type: 'string' } } as const;

type OnlineValues = { 'online-timeout'?: string | boolean; 'online-concurrency'?: string | boolean };

/** IANA's file is about 40 KB; anything near this is not a bootstrap file. */
const MAX_BOOTSTRAP_BYTES = 4 * 1024 * 1024;

function numberOption(
  name: string,
  value: string | boolean | undefined,
  range: { min: number; max: number; integer: boolean },
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (
    typeof value !== 'string' ||
    !Number.isFinite(number) ||
    number < range.min ||
    number > range.max ||
    (range.integer && !Number.isInteger(number))
  ) {
    throw new UsageError({
      zh: `--${name} 应为 ${range.min} 到 ${range.max} 之间的${range.integer ? '整数' : '数'}`,
      en: `--${name} must be a ${range.integer ? 'whole ' : ''}number from ${range.min} to ${range.max}`,
    });
  }
  return number;
}

/** The online facts for a CLI run (cache in the run's database); configuration errors are usage errors. */
export async function openOnlineFacts(
  cli: CliEnv,
  values: OnlineValues,
  env: NodeJS.ProcessEnv,
): Promise<OnlineFacts> {
  const timeout = numberOption('online-timeout', values['online-timeout'], {
    min: 0.01,
    max: 120,
    integer: false,
  });
  const concurrency = numberOption('online-concurrency', values['online-concurrency'], {
    min: 1,
    max: 512,
    integer: true,
  });
  let online: OnlineFacts;
  try {
    online = onlineFactsFromFiles(onlineFiles(env), await cli.database(), {
      ...(timeout === undefined ? {} : { timeoutMs: Math.round(timeout * 1000) }),
      ...(concurrency === undefined ? {} : { concurrency }),
    });
  } catch (error) {
    if (error instanceof BootstrapError || error instanceof WhoisServersError)
      throw new UsageError(error.messages);
    throw error;
  }
  warnIfStale(cli, online.bootstrap);
  return online;
}

function warnIfStale(cli: CliEnv, bootstrap: RdapBootstrap): void {
  const age = bootstrapAgeDays(bootstrap, new Date());
  if (age <= BOOTSTRAP_STALE_DAYS) return;
  cli.stderr.write(
    cli.lang === 'zh'
      ? `beian: 警告：RDAP 引导文件发布于 ${bootstrap.file.publication}，已有 ${age} 天；请用 beian rdap update-bootstrap 更新。\n`
      : `beian: warning: the RDAP bootstrap was published ${bootstrap.file.publication}, ${age} days ago; refresh it with beian rdap update-bootstrap.\n`,
  );
}

export async function runRdap(
  cli: CliEnv,
  values: Record<string, string | boolean | undefined>,
  positionals: string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const [sub, argument, ...extra] = positionals;
  if ((sub !== 'update-bootstrap' && sub !== 'lookup') || argument === undefined || extra.length > 0) {
    throw new UsageError({
      zh: '用法：beian rdap update-bootstrap 文件或网址 | beian rdap lookup 域名 [--json]',
      en: 'usage: beian rdap update-bootstrap FILE_OR_URL | beian rdap lookup DOMAIN [--json]',
    });
  }
  return sub === 'update-bootstrap'
    ? updateBootstrap(cli, argument, env)
    : lookup(cli, values, argument, env);
}

async function readSource(source: string): Promise<string> {
  if (!/^https?:\/\//i.test(source)) {
    try {
      return readFileSync(source, 'utf8');
    } catch {
      throw new InputFileError({ zh: `无法读取文件：${source}`, en: `cannot read file: ${source}` });
    }
  }
  const url = URL.canParse(source) ? new URL(source) : null;
  const result = url
    ? await httpGet(url, {
        timeoutMs: 30_000,
        maxBytes: MAX_BOOTSTRAP_BYTES,
        maxRedirects: 3,
        accept: 'application/json',
        now: () => new Date(),
      })
    : null;
  if (result?.kind !== 'ok') {
    const reason = !result ? 'bad URL' : result.kind === 'error' ? result.error : result.kind;
    throw new InputFileError({
      zh: `无法下载 ${source}（${reason}）`,
      en: `cannot download ${source} (${reason})`,
    });
  }
  return result.body;
}

async function updateBootstrap(cli: CliEnv, source: string, env: NodeJS.ProcessEnv): Promise<number> {
  const text = await readSource(source);
  let next: RdapBootstrap;
  try {
    next = parseBootstrap(text, source);
  } catch (error) {
    if (error instanceof BootstrapError) throw new UsageError(error.messages);
    throw error;
  }
  const target = bootstrapPath(onlineFiles(env));
  let before: RdapBootstrap | null = null;
  try {
    before = loadBootstrap(target);
  } catch {
    // No readable file yet: everything in the new one counts as added.
  }
  mkdirSync(dirname(target), { recursive: true });
  // Written beside the target and renamed over it: a reader never sees half a file.
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, text.endsWith('\n') ? text : `${text}\n`);
  renameSync(temporary, target);

  const zh = cli.lang === 'zh';
  const diff = before
    ? diffBootstrap(before, next)
    : { added: [...next.bases.keys()].sort(), removed: [], changed: [] };
  const list = (labels: string[]) =>
    labels.length === 0 ? '' : `: ${labels.slice(0, 20).join(', ')}${labels.length > 20 ? ', …' : ''}`;
  const lines = [
    zh ? `已写入 RDAP 引导文件：${target}` : `RDAP bootstrap written to ${target}`,
    `  ${zh ? '发布时间' : 'publication'}: ${before?.file.publication ?? '-'} → ${next.file.publication}`,
    `  ${zh ? '顶级域' : 'TLDs'}: ${next.bases.size}${before ? ` (${zh ? '原为' : 'was'} ${before.bases.size})` : ''}`,
    `  ${zh ? '新增' : 'added'} ${diff.added.length}${list(diff.added)}`,
    `  ${zh ? '删除' : 'removed'} ${diff.removed.length}${list(diff.removed)}`,
    `  ${zh ? '地址变更' : 'server changed'} ${diff.changed.length}${list(diff.changed)}`,
  ];
  if (before && Date.parse(next.file.publication) < Date.parse(before.file.publication)) {
    lines.push(
      zh
        ? '  警告：新文件的发布时间早于原文件。'
        : '  warning: the new file was published before the one it replaced.',
    );
  }
  cli.stdout.write(lines.join('\n') + '\n');
  return 0;
}

async function lookup(
  cli: CliEnv,
  values: Record<string, string | boolean | undefined>,
  input: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const parsed = parseDomainInput(input);
  if (!parsed.ok) {
    throw new UsageError({ zh: `“${input}”不是有效的域名`, en: `"${input}" is not a valid domain name` });
  }
  const online = await openOnlineFacts(cli, values, env);
  const domain = parsed.domain.registrableAscii;
  const record = (await online.lookup([domain])).get(domain) as OnlineRecord;
  cli.stdout.write(values.json ? JSON.stringify(record, null, 2) + '\n' : renderRecord(record, cli.lang));
  return record.outcome === 'found' ? 0 : 1;
}

function renderRecord(record: OnlineRecord, lang: Lang): string {
  const zh = lang === 'zh';
  const day = (iso: string | null) => (iso === null ? '-' : toShanghaiIso(new Date(iso)).slice(0, 10));
  const lines = [
    `${record.domain} · ${ORIGIN_LABELS[record.source][lang]} ${record.server ?? ''} · ${toShanghaiIso(new Date(record.observedAt))}`,
    `  ${zh ? '结果' : 'outcome'}: ${record.outcome}${record.error ? ` (${record.error})` : ''}`,
  ];
  if (record.outcome === 'found') {
    const iana = record.registrarIanaId === null ? '' : ` (IANA ${record.registrarIanaId})`;
    const grace = record.renewalGraceUntil
      ? zh
        ? `（自动续费宽限期至 ${day(record.renewalGraceUntil)}）`
        : ` (auto-renew grace until ${day(record.renewalGraceUntil)})`
      : '';
    lines.push(
      `  ${zh ? '注册商' : 'registrar'}: ${record.registrar ?? '-'}${iana}`,
      `  ${zh ? '注册日期' : 'registered'}: ${day(record.registeredAt)}`,
      `  ${zh ? '到期日期' : 'expires'}: ${day(record.expiresAt)}${grace}`,
      `  ${zh ? '状态' : 'status'}: ${record.statuses.join(', ') || '-'}`,
      zh
        ? `  持有者与实名认证：这一来源无法得知（RDAP/WHOIS 不含实名信息）${record.holderName ? `；公开记录显示的持有者为“${record.holderName}”` : ''}`
        : `  holder and real-name verification: unknown from this source (RDAP/WHOIS carry no real-name data)${record.holderName ? `; the public record shows "${record.holderName}"` : ''}`,
    );
  }
  // Registry answers are outside data: nothing in them may drive the terminal.
  return lines.map(printable).join('\n') + '\n';
}
