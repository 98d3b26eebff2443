/**
 * Signing in, registering and signing out through the forms: POST-redirect-GET with 303 and a
 * same-site `next`, field errors tied to their inputs, the login limits, and a fresh session each time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import type { WebFixture } from './web-fixture.ts';
import { PASSWORD, Page, createWebFixture } from './web-fixture.ts';

/** Every `aria-describedby` of the page names elements that exist, and every invalid input has one. */
function assertErrorsTied(page: Page, fields: string[]) {
  for (const field of fields) {
    const id = `f-${field}`;
    const tag = page.tagWithId(id);
    assert.ok(tag, `input ${id}`);
    assert.equal(Page.attribute(tag, 'aria-invalid'), 'true', `${id} aria-invalid`);
    const describedBy = Page.attribute(tag, 'aria-describedby') ?? '';
    assert.ok(describedBy.split(' ').includes(`${id}-error`), `${id} describedby ${describedBy}`);
    for (const ref of describedBy.split(' ')) assert.ok(page.tagWithId(ref), `#${ref} exists`);
    assert.match(page.html, new RegExp(`<a href="#${id}">`), `summary links to ${id}`);
  }
}

describe('session pages', () => {
  let db: Database;
  let fx: WebFixture;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db);
  });
  after(() => db.destroy());

  it('signs in with 303 to the same-site next, in a new session, and shows a flash once', async () => {
    const browser = await fx.browser();
    const form = await browser.get('/login?next=%2Fadmin%2Fusers%3Fx%3D1');
    assert.equal(form.inputValue('next'), '/admin/users?x=1');
    const done = await browser.post('/login', {
      login: 'admin.user',
      password: PASSWORD,
      next: '/admin/users?x=1',
    });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/admin/users?x=1');
    const session = browser.cookies.get('beian_session');
    assert.ok(session);
    const users = await browser.get('/admin/users');
    assert.equal(users.status, 200);
    assert.match(users.html, /class="flash flash-success" role="status">已登录。/);
    const again = await browser.get('/admin/users');
    assert.doesNotMatch(again.html, /class="flash/);

    // Signing in again replaces the session: the old id no longer works.
    await browser.post('/login', { login: 'admin.user', password: PASSWORD });
    assert.notEqual(browser.cookies.get('beian_session'), session);
    const old = await fx.app.request('/admin/users', { headers: { cookie: `beian_session=${session}` } });
    assert.equal(old.status, 303);
  });

  it('ignores a next that could leave the site', async () => {
    for (const next of [
      '//evil.example',
      'https://evil.example/',
      '/\\evil.example',
      '/\\/evil.example',
      'javascript:alert(1)',
      '/%0d%0aSet-Cookie:x',
      // Issue 12: dot segments that URL normalisation turns into `//evil.example`.
      '/.//evil.example',
      '/..//evil.example',
      '/%2e//evil.example',
    ]) {
      const browser = await fx.browser();
      const form = await browser.get(`/login?next=${encodeURIComponent(next)}`);
      const hidden = form.inputValue('next');
      assert.ok(
        hidden === null || (hidden.startsWith('/') && !hidden.startsWith('//')),
        `${next} → ${hidden}`,
      );
      // The register link carries the same next: never a scheme-relative one.
      assert.doesNotMatch(form.html, /register\?next=%2F%2F/i, next);
      const done = await browser.post('/login', { login: 'admin.user', password: PASSWORD, next });
      assert.equal(done.status, 303);
      const location = done.location ?? '';
      assert.ok(
        location === '/' || (location.startsWith('/') && !location.startsWith('//')),
        `${next} → ${location}`,
      );
      assert.doesNotMatch(location, /evil|javascript|\\|\r|\n/, `${next} → ${location}`);
    }
  });

  it('refuses wrong credentials with the error on the login field, keeping the name and not the password', async () => {
    const browser = await fx.browser();
    await browser.get('/login');
    const wrong = await browser.post('/login', { login: 'admin.user', password: 'not the password' });
    assert.equal(wrong.status, 401);
    assertErrorsTied(wrong, ['login']);
    assert.match(wrong.html, /账号名或密码错误/);
    assert.match(wrong.html, /<title>错误：登录 – beian<\/title>/);
    assert.equal(wrong.inputValue('login'), 'admin.user');
    assert.equal(wrong.inputValue('password'), '');
    const empty = await browser.post('/login', {});
    assert.equal(empty.status, 422);
    assertErrorsTied(empty, ['login', 'password']);
    assert.equal(browser.cookies.get('beian_session'), undefined);
  });

  it('limits sign-in attempts per address with a 429 page', async () => {
    const limitedDb = await openDatabase({ path: ':memory:' });
    try {
      const limited = await createWebFixture(limitedDb, {
        rateLimits: { login: { limit: 2, windowMs: 60_000 } },
      });
      const browser = await limited.browser();
      await browser.get('/login');
      for (let i = 0; i < 2; i++) {
        assert.equal((await browser.post('/login', { login: 'x', password: 'y' })).status, 401);
      }
      const blocked = await browser.post('/login', { login: 'x', password: 'y' });
      assert.equal(blocked.status, 429);
      assert.ok(Number(blocked.headers.get('retry-after')) > 0);
      assert.match(blocked.html, /请求过于频繁/);
      // Registration counts against the same limit.
      assert.equal((await browser.post('/register', {})).status, 429);
    } finally {
      await limitedDb.destroy();
    }
  });

  it('limits a failing address for a login, not the owner elsewhere, and says how long (issue 12)', async () => {
    const attacker = await fx.browser();
    const ip = { 'x-test-ip': '203.0.113.9' };
    await attacker.get('/login', ip);
    for (let i = 0; i < 5; i++) {
      const wrong = await attacker.post(
        '/login',
        { login: 'admin.user', password: `guess ${i}` },
        { headers: ip },
      );
      assert.equal(wrong.status, 401);
    }
    const limited = await attacker.post(
      '/login',
      { login: 'admin.user', password: PASSWORD },
      { headers: ip },
    );
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '900');
    assertErrorsTied(limited, ['login']);
    assert.match(limited.html, /从您的网络地址登录该账号失败次数过多，请 15 分钟后再试/);
    assert.equal(attacker.cookies.get('beian_session'), undefined);
    const owner = await fx.browser();
    const other = { 'x-test-ip': '198.51.100.9' };
    await owner.get('/login', other);
    const done = await owner.post('/login', { login: 'admin.user', password: PASSWORD }, { headers: other });
    assert.equal(done.status, 303);
  });

  it('registers an applicant: 303, signed in, audited; errors tied to fields on 422', async () => {
    const browser = await fx.browser();
    await browser.get('/register');
    const bad = await browser.post('/register', {
      login: 'Bad Name!',
      displayName: '',
      password: 'short',
      passwordConfirm: 'short',
    });
    assert.equal(bad.status, 422);
    assertErrorsTied(bad, ['login', 'displayName', 'password']);
    assert.equal(bad.inputValue('login'), 'Bad Name!');
    assert.equal(bad.inputValue('password'), '');

    // Issue 12: weak passwords are field errors on the password, in the page's language.
    for (const [password, message] of [
      ['a'.repeat(12), /密码由重复的字符或片段组成/],
      ['qwertyuiop123', /密码是常见密码/],
      ['li.lei is my password', /密码不能包含账号名/],
    ] as const) {
      const weak = await browser.post('/register', {
        login: 'li.lei',
        displayName: '李雷',
        password,
        passwordConfirm: password,
      });
      assert.equal(weak.status, 422, password);
      assertErrorsTied(weak, ['password']);
      assert.match(weak.html, message);
    }
    assert.equal(
      await db.kysely.selectFrom('account').select('id').where('login', '=', 'li.lei').executeTakeFirst(),
      undefined,
    );

    const mismatch = await browser.post('/register', {
      login: 'li.lei',
      displayName: '李雷',
      password: PASSWORD,
      passwordConfirm: `${PASSWORD}!`,
    });
    assertErrorsTied(mismatch, ['passwordConfirm']);

    const done = await browser.post('/register', {
      login: 'Li.Lei',
      displayName: '李雷',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      next: '/precheck',
    });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/precheck');
    const home = await browser.get('/');
    assert.match(home.html, /<bdi>李雷<\/bdi><span class="who-role">备案申请人<\/span>/);
    const account = await db.kysely
      .selectFrom('account')
      .selectAll()
      .where('login', '=', 'li.lei')
      .executeTakeFirst();
    assert.equal(account?.role, 'applicant');
    const audit = await db.kysely
      .selectFrom('audit_event')
      .selectAll()
      .where('target', '=', 'account:li.lei')
      .execute();
    assert.deepEqual(
      audit.map((event) => [event.action, event.actor_account]),
      [['account.register', 'li.lei']],
    );

    const taken = await (await fx.browser()).post('/register', {}, { csrf: false });
    assert.equal(taken.status, 403, 'no form token, no registration');
    const other = await fx.browser();
    await other.get('/register');
    const duplicate = await other.post('/register', {
      login: 'li.lei',
      displayName: 'x',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    assert.equal(duplicate.status, 422);
    assertErrorsTied(duplicate, ['login']);
    assert.match(duplicate.html, /账号 li\.lei 已存在/);
  });

  it('signs out with POST only, ending the session', async () => {
    const browser = await fx.browser('applicant');
    const session = browser.cookies.get('beian_session');
    const home = await browser.get('/');
    assert.match(home.html, /<form method="post" action="\/logout"/);
    assert.equal((await browser.get('/logout')).status, 404);
    const out = await browser.post('/logout', {});
    assert.equal(out.status, 303);
    assert.equal(out.location, '/');
    assert.equal(browser.cookies.get('beian_session'), undefined);
    const stale = await fx.app.request('/admin/policy', { headers: { cookie: `beian_session=${session}` } });
    assert.doesNotMatch(await stale.text(), /who-role/);
    assert.match((await browser.get('/')).html, /已退出登录/);
  });
});
