/**
 * The web app (issue 5): server-rendered pages (hono/jsx) on the same Hono app as the JSON API, so
 * both share one actor resolution, one CSRF check, one permission table and one set of rate limits.
 * Building pages: see src/web/kit/index.ts.
 */
import type { Hono } from 'hono';
import type { AppOptions } from '../http/app.ts';
import { createApp } from '../http/app.ts';
import type { AppEnv } from '../http/context.ts';
import type { Assets, WebPage } from './kit/index.ts';
import { createPageShell, loadAssets } from './kit/index.ts';
import { PAGES } from './pages.ts';

export type WebAppOptions = Omit<AppOptions, 'pages'> & {
  /** Default: the PAGES registry. */
  pages?: readonly WebPage[];
  /** Default: src/web/static/, read once here. */
  assets?: Assets;
};

/** The API under /api/v1 plus the pages, the static assets, and HTML 404/500 pages elsewhere. */
export function createWebApp(options: WebAppOptions): Hono<AppEnv> {
  const { pages, assets, ...appOptions } = options;
  const shell = createPageShell({ pages: pages ?? PAGES, assets: assets ?? loadAssets() });
  return createApp({ ...appOptions, pages: shell });
}

export { PAGES } from './pages.ts';
