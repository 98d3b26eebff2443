/**
 * Issue 16, "exactly one message per recipient per event, even when … two instances run": two real
 * `beian serve` processes on one PostgreSQL database, both running the notification pass and the
 * delivery jobs every second, delivering to one smtp-server and one SMS provider (node:http), both in
 * this process. Events are written while both run; when every delivery is settled, each recipient has
 * received each event's message exactly once (by Message-ID and by outId), and the log agrees.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { notify } from '../../src/notifications/index.ts';
import type { Database } from '../../src/store/index.ts';
import { writeTransaction } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import type { Instance } from './cluster.ts';
import { databaseUrl, startInstance, stopInstance, tempDir } from './cluster.ts';

const postgres = testDialects().find((dialect) => dialect.name === 'postgres');
const ACCOUNT = 'two.instances';
const EMAILS = ['owner@example.cn', 'ops@example.cn', 'boss@example.com'];
const PHONE = '13700137000';
const EVENTS_PER_BURST = 15;
const DEADLINE_MS = 40_000;

/** Resolves once `done()` holds (asked every 200 ms: the instances work on their own clock); rejects at the deadline. */
function until(done: () => Promise<boolean>, what: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      void done().then(
        (ok) => {
          if (ok) return resolve();
          if (Date.now() - started > DEADLINE_MS) return reject(new Error(`timed out: ${what()}`));
          setTimeout(check, 200);
        },
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      );
    };
    check();
  });
}

describe('notifications from two beian serve processes', { skip: postgres?.skip ?? 'no postgres' }, () => {
  let database: Database;
  const cwd = tempDir();
  let instances: Instance[] = [];
  const mail: { to: string[]; messageId: string }[] = [];
  const sms: { phone: string; outId: string }[] = [];
  let smtp: SMTPServer;
  const provider = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { phone: string; outId: string };
      sms.push({ phone: body.phone, outId: body.outId });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`{"requestId":"${sms.length}"}`);
    });
  });

  before(async () => {
    database = await (postgres ?? { open: () => Promise.reject(new Error('no postgres')) }).open();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          mail.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: /^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim() ?? '',
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const smsPort = (provider.address() as AddressInfo).port;

    const now = new Date().toISOString();
    await database.kysely
      .insertInto('notification_recipient')
      .values([
        ...EMAILS.map((address, i) => ({
          account: ACCOUNT,
          channel: 'email' as const,
          address,
          lang: 'zh' as const,
          is_account_email: i === 0 ? 1 : 0,
          verified_at: now,
          token_hash: null,
          token_expires_at: null,
          created_at: now,
        })),
        {
          account: ACCOUNT,
          channel: 'sms' as const,
          address: PHONE,
          lang: 'zh' as const,
          is_account_email: 0,
          verified_at: now,
          token_hash: null,
          token_expires_at: null,
          created_at: now,
        },
      ])
      .execute();

    const url = await databaseUrl(database);
    const env = {
      BEIAN_JOBS_INTERVAL_SECONDS: '1',
      BEIAN_PUBLIC_URL: 'https://beian.example.cn',
      BEIAN_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      BEIAN_MAIL_FROM: 'beian@example.cn',
      BEIAN_SMS_PROVIDER: 'http',
      BEIAN_SMS_URL: `http://127.0.0.1:${smsPort}/send`,
      BEIAN_SMS_KEY: 'test-key',
      BEIAN_SMS_SIGN_NAME: '网站备案系统',
      BEIAN_SMS_TEMPLATE_ID: 'SMS_1',
      BEIAN_LOG_LEVEL: 'warn',
    };
    instances = await Promise.all([startInstance(url, cwd.path, env), startInstance(url, cwd.path, env)]);
  });

  after(async () => {
    await Promise.all(instances.map(stopInstance));
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => provider.close(() => resolve()));
    await database?.destroy();
    cwd.remove();
  });

  const burst = async (tag: string) => {
    for (let i = 0; i < EVENTS_PER_BURST; i += 1)
      await writeTransaction(database, (tx) =>
        notify(tx, {
          account: ACCOUNT,
          subject: { zh: `通知 ${tag}${i}`, en: `Notice ${tag}${i}` },
          text: { zh: '内容', en: 'Text' },
          now: new Date(),
        }),
      );
  };

  /** Deliveries not settled yet: queued or in a send. */
  const unsettled = async () =>
    Number(
      (
        await database.kysely
          .selectFrom('notification_delivery')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('status', 'in', ['queued', 'sending'])
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('delivers each event to each recipient exactly once', async () => {
    // Two bursts while both instances run: the second lands while the first may still be sending.
    await burst('a');
    await until(
      () => Promise.resolve(mail.length >= EVENTS_PER_BURST),
      () => `${mail.length} e-mails`,
    );
    await burst('b');
    const events = 2 * EVENTS_PER_BURST;
    await until(
      async () => mail.length >= events * EMAILS.length && sms.length >= events && (await unsettled()) === 0,
      () => `${mail.length} e-mails, ${sms.length} SMS`,
    );

    // Exactly once per recipient and event: every (recipient, Message-ID) once, and all of them.
    const mailKeys = mail.map((m) => `${m.to.join(',')} ${m.messageId}`);
    assert.equal(new Set(mailKeys).size, mailKeys.length, 'no e-mail twice');
    assert.equal(mail.length, events * EMAILS.length);
    for (const address of EMAILS)
      assert.equal(mail.filter((m) => m.to.join() === address).length, events, address);
    const smsKeys = sms.map((m) => `${m.phone} ${m.outId}`);
    assert.equal(new Set(smsKeys).size, smsKeys.length, 'no SMS twice');
    assert.equal(sms.length, events);

    // The log agrees: one delivery per event, channel and recipient, every one sent on its first try.
    const rows = await database.kysely
      .selectFrom('notification_delivery')
      .select(['channel', 'status', 'attempts'])
      .where('account', '=', ACCOUNT)
      .execute();
    assert.equal(rows.length, events * (EMAILS.length + 2), 'e-mails, SMS and inbox notices');
    assert.ok(
      rows.every((row) => row.status === 'sent'),
      JSON.stringify(rows.filter((r) => r.status !== 'sent')),
    );
    assert.ok(rows.every((row) => row.channel === 'inbox' || row.attempts === 1));
    const processed = await database.kysely
      .selectFrom('notification_event')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.ok(Number(processed.n) >= events);
  });
});
