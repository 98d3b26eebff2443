/**
 * The stylesheet, script and icon, served from src/web/static/ by the app itself (no CDN: issue 5 wants the
 * pages to work offline). Pages link `/static/app.css?v=<hash>`; a request carrying the current hash
 * may be cached for a year (the URL changes with the content), any other gets `no-cache` with an ETag.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';

const STATIC_DIR = fileURLToPath(new URL('../static/', import.meta.url));

type Asset = {
  readonly name: string;
  readonly contentType: string;
  readonly body: string;
  /** First 16 hex digits of the SHA-256 of the body. */
  readonly hash: string;
  /** The URL pages use: `/static/<name>?v=<hash>`. */
  readonly href: string;
};

export type Assets = { readonly css: Asset; readonly js: Asset; readonly icon: Asset };

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

function loadAsset(dir: string, name: string): Asset {
  const body = readFileSync(`${dir}${name}`, 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const extension = name.slice(name.lastIndexOf('.'));
  const contentType = CONTENT_TYPES[extension];
  if (contentType === undefined) throw new Error(`no content type for static file ${name}`);
  return { name, contentType, body, hash, href: `/static/${name}?v=${hash}` };
}

/** Reads the assets once, when the app is built. */
export function loadAssets(dir: string = STATIC_DIR): Assets {
  return {
    css: loadAsset(dir, 'app.css'),
    js: loadAsset(dir, 'app.js'),
    icon: loadAsset(dir, 'favicon.svg'),
  };
}

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Answers an asset request: 304 for a matching If-None-Match, else the body. */
export function serveAsset(c: Context, asset: Asset): Response {
  const etag = `"${asset.hash}"`;
  c.header('ETag', etag);
  c.header(
    'Cache-Control',
    c.req.query('v') === asset.hash ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache',
  );
  const match = c.req.header('if-none-match');
  if (match !== undefined && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    return c.body(null, 304);
  }
  c.header('Content-Type', asset.contentType);
  return c.body(asset.body, 200);
}
