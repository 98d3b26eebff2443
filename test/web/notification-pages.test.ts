/**
 * The notification pages (issue 16): a bad address refused at entry with the field named (422), the
 * account e-mail confirmed by its link (a GET only shows the button; the POST confirms, once), the
 * inbox with its unread count in the navigation, and the operator's delivery log with resend.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { notify, runNotificationPass, UNCONFIGURED_ANSWERS } from '../../src/notifications/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openDatabase, writeTransaction } from '../../src/store/index.ts';
import type { WebFixture } from './web-fixture.ts';
import { createWebFixture } from './web-fixture.ts';

describe('notification pages', () => {
  let db: Database;
  let fx: WebFixture;
  let applicant: string;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db);
    const row = await db.kysely
      .selectFrom('account')
      .select('login')
      .where('id', '=', fx.accounts.get('applicant') as number)
      .executeTakeFirstOrThrow();
    applicant = row.login;
  });
  after(() => db.destroy());

  it('refuses a bad address at entry, naming the field in Chinese and English', async () => {
    const me = await fx.browser('applicant');
    await me.get('/account/notifications');
    const bad = await me.post('/account/notifications', {
      channel: 'email',
      address: 'wang@@example',
      lang: 'zh',
    });
    assert.equal(bad.status, 422);
    assert.match(bad.html, /<a href="#f-address">/);
    assert.ok(bad.text.includes('电子邮箱格式不正确'), bad.text);
    await me.get('/account/notifications?lang=en');
    const badPhone = await me.post('/account/notifications', {
      channel: 'sms',
      address: '1380013',
      lang: 'en',
    });
    assert.equal(badPhone.status, 422);
    assert.ok(badPhone.text.includes('must be an 11-digit mainland mobile number'), badPhone.text);
  });

  it('confirms the account e-mail by its link, once', async () => {
    const me = await fx.browser('applicant');
    await me.get('/account/notifications?lang=zh');
    const saved = await me.post('/account/notifications/email', { email: 'me@example.cn', emailLang: 'zh' });
    assert.equal(saved.status, 303);
    const listed = await me.get('/account/notifications');
    assert.ok(listed.text.includes('me@example.cn') && listed.text.includes('待验证'), listed.text);
    const delivery = await db.kysely
      .selectFrom('notification_delivery')
      .select('message')
      .where('kind', '=', 'verify-recipient')
      .where('recipient', '=', 'me@example.cn')
      .executeTakeFirstOrThrow();
    const link = /https?:\/\/[^/\s]+(\/notifications\/verify\?token=[A-Za-z0-9_-]+)/.exec(
      delivery.message,
    )?.[1];
    assert.ok(link, delivery.message);

    const visitor = await fx.browser();
    const page = await visitor.get(link);
    assert.equal(page.status, 200);
    const stillPending = await me.get('/account/notifications');
    assert.ok(stillPending.text.includes('待验证'), 'a GET confirms nothing');
    const token = new URL(link, 'https://x').searchParams.get('token') ?? '';
    const confirmed = await visitor.post('/notifications/verify', { token });
    assert.equal(confirmed.status, 303);
    const done = await me.get('/account/notifications');
    assert.ok(done.text.includes('已验证'), done.text);
    assert.equal((await visitor.post('/notifications/verify', { token })).status, 404, 'once');
  });

  it('lists notices with the unread count in the navigation, and marks them read', async () => {
    await writeTransaction(db, (tx) =>
      notify(tx, {
        account: applicant,
        subject: { zh: '备案合规提醒', en: 'Compliance reminder' },
        text: { zh: '请在首页底部标明备案号。', en: 'Show the number at the bottom of the home page.' },
        link: '/filings',
        now: fx.clock.now,
      }),
    );
    await runNotificationPass(db, { publicUrl: 'https://beian.example.cn' }, fx.clock.now);
    const me = await fx.browser('applicant');
    const inbox = await me.get('/notifications');
    assert.equal(inbox.status, 200);
    assert.match(inbox.html, /<a href="\/notifications"[^>]*>通知<span class="nav-count">/);
    assert.ok(inbox.text.includes('（1 条未读）'), inbox.text);
    assert.ok(inbox.text.includes('备案合规提醒') && inbox.text.includes('请在首页底部标明备案号'));
    assert.match(inbox.html, /<a href="\/filings">去办理<\/a>/);
    const read = await me.post('/notifications/read', {
      upto: /name="upto" value="(\d+)"/.exec(inbox.html)?.[1] ?? '',
    });
    assert.equal(read.status, 303);
    const after = await me.get('/notifications');
    assert.ok(!after.text.includes('条未读'), after.text);
  });

  it('turns kinds off by e-mail or SMS with the boxes, mandatory ones locked with why', async () => {
    const me = await fx.browser('applicant');
    const page = await me.get('/account/notifications?lang=zh');
    assert.equal(page.status, 200);
    // Every choosable box starts ticked; the SMS verification boxes are ticked and locked.
    assert.match(page.html, /name="email:approved" value="1" checked=""/);
    assert.match(page.html, /name="sms:sms-waiting" value="1" checked="" disabled=""/);
    assert.ok(page.text.includes('始终发送：短信核验须在 24 小时内完成'), page.text);
    // A form sends the ticked boxes only: everything choosable but approved by e-mail is ticked.
    const ticked: Record<string, string> = {};
    for (const [, name] of page.html.matchAll(
      /name="((?:email|sms):[a-z-]+)" value="1" checked=""(?! disabled)/g,
    ))
      if (name !== undefined && name !== 'email:approved') ticked[name] = '1';
    const saved = await me.post('/account/notifications/kinds', ticked);
    assert.equal(saved.status, 303);
    const after = await me.get('/account/notifications');
    assert.match(after.html, /name="email:approved" value="1"\/>/);
    assert.match(after.html, /name="sms:approved" value="1" checked=""/);
    const off = await db.kysely.selectFrom('notification_preference').select(['kind', 'channel']).execute();
    assert.deepEqual(off, [{ kind: 'approved', channel: 'email' }]);
    // The locked boxes are disabled, so a browser never sends them; their absence turns nothing off.
    assert.ok(!('sms:sms-waiting' in ticked) && !('email:cancelled' in ticked));
    assert.equal((await me.post('/account/notifications/kinds', { ...ticked })).status, 303);
    const stored = await db.kysely
      .selectFrom('notification_preference')
      .select(['kind', 'channel'])
      .execute();
    assert.deepEqual(stored, [{ kind: 'approved', channel: 'email' }], 'no mandatory kind stored');
    const en = await me.get('/account/notifications?lang=en');
    assert.ok(en.text.includes('Always sent: SMS verification must be completed'), en.text);
  });

  it('pages the delivery log and filters it by status', async () => {
    // One sent e-mail and 51 failed ones: one more than a page holds.
    for (let i = 0; i < 52; i += 1)
      await db.kysely
        .insertInto('notification_delivery')
        .values({
          event_id: 1_000_000 + i,
          kind: 'approved',
          channel: 'email',
          recipient: `r${i}@example.cn`,
          account: applicant,
          application_id: null,
          lang: 'zh',
          message: '{}',
          message_id: `<m${i}@example.cn>`,
          status: i === 0 ? 'sent' : 'failed',
          last_answer: '550 no such user',
          job_id: null,
          created_at: fx.clock.now.toISOString(),
          updated_at: fx.clock.now.toISOString(),
          sent_at: null,
          read_at: null,
        })
        .execute();
    const admin = await fx.browser('admin');
    const first = await admin.get('/admin/notifications?lang=zh');
    assert.equal(first.status, 200);
    assert.equal((first.html.match(/\/resend"/g) ?? []).length, 50);
    assert.match(first.html, /<a href="\/admin\/notifications\?page=2" rel="next">/);
    const second = await admin.get('/admin/notifications?page=2');
    assert.ok(second.text.includes('r1@example.cn'), 'the oldest failed one is on page 2');
    assert.ok(!second.text.includes('r0@example.cn'), 'a sent one is not in the default view');
    const sent = await admin.get('/admin/notifications?status=sent');
    assert.ok(sent.text.includes('r0@example.cn') && sent.text.includes('已发送'), sent.text);
    assert.ok(!sent.html.includes('/resend"'), 'a sent delivery offers no resend');
    assert.match(sent.html, /<option value="sent" selected=""/);
    // An unknown status or page is the default view, not an error.
    assert.equal((await admin.get('/admin/notifications?status=lost&page=x')).status, 200);
  });

  it('translates beian’s own answers and shows a server’s as it came', async () => {
    const row = (id: number, answer: string) => ({
      event_id: 2_000_000 + id,
      kind: 'approved',
      channel: 'email' as const,
      recipient: `u${id}@example.cn`,
      account: applicant,
      application_id: null,
      lang: 'zh' as const,
      message: '{}',
      message_id: `<u${id}@example.cn>`,
      status: 'failed' as const,
      last_answer: answer,
      job_id: null,
      created_at: fx.clock.now.toISOString(),
      updated_at: fx.clock.now.toISOString(),
      sent_at: null,
      read_at: null,
    });
    await db.kysely
      .insertInto('notification_delivery')
      .values([
        row(1, UNCONFIGURED_ANSWERS.email),
        row(2, UNCONFIGURED_ANSWERS.sms),
        row(3, '552 mailbox full'),
      ])
      .execute();
    const admin = await fx.browser('admin');
    const zh = await admin.get('/admin/notifications?lang=zh');
    assert.ok(zh.text.includes('本系统未配置邮件发送（BEIAN_SMTP_URL 或 BEIAN_SMTP_HOST）'), zh.text);
    assert.ok(zh.text.includes('本系统未配置短信网关'));
    assert.ok(zh.text.includes('552 mailbox full'));
    assert.ok(!zh.text.includes(UNCONFIGURED_ANSWERS.email));
    const en = await admin.get('/admin/notifications?lang=en');
    assert.ok(en.text.includes(UNCONFIGURED_ANSWERS.email) && en.text.includes('552 mailbox full'));
  });

  it('shows the delivery log to operators only', async () => {
    const admin = await fx.browser('admin');
    const log = await admin.get('/admin/notifications');
    assert.equal(log.status, 200);
    const me = await fx.browser('applicant');
    assert.equal((await me.get('/admin/notifications')).status, 403);
    assert.equal((await me.post('/admin/notifications/1/resend', {})).status, 403);
  });
});
