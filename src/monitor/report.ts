/**
 * A campaign's report for people outside the app: CSV (one row per finding, a passing website as one
 * row without a code; RFC 4180 quoting, with a formula-injection guard for spreadsheets) and a PDF
 * summary drawn by pdfkit with the Noto CJK font the domain certificates use.
 */
import PDFDocument from 'pdfkit';
import { findCjkFont, loadCjkFont } from '../registrar/index.ts';
import type { CampaignResult, CampaignSummary } from './campaigns.ts';

const quote = (value: string): string => {
  // OWASP CSV injection: a cell starting with = + - @ (or tab/CR) is read as a formula by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function campaignCsv(results: readonly CampaignResult[], lang: 'zh' | 'en'): string {
  const header = [
    'website_number',
    'website_name',
    'subject',
    'province',
    'account',
    'domains',
    'url',
    'ok',
    'rectification',
    'code',
    'severity',
    'source',
    'message',
    'remedy',
  ];
  const lines = [header.join(',')];
  for (const r of results) {
    const base = [
      r.number,
      r.websiteName ?? '',
      r.subjectName,
      r.province,
      r.account ?? '',
      r.domains.join(' '),
      r.url ?? '',
      r.ok ? 'yes' : 'no',
      r.rectification ? `${r.rectification.id}:${r.rectification.status}` : '',
    ];
    if (r.findings.length === 0) lines.push([...base, '', '', '', '', ''].map(quote).join(','));
    for (const f of r.findings) {
      lines.push(
        [...base, f.code, f.severity, f.source, f.message[lang], f.remedy[lang]].map(quote).join(','),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** The PDF summary: the campaign, counts per code, and the failing websites with their error codes. */
export function campaignPdf(
  campaign: CampaignSummary,
  results: readonly CampaignResult[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Buffer> {
  const font = findCjkFont({ env });
  const { bytes } = loadCjkFont(font);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    lang: 'zh-CN',
    info: {
      Title: `合规巡检 ${campaign.id} / Compliance check ${campaign.id}`,
      Creator: 'beian',
      CreationDate: new Date(campaign.startedAt),
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
  doc.fontSize(18).text(`合规巡检报告 Compliance check report #${campaign.id}`);
  doc.moveDown(0.5).fontSize(10);
  doc.text(`范围 Cohort: ${campaign.cohort}    状态 Status: ${campaign.status}`);
  doc.text(`开始 Started: ${campaign.startedAt}    完成 Finished: ${campaign.finishedAt ?? '—'}`);
  doc.text(`网站 Websites: ${campaign.sites}    不合规 Failing: ${campaign.failing}`);
  const counts = new Map<string, number>();
  for (const r of results) for (const f of r.findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  doc.moveDown().fontSize(13).text('发现统计 Findings by code');
  doc.fontSize(10);
  for (const [code, count] of [...counts].sort((a, b) => b[1] - a[1])) doc.text(`${code}: ${count}`);
  doc.moveDown().fontSize(13).text('不合规网站 Failing websites');
  doc.fontSize(9);
  for (const r of results.filter((x) => !x.ok)) {
    const codes = [...new Set(r.findings.filter((f) => f.severity === 'error').map((f) => f.code))].join(
      ', ',
    );
    doc.text(
      `${r.number}  ${r.subjectName}  ${r.domains.join(' ')}  —  ${codes}${r.rectification ? `  [整改 ${r.rectification.id} ${r.rectification.status}, ${r.rectification.deadline}]` : ''}`,
    );
  }
  doc.end();
  return done;
}
