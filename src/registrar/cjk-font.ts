/**
 * Finds the CJK font the domain certificate embeds: a configured file, else Debian fonts-noto-cjk
 * (covers rare name characters, including 𠮷 U+20BB7), else the optional npm package
 * @embedpdf/fonts-sc (no 𠮷). Deliberately no
 * glyph policy here: certificate-pdf.ts refuses text the chosen font cannot show.
 */
import { readConfig } from '../config/index.ts';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { create, type Font } from 'fontkit';
import { LocalizedError } from '../shared/index.ts';

/** A CJK font file pdfkit can embed, with the face name for .ttc collections. */
export type CjkFont = { path: string; family?: string; source: 'configured' | 'system' | 'npm' };

/** The operator has to install or configure a font before certificates can be printed. */
export class CertificateFontUnavailableError extends LocalizedError {}

const HINT = {
  zh: '请安装 fonts-noto-cjk（Debian/Ubuntu：apt-get install fonts-noto-cjk），或设置 BEIAN_CJK_FONT=字体文件路径（.ttc 字体集写成 路径#字体名，如 /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular）。',
  en: 'Install fonts-noto-cjk (Debian/Ubuntu: apt-get install fonts-noto-cjk) or set BEIAN_CJK_FONT to a font file (for a .ttc collection use path#Face, e.g. /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular).',
};

const unavailable = (zh: string, en: string) =>
  new CertificateFontUnavailableError({ zh: `${zh}${HINT.zh}`, en: `${en} ${HINT.en}` });

// Where fonts-noto-cjk puts the collection on Debian/Ubuntu, Fedora and Arch; fc-match covers the rest.
const SYSTEM_CANDIDATES: readonly CjkFont[] = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
].map((path) => ({ path, family: 'NotoSansCJKsc-Regular', source: 'system' }));

// fc-match always answers, falling back to a Latin font, so a candidate must show these to count as CJK.
const CJK_PROBE = '域名注册证书持有者';

const loaded = new Map<string, { face: Font; bytes: Buffer }>();

/**
 * The parsed face of a CjkFont and the file's bytes for pdfkit, cached per path and face: reading the
 * 19.5 MB Noto collection cost more than laying out a certificate. Throws for a file that is no font.
 */
export function loadCjkFont(font: CjkFont): { face: Font; bytes: Buffer } {
  const key = `${font.path}#${font.family ?? ''}`;
  let entry = loaded.get(key);
  if (!entry) {
    const bytes = readFileSync(font.path);
    const opened = create(bytes, font.family);
    // fontkit returns null for an unknown face and a collection when a .ttc is opened without one.
    if (!opened) throw new Error(`font face '${font.family ?? ''}' not found in '${font.path}'`);
    if ('fonts' in opened) {
      const names = opened.fonts.map((f) => f.postscriptName).join(', ');
      throw new Error(`'${font.path}' is a font collection; name a face with path#Face (one of: ${names})`);
    }
    entry = { face: opened, bytes };
    loaded.set(key, entry);
  }
  return entry;
}

function isCjk(font: CjkFont): boolean {
  try {
    const { face } = loadCjkFont(font);
    return [...CJK_PROBE].every((ch) => face.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0));
  } catch {
    return false;
  }
}

function parseSpec(spec: string): CjkFont {
  const hash = spec.lastIndexOf('#');
  const face = hash > 0 ? spec.slice(hash + 1) : '';
  // A '#' followed by a path separator belongs to the file name, not to a face name.
  if (!face || face.includes('/')) return { path: resolve(spec), source: 'configured' };
  return { path: resolve(spec.slice(0, hash)), family: face, source: 'configured' };
}

function configuredFont(spec: string): CjkFont {
  const font = parseSpec(spec);
  if (!existsSync(font.path)) {
    throw unavailable(
      `配置的中文字体文件不存在：${font.path}。`,
      `The configured CJK font '${font.path}' does not exist.`,
    );
  }
  try {
    loadCjkFont(font);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw unavailable(
      `配置的中文字体无法使用：${spec}（${reason}）。`,
      `The configured CJK font '${spec}' cannot be used (${reason}).`,
    );
  }
  if (!isCjk(font)) {
    throw unavailable(
      `配置的字体不含中文字形：${spec}。`,
      `The configured font '${spec}' has no Chinese glyphs.`,
    );
  }
  return font;
}

function systemFont(): CjkFont | undefined {
  const known = SYSTEM_CANDIDATES.find((font) => existsSync(font.path) && isCjk(font));
  if (known) return known;
  try {
    const [path, face] = execFileSync('fc-match', ['-f', '%{file}\n%{postscriptname}', 'Noto Sans CJK SC'], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).split('\n');
    if (!path) return undefined;
    // A plain .otf/.ttf opens without a face name; a collection needs the one fontconfig matched.
    const plain: CjkFont = { path, source: 'system' };
    if (isCjk(plain)) return plain;
    const named: CjkFont = { path, family: face ?? '', source: 'system' };
    return face && isCjk(named) ? named : undefined;
  } catch {
    return undefined; // no fontconfig on this machine
  }
}

function npmFont(): CjkFont | undefined {
  try {
    // The package exports only its metadata module; the fonts sit next to dist/ (fonts/*.otf).
    const main = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
    const font: CjkFont = {
      path: join(dirname(main), '..', 'fonts', 'NotoSansHans-Regular.otf'),
      source: 'npm',
    };
    return existsSync(font.path) && isCjk(font) ? font : undefined;
  } catch {
    return undefined; // optional dependency not installed
  }
}

const found = new Map<string, CjkFont>();

/**
 * Finds the font: options.path (or BEIAN_CJK_FONT of `options.env` through the configuration schema, optional "path#Face") → Debian fonts-noto-cjk
 * (known paths, then `fc-match 'Noto Sans CJK SC'`) → the optional npm package @embedpdf/fonts-sc →
 * CertificateFontUnavailableError. A configured font that does not work is an error, never skipped:
 * the operator chose it. `sources` limits the automatic lookups (default both, in that order).
 * Cached per process.
 */
export function findCjkFont(
  options: { path?: string; env?: NodeJS.ProcessEnv; sources?: readonly ('system' | 'npm')[] } = {},
): CjkFont {
  const spec = options.path || (options.env ? readConfig(options.env).BEIAN_CJK_FONT : undefined) || '';
  const sources = options.sources ?? ['system', 'npm'];
  const key = `${spec}\n${sources.join(',')}`;
  const cached = found.get(key);
  if (cached) return cached;
  let font = spec ? configuredFont(spec) : undefined;
  for (const source of sources) {
    if (font) break;
    font = source === 'system' ? systemFont() : npmFont();
  }
  if (!font)
    throw unavailable(
      '找不到可用于打印域名证书的中文字体。',
      'No CJK font is available to print domain certificates.',
    );
  found.set(key, font);
  return font;
}
