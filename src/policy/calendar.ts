/**
 * 工作日历 — working-day arithmetic on the Chinese official calendar: Monday–Friday except 法定节假日,
 * plus the weekend days a State Council notice declares working days (调休上班). Fails closed: any date
 * outside the covered years throws CalendarCoverageError instead of guessing.
 */
import { shanghaiDate } from '../shared/index.ts';
import { CalendarCoverageError, type WorkdayCalendar } from './policy-data.ts';
import { isIsoDate, type CalendarFile } from './schemas.ts';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; throws RangeError on anything else. */
export function dayNumber(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** `YYYY-MM-DD` of a day number. */
export function dateOfDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The Asia/Shanghai calendar date (`YYYY-MM-DD`) of an instant. */
export function toShanghaiDate(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('invalid Date');
  return shanghaiDate(at);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * Builds the calendar from data/calendar/cn.json (already schema-checked). Throws a plain Error when the
 * data is inconsistent: a covered year missing or repeated, a date outside its year, a makeup working
 * day that is not a weekend day or is also a holiday.
 */
export function createWorkdayCalendar(file: CalendarFile): WorkdayCalendar {
  const coverage = Object.freeze({ fromYear: file.coverage.fromYear, toYear: file.coverage.toYear });
  const first = dayNumber(`${String(coverage.fromYear).padStart(4, '0')}-01-01`);
  const last = dayNumber(`${String(coverage.toYear).padStart(4, '0')}-12-31`);
  const length = last - first + 1;

  const holiday = new Uint8Array(length);
  const makeup = new Uint8Array(length);
  const seenYears = new Set<number>();
  for (const entry of file.entries) {
    const where = `calendar year ${entry.year}`;
    if (entry.year < coverage.fromYear || entry.year > coverage.toYear) {
      throw new Error(`${where} is outside coverage ${coverage.fromYear}–${coverage.toYear}`);
    }
    if (seenYears.has(entry.year)) throw new Error(`${where} appears twice`);
    seenYears.add(entry.year);
    const inYear = (date: string): number => {
      if (!date.startsWith(`${entry.year}-`)) throw new Error(`${where}: ${date} is not in ${entry.year}`);
      return dayNumber(date) - first;
    };
    for (const h of entry.holidays) {
      const from = inYear(h.from);
      const to = inYear(h.to);
      if (to < from)
        throw new Error(`${where}: holiday ${h.name} ends (${h.to}) before it starts (${h.from})`);
      for (let i = from; i <= to; i++) holiday[i] = 1;
    }
    for (const m of entry.makeupWorkdays) {
      const i = inYear(m.date);
      const wd = weekday(first + i);
      if (wd !== 0 && wd !== 6)
        throw new Error(`${where}: makeup working day ${m.date} is not a weekend day`);
      makeup[i] = 1;
    }
  }
  for (let y = coverage.fromYear; y <= coverage.toYear; y++) {
    if (!seenYears.has(y)) throw new Error(`calendar year ${y} is inside coverage but has no entry`);
  }

  const isWork = new Uint8Array(length);
  const workdays: number[] = [];
  for (let i = 0; i < length; i++) {
    if (holiday[i] === 1 && makeup[i] === 1) {
      throw new Error(`calendar: ${dateOfDayNumber(first + i)} is both a holiday and a makeup working day`);
    }
    const wd = weekday(first + i);
    const work = makeup[i] === 1 || (wd !== 0 && wd !== 6 && holiday[i] !== 1);
    if (work) {
      isWork[i] = 1;
      workdays.push(first + i);
    }
  }
  // nextWork[i]: index in `workdays` of the first working day on or after day i (workdays.length if none).
  const nextWork = new Int32Array(length);
  for (let i = length - 1, next = workdays.length; i >= 0; i--) {
    if (isWork[i] === 1) next--;
    nextWork[i] = next;
  }
  const afterCoverage = `${String(coverage.toYear + 1).padStart(4, '0')}-01-01`;

  const offsetOf = (date: string): number => {
    const n = dayNumber(date);
    if (n < first || n > last) throw new CalendarCoverageError(date, coverage);
    return n - first;
  };

  return Object.freeze({
    coverage,
    isWorkday(date: string): boolean {
      return isWork[offsetOf(date)] === 1;
    },
    addWorkdays(date: string, n: number): string {
      if (!Number.isSafeInteger(n) || n < 0)
        throw new RangeError(`addWorkdays: n must be a non-negative integer, got ${n}`);
      const i = offsetOf(date);
      const start = nextWork[i] ?? workdays.length;
      // From a working day, day k after it is workdays[start + k]; from a non-working day the next
      // working day already counts as the first one (n = 0 also gives that day).
      const target = isWork[i] === 1 || n === 0 ? start + n : start + n - 1;
      const day = workdays[target];
      if (day === undefined) throw new CalendarCoverageError(afterCoverage, coverage);
      return dateOfDayNumber(day);
    },
  });
}
