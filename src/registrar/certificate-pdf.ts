/**
 * Prints a domain certificate (域名证书) as an A4 PDF with the CJK font embedded as a subset
 * (pdfkit, since pdf-lib's subsetting breaks CJK fonts: Hopding/pdf-lib#1232). It never prints
 * tofu: every printed character is checked against the font first. It reads no clock, no database.
 */
import PDFDocument from 'pdfkit';
import { LocalizedError } from '../shared/index.ts';
import { parseInstant, shanghaiDate } from '../shared/index.ts';
import { certificateMarks } from './certificate-marks.ts';
import { findCjkFont, loadCjkFont, type CjkFont } from './cjk-font.ts';

export { CertificateFontUnavailableError } from './cjk-font.ts';

/** 域名证书 — what a printed domain certificate shows. */
export type DomainCertificateData = {
  serial: string; // 证书编号, e.g. "DC-20261128-7F3A9C21"
  domainUnicode: string; // U-label form, e.g. "例子.中国"
  domainAscii: string; // A-label form, e.g. "xn--fsqu00a.xn--fiqs8s"
  holderName: string; // 域名持有者
  holderIdMasked: string; // 证件号码, already masked by the caller, e.g. "110101********123X"
  registeredAt: string; // ISO 8601 instant; printed as an Asia/Shanghai date
  expiresAt: string; // ISO 8601 instant
  registrarName: string; // 注册服务机构 legal name
  registrarLicence: string; // 域名注册服务机构许可证号, e.g. "浙D3-20210002"
  issuedAt: string; // ISO instant: 打印日期/颁发日期
  verificationCode: string; // e.g. "7K2M-9QXD-4HRT-B8WN"
  verifyUrl: string | null; // where the public can check the code (printed under it), or null
};

type Field = keyof DomainCertificateData | 'template';

/** Labels of the fields, printed on the certificate and named in errors. */
const LABELS = {
  serial: { zh: '证书编号', en: 'Certificate No.' },
  domainUnicode: { zh: '域名', en: 'Domain name' },
  domainAscii: { zh: '域名（ASCII 形式）', en: 'Domain name (ASCII form)' },
  holderName: { zh: '域名持有者', en: 'Registrant' },
  holderIdMasked: { zh: '证件号码', en: 'ID number' },
  registeredAt: { zh: '注册日期', en: 'Registration date' },
  expiresAt: { zh: '到期日期', en: 'Expiry date' },
  registrarName: { zh: '注册服务机构', en: 'Registrar' },
  registrarLicence: { zh: '许可证号', en: 'Licence No.' },
  issuedAt: { zh: '颁发日期', en: 'Date of issue' },
  verificationCode: { zh: '验证码', en: 'Verification code' },
  verifyUrl: { zh: '核验网址', en: 'Verify at' },
  template: { zh: '证书模板文字', en: 'certificate template text' },
} as const satisfies Record<Field, { zh: string; en: string }>;

/** Fixed text of the certificate besides the labels. */
const TEXT = {
  title: '域名注册证书',
  titleEn: 'DOMAIN NAME REGISTRATION CERTIFICATE',
  intro: '兹证明下列域名已通过本机构注册，注册信息如下：',
  introEn: 'This certifies that the domain name below is registered through this registrar, as follows:',
  issuedBy: '颁发机构',
  issuedByEn: 'Issued by',
  note: '本证书记载打印时的注册信息；域名的当前状态以注册管理机构的数据为准。',
  noteEn:
    "This certificate shows the registration data at the time of printing; the registry's records prevail.",
} as const;

const TEMPLATE_TEXT = [...Object.values(TEXT), ...Object.values(LABELS).flatMap((l) => [l.zh, l.en])].join(
  '',
);

type MissingGlyph = { field: Field; character: string; codePoint: string };

