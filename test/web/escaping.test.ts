/**
 * Hostile names render inert: markup is escaped in text and attributes, right-to-left overrides are
 * isolated in <bdi>, and a very long name is just text. Checked where outside text reaches a page: the
 * public query (stored names and the query echo), the precheck (form echo and result), the user list
 * and the header (display names people chose).
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { importFilings } from '../../src/imports/index.ts';
import { testPolicy } from '../support/app-fixture.ts';
import type { WebFixture } from './web-fixture.ts';
import { PASSWORD, createWebFixture } from './web-fixture.ts';

const RLO = '\u202E';
const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(2)>';
const SVG = "'><svg onload=alert(3)>";
const HOSTILE = `${SCRIPT}${IMG}${SVG}${RLO}gpj.exe`;
const LONG = `长${'x'.repeat(5000)}`;

const TAG = /<\/?([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9:-]*(?:="[^"]*")?)*)\s*\/?>/gi;

/**
 * No live markup from the hostile strings: every `<` of the document opens a well-formed tag (attribute
 * values quoted, so an escaped `"` cannot end one early), no tag is one the pages never use, and no
 * attribute is an event handler. The hostile text itself is then only ever text.
 */
function assertInert(html: string): void {
  const body = html.replace(/^<!doctype html>/, '');
  const tags = [...body.matchAll(TAG)];
  assert.equal(tags.length, body.split('<').length - 1, 'a `<` that opens no well-formed tag');
  for (const [tag, name = '', attributes = ''] of tags) {
    assert.ok(!['img', 'svg', 'iframe', 'object'].includes(name.toLowerCase()), tag);
    if (name.toLowerCase() === 'script')
      assert.match(tag, /^<\/?script( src="\/static\/app\.js\?v=\w+" defer="")?>$/, tag);
    for (const [, attribute = ''] of attributes.matchAll(/\s+([a-z][a-z0-9:-]*)(?:="[^"]*")?/gi)) {
      assert.doesNotMatch(attribute, /^on/i, `${tag}: event handler`);
    }
  }
}

/** Every right-to-left override sits inside a <bdi> (or an attribute value), never loose in the text. */
function assertIsolated(html: string): void {
  const loose = html.replace(/<bdi\b[^>]*>[^<]*<\/bdi>/g, '').replace(/"[^"]*"/g, '');
  assert.ok(!loose.includes(RLO), 'a right-to-left override outside <bdi>');
  assert.ok(html.includes(RLO), 'the name is shown, not dropped');
}

describe('escaping of hostile names', () => {
  let db: Database;
  let fx: WebFixture;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db);
    const line = {
      subjectNumber: '京ICP备2021099999号',
      province: '110000',
      subject: { name: 'placeholder', type: 'enterprise', idType: 'uscc', idNumber: '91110108MA01XYZ12A' },
      provider: 'other',
      account: null,
      websites: [{ number: '京ICP备2021099999号-1', domains: ['hostile-name.cn'], provider: 'other' }],
    };
    const summary = await importFilings({
      db,
      policy: testPolicy,
      input: Readable.from([JSON.stringify(line)]),
      format: 'jsonl',
    });
    assert.equal(summary.skipped, 0, JSON.stringify(summary.errors));
    // Stored names come from imports and applicants: beyond what any import schema would let through.
    await db.kysely
      .updateTable('filed_subject')
      .set({ name: HOSTILE })
      .where('subject_number', '=', line.subjectNumber)
      .execute();
    await db.kysely
      .updateTable('filed_website')
      .set({ name: LONG, home_url: `javascript:alert(4)//${IMG}` })
      .where('number', '=', '京ICP备2021099999号-1')
      .execute();
  });
  after(() => db.destroy());

  it('in public query results and the query echo', async () => {
    const visitor = await fx.browser();
    const byDomain = await visitor.get('/query?by=domain&q=hostile-name.cn');
    assert.equal(byDomain.status, 200);
    assertInert(byDomain.html);
    assertIsolated(byDomain.html);
    assert.ok(byDomain.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(byDomain.html.includes(LONG), 'a long name is shown whole');
    assert.doesNotMatch(byDomain.html, /href="javascript:/, 'a stored URL is never a link');

    const byName = await visitor.get(`/query?by=subject&q=${encodeURIComponent(HOSTILE)}`);
    assert.equal(byName.status, 200);
    assertInert(byName.html);
    assert.equal(byName.inputValue('q'), HOSTILE, 'the query is echoed in the box, as text');
    assert.match(byName.html, /1 条记录/);
  });

  it('in the precheck echo and result', async () => {
    const visitor = await fx.browser();
    await visitor.get('/precheck');
    const domain = `${SCRIPT}${RLO}.cn`;
    const result = await visitor.post('/precheck', {
      province: '110000',
      subjectType: 'enterprise',
      subjectIdType: 'uscc',
      subjectId: `91110108MA01AB2C3T${IMG}`,
      subjectName: HOSTILE,
      domain,
    });
    assert.equal(result.status, 200);
    assertInert(result.html);
    assertIsolated(result.html);
    assert.equal(result.inputValue('subjectName'), HOSTILE);
    assert.equal(result.inputValue('domain'), domain);
    assert.match(result.html, /DOMAIN_INVALID/);
    // Quoted inside the finding's sentence, the override is shown rather than obeyed.
    assert.match(
      result.html,
      /<p class="finding-message"><span class="tag[^"]*">[^<]*<\/span> [^<]*\[U\+202E\]\.cn/,
    );

    const refused = await visitor.post('/precheck', { province: HOSTILE, domain: HOSTILE });
    assert.equal(refused.status, 422);
    assertInert(refused.html);
  });

  it('in the user list and the header', async () => {
    const visitor = await fx.browser();
    await visitor.get('/register');
    const registered = await visitor.post('/register', {
      login: 'mallory',
      displayName: HOSTILE,
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
    assert.equal(registered.status, 303);
    const header = await visitor.get('/');
    assertInert(header.html);
    assertIsolated(header.html);

    const admin = await fx.browser('admin');
    const users = await admin.get('/admin/users');
    assertInert(users.html);
    assertIsolated(users.html);
    const id = (
      await db.kysely
        .selectFrom('account')
        .select('id')
        .where('login', '=', 'mallory')
        .executeTakeFirstOrThrow()
    ).id;
    const password = await admin.get(`/admin/users/${id}/password`);
    assertInert(password.html);
    assertIsolated(password.html);

    const refused = await admin.post('/admin/users', { login: 'x', displayName: HOSTILE, role: HOSTILE });
    assert.equal(refused.status, 422);
    assertInert(refused.html);
    assert.equal(refused.inputValue('displayName'), HOSTILE);
  });
});
