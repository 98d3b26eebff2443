/**
 * 真实性核验要求 — data/identity-verification.json: whose identity a bureau requires verified before
 * 初审 (主体负责人, 网站负责人, APP负责人), how (人脸核验 or a photo before the provider's 幕布), how long a
 * verification link lives, what the person signs, and whether a signed 网站备案信息真实性核验单 is still
 * asked for. Dated per scope like province-policies.json: a province's entry in force wins over the
 * national one ('*'). Read once and validated; a broken file is an error naming the file and JSON path.
 */
import { z } from 'zod';
import type { EntryBasis } from './dated-entries.ts';
import {
  basisOf,
  datedEntryFields,
  datedFileLoader,
  latestInForce,
  parseDatedFile,
} from './dated-entries.ts';

/** 核验对象 — whose verification a bureau requires: the subject's, each website's, each app's 负责人. */
export const VERIFICATION_PERSON_ROLES = ['subject', 'website', 'app'] as const;
export type VerificationPersonRole = (typeof VERIFICATION_PERSON_ROLES)[number];

/** 核验方式 — an ID photo with a live face photo (人脸核验), or a photo in front of the provider's 幕布. */
export const VERIFICATION_METHODS = ['face', 'curtain'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** 签署的声明 — 《网站备案信息真实性核验单》 and 《互联网信息服务承诺书》, signed on the link page. */
export const VERIFICATION_DECLARATIONS = ['verification-sheet', 'service-pledge'] as const;
export type VerificationDeclaration = (typeof VERIFICATION_DECLARATIONS)[number];

const entrySchema = z.strictObject({
  ...datedEntryFields,
  scope: z.string().regex(/^(\*|\d{6})$/, "'*' or a GB/T 2260 province code"),
  persons: z.array(z.enum(VERIFICATION_PERSON_ROLES)).min(1),
  method: z.enum(VERIFICATION_METHODS),
  linkMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  declarations: z.array(z.enum(VERIFICATION_DECLARATIONS)),
  signedSheet: z.boolean(),
});
export type IdentityRequirementEntry = z.infer<typeof entrySchema>;

/** 核验要求 — what a province asks at an instant, with the entry it rests on. */
export type IdentityRequirement = {
  persons: VerificationPersonRole[];
  method: VerificationMethod;
  linkMinutes: number;
  declarations: VerificationDeclaration[];
  signedSheet: boolean;
  basis: EntryBasis;
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
      const latest = (scope: string) => latestInForce(entries, at, (e) => e.scope === scope);
      const e = latest(province) ?? latest('*');
      if (!e) return null;
      return {
        persons: [...e.persons],
        method: e.method,
        linkMinutes: e.linkMinutes,
        declarations: [...e.declarations],
        signedSheet: e.signedSheet,
        basis: basisOf(e),
      };
    },
  };
}

export function parseIdentityVerificationData(
  text: string,
  path = 'identity-verification.json',
): IdentityVerificationData {
  const { entries, snapshotDate } = parseDatedFile(text, path, entrySchema);
  return identityVerificationData(entries, snapshotDate);
}

/** data/identity-verification.json of `dataDir` (default: this checkout's), read once per directory. */
export const loadIdentityVerificationData = datedFileLoader(
  'identity-verification.json',
  parseIdentityVerificationData,
);
