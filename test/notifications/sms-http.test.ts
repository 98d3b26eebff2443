/**
 * The HTTP SMS provider adapter (issue 16) against a real node:http server in this process: the JSON
 * request a provider receives (signature, template, the text without our 【…】 prefix, the Message-ID
 * as outId and Idempotency-Key, the bearer key); 2xx sent, 408/429/5xx retried, other 4xx failed, no
 * answer retried; phone numbers masked in every answer. Then through the delivery job on SQLite and
 * PostgreSQL: a 503 retried after its backoff and sent once, a 400 failed at once, listed for operators.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runDueJobs } from '../../src/jobs/index.ts';
import { SmsGatewayError } from '../../src/miit/index.ts';
import {
  createHttpSmsGateway,
  listDeliveries,
  maskPhones,
  notificationJobHandlers,
  notify,
  runNotificationPass,
} from '../../src/notifications/index.ts';
import type { Database } from '../../src/store/index.ts';
import { writeTransaction } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';

type Received = { headers: IncomingMessage['headers']; body: Record<string, unknown> };

/** A provider: answers each request with the next of `answers` (then 200), recording what it got. */
async function startProvider(): Promise<{
  url: string;
  received: Received[];
  answers: { status: number; body: string }[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const answers: { status: number; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      });
      const answer = answers.shift() ?? { status: 200, body: `{"requestId":"r-${received.length}"}` };
      if (answer.status === 0) {
        request.socket.destroy();
        return;
      }
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1/sms/send`,
    received,
    answers,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const CONFIG = { key: 'test-key-123', signName: '网站备案系统', templateId: 'SMS_123456789' };
const MESSAGE = {
  phone: '13800138000',
  text: '【网站备案系统】您的备案申请 #7 已通过。 https://beian.example.cn/filings',
  applicationId: 7,
  messageId: '<beian.e12.sms.abc@beian.example.cn>',
};

describe('HTTP SMS provider adapter', () => {
  let provider: Awaited<ReturnType<typeof startProvider>>;
  before(async () => {
    provider = await startProvider();
  });
  after(() => provider.close());
  beforeEach(() => {
    provider.received.length = 0;
    provider.answers.length = 0;
  });

  it('posts the message as the provider’s template variable, with the key and the Message-ID', async () => {
    const gateway = createHttpSmsGateway({ ...CONFIG, url: provider.url });
    const sent = await gateway.send(MESSAGE);
    assert.equal(sent.answer, '200 {"requestId":"r-1"}');
    const [request] = provider.received;
    assert.ok(request);
    assert.equal(request.headers.authorization, 'Bearer test-key-123');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['idempotency-key'], MESSAGE.messageId);
    assert.deepEqual(request.body, {
      phone: '13800138000',
      signName: '网站备案系统',
      templateId: 'SMS_123456789',
      params: { text: '您的备案申请 #7 已通过。 https://beian.example.cn/filings' },
      outId: MESSAGE.messageId,
    });
  });

  it('retries 408, 429 and 5xx; fails other 4xx for good; masks the phone in every answer', async () => {
    const gateway = createHttpSmsGateway({ ...CONFIG, url: provider.url });
    const cases: [number, boolean][] = [
      [408, true],
      [429, true],
      [500, true],
      [503, true],
      [400, false],
      [401, false],
      [403, false],
      [404, false],
      [422, false],
    ];
    for (const [status, transient] of cases) {
      provider.answers.push({ status, body: `{"error":"refused 13800138000","code":${status}}` });
      await assert.rejects(gateway.send(MESSAGE), (error: unknown) => {
        assert.ok(error instanceof SmsGatewayError, String(error));
        assert.equal(error.transient, transient, String(status));
        assert.ok(error.message.includes(`${status} `), error.message);
        assert.ok(error.message.includes('138****8000'), error.message);
        assert.ok(!error.message.includes('13800138000'), error.message);
        return true;
      });
    }
  });

  it('counts no answer as transient: a reset connection, or nobody listening', async () => {
    const gateway = createHttpSmsGateway({ ...CONFIG, url: provider.url });
    provider.answers.push({ status: 0, body: '' });
    await assert.rejects(
      gateway.send(MESSAGE),
      (error: unknown) =>
        error instanceof SmsGatewayError && error.transient && /unreachable/.test(error.message),
    );
    const closed = await startProvider();
    const url = closed.url;
    await closed.close();
    await assert.rejects(
      createHttpSmsGateway({ ...CONFIG, url }).send(MESSAGE),
      (error: unknown) =>
        error instanceof SmsGatewayError && error.transient && /unreachable/.test(error.message),
    );
  });

  it('masks mainland mobile numbers and nothing else', () => {
    assert.equal(maskPhones('to 13800138000, +8613900139000.'), 'to 138****8000, +86139****9000.');
    assert.equal(maskPhones('id 123456789012 and 0571-87654321'), 'id 123456789012 and 0571-87654321');
  });
});

for (const dialect of testDialects()) {
  describe(`SMS deliveries through the HTTP provider (${dialect.name})`, { skip: dialect.skip }, () => {
    let database: Database;
    let provider: Awaited<ReturnType<typeof startProvider>>;
    const T0 = new Date('2026-11-28T04:00:00.000Z');
    before(async () => {
      database = await dialect.open();
      provider = await startProvider();
      await database.kysely
        .insertInto('notification_recipient')
        .values({
          account: 'sms.user',
          channel: 'sms',
          address: '13700137000',
          lang: 'zh',
          is_account_email: 0,
          verified_at: T0.toISOString(),
          token_hash: null,
          token_expires_at: null,
          created_at: T0.toISOString(),
        })
        .execute();
    });
    after(async () => {
      await provider?.close();
      await database?.destroy();
    });

    const handlers = () =>
      notificationJobHandlers({ email: null, sms: createHttpSmsGateway({ ...CONFIG, url: provider.url }) });
    const send = async (text: string, now: Date) => {
      await writeTransaction(database, (tx) =>
        notify(tx, {
          account: 'sms.user',
          subject: { zh: text, en: text },
          text: { zh: text, en: text },
          now,
        }),
      );
      await runNotificationPass(database, { publicUrl: 'https://beian.example.cn' }, now);
    };

    it('retries a 503 after its backoff and sends once; fails a 400 at once for the operator', async () => {
      provider.answers.push({ status: 503, body: 'busy' });
      await send('第一条', T0);
      const first = await runDueJobs(database, handlers(), T0);
      assert.equal(first.retried, 1);
      assert.equal((await runDueJobs(database, handlers(), new Date(T0.getTime() + 10_000))).completed, 0);
      assert.equal((await runDueJobs(database, handlers(), new Date(T0.getTime() + 31_000))).completed, 1);
      assert.equal(provider.received.length, 2, 'one retry, then nothing more');
      // Both attempts carried the same outId: a provider that deduplicates sends one message.
      assert.equal(provider.received[0]?.body.outId, provider.received[1]?.body.outId);
      const [sent] = await listDeliveries(database.kysely, { statuses: ['sent'] });
      assert.equal(sent?.attempts, 2);
      assert.match(sent?.lastAnswer ?? '', /^200 /);

      provider.answers.push({ status: 400, body: '{"message":"invalid number 13700137000"}' });
      const later = new Date(T0.getTime() + 3_600_000);
      await send('第二条', later);
      await runDueJobs(database, handlers(), later);
      const [failed] = await listDeliveries(database.kysely, { statuses: ['failed'] });
      assert.ok(failed, 'listed for operators');
      assert.equal(failed.attempts, 1);
      assert.match(failed.lastAnswer ?? '', /400 .*137\*\*\*\*7000/);
      assert.ok(!(failed.lastAnswer ?? '').includes('13700137000'));
      const jobs = await database.kysely
        .selectFrom('job')
        .select('last_error')
        .where('kind', '=', 'notification-deliver')
        .execute();
      assert.ok(jobs.every((job) => !(job.last_error ?? '').includes('13700137000')));
    });
  });
}
