/**
 * Generates data/calendar/cn.json (工作日历: 法定节假日 and 调休 makeup working days) from the
 * devDependency chinese-days, for the years given. The runtime never depends on chinese-days: it treats
 * unknown years as ordinary weeks, which is exactly the silent guess beian must not make.
 *
 *   node --import tsx scripts/generate-calendar.ts [--from 2018] [--to 2026] [--snapshot-date 2026-12-05]
 *
 * Add a year only once the State Council has published its notice (usually November/December) and
 * chinese-days has released it: add the notice to NOTICES, bump --to, regenerate, run the tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import chineseDays from 'chinese-days';
import prettier from 'prettier';
import { createWorkdayCalendar, dateOfDayNumber, dayNumber } from '../src/policy/calendar.ts';
import {
  calendarFileSchema,
  formatIssues,
  type CalendarFile,
  type CalendarYear,
} from '../src/policy/schemas.ts';
import type { Source } from '../src/policy/types.ts';

/** 国务院办公厅关于<year>年部分节假日安排的通知 — the State Council notices (gov.cn URLs). */
const NOTICES: Record<number, Source> = {
  2024: {
    title: '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）',
    url: 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm',
    date: '2023-10-25',
    kind: 'official',
  },
  2025: {
    title: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    url: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
    date: '2024-11-12',
    kind: 'official',
  },
  2026: {
    title: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）',
    url: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
    date: '2025-11-04',
    kind: 'official',
  },
};

const require = createRequire(import.meta.url);
const version = (
  JSON.parse(readFileSync(require.resolve('chinese-days/package.json'), 'utf8')) as { version: string }
).version;
const CHINESE_DAYS_SOURCE: Source = {
  title: `chinese-days ${version.replace(/\.\d+$/, '.x')} data (vsme/chinese-days), from State Council notices`,
  url: 'https://github.com/vsme/chinese-days',
};

/** dist/chinese-days.json: date → "English name,中文名,n" for holidays, makeup days and in-lieu days. */
type ChineseDaysData = { holidays: Record<string, string>; workdays: Record<string, string> };
const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;

/** chinese-days' own API, used only to cross-check the generated calendar day by day. */
const api = chineseDays as unknown as { isWorkday(date: string): boolean };

function names(value: string): { name: string; nameEn: string } {
  const [nameEn = '', name = ''] = value.split(',');
  if (name === '' || nameEn === '') throw new Error(`unexpected chinese-days value ${JSON.stringify(value)}`);
  return { name, nameEn };
}

function yearEntry(year: number): CalendarYear {
  const holidayDates = Object.keys(data.holidays)
    .filter((d) => d.startsWith(`${year}-`))
    .sort();
  const holidays: CalendarYear['holidays'] = [];
  for (const date of holidayDates) {
    const { name, nameEn } = names(data.holidays[date] ?? '');
    const prev = holidays.at(-1);
    if (prev && prev.name === name && dayNumber(prev.to) + 1 === dayNumber(date)) prev.to = date;
    else holidays.push({ name, nameEn, from: date, to: date });
  }
  const makeupWorkdays = Object.keys(data.workdays)
    .filter((d) => d.startsWith(`${year}-`))
    .sort()
    .map((date) => ({ date, name: names(data.workdays[date] ?? '').name }));
  if (holidays.length === 0) throw new Error(`chinese-days ${version} has no holidays for ${year}`);
  const notice = NOTICES[year];
  return {
    year,
    holidays,
    makeupWorkdays,
    // One standard of evidence (data/README.md): the State Council's own notice is high; chinese-days
    // alone is one transcription that names no notice, so low.
    confidence: notice ? 'high' : 'low',
    sources: notice ? [notice, CHINESE_DAYS_SOURCE] : [CHINESE_DAYS_SOURCE],
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string', default: '2018' },
      to: { type: 'string', default: '2026' },
      'snapshot-date': { type: 'string', default: '2026-12-05' },
      out: { type: 'string', default: fileURLToPath(new URL('../data/calendar/cn.json', import.meta.url)) },
    },
  });
  const fromYear = Number(values.from);
  const toYear = Number(values.to);
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new Error(`bad year range ${values.from}–${values.to}`);
  }
  const entries: CalendarYear[] = [];
  for (let y = fromYear; y <= toYear; y++) entries.push(yearEntry(y));

  const file: CalendarFile = {
    source: `chinese-days ${version} (vsme/chinese-days, MIT), scraped from the State Council notices 国务院办公厅关于部分节假日安排的通知`,
    snapshotDate: values['snapshot-date'],
    description:
      'Chinese official working-day calendar per year: holidays (法定节假日, inclusive ranges, weekend days inside a holiday included) and makeup working days (调休上班, weekend days that are working days). Outside coverage nothing is known: beian fails closed. Generated by scripts/generate-calendar.ts; do not edit by hand.',
    coverage: { fromYear, toYear },
    entries,
  };
  const parsed = calendarFileSchema.safeParse(file);
  if (!parsed.success) throw new Error(`generated calendar is invalid:\n${formatIssues(parsed.error)}`);

  // Cross-check every covered day against chinese-days itself.
  const calendar = createWorkdayCalendar(parsed.data);
  const last = dayNumber(`${toYear}-12-31`);
  for (let n = dayNumber(`${fromYear}-01-01`); n <= last; n++) {
    const date = dateOfDayNumber(n);
    if (calendar.isWorkday(date) !== api.isWorkday(date)) {
      throw new Error(`${date}: generated calendar and chinese-days disagree`);
    }
  }
  // Formatted like the rest of the repository so that `prettier --check` and regeneration agree.
  const options = (await prettier.resolveConfig(values.out)) ?? {};
  writeFileSync(
    values.out,
    await prettier.format(JSON.stringify(file, null, 2), { ...options, parser: 'json' }),
  );
  console.log(`wrote ${values.out}: ${fromYear}–${toYear}, chinese-days ${version}`);
}

await main();
