/**
 * 驳回原因库 — the coded reasons a reviewer picks from when rejecting (data/rejection-reasons.json, each
 * reworded from the common rejection reasons providers publish, with its sources). A code keeps its
 * meaning for ever: a reason reworded or withdrawn is a new dated entry and `retiredOn` on the old one,
 * so a rejection given under an old code still reads as it did.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultDataDir, formatIssues, isIsoDate, sourceSchema, toShanghaiDate } from '../policy/index.ts';
import type { Localized } from './field-errors.ts';
import { FIELD_KINDS, fieldKindOf } from './rejection.ts';
import type { FieldKind } from './rejection.ts';

const isoDate = z.string().refine(isIsoDate, 'expected a calendar date YYYY-MM-DD');
const localized = z.strictObject({ zh: z.string().min(1).max(300), en: z.string().min(1).max(300) });

const reasonEntrySchema = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/),
  fieldKinds: z.array(z.enum(FIELD_KINDS)).min(1),
  reason: localized,
  remedy: localized,
  addedOn: isoDate,
  retiredOn: isoDate.optional(),
  confidence: z.enum(['high', 'medium', 'low', 'unsourced']),
  sources: z.array(sourceSchema).min(1),
  note: z.string().min(1).optional(),
});

/** 驳回原因 (库) — one coded reason: the fields it fits, what is wrong, and what to do. */
export type RejectionReasonEntry = z.infer<typeof reasonEntrySchema>;

const reasonsFileSchema = z
  .strictObject({
    source: z.string().min(1),
    snapshotDate: isoDate,
    description: z.string().min(1),
    entries: z.array(reasonEntrySchema).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.entries.forEach((entry, i) => {
      if (seen.has(entry.code))
        ctx.addIssue({
          code: 'custom',
          path: ['entries', i, 'code'],
          message: `duplicate code ${entry.code}`,
        });
      seen.add(entry.code);
    });
  });

export const REJECTION_REASONS_FILE = 'rejection-reasons.json';

/** Reads data/rejection-reasons.json; broken data is a plain Error naming the file and path (fail closed). */
export function loadRejectionReasons(dataDir = defaultDataDir()): RejectionReasonEntry[] {
  const path = join(dataDir, REJECTION_REASONS_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`rejection reasons file ${path}: ${(err as Error).message}`);
  }
  const parsed = reasonsFileSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`rejection reasons file ${path} is invalid:\n${formatIssues(parsed.error)}`);
  return parsed.data.entries;
}

let cached: RejectionReasonEntry[] | null = null;
/** The bundled library, read once. */
export function rejectionReasons(): readonly RejectionReasonEntry[] {
  cached ??= loadRejectionReasons();
  return cached;
}

/** Whether the entry may be picked on the day of `at` (added, not retired). */
export function reasonOffered(entry: RejectionReasonEntry, at: Date): boolean {
  const day = toShanghaiDate(at);
  return entry.addedOn <= day && (entry.retiredOn === undefined || day < entry.retiredOn);
}

/** Whether a reason of the library fits the field at `path` (by its kind; `any` fits everything). */
export function reasonFits(entry: RejectionReasonEntry, path: string): boolean {
  const kind: FieldKind = fieldKindOf(path);
  return entry.fieldKinds.includes('any') || entry.fieldKinds.includes(kind);
}

/**
 * The message a coded reason gives, with the reviewer's own words after it when there are any (a
 * reviewer writes in one language: the note is kept as written in both).
 */
export function codedMessage(entry: RejectionReasonEntry, note: string | null): Localized {
  if (note === null || note === '') return entry.reason;
  return { zh: `${entry.reason.zh}：${note}`, en: `${entry.reason.en}: ${note}` };
}
