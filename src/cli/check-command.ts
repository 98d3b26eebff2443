/** `beian check`: domains as arguments (report or --json) or a bulk file (--file, CSV/JSONL out). */
import { statSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import type { CheckRequest } from '../checking/index.ts';
import { checkDomains, checkRequestSchema } from '../checking/index.ts';
import { bulkCheck } from '../checking/index.ts';
import type { BulkRow } from '../checking/index.ts';
import type { Checker } from '../checking/index.ts';
import { parseDomainInput } from '../domain-name/index.ts';
import type { OnlineFacts } from '../online/index.ts';
import { lookahead, withOnlineFacts } from '../online/index.ts';
import { ONLINE_OPTIONS, openOnlineFacts } from './rdap-command.ts';
import type { CliEnv } from './cli-env.ts';
import { UsageError, optionName } from './cli-env.ts';
import {
  CSV_COLUMNS,
  InputFileError,
  formatCsvRow,
  formatJsonlRow,
  openInput,
  progressBar,
  readCsvRows,
  readTxtRows,
  writer,
} from './bulk-io.ts';
import { onlineHint, renderHumanReport, unlookedUpCount } from './human-report.ts';

export const CHECK_OPTIONS = {
  province: { type: 'string' },
  'subject-type': { type: 'string' },
  'subject-name': { type: 'string' },
  'subject-id-type': { type: 'string' },
  'subject-id': { type: 'string' },
  account: { type: 'string' },
  at: { type: 'string' },
  json: { type: 'boolean' },
  'one-website': { type: 'boolean' },
  file: { type: 'string' },
  'input-format': { type: 'string' },
  output: { type: 'string' },
  format: { type: 'string' },
  'no-progress': { type: 'boolean' },
  ...ONLINE_OPTIONS,
} as const;

type CheckValues = {
  [K in keyof typeof CHECK_OPTIONS]?: (typeof CHECK_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

export function requestOf(values: CheckValues, inputs: string[]): CheckRequest {
  return {
    inputs,
    province: values.province,
    subjectType: values['subject-type'] as CheckRequest['subjectType'],
    subjectName: values['subject-name'],
    subjectIdType: values['subject-id-type'] as CheckRequest['subjectIdType'],
    subjectId: values['subject-id'],
    account: values.account,
    at: values.at,
    oneWebsite: values['one-website'] ?? false,
  };
}

/** Validates the flags once with the shared schema, so a bad flag names itself before any work. */
function validate(request: CheckRequest): void {
  const parsed = checkRequestSchema.safeParse(request);
  if (parsed.success) return;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const field = String(issue.path[0] ?? 'inputs');
  const name = field === 'inputs' ? 'DOMAIN_OR_URL' : `--${optionName(field)}`;
  throw new UsageError({ zh: `${name} 无效：${issue.message}`, en: `${name} is invalid: ${issue.message}` });
}

/** The checker of this run: with `--online`, RDAP/WHOIS facts beside the database's (issue 6). */
async function checkerOf(
  env: CliEnv,
  values: CheckValues,
  processEnv: NodeJS.ProcessEnv,
): Promise<{ checker: Checker; online: OnlineFacts | null }> {
  if (!values.online) {
    if (values['online-timeout'] !== undefined || values['online-concurrency'] !== undefined) {
      throw new UsageError({
        zh: '--online-timeout 和 --online-concurrency 需要与 --online 一起使用',
        en: '--online-timeout and --online-concurrency need --online',
      });
    }
    return { checker: await env.checker(), online: null };
  }
  const online = await openOnlineFacts(env, values, processEnv);
  const checker = await env.checker();
  return { checker: { ...checker, facts: withOnlineFacts(checker.facts, online) }, online };
}

/** Starts the lookups of rows read ahead of the chunk being checked (bounded; see online/lookahead.ts). */
function prefetching(
  rows: AsyncIterable<readonly BulkRow[]>,
  online: OnlineFacts,
): AsyncIterable<readonly BulkRow[]> {
  const registrables = (batch: readonly BulkRow[]) =>
    batch.flatMap((row) => {
      const parsed = parseDomainInput(row.input);
      return parsed.ok ? [parsed.domain.registrableAscii] : [];
    });
  return lookahead(rows, (batch) => online.prefetch(registrables(batch)), 2000);
}

export async function runCheck(
  env: CliEnv,
  values: CheckValues,
  positionals: string[],
  processEnv: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (values.file !== undefined) {
    if (positionals.length > 0) {
      throw new UsageError({
        zh: '--file 与域名参数不能同时使用',
        en: 'give either --file or domains, not both',
      });
    }
    return runBulk(env, values, values.file, processEnv);
  }
  if (positionals.length === 0) {
    throw new UsageError({ zh: '请给出至少一个域名或网址', en: 'give at least one domain or URL' });
  }
  const request = requestOf(values, positionals);
  validate(request);
  const { checker } = await checkerOf(env, values, processEnv);
  const report = await checkDomains(checker, request);
  env.stdout.write(
    values.json ? JSON.stringify(report, null, 2) + '\n' : renderHumanReport(report, env.lang, env.colour),
  );
  return report.results.some((result) => !result.ok) ? 1 : 0;
}

async function runBulk(
  env: CliEnv,
  values: CheckValues,
  path: string,
  processEnv: NodeJS.ProcessEnv,
): Promise<number> {
  if (values['one-website']) {
    throw new UsageError({
      zh: '--one-website 不能与 --file 同用',
      en: '--one-website does not apply to --file',
    });
  }
  validate(requestOf(values, ['-']));
  const inputFormat = values['input-format'] ?? (/\.csv$/i.test(path) ? 'csv' : 'txt');
  if (inputFormat !== 'csv' && inputFormat !== 'txt') {
    throw new UsageError({ zh: '--input-format 只能是 csv 或 txt', en: '--input-format must be csv or txt' });
  }
  // --json asks for machine output: with --file that is JSON Lines, one result a line (never CSV).
  if (values.json && values.format !== undefined && values.format !== 'jsonl') {
    throw new UsageError({
      zh: `--json 与 --format ${values.format} 互相矛盾：--file 的 JSON 输出是 JSON Lines，请用 --format jsonl 或去掉 --json`,
      en: `--json contradicts --format ${values.format}: with --file, JSON output is JSON Lines; use --format jsonl or drop --json`,
    });
  }
  const format =
    values.format ?? (values.json || (values.output && /\.jsonl?$/i.test(values.output)) ? 'jsonl' : 'csv');
  if (format !== 'csv' && format !== 'jsonl') {
    throw new UsageError({ zh: '--format 只能是 csv 或 jsonl', en: '--format must be csv or jsonl' });
  }

  let totalBytes: number | null = null;
  if (path !== '-') {
    try {
      totalBytes = statSync(path).size;
    } catch {
      throw new InputFileError({ zh: `无法读取文件：${path}`, en: `cannot read file: ${path}` });
    }
  }
  const { checker, online } = await checkerOf(env, values, processEnv);
  const stream = openInput(path);
  const read = inputFormat === 'csv' ? readCsvRows(stream) : readTxtRows(stream);
  const rows = online ? prefetching(read, online) : read;
  const out: Writable = values.output ? createWriteStream(values.output) : env.stdout;
  const output = writer(out);
  if (format === 'csv') await output.write(CSV_COLUMNS.join(',') + '\n');

  const showProgress = !values['no-progress'] && env.stderr.isTTY === true;
  const bar = showProgress
    ? progressBar(
        env.stderr as NodeJS.WriteStream,
        totalBytes,
        () => (stream as { bytesRead?: number }).bytesRead ?? 0,
      )
    : null;
  let unlookedUp = 0;
  const summary = await bulkCheck({
    checker,
    rows,
    defaults: {
      province: values.province,
      subjectType: values['subject-type'],
      subjectName: values['subject-name'],
      subjectIdType: values['subject-id-type'],
      subjectId: values['subject-id'],
      account: values.account,
      at: values.at,
    },
    write: (row) => {
      unlookedUp += unlookedUpCount([row.result]);
      return output.write(format === 'csv' ? formatCsvRow(row, env.lang) : formatJsonlRow(row));
    },
    reject: (error) => env.stderr.write(`${error.message[env.lang]}\n`),
    onProgress: (count) => bar?.update(count),
  });
  await output.flush();
  bar?.done(summary.rows);
  if (out !== env.stdout)
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  env.stderr.write(
    env.lang === 'zh'
      ? `共 ${summary.rows} 行：${summary.ok} 个可以备案，${summary.failed} 个不能，${summary.rejectedRows} 行参数无效。\n`
      : `${summary.rows} rows: ${summary.ok} can be filed, ${summary.failed} cannot, ${summary.rejectedRows} rows with invalid options.\n`,
  );
  env.stderr.write(onlineHint(unlookedUp, env.lang));
  if (summary.rejectedRows > 0) return 2;
  return summary.failed > 0 ? 1 : 0;
}
