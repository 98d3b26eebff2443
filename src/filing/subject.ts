/**
 * 主体 — the filing subject (主办单位/主办者) and its responsible person (负责人) as applicants enter them,
 * one zod schema for the API, web forms and CLI. Field rules follow providers' subject forms (Kingsoft
 * Cloud docs.ksyun.com/documents/37803, 2020-08-11; Volcengine volcengine.com/docs/6428/68745);
 * certificate numbers are checked by `certificates.ts`. Output values are normalised (trimmed, ID numbers
 * folded, province as its GB/T 2260 code) with `.overwrite`, so the schemas stay representable as JSON
 * Schema for the OpenAPI document.
 */
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import type { Province } from '../policy/index.ts';
import { ID_TYPES, SUBJECT_TYPES, type IdType, type SubjectType } from '../policy/index.ts';
import { SUBJECT_TYPE_LABELS } from '../policy/index.ts';
import { ID_TYPE_LABELS, normalizeIdNumber, validateCertificate } from './certificates.ts';
import { addFieldIssue, fieldIssue, onObjects, type Localized, type PathIssue } from './field-errors.ts';

/** Certificates a natural person holds: 身份证, 护照, 台胞证, 港澳通行证, 外国人永久居留身份证 (Inspur Cloud). */
export const PERSON_ID_TYPES = [
  'resident-id',
  'passport',
  'hk-mo-permit',
  'tw-permit',
  'foreign-pr',
] as const;

/**
 * 主办单位证件类型 by 主办单位性质 (Inspur Cloud's filing form, trylang/opration-beian-angular). Organisations carry
 * the unified social credit code since GB 32100 (2015); the organisation code (组织机构代码) stays
 * allowed because a domain's real-name record may still carry it and the two must match (工信部信管〔2017〕264号).
 */
export const ID_TYPES_BY_SUBJECT: Record<SubjectType, readonly IdType[]> = {
  individual: PERSON_ID_TYPES,
  enterprise: ['uscc', 'org-code'],
  government: ['uscc', 'org-code'],
  institution: ['institution-cert', 'uscc', 'org-code'],
  'social-group': ['social-group-cert', 'uscc', 'org-code'],
  'private-non-enterprise': ['uscc', 'org-code'],
  foundation: ['uscc', 'org-code'],
  'law-firm': ['uscc', 'org-code'],
  military: ['uscc', 'org-code'],
};

export { SUBJECT_TYPE_LABELS } from '../policy/index.ts';

/**
 * The registration authority (first character of a USCC, GB 32100-2015) each nature registers with:
 * 9 市场监管 for enterprises (incl. 个体工商户 and co-operatives), 1 机构编制 for government bodies and
 * public institutions, 5 民政 for social organisations, private non-enterprise units and foundations,
 * 3 司法行政 for law firms, A 军委编制 for the military. Social organisations managed directly by the
 * central establishment office carry 13, and military public institutions A1.
 */
const USCC_AUTHORITY_BY_SUBJECT: Partial<Record<SubjectType, string>> = {
  enterprise: '9',
  government: '1',
  institution: '1A',
  'social-group': '15',
  'private-non-enterprise': '5',
  foundation: '5',
  'law-firm': '3',
  military: 'A1',
};

/** Control, format (zero-width), private-use and unassigned characters, and line/paragraph separators. */
const CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;
/** Middle-dot look-alikes people type in minority and foreign names; stored as U+00B7. */
const DOT_VARIANTS = /[•・･‧∙⋅]/g;

type Issue = PathIssue;

/** Trimmed text; length bounds count characters (code points), as forms show them. */
export function textIssues(
  value: string,
  field: Localized,
  path: PropertyKey[],
  min: number,
  max: number,
): Issue[] {
  const length = [...value].length;
  if (length === 0) return [fieldIssue(path, 'REQUIRED', { field })];
  if (CONTROL.test(value)) return [fieldIssue(path, 'CONTROL_CHARACTER', { field })];
  if (length < min) return [fieldIssue(path, 'TOO_SHORT', { field, min })];
  if (length > max) return [fieldIssue(path, 'TOO_LONG', { field, max })];
  return [];
}

