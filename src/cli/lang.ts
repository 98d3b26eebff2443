/** The CLI's language: `--lang`, else the locale (LC_ALL, LC_MESSAGES, LANG), else English. */
export type Lang = 'zh' | 'en';

export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag === 'zh' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Picks one language of a pair. */
export const pick = (lang: Lang, text: { zh: string; en: string }): string => text[lang];
