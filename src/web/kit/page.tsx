/**
 * Pages are data, like API routes (src/http/route.ts): method, path, the access they need and a
 * handler. `mountPages` is the only way a page reaches the app, and it always puts in front of the
 * handler the same actor resolution, CSRF check and permission decision (`accessDecision` over the
 * one permission table, src/filing/roles.ts) as the API, answering the way a browser needs:
 *
 * - anonymous visitor on a signed-in page → 303 to `/login?next=<this page>`;
 * - signed in with a role the table refuses → 403 page;
 * - unsafe method without the form's `_csrf` (session token, or the pre-sign-in form token) or sent
 *   cross-site (`Sec-Fetch-Site`) → 403 page; rate limit spent → 429 page; body too big → 413 page.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Account } from '../../accounts/index.ts';
import type { FieldError, Role } from '../../filing/index.ts';
import type { RateLimitName, RouteAccess } from '../../http/app.ts';
import { ApiError, accessDecision, checkCsrf, enforceRateLimit, resolveActor } from '../../http/app.ts';
import type { Actor, AppDeps, AppEnv } from '../../http/context.ts';
import type { Assets } from './assets.ts';
import type { Flash } from './cookies.ts';
import { anonymousFormToken, checkAnonymousFormToken, clearFlash, readFlash, setFlash } from './cookies.ts';
import type { FormState } from './form.tsx';
import type { Lang, Localized } from './i18n.ts';
import { requestLang, t } from './i18n.ts';
import type { NavItem, View } from './layout.tsx';
import { Layout } from './layout.tsx';
import { loginHref, safeNext } from './redirect.ts';

/** The same accesses as API routes: an Action of the permission table, `anyone`, or `signed-in`. */
type PageAccess = RouteAccess;
type PageMethod = 'get' | 'post';

/** 1 MiB, as for the API; a page taking uploads declares its own `maxBodyBytes`. */
const DEFAULT_PAGE_BODY_LIMIT_BYTES = 1024 * 1024;

type RenderOptions = {
  title: Localized;
  /** 200 by default; 422 re-renders a form with errors (any 4xx title starts with "错误："). */
  status?: ContentfulStatusCode;
  body: Child;
};

/** What a page handler gets: the request, who asks, in which language, and how to answer. */
export type PageRequest = {
  readonly c: Context<AppEnv>;
  readonly deps: AppDeps;
  readonly actor: Actor;
  /** The signed-in account, or null for an anonymous visitor. */
  readonly account: Account | null;
  readonly lang: Lang;
  readonly view: View;
  /** Path parameters (`/admin/users/:id` → `{ id }`), untrusted text. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Text fields of a POSTed form by name (the last value of a repeated name); `{}` on GET. */
  readonly form: Readonly<Record<string, string>>;
  /** Uploaded files by field name (multipart forms). */
  readonly files: Readonly<Record<string, File>>;
  /** The text in the page's language (a plain function: `const tr = p.t` is fine). */
  readonly t: (text: Localized) => string;
  /** Form state for the kit's fields; values default to the POSTed form (so a failed POST re-fills). */
  readonly formState: (init?: {
    values?: Readonly<Record<string, string>>;
    errors?: readonly FieldError[];
  }) => FormState;
  /** The page inside the Layout (and the pending flash, which is then cleared). */
  readonly render: (options: RenderOptions) => Promise<Response>;
  /** 303 See Other to a path on this site (POST-redirect-GET), with a flash for the next page. */
  readonly redirect: (to: string, flash?: Flash) => Response;
};

export type WebPage = {
  readonly method: PageMethod;
  /** Hono syntax (`/admin/users/:id`). */
  readonly path: string;
  readonly access: PageAccess;
  /**
   * Shown in the navigation to visitors the access allows (GET pages only), in registry order;
   * `roles` narrows who sees the entry (the page stays open to all its access allows): reference pages
   * a role works with daily are navigation for it, and help for the others.
   */
  readonly nav?: { label: Localized; roles?: readonly Role[] };
  /** A per-IP limit counted before the handler. */
  readonly rateLimit?: RateLimitName;
  readonly maxBodyBytes?: number;
  handle(p: PageRequest): Promise<Response>;
};

/** Declares a page; see the module comment for what always runs before `handle`. */
export function definePage(page: WebPage): WebPage {
  if (page.nav && page.method !== 'get') throw new Error(`nav entry on ${page.method} ${page.path}`);
  return page;
}

