/**
 * 运营方覆盖 — the operator's overrides file: entries to add (or replace) and keys to withdraw, applied on
 * top of data/ at load and recorded line by line in the provenance. Example:
 *
 *   { "suffixes":   { "add": [ { "suffix": "cc", "ascii": "cc", "kind": "cctld", "status": "approved",
 *                                "approved": true, "confidence": "high",
 *                                "sources": [ { "title": "domain.miit.gov.cn, checked", "date": "2026-12-01" } ] } ],
 *                     "withdraw": ["tv"] },
 *     "registrars": { "add": [ … RegistrarEntry … ], "withdraw": ["aliyun-intl"] },
 *     "policies":   { "add": [ … PolicyEntry … ], "withdraw": ["real-name-reporting-national"] },
 *     "restrictedSuffixes": { "add": [ … ], "withdraw": ["mil.cn"] },
 *     "calendar":   { "add": [ { "year": 2027, "holidays": [ … ], "makeupWorkdays": [ … ], … } ] } }
 *
 * Keys: suffixes and restricted suffixes by A-label (`ascii`; a U-label is converted), registrars by
 * `id`, policy entries by `id`, calendar years by year (`"2027"`); the calendar's coverage becomes the
 * first to the last year it then holds, and a gap between them is an error. Within a section withdrawals apply first, then additions; an addition with
 * an existing key replaces that entry. Withdrawing a key that is not in the data is an error.
 */
import { readFileSync } from 'node:fs';
import { normalizeSuffix } from './lookups.ts';
import {
  formatIssues,
  formatPath,
  overridesFileSchema,
  type CalendarFile,
  type CalendarYear,
  type OverridesFile,
} from './schemas.ts';
import type { PolicyEntry, RegistrarEntry, RestrictedSuffix, SuffixEntry } from './types.ts';
import { policyValueText } from './types.ts';

/** The mutable lists the overrides apply to. */
export type OverridableData = {
  suffixes: SuffixEntry[];
  restrictedSuffixes: RestrictedSuffix[];
  registrars: RegistrarEntry[];
  policies: PolicyEntry[];
};

/** The operator's override file is unreadable or wrong: a configuration error, not a bug. */
export class OverridesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OverridesError';
  }
}

/** Reads and validates an overrides file; errors name the file and the JSON path of each problem. */
export function readOverridesFile(file: string): OverridesFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new OverridesError(`overrides file ${file}: cannot be read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new OverridesError(`overrides file ${file}: invalid JSON: ${(err as Error).message}`);
  }
  const parsed = overridesFileSchema.safeParse(json);
  if (!parsed.success)
    throw new OverridesError(`overrides file ${file}: invalid overrides:\n${formatIssues(parsed.error)}`);
  return parsed.data;
}

const yesNo = (approved: boolean): string => (approved ? 'approved' : 'not approved');
const suffixLabel = (e: { suffix: string; ascii: string }): string =>
  e.suffix === e.ascii ? e.ascii : `${e.suffix} (${e.ascii})`;

type Section<T> = { add?: T[] | undefined; withdraw?: string[] | undefined } | undefined;

/** Applies one section: withdraw, then add/replace; returns the provenance lines. */
function applySection<T>(
  file: string,
  sectionName: string,
  list: T[],
  section: Section<T>,
  keyOf: (entry: T) => string,
  normalizeKey: (key: string) => string,
  describe: (entry: T) => { label: string; detail: string },
): string[] {
  const changes: string[] = [];
  if (!section) return changes;
  (section.withdraw ?? []).forEach((raw, i) => {
    const key = normalizeKey(raw);
    const index = list.findIndex((e) => keyOf(e) === key);
    if (index < 0) {
      const path = formatPath([sectionName, 'withdraw', i]);
      throw new OverridesError(`overrides file ${file}: ${path}: no entry "${raw}" in the data to withdraw`);
    }
    const [removed] = list.splice(index, 1);
    if (removed !== undefined) changes.push(`${describe(removed).label} withdrawn`);
  });
  for (const entry of section.add ?? []) {
    const index = list.findIndex((e) => keyOf(e) === keyOf(entry));
    const { label, detail } = describe(entry);
    const previous = index >= 0 ? list[index] : undefined;
    if (previous === undefined) {
      list.push(entry);
      changes.push(`${label} added (${detail})`);
    } else {
      list.splice(index, 1);
      list.push(entry); // appended: a replaced policy entry wins ties like any override
      changes.push(`${label} replaced (${detail}; was ${describe(previous).detail})`);
    }
  }
  return changes;
}

/** Applies the overrides to `data` in place and returns what changed, one line per change. */
export function applyOverrides(data: OverridableData, overrides: OverridesFile, file: string): string[] {
  const suffixKey = (k: string): string => normalizeSuffix(k);
  return [
    ...applySection(
      file,
      'suffixes',
      data.suffixes,
      overrides.suffixes,
      (e) => e.ascii,
      suffixKey,
      (e) => ({
        label: `suffix ${suffixLabel(e)}`,
        detail:
          (e.status === 'approved' || e.status === 'not-approved'
            ? yesNo(e.approved)
            : `${e.status}, ${yesNo(e.approved)}`) + (e.approvedFrom ? ` from ${e.approvedFrom}` : ''),
      }),
    ),
    ...applySection(
      file,
      'restrictedSuffixes',
      data.restrictedSuffixes,
      overrides.restrictedSuffixes,
      (e) => e.ascii,
      suffixKey,
      (e) => ({
        label: `restricted suffix ${suffixLabel(e)}`,
        detail: `only ${e.allowedSubjectTypes.join(', ')}`,
      }),
    ),
    ...applySection(
      file,
      'registrars',
      data.registrars,
      overrides.registrars,
      (e) => e.id,
      (k) => k,
      (e) => ({
        label: `registrar ${e.id}`,
        detail: e.status === 'unknown' ? 'approval unknown' : yesNo(e.status === 'approved'),
      }),
    ),
    ...applySection(
      file,
      'policies',
      data.policies,
      overrides.policies,
      (e) => e.id,
      (k) => k,
      (e) => ({
        label: `policy entry ${e.id}`,
        detail: `${e.field} = ${policyValueText(e.value)} for ${e.scope} from ${e.effectiveFrom}${e.effectiveUntil ? ` until ${e.effectiveUntil}` : ''}`,
      }),
    ),
  ];
}

/**
 * Applies the calendar section to a copy of the calendar file: the years withdrawn and added (an added
 * year replaces the data's entry for it), with the coverage stretched or shrunk to the years held. The
 * calendar is built from the result, so a gap or a bad date fails the load naming this file.
 */
export function applyCalendarOverrides(
  calendar: CalendarFile,
  overrides: OverridesFile,
  file: string,
): { calendar: CalendarFile; changes: string[] } {
  if (overrides.calendar === undefined) return { calendar, changes: [] };
  const years: CalendarYear[] = [...calendar.entries];
  const changes = applySection(
    file,
    'calendar',
    years,
    overrides.calendar,
    (e) => String(e.year),
    (k) => k.trim(),
    (e) => ({
      label: `calendar year ${e.year}`,
      detail: `${e.holidays.length} holidays, ${e.makeupWorkdays.length} makeup working days`,
    }),
  );
  if (years.length === 0) {
    throw new OverridesError(
      `overrides file ${file}: calendar: every year withdrawn; nothing left to count on`,
    );
  }
  years.sort((a, b) => a.year - b.year);
  const coverage = { fromYear: years[0]!.year, toYear: years[years.length - 1]!.year };
  return { calendar: { ...calendar, coverage, entries: years }, changes };
}
