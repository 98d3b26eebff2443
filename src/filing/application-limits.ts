/**
 * 申请限制 — how many websites and domains one application (备案申请) may carry, from the dated policy:
 * `maxDomainsPerWebsite` (data/province-policies.json: 1 from 2019-04-22, 工信管函〔2019〕633号) and the
 * bureaus' per-application limits in data/application-limits.json (each entry cites its provider page).
 * Used for "继续增加域名" (add a domain to a website) and "保存，并继续添加网站" (add another website).
 * Errors name the province, the date and the limit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  defaultDataDir,
  formatIssues,
  inForce,
  isIsoDate,
  sourceSchema,
  SUBJECT_TYPES,
  toShanghaiDate,
} from '../policy/index.ts';
import type { PolicyData, SubjectType } from '../policy/index.ts';
import type { FilingType } from '../rules/index.ts';
import { fieldError, type FieldError } from './field-errors.ts';

const isoDate = z.string().refine(isIsoDate, 'expected a calendar date YYYY-MM-DD');

const limitEntrySchema = z.strictObject({
  id: z.string().min(1),
  /** GB/T 2260 province code. */
  scope: z.string().regex(/^\d{6}$/),
  limit: z.enum(['websitesPerApplication', 'domainsPerApplication']),
  value: z.number().int().min(1),
  /** Only for these subject natures / filing types; absent: all. */
  subjectTypes: z.array(z.enum(SUBJECT_TYPES)).min(1).optional(),
  filingTypes: z
    .array(z.enum(['first-filing', 'add-website', 'add-website-external', 'add-access', 'change']))
    .min(1)
    .optional(),
  effectiveFrom: isoDate,
  effectiveUntil: isoDate.optional(),
  /**
   * `in-force`: the limit binds. `unverified`: the evidence is below `medium` (data/README.md, "Standard
   * of evidence"), so the limit refuses nothing and is only reported (`ApplicationLimits.unverified`).
   */
  status: z.enum(['in-force', 'unverified']),
  confidence: z.enum(['high', 'medium', 'low', 'unsourced']),
  sources: z.array(sourceSchema).min(1),
  note: z.string().min(1).optional(),
});
export type ApplicationLimitEntry = z.infer<typeof limitEntrySchema>;

const limitsFileSchema = z.strictObject({
  source: z.string().min(1),
  snapshotDate: isoDate,
  description: z.string().min(1),
  entries: z.array(limitEntrySchema),
});

const APPLICATION_LIMITS_FILE = 'application-limits.json';

/** Reads data/application-limits.json; broken data is a plain Error naming the file and path (fail closed). */
export function loadApplicationLimits(dataDir = defaultDataDir()): ApplicationLimitEntry[] {
  const path = join(dataDir, APPLICATION_LIMITS_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`application limits file ${path}: ${(err as Error).message}`);
  }
  const parsed = limitsFileSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`application limits file ${path} is invalid:\n${formatIssues(parsed.error)}`);
  return parsed.data.entries;
}

/** A limit in force, with the entry that decided it (for messages and audit). */
type ResolvedLimit = { value: number; entryId: string; effectiveFrom: string };

/** A limit one source reports but the evidence does not carry: said, never enforced. */
export type UnverifiedLimit = ResolvedLimit & {
  limit: ApplicationLimitEntry['limit'];
  confidence: ApplicationLimitEntry['confidence'];
};

/** What one application may carry, resolved for a province, instant, subject nature and filing type. */
export type ApplicationLimits = {
  province: { code: string; name: string };
  /** Asia/Shanghai date the limits were resolved for. */
  date: string;
  /** null: the filing type carries existing domains over (接入备案), no per-website maximum applies. */
  domainsPerWebsite: ResolvedLimit | null;
  websitesPerApplication: ResolvedLimit | null;
  domainsPerApplication: ResolvedLimit | null;
  /** Limits of the province on the day whose evidence is below `medium`: they refuse nothing. */
  unverified: UnverifiedLimit[];
};

export type LimitsQuery = { province: string; at: Date; subjectType: SubjectType; filingType: FilingType };

/**
 * Resolves the limits. Province entries of data/application-limits.json apply on their dates; among several
 * in force the smallest value binds; an `unverified` entry binds nothing and is listed in `unverified`.
 * `maxDomainsPerWebsite` binds first filings and new websites only: an access filing (接入备案) carries the
 * domains already filed (Baidu Cloud, cloud.baidu.com/theme/F/2557381-9).
 */
