/** The CLI's language: `--lang`, else the locale (LC_ALL, LC_MESSAGES, LANG), else English. */
import { localeOf } from '../config/index.ts';

export type Lang = 'zh' | 'en';

export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (flag === 'zh' || flag === 'en') return flag;
  const locale = localeOf(env);
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Picks one language of a pair. */
export const pick = (lang: Lang, text: { zh: string; en: string }): string => text[lang];
