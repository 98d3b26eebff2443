/**
 * 真实性核验要求 — data/identity-verification.json: whose identity a bureau requires verified before
 * 初审 (主体负责人, 网站负责人, APP负责人), how (人脸核验 or a photo before the provider's 幕布), how long a
 * verification link lives, what the person signs, and whether a signed 网站备案信息真实性核验单 is still
 * asked for. Dated per scope like province-policies.json: a province's entry in force wins over the
 * national one ('*'). Read once and validated; a broken file is an error naming the file and JSON path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { toShanghaiDate } from './calendar.ts';
import { defaultDataDir } from './load-policy.ts';
import { dataFileSchema, formatIssues, isIsoDate, sourceSchema } from './schemas.ts';
import type { Confidence, Source } from './types.ts';

/** 核验对象 — whose verification a bureau requires: the subject's, each website's, each app's 负责人. */
export const VERIFICATION_PERSON_ROLES = ['subject', 'website', 'app'] as const;
export type VerificationPersonRole = (typeof VERIFICATION_PERSON_ROLES)[number];

/** 核验方式 — an ID photo with a live face photo (人脸核验), or a photo in front of the provider's 幕布. */
export const VERIFICATION_METHODS = ['face', 'curtain'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** 签署的声明 — 《网站备案信息真实性核验单》 and 《互联网信息服务承诺书》, signed on the link page. */
export const VERIFICATION_DECLARATIONS = ['verification-sheet', 'service-pledge'] as const;
export type VerificationDeclaration = (typeof VERIFICATION_DECLARATIONS)[number];

const date = z.string().refine(isIsoDate, 'expected YYYY-MM-DD');
const entrySchema = z.strictObject({
  id: z.string().min(1),
  scope: z.string().regex(/^(\*|\d{6})$/, "'*' or a GB/T 2260 province code"),
  effectiveFrom: date,
  effectiveUntil: date.optional(),
  persons: z.array(z.enum(VERIFICATION_PERSON_ROLES)).min(1),
  method: z.enum(VERIFICATION_METHODS),
  linkMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  declarations: z.array(z.enum(VERIFICATION_DECLARATIONS)),
  signedSheet: z.boolean(),
  summary: z.string().min(1),
  confidence: z.enum(['high', 'medium', 'low', 'unsourced']),
  sources: z.array(sourceSchema).min(1),
});
export type IdentityRequirementEntry = z.infer<typeof entrySchema>;

/** 核验要求 — what a province asks at an instant, with the entry it rests on. */
export type IdentityRequirement = {
  persons: VerificationPersonRole[];
  method: VerificationMethod;
  linkMinutes: number;
  declarations: VerificationDeclaration[];
  signedSheet: boolean;
  basis: { entry: string; confidence: Confidence; sources: Source[] };
};

export type IdentityVerificationData = {
  snapshotDate: string;
  entries: readonly IdentityRequirementEntry[];
  /** The requirement in force for `province` (GB/T 2260 code) at `at`; null when no entry covers it. */
  requirement(province: string, at: Date): IdentityRequirement | null;
};

/** Builds the lookups over `entries` (tests and operators may pass their own). */
export function identityVerificationData(
  entries: readonly IdentityRequirementEntry[],
  snapshotDate: string,
): IdentityVerificationData {
  return {
    snapshotDate,
    entries,
    requirement(province, at) {
      const day = toShanghaiDate(at);
      const inForce = entries.filter(
        (e) => e.effectiveFrom <= day && (e.effectiveUntil === undefined || day <= e.effectiveUntil),
      );
      const latest = (scope: string) =>
        inForce
          .filter((e) => e.scope === scope)
          .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
          .at(-1);
      const e = latest(province) ?? latest('*');
      if (!e) return null;
      return {
        persons: [...e.persons],
        method: e.method,
        linkMinutes: e.linkMinutes,
        declarations: [...e.declarations],
        signedSheet: e.signedSheet,
        basis: { entry: e.id, confidence: e.confidence, sources: e.sources },
      };
    },
  };
}

export function parseIdentityVerificationData(
  text: string,
  path = 'identity-verification.json',
): IdentityVerificationData {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`policy data file ${path}: invalid JSON: ${(err as Error).message}`);
  }
  const parsed = dataFileSchema(entrySchema).safeParse(json);
  if (!parsed.success) throw new Error(`policy data file ${path}:\n${formatIssues(parsed.error)}`);
  return identityVerificationData(parsed.data.entries, parsed.data.snapshotDate);
}

const cache = new Map<string, IdentityVerificationData>();

/** data/identity-verification.json of `dataDir` (default: this checkout's), read once per directory. */
export function loadIdentityVerificationData(dataDir: string = defaultDataDir()): IdentityVerificationData {
  const cached = cache.get(dataDir);
  if (cached) return cached;
  const path = join(dataDir, 'identity-verification.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`policy data file ${path}: cannot be read: ${(err as Error).message}`);
  }
  const data = parseIdentityVerificationData(text, path);
  cache.set(dataDir, data);
  return data;
}
