/**
 * 时间 as staff pages show it: instants in Asia/Shanghai (the filing system's clock, whatever the
 * server's zone), and how long something has waited. Stored instants are ISO 8601 text; a value that
 * does not parse is shown as stored rather than crashing the page.
 */
import { shanghaiDate, toShanghaiIso } from '../../shared/index.ts';
import type { Lang } from './i18n.ts';

const parse = (iso: string): Date | null => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms);
};

/** `2026-11-28 12:00` (Asia/Shanghai) for a stored instant. */
export function shanghaiDateTime(iso: string | null): string {
  if (iso === null) return '';
  const at = parse(iso);
  if (at === null) return iso;
  const text = toShanghaiIso(at);
  return `${text.slice(0, 10)} ${text.slice(11, 16)}`;
}

/** `2026-11-28` (Asia/Shanghai) for a stored instant. */
export function shanghaiDay(iso: string | null): string {
  if (iso === null) return '';
  const at = parse(iso);
  return at === null ? iso : shanghaiDate(at);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long since `sinceIso`, coarse as a queue needs it: `3 天 4 小时`, `5 小时 10 分钟`, `不到 1 分钟`.
 * Reviewers work oldest first; the wait tells them how close an application is to its deadlines.
 */
export function waitingTime(sinceIso: string | null, now: Date, lang: Lang): string {
  const since = sinceIso === null ? null : parse(sinceIso);
  if (since === null) return '';
  const ms = Math.max(0, now.getTime() - since.getTime());
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  const zh = lang === 'zh';
  if (days > 0) return zh ? `${days} 天 ${hours} 小时` : `${days} d ${hours} h`;
  if (hours > 0) return zh ? `${hours} 小时 ${minutes} 分钟` : `${hours} h ${minutes} min`;
  if (minutes > 0) return zh ? `${minutes} 分钟` : `${minutes} min`;
  return zh ? '不到 1 分钟' : 'under a minute';
}