const pathPattern = (path: string): RegExp => new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}$`);

/** What every page of one app shares: the registry (for the navigation) and the assets. */
export type PageSite = { readonly pages: readonly WebPage[]; readonly assets: Assets };

const ANONYMOUS: Actor = { kind: 'anonymous' };

/** The navigation for this actor: the registry's nav pages the permission table lets them open. */
function navFor(site: PageSite, actor: Actor): NavItem[] {
  const role = actor.kind === 'account' ? actor.account.role : null;
  const shown = (roles: readonly Role[] | undefined) =>
    roles === undefined || (role !== null && roles.includes(role));
  return site.pages
    .filter(
      (page) => page.nav && shown(page.nav.roles) && accessDecision(page.access, actor, 'GET') === 'allowed',
    )
    .map((page) => ({
      href: page.path,
      label: (page.nav as { label: Localized }).label,
      public: accessDecision(page.access, ANONYMOUS, 'GET') === 'allowed',
    }));
}

/** The CSRF token forms of this response carry: the session's, else the pre-sign-in form token. */
function formTokenFor(c: Context<AppEnv>, actor: Actor): string {
  if (actor.kind === 'account' && actor.via === 'session') return actor.session.csrfToken;
  return anonymousFormToken(c);
}

export function buildView(
  c: Context<AppEnv>,
  site: PageSite,
  actor: Actor,
  lang: Lang,
  flash: Flash | null,
): View {
  let token: string | undefined;
  return {
    lang,
    url: new URL(c.req.url),
    account: actor.kind === 'account' ? actor.account : null,
    // Read only when a form renders: a page without a POST form sets no form-token cookie.
    get csrfToken() {
      token ??= formTokenFor(c, actor);
      return token;
    },
    flash,
    nav: navFor(site, actor),
    assets: site.assets,
    dataVersion: c.get('deps').policy.provenance.dataVersion,
  };
}

/** Renders `body` inside the Layout as a complete HTML document. */
export async function renderDocument(
  c: Context<AppEnv>,
  view: View,
  options: RenderOptions,
): Promise<Response> {
  const status = options.status ?? 200;
  const page = (
    <Layout view={view} title={options.title} hasErrors={status >= 400 && status < 500}>
      {options.body}
    </Layout>
  );
  return c.html(await html`<!doctype html>${page}`, status);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Synchronizer token for sessions (the API's `checkCsrf`), double-submit form token before sign-in
 * (login CSRF), and a refusal of whatever the browser itself says came from another site.
 */
async function checkPageCsrf(c: Context<AppEnv>, actor: Actor): Promise<void> {
  if (!UNSAFE.has(c.req.method)) return;
  if (c.req.header('sec-fetch-site') === 'cross-site') throw new ApiError('CSRF_TOKEN_INVALID');
  if (actor.kind === 'account') {
    await checkCsrf(c as Context<AppEnv, string>, () => Promise.resolve());
    return;
  }
  const body = await c.req.parseBody();
  if (!checkAnonymousFormToken(c, body._csrf)) throw new ApiError('CSRF_TOKEN_INVALID');
}

async function readForm(
  c: Context<AppEnv>,
): Promise<{ form: Record<string, string>; files: Record<string, File> }> {
  const form: Record<string, string> = {};
  const files: Record<string, File> = {};
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return { form, files };
  for (const [name, value] of Object.entries(await c.req.parseBody())) {
    if (typeof value === 'string') form[name] = value;
    else if (value instanceof File) files[name] = value;
  }
  return { form, files };
}

/** Mounts one page behind actor, permission, CSRF and rate-limit checks. */
function mountPage(app: Hono<AppEnv>, site: PageSite, page: WebPage): void {
  const limitBody: MiddlewareHandler<AppEnv> =
    page.method === 'get'
      ? (_c, next) => next()
      : bodyLimit({
          maxSize: page.maxBodyBytes ?? DEFAULT_PAGE_BODY_LIMIT_BYTES,
          onError: () => {
            throw new ApiError('PAYLOAD_TOO_LARGE');
          },
        });
  const getPatterns = site.pages
    .filter((other) => other.method === 'get')
    .map((other) => pathPattern(other.path));

  app.on(page.method.toUpperCase(), page.path, limitBody, resolveActor, async (c) => {
    const deps = c.get('deps');
    const actor = c.get('actor');
    const lang = requestLang(c);
    const decision = accessDecision(page.access, actor, c.req.method);
    if (decision === 'unauthenticated') {
      // Back to this page after signing in; after a POST only if the path is also a page to GET.
      const url = new URL(c.req.url);
      const back =
        page.method === 'get'
          ? `${url.pathname}${url.search}`
          : getPatterns.some((pattern) => pattern.test(url.pathname))
            ? url.pathname
            : null;
      return c.redirect(loginHref(back), 303);
    }
    if (decision === 'forbidden') throw new ApiError('FORBIDDEN');
    if (decision === 'read-only-token') throw new ApiError('TOKEN_READ_ONLY');
    await checkPageCsrf(c, actor);
    if (page.rateLimit) await enforceRateLimit(page.rateLimit, deps.clientIp(c), deps);

    const { form, files } = await readForm(c);
    const flash = readFlash(c);
    const view = buildView(c, site, actor, lang, flash);
    const request: PageRequest = {
      c,
      deps,
      actor,
      account: view.account,
      lang,
      view,
      params: c.req.param(),
      query: c.req.query(),
      form,
      files,
      t: (text) => t(lang, text),
      formState: (init = {}) => ({
        lang,
        get csrfToken() {
          return view.csrfToken;
        },
        values: init.values ?? form,
        errors: init.errors ?? [],
      }),
      render: (options) => {
        if (flash) clearFlash(c);
        return renderDocument(c, view, options);
      },
      redirect: (to, next) => {
        const target = safeNext(to);
        if (target === null) throw new Error(`redirect to ${to}: not a path on this site`);
        if (next) setFlash(c, next);
        return c.redirect(target, 303);
      },
    };
    return page.handle(request);
  });
}

/** Mounts every page of `site` (in registry order). */
export function mountPages(app: Hono<AppEnv>, site: PageSite): void {
  const seen = new Set<string>();
  for (const page of site.pages) {
    const key = `${page.method} ${page.path}`;
    if (seen.has(key)) throw new Error(`two pages for ${key}`);
    seen.add(key);
    mountPage(app, site, page);
  }
}

/** The signed-in account of a page that requires one (its access already made sure). */
export function signedInAccount(p: PageRequest): Account {
  if (p.account === null) throw new ApiError('UNAUTHENTICATED');
  return p.account;
}
