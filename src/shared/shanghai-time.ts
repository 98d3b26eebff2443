/**
 * Calendar days in Asia/Shanghai. China has kept UTC+8 without daylight saving since 1991, so a fixed
 * offset is exact for every date beian evaluates (filings began in 2000).
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * Day texts already formatted, by day number: the instants of a bulk check fall on comparatively few
 * days, and formatting (three number-to-string conversions and a concatenation) cost more than the
 * rest of a check's date handling. Bounded: emptied when full.
 */
const DAY_TEXTS = new Map<number, string>();
const DAY_TEXTS_MAX = 4096;

/** The Asia/Shanghai calendar date of an instant, `YYYY-MM-DD`. */
export function shanghaiDate(at: Date | number): string {
  const day = Math.floor(((typeof at === 'number' ? at : at.getTime()) + OFFSET_MS) / 86_400_000);
  let text = DAY_TEXTS.get(day);
  if (text === undefined) {
    text = civilDate(day);
    if (DAY_TEXTS.size >= DAY_TEXTS_MAX) DAY_TEXTS.clear();
    DAY_TEXTS.set(day, text);
  }
  return text;
}

/** `YYYY-MM-DD` of a day number (days since 1970-01-01). */
function civilDate(dayNumber: number): string {
  // Civil date from a day count (H. Hinnant's days_from_civil inverse): toISOString cost ~10× more,
  // and bulk checks call this per domain.
  const days = dayNumber + 719_468;
  const era = Math.floor(days / 146_097);
  const dayOfEra = days - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

// Module-level, not a closure inside toShanghaiIso: tsx keeps function names by wrapping every named
// closure in a defineProperty call, which cost more than the formatting on the bulk path.
function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** An instant written in Asia/Shanghai time with its offset: `2026-11-28T12:00:00+08:00`. */
export function toShanghaiIso(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const seconds = Math.floor(((((ms + OFFSET_MS) % 86_400_000) + 86_400_000) % 86_400_000) / 1000);
  return `${shanghaiDate(ms)}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}+08:00`;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// RFC 3339 date-time with a mandatory offset (Z or ±hh:mm); fractional seconds allowed.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Parses an ISO 8601 instant with an offset, or a date alone (midnight Asia/Shanghai). Anything else,
 * including a date-time without offset (ambiguous) or an impossible date, gives null.
 */
export function parseInstant(text: string): Date | null {
  const value = text.trim();
  if (DATE_ONLY.test(value)) {
    const date = new Date(`${value}T00:00:00+08:00`);
    return !Number.isNaN(date.getTime()) && shanghaiDate(date) === value ? date : null;
  }
  if (!DATE_TIME.test(value)) return null;
  const date = new Date(value.replace(' ', 'T'));
  if (Number.isNaN(date.getTime())) return null;
  // Date rolls 2026-02-30 over to March; refuse instead of guessing.
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(y, m - 1, d));
  return check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? date : null;
}

/**
 * The instant `months` calendar months after `at`, on the Asia/Shanghai calendar, clamped to the last day
 * of a shorter month (11-30 + 3 months → 02-28), as people count "3 months".
 */
export function addShanghaiMonths(at: Date, months: number): Date {
  const local = new Date(at.getTime() + OFFSET_MS);
  const day = local.getUTCDate();
  local.setUTCDate(1);
  local.setUTCMonth(local.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  local.setUTCDate(Math.min(day, lastDay));
  return new Date(local.getTime() - OFFSET_MS);
}

const digits = (text: string, start: number, length: number): number => {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return NaN;
    value = value * 10 + code;
  }
  return value;
};

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil); `day` may overflow. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return (
    era * 146_097 +
    yearOfEra * 365 +
    Math.floor(yearOfEra / 4) -
    Math.floor(yearOfEra / 100) +
    dayOfYear -
    719_468
  );
}

/**
 * Milliseconds of an ISO 8601 instant as the stores write it (`2024-03-01T02:00:00.000Z`,
 * `…T10:00:00+08:00`). Date.parse costs ~350 ns, which dominated bulk checks, and Date.UTC is a call
 * into C++ too; the fixed layout is read digit by digit and counted in days. Fields out of the range
 * Date.parse accepts, and every other layout, fall back to Date.parse (a day past the month's end rolls
 * over in both, as Date.parse does).
 */
export function instantMs(text: string): number {
  const n = text.length;
  if ((n === 24 || n === 20) && text.charCodeAt(n - 1) === 90 /* Z */ && text.charCodeAt(10) === 84 /* T */) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    const second = digits(text, 17, 2);
    const ms = n === 24 ? digits(text, 20, 3) : 0;
    // NaN (a non-digit) fails every comparison and falls through.
    if (
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59 &&
      ms >= 0 &&
      text.charCodeAt(4) === 45 &&
      text.charCodeAt(7) === 45 &&
      text.charCodeAt(13) === 58 &&
      text.charCodeAt(16) === 58 &&
      (n === 20 || text.charCodeAt(19) === 46)
    ) {
      return (
        daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms
      );
    }
  }
  return Date.parse(text);
}

/** An instant in both forms, for comparing stored ISO texts without parsing them. */
export type InstantRef = { readonly ms: number; readonly iso: string };

export function instantRef(ms: number): InstantRef {
  return { ms, iso: new Date(ms).toISOString() };
}

/**
 * Compares a stored ISO instant with a reference: negative before, 0 equal, positive after. Stores
 * write UTC `YYYY-MM-DDTHH:MM:SS.sssZ`, whose text order is time order, so the common case is one
 * string comparison (parsing cost more than the rest of a check); other layouts are parsed.
 */
export function compareInstant(text: string, ref: InstantRef): number {
  if (text.length === 24 && text.charCodeAt(23) === 90 /* Z */ && text.charCodeAt(19) === 46 /* . */) {
    return text < ref.iso ? -1 : text > ref.iso ? 1 : 0;
  }
  return instantMs(text) - ref.ms;
}
