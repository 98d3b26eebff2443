/**
 * 证件号码校验 — certificate numbers as applicants type them: normalised (NFKC folds full-width digits
 * and brackets, spaces go, letters upper-case) and checked with the check character of their standard.
 * A wrong number is caught here rather than by the bureau weeks later (Alibaba Cloud's 验证备案类型:
 * "exactly as on the certificate; an ID card's X must be upper-case" — beian upper-cases it for you).
 */
import { shanghaiDate } from '../shared/index.ts';
import type { IdType } from '../policy/index.ts';
import { fieldMessage, type Localized } from './field-errors.ts';

/** A wrong number's `message`, and the parts `ID_NUMBER_INVALID` builds it from. */
export type CertificateProblem = { certificate: Localized; problem: Localized };
export type CertificateResult =
  { ok: true; normalized: string } | ({ ok: false; message: Localized } & CertificateProblem);

function problem(certificate: Localized, zh: string, en: string): CertificateResult {
  const parts = { certificate, problem: { zh, en } };
  return { ok: false, ...parts, message: fieldMessage('ID_NUMBER_INVALID', parts) };
}

/** 证件类型 names as the forms show them. */
export const ID_TYPE_LABELS: Record<IdType, Localized> = {
  'resident-id': { zh: '居民身份证号码', en: 'resident ID number' },
  uscc: { zh: '统一社会信用代码', en: 'unified social credit code' },
  'org-code': { zh: '组织机构代码', en: 'organisation code' },
  passport: { zh: '护照号码', en: 'passport number' },
  'hk-mo-permit': {
    zh: '港澳居民来往内地通行证号码',
    en: 'Mainland Travel Permit for HK/Macao Residents number',
  },
  'tw-permit': { zh: '台湾居民来往大陆通行证号码', en: 'Mainland Travel Permit for Taiwan Residents number' },
  'foreign-pr': { zh: '外国人永久居留身份证号码', en: 'Foreign Permanent Resident ID Card number' },
  'institution-cert': {
    zh: '事业单位法人证书号（统一社会信用代码）',
    en: 'public institution certificate number (USCC)',
  },
  'social-group-cert': {
    zh: '社会团体法人登记证书号（统一社会信用代码）',
    en: 'social organisation certificate number (USCC)',
  },
};

const fail = (idType: IdType, zh: string, en: string): CertificateResult => {
  return problem(ID_TYPE_LABELS[idType], zh, en);
};

/**
 * Province-level prefixes of GB/T 2260 (the first two digits of an address or region code), plus 71
 * (Taiwan), 81/82 (Hong Kong/Macao) and 83, used by residence permits of HK/Macao/Taiwan residents
 * (港澳台居民居住证, numbered like resident IDs). Finer codes change with every redistricting and old IDs
 * keep old codes, so only the province is checked.
 */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]); // prettier-ignore

