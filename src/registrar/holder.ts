/**
 * 域名持有者 — the holder's identity, checked with the filing subject's own rules (src/filing): the name
 * rules of its nature, the certificate types allowed for the nature, and the certificate's check
 * character. A registrar that accepts what a bureau will refuse only moves the error weeks later
 * (工信部信管〔2017〕264号; Alibaba Cloud 验证备案类型: holder and subject match on name, type and number).
 */
import { z } from 'zod';
import { ID_TYPE_LABELS, normalizeIdNumber, validateCertificate } from '../filing/index.ts';
import type { FieldError, Localized, PathIssue } from '../filing/index.ts';
import { formatFieldPath, toFieldErrors } from '../filing/index.ts';
import { ID_TYPES_BY_SUBJECT, SUBJECT_TYPE_LABELS, personNameIssues, textIssues } from '../filing/index.ts';
import type { IdType } from '../policy/index.ts';
import { ID_TYPES, SUBJECT_TYPES } from '../policy/index.ts';
import { invalidFields } from './errors.ts';
import type { Holder } from './types.ts';

/** The holder as it arrives (API body, CLI flags, import line); its rules are checked by `holderIssues`. */
export const holderInputSchema = z
  .strictObject({
    name: z.string().max(200),
    type: z.enum(SUBJECT_TYPES),
    idType: z.enum(ID_TYPES),
    idNumber: z.string().max(64),
  })
  .meta({
    id: 'DomainHolder',
    description: '域名持有者: name, nature and certificate, as on the certificate',
  });

/** Middle-dot look-alikes people type in minority and foreign names; stored as U+00B7 (as subjects are). */
const DOT_VARIANTS = /[•・･‧∙⋅]/g;

const NAME_LABEL: Localized = { zh: '持有者名称', en: "holder's name" };

/** The holder with its name trimmed and certificate number folded, as stored and compared. */
function normalizeHolder(holder: Holder): Holder {
  const name = holder.name.trim();
  const cert = validateCertificate(holder.idType, holder.idNumber);
  return {
    name: holder.type === 'individual' ? name.replace(DOT_VARIANTS, '·') : name,
    type: holder.type,
    idType: holder.idType,
    idNumber: cert.ok ? cert.normalized : normalizeIdNumber(holder.idNumber),
  };
}

/** What is wrong with a holder, paths relative to it; `today` bounds birth dates in ID numbers. */
function holderIssues(holder: Holder, today: string): PathIssue[] {
  const issues: PathIssue[] = [];
  const name = holder.name.trim();
  if (holder.type === 'individual') {
    issues.push(...personNameIssues(name.replace(DOT_VARIANTS, '·'), holder.idType, NAME_LABEL, ['name']));
  } else {
    issues.push(...textIssues(name, NAME_LABEL, ['name'], 2, 100));
  }
  const allowed = ID_TYPES_BY_SUBJECT[holder.type];
  if (!allowed.includes(holder.idType)) {
    const nature = SUBJECT_TYPE_LABELS[holder.type];
    issues.push({
      path: ['idType'],
      code: 'ID_TYPE_NOT_ALLOWED',
      message: {
        zh: `持有者性质为${nature.zh}时，证件类型只能是：${allowed.map((t) => ID_TYPE_LABELS[t].zh).join('、')}`,
        en: `A holder of type ${nature.en} holds one of: ${allowed.map((t) => ID_TYPE_LABELS[t].en).join(', ')}`,
      },
    });
    return issues;
  }
  const cert = validateCertificate(holder.idType, holder.idNumber, today);
  if (!cert.ok) issues.push({ path: ['idNumber'], code: 'ID_NUMBER_INVALID', message: cert.message });
  return issues;
}

/** Parses and checks a holder; throws VALIDATION_FAILED naming `prefix.field` for each problem. */
export function validateHolder(input: unknown, today: string, prefix = 'holder'): Holder {
  const shape = holderInputSchema.safeParse(input);
  if (!shape.success) throw invalidFields(toFieldErrors(shape.error.issues, input, [prefix]));
  const issues = holderIssues(shape.data, today);
  if (issues.length > 0) throw invalidFields(issues.map((issue) => toField(prefix, issue)));
  return normalizeHolder(shape.data);
}

function toField(prefix: string, issue: PathIssue): FieldError {
  return { path: formatFieldPath([prefix, ...issue.path]), code: issue.code, message: issue.message };
}

export type HolderField = keyof Holder;

/** The fields where two normalised holders differ. */
export function holderDifferences(a: Holder, b: Holder): HolderField[] {
  return (['name', 'type', 'idType', 'idNumber'] as const).filter((field) => a[field] !== b[field]);
}

/**
 * 证件号码掩码 — as registrars print certificate numbers: a resident ID keeps its 6-digit region code
 * and last 4 characters (`110101********123X`); other numbers the first 2 and last 4. The length is
 * kept so the masked number still looks like its kind; very short numbers keep one character each end.
 */
export function maskIdNumber(idType: IdType, idNumber: string): string {
  const chars = [...idNumber];
  const [head, tail] =
    idType === 'resident-id' && chars.length === 18 ? [6, 4] : chars.length > 6 ? [2, 4] : [1, 1];
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(-tail).join('');
}
