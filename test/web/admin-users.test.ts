/**
 * 用户管理 for administrators: creating accounts with a role, disabling and enabling, setting a new
 * password — each with POST-redirect-GET, a flash, an audit event, and sessions ended where they must.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import type { WebFixture } from './web-fixture.ts';
import { PASSWORD, createWebFixture } from './web-fixture.ts';

const NEW_PASSWORD = 'a brand new passphrase';

describe('admin users pages', () => {
  let db: Database;
  let fx: WebFixture;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db);
  });
  after(() => db.destroy());

  const auditOf = (login: string) =>
    db.kysely
      .selectFrom('audit_event')
      .select(['action', 'actor_account', 'actor_role', 'from_status', 'to_status'])
      .where('target', '=', `account:${login}`)
      .orderBy('id')
      .execute();
  const idOf = async (login: string) =>
    (await db.kysely.selectFrom('account').select('id').where('login', '=', login).executeTakeFirstOrThrow())
      .id;

  it('lists accounts with their roles and status', async () => {
    const page = await (await fx.browser('admin')).get('/admin/users');
    assert.equal(page.status, 200);
    assert.match(page.html, /<bdi class="code">bureau-reviewer\.user<\/bdi>/);
    assert.match(page.html, /管局审核员（沙箱）/);
    assert.match(page.html, /<bdi class="code">admin\.user<\/bdi>（您）/);
    // No disable button on one's own row.
    assert.doesNotMatch(page.html, new RegExp(`action="/admin/users/${fx.accounts.get('admin')}/disable"`));
  });

  it('shows when an account was created in Beijing time, as every other page does', async () => {
    // 20:30 UTC on 28 November is 04:30 on 29 November in Beijing: a UTC date would be a day early.
    const saved = fx.clock.now;
    fx.clock.now = new Date('2026-11-28T20:30:00Z');
    try {
      const admin = await fx.browser('admin');
      await admin.get('/admin/users');
      const created = await admin.post('/admin/users', {
        login: 'late.night',
        displayName: '夜班',
        role: 'applicant',
        password: PASSWORD,
        passwordConfirm: PASSWORD,
      });
      assert.equal(created.status, 303);
      const list = await admin.get('/admin/users');
      const row = /<bdi class="code">late\.night<\/bdi>[\s\S]*?<\/tr>/.exec(list.html)?.[0] ?? '';
      assert.match(row, /<td class="nowrap" data-label="创建时间">2026-11-29 04:30<\/td>/, row);
    } finally {
      fx.clock.now = saved;
    }
  });

  it('creates an account with a role: 303, flash, audit; errors tied to fields on 422', async () => {
    const admin = await fx.browser('admin');
    await admin.get('/admin/users');
    const bad = await admin.post('/admin/users', {
      login: '',
      displayName: '',
      role: 'emperor',
      password: 'x',
      passwordConfirm: 'x',
    });
    assert.equal(bad.status, 422);
    for (const field of ['login', 'displayName', 'role', 'password']) {
      assert.match(bad.html, new RegExp(`<a href="#f-${field}">`), field);
      assert.ok(bad.tagWithId(`f-${field}-error`), field);
    }
    const weak = await admin.post('/admin/users', {
      login: 'wang.reviewer',
      displayName: '王审核',
      role: 'provider-reviewer',
      password: '123456789012',
      passwordConfirm: '123456789012',
    });
    assert.equal(weak.status, 422);
    assert.match(weak.html, /<a href="#f-password">密码是一串连续的字符/);
    const created = await admin.post('/admin/users', {
      login: 'Wang.Reviewer',
      displayName: '王审核',
      role: 'provider-reviewer',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    assert.equal(created.status, 303);
    assert.equal(created.location, '/admin/users');
    const list = await admin.get('/admin/users');
    assert.match(list.html, /class="flash flash-success" role="status">账号已创建：wang\.reviewer</);
    assert.match(list.html, /<bdi>王审核<\/bdi>/);
    assert.deepEqual(await auditOf('wang.reviewer'), [
      {
        action: 'account.create',
        actor_account: 'admin.user',
        actor_role: 'admin',
        from_status: null,
        to_status: 'enabled',
      },
    ]);
    const reviewer = await fx.browser();
    await reviewer.get('/login');
    assert.equal((await reviewer.post('/login', { login: 'wang.reviewer', password: PASSWORD })).status, 303);

    const again = await admin.post('/admin/users', {
      login: 'wang.reviewer',
      displayName: 'x',
      role: 'admin',
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    assert.equal(again.status, 422);
    assert.match(again.html, /<a href="#f-login">账号 wang\.reviewer 已存在<\/a>/);
  });

  it('disables an account, ending its sessions, and enables it again', async () => {
    const admin = await fx.browser('admin');
    const target = await fx.browser('registrar-operator');
    assert.equal((await target.get('/')).status, 200);
    await admin.get('/admin/users');
    const id = fx.accounts.get('registrar-operator') as number;
    const disabled = await admin.post(`/admin/users/${id}/disable`, {});
    assert.equal(disabled.status, 303);
    assert.equal(disabled.location, '/admin/users');
    assert.match((await admin.get('/admin/users')).html, /账号已停用：registrar-operator\.user/);
    // The session the account had is gone; a new sign-in is refused.
    assert.doesNotMatch((await target.get('/')).html, /who-role/);
    const login = await fx.browser();
    await login.get('/login');
    assert.equal(
      (await login.post('/login', { login: 'registrar-operator.user', password: PASSWORD })).status,
      401,
    );

    await admin.post(`/admin/users/${id}/enable`, {});
    assert.equal(
      (await login.post('/login', { login: 'registrar-operator.user', password: PASSWORD })).status,
      303,
    );
    assert.deepEqual(
      (await auditOf('registrar-operator.user')).map((event) => [
        event.action,
        event.from_status,
        event.to_status,
      ]),
      [
        ['account.disable', 'enabled', 'disabled'],
        ['account.enable', 'disabled', 'enabled'],
      ],
    );
  });

  it('refuses to disable one’s own account, and unknown accounts, with an error flash', async () => {
    const admin = await fx.browser('admin');
    await admin.get('/admin/users');
    const self = await admin.post(`/admin/users/${fx.accounts.get('admin')}/disable`, {});
    assert.equal(self.status, 303);
    const page = await admin.get('/admin/users');
    assert.match(page.html, /class="flash flash-error" role="alert">不能停用自己的账号/);
    assert.equal((await admin.post('/admin/users/999999/disable', {})).status, 303);
    assert.match((await admin.get('/admin/users')).html, /没有编号为 999999 的账号/);
    assert.equal((await admin.post('/admin/users/abc/disable', {})).status, 404);
  });

  it('sets a new password, ending the account’s sessions', async () => {
    const admin = await fx.browser('admin');
    const target = await fx.browser('bureau-reviewer');
    const id = await idOf('bureau-reviewer.user');
    const form = await admin.get(`/admin/users/${id}/password`);
    assert.equal(form.status, 200);
    assert.match(form.html, /<bdi class="code">bureau-reviewer\.user<\/bdi>/);
    const short = await admin.post(`/admin/users/${id}/password`, {
      password: 'short',
      passwordConfirm: 'short',
    });
    assert.equal(short.status, 422);
    assert.match(short.html, /<a href="#f-password">密码至少需要 12 个字符<\/a>/);
    // Issue 12: twelve equal characters, a sequence, the login inside: refused on the password field.
    for (const [password, message] of [
      ['x'.repeat(12), /密码由重复的字符或片段组成/],
      ['abcdefghijklmnop', /密码是一串连续的字符/],
      ['bureau-reviewer.user 2026', /密码不能包含账号名/],
    ] as const) {
      const weak = await admin.post(`/admin/users/${id}/password`, { password, passwordConfirm: password });
      assert.equal(weak.status, 422, password);
      assert.match(weak.html, new RegExp(`<a href="#f-password">${message.source}`));
    }
    const saved = await admin.post(`/admin/users/${id}/password`, {
      password: NEW_PASSWORD,
      passwordConfirm: NEW_PASSWORD,
    });
    assert.equal(saved.status, 303);
    assert.doesNotMatch((await target.get('/')).html, /who-role/);
    const login = await fx.browser();
    await login.get('/login');
    assert.equal(
      (await login.post('/login', { login: 'bureau-reviewer.user', password: PASSWORD })).status,
      401,
    );
    assert.equal(
      (await login.post('/login', { login: 'bureau-reviewer.user', password: NEW_PASSWORD })).status,
      303,
    );
    assert.deepEqual(
      (await auditOf('bureau-reviewer.user')).map((event) => event.action),
      ['account.reset-password'],
    );
    assert.equal((await admin.get('/admin/users/999999/password')).status, 404);
  });

  it('is closed to every other role', async () => {
    for (const role of ['applicant', 'provider-reviewer', 'bureau-reviewer', 'registrar-operator'] as const) {
      const browser = await fx.browser(role);
      assert.equal((await browser.get('/admin/users')).status, 403, role);
      await browser.get('/');
      assert.equal(
        (
          await browser.post('/admin/users', {
            login: 'sneaky',
            displayName: 's',
            role: 'admin',
            password: PASSWORD,
            passwordConfirm: PASSWORD,
          })
        ).status,
        403,
        role,
      );
    }
    const none = await db.kysely.selectFrom('account').select('id').where('login', '=', 'sneaky').execute();
    assert.deepEqual(none, []);
  });
});
