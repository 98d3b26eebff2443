/**
 * 备案号 — reading the numbers MIIT's filing records carry, with the bureau (管局) that issued each taken
 * from its 简称 in data/provinces.json. Pure: the prefix table comes in, nothing is looked up.
 *
 * Three forms name a filed subject, and each takes `-N` for one of its websites:
 * - 主体备案号 `京ICP备2021000001号` (10 digits since 2019, 8 before): what the sandbox issues.
 * - 经营性 ICP 许可证 `京ICP证030173号` (6 digits): MIIT's public query lists baidu.com as mainLicence
 *   京ICP证030173号, serviceLicence 京ICP证030173号-1 (data/provinces.json, 北京).
 * - 增值电信业务经营许可证 `粤B2-20090059` (YYYY + 4 digits): qq.com is mainLicence 粤B2-20090059,
 *   serviceLicence 粤B2-20090059-5 (data/provinces.json, 广东). The licence must cover B2, the category
 *   that holds B25 信息服务业务 in 电信业务分类目录（2015年版）; a combined `B1.B2` licence does.
 *
 * Refused with their own reasons, since people copy them from footers: licences without a 简称
 * (`A2.B1.B2-20090001`, `合字B1.B2-20130004`), which MIIT issues for several provinces and which sites
 * show beside their filing number, not as it (京ICP备20018813号-3 beside A2.B1.B2-20202637 on
 * volcengine.com); licences outside B2 (`浙D3-20210002` is a registrar's); app and mini-program numbers
 * (`粤B2-20090059-1626X`); 简称 no bureau uses.
 */
import type { Localized } from '../shared/index.ts';
import type { Province } from './types.ts';

/** 备案号形式 — 主体备案号 (ICP备), 经营性 ICP 许可证 (ICP证) or 增值电信业务经营许可证 (B2-). */
export type IcpNumberForm = 'filing' | 'icp-licence' | 'telecom-licence';

/** 备案号 — a subject's number, or a website's (the subject's number and `-N`), as MIIT writes it. */
export type IcpNumber = {
  /** The whole number in its one written form: no spaces, half-width, `ICP` and `B2` upper case, 号 kept. */
  text: string;
  form: IcpNumberForm;
  /** The 简称 it starts with (`京`, `川`). */
  prefix: string;
  /** GB/T 2260 code of the bureau that issued it. */
  province: string;
  /** The subject's number: `text` itself for a subject, the part before `-N` for a website. */
  subjectNumber: string;
} & ({ kind: 'subject' } | { kind: 'website'; websiteSeq: number });

/** Why a text is not a number this system reads. */
export type IcpNumberProblem =
  | 'not-a-number'
  | 'unknown-prefix'
  | 'cross-region-licence'
  | 'not-an-icp-licence'
  | 'app-number'
  | 'sequence';

/** The number, or the problem with a zh/en reason phrased to follow a field name ("subjectNumber …"). */
export type IcpNumberReading =
  { ok: true; number: IcpNumber } | { ok: false; problem: IcpNumberProblem; reason: Localized };

type Bureau = { code: string; name: string; pinyin: string; icpPrefix: string };

/** 简称 → bureau: of filing numbers (icpPrefix only) and of licence numbers (icpPrefix and licencePrefix). */
export type IcpPrefixTable = {
  readonly filing: ReadonlyMap<string, Bureau>;
  readonly licence: ReadonlyMap<string, Bureau>;
};

type PrefixSource = Pick<Province, 'code' | 'name' | 'pinyin' | 'icpPrefix' | 'licencePrefix'>;

/** Builds the table; a 简称 claimed by two provinces is broken data (plain Error). */
export function icpPrefixTable(provinces: readonly PrefixSource[]): IcpPrefixTable {
  const filing = new Map<string, Bureau>();
  const licence = new Map<string, Bureau>();
  const claim = (map: Map<string, Bureau>, prefix: string, bureau: Bureau) => {
    const other = map.get(prefix);
    if (other && other.code !== bureau.code)
      throw new Error(`ICP prefix "${prefix}" is claimed by ${other.code} and ${bureau.code}`);
    map.set(prefix, bureau);
  };
  for (const p of provinces) {
    const bureau = { code: p.code, name: p.name, pinyin: p.pinyin, icpPrefix: p.icpPrefix };
    claim(filing, p.icpPrefix, bureau);
    claim(licence, p.icpPrefix, bureau);
    if (p.licencePrefix !== undefined) claim(licence, p.licencePrefix, bureau);
  }
  return { filing, licence };
}

