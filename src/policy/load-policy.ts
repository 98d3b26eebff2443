/**
 * 政策数据加载 — reads data/ once, validates every file with zod, applies the operator overrides and
 * returns the PolicyData the rule engine evaluates against. Synchronous; throws a plain Error naming the
 * file and JSON path of any problem (fail closed: no partial data).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { createWorkdayCalendar } from './calendar.ts';
import { icpPrefixTable, type IcpPrefixTable, parseIcpNumber } from './icp-numbers.ts';
import { makeClassifySuffix, makeFindProvince, makeFindRegistrar, makeRestrictionFor } from './lookups.ts';
import {
  applyCalendarOverrides,
  applyOverrides,
  readOverridesFile,
  type OverridableData,
  OverridesError,
} from './overrides.ts';
import type { PolicyData, WorkdayCalendar } from './policy-data.ts';
import { checkNationalCoverage, makeResolvePolicy } from './resolve.ts';
import {
  calendarFileSchema,
  dataFileSchema,
  formatIssues,
  policyEntrySchema,
  provinceSchema,
  registrarEntrySchema,
  restrictedSuffixSchema,
  suffixEntrySchema,
} from './schemas.ts';
import type { DataProvenance, Province } from './types.ts';

type LoadPolicyOptions = { dataDir?: string; overridesFile?: string };

/** The data files, relative to the data directory. */
export const DATA_FILES = {
  suffixes: 'suffixes.json',
  restrictedSuffixes: 'restricted-suffixes.json',
  registrars: 'registrars.json',
  provinces: 'provinces.json',
  policies: 'province-policies.json',
  calendar: join('calendar', 'cn.json'),
} as const;

/** The data/ directory of this checkout. */
export function defaultDataDir(): string {
  return fileURLToPath(new URL('../../data/', import.meta.url));
}

type Read = { path: string; text: string };

function readText(dataDir: string, name: string): Read {
  const path = join(dataDir, name);
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (err) {
    throw new Error(`policy data file ${path}: cannot be read: ${(err as Error).message}`);
  }
}

