/**
 * Comparing a domain's real-name holder with the filing subject. MIIT's domain database check compares
 * name, certificate type and certificate number (工信部信管〔2017〕264号; contract "Subject and
 * certificate types"). Folding is limited to what does not change who is named: width forms, bracket
 * forms, surrounding and bracket-adjacent spaces, ASCII case, and the upper-case X of ID numbers.
 */
import type { Identity } from '../facts/index.ts';
import type { IdType } from '../policy/index.ts';
import type { Localized, SubjectInput } from './types.ts';

// U+4E00–U+9FFF and U+3400–U+4DBF have no decomposition (the compatibility ideographs are at U+F900–U+FAFF).
const FOLDED_NAME = /^[\u4e00-\u9fff\u3400-\u4dbfa-z0-9()]*$/;

/** Folds a holder or subject name for comparison: `杭州某某（科技）有限公司 ` ≡ `杭州某某(科技)有限公司`. */
export function foldName(name: string): string {
  // Already folded: every character one that NFKC, trimming, space folding and lower-casing leave as it
  // is (CJK unified ideographs, ASCII lower case, digits, ASCII brackets): the usual company or person
  // name, which then skips four passes over the text.
  if (FOLDED_NAME.test(name)) return name;
  return name
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*([()])\s*/g, '$1')
    .toLowerCase();
}

/** Folds a certificate number: NFKC (full-width digits), no spaces, upper case (resident IDs end in X). */
export function foldIdNumber(idNumber: string): string {
  // Already folded (upper-case ASCII letters and digits): the usual case, skip the NFKC pass. A loop,
  // not a regular expression test: this runs for every filing a bulk check compares with the subject.
  let folded = true;
  for (let i = 0; i < idNumber.length && folded; i++) {
    const c = idNumber.charCodeAt(i);
    folded = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  }
  if (folded) return idNumber;
  return idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

type IdentityField = 'name' | 'idType' | 'idNumber';

/** No field differs: shared, since most holders are the subject and this runs once a domain. */
const NO_DIFFERENCES: readonly IdentityField[] = Object.freeze([]);

/** The fields where a given subject and a holder differ. Fields the subject does not give are not compared. */
export function identityDifferences(
  subject: SubjectInput,
  holder: Identity,
  folded: { subjectName: string | undefined; subjectIdNumber: string | undefined } = {
    subjectName: subject.name === undefined ? undefined : foldName(subject.name),
    subjectIdNumber: subject.idNumber === undefined ? undefined : foldIdNumber(subject.idNumber),
  },
): readonly IdentityField[] {
  // Equal raw strings need no folding: the common case in bulk checks.
  const name =
    subject.name !== undefined &&
    subject.name !== holder.name &&
    folded.subjectName !== foldName(holder.name);
  const idType = subject.idType !== undefined && subject.idType !== holder.idType;
  const idNumber =
    subject.idNumber !== undefined &&
    subject.idNumber !== holder.idNumber &&
    folded.subjectIdNumber !== foldIdNumber(holder.idNumber);
  if (!name && !idType && !idNumber) return NO_DIFFERENCES;
  const fields: IdentityField[] = [];
  if (name) fields.push('name');
  if (idType) fields.push('idType');
  if (idNumber) fields.push('idNumber');
  return fields;
}

export function hasSubject(subject: SubjectInput | null): subject is SubjectInput {
  return (
    subject !== null &&
    (subject.name !== undefined || subject.idNumber !== undefined || subject.idType !== undefined)
  );
}

/** `91330100MA2XXXXXXX` → `9133****XXXX`: enough to recognise, not enough to copy. */
export function maskIdNumber(idNumber: string): string {
  const id = foldIdNumber(idNumber);
  return id.length <= 8 ? `${id.slice(0, 2)}****` : `${id.slice(0, 4)}****${id.slice(-4)}`;
}

/** Another account's name is shown masked: the person checking may not own it. */
export function maskAccount(account: string): string {
  const chars = [...account];
  return chars.length <= 2 ? `${chars[0] ?? ''}***` : `${chars.slice(0, 2).join('')}***`;
}

export const FIELD_LABELS: Record<IdentityField, Localized> = {
  name: { zh: '名称', en: 'name' },
  idType: { zh: '证件类型', en: 'certificate type' },
  idNumber: { zh: '证件号码', en: 'certificate number' },
};

export { SUBJECT_TYPE_LABELS } from '../policy/index.ts';

export const ID_TYPE_LABELS: Record<IdType, Localized> = {
  'resident-id': { zh: '居民身份证', en: 'resident ID card' },
  uscc: { zh: '统一社会信用代码', en: 'unified social credit code' },
  'org-code': { zh: '组织机构代码证', en: 'organisation code certificate' },
  passport: { zh: '护照', en: 'passport' },
  'hk-mo-permit': { zh: '港澳居民来往内地通行证', en: 'Hong Kong/Macao mainland travel permit' },
  'tw-permit': { zh: '台湾居民来往大陆通行证', en: 'Taiwan mainland travel permit' },
  'foreign-pr': { zh: '外国人永久居留身份证', en: 'foreign permanent resident ID' },
  'institution-cert': { zh: '事业单位法人证书', en: 'public institution legal person certificate' },
  'social-group-cert': { zh: '社会团体法人登记证书', en: 'social group registration certificate' },
};

/** Joins localized items: `名称、证件号码` / `name, certificate number`. */
export function joinLocalized(items: readonly Localized[]): Localized {
  let zh = '';
  let en = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Localized;
    zh = i === 0 ? item.zh : `${zh}、${item.zh}`;
    en = i === 0 ? item.en : `${en}, ${item.en}`;
  }
  return { zh, en };
}
