/**
 * The web shell handed to `createApp` (src/http/app.ts `PageShell`): it mounts the security headers,
 * the static assets and the pages, and answers unknown paths and errors outside /api/v1 with HTML
 * pages in the visitor's language. A refusal (ApiError, WorkflowError, LocalizedError) shows its own
 * message and status; anything else is a bug: reported, and shown as a 500 page that reveals nothing.
 */
import type { Context } from 'hono';
import type { PageShell } from '../../http/app.ts';
import { ApiError, resolveActor } from '../../http/app.ts';
import type { Actor, AppEnv } from '../../http/context.ts';
import { serveAsset } from './assets.ts';
import { failureOf } from './refusal.ts';
import type { Localized } from './i18n.ts';
import { requestLang } from './i18n.ts';
import type { PageSite } from './page.tsx';
import { buildView, mountPages, renderDocument } from './page.tsx';
import { securityHeaders } from './security-headers.ts';

const TITLES: Record<number, Localized> = {
  401: { zh: '需要登录', en: 'Sign-in needed' },
  403: { zh: '无权访问', en: 'Not allowed' },
  404: { zh: '找不到页面', en: 'Page not found' },
  413: { zh: '提交的内容过大', en: 'Too much data' },
  429: { zh: '请求过于频繁', en: 'Too many requests' },
  500: { zh: '服务器出错了', en: 'Something went wrong' },
};
const GENERIC_TITLE: Localized = { zh: '无法完成操作', en: 'This could not be done' };

const TEXT = {
  notFound: {
    zh: '没有这个页面。请检查地址，或从导航进入。',
    en: 'There is no such page. Check the address, or start from the navigation.',
  },
  csrf: {
    zh: '表单已失效或并非来自本站。请返回上一页，刷新后重新提交。',
    en: 'The form has expired or did not come from this site. Go back, reload the page and submit again.',
  },
  forbidden: {
    zh: '当前账号的角色不能打开此页面。',
    en: 'Your account’s role does not allow this page.',
  },
  internal: {
    zh: '服务器内部错误，已记录。请稍后再试；您提交的内容没有保存。',
    en: 'An internal error occurred and was logged. Try again later; what you sent was not saved.',
  },
  home: { zh: '返回首页', en: 'Go to the home page' },
} satisfies Record<string, Localized>;

const ANONYMOUS: Actor = { kind: 'anonymous' };

/** An error page in the Layout; never throws (a failing render falls back to plain text). */
async function errorPage(
  c: Context<AppEnv>,
  site: PageSite,
  status: number,
  message: Localized,
): Promise<Response> {
  try {
    const actor = (c.get('actor') as Actor | undefined) ?? ANONYMOUS;
    const lang = requestLang(c);
    const view = buildView(c, site, actor, lang, null);
    return await renderDocument(c, view, {
      title: TITLES[status] ?? GENERIC_TITLE,
      status: status as 400,
      body: (
        <div class="error-page">
          <p>{message[lang]}</p>
          <p>
            <a href="/">{TEXT.home[lang]}</a>
          </p>
        </div>
      ),
    });
  } catch {
    return new Response(`${status}`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}

/** The PageShell for `createApp`: pages of `site`, plus the static assets under /static/. */
export function createPageShell(site: PageSite): PageShell {
  return {
    mount(app) {
      app.use('*', securityHeaders);
      app.get('/static/app.css', (c) => serveAsset(c, site.assets.css));
      app.get('/static/app.js', (c) => serveAsset(c, site.assets.js));
      app.get('/static/favicon.svg', (c) => serveAsset(c, site.assets.icon));
      // Browsers ask for /favicon.ico whatever the page links; send them to the icon.
      app.get('/favicon.ico', (c) => c.redirect(site.assets.icon.href, 301));
      mountPages(app, site);
    },
    async notFound(c) {
      // Who is asking, for the header; a bad bearer token on a page that does not exist is still a 404.
      try {
        await resolveActor(c as Context<AppEnv, string>, () => Promise.resolve());
      } catch {
        c.set('actor', ANONYMOUS);
      }
      return errorPage(c, site, 404, TEXT.notFound);
    },
    async onError(error, c, report) {
      if (error instanceof ApiError)
        for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      if (error instanceof ApiError && error.code === 'CSRF_TOKEN_INVALID')
        return errorPage(c, site, 403, TEXT.csrf);
      if (error instanceof ApiError && error.code === 'FORBIDDEN')
        return errorPage(c, site, 403, TEXT.forbidden);
      const failure = failureOf(error);
      if (failure) return errorPage(c, site, failure.status, failure.message);
      report(error);
      return errorPage(c, site, 500, TEXT.internal);
    },
  };
}