export function resolveApplicationLimits(
  policy: Pick<PolicyData, 'findProvince' | 'resolvePolicy'>,
  entries: readonly ApplicationLimitEntry[],
  query: LimitsQuery,
): ApplicationLimits | null {
  const province = policy.findProvince(query.province);
  if (province === null) return null;
  const date = toShanghaiDate(query.at);
  const resolved = policy.resolvePolicy(province.code, query.at).maxDomainsPerWebsite;
  const applicable = entries.filter(
    (e) =>
      e.scope === province.code &&
      inForce(e, date) &&
      (!e.subjectTypes || e.subjectTypes.includes(query.subjectType)) &&
      (!e.filingTypes || e.filingTypes.includes(query.filingType)),
  );
  const pick = (limit: ApplicationLimitEntry['limit']): ResolvedLimit | null => {
    let best: ApplicationLimitEntry | null = null;
    for (const e of applicable) {
      if (e.limit !== limit || e.status !== 'in-force') continue;
      if (best === null || e.value < best.value) best = e;
    }
    return best && { value: best.value, entryId: best.id, effectiveFrom: best.effectiveFrom };
  };
  return {
    province: { code: province.code, name: province.name },
    date,
    domainsPerWebsite:
      // An access filing or a change adds no domain (a change may only keep or drop them, 工信管函〔2019〕633号).
      query.filingType === 'add-access' || query.filingType === 'change'
        ? null
        : { value: resolved.value, entryId: resolved.entryId, effectiveFrom: resolved.effectiveFrom },
    websitesPerApplication: pick('websitesPerApplication'),
    domainsPerApplication: pick('domainsPerApplication'),
    unverified: applicable
      .filter((e) => e.status === 'unverified')
      .map((e) => ({
        limit: e.limit,
        value: e.value,
        entryId: e.id,
        effectiveFrom: e.effectiveFrom,
        confidence: e.confidence,
      })),
  };
}

/** The shape of an application the limits count: domains per website, in order. */
type ApplicationShape = { websites: readonly { domains: readonly unknown[] }[] };

/** The placeholders every limit message shares: the province's policy on the day, and the limit. */
const policy = (l: ApplicationLimits, limit: ResolvedLimit) => ({
  province: l.province.name,
  date: l.date,
  limit: limit.value,
});

function domainsPerWebsiteError(l: ApplicationLimits, limit: ResolvedLimit, path: string): FieldError {
  return fieldError(path, 'TOO_MANY_DOMAINS_PER_WEBSITE', policy(l, limit));
}

function websitesError(l: ApplicationLimits, limit: ResolvedLimit): FieldError {
  return fieldError('websites', 'TOO_MANY_WEBSITES_PER_APPLICATION', policy(l, limit));
}

function domainsError(l: ApplicationLimits, limit: ResolvedLimit): FieldError {
  return fieldError('websites', 'TOO_MANY_DOMAINS_PER_APPLICATION', policy(l, limit));
}

/** Every limit the application exceeds, at the field a form shows it on (`websites.1.domains`, `websites`). */
export function checkApplicationLimits(limits: ApplicationLimits, app: ApplicationShape): FieldError[] {
  const errors: FieldError[] = [];
  const perWebsite = limits.domainsPerWebsite;
  app.websites.forEach((w, i) => {
    if (perWebsite && w.domains.length > perWebsite.value) {
      errors.push(domainsPerWebsiteError(limits, perWebsite, `websites.${i}.domains`));
    }
  });
  const websites = limits.websitesPerApplication;
  if (websites && app.websites.length > websites.value) errors.push(websitesError(limits, websites));
  const domains = limits.domainsPerApplication;
  const total = app.websites.reduce((n, w) => n + w.domains.length, 0);
  if (domains && total > domains.value) errors.push(domainsError(limits, domains));
  return errors;
}

export type LimitDecision = { ok: true } | { ok: false; error: FieldError };

/** "继续增加域名": may website `websiteIndex` take one more domain? */
export function canAddDomain(
  limits: ApplicationLimits,
  app: ApplicationShape,
  websiteIndex: number,
): LimitDecision {
  const website = app.websites[websiteIndex];
  if (website === undefined) {
    return {
      ok: false,
      error: fieldError('websites', 'WEBSITE_NOT_FOUND', { website: websiteIndex + 1 }),
    };
  }
  const perWebsite = limits.domainsPerWebsite;
  if (perWebsite && website.domains.length + 1 > perWebsite.value) {
    return {
      ok: false,
      error: domainsPerWebsiteError(limits, perWebsite, `websites.${websiteIndex}.domains`),
    };
  }
  const domains = limits.domainsPerApplication;
  const total = app.websites.reduce((n, w) => n + w.domains.length, 0);
  if (domains && total + 1 > domains.value) return { ok: false, error: domainsError(limits, domains) };
  return { ok: true };
}

/** "保存，并继续添加网站": may the application take one more website (with its one domain)? */
export function canAddWebsite(limits: ApplicationLimits, app: ApplicationShape): LimitDecision {
  const websites = limits.websitesPerApplication;
  if (websites && app.websites.length + 1 > websites.value)
    return { ok: false, error: websitesError(limits, websites) };
  const domains = limits.domainsPerApplication;
  const total = app.websites.reduce((n, w) => n + w.domains.length, 0);
  if (domains && total + 1 > domains.value) return { ok: false, error: domainsError(limits, domains) };
  return { ok: true };
}
