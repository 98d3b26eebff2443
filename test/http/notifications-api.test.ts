/**
 * Notifications over the API (issue 16): recipients added, confirmed by their link (once, by anyone
 * holding it) and removed; a bad address refused at entry naming the field; the account e-mail; the
 * inbox with its unread count and marking read; the operators' failed deliveries and resend; each
 * change with its audit event; the routes in the OpenAPI document. SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runDueJobs } from '../../src/jobs/index.ts';
import { createSandboxSmsGateway } from '../../src/miit/index.ts';
import {
  deliveryListSchema,
  deliverySchema,
  markedReadSchema,
  noticeListSchema,
  preferenceListSchema,
  recipientListSchema,
  recipientSchema,
  verifiedRecipientSchema,
} from '../../src/http/notification-routes.ts';
import { notificationJobHandlers, notify, runNotificationPass } from '../../src/notifications/index.ts';
import type { Database } from '../../src/store/index.ts';
import { writeTransaction } from '../../src/store/index.ts';
import { createTestAccount, sessionFor } from '../support/app-fixture.ts';
import { testDialects } from '../support/databases.ts';
import type { Fixture } from './http-fixture.ts';
import { createFixture } from './http-fixture.ts';
import { expectError, expectOk } from './workflow-api-fixture.ts';

type Session = { cookie: string; csrf: string };

for (const dialect of testDialects()) {
  describe(`notifications over the API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: Fixture;
    let me: Session;
    let other: Session;
    let admin: Session;
    const login = 'tongzhi.api';

    before(async () => {
      db = await dialect.open();
      fx = await createFixture(db);
      me = await sessionFor(db, await createTestAccount(db, { login, role: 'applicant' }), fx.clock.now);
      other = await sessionFor(
        db,
        await createTestAccount(db, { login: 'tongzhi.other', role: 'applicant' }),
        fx.clock.now,
      );
      admin = await fx.sessionOf('admin');
    });
    after(() => db.destroy());

    const call = (session: Session | null, method: string, path: string, body?: unknown) =>
      fx.request(method, path, {
        ...(session === null ? {} : { headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } }),
        ...(body === undefined ? {} : { body }),
      });

    const auditCount = async (action: string) =>
      Number(
        (
          await db.kysely
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('action', '=', action)
            .executeTakeFirstOrThrow()
        ).n,
      );

    /** The token of the newest verification link sent to `address`. */
    async function linkToken(address: string): Promise<string> {
      const delivery = await db.kysely
        .selectFrom('notification_delivery')
        .select('message')
        .where('kind', '=', 'verify-recipient')
        .where('recipient', '=', address)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const token = /\/notifications\/verify\?token=([A-Za-z0-9_-]+)/.exec(delivery.message)?.[1];
      assert.ok(token, delivery.message);
      return token;
    }

    it('refuses a bad address at entry, naming the field in Chinese and English', async () => {
      const email = await expectError(
        await call(me, 'POST', '/notifications/recipients', { channel: 'email', address: 'wang@@example' }),
        400,
        'VALIDATION_FAILED',
      );
      assert.equal(email.fields[0]?.path, 'address');
      assert.equal(email.fields[0]?.code, 'EMAIL_INVALID');
      assert.ok(email.fields[0]?.message.zh.includes('电子邮箱'), email.fields[0]?.message.zh);
      const phone = await expectError(
        await call(me, 'POST', '/notifications/recipients', { channel: 'sms', address: '1380013' }),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(
        phone.fields.map((f) => [f.path, f.code]),
        [['address', 'MOBILE_INVALID']],
      );
      const channel = await expectError(
        await call(me, 'POST', '/notifications/recipients', { channel: 'fax', address: '010-1234' }),
        400,
        'VALIDATION_FAILED',
      );
      assert.equal(channel.fields[0]?.path, 'channel');
      const listed = await expectOk(
        await call(me, 'GET', '/notifications/recipients'),
        200,
        recipientListSchema,
      );
      assert.deepEqual(listed.recipients, []);
    });

    it('adds a recipient, confirms it by its link once, and removes it, each with its audit event', async () => {
      const added = await expectOk(
        await call(me, 'POST', '/notifications/recipients', {
          channel: 'sms',
          address: '138 0013 8000',
          lang: 'en',
        }),
        201,
        recipientSchema,
      );
      assert.equal(added.address, '13800138000');
      assert.equal(added.verifiedAt, null);
      assert.equal(await auditCount('notification.recipient-add'), 1);
      await expectError(
        await call(me, 'POST', '/notifications/recipients', { channel: 'sms', address: '13800138000' }),
        400,
        'VALIDATION_FAILED',
      );

      const token = await linkToken('13800138000');
      // The person at the address is usually not signed in: the token alone confirms.
      const verified = await expectOk(
        await call(null, 'POST', '/notifications/verify', { token }),
        200,
        verifiedRecipientSchema,
      );
      assert.deepEqual(verified, { account: login, channel: 'sms', address: '13800138000' });
      await expectError(await call(null, 'POST', '/notifications/verify', { token }), 404, 'NOT_FOUND');
      assert.equal(await auditCount('notification.recipient-verify'), 1);
      const listed = await expectOk(
        await call(me, 'GET', '/notifications/recipients'),
        200,
        recipientListSchema,
      );
      assert.ok(listed.recipients[0]?.verifiedAt, JSON.stringify(listed));
      await expectError(
        await call(me, 'POST', `/notifications/recipients/${added.id}/link`),
        409,
        'CONFLICT',
      );

      // Someone else's recipient does not exist for this account.
      await expectError(
        await call(other, 'DELETE', `/notifications/recipients/${added.id}`),
        404,
        'NOT_FOUND',
      );
      const removed = await call(me, 'DELETE', `/notifications/recipients/${added.id}`);
      assert.equal(removed.status, 204);
      await expectError(await call(me, 'DELETE', `/notifications/recipients/${added.id}`), 404, 'NOT_FOUND');
      await expectError(await call(me, 'DELETE', '/notifications/recipients/x1'), 404, 'NOT_FOUND');
      assert.equal(await auditCount('notification.recipient-remove'), 1);
    });

    it('sets the account e-mail, and sends its link again at most once a minute', async () => {
      const set = await expectOk(
        await call(me, 'PUT', '/notifications/account-email', { address: 'me@example.cn', lang: 'zh' }),
        200,
        recipientSchema,
      );
      assert.equal(set.accountEmail, true);
      assert.equal(set.verifiedAt, null);
      const again = await call(me, 'POST', `/notifications/recipients/${set.id}/link`);
      assert.equal(again.status, 429);
      assert.ok(Number(again.headers.get('retry-after')) > 0);
      fx.clock.now = new Date(fx.clock.now.getTime() + 61_000);
      assert.equal((await call(me, 'POST', `/notifications/recipients/${set.id}/link`)).status, 204);
      assert.equal(await auditCount('notification.recipient-link'), 1);
    });

    it('lists notices with the unread count and marks them read once, audited', async () => {
      await writeTransaction(db, (tx) =>
        notify(tx, {
          account: login,
          subject: { zh: '备案合规提醒', en: 'Compliance reminder' },
          text: { zh: '请在首页底部标明备案号。', en: 'Show the number at the bottom of the home page.' },
          link: '/filings',
          now: fx.clock.now,
        }),
      );
      await runNotificationPass(db, { publicUrl: 'https://beian.example.cn' }, fx.clock.now);
      const inbox = await expectOk(await call(me, 'GET', '/notifications'), 200, noticeListSchema);
      assert.equal(inbox.unread, 1);
      assert.equal(inbox.notices[0]?.subject.en, 'Compliance reminder');
      assert.equal(inbox.notices[0]?.link, 'https://beian.example.cn/filings');
      const others = await expectOk(await call(other, 'GET', '/notifications'), 200, noticeListSchema);
      assert.deepEqual([others.unread, others.notices.length], [0, 0]);

      const marked = await expectOk(await call(me, 'POST', '/notifications/read', {}), 200, markedReadSchema);
      assert.deepEqual(marked, { marked: 1, unread: 0 });
      const twice = await expectOk(await call(me, 'POST', '/notifications/read', {}), 200, markedReadSchema);
      assert.deepEqual(twice, { marked: 0, unread: 0 });
      assert.equal(await auditCount('notification.read'), 1, 'nothing changed the second time');
      await expectError(
        await call(me, 'POST', '/notifications/read', { upto: 'all' }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('shows operators the failed e-mail with the server’s answer, and resends it once, audited', async () => {
      // No SMTP configured: the link e-mail fails for good, saying so.
      const handlers = notificationJobHandlers({ email: null, sms: createSandboxSmsGateway(db.kysely) });
      await runDueJobs(db, handlers, fx.clock.now);
      await expectError(await call(me, 'GET', '/admin/notification-deliveries'), 403, 'FORBIDDEN');
      const log = await expectOk(
        await call(admin, 'GET', '/admin/notification-deliveries'),
        200,
        deliveryListSchema,
      );
      const failed = log.deliveries.find((d) => d.recipient === 'me@example.cn');
      assert.ok(failed, JSON.stringify(log));
      assert.equal(failed.status, 'failed');
      assert.match(failed.lastAnswer ?? '', /not configured/);
      const sent = await expectOk(
        await call(admin, 'GET', '/admin/notification-deliveries?status=sent'),
        200,
        deliveryListSchema,
      );
      assert.ok(
        sent.deliveries.some((d) => d.channel === 'sms'),
        'the SMS link went out through the sandbox',
      );
      await expectError(
        await call(admin, 'GET', '/admin/notification-deliveries?status=lost'),
        400,
        'VALIDATION_FAILED',
      );

      await expectError(
        await call(me, 'POST', `/admin/notification-deliveries/${failed.id}/resend`),
        403,
        'FORBIDDEN',
      );
      const queued = await expectOk(
        await call(admin, 'POST', `/admin/notification-deliveries/${failed.id}/resend`),
        200,
        deliverySchema,
      );
      assert.equal(queued.status, 'queued');
      assert.equal(queued.messageId, failed.messageId);
      await expectError(
        await call(admin, 'POST', `/admin/notification-deliveries/${failed.id}/resend`),
        409,
        'CONFLICT',
      );
      await expectError(
        await call(admin, 'POST', '/admin/notification-deliveries/999999/resend'),
        404,
        'NOT_FOUND',
      );
      assert.equal(await auditCount('notification.resend'), 1);
    });

    it('turns kinds off per channel, refuses a mandatory one naming the entry, and audits the change', async () => {
      const initial = await expectOk(
        await call(me, 'GET', '/notifications/preferences'),
        200,
        preferenceListSchema,
      );
      assert.ok(initial.preferences.every((p) => p.email && p.sms));
      const locked = initial.preferences.find((p) => p.kind === 'sms-waiting');
      assert.ok(locked?.mandatory?.zh && locked.mandatory.en, JSON.stringify(locked));

      const refused = await expectError(
        await call(me, 'PUT', '/notifications/preferences', {
          off: [
            { kind: 'approved', channel: 'sms' },
            { kind: 'sms-waiting', channel: 'sms' },
          ],
        }),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(
        refused.fields.map((f) => [f.path, f.code]),
        [['off.1.kind', 'MANDATORY']],
      );
      await expectError(
        await call(me, 'PUT', '/notifications/preferences', { off: [{ kind: 'approved' }] }),
        400,
        'VALIDATION_FAILED',
      );
      assert.equal(await auditCount('notification.preferences'), 0);

      const set = await expectOk(
        await call(me, 'PUT', '/notifications/preferences', { off: [{ kind: 'approved', channel: 'sms' }] }),
        200,
        preferenceListSchema,
      );
      const approved = set.preferences.find((p) => p.kind === 'approved');
      assert.deepEqual([approved?.email, approved?.sms], [true, false]);
      assert.equal(await auditCount('notification.preferences'), 1);
      // Per account: the other applicant's settings are untouched.
      const others = await expectOk(
        await call(other, 'GET', '/notifications/preferences'),
        200,
        preferenceListSchema,
      );
      assert.ok(others.preferences.every((p) => p.email && p.sms));
      await expectError(await call(null, 'GET', '/notifications/preferences'), 401, 'UNAUTHENTICATED');
    });

    it('pages the delivery log by beforeId, newest first, filtered by status', async () => {
      // Three more failed e-mails (no SMTP configured here).
      for (const address of ['p1@example.cn', 'p2@example.cn', 'p3@example.cn'])
        await call(me, 'POST', '/notifications/recipients', { channel: 'email', address });
      await runDueJobs(db, notificationJobHandlers({ email: null, sms: null }), fx.clock.now);
      const seen: number[] = [];
      let cursor: number | null = null;
      do {
        const query: string = cursor === null ? '' : `&beforeId=${cursor}`;
        const page = await expectOk(
          await call(admin, 'GET', `/admin/notification-deliveries?status=failed&limit=2${query}`),
          200,
          deliveryListSchema,
        );
        assert.ok(page.deliveries.length <= 2);
        assert.ok(page.deliveries.every((d) => d.status === 'failed'));
        seen.push(...page.deliveries.map((d) => d.id));
        cursor = page.nextBeforeId;
      } while (cursor !== null);
      const all = await db.kysely
        .selectFrom('notification_delivery')
        .select('id')
        .where('status', '=', 'failed')
        .orderBy('id', 'desc')
        .execute();
      assert.ok(all.length >= 3, JSON.stringify(all));
      assert.deepEqual(
        seen,
        all.map((row) => row.id),
      );
    });

    it('is in the OpenAPI document with each route’s permission', async () => {
      const doc = (await (await fx.request('GET', '/openapi.json')).json()) as {
        paths: Record<string, Record<string, { 'x-beian-access': string }>>;
      };
      const access = (path: string, method: string) =>
        doc.paths[`/api/v1${path}`]?.[method]?.['x-beian-access'];
      assert.equal(access('/notifications', 'get'), 'notification.read-own');
      assert.equal(access('/notifications/read', 'post'), 'notification.read-own');
      assert.equal(access('/notifications/recipients', 'post'), 'notification.recipients-own');
      assert.equal(access('/notifications/account-email', 'put'), 'notification.recipients-own');
      assert.equal(access('/notifications/recipients/{id}', 'delete'), 'notification.recipients-own');
      assert.equal(access('/notifications/verify', 'post'), 'notification.verify-recipient');
      assert.equal(access('/admin/notification-deliveries/{id}/resend', 'post'), 'notification.operate');
      assert.equal(access('/notifications/preferences', 'get'), 'notification.recipients-own');
      assert.equal(access('/notifications/preferences', 'put'), 'notification.recipients-own');
    });
  });
}
