/**
 * 演示站点 — what `npm start` loads once into a fresh database: the demo facts of demo/*.jsonl moved
 * to today, and one account per role. The FAQ walkthrough (demo/walkthrough.json) is written for one
 * instant; the web app evaluates at the real clock, so every recorded date is shifted by the calendar
 * days (Asia/Shanghai) between the walkthrough's day and the start day. Whole days rounded down from
 * the walkthrough's noon would land a start before noon on the previous day (a domain verified "two
 * days ago" became three, and overdue); aligning Beijing calendar days keeps every recorded instant
 * (all before the walkthrough's day) in the past and "verified two days ago" two days ago, so its
 * reporting date, two working days on, is today or later whatever the weekday or holiday
 * (test/cli/demo-week.test.ts evaluates the walkthrough at every hour of a week).
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createAccount, findAccount } from '../accounts/index.ts';
import type { Role } from '../filing/index.ts';
import type { PolicyData } from '../policy/index.ts';
import { createRegistrarSandbox, importLineSchema } from '../registrar/index.ts';
import type { Database } from '../store/index.ts';
import { writeTransaction } from '../store/index.ts';
import { recordImportedApp } from '../miit/index.ts';
import type { ImportedApp } from '../miit/index.ts';
import { importFilings } from '../imports/index.ts';
import { importRegistrations } from '../imports/index.ts';
import type { ImportSummary } from '../imports/index.ts';
import { shanghaiDate } from '../shared/index.ts';
import { DEMO_DIR, loadWalkthrough } from './demo-command.ts';
import { loadDemoIdentity } from './demo-identity.ts';

/**
 * One password for every demo account, printed at start. The demo binds to 127.0.0.1 only; a
 * deployment creates its own accounts with `beian accounts create` and never loads the demo.
 */
export const DEMO_PASSWORD = 'beian-demo-password';

/**
 * `who` is what stays true of a login whatever is filed later; an applicant's filing state is read
 * from the database when the banner is printed (demoLoginLines), so it never says "nothing filed yet"
 * after a filing.
 */
type DemoLogin = { login: string; role: Role; displayName: string; who: { zh: string; en: string } };

/** The accounts the demo data refers to (li.lei, han.meimei own demo subjects), plus one per staff role. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  {
    login: 'li.lei',
    role: 'applicant',
    displayName: '李雷',
    who: { zh: '申请人：杭州示例科技有限公司（浙江）', en: 'applicant: 杭州示例科技有限公司 (Zhejiang)' },
  },
  {
    login: 'han.meimei',
    role: 'applicant',
    displayName: '韩梅梅',
    who: {
      zh: '申请人：北京示例信息技术有限公司（北京）',
      en: 'applicant: 北京示例信息技术有限公司 (Beijing)',
    },
  },
  {
    login: 'zhou.lan',
    role: 'applicant',
    displayName: '周岚',
    who: {
      zh: '申请人：深圳示例开源技术有限公司（广东），其 .org 网站 2012 年在其他接入商备案',
      en: 'applicant: 深圳示例开源技术有限公司 (Guangdong), its .org website filed elsewhere in 2012',
    },
  },
  {
    login: 'demo.reviewer',
    role: 'provider-reviewer',
    displayName: '初审员',
    who: { zh: '接入商初审', en: 'provider review (初审)' },
  },
  {
    login: 'demo.bureau',
    role: 'bureau-reviewer',
    displayName: '管局审核员（沙箱）',
    who: { zh: '管局审核（沙箱）与短信发件箱', en: 'bureau review (sandbox) and the SMS outbox' },
  },
  {
    login: 'demo.registrar',
    role: 'registrar-operator',
    displayName: '注册商运营（沙箱）',
    who: { zh: '注册商控制台（沙箱）', en: 'registrar console (sandbox)' },
  },
  {
    login: 'demo.admin',
    role: 'admin',
    displayName: '管理员',
    who: { zh: '账号与政策数据', en: 'accounts and policy data' },
  },
];

/** Statuses of an application that is neither finished nor abandoned (src/filing/status.ts). */
const UNDER_WAY = [
  'draft',
  'provider-review',
  'provider-rejected',
  'awaiting-sms',
  'bureau-review',
  'bureau-rejected',
] as const;

/** An applicant's filing state now: websites filed through this provider, applications under way. */
async function applicantState(database: Database, login: string): Promise<{ zh: string; en: string }> {
  const db = database.kysely;
  const websites = await db
    .selectFrom('filed_website as w')
    .innerJoin('filed_subject as s', 's.id', 'w.subject_id')
    .select(['w.providers'])
    .where('s.account', '=', login)
    .where('s.state', '=', 'filed')
    .where('w.number', 'is not', null)
    .execute();
  const filedHere = websites.filter((row) => row.providers.split(',').includes('self')).length;
  const underWay = (
    await db
      .selectFrom('application')
      .select('id')
      .where('account', '=', login)
      .where('status', 'in', UNDER_WAY)
      .execute()
  ).length;
  const filed =
    filedHere === 0
      ? { zh: '尚无在本接入商备案的网站', en: 'no website filed through this provider yet' }
      : {
          zh: `在本接入商已备案网站 ${filedHere} 个`,
          en: `${filedHere} website(s) filed through this provider`,
        };
  if (underWay === 0) return filed;
  return {
    zh: `${filed.zh}，进行中的申请 ${underWay} 个`,
    en: `${filed.en}, ${underWay} application(s) under way`,
  };
}

