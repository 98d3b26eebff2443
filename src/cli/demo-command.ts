/**
 * `beian demo`: loads the demo data (demo/*.jsonl) and walks through every seed FAQ case in
 * demo/walkthrough.json, printing each command and its report. The same file drives the CLI scenario
 * tests, so what the demo shows is what the tests hold.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { runCheck, CHECK_OPTIONS } from './check-command.ts';
import type { CliEnv } from './cli-env.ts';
import { importFile, printSummary } from './import-command.ts';
import { parseArgs } from 'node:util';

export const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));

type Walkthrough = {
  at: string;
  subjects: Record<string, { label: { zh: string; en: string }; args: string[] }>;
  cases: {
    faq: string;
    title: { zh: string; en: string };
    subject: string;
    args: string[];
    expect: { filingType: string | null; codes: string[] }[];
  }[];
};

export function loadWalkthrough(): Walkthrough {
  return JSON.parse(readFileSync(`${DEMO_DIR}walkthrough.json`, 'utf8')) as Walkthrough;
}

/** The full `beian check` argument list of a case: subject flags, then the case's own, then `--at`. */
export function caseArgs(walkthrough: Walkthrough, index: number): string[] {
  const item = walkthrough.cases[index];
  if (!item) throw new Error(`no demo case ${index}`);
  const subject = item.subject ? (walkthrough.subjects[item.subject]?.args ?? []) : [];
  return [...subject, ...(item.args.includes('--at') ? [] : ['--at', walkthrough.at]), ...item.args];
}

async function loadDemoData(env: CliEnv): Promise<void> {
  const quiet = Object.assign(Object.create(env) as CliEnv, {
    stdout: new Writable({ write: (_c, _e, cb) => cb() }),
  });
  for (const [kind, file] of [
    ['registry', 'registrations.jsonl'],
    ['filings', 'filings.jsonl'],
  ] as const) {
    const summary = await importFile(env, kind, `${DEMO_DIR}${file}`, 'jsonl');
    if (summary.skipped > 0) {
      printSummary(env, summary);
      throw new Error(`demo data ${file} has bad lines`);
    }
    printSummary(quiet, summary);
  }
}

export async function runDemo(env: CliEnv, _values: Record<string, unknown>): Promise<number> {
  await loadDemoData(env);
  const walkthrough = loadWalkthrough();
  const zh = env.lang === 'zh';
  env.stdout.write(
    zh
      ? `已载入演示数据。以下按常见问题逐个演示，评估时间固定为 ${walkthrough.at}。\n`
      : `Demo data loaded. Each FAQ case follows, evaluated as of ${walkthrough.at}.\n`,
  );
  for (let index = 0; index < walkthrough.cases.length; index++) {
    const item = walkthrough.cases[index]!;
    const args = caseArgs(walkthrough, index);
    const subject = item.subject
      ? walkthrough.subjects[item.subject]?.label[env.lang]
      : zh
        ? '（不提供主体）'
        : '(no subject given)';
    env.stdout.write(
      `\n${'═'.repeat(72)}\n${item.faq ? `${item.faq} · ` : ''}${item.title[env.lang]}\n` +
        `${zh ? '主体' : 'Subject'}: ${subject}\n$ beian check ${args.map(shellQuote).join(' ')}\n\n`,
    );
    const parsed = parseArgs({ args, options: CHECK_OPTIONS, allowPositionals: true, strict: true });
    await runCheck(env, parsed.values, parsed.positionals);
  }
  return 0;
}

const shellQuote = (arg: string): string =>
  /^[\p{L}\p{N}_@%+=:,./-]+$/u.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
