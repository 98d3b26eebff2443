/**
 * 语言 — the page language. Chinese by default (issue 5); English only when the visitor switches with
 * `?lang=en`, which is remembered in a cookie. Accept-Language is deliberately not read: a browser set
 * to English must still get the Chinese filing system unless the person asks otherwise.
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export type Lang = 'zh' | 'en';
/** A text in both of beian's languages (the shape every message of beian has). */
import type { Localized } from '../../shared/index.ts';
export type { Localized };

const DEFAULT_LANG: Lang = 'zh';
const LANG_COOKIE = 'beian_lang';
const LANG_QUERY = 'lang';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

const isLang = (value: string | undefined): value is Lang => value === 'zh' || value === 'en';

/** The text in `lang`. */
export function t(lang: Lang, text: Localized): string {
  return text[lang];
}

type TemplateValues = Readonly<Record<string, string | number>>;

/**
 * A template's `{name}` placeholders filled from `values` (a missing value leaves nothing), in one
 * language or in both: `format({ zh: '第 {n} 页', en: 'Page {n}' }, { n: 2 })`.
 */
export function format(text: string, values: TemplateValues): string;
export function format(text: Localized, values: TemplateValues): Localized;
export function format(text: string | Localized, values: TemplateValues): string | Localized {
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
  return typeof text === 'string' ? fill(text) : { zh: fill(text.zh), en: fill(text.en) };
}

/** The BCP 47 tag for `<html lang>` and `hreflang`. */
export function htmlLang(lang: Lang): 'zh-CN' | 'en' {
  return lang === 'zh' ? 'zh-CN' : 'en';
}

/**
 * The request's language: `?lang=` (then remembered in the cookie), else the cookie, else Chinese.
 * An unknown value is ignored rather than an error: the switch is a link, not a form.
 */
export function requestLang(c: Context): Lang {
  const asked = c.req.query(LANG_QUERY);
  if (isLang(asked)) {
    if (getCookie(c, LANG_COOKIE) !== asked) {
      // Not secret, read by the server only: HttpOnly and Lax like every other cookie here.
      setCookie(c, LANG_COOKIE, asked, {
        path: '/',
        maxAge: ONE_YEAR_SECONDS,
        httpOnly: true,
        sameSite: 'Lax',
      });
    }
    return asked;
  }
  const remembered = getCookie(c, LANG_COOKIE);
  return isLang(remembered) ? remembered : DEFAULT_LANG;
}

/** The current path and query with `lang` set to `to`: the language switch keeps the visitor's place. */
export function langSwitchHref(url: URL, to: Lang): string {
  const params = new URLSearchParams(url.search);
  params.set(LANG_QUERY, to);
  return `${url.pathname}?${params.toString()}`;
}