/** Longer than any number with room for spaces; anything longer is not one (and is not normalised). */
const MAX_INPUT = 128;
const SEQUENCE = /^[1-9]\d{0,5}$/;
const HAN = String.raw`(\p{Script=Han})`;
// `-N` of a website; an `X` after N marks an app or mini-program (粤B2-20090059-1626X).
const TAIL = String.raw`(?:-(\d+)(X)?)?`;
const FILING = new RegExp(`^${HAN}ICP备(\\d{8}|\\d{10})号?${TAIL}$`, 'u');
const ICP_LICENCE = new RegExp(`^${HAN}ICP证(\\d{6})号?${TAIL}$`, 'u');
const CATEGORIES = String.raw`([A-Z]\d(?:\.[A-Z]\d)*)`;
const TELECOM_LICENCE = new RegExp(`^${HAN}${CATEGORIES}-(\\d{8})${TAIL}$`, 'u');
const CROSS_REGION = new RegExp(`^(?:合字)?${CATEGORIES}-(\\d{8})${TAIL}$`, 'u');
const DASHES = /[\u2010-\u2015\u2212]/gu;

const EXPECTED: Localized = {
  zh: '京ICP备2021000001号、京ICP证030173号 或 粤B2-20090059，网站的号码再加 -1、-2…',
  en: '京ICP备2021000001号, 京ICP证030173号 or 粤B2-20090059, with -1, -2… for a website',
};

const fail = (problem: IcpNumberProblem, reason: Localized): IcpNumberReading => ({
  ok: false,
  problem,
  reason,
});

const NOT_A_NUMBER = fail('not-a-number', {
  zh: `不是备案号（应为 ${EXPECTED.zh}）`,
  en: `is not an ICP number (expected ${EXPECTED.en})`,
});

const title = (pinyin: string): string => pinyin.charAt(0).toUpperCase() + pinyin.slice(1);

const WIDE = /[\u3000\uFF01-\uFF5E]/u;

/** Spaces removed, full-width forms folded (NFKC, only where there are any), dashes to `-`, Latin upper case. */
function normalise(text: string): string {
  return (WIDE.test(text) ? text.normalize('NFKC') : text)
    .replace(/\s+/gu, '')
    .replace(DASHES, '-')
    .replace(/[a-z]/g, (c) => c.toUpperCase());
}

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/**
 * The number as the stores and the sandbox write it (`浙ICP备2021000001号`, `…号-1`): already in its one
 * written form, so it is read character by character, without normalising or regular expressions, into
 * the reading the full path below gives; anything else (spaces, full-width forms, licences, an `X`, a
 * doubtful sequence) returns null and takes the full path. Every check of a filed domain reads its
 * number for the bureau, and the full path cost more than the rest of such a check.
 */
function readWrittenFiling(text: string, prefixes: IcpPrefixTable): IcpNumberReading | null {
  const first = text.charCodeAt(0);
  // The 简称 of data/provinces.json are CJK unified ideographs (Script=Han, one code unit).
  if (first < 0x4e00 || first > 0x9fff) return null;
  if (text.charCodeAt(1) !== 0x49 || text.charCodeAt(2) !== 0x43 || text.charCodeAt(3) !== 0x50) return null;
  if (text.charCodeAt(4) !== 0x5907 /* 备 */) return null;
  let i = 5;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  if (i !== 13 && i !== 15) return null;
  if (text.charCodeAt(i) !== 0x53f7 /* 号 */) return null;
  const subjectEnd = i + 1;
  let seqText: string | undefined;
  if (subjectEnd < text.length) {
    // SEQUENCE: 1–999999 without a leading zero, and nothing after it.
    if (text.charCodeAt(subjectEnd) !== 0x2d || text.length - subjectEnd - 1 > 6) return null;
    const lead = text.charCodeAt(subjectEnd + 1);
    if (!(lead >= 0x31 && lead <= 0x39)) return null; // NaN too: nothing after the dash
    for (let j = subjectEnd + 2; j < text.length; j++) if (!isDigit(text.charCodeAt(j))) return null;
    seqText = text.slice(subjectEnd + 1);
  }
  const prefix = text.charAt(0);
  const bureau = prefixes.filing.get(prefix);
  if (!bureau) return null;
  const subjectNumber = seqText === undefined ? text : text.slice(0, subjectEnd);
  const number: IcpNumber =
    seqText === undefined
      ? { form: 'filing', prefix, province: bureau.code, subjectNumber, kind: 'subject', text }
      : {
          form: 'filing',
          prefix,
          province: bureau.code,
          subjectNumber,
          kind: 'website',
          websiteSeq: Number(seqText),
          text,
        };
  return { ok: true, number };
}

