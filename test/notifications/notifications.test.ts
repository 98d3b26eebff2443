/**
 * Notifications (issue 16) against a real SMTP server in this process (smtp-server on 127.0.0.1, port
 * 0) and the sandbox SMS outbox, on SQLite and PostgreSQL: content in both languages with field labels
 * and links, the retry after a 4xx answer, the failure after a 5xx one and its audited resend, no
 * duplicate after a crash between send and record (the delivery is left `unknown`), bad addresses
 * refused at entry, one-use verification links, and exactly one message per recipient per event
 * when two workers run the passes and the jobs at once.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runDueJobs } from '../../src/jobs/index.ts';
import type { DeliveryHooks, EmailTransport } from '../../src/notifications/index.ts';
import {
  addRecipient,
  createSmtpTransport,
  listDeliveries,
  listNotices,
  notificationJobHandlers,
  notify,
  resendDelivery,
  resendRecipientLink,
  runNotificationPass,
  verifyRecipient,
} from '../../src/notifications/index.ts';
import { createSandboxSmsGateway } from '../../src/miit/index.ts';
import type { Database } from '../../src/store/index.ts';
import { writeTransaction } from '../../src/store/index.ts';
import { providerReview, withdrawApplication, WorkflowError } from '../../src/workflow/index.ts';
import { concurrentHandle, testDialects } from '../support/databases.ts';
import { submittedDraft } from '../workflow/filing-steps.ts';
import type { World } from '../workflow/workflow-fixture.ts';
import { at, HOUR, LI_LEI, openWorld, REVIEWER, T0 } from '../workflow/workflow-fixture.ts';
import { body, messageIdOf, startSmtp, subjectOf } from './smtp-server.ts';

const PUBLIC_URL = 'https://beian.example.cn';
const SETTINGS = { publicUrl: PUBLIC_URL };
const ADMIN = { account: 'root', role: 'admin' as const };

for (const dialect of testDialects()) {
  describe(`notifications (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    let database: Database;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let email: EmailTransport;
    let hooks: DeliveryHooks;
    before(async () => {
      world = await openWorld(() => dialect.open());
      database = world.database;
      smtp = await startSmtp();
      email = createSmtpTransport({
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        auth: null,
        from: '网站备案系统 <beian@example.cn>',
      });
    });
    after(async () => {
      email?.close?.();
      await smtp?.close();
      await database?.destroy();
    });
    beforeEach(async () => {
      hooks = {};
      smtp.received.length = 0;
      smtp.answers.length = 0;
      // Every test starts with an empty log: deliveries and jobs of earlier tests are settled.
      await database.kysely.deleteFrom('notification_delivery').execute();
      await database.kysely.deleteFrom('notification_recipient').execute();
      await database.kysely.deleteFrom('job').where('kind', '=', 'notification-deliver').execute();
      await runNotificationPass(database, SETTINGS, T0);
      await database.kysely.deleteFrom('notification_delivery').execute();
      await database.kysely.deleteFrom('job').where('kind', '=', 'notification-deliver').execute();
    });

    const handlers = () =>
      notificationJobHandlers(
        { email, sms: createSandboxSmsGateway(database.kysely, () => T0) },
        { afterSend: (id) => hooks.afterSend?.(id) ?? Promise.resolve() },
      );
    const run = async (now: Date) => {
      await runNotificationPass(database, SETTINGS, now);
      return runDueJobs(database, handlers(), now);
    };

    /** Adds and verifies an address of li.lei by following the link the e-mail carries. */
    async function verifiedEmail(address: string, lang: 'zh' | 'en', accountEmail = false, now = T0) {
      const before = smtp.received.length;
      await addRecipient({
        database,
        actor: LI_LEI,
        now,
        settings: SETTINGS,
        input: { channel: 'email', address, lang },
        accountEmail,
      });
      await run(now);
      const mail = smtp.received.slice(before).find((m) => m.to.includes(address));
      assert.ok(mail, `no verification e-mail to ${address}`);
      const token = /\/notifications\/verify\?token=([A-Za-z0-9_-]+)/.exec(body(mail.raw))?.[1];
      assert.ok(token, 'the e-mail carries the link');
      const verified = await verifyRecipient({ database, token, now });
      assert.equal(verified.address, address);
      return token;
    }

    it('tells of a rejection in Chinese and English, with field labels, the next step and a link', async () => {
      await verifiedEmail('li.lei@example.cn', 'zh', true);
      await verifiedEmail('ops@example.com', 'en');
      smtp.received.length = 0;
      const app = await submittedDraft(world, 'demo-ok.cn', at(HOUR));
      await providerReview({
        ...world.deps(at(2 * HOUR)),
        actor: REVIEWER,
        applicationId: app.id,
        decision: {
          decision: 'reject',
          reasons: [
            {
              path: 'subject.name',
              message: { zh: '名称与营业执照不一致', en: 'Name differs from the licence' },
            },
          ],
        },
      });
      await run(at(3 * HOUR));
      const to = (address: string) => smtp.received.filter((m) => m.to.includes(address));
      const rejection = (address: string) => to(address).find((m) => /驳回|rejected/.test(subjectOf(m.raw)));

      const zh = rejection('li.lei@example.cn');
      assert.ok(zh, 'the account e-mail is told');
      assert.match(subjectOf(zh.raw), new RegExp(`备案申请 #${app.id}.*被服务商驳回`));
      assert.match(body(zh.raw), /主办单位名称：名称与营业执照不一致/);
      assert.match(body(zh.raw), /请按原因修改后重新提交/);
      assert.ok(body(zh.raw).includes(`${PUBLIC_URL}/applications/${app.id}`));
      assert.doesNotMatch(body(zh.raw), /subject\.name/);

      const en = rejection('ops@example.com');
      assert.ok(en, 'the added English recipient is told');
      assert.match(subjectOf(en.raw), new RegExp(`Application #${app.id} .*rejected by the provider`));
      assert.match(body(en.raw), /Name differs from the licence/);
      assert.match(body(en.raw), /Correct it as the reasons say/);

      // The responsible persons: their e-mail (from the form) and their phones through the SMS gateway.
      assert.ok(rejection('wang@example.cn'), 'the responsible person’s e-mail is told');
      const sms = await world.gateway.readOutbox({ applicationId: app.id });
      const notices = sms.filter((m) => m.purpose === 'notification' && /驳回/.test(m.body));
      assert.deepEqual(notices.map((m) => m.phone).sort(), ['13800138000', '13900139000']);

      const inbox = await listNotices(database.kysely, LI_LEI.account);
      assert.ok(inbox.some((n) => n.applicationId === app.id && n.subject.en.includes('rejected')));

      // Once: a second pass and run find nothing new to send.
      const count = smtp.received.length;
      await run(at(4 * HOUR));
      assert.equal(smtp.received.length, count);
      const perRecipient = smtp.received
        .filter((m) => /驳回|rejected/.test(subjectOf(m.raw)))
        .map((m) => m.to.join());
      assert.equal(new Set(perRecipient).size, perRecipient.length);
      // Frees the subject and the domain for the next tests.
      await withdrawApplication({ ...world.deps(at(5 * HOUR)), actor: LI_LEI, applicationId: app.id });
    });

    it('retries after a 4xx answer and sends once the server accepts', async () => {
      await verifiedEmail('retry@example.cn', 'zh', true);
      smtp.received.length = 0;
      smtp.answers.push({ code: 451, message: '4.3.0 Try again later' });
      await writeTransaction(database, (tx) =>
        notify(tx, {
          account: LI_LEI.account,
          subject: { zh: '测试通知', en: 'Test notice' },
          text: { zh: '内容', en: 'Text' },
          link: '/filings',
          now: at(HOUR),
        }),
      );
      const first = await run(at(HOUR));
      assert.equal(first.retried, 1);
      const [queued] = await listDeliveries(database.kysely, { statuses: ['queued'] });
      assert.ok(queued);
      assert.match(queued.lastAnswer ?? '', /451/);
      assert.equal(smtp.received.length, 0);
      // Not before the backoff (30 s), then sent.
      assert.equal((await run(at(HOUR + 10_000))).completed, 0);
      assert.equal((await run(at(HOUR + 31_000))).completed, 1);
      assert.equal(smtp.received.length, 1);
      const [sent] = await listDeliveries(database.kysely, { statuses: ['sent'] });
      assert.equal(sent?.id, queued.id);
      assert.equal(sent?.attempts, 2);
    });

    it('fails at once on a 5xx answer, lists it for operators, and resends it with an audit event', async () => {
      await verifiedEmail('bounce@example.cn', 'zh', true);
      smtp.received.length = 0;
      smtp.answers.push({ code: 550, message: '5.1.1 No such user' });
      await writeTransaction(database, (tx) =>
        notify(tx, {
          account: LI_LEI.account,
          subject: { zh: '测试', en: 'Test' },
          text: { zh: '内容', en: 'Text' },
          now: at(HOUR),
        }),
      );
      await run(at(HOUR));
      const [failed] = await listDeliveries(database.kysely, { statuses: ['failed'] });
      assert.ok(failed);
      assert.match(failed.lastAnswer ?? '', /550.*No such user/);
      assert.equal(failed.attempts, 1);
      await assert.rejects(
        resendDelivery({ database, actor: LI_LEI, now: at(2 * HOUR), deliveryId: failed.id }),
        (error: unknown) => error instanceof WorkflowError && error.code === 'FORBIDDEN',
      );
      await resendDelivery({ database, actor: ADMIN, now: at(2 * HOUR), deliveryId: failed.id });
      await run(at(2 * HOUR));
      assert.equal(smtp.received.length, 1);
      const audit = await database.kysely
        .selectFrom('audit_event')
        .select(['actor_account', 'from_status', 'to_status'])
        .where('action', '=', 'notification.resend')
        .where('target', '=', `delivery:${failed.id}`)
        .execute();
      assert.deepEqual(audit, [{ actor_account: 'root', from_status: 'failed', to_status: 'queued' }]);
    });

    it('never resends by itself after a crash between send and record: the delivery is unknown', async () => {
      await verifiedEmail('crash@example.cn', 'zh', true);
      smtp.received.length = 0;
      await writeTransaction(database, (tx) =>
        notify(tx, {
          account: LI_LEI.account,
          subject: { zh: '测试', en: 'Test' },
          text: { zh: '内容', en: 'Text' },
          now: at(HOUR),
        }),
      );
      hooks.afterSend = () => Promise.reject(new Error('process killed'));
      await run(at(HOUR));
      assert.equal(smtp.received.length, 1, 'the message went out');
      hooks = {};
      // The job comes back (after its backoff) and must not send again.
      await run(at(HOUR + 10 * 60_000));
      await run(at(HOUR + 60 * 60_000));
      assert.equal(smtp.received.length, 1, 'no automatic duplicate');
      const [unknown] = await listDeliveries(database.kysely, { statuses: ['unknown'] });
      assert.ok(unknown, 'the delivery is listed as unknown');
      assert.match(unknown.lastAnswer ?? '', /not resent automatically/);
      // An operator's resend carries the same Message-ID: the copy is recognisable.
      await resendDelivery({ database, actor: ADMIN, now: at(2 * HOUR), deliveryId: unknown.id });
      await run(at(2 * HOUR));
      assert.equal(smtp.received.length, 2);
      const ids = smtp.received.map((m) => messageIdOf(m.raw));
      assert.equal(ids[0], unknown.messageId);
      assert.equal(ids[1], unknown.messageId);
    });

    it('refuses bad addresses at entry with the field named in both languages', async () => {
      const refusedAt = (code: string) => (error: unknown) => {
        assert.ok(error instanceof WorkflowError, String(error));
        assert.equal(error.code, 'VALIDATION_FAILED');
        const field = error.fields.find((f) => f.path === 'address');
        assert.equal(field?.code, code);
        assert.ok(field.message.zh.length > 0 && field.message.en.length > 0);
        return true;
      };
      const add = (channel: string, address: string) =>
        addRecipient({
          database,
          actor: LI_LEI,
          now: T0,
          settings: SETTINGS,
          input: { channel, address, lang: 'zh' },
        });
      await assert.rejects(add('email', 'wang@@example.cn'), refusedAt('EMAIL_INVALID'));
      await assert.rejects(add('email', '<script>@example.cn'), refusedAt('EMAIL_INVALID'));
      await assert.rejects(add('sms', '12345'), refusedAt('MOBILE_INVALID'));
      await assert.rejects(add('email', ''), refusedAt('REQUIRED'));
      const rows = await database.kysely.selectFrom('notification_recipient').select('id').execute();
      assert.deepEqual(rows, []);
      // Fifteen added at most.
      for (let i = 0; i < 15; i += 1) await add('email', `r${i}@example.cn`);
      await assert.rejects(add('email', 'r15@example.cn'), refusedAt('TOO_MANY'));
      await assert.rejects(add('email', 'R0@example.cn'), refusedAt('DUPLICATE'));
    });

    it('uses a verification link once, and sends links again at most once a minute', async () => {
      const token = await verifiedEmail('once@example.cn', 'zh');
      await assert.rejects(
        verifyRecipient({ database, token, now: T0 }),
        (error: unknown) => error instanceof WorkflowError && error.code === 'NOT_FOUND',
      );
      const added = await addRecipient({
        database,
        actor: LI_LEI,
        now: T0,
        settings: SETTINGS,
        input: { channel: 'sms', address: '+86 137 0013 7000', lang: 'zh' },
      });
      assert.equal(added.address, '13700137000');
      await assert.rejects(
        resendRecipientLink({
          database,
          actor: LI_LEI,
          now: at(10_000),
          settings: SETTINGS,
          recipientId: added.id,
        }),
        (error: unknown) => error instanceof WorkflowError && error.code === 'SMS_RESEND_LIMITED',
      );
      await resendRecipientLink({
        database,
        actor: LI_LEI,
        now: at(61_000),
        settings: SETTINGS,
        recipientId: added.id,
      });
      await run(at(61_000));
      const links = (await world.gateway.readOutbox({ phone: '13700137000' })).filter((m) =>
        m.body.includes('/notifications/verify?token='),
      );
      assert.equal(links.length, 2);
      // An unverified address receives nothing else.
      await writeTransaction(database, (tx) =>
        notify(tx, {
          account: LI_LEI.account,
          subject: { zh: '测试', en: 'Test' },
          text: { zh: '内容', en: 'Text' },
          now: at(HOUR),
        }),
      );
      await run(at(HOUR));
      assert.equal((await world.gateway.readOutbox({ phone: '13700137000' })).length, 2);
    });

    it('reminds once when an SMS verification is about to expire', async () => {
      const app = await submittedDraft(world, 'demo-ok.cn', at(HOUR));
      await providerReview({
        ...world.deps(at(2 * HOUR)),
        actor: REVIEWER,
        applicationId: app.id,
        decision: { decision: 'approve' },
      });
      await run(at(3 * HOUR));
      await run(at(23 * HOUR));
      await run(at(24 * HOUR));
      const reminders = await database.kysely
        .selectFrom('notification_delivery')
        .select(['channel', 'recipient'])
        .where('kind', '=', 'sms-expiring')
        .where('application_id', '=', app.id)
        .execute();
      assert.deepEqual(reminders.map((r) => `${r.channel}:${r.recipient}`).sort(), [
        'email:wang@example.cn',
        'inbox:li.lei',
        'sms:13800138000',
        'sms:13900139000',
      ]);
    });

    it('sends exactly one message per recipient per event when two workers run at once', async () => {
      await verifiedEmail('twice@example.cn', 'zh', true);
      smtp.received.length = 0;
      const other = await concurrentHandle(database);
      try {
        for (let i = 0; i < 8; i += 1)
          await writeTransaction(database, (tx) =>
            notify(tx, {
              account: LI_LEI.account,
              subject: { zh: `通知 ${i}`, en: `Notice ${i}` },
              text: { zh: '内容', en: 'Text' },
              now: at(HOUR),
            }),
          );
        const now = at(HOUR);
        await Promise.all([
          runNotificationPass(database, SETTINGS, now),
          runNotificationPass(other, SETTINGS, now),
        ]);
        await Promise.all([
          runDueJobs(database, handlers(), now, { workerId: 'one' }),
          runDueJobs(other, handlers(), now, { workerId: 'two' }),
        ]);
        const ids = smtp.received.map((m) => messageIdOf(m.raw));
        assert.equal(ids.length, 8);
        assert.equal(new Set(ids).size, 8);
        const inbox = await listNotices(database.kysely, LI_LEI.account);
        assert.equal(inbox.filter((n) => /^Notice \d$/.test(n.subject.en)).length, 8);
      } finally {
        await other.destroy();
      }
    });
  });
}
