/**
 * 有效期条目 — what the data files of dated entries (data/app-filing.json, data/identity-verification.json)
 * share: the file's wrapper (source, snapshot date, description), each entry's id, dates in force, summary,
 * confidence and sources (data/README.md), the reading of the file once per data directory, and the
 * choice of the entry in force. A rule change is a newer entry, never an edit (data/README.md), so the
 * entry in force is the one with the latest `effectiveFrom` among those whose dates cover the day.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { toShanghaiDate } from './calendar.ts';
import { defaultDataDir } from './load-policy.ts';
import { inForce } from './resolve.ts';
import { dataFileSchema, formatIssues, isIsoDate, sourceSchema } from './schemas.ts';
import type { Confidence, Source } from './types.ts';

const date = z.string().refine(isIsoDate, 'expected YYYY-MM-DD');

/** The fields every dated entry carries; an entry schema spreads them next to its own. */
export const datedEntryFields = {
  id: z.string().min(1),
  effectiveFrom: date,
  effectiveUntil: date.optional(),
  summary: z.string().min(1),
  confidence: z.enum(['high', 'medium', 'low', 'unsourced']),
  sources: z.array(sourceSchema).min(1),
};

/** 有效期 — `YYYY-MM-DD` dates in Asia/Shanghai, `effectiveUntil` included; absent: open-ended. */
type Dated = { effectiveFrom: string; effectiveUntil?: string | undefined };

/** A dated entry as its lookups cite it. */
type DatedEntry = Dated & { id: string; confidence: Confidence; sources: Source[] };

/** 依据 — the entry a decision rests on, as findings and the README cite it. */
export type EntryBasis = { entry: string; confidence: Confidence; sources: Source[] };

export const basisOf = (e: DatedEntry): EntryBasis => ({
  entry: e.id,
  confidence: e.confidence,
  sources: e.sources,
});

/** The entry in force at `at` that `match` keeps with the latest `effectiveFrom`; undefined: none. */
export function latestInForce<T extends Dated, E extends T>(
  entries: readonly T[],
  at: Date,
  match: (e: T) => e is E,
): E | undefined;
export function latestInForce<T extends Dated>(
  entries: readonly T[],
  at: Date,
  match: (e: T) => boolean,
): T | undefined;
export function latestInForce<T extends Dated>(
  entries: readonly T[],
  at: Date,
  match: (e: T) => boolean,
): T | undefined {
  const day = toShanghaiDate(at);
  return entries
    .filter((e) => inForce(e, day) && match(e))
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
    .at(-1);
}

/** Parses a data file of `entry` entries; a broken file is an Error naming `path` and the JSON path. */
export function parseDatedFile<S extends z.ZodType>(
  text: string,
  path: string,
  entry: S,
): { snapshotDate: string; entries: z.infer<S>[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`policy data file ${path}: invalid JSON: ${(err as Error).message}`);
  }
  const parsed = dataFileSchema(entry).safeParse(json);
  if (!parsed.success) throw new Error(`policy data file ${path}:\n${formatIssues(parsed.error)}`);
  return { snapshotDate: parsed.data.snapshotDate, entries: parsed.data.entries };
}

/**
 * The loader of data file `name`: reads it from a data directory (default: this checkout's) once per
 * directory and builds its lookups with `parse` (given the text and the file's path).
 */
export function datedFileLoader<T>(
  name: string,
  parse: (text: string, path: string) => T,
): (dataDir?: string) => T {
  const cache = new Map<string, T>();
  return (dataDir = defaultDataDir()) => {
    const cached = cache.get(dataDir);
    if (cached) return cached;
    const path = join(dataDir, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`policy data file ${path}: cannot be read: ${(err as Error).message}`);
    }
    const data = parse(text, path);
    cache.set(dataDir, data);
    return data;
  };
}
