/**
 * What every page gets from the shell: CSRF protection of form posts, the security headers, the
 * static assets with their caching, the language switch, and HTML 404/500 pages outside /api/v1
 * while the API keeps answering JSON.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../src/filing/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { PAGES } from '../../src/web/index.ts';
import { definePage, loadAssets } from '../../src/web/kit/index.ts';
import type { WebFixture } from './web-fixture.ts';
import { PASSWORD, Page, createWebFixture } from './web-fixture.ts';

const assets = loadAssets();

describe('web shell', () => {
  let db: Database;
  let fx: WebFixture;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db, {
      pages: [
        ...PAGES,
        definePage({
          method: 'get',
          path: '/test/bug',
          access: 'anyone',
          handle: () => Promise.reject(new Error('secret detail of a bug')),
        }),
      ],
    });
  });
  after(() => db.destroy());

  describe('CSRF', () => {
    const create = {
      login: 'new.reviewer',
      displayName: 'R',
      role: 'provider-reviewer',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    };

    it('refuses a signed-in form post without or with a wrong _csrf, and accepts the right one', async () => {
      const admin = await fx.browser('admin');
      const page = await admin.get('/admin/users');
      assert.equal(page.inputValue('_csrf'), admin.csrf);
      const without = await admin.post('/admin/users', create, { csrf: false });
      assert.equal(without.status, 403);
      assert.match(without.html, /表单已失效或并非来自本站/);
      const wrong = await admin.post('/admin/users', create, { csrf: `${admin.csrf.slice(0, -1)}x` });
      assert.equal(wrong.status, 403);
      const anonymousToken = (await (await fx.browser()).get('/login')).inputValue('_csrf') ?? '';
      assert.equal((await admin.post('/admin/users', create, { csrf: anonymousToken })).status, 403);
      const none = await db.kysely
        .selectFrom('account')
        .select('id')
        .where('login', '=', 'new.reviewer')
        .execute();
      assert.deepEqual(none, []);
      const right = await admin.post('/admin/users', create);
      assert.equal(right.status, 303);
      assert.equal(right.location, '/admin/users');
    });

    it('protects forms before sign-in with a form-token cookie (login CSRF)', async () => {
      const visitor = await fx.browser();
      // A forged cross-site login carries no token the attacker could know.
      const forged = await visitor.post(
        '/login',
        { login: 'admin.user', password: PASSWORD },
        { csrf: false },
      );
      assert.equal(forged.status, 403);
      await visitor.get('/login');
      assert.match(visitor.csrf, /^[A-Za-z0-9_-]{43}$/);
      const guessed = await visitor.post(
        '/login',
        { login: 'admin.user', password: PASSWORD },
        { csrf: 'A'.repeat(43) },
      );
      assert.equal(guessed.status, 403);
      const real = await visitor.post('/login', { login: 'admin.user', password: PASSWORD });
      assert.equal(real.status, 303);
    });

    it('refuses what the browser itself marks as sent from another site', async () => {
      const admin = await fx.browser('admin');
      await admin.get('/admin/users');
      const cross = await admin.post('/admin/users', create, { headers: { 'sec-fetch-site': 'cross-site' } });
      assert.equal(cross.status, 403);
    });

    it('sets no form-token cookie on pages without a form', async () => {
      const visitor = await fx.browser();
      await visitor.get('/rules');
      assert.equal(visitor.cookies.has('beian_form'), false);
      await visitor.get('/precheck');
      assert.equal(visitor.cookies.has('beian_form'), true);
    });
  });

  describe('headers and assets', () => {
    it('sends the security headers on pages, error pages and assets', async () => {
      for (const path of ['/', '/precheck', '/no-such-page', assets.css.href]) {
        const response = await fx.app.request(path);
        const csp = response.headers.get('content-security-policy') ?? '';
        assert.match(csp, /default-src 'self'/, path);
        assert.match(csp, /frame-ancestors 'none'/, path);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/, path);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
        assert.equal(response.headers.get('x-frame-options'), 'DENY', path);
        assert.equal(response.headers.get('referrer-policy'), 'same-origin', path);
      }
      const page = await fx.app.request('/');
      assert.equal(page.headers.get('cache-control'), 'no-store');
    });

    it('loads nothing from elsewhere and has no inline script or style', async () => {
      for (const path of ['/', '/precheck', '/rules', '/admin/policy']) {
        const html = await (await fx.app.request(path)).text();
        assert.doesNotMatch(html, /<(?:script|link)\b[^>]*(?:src|href)="(?:https?:)?\/\//i, path);
        assert.doesNotMatch(html, /<script\b(?![^>]*\bsrc=)[^>]*>/i, `${path}: inline script`);
        assert.doesNotMatch(html, /<style\b|\sstyle="|\son[a-z]+="/i, `${path}: inline style or handler`);
        assert.match(
          html,
          new RegExp(`<link rel="stylesheet" href="${assets.css.href.replace(/[?.]/g, '\\$&')}"/>`),
        );
      }
      assert.doesNotMatch(assets.css.body, /@import|url\(\s*['"]?(?:https?:)?\/\//i);
      assert.doesNotMatch(assets.js.body, /https?:\/\//);
      assert.match(assets.css.body, /'PingFang SC'.*'Noto Sans CJK SC'.*'Microsoft YaHei'/s);
    });

    it('caches assets by content hash, and revalidates any other URL with the ETag', async () => {
      for (const asset of [assets.css, assets.js, assets.icon]) {
        const hashed = await fx.app.request(asset.href);
        assert.equal(hashed.status, 200);
        assert.equal(hashed.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        assert.equal(hashed.headers.get('content-type'), asset.contentType);
        assert.equal(await hashed.text(), asset.body);
        const etag = hashed.headers.get('etag') ?? '';
        assert.equal(etag, `"${asset.hash}"`);
        const plain = await fx.app.request(`/static/${asset.name}`);
        assert.equal(plain.headers.get('cache-control'), 'no-cache');
        const again = await fx.app.request(`/static/${asset.name}`, { headers: { 'if-none-match': etag } });
        assert.equal(again.status, 304);
        assert.equal(await again.text(), '');
      }
      assert.equal((await fx.app.request('/static/../package.json')).status, 404);
      assert.equal((await fx.app.request('/static/app.ts')).status, 404);
    });
  });

  describe('language', () => {
    it('is Chinese by default whatever Accept-Language says; ?lang=en switches and is remembered', async () => {
      const visitor = await fx.browser();
      const zh = await visitor.get('/query', { 'accept-language': 'en-US,en;q=0.9' });
      assert.match(zh.html, /<html lang="zh-CN">/);
      assert.match(zh.html, /<h1>备案查询<\/h1>/);
      assert.match(zh.html, /<a class="lang-switch" href="\/query\?lang=en" hreflang="en" lang="en"/);

      const en = await visitor.get('/query?by=domain&q=demo-filed-here.cn&lang=en');
      assert.match(en.html, /<html lang="en">/);
      assert.match(en.html, /<h1>Filing query<\/h1>/);
      assert.equal(visitor.cookies.get('beian_lang'), 'en');
      // The switch back keeps the path and the query.
      assert.match(
        en.html,
        /href="\/query\?by=domain&amp;q=demo-filed-here.cn&amp;lang=zh" hreflang="zh-CN" lang="zh-CN"/,
      );

      const remembered = await visitor.get('/rules');
      assert.match(remembered.html, /<html lang="en">/);
      const back = await visitor.get('/rules?lang=zh');
      assert.match(back.html, /<html lang="zh-CN">/);
      assert.equal(visitor.cookies.get('beian_lang'), 'zh');
      const ignored = await visitor.get('/rules?lang=fr');
      assert.match(ignored.html, /<html lang="zh-CN">/);
    });

    it('puts the switch, skip link, main landmark and navigation on every page', async () => {
      const admin = await fx.browser('admin');
      for (const page of PAGES.filter((p) => p.method === 'get' && !p.path.includes(':'))) {
        const html = (await admin.get(page.path)).html;
        assert.match(html, /<a class="skip-link" href="#main">/, page.path);
        assert.match(html, /<main id="main"/, page.path);
        assert.match(html, /class="lang-switch"/, page.path);
        assert.match(html, /<nav class="site-nav" aria-label="主导航">/, page.path);
      }
    });
  });

  describe('navigation', () => {
    it('shows each role the pages the permission table allows it', async () => {
      const links = (page: Page) =>
        [...page.html.matchAll(/<nav class="site-nav"[^>]*><ul>(.*?)<\/ul>/g)]
          .flatMap((m) => [...(m[1] ?? '').matchAll(/href="([^"]+)"/g)])
          .map((m) => m[1]);
      const anonymous = links(await (await fx.browser()).get('/'));
      assert.ok(anonymous.includes('/precheck') && anonymous.includes('/query'));
      assert.ok(!anonymous.includes('/admin/users'));
      const admin = links(await (await fx.browser('admin')).get('/'));
      assert.ok(admin.includes('/admin/users'));
      const applicant = links(await (await fx.browser('applicant')).get('/'));
      assert.ok(!applicant.includes('/admin/users'));
      const current = (await (await fx.browser()).get('/query')).html;
      assert.match(current, /<a href="\/query" aria-current="page">/);
    });

    it('keeps the rules and the policy data out of the applicant’s navigation: under 帮助, and for staff', async () => {
      const links = async (role?: Role) => {
        const html = (await (await fx.browser(role)).get('/')).html;
        return [
          ...(/<nav class="site-nav"[^>]*><ul>(.*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/href="([^"]+)"/g),
        ].map((m) => m[1]);
      };
      for (const who of [undefined, 'applicant', 'registrar-operator'] as const) {
        const nav = await links(who);
        assert.ok(nav.includes('/help'), `${who}: 帮助`);
        assert.ok(!nav.includes('/rules') && !nav.includes('/admin/policy'), `${who}: ${nav.join(' ')}`);
      }
      const reviewer = await links('provider-reviewer');
      assert.ok(reviewer.includes('/rules') && !reviewer.includes('/admin/policy'), reviewer.join(' '));
      const admin = await links('admin');
      assert.ok(admin.includes('/rules') && admin.includes('/admin/policy'), admin.join(' '));
      // Out of the navigation, not out of reach: 帮助 links both, and both still open for everyone.
      const help = await (await fx.browser('applicant')).get('/help');
      assert.equal(help.status, 200);
      for (const href of ['/faq', '/rules', '/admin/policy'])
        assert.ok(help.html.includes(`href="${href}"`), href);
      assert.equal((await (await fx.browser('applicant')).get('/admin/policy')).status, 200);
    });
  });

  describe('error pages', () => {
    it('answers unknown paths with an HTML 404 page, and API paths with JSON', async () => {
      const visitor = await fx.browser('applicant');
      const missing = await visitor.get('/no/such/page?lang=en');
      assert.equal(missing.status, 404);
      assert.match(missing.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(missing.html, /<html lang="en">/);
      assert.match(missing.html, /Page not found/);
      assert.match(missing.html, /<span class="who-role">applicant<\/span>/, 'knows who is signed in');
      const api = await fx.app.request('/api/v1/no-such-route');
      assert.equal(api.status, 404);
      assert.equal(((await api.json()) as { code: string }).code, 'NOT_FOUND');
    });

    it('shows a 500 page that reveals nothing, and reports the bug', async () => {
      const before = fx.errors.length;
      const response = await fx.app.request('/test/bug');
      assert.equal(response.status, 500);
      const html = await response.text();
      assert.match(html, /服务器出错了/);
      assert.doesNotMatch(html, /secret detail|Error:|at /);
      assert.equal(fx.errors.length, before + 1);
      fx.errors.length = before;
    });

    it('shows a 413 page for a form body over the limit', async () => {
      const visitor = await fx.browser();
      await visitor.get('/login');
      const huge = await visitor.post('/login', { login: 'x'.repeat(2 * 1024 * 1024), password: 'y' });
      assert.equal(huge.status, 413);
      assert.match(huge.html, /提交的内容过大/);
    });
  });
});