/**
 * A person's name. With a resident ID: 2–30 Chinese characters, `·` between parts of minority names;
 * "no spaces, digits or punctuation for people" (Kingsoft Cloud docs.ksyun.com/documents/37803). With other
 * certificates the name is as printed on it, Latin letters and single spaces included.
 */
export function personNameIssues(
  name: string,
  idType: IdType,
  field: Localized,
  path: PropertyKey[],
): Issue[] {
  if (idType === 'resident-id') {
    const base = textIssues(name, field, path, 2, 30);
    if (base.length > 0) return base;
    return /^\p{Script=Han}+(·\p{Script=Han}+)*$/u.test(name)
      ? []
      : [fieldIssue(path, 'PERSON_NAME_CHARACTERS', { field })];
  }
  const base = textIssues(name, field, path, 2, 60);
  if (base.length > 0) return base;
  return /^[\p{Script=Han}\p{Script=Latin}]+([ ·.'-][\p{Script=Han}\p{Script=Latin}]+)*\.?$/u.test(name)
    ? []
    : [fieldIssue(path, 'PERSON_NAME_AS_PRINTED', { field })];
}

const MOBILE = /^1[3-9]\d{9}$/;
/** Mainland landline: area code 0XX/0XXX, 7–8 digits, optional extension. */
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;

/** Whether a folded number (`normalizePhone`) is an 11-digit mainland mobile number. */
export function isMainlandMobile(phone: string): boolean {
  return MOBILE.test(phone);
}

/** Folds a phone number: full-width digits, spaces, a +86/0086 country prefix on mobiles. */
export function normalizePhone(phone: string): string {
  const p = phone.normalize('NFKC').replace(/[\s()（）]/g, '');
  const mobile = /^(?:\+?86|0086)-?(1\d{10})$/.exec(p);
  return mobile?.[1] ?? p;
}

/**
 * WHATWG HTML "valid e-mail address" (the input type=email rule): atext local part, LDH labels of at
 * most 63 characters. It refuses quotes, angle brackets and spaces, which the old pattern let through
 * to be stored as markup (issue 12).
 */
const WHATWG_EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const MAX_EMAIL_LENGTH = 100;

/**
 * A filing contact's address: WHATWG's rule on the A-label form of the domain (browsers' email inputs
 * convert an IDN domain the same way, so `wang@示例.中国` stays valid), with a dot and a top-level
 * label that is not all digits (an address MIIT can write to on the public internet), at most 100
 * characters.
 */
export function isValidEmail(email: string): boolean {
  if (email.length > MAX_EMAIL_LENGTH) return false;
  const at = email.lastIndexOf('@');
  if (at <= 0) return false;
  const domain = email.slice(at + 1);
  const ascii = /^[\x21-\x7e]*$/.test(domain) ? domain : domainToASCII(domain);
  const address = `${email.slice(0, at)}@${ascii}`;
  const top = ascii.split('.').at(-1) ?? '';
  return WHATWG_EMAIL.test(address) && ascii.includes('.') && top.length >= 2 && !/^\d+$/.test(top);
}

const LABELS = {
  personName: { zh: '负责人姓名', en: "responsible person's name" },
  mobile: { zh: '负责人手机号码', en: "responsible person's mobile number" },
  emergencyPhone: { zh: '应急联系电话', en: 'emergency phone number' },
  email: { zh: '电子邮箱', en: 'email address' },
  subjectName: { zh: '主办单位名称', en: 'subject name' },
  certificateAddress: { zh: '证件住所', en: 'certificate address' },
  mailingAddress: { zh: '通讯地址', en: 'mailing address' },
  remarks: { zh: '备注', en: 'remarks' },
} satisfies Record<string, Localized>;

export type SchemaOptions = {
  /** Asia/Shanghai `YYYY-MM-DD` bounding birth dates in ID numbers; default today. */
  today?: string;
};

/** Input fields as they may arrive when zod already found a type error elsewhere in the object. */
type Loose = Partial<Record<string, unknown>>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | null =>
  typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : null;

function personIssues(p: Loose, options: SchemaOptions): Issue[] {
  const issues: Issue[] = [];
  const idType = oneOf(PERSON_ID_TYPES, p.idType);
  const name = str(p.name);
  if (name !== null && idType !== null) {
    issues.push(
      ...personNameIssues(name.trim().replace(DOT_VARIANTS, '·'), idType, LABELS.personName, ['name']),
    );
  }
  const idNumber = str(p.idNumber);
  if (idNumber !== null && idType !== null) {
    const cert = validateCertificate(idType, idNumber, options.today);
    if (!cert.ok) issues.push(fieldIssue(['idNumber'], 'ID_NUMBER_INVALID', cert));
  }
  const mobile = str(p.mobile) === null ? null : normalizePhone(str(p.mobile) ?? '');
  if (mobile !== null && !MOBILE.test(mobile)) {
    issues.push(fieldIssue(['mobile'], 'MOBILE_INVALID', { field: LABELS.mobile }));
  }
  const emergency = str(p.emergencyPhone) === null ? null : normalizePhone(str(p.emergencyPhone) ?? '');
  if (emergency !== null && !MOBILE.test(emergency) && !LANDLINE.test(emergency)) {
    issues.push(fieldIssue(['emergencyPhone'], 'PHONE_INVALID', { field: LABELS.emergencyPhone }));
  } else if (emergency !== null && emergency === mobile) {
    // Volcengine docs 6428/68745: the emergency number must be another number than the mobile.
    issues.push(fieldIssue(['emergencyPhone'], 'EMERGENCY_PHONE_SAME_AS_MOBILE'));
  }
  const email = str(p.email)?.trim() ?? null;
  if (email !== null && !isValidEmail(email)) {
    issues.push(fieldIssue(['email'], 'EMAIL_INVALID', { field: LABELS.email }));
  }
  return issues;
}

/** 负责人 — a responsible person (主体负责人 or 网站负责人). */
export function makePersonSchema(options: SchemaOptions = {}) {
  return z
    .strictObject({
      name: z.string().trim(),
      idType: z.enum(PERSON_ID_TYPES),
      idNumber: z.string(),
      mobile: z.string(),
      emergencyPhone: z.string(),
      email: z.string().trim(),
    })
    .superRefine(
      (value, ctx) => {
        for (const i of personIssues(value, options)) addFieldIssue(ctx, i.path, i.code, i.message);
      },
      // Run even when another field has a type error, so a form shows every error at once.
      onObjects,
    )
    .overwrite((p) => {
      const cert = validateCertificate(p.idType, p.idNumber, options.today);
      return {
        ...p,
        name: p.name.replace(DOT_VARIANTS, '·'),
        idNumber: cert.ok ? cert.normalized : normalizeIdNumber(p.idNumber),
        mobile: normalizePhone(p.mobile),
        emergencyPhone: normalizePhone(p.emergencyPhone),
      };
    });
}
export type ResponsiblePerson = z.output<ReturnType<typeof makePersonSchema>>;

/** Addresses down to the door number, without PO boxes or markup (Kingsoft Cloud, Volcengine docs). */
function addressIssues(address: string, field: Localized, path: PropertyKey[], mailing: boolean): Issue[] {
  const base = textIssues(address, field, path, 5, 200);
  if (base.length > 0) return base;
  if (/[<>"'`\\{}[\]|^~$@]/.test(address)) {
    return [fieldIssue(path, 'ADDRESS_CHARACTERS', { field })];
  }
  if (mailing && /信箱|P\.?\s*O\.?\s*BOX/i.test(address)) {
    return [fieldIssue(path, 'ADDRESS_PO_BOX', { field })];
  }
  return [];
}

export type SubjectSchemaOptions = SchemaOptions & {
  /** Resolves a province name, code or ICP prefix: `loadPolicy().findProvince`. */
  findProvince: (query: string) => Province | null;
};

/** 主体 FilingSubject: nature, certificate, name, province, addresses, 主体负责人. */
export function makeSubjectSchema(options: SubjectSchemaOptions) {
  return z
    .strictObject({
      type: z.enum(SUBJECT_TYPES),
      idType: z.enum(ID_TYPES),
      idNumber: z.string(),
      name: z.string().trim(),
      province: z.string().trim(),
      certificateAddress: z.string().trim(),
      mailingAddress: z.string().trim(),
      responsiblePerson: makePersonSchema(options),
      remarks: z.string().trim().optional(),
    })
    .superRefine((value, ctx) => {
      for (const i of subjectIssues(value, options)) addFieldIssue(ctx, i.path, i.code, i.message);
    }, onObjects)
    .overwrite((s) => {
      const cert = validateCertificate(s.idType, s.idNumber, options.today);
      return {
        ...s,
        idNumber: cert.ok ? cert.normalized : normalizeIdNumber(s.idNumber),
        name: s.type === 'individual' ? s.name.replace(DOT_VARIANTS, '·') : s.name,
        province: options.findProvince(s.province)?.code ?? s.province,
      };
    });
}
export type FilingSubject = z.output<ReturnType<typeof makeSubjectSchema>>;

function subjectIssues(s: Loose, options: SubjectSchemaOptions): Issue[] {
  const issues: Issue[] = [];
  const type = oneOf(SUBJECT_TYPES, s.type);
  const idType = oneOf(ID_TYPES, s.idType);
  const idNumber = str(s.idNumber);
  if (type !== null && idType !== null && idNumber !== null)
    issues.push(...certificateIssues(type, idType, idNumber, options));
  const name = str(s.name)?.trim() ?? null;
  if (type === 'individual' && name !== null && idType !== null) {
    issues.push(
      ...personNameIssues(
        name.replace(DOT_VARIANTS, '·'),
        idType,
        { zh: '主办者姓名', en: "subject's name" },
        ['name'],
      ),
    );
  } else if (type !== null && type !== 'individual' && name !== null) {
    issues.push(...textIssues(name, LABELS.subjectName, ['name'], 2, 100));
  }
  const province = str(s.province)?.trim() ?? null;
  if (province !== null && (province === '' || options.findProvince(province) === null)) {
    issues.push(fieldIssue(['province'], 'PROVINCE_UNKNOWN', { province: province.slice(0, 20) }));
  }
  const certificateAddress = str(s.certificateAddress)?.trim() ?? null;
  if (certificateAddress !== null)
    issues.push(
      ...addressIssues(certificateAddress, LABELS.certificateAddress, ['certificateAddress'], false),
    );
  const mailingAddress = str(s.mailingAddress)?.trim() ?? null;
  if (mailingAddress !== null)
    issues.push(...addressIssues(mailingAddress, LABELS.mailingAddress, ['mailingAddress'], true));
  const remarks = str(s.remarks)?.trim() ?? '';
  if (remarks !== '') issues.push(...textIssues(remarks, LABELS.remarks, ['remarks'], 1, 200));
  return issues;
}

/** The certificate type allowed for the nature, its number, and a USCC's authority against the nature. */
function certificateIssues(
  type: SubjectType,
  idType: IdType,
  idNumber: string,
  options: SchemaOptions,
): Issue[] {
  const nature = SUBJECT_TYPE_LABELS[type];
  const allowed = ID_TYPES_BY_SUBJECT[type];
  if (!allowed.includes(idType)) {
    const zh = allowed.map((t) => ID_TYPE_LABELS[t].zh).join('、');
    const en = allowed.map((t) => ID_TYPE_LABELS[t].en).join(', ');
    return [fieldIssue(['idType'], 'ID_TYPE_NOT_ALLOWED', { nature, allowed: { zh, en } })];
  }
  const cert = validateCertificate(idType, idNumber, options.today);
  if (!cert.ok) return [fieldIssue(['idNumber'], 'ID_NUMBER_INVALID', cert)];
  const authority = cert.normalized[0] ?? '';
  const authorities = USCC_AUTHORITY_BY_SUBJECT[type];
  if (idType === 'uscc' && authorities !== undefined && !authorities.includes(authority)) {
    return [fieldIssue(['idNumber'], 'USCC_KIND_MISMATCH', { authority, nature })];
  }
  return [];
}
