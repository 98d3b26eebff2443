/**
 * 网站备案信息真实性核验单 — the verification sheet as an A4 PDF, from the application's data and its
 * verification outcomes, for the provinces that still ask for a signed copy (data/identity-verification.json
 * `signedSheet`) and as the record of what was verified. Drawn by pdfkit with the Noto CJK font the domain
 * certificates use; like them it never prints tofu: a character the font lacks refuses the sheet with
 * the characters named. Reads no clock and no database: the caller passes the data and the instant.
 */
import PDFDocument from 'pdfkit';
import { findCjkFont, loadCjkFont } from '../registrar/index.ts';
import { LocalizedError, shanghaiDate } from '../shared/index.ts';

/** One verified (or not yet verified) person on the sheet. */
export type SheetPerson = {
  name: string;
  /** Masked by the caller (`110101********123X`). */
  idNumberMasked: string;
  /** Where the application names them: 主体负责人, 网站负责人（网站名）… */
  roles: string[];
  /** 已通过 (date, vendor reference) or 未完成. */
  outcome: string;
};

/** 核验单 — what the sheet shows. */
export type VerificationSheetData = {
  applicationId: number;
  provinceName: string;
  subjectName: string;
  subjectType: string;
  subjectIdType: string;
  subjectIdNumber: string;
  websites: { name: string; domains: string[] }[];
  apps: string[];
  method: string;
  declarations: string[];
  persons: SheetPerson[];
  printedAt: Date;
};

export class SheetGlyphsMissingError extends LocalizedError {}

const TITLE = '网站备案信息真实性核验单';
const TITLE_EN = 'Verification sheet of website filing information';
const FIXED = [
  '主办者信息 Subject',
  '网站信息 Websites',
  'APP信息 Apps',
  '核验情况 Verification',
  '核验方式 Method',
  '签署的声明 Declarations signed',
  '主办者（负责人）签字 / 盖章 Signature or seal of the subject',
  '接入服务商核验人签字 Signature of the provider’s verifier',
  '日期 Date',
  '申请编号 Application no.',
  '备案省份 Province',
  '名称 Name',
  '性质 Type',
  '证件 Certificate',
  '域名 Domains',
  '无 None',
  '本核验单由备案系统根据申请数据生成；手写修改无效。',
  'Generated from the application’s data; handwritten changes are void.',
  '打印日期 Printed',
];

function glyphCheck(has: (cp: number) => boolean, texts: string[]): void {
  const missing = new Set<string>();
  for (const text of texts)
    for (const ch of text) if (!/\s/u.test(ch) && !has(ch.codePointAt(0) ?? 0)) missing.add(ch);
  if (missing.size === 0) return;
  const list = [...missing]
    .map((ch) => `「${ch}」U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase()}`)
    .join('、');
  throw new SheetGlyphsMissingError({
    zh: `无法生成核验单：字体缺少字符 ${list}。请更换含这些字符的字体（BEIAN_CJK_FONT）后重试。`,
    en: `Cannot print the verification sheet: the font has no glyph for ${list}. Configure a font that has them (BEIAN_CJK_FONT).`,
  });
}

/** The sheet as PDF bytes. */
export function verificationSheetPdf(
  data: VerificationSheetData,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Buffer> {
  const font = findCjkFont({ env });
  const { bytes, face } = loadCjkFont(font);
  glyphCheck(
    (cp) => face.hasGlyphForCodePoint(cp),
    [
      TITLE,
      ...FIXED,
      data.provinceName,
      data.subjectName,
      data.subjectType,
      data.subjectIdType,
      data.subjectIdNumber,
      data.method,
      ...data.declarations,
      ...data.websites.flatMap((w) => [w.name, ...w.domains]),
      ...data.apps,
      ...data.persons.flatMap((p) => [p.name, p.idNumberMasked, p.outcome, ...p.roles]),
    ],
  );
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    lang: 'zh-CN',
    info: {
      Title: `${TITLE} ${data.applicationId}`,
      Subject: TITLE_EN,
      Creator: 'beian',
      CreationDate: data.printedAt,
    },
  });
  doc.registerFont('cjk', bytes, font.family);
  doc.font('cjk');
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (text: string) =>
    doc.moveDown(0.8).fontSize(12).fillColor('#8a1c1c').text(text).fillColor('#1f2328').fontSize(10);
  doc.fontSize(18).fillColor('#8a1c1c').text(TITLE, { align: 'center' });
  doc.fontSize(9).fillColor('#6b7280').text(TITLE_EN, { align: 'center' }).fillColor('#1f2328');
  doc.moveDown(0.6).fontSize(10);
  doc.text(`申请编号 Application no.: ${data.applicationId}    备案省份 Province: ${data.provinceName}`);
  heading('主办者信息 Subject');
  doc.text(`名称 Name: ${data.subjectName}`);
  doc.text(
    `性质 Type: ${data.subjectType}    证件 Certificate: ${data.subjectIdType} ${data.subjectIdNumber}`,
  );
  heading('网站信息 Websites');
  if (data.websites.length === 0) doc.text('无 None');
  data.websites.forEach((w, i) => doc.text(`${i + 1}. ${w.name}    域名 Domains: ${w.domains.join('、')}`));
  heading('APP信息 Apps');
  doc.text(data.apps.length === 0 ? '无 None' : data.apps.map((a, i) => `${i + 1}. ${a}`).join('\n'));
  heading('核验情况 Verification');
  doc.text(`核验方式 Method: ${data.method}`);
  doc.text(`签署的声明 Declarations signed: ${data.declarations.join('、') || '无 None'}`);
  doc.moveDown(0.3);
  for (const p of data.persons) {
    doc.text(`${p.name}（${p.idNumberMasked}）  ${p.roles.join('、')}`);
    doc.fillColor('#6b7280').text(`    ${p.outcome}`).fillColor('#1f2328');
  }
  doc.moveDown(2);
  doc.text('主办者（负责人）签字 / 盖章 Signature or seal of the subject: ______________________');
  doc.moveDown(1.2);
  doc.text('接入服务商核验人签字 Signature of the provider’s verifier: ______________________');
  doc.moveDown(1.2);
  doc.text('日期 Date: ______________');
  doc.moveDown(2).fontSize(8).fillColor('#6b7280');
  doc.text('本核验单由备案系统根据申请数据生成；手写修改无效。');
  doc.text('Generated from the application’s data; handwritten changes are void.');
  doc.text(`打印日期 Printed: ${shanghaiDate(data.printedAt)}`);
  doc.end();
  return done;
}