function parseFile<S extends z.ZodType>(file: Read, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch (err) {
    throw new Error(`policy data file ${file.path}: invalid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new Error(`policy data file ${file.path}: invalid data:\n${formatIssues(parsed.error)}`);
  return parsed.data;
}

/** Throws when two entries of one list share a key (`what` names the list and key kind). */
function assertUnique<T>(entries: readonly T[], keyOf: (e: T) => string, what: string): void {
  const seen = new Set<string>();
  for (const e of entries) {
    const key = keyOf(e);
    if (seen.has(key)) throw new Error(`${what} "${key}" appears more than once`);
    seen.add(key);
  }
}

function checkConsistency(data: OverridableData, provinces: readonly Province[], origin: string): void {
  try {
    assertUnique(data.suffixes, (e) => e.ascii, 'suffix');
    assertUnique(data.restrictedSuffixes, (e) => e.ascii, 'restricted suffix');
    assertUnique(data.registrars, (e) => e.id, 'registrar id');
    assertUnique(data.policies, (e) => e.id, 'policy entry id');
    // Two registrars sharing a name or an IANA id would make the lookup ambiguous: refused here, so the
    // error names the file (an override adding a registrar under a new id that an entry already has).
    makeFindRegistrar(data.registrars);
    const codes = new Set(provinces.map((p) => p.code));
    for (const e of data.policies) {
      if (e.scope !== '*' && !codes.has(e.scope)) {
        throw new Error(`policy entry ${e.id}: scope ${e.scope} is not a province code in provinces.json`);
      }
    }
    checkNationalCoverage(data.policies);
  } catch (err) {
    const message = `${origin}: ${(err as Error).message}`;
    throw origin.startsWith('overrides file') ? new OverridesError(message) : new Error(message);
  }
}

/** Loads data/ (or `dataDir`) and applies `overridesFile` when given. */
export function loadPolicy(options: LoadPolicyOptions = {}): PolicyData {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  const files = {
    suffixes: readText(dataDir, DATA_FILES.suffixes),
    restrictedSuffixes: readText(dataDir, DATA_FILES.restrictedSuffixes),
    registrars: readText(dataDir, DATA_FILES.registrars),
    provinces: readText(dataDir, DATA_FILES.provinces),
    policies: readText(dataDir, DATA_FILES.policies),
    calendar: readText(dataDir, DATA_FILES.calendar),
  };
  const suffixes = parseFile(files.suffixes, dataFileSchema(suffixEntrySchema));
  const restricted = parseFile(files.restrictedSuffixes, dataFileSchema(restrictedSuffixSchema));
  const registrars = parseFile(files.registrars, dataFileSchema(registrarEntrySchema));
  const provinces = parseFile(files.provinces, dataFileSchema(provinceSchema));
  const policies = parseFile(files.policies, dataFileSchema(policyEntrySchema));
  const calendarFile = parseFile(files.calendar, calendarFileSchema);
  const overridesPath = options.overridesFile === undefined ? undefined : resolve(options.overridesFile);
  const overrides = overridesPath === undefined ? undefined : readOverridesFile(overridesPath);

  let calendar: WorkdayCalendar;
  try {
    calendar = createWorkdayCalendar(calendarFile);
  } catch (err) {
    throw new Error(`policy data file ${files.calendar.path}: ${(err as Error).message}`);
  }
  let calendarChanges: string[] = [];
  if (overrides !== undefined && overridesPath !== undefined) {
    const applied = applyCalendarOverrides(calendarFile, overrides, overridesPath);
    calendarChanges = applied.changes;
    if (calendarChanges.length > 0) {
      try {
        calendar = createWorkdayCalendar(applied.calendar);
      } catch (err) {
        throw new OverridesError(`overrides file ${overridesPath}: calendar: ${(err as Error).message}`);
      }
    }
  }

  const data: OverridableData = {
    suffixes: suffixes.entries,
    restrictedSuffixes: restricted.entries,
    registrars: registrars.entries,
    policies: policies.entries,
  };
  const provinceList: Province[] = provinces.entries;
  checkConsistency(data, provinceList, `policy data in ${dataDir}`);

  const snapshots = [suffixes, restricted, registrars, provinces, policies, calendarFile].map(
    (f) => f.snapshotDate,
  );
  const provenance: DataProvenance = {
    dataVersion: dataVersion(Object.values(files), snapshots),
    overrides: [],
  };
  if (overrides !== undefined && overridesPath !== undefined) {
    const changes = applyOverrides(data, overrides, overridesPath);
    checkConsistency(data, provinceList, `overrides file ${overridesPath}`);
    provenance.overrides.push({ file: overridesPath, changes: [...changes, ...calendarChanges] });
  }

  const findProvince = makeFindProvince(provinceList);
  let prefixes: IcpPrefixTable;
  try {
    prefixes = icpPrefixTable(provinceList);
  } catch (err) {
    throw new Error(`policy data file ${files.provinces.path}: ${(err as Error).message}`);
  }
  const findRegistrar = makeFindRegistrar(data.registrars);
  return Object.freeze({
    provenance: deepFreeze(provenance),
    suffixes: deepFreeze(data.suffixes),
    restrictedSuffixes: deepFreeze(data.restrictedSuffixes),
    registrars: deepFreeze(data.registrars),
    provinces: deepFreeze(provinceList),
    policies: deepFreeze(data.policies),
    calendar,
    classifySuffix: makeClassifySuffix(data.suffixes),
    restrictionFor: makeRestrictionFor(data.restrictedSuffixes),
    findRegistrar,
    findProvince,
    parseIcpNumber: (text: string) => parseIcpNumber(text, prefixes),
    resolvePolicy: makeResolvePolicy(data.policies, findProvince),
  });
}

/** `2026-11-28+3f2a9c1b7d04`: the newest snapshot date and a short sha256 of the data files' bytes. */
function dataVersion(files: readonly Read[], snapshotDates: readonly string[]): string {
  const snapshot = [...snapshotDates].sort().at(-1) ?? 'unknown';
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.text).update('\0');
  return `${snapshot}+${hash.digest('hex').slice(0, 12)}`;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
