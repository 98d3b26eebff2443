/**
 * 文件名 — the uploader's file name, cleaned for display. It is shown in lists and offered as the
 * download name, and never used to build a path (the store names files by their SHA-256), so cleaning
 * is about what people see: no directories (`../../etc/passwd`, `..\\win.ini`), no control characters
 * (NUL), no bidirectional overrides that make `\u202Egpj.exe` read as `exe.jpg` (Unicode TR #36 §2.1,
 * CVE-2021-42574 "Trojan Source"), no invisible characters, no hidden-file leading dot.
 */
import type { DocumentMediaType } from './detect.ts';
import { MEDIA_TYPE_EXTENSIONS } from './detect.ts';

/** Longest display name, in code points; long enough for real scans' names, short enough for a table cell. */
const MAX_FILE_NAME_LENGTH = 120;
const FALLBACK_FILE_NAME = 'document';

/** Line and tab characters become spaces: a name typed across lines is still one name. */
const LINE_LIKE = /[\t\n\v\f\r\u0085\u2028\u2029]/gu;
/**
 * Controls (Cc: NUL, ESC, C1), format characters (Cf: bidi embeddings and overrides U+202A–202E,
 * isolates U+2066–2069, marks U+200E/200F/061C, zero-width U+200B–200D, U+2060, BOM U+FEFF, soft
 * hyphen), lone surrogates (Cs) and private use (Co): none is visible, several change what is shown.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/gu;
const EDGE = /^[.\s]+|[.\s]+$/gu;
/** A short alphanumeric extension, kept when a long name is shortened. */
const EXTENSION = /\.([A-Za-z0-9]{1,10})$/;

function truncate(name: string): string {
  const points = [...name];
  if (points.length <= MAX_FILE_NAME_LENGTH) return name;
  const extension = EXTENSION.exec(name)?.[0] ?? '';
  const stem = points.slice(0, MAX_FILE_NAME_LENGTH - [...extension].length).join('');
  return stem.replace(EDGE, '') + extension;
}

function cleanOnce(raw: string): string {
  const visible = raw.replace(LINE_LIKE, ' ').replace(INVISIBLE, '').normalize('NFC');
  const base = visible.split(/[/\\]/).pop() ?? '';
  const collapsed = base.replace(/\s+/gu, ' ').replace(EDGE, '');
  return truncate(collapsed).replace(EDGE, '');
}

/**
 * The display name of an upload: the last segment after `/` or `\`, NFC, without invisible characters,
 * whitespace collapsed, no leading or trailing dots, at most 120 code points keeping the extension;
 * `document` when nothing is left. Idempotent.
 */
export function cleanFileName(raw: unknown): string {
  let name = typeof raw === 'string' ? raw : '';
  // Removing a character can bring two others together that NFC then composes: repeat to the fixpoint.
  for (let i = 0; i < 4; i++) {
    const next = cleanOnce(name);
    if (next === name) break;
    name = next;
  }
  return name === '' ? FALLBACK_FILE_NAME : name;
}

/**
 * The name a download is offered under: the display name with an extension of the stored type, so a
 * PNG uploaded as `x.pdf` (or a polyglot uploaded as `x.html`) is saved as `x.png` and opened as one.
 */
export function downloadName(fileName: string, mediaType: DocumentMediaType): string {
  const extensions = MEDIA_TYPE_EXTENSIONS[mediaType];
  const match = EXTENSION.exec(fileName);
  if (match && extensions.includes(match[1]?.toLowerCase() ?? '')) return fileName;
  const stem = match ? fileName.slice(0, match.index) : fileName;
  return `${stem === '' ? FALLBACK_FILE_NAME : stem}.${extensions[0] ?? 'bin'}`;
}

/** RFC 8187 §3.2.1 attr-char: everything else is percent-encoded (encodeURIComponent leaves `'()*!`). */
const encodeExtValue = (value: string): string =>
  encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `Content-Disposition: attachment` for a download (RFC 6266 §4.3): a quoted ASCII `filename` for old
 * clients, and `filename*` in UTF-8 (RFC 8187) carrying the real name, which modern browsers prefer.
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const extension = EXTENSION.exec(ascii)?.[0] ?? '';
  const fallback = /[A-Za-z0-9]/.test(ascii.slice(0, ascii.length - extension.length))
    ? ascii
    : `${FALLBACK_FILE_NAME}${extension}`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