/** The banner's line per demo login, with each applicant's filing state as the database has it now. */
export async function demoLoginLines(database: Database, lang: 'zh' | 'en'): Promise<string[]> {
  const lines: string[] = [];
  for (const demo of DEMO_LOGINS) {
    const state = demo.role === 'applicant' ? await applicantState(database, demo.login) : null;
    const note = state ? `${demo.who[lang]}${lang === 'zh' ? '；' : '; '}${state[lang]}` : demo.who[lang];
    lines.push(`  ${demo.login.padEnd(16)} ${note}`);
  }
  return lines;
}

/** Who the audit trail names for the demo's registrar imports. */
const DEMO_IMPORTER = { account: 'demo', role: 'registrar-operator' } as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const INSTANT_KEY = /At$/;

/**
 * Calendar days (Asia/Shanghai) from the walkthrough's day to the day of `now` (negative before it):
 * the walkthrough's day becomes the start day.
 */
export function demoShiftDays(now: Date, walkthroughAt: string = loadWalkthrough().at): number {
  const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
  return day(shanghaiDate(now)) - day(shanghaiDate(new Date(walkthroughAt)));
}

/** The lines of a demo JSONL file (demo/), comments and blank lines dropped, shifted by `days`. */
export function shiftedDemoRecords(file: string, days: number): unknown[] {
  return shiftedDemoLines(file, days).map((line) => JSON.parse(line) as unknown);
}

/** Moves every `…At` instant of a demo record by `days`, keeping its written UTC offset. */
export function shiftInstants(value: unknown, days: number): unknown {
  if (Array.isArray(value)) return value.map((item) => shiftInstants(item, days));
  if (value === null || typeof value !== 'object') return value;
  const shifted: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    shifted[key] =
      INSTANT_KEY.test(key) && typeof item === 'string'
        ? shiftInstant(item, days)
        : shiftInstants(item, days);
  }
  return shifted;
}

function shiftInstant(text: string, days: number): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match) return text;
  const [, date = '', time = '', offset = ''] = match;
  const moved = new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  return `${moved}T${time}${offset}`;
}

/** The lines of a demo JSONL file with instants shifted; comments and blank lines dropped. */
function shiftedDemoLines(file: string, days: number): string[] {
  return readFileSync(`${DEMO_DIR}${file}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => JSON.stringify(shiftInstants(JSON.parse(line) as unknown, days)));
}

function assertClean(file: string, summary: ImportSummary): void {
  if (summary.skipped === 0) return;
  const first = summary.errors[0];
  throw new Error(
    `demo data ${file}: ${summary.skipped} bad lines` +
      (first ? ` (line ${first.line}: ${first.message.en})` : ''),
  );
}

export type DemoSiteResult = { loaded: boolean; shiftDays: number };

/**
 * Loads the demo once: a database that already has the demo admin is left alone, so restarting keeps
 * whatever was filed in the meantime.
 */
export async function loadDemoSite(
  database: Database,
  policy: PolicyData,
  now: Date,
): Promise<DemoSiteResult> {
  const shiftDays = demoShiftDays(now);
  if (await findAccount(database, 'demo.admin')) return { loaded: false, shiftDays };
  const clock = () => now;
  for (const [file, run] of [
    ['registrations.jsonl', importRegistrations],
    ['filings.jsonl', importFilings],
  ] as const) {
    const input = Readable.from(shiftedDemoLines(file, shiftDays).map((line) => `${line}\n`));
    assertClean(file, await run({ db: database, policy, input, format: 'jsonl', now: clock }));
  }
  // Filed apps (APP备案) of the demo's filed subjects, with the numbers they carry.
  await writeTransaction(database, async (tx) => {
    for (const line of shiftedDemoLines('apps.jsonl', shiftDays))
      await recordImportedApp(tx, policy, JSON.parse(line) as ImportedApp);
  });
  // Domains at the registrar sandbox: each state of a domain and its real-name verification (issue 4).
  const registrar = createRegistrarSandbox({ database, policy });
  for (const line of shiftedDemoLines('registrar-domains.jsonl', shiftDays)) {
    await registrar.importDomain({
      actor: DEMO_IMPORTER,
      now,
      line: importLineSchema.parse(JSON.parse(line) as unknown),
    });
  }
  // 真实性核验 done for one draft (issue 15), to show the verification pages with data.
  await loadDemoIdentity(database, policy, now);
  // The admin last: it marks the demo as loaded only once everything before it is in.
  for (const demo of DEMO_LOGINS) {
    if (await findAccount(database, demo.login)) continue;
    await createAccount(
      database,
      { login: demo.login, role: demo.role, displayName: demo.displayName, password: DEMO_PASSWORD },
      now,
    );
  }
  return { loaded: true, shiftDays };
}
