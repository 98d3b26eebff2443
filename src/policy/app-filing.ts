/**
 * APP备案数据 — data/app-filing.json: the rules of filing apps, mini programs and quick apps (工信部信管
 * 〔2023〕105号), each dated and sourced: which feature information (特征信息) each platform's entry
 * carries, and the suffix an app's number takes after `-N`. Read once and validated like the other
 * data files; a broken file is an error naming the file and the JSON path.
 */
import { z } from 'zod';
import { toShanghaiDate } from './calendar.ts';
import type { EntryBasis } from './dated-entries.ts';
import {
  basisOf,
  datedEntryFields,
  datedFileLoader,
  latestInForce,
  parseDatedFile,
} from './dated-entries.ts';

/** 应用类型 — an app (APP), a mini program (小程序) or a quick app (快应用); MIIT files all three. */
export const APP_TYPES = ['app', 'mini-program', 'quick-app'] as const;
export type AppType = (typeof APP_TYPES)[number];

/** 平台 — the platforms whose feature information an app entry carries. */
export const APP_PLATFORMS = ['android', 'ios', 'harmonyos'] as const;
export type AppPlatform = (typeof APP_PLATFORMS)[number];

/** 特征信息字段 — one field of a platform's feature information. */
export const APP_FEATURE_FIELDS = [
  'packageName',
  'bundleId',
  'publicKey',
  'md5',
  'sha1',
  'fingerprint',
] as const;
export type AppFeatureField = (typeof APP_FEATURE_FIELDS)[number];

const entrySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...datedEntryFields,
    kind: z.literal('requirement'),
    appTypes: z.array(z.enum(APP_TYPES)).min(1),
  }),
  z.strictObject({
    ...datedEntryFields,
    kind: z.literal('features'),
    platform: z.enum(APP_PLATFORMS),
    fields: z.array(z.enum(APP_FEATURE_FIELDS)).min(1),
  }),
  z.strictObject({
    ...datedEntryFields,
    kind: z.literal('number'),
    appTypes: z.array(z.enum(APP_TYPES)).min(1),
    suffix: z.string().regex(/^[A-Z]$/),
  }),
  z.strictObject({
    ...datedEntryFields,
    kind: z.literal('name'),
    appTypes: z.array(z.enum(APP_TYPES)).min(1),
  }),
]);
type AppFilingEntry = z.infer<typeof entrySchema>;

/** 依据 — the entry a decision rests on, as findings and the README cite it. */
export type AppFilingBasis = EntryBasis;

/** APP备案规则 — the entries of data/app-filing.json and the lookups over them at an instant. */
export type AppFilingData = {
  snapshotDate: string;
  entries: readonly AppFilingEntry[];
  /** The feature fields of a platform in force at `at`, with the entry they rest on. */
  featureFields(platform: AppPlatform, at: Date): { fields: AppFeatureField[]; basis: AppFilingBasis };
  /** The letter after `-N` in an app's number (A for apps, X for mini programs) in force at `at`. */
  numberSuffix(type: AppType, at: Date): { suffix: string; basis: AppFilingBasis };
  /** Whether filing apps is required at `at` (from the 2023 notice on). */
  required(at: Date): AppFilingBasis | null;
};

export function parseAppFilingData(text: string, path = 'app-filing.json'): AppFilingData {
  const { entries, snapshotDate } = parseDatedFile(text, path, entrySchema);
  for (const platform of APP_PLATFORMS)
    if (!entries.some((e) => e.kind === 'features' && e.platform === platform))
      throw new Error(`policy data file ${path}: no features entry for ${platform}`);
  for (const type of APP_TYPES)
    if (!entries.some((e) => e.kind === 'number' && e.appTypes.includes(type)))
      throw new Error(`policy data file ${path}: no number entry for ${type}`);
  const floor = (at: Date) => new Error(`no app filing entry in force on ${toShanghaiDate(at)}`);
  return {
    snapshotDate,
    entries,
    featureFields(platform, at) {
      const e = latestInForce(
        entries,
        at,
        (x): x is Extract<AppFilingEntry, { kind: 'features' }> =>
          x.kind === 'features' && x.platform === platform,
      );
      if (!e) throw floor(at);
      return { fields: [...e.fields], basis: basisOf(e) };
    },
    numberSuffix(type, at) {
      const e = latestInForce(
        entries,
        at,
        (x): x is Extract<AppFilingEntry, { kind: 'number' }> =>
          x.kind === 'number' && x.appTypes.includes(type),
      );
      if (!e) throw floor(at);
      return { suffix: e.suffix, basis: basisOf(e) };
    },
    required(at) {
      const e = latestInForce(
        entries,
        at,
        (x): x is Extract<AppFilingEntry, { kind: 'requirement' }> => x.kind === 'requirement',
      );
      return e ? basisOf(e) : null;
    },
  };
}

/** data/app-filing.json of `dataDir` (default: this checkout's), read once per directory. */
export const loadAppFilingData = datedFileLoader('app-filing.json', parseAppFilingData);