/** ISO 7064 MOD 11-2 weights 2^(17−i) mod 11 (GB 11643-1999 §8.2). */
const MOD11_2_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The GB 11643 check character of 17 digits: `0`–`9` or `X` (for 10). */
function residentIdCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body.charCodeAt(i) - 48) * (MOD11_2_WEIGHTS[i] ?? 0);
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** True when `yyyymmdd` is a real calendar day from 1800 (GB 11643's century digits 18/19/20) to `today`. */
function validBirthDate(yyyymmdd: string, today: string): boolean {
  const iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return (
    !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === iso && iso >= '1800-01-01' && iso <= today
  );
}

/** 18-digit number with address code, birth date and MOD 11-2 check (GB 11643-1999; also the 2023 PR card). */
function checkGb11643(idType: IdType, id: string, today: string): CertificateResult {
  if (/^\d{15}$/.test(id)) {
    return fail(
      idType,
      '是 15 位旧号码，请填写 18 位号码',
      'has 15 digits (the old format); enter the 18-digit number',
    );
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return fail(
      idType,
      '应为 18 位：17 位数字加 1 位数字或 X',
      'must be 18 characters: 17 digits and a digit or X',
    );
  }
  if (!PROVINCE_PREFIXES.has(id.slice(idType === 'foreign-pr' ? 1 : 0, idType === 'foreign-pr' ? 3 : 2))) {
    return fail(idType, '的地区码无效', 'has an invalid region code');
  }
  // Both layouts keep the birth date at characters 7–14 (the 2023 PR card moves the region behind a 9).
  const birth = id.slice(6, 14);
  if (!validBirthDate(birth, today)) {
    return fail(idType, `中的出生日期 ${birth} 无效`, `contains an invalid birth date ${birth}`);
  }
  const expected = residentIdCheckChar(id);
  if (id[17] !== expected) {
    return fail(idType, '的校验码不正确，请核对号码', 'has a wrong check digit; check the number');
  }
  return { ok: true, normalized: id };
}

/** GB 32100-2015 character set: digits and upper-case letters without I, O, S, V, Z. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100 check character (MOD 31) of the first 17 characters. */
export function usccCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(body[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] ?? '';
}

/**
 * 登记管理部门代码 (first character) as assigned under GB 32100-2015: 1 机构编制, 2 外交, 3 司法行政,
 * 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 市场监管（工商）, A 中央军委改革和编制办公室, N 农业, Y 其他.
 * 机构类别代码 (second character) is 1–9 under every authority (9 = 其他).
 */
const USCC_AUTHORITIES = '123456789ANY';

function checkUscc(idType: IdType, id: string): CertificateResult {
  if (id.length !== 18)
    return fail(idType, `应为 18 位，现为 ${id.length} 位`, `must have 18 characters, not ${id.length}`);
  const bad = [...id].find((c) => !USCC_CHARS.includes(c));
  if (bad !== undefined) {
    return fail(
      idType,
      `含有不允许的字符“${bad}”（不使用 I、O、S、V、Z）`,
      `contains "${bad}", which is not allowed (I, O, S, V, Z are never used)`,
    );
  }
  if (!USCC_AUTHORITIES.includes(id[0] ?? '') || !/^[1-9]$/.test(id[1] ?? '')) {
    return fail(
      idType,
      '的登记管理部门代码或机构类别代码（前两位）无效',
      'has an invalid registration authority or kind code (first two characters)',
    );
  }
  const region = id.slice(2, 8);
  if (!/^\d{6}$/.test(region) || !(PROVINCE_PREFIXES.has(region.slice(0, 2)) || region === '100000')) {
    return fail(
      idType,
      '的登记管理机关行政区划码（第 3–8 位）无效',
      'has an invalid region code (characters 3–8)',
    );
  }
  // The embedded 主体标识码 (characters 9–17) is not checked against GB 11714: the MOD 31 character
  // already catches every single-character error, and refusing a real code is worse than a second check.
  if (id[17] !== usccCheckChar(id))
    return fail(
      idType,
      '的校验码（第 18 位）不正确，请核对',
      'has a wrong check character (the 18th); check the code',
    );
  return { ok: true, normalized: id };
}

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The GB 11714-1997 check character of an 8-character organisation code body. */
function orgCodeCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body.charCodeAt(i);
    sum += (c <= 57 ? c - 48 : c - 55) * (ORG_CODE_WEIGHTS[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** GB 11714-1997: 8 digits/letters, check character; written `XXXXXXXX-X`, the form beian stores. */
function checkOrgCode(id: string): CertificateResult {
  const m = /^([0-9A-Z]{8})-?([0-9X])$/.exec(id);
  if (!m)
    return fail(
      'org-code',
      '应为 8 位数字或大写字母加 1 位校验码，如 12345678-9',
      'must be 8 digits or letters and a check character, like 12345678-9',
    );
  const [, body = '', check] = m;
  if (check !== orgCodeCheckChar(body))
    return fail('org-code', '的校验码不正确，请核对', 'has a wrong check character; check the code');
  return { ok: true, normalized: `${body}-${check}` };
}

/** What the certificate-bearing USCC types must start with (GB 32100 authority + kind). */
const USCC_KIND: Partial<Record<IdType, { prefixes: string[]; zh: string; en: string }>> = {
  'institution-cert': {
    prefixes: ['12'],
    zh: '事业单位的代码以 12 开头',
    en: "a public institution's code starts with 12",
  },
  'social-group-cert': {
    prefixes: ['51'],
    zh: '社会团体的代码以 51 开头',
    en: "a social organisation's code starts with 51",
  },
};

/** Folds what people type: full-width forms, spaces, lower case. */
export function normalizeIdNumber(idNumber: string): string {
  return idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/**
 * Validates a certificate number of a type. `today` (Asia/Shanghai `YYYY-MM-DD`, default now) bounds
 * birth dates. Never throws: any input, including non-strings from JSON, gives a result.
 */
export function validateCertificate(
  idType: IdType,
  idNumber: string,
  today = shanghaiDate(Date.now()),
): CertificateResult {
  if (typeof idNumber !== 'string' || !(idType in ID_TYPE_LABELS)) {
    return problem({ zh: '证件号码', en: 'certificate number' }, '无效', 'is invalid');
  }
  const id = normalizeIdNumber(idNumber);
  if (id === '') return fail(idType, '不能为空', 'is required');
  if (id.length > 40) return fail(idType, '过长', 'is too long');
  switch (idType) {
    case 'resident-id':
      return checkGb11643(idType, id, today);
    case 'uscc':
      return checkUscc(idType, id);
    case 'institution-cert':
    case 'social-group-cert': {
      // Since GB 32100 (2015) these certificates carry the unified code; older numbers were replaced by 2018.
      const result = checkUscc(idType, id);
      const kind = USCC_KIND[idType];
      if (result.ok && kind && !kind.prefixes.some((p) => id.startsWith(p)))
        return fail(idType, `有误：${kind.zh}`, `is wrong: ${kind.en}`);
      return result;
    }
    case 'org-code':
      return checkOrgCode(id);
    case 'passport':
      // ICAO 9303 document numbers: letters and digits; Chinese passports are E/G + 8 characters.
      return /^[A-Z0-9]{5,20}$/.test(id)
        ? { ok: true, normalized: id }
        : fail(idType, '应为 5–20 位字母或数字', 'must be 5–20 letters or digits');
    case 'hk-mo-permit':
      // 回乡证: H (Hong Kong) or M (Macao) + 8 digits; cards before 2013 add a 2-digit issue count.
      return /^[HM]\d{8}(\d{2})?$/.test(id)
        ? { ok: true, normalized: id }
        : fail(idType, '应为 H 或 M 加 8 位数字', 'must be H or M followed by 8 digits');
    case 'tw-permit':
      // 台胞证: 8 digits since the 2015 card; the old booklet had 10 digits, sometimes with a letter in brackets.
      return /^(\d{8}|\d{10}(\([A-Z]\))?)$/.test(id)
        ? { ok: true, normalized: id }
        : fail(idType, '应为 8 位数字（旧证 10 位）', 'must be 8 digits (10 on old permits)');
    case 'foreign-pr':
      // 2023 card: 18 digits starting with 9, GB 11643 layout and check; 2017 card: 3-letter nationality + 12 digits.
      if (/^[A-Z]{3}\d{12}$/.test(id)) return { ok: true, normalized: id };
      if (!id.startsWith('9'))
        return fail(
          idType,
          '应为 9 开头的 18 位数字（旧证：3 位字母加 12 位数字）',
          'must be 18 digits starting with 9 (old cards: 3 letters and 12 digits)',
        );
      return checkGb11643(idType, id, today);
  }
}
