/**
 * The one page frame: `<html lang>`, skip link, header with the product name, the language switch and
 * who is signed in, the role-aware navigation, the flash message, `<main>`, footer. Every page and
 * every error page renders through it, so these never go missing on one of them.
 */
import type { Child } from 'hono/jsx';
import type { Account } from '../../accounts/index.ts';
import type { Assets } from './assets.ts';
import type { Flash } from './cookies.ts';
import type { Lang, Localized } from './i18n.ts';
import { htmlLang, langSwitchHref, t } from './i18n.ts';
import { ROLE_LABELS } from './labels.ts';

export type NavItem = {
  readonly href: string;
  readonly label: Localized;
  /** Shows the unread notices count (`View.unread`) beside the label. */
  readonly countsUnread?: boolean;
  /** Open to anonymous visitors too (the permission table's public actions). */
  readonly public: boolean;
};

/** What the frame needs to know about the request; `PageRequest.view` carries it. */
export type View = {
  readonly lang: Lang;
  /** The request URL: the language switch keeps its path and query. */
  readonly url: URL;
  readonly account: Account | null;
  /** For the sign-out form in the header (and any form of the page). */
  readonly csrfToken: string;
  readonly flash: Flash | null;
  /** The pages this visitor may open, from the PAGES registry and the permission table. */
  readonly nav: readonly NavItem[];
  /** Unread in-app notices of the signed-in account; null when nobody is signed in. */
  readonly unread: number | null;
  readonly assets: Assets;
  /** The policy data version, shown in the footer: findings depend on it. */
  readonly dataVersion: string;
};

const PRODUCT_NAME: Localized = { zh: '网站备案系统', en: 'ICP filing system' };
const TEXT = {
  skip: { zh: '跳到主要内容', en: 'Skip to main content' },
  nav: { zh: '主导航', en: 'Main navigation' },
  errorPrefix: { zh: '错误：', en: 'Error: ' },
  login: { zh: '登录', en: 'Sign in' },
  register: { zh: '注册', en: 'Register' },
  logout: { zh: '退出', en: 'Sign out' },
  signedInAs: { zh: '当前账号', en: 'Signed in as' },
  footer: {
    zh: 'beian：可自行部署的网站备案系统。工信部、管局与注册商均为沙箱模拟。',
    en: 'beian: a self-hostable ICP filing system. MIIT, the bureaus and the registrar are sandboxes.',
  },
  dataVersion: { zh: '政策数据版本：', en: 'Policy data version: ' },
  rules: { zh: '核验规则', en: 'Rules' },
  unread: { zh: '（{n} 条未读）', en: '({n} unread)' },
  policy: { zh: '政策数据', en: 'Policy data' },
} satisfies Record<string, Localized>;

/** `/` is current only on the home page; any other item also for the pages under it. */
function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

export function Layout(props: { view: View; title: Localized; hasErrors?: boolean; children?: Child }) {
  const { view } = props;
  const tr = (text: Localized) => t(view.lang, text);
  const other: Lang = view.lang === 'zh' ? 'en' : 'zh';
  const title = `${props.hasErrors ? tr(TEXT.errorPrefix) : ''}${tr(props.title)} – beian`;
  return (
    <html lang={htmlLang(view.lang)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="icon" href={view.assets.icon.href} type="image/svg+xml" />
        <link rel="stylesheet" href={view.assets.css.href} />
        <script src={view.assets.js.href} defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          {tr(TEXT.skip)}
        </a>
        <header class="site-header">
          <div class="site-header-inner">
            <a class="brand" href="/">
              beian <span class="brand-sub">{tr(PRODUCT_NAME)}</span>
            </a>
            <div class="header-tools">
              <a
                class="lang-switch"
                href={langSwitchHref(view.url, other)}
                hreflang={htmlLang(other)}
                lang={htmlLang(other)}
                data-lang-switch
              >
                {other === 'en' ? 'English' : '中文'}
              </a>
              {view.account ? (
                <>
                  <span class="who">
                    <span class="visually-hidden">{tr(TEXT.signedInAs)} </span>
                    <bdi>{view.account.displayName}</bdi>
                    <span class="who-role">{tr(ROLE_LABELS[view.account.role])}</span>
                  </span>
                  <form method="post" action="/logout" class="logout-form">
                    <input type="hidden" name="_csrf" value={view.csrfToken} />
                    <button type="submit" class="link-button">
                      {tr(TEXT.logout)}
                    </button>
                  </form>
                </>
              ) : (
                <>
                  <a href="/login">{tr(TEXT.login)}</a>
                  <a href="/register">{tr(TEXT.register)}</a>
                </>
              )}
            </div>
          </div>
          {view.nav.length > 0 && (
            <nav class="site-nav" aria-label={tr(TEXT.nav)}>
              <ul>
                {view.nav.map((item) => (
                  <li>
                    <a
                      href={item.href}
                      aria-current={isCurrent(item.href, view.url.pathname) ? 'page' : undefined}
                    >
                      {tr(item.label)}
                      {item.countsUnread && view.unread !== null && view.unread > 0 && (
                        <span class="nav-count">
                          {' '}
                          <span aria-hidden="true">({view.unread})</span>
                          <span class="visually-hidden">
                            {tr(TEXT.unread).replace('{n}', String(view.unread))}
                          </span>
                        </span>
                      )}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <main id="main" tabindex={-1}>
          {view.flash && (
            <div
              class={`flash flash-${view.flash.kind}`}
              role={view.flash.kind === 'error' ? 'alert' : 'status'}
            >
              {tr(view.flash.message)}
            </div>
          )}
          <h1>{tr(props.title)}</h1>
          {props.children}
        </main>
        <footer class="site-footer">
          <p>{tr(TEXT.footer)}</p>
          <p>
            {tr(TEXT.dataVersion)}
            <code>{view.dataVersion}</code> · <a href="/rules">{tr(TEXT.rules)}</a> ·{' '}
            <a href="/admin/policy">{tr(TEXT.policy)}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