/** Reads a subject or website number; never throws, whatever the text. */
export function parseIcpNumber(text: string, prefixes: IcpPrefixTable): IcpNumberReading {
  if (text.length > MAX_INPUT) return NOT_A_NUMBER;
  const written = readWrittenFiling(text, prefixes);
  if (written !== null) return written;
  const value = normalise(text);

  const filing = FILING.exec(value);
  const icpLicence = filing ? null : ICP_LICENCE.exec(value);
  const telecom = filing || icpLicence ? null : TELECOM_LICENCE.exec(value);
  if (!filing && !icpLicence && !telecom) {
    const cross = CROSS_REGION.exec(value);
    if (cross)
      return fail('cross-region-licence', {
        zh: `是不带省份简称的跨地区许可证号（${cross[1] ?? ''}-${cross[2] ?? ''}），不是备案号；请填写网站在工信部备案查询中的备案号（${EXPECTED.zh}）`,
        en: `is a cross-region licence without a province prefix (${cross[1] ?? ''}-${cross[2] ?? ''}), not an ICP number; give the website's number from MIIT's public query (${EXPECTED.en})`,
      });
    return NOT_A_NUMBER;
  }

  const match = (filing ?? icpLicence ?? telecom) as RegExpExecArray;
  const prefix = match[1] as string;
  const form: IcpNumberForm = filing ? 'filing' : icpLicence ? 'icp-licence' : 'telecom-licence';
  const categories = telecom ? (telecom[2] as string) : null;
  const digits = (telecom ? telecom[3] : match[2]) as string;
  const seqText = telecom ? telecom[4] : match[3];
  const app = telecom ? telecom[5] : match[4];

  if (categories !== null && !categories.split('.').includes('B2'))
    return fail('not-an-icp-licence', {
      zh: `是 ${categories} 类许可证号，不涵盖互联网信息服务（B2 类），不能作为备案号；请填写网站的备案号（${EXPECTED.zh}）`,
      en: `is a ${categories} licence, which does not cover internet information services (category B2), so it is not an ICP number; give the website's number (${EXPECTED.en})`,
    });
  if (app !== undefined)
    return fail('app-number', {
      zh: '是 App 或小程序的备案号（以 X 结尾），不是网站的备案号',
      en: 'is the number of an app or mini-program (it ends in X), not of a website',
    });
  if (seqText !== undefined && !SEQUENCE.test(seqText))
    return fail('sequence', {
      zh: `的网站序号 -${seqText} 无效（应为 1 到 999999，不以 0 开头）`,
      en: `has an invalid website sequence -${seqText} (1 to 999999, no leading zero)`,
    });

  const bureau = (form === 'filing' ? prefixes.filing : prefixes.licence).get(prefix);
  if (!bureau) {
    const licenceOf = prefixes.licence.get(prefix);
    return fail(
      'unknown-prefix',
      licenceOf
        ? {
            zh: `的省份简称「${prefix}」只用于许可证号；${licenceOf.name}的备案号以「${licenceOf.icpPrefix}ICP备」开头`,
            en: `prefix ${prefix} is used only on licence numbers; filing numbers of ${title(licenceOf.pinyin)} (${licenceOf.name}) begin ${licenceOf.icpPrefix}ICP备`,
          }
        : {
            zh: `的省份简称「${prefix}」不是任何管局的简称（应为 ${[...prefixes.filing.keys()].join('')} 之一）`,
            en: `prefix ${prefix} is not the short name of any bureau (one of ${[...prefixes.filing.keys()].join('')})`,
          },
    );
  }

  const subjectNumber =
    form === 'filing'
      ? `${prefix}ICP备${digits}号`
      : form === 'icp-licence'
        ? `${prefix}ICP证${digits}号`
        : `${prefix}${categories ?? ''}-${digits}`;
  const base = { form, prefix, province: bureau.code, subjectNumber };
  const number: IcpNumber =
    seqText === undefined
      ? { ...base, kind: 'subject', text: subjectNumber }
      : {
          ...base,
          kind: 'website',
          websiteSeq: Number(seqText),
          text: `${subjectNumber}-${seqText}`,
        };
  return { ok: true, number };
}
