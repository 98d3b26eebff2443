/**
 * The page matrix: every page of the PAGES registry × anonymous and every role. The expectation is
 * written out from `can` (src/filing/roles.ts), independently of the kit's own decision: anonymous on a
 * signed-in page → 303 to /login?next=<the page>; a role the table refuses → 403 page; allowed → the
 * page (200 for a GET without path parameters), never a 5xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACTIONS, ROLES, can } from '../../src/filing/roles.ts';
import type { Role } from '../../src/filing/roles.ts';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import type { WebPage } from '../../src/web/kit/index.ts';
import { PAGES } from '../../src/web/index.ts';
import type { WebFixture } from './web-fixture.ts';
import { Page, createWebFixture } from './web-fixture.ts';

type Expected = 'allowed' | 'login' | 'forbidden';

function expected(page: WebPage, role: Role | null): Expected {
  if (page.access === 'anyone') return 'allowed';
  if (page.access === 'signed-in') return role === null ? 'login' : 'allowed';
  if (can(role, page.access)) return 'allowed';
  return role === null ? 'login' : 'forbidden';
}

/**
 * Path parameters as a record that does not exist: the access check comes first, and a POST by an
 * allowed role must not change fixture data that later rows rely on (disabling account 1, say).
 */
const concrete = (path: string) => path.replace(/:\w+/g, '999999');

describe('page registry', () => {
  it('gives every page a known access and no two pages one method and path', () => {
    const known = new Set<string>([...ACTIONS, 'anyone', 'signed-in']);
    for (const page of PAGES) assert.ok(known.has(page.access), `${page.method} ${page.path}`);
    const keys = PAGES.map((page) => `${page.method} ${page.path}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('keeps navigation entries on GET pages without parameters', () => {
    for (const page of PAGES.filter((p) => p.nav)) {
      assert.equal(page.method, 'get', page.path);
      assert.doesNotMatch(page.path, /:/, page.path);
    }
  });
});

describe('page matrix', () => {
  let db: Database;
  let fx: WebFixture;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db);
  });
  after(() => db.destroy());

  for (const page of PAGES) {
    it(`${page.method.toUpperCase()} ${page.path} (${page.access})`, async () => {
      for (const role of [null, ...ROLES]) {
        const who = role ?? 'anonymous';
        const browser = await fx.browser(role ?? undefined);
        const path = concrete(page.path);
        let result: Page;
        if (page.method === 'get') {
          result = await browser.get(path);
        } else {
          // Anonymous visitors need the pre-sign-in form token a GET of any form page gives them.
          if (role === null) await browser.get('/login');
          result = await browser.post(path, {});
        }
        const want = expected(page, role);
        if (want === 'login') {
          assert.equal(result.status, 303, `${who}: ${result.status}`);
          const next = page.method === 'get' ? `?next=${encodeURIComponent(path)}` : '';
          assert.ok(
            result.location === `/login${next}` ||
              (page.method !== 'get' && result.location?.startsWith('/login')),
            `${who}: Location ${result.location}`,
          );
        } else if (want === 'forbidden') {
          assert.equal(result.status, 403, `${who}: ${result.status}`);
          assert.match(result.html, /<html lang="zh-CN">/);
        } else {
          assert.ok(result.status < 500, `${who}: ${result.status}`);
          assert.notEqual(result.status, 403, `${who}: refused`);
          assert.ok(!(result.location ?? '').startsWith('/login'), `${who}: sent to ${result.location}`);
          if (page.method === 'get' && !page.path.includes(':')) assert.equal(result.status, 200, `${who}`);
        }
        if (result.status !== 303 && result.status !== 304) {
          // Every page, refusals included, is a full document with the language switch.
          assert.match(result.html, /^<!doctype html><html lang="zh-CN">/, `${who}`);
          assert.match(result.html, /<a class="lang-switch" href="[^"]*lang=en"/, `${who}`);
        }
      }
      assert.deepEqual(fx.errors, []);
    });
  }
});