const codePointLabel = (ch: string) =>
  `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The font cannot show some characters: printing would put blank boxes (tofu) into a legal document. */
export class CertificateGlyphsMissingError extends LocalizedError {
  readonly missing: MissingGlyph[];
  constructor(missing: MissingGlyph[]) {
    const zh = missing.map((m) => `${LABELS[m.field].zh}「${m.character}」（${m.codePoint}）`).join('、');
    const en = missing.map((m) => `${m.field} '${m.character}' (${m.codePoint})`).join(', ');
    super({
      zh: `无法打印域名证书：字体缺少以下字符：${zh}。请更换含这些字符的字体（BEIAN_CJK_FONT）后重试。`,
      en: `Cannot print the domain certificate: the font has no glyph for ${en}. Configure a font that has them (BEIAN_CJK_FONT) and retry.`,
    });
    this.missing = missing;
  }
}

/** Every code point of `text` that `font` lacks (spaces/newlines excluded), each once, in order. */
export function missingGlyphs(font: CjkFont, text: string): string[] {
  const { face } = loadCjkFont(font);
  const missing = new Set<string>();
  // for…of walks code points, so 𠮷 (a surrogate pair in UTF-16) is checked as one character.
  for (const ch of text) {
    if (/\s/u.test(ch)) continue;
    if (!face.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0)) missing.add(ch);
  }
  return [...missing];
}

function printedDate(field: 'registeredAt' | 'expiresAt' | 'issuedAt', value: string): string {
  const at = parseInstant(value);
  if (!at) throw new Error(`invalid ${field} for a domain certificate: '${value}'`);
  return shanghaiDate(at);
}

/** The values as printed (dates as Asia/Shanghai YYYY-MM-DD), checked for glyphs and then drawn. */
function printedValues(data: DomainCertificateData) {
  return {
    ...data,
    registeredAt: printedDate('registeredAt', data.registeredAt),
    expiresAt: printedDate('expiresAt', data.expiresAt),
    issuedAt: printedDate('issuedAt', data.issuedAt),
  };
}

type Printed = ReturnType<typeof printedValues>;

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = 64;
const CONTENT = PAGE.width - 2 * MARGIN;
const BOTTOM = PAGE.height - 48; // lowest text line, inside the frame drawn at 24/30 pt
const COLOR = { ink: '#1f2328', muted: '#6b7280', accent: '#8a1c1c', rule: '#d9d4cc', panel: '#faf7f2' };
/**
 * Smaller sizes tried in turn when the rows would reach the footer. The longest allowed values
 * (200-character names, 253-octet domains) fit at full size; longer ones shrink rather than spill.
 */
const SMALLER_SCALES = [0.9, 0.8, 0.7, 0.6];

type Doc = PDFKit.PDFDocument;
type Piece = { size: number; color: string; text: string; gap?: number };
const piece = (size: number, color: string, text: string, gap = 0): Piece => ({ size, color, text, gap });

/** Draws one block of text pieces in a column, or only measures it when `y` is null; returns its height. */
function block(
  doc: Doc,
  pieces: Piece[],
  x: number,
  y: number | null,
  width: number,
  align: 'left' | 'center' | 'right',
) {
  let height = 0;
  for (const p of pieces) {
    height += p.gap ?? 0;
    doc.fontSize(p.size);
    if (y !== null) doc.fillColor(p.color).text(p.text, x, y + height, { width, align });
    height += doc.heightOfString(p.text, { width });
  }
  return height;
}

const rule = (doc: Doc, y: number) =>
  doc
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + CONTENT, y)
    .stroke();

/** Title, introduction and the domain in both forms, top-down; returns the y below them. */
function drawHeading(doc: Doc, v: Printed, s: number): number {
  const title = [piece(26 * s, COLOR.accent, TEXT.title), piece(9.5 * s, COLOR.muted, TEXT.titleEn)];
  const y = 78 * s + block(doc, title, MARGIN, 78 * s, CONTENT, 'center');
  doc.lineWidth(1).strokeColor(COLOR.accent);
  doc
    .moveTo(PAGE.width / 2 - 30, y + 10 * s)
    .lineTo(PAGE.width / 2 + 30, y + 10 * s)
    .stroke();
  // The U-label is what the holder recognises; a long one (up to 253 octets) gets a smaller size.
  doc.fontSize(20 * s);
  const domainSize = (doc.heightOfString(v.domainUnicode, { width: CONTENT }) > 60 * s ? 13 : 20) * s;
  const rest = [
    piece(11 * s, COLOR.ink, TEXT.intro),
    piece(8.5 * s, COLOR.muted, TEXT.introEn),
    piece(domainSize, COLOR.accent, v.domainUnicode, 18 * s),
  ];
  if (v.domainAscii !== v.domainUnicode) rest.push(piece(10 * s, COLOR.muted, v.domainAscii));
  return y + 28 * s + block(doc, rest, MARGIN, y + 28 * s, CONTENT, 'center');
}

const LABEL_WIDTH = 130;
const ROWS = ['serial', 'holderName', 'holderIdMasked', 'registeredAt', 'expiresAt'] as const;

/** The labelled rows, Chinese label over its English one; returns the y below the last rule. */
function drawRows(doc: Doc, v: Printed, top: number, s: number): number {
  let y = top;
  rule(doc, y);
  for (const field of ROWS) {
    const label = [piece(11 * s, COLOR.ink, LABELS[field].zh), piece(7.5 * s, COLOR.muted, LABELS[field].en)];
    const labelHeight = block(doc, label, MARGIN, y + 9 * s, LABEL_WIDTH, 'left');
    const valueX = MARGIN + LABEL_WIDTH + 10;
    const valueHeight = block(
      doc,
      [piece(12 * s, COLOR.ink, v[field])],
      valueX,
      y + 8 * s,
      CONTENT - LABEL_WIDTH - 10,
      'left',
    );
    y += Math.max(labelHeight, valueHeight) + 17 * s;
    rule(doc, y);
  }
  return y;
}

/**
 * Issuer, verification panel and note, drawn bottom-up from the foot of the page so that they sit
 * there whatever the length of the rows; returns the top of the issuer block.
 */
function drawFooter(doc: Doc, v: Printed, s: number): number {
  const note = [piece(7.5 * s, COLOR.muted, TEXT.note), piece(7.5 * s, COLOR.muted, TEXT.noteEn)];
  const noteTop = BOTTOM - block(doc, note, MARGIN, null, CONTENT, 'center');
  block(doc, note, MARGIN, noteTop, CONTENT, 'center');

  const pad = 12 * s;
  const { verificationCode: code, verifyUrl: url } = LABELS;
  const verification = [
    piece(8.5 * s, COLOR.muted, `${code.zh} ${code.en}`),
    piece(15 * s, COLOR.ink, v.verificationCode),
  ];
  if (v.verifyUrl !== null) {
    verification.push(
      piece(8.5 * s, COLOR.muted, `${url.zh} ${url.en}`, 4 * s),
      piece(9.5 * s, COLOR.ink, v.verifyUrl),
    );
  }
  const panelHeight = block(doc, verification, MARGIN + pad, null, CONTENT - 2 * pad, 'left') + 2 * pad;
  const panelTop = noteTop - 12 * s - panelHeight;
  doc.rect(MARGIN, panelTop, CONTENT, panelHeight).fillColor(COLOR.panel).fill();
  doc.lineWidth(0.5).strokeColor(COLOR.rule).rect(MARGIN, panelTop, CONTENT, panelHeight).stroke();
  block(doc, verification, MARGIN + pad, panelTop + pad, CONTENT - 2 * pad, 'left');

  const { registrarLicence: licence, issuedAt: issued } = LABELS;
  const issuer = [
    piece(8.5 * s, COLOR.muted, `${TEXT.issuedBy} ${TEXT.issuedByEn}`),
    piece(13 * s, COLOR.ink, v.registrarName, 3 * s),
    piece(8.5 * s, COLOR.muted, `${licence.zh} ${licence.en}  ${v.registrarLicence}`, 3 * s),
    piece(8.5 * s, COLOR.muted, `${issued.zh} ${issued.en}  ${v.issuedAt}`),
  ];
  const issuerWidth = 280;
  const issuerTop = panelTop - 20 * s - block(doc, issuer, 0, null, issuerWidth, 'right');
  block(doc, issuer, MARGIN + CONTENT - issuerWidth, issuerTop, issuerWidth, 'right');
  return issuerTop;
}

function newDocument(data: DomainCertificateData, fontBytes: Buffer, family: string | undefined): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    lang: 'zh-CN',
    displayTitle: true,
    // A fixed CreationDate makes the file (and its /ID, derived from the info) reproducible.
    info: {
      Title: `域名证书 ${data.domainUnicode}`,
      Author: data.registrarName,
      Creator: 'beian',
      CreationDate: parseInstant(data.issuedAt) ?? undefined,
      // Read back when the certificate is uploaded as a filing document (certificate-marks.ts): the
      // printed text is in a subset CJK font whose glyph ids a reader would have to map back.
      ...certificateMarks(data),
    },
  });
  doc.registerFont('cjk', fontBytes, family);
  doc.font('cjk');
  doc
    .lineWidth(1.5)
    .strokeColor(COLOR.accent)
    .rect(24, 24, PAGE.width - 48, PAGE.height - 48)
    .stroke();
  doc
    .lineWidth(0.5)
    .rect(30, 30, PAGE.width - 60, PAGE.height - 60)
    .stroke();
  return doc;
}

/**
 * Renders an A4 PDF; throws CertificateGlyphsMissingError before rendering if any code point of any
 * field (and of the fixed template text) has no glyph in the chosen font.
 */
export async function renderDomainCertificate(
  data: DomainCertificateData,
  options: { font?: CjkFont } = {},
): Promise<Buffer> {
  const font = options.font ?? findCjkFont();
  const v = printedValues(data);
  const missing: MissingGlyph[] = [];
  // Walk the known fields, not the object's keys: a caller may pass a row with extra columns.
  for (const field of Object.keys(LABELS) as Field[]) {
    const text = field === 'template' ? TEMPLATE_TEXT : (v[field] ?? '');
    for (const character of missingGlyphs(font, text)) {
      missing.push({ field, character, codePoint: codePointLabel(character) });
    }
  }
  if (missing.length > 0) throw new CertificateGlyphsMissingError(missing);

  const { bytes } = loadCjkFont(font);
  const layout = (s: number) => {
    const doc = newDocument(data, bytes, font.family);
    const footerTop = drawFooter(doc, v, s);
    const rowsEnd = drawRows(doc, v, drawHeading(doc, v, s) + 24 * s, s);
    return { doc, fits: rowsEnd + 16 * s <= footerTop };
  };
  let attempt = layout(1);
  // A layout that does not fit is dropped unfinished; the next one starts a fresh document.
  for (const s of SMALLER_SCALES) if (!attempt.fits) attempt = layout(s);
  const { doc } = attempt;
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
