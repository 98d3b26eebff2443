/**
 * Reads a home page for what the footer rule asks (33号令 §13: the number at the bottom of the home page,
 * linked to MIIT's filing system) and for parked or default pages. Pure: HTML text in, facts out. It
 * reads markup with patterns, not a DOM: a page is evidence, not something to render, and a hostile
 * page must cost no more than a linear scan.
 */

/** A number-like text on the page, as written, and whether a link around it or on the page goes to MIIT. */
export type PageScan = {
  /** ICP-number-like texts in page order (not yet parsed: the policy's reader decides what they are). */
  numbers: string[];
  /** Hosts of links to MIIT's filing system found on the page. */
  miitLink: 'current' | 'outdated' | 'none';
  /** The old link's href when only the outdated one is there. */
  outdatedHref: string | null;
  parked: ParkedPage | null;
};

/** 停放页 — what kind of placeholder a page is, and the text that gave it away. */
export type ParkedPage = { kind: 'server-default' | 'parking' | 'for-sale' | 'new-site'; marker: string };

/*
 * Placeholder markers: the titles and headlines of web servers' and panels' default pages and of
 * parking and for-sale pages. Matched case-insensitively on the page text.
 */
const PARKED_MARKERS: readonly ParkedPage[] = [
  { kind: 'server-default', marker: 'Welcome to nginx!' },
  { kind: 'server-default', marker: 'Apache2 Ubuntu Default Page' },
  { kind: 'server-default', marker: 'Apache2 Debian Default Page' },
  { kind: 'server-default', marker: 'Test Page for the Apache HTTP Server' },
  { kind: 'server-default', marker: 'It works!' },
  { kind: 'server-default', marker: 'IIS Windows Server' },
  { kind: 'server-default', marker: 'Welcome to CentOS' },
  { kind: 'server-default', marker: 'Welcome to tengine' },
  { kind: 'new-site', marker: '恭喜，站点创建成功' },
  { kind: 'new-site', marker: '网站建设中' },
  { kind: 'new-site', marker: 'Under Construction' },
  { kind: 'for-sale', marker: 'This domain is for sale' },
  { kind: 'for-sale', marker: 'Buy this domain' },
  { kind: 'for-sale', marker: '该域名正在出售' },
  { kind: 'for-sale', marker: '此域名出售' },
  { kind: 'for-sale', marker: '域名出售' },
  { kind: 'parking', marker: 'This domain is parked' },
  { kind: 'parking', marker: 'domain parking' },
  { kind: 'parking', marker: '域名停放' },
];

const HREF = /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/giu;
const TAGS = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->|<[^>]*>/giu;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
/*
 * A filing or licence number as people write it: 京ICP备2021000001号-1, 京ICP证030173号, 粤B2-20090059-5,
 * spaces and full-width forms allowed (folded first). The policy's parser (src/policy/icp-numbers.ts)
 * then decides what each one is; this only finds candidates.
 */
const CANDIDATE =
  /\p{Script=Han}ICP[备证證]\d{6,10}号?(?:-\d{1,7}X?)?|\p{Script=Han}[A-Z]\d(?:\.[A-Z]\d)*-\d{8}(?:-\d{1,7}X?)?/gu;
const MAX_NUMBERS = 20;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The host of a link, lower case, or null when it is not an absolute http(s) or scheme-relative URL. */
function linkHost(href: string): string | null {
  const value = decodeEntities(href.trim());
  const absolute = value.startsWith('//') ? `http:${value}` : value;
  if (!/^https?:\/\//i.test(absolute) || !URL.canParse(absolute)) return null;
  return new URL(absolute).hostname.toLowerCase();
}

const isHost = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

export function scanPage(html: string): PageScan {
  let current = false;
  let outdatedHref: string | null = null;
  for (const match of html.matchAll(HREF)) {
    const href = match[1] ?? match[2] ?? match[3] ?? '';
    const host = linkHost(href);
    if (host === null) continue;
    // beian.miit.gov.cn is MIIT's filing system; www.miitbeian.gov.cn its address before 2019.
    if (isHost(host, 'beian.miit.gov.cn')) current = true;
    else if (isHost(host, 'miitbeian.gov.cn')) outdatedHref ??= href;
  }
  const text = decodeEntities(html.replace(TAGS, ' '));
  const folded = (/[\u3000\uFF01-\uFF5E]/u.test(text) ? text.normalize('NFKC') : text)
    .replace(/[\u2010-\u2015\u2212]/gu, '-')
    .replace(/\s+/gu, '');
  const numbers: string[] = [];
  for (const match of folded.toUpperCase().matchAll(CANDIDATE)) {
    if (!numbers.includes(match[0])) numbers.push(match[0]);
    if (numbers.length >= MAX_NUMBERS) break;
  }
  const lower = text.toLowerCase();
  const parked = PARKED_MARKERS.find((p) => lower.includes(p.marker.toLowerCase())) ?? null;
  return {
    numbers,
    miitLink: current ? 'current' : outdatedHref !== null ? 'outdated' : 'none',
    outdatedHref: current ? null : outdatedHref,
    parked,
  };
}
