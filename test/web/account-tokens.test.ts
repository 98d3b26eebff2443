/**
 * API 令牌 page (issue 12, item 2): a signed-in person lists, creates (shown once) and revokes their
 * own tokens; a read-only token cannot post a form; an administrator's password reset revokes them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import type { WebFixture } from './web-fixture.ts';
import { createWebFixture } from './web-fixture.ts';

describe('API tokens page', () => {
  let db: Database;
  let fx: WebFixture;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db);
  });
  after(() => db.destroy());

  const tokenOf = (html: string) =>
    /<code data-new-token[^>]*>(beian_[A-Za-z0-9_-]{43})<\/code>/.exec(html)?.[1];

  it('creates a token shown once, lists it with its scope, and revokes it', async () => {
    const me = await fx.browser('applicant');
    const empty = await me.get('/account/tokens');
    assert.equal(empty.status, 200);
    assert.ok(empty.text.includes('还没有令牌'), empty.text);
    assert.match(empty.html, /<a href="\/account\/tokens"[^>]*>API 令牌<\/a>/, 'in the navigation');

    const created = await me.post('/account/tokens', {
      name: '夜间导出',
      scope: 'read',
      expiresInDays: '30',
    });
    assert.equal(created.status, 201);
    const token = tokenOf(created.html);
    assert.ok(token, created.text);
    assert.ok(created.text.includes('无法再次查看'));
    assert.equal(created.headers.get('cache-control'), 'no-store');
    assert.ok(!(created.headers.get('set-cookie') ?? '').includes(token), 'never in a cookie');

    const listed = await me.get('/account/tokens');
    assert.equal(tokenOf(listed.html), undefined, 'not shown again');
    assert.ok(listed.text.includes('夜间导出') && listed.text.includes('只读：只能查询'), listed.text);
    assert.ok(listed.text.includes('2026-12-28 12:00'), 'expiry in Asia/Shanghai time');
    assert.ok(listed.text.includes('从未使用'));

    // The token works against the API, read-only.
    const api = (method: string, path: string) =>
      fx.app.request(`/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    assert.equal((await api('GET', '/applications')).status, 200);
    const write = await api('POST', '/applications/1/withdraw');
    assert.equal(write.status, 403);
    assert.equal(((await write.json()) as { code: string }).code, 'TOKEN_READ_ONLY');
    const used = await me.get('/account/tokens');
    assert.ok(used.text.includes('2026-11-28 12:00') && !used.text.includes('从未使用'), 'last use shown');

    const revoke = /action="(\/account\/tokens\/\d+\/revoke)"/.exec(used.html)?.[1] ?? '';
    const done = await me.post(revoke, {});
    assert.equal(done.status, 303);
    assert.equal(done.location, '/account/tokens');
    const after = await me.get('/account/tokens');
    assert.ok(after.text.includes('令牌已撤销：夜间导出'), after.text);
    assert.equal((await api('GET', '/applications')).status, 401);
    assert.equal((await me.post(revoke, {})).status, 404, 'revoking again: no such token');
  });

  it('ties form errors to their fields (422)', async () => {
    const me = await fx.browser('admin');
    await me.get('/account/tokens');
    const bad = await me.post('/account/tokens', { name: ' ', scope: 'root', expiresInDays: '400' });
    assert.equal(bad.status, 422);
    for (const field of ['name', 'scope', 'expiresInDays']) {
      assert.match(bad.html, new RegExp(`<a href="#f-${field}">`), field);
    }
  });

  it('lists only one’s own tokens, and cannot revoke another account’s', async () => {
    const owner = await fx.browser('provider-reviewer');
    await owner.get('/account/tokens');
    await owner.post('/account/tokens', { name: 'reviewer script', scope: 'full', expiresInDays: '90' });
    const ownerPage = await owner.get('/account/tokens');
    const revoke = /action="(\/account\/tokens\/\d+\/revoke)"/.exec(ownerPage.html)?.[1] ?? '';
    const other = await fx.browser('bureau-reviewer');
    const otherPage = await other.get('/account/tokens');
    assert.ok(!otherPage.text.includes('reviewer script'));
    assert.equal((await other.post(revoke, {})).status, 404);
    assert.ok((await owner.get('/account/tokens')).text.includes('reviewer script'), 'still there');
  });

  it('a token cannot mint tokens or post forms when read-only; anonymous visitors sign in first', async () => {
    const me = await fx.browser('registrar-operator');
    await me.get('/account/tokens');
    const created = await me.post('/account/tokens', { name: 'reader', scope: 'read', expiresInDays: '1' });
    const token = tokenOf(created.html) ?? '';
    const viaToken = await fx.app.request('/account/tokens', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'name=again&scope=full&expiresInDays=1',
    });
    assert.equal(viaToken.status, 403);
    const anonymous = await (await fx.browser()).get('/account/tokens');
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.location, '/login?next=%2Faccount%2Ftokens');
  });

  it('an administrator’s password reset revokes the account’s tokens', async () => {
    const me = await fx.browser('applicant');
    await me.get('/account/tokens');
    const token = tokenOf(
      (await me.post('/account/tokens', { name: 'before reset', scope: 'full', expiresInDays: '90' })).html,
    );
    const admin = await fx.browser('admin');
    const id = fx.accounts.get('applicant') as number;
    await admin.get(`/admin/users/${id}/password`);
    const reset = await admin.post(`/admin/users/${id}/password`, {
      password: 'a brand new passphrase',
      passwordConfirm: 'a brand new passphrase',
    });
    assert.equal(reset.status, 303);
    const after = await fx.app.request('/api/v1/session', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(after.status, 401);
  });
});
