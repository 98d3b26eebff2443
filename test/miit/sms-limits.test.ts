/**
 * Issue 12, item 1: SMS verification could be brute-forced (a resend reset the wrong-try counter and
 * extended the 24 h window; resends were unlimited) and used to flood a phone. Now: tries counted per
 * phone across resends and per application across phones, the window fixed at the first code, and
 * resends limited per phone (interval, per day) and per application (per round).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createSandboxGateway,
  SMS_MAX_RESENDS_PER_ROUND,
  SMS_MAX_SENDS_PER_PHONE_PER_DAY,
  SMS_MAX_WRONG_TRIES,
  SMS_MAX_WRONG_TRIES_PER_APPLICATION,
  SMS_RESEND_INTERVAL_MS,
  SmsResendLimitedError,
} from '../../src/miit/index.ts';
import type { SandboxGateway, SmsRecipient } from '../../src/miit/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { Database } from '../../src/store/index.ts';
import { concurrentHandle, testDialects } from '../support/databases.ts';

const SECRET = 'sms-secret-for-tests-0123456789';
const SENT = new Date('2026-11-28T02:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number): Date => new Date(SENT.getTime() + ms);
/** A phone of its own for each test, so the per-phone daily count of one does not reach another. */
const phone = (n: number): string => `139${String(n).padStart(8, '0')}`;

async function codeFor(gateway: SandboxGateway, applicationId: number, phone: string): Promise<string> {
  const [message] = await gateway.readOutbox({ applicationId, phone, limit: 1 });
  const code = /验证码：(\d{6})/.exec(message?.body ?? '')?.[1];
  assert.ok(code, 'the outbox holds a code');
  return code;
}

const wrongCode = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** Asserts a resend refused for `reason`, allowed again at `next` (null: not in this round). */
const limited = (reason: string, next: Date | null) => (error: unknown) => {
  assert.ok(error instanceof SmsResendLimitedError, String(error));
  assert.equal(error.code, 'sms-resend-limited');
  assert.equal(error.reason, reason);
  assert.equal(error.nextAllowedAt?.toISOString() ?? null, next?.toISOString() ?? null);
  return true;
};

for (const dialect of testDialects()) {
  describe(`MIIT sandbox SMS limits (${dialect.name})`, { skip: dialect.skip }, () => {
    let database: Database;
    let gateway: SandboxGateway;
    before(async () => {
      database = await dialect.open();
      gateway = createSandboxGateway({ database, policy: loadPolicy(), smsSecret: SECRET });
    });
    after(() => database?.destroy());

    const recipients = (...phones: string[]): SmsRecipient[] =>
      phones.map((phone, i) => ({ role: i === 0 ? 'subject-leader' : 'website-leader', phone }));
    const wrong = async (applicationId: number, phone: string, now: Date) =>
      gateway.verifySmsCode({
        applicationId,
        phone,
        code: wrongCode(await codeFor(gateway, applicationId, phone)),
        now,
      });

    it('counts wrong tries across resends and keeps the 24 h window of the first code', async () => {
      const p = phone(101);
      await gateway.sendSmsVerification({ applicationId: 101, recipients: recipients(p), now: SENT });
      for (let i = 0; i < SMS_MAX_WRONG_TRIES - 1; i++) await wrong(101, p, at(MINUTE));
      // Before issue 12 this gave five fresh tries and a new 24 h: 4 guesses + resend, looped.
      const resent = await gateway.resendSmsCode({ applicationId: 101, phone: p, now: at(2 * MINUTE) });
      const recipient = resent.recipients[0];
      assert.deepEqual(
        [recipient?.wrongAttempts, recipient?.triesLeft, recipient?.resendCount, recipient?.expiresAt],
        [4, 1, 1, at(24 * HOUR).toISOString()],
      );
      const last = await wrong(101, p, at(3 * MINUTE));
      assert.deepEqual([last.outcome, last.triesLeft], ['failed', 0]);
      // The right code no longer helps, and a failed phone gets no new code.
      const code = await codeFor(gateway, 101, p);
      const late = await gateway.verifySmsCode({ applicationId: 101, phone: p, code, now: at(4 * MINUTE) });
      assert.equal(late.outcome, 'failed');
      await assert.rejects(gateway.resendSmsCode({ applicationId: 101, phone: p, now: at(5 * MINUTE) }));
    });

    it('counts every one of many wrong codes entered at once: none is a free try', async () => {
      const p = phone(107);
      await gateway.sendSmsVerification({ applicationId: 107, recipients: recipients(p), now: SENT });
      const code = wrongCode(await codeFor(gateway, 107, p));
      // On PostgreSQL twelve transactions on twelve connections at once; they queue on the round's rows.
      const handle = await concurrentHandle(database);
      const concurrent = createSandboxGateway({ database: handle, policy: loadPolicy(), smsSecret: SECRET });
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          concurrent.verifySmsCode({ applicationId: 107, phone: p, code, now: at(MINUTE) }),
        ),
      ).finally(() => handle.destroy());
      assert.deepEqual(results.map((r) => r.outcome).sort(), [
        ...Array.from({ length: 8 }, () => 'failed'),
        ...Array.from({ length: 4 }, () => 'wrong-code'),
      ]);
      const status = await gateway.smsStatus({ applicationId: 107, now: at(MINUTE) });
      assert.equal(status.recipients[0]?.wrongAttempts, SMS_MAX_WRONG_TRIES);
    });

    it('a resend late in the window does not extend it', async () => {
      const p = phone(102);
      await gateway.sendSmsVerification({ applicationId: 102, recipients: recipients(p), now: SENT });
      await gateway.resendSmsCode({ applicationId: 102, phone: p, now: at(23 * HOUR) });
      const code = await codeFor(gateway, 102, p);
      const late = await gateway.verifySmsCode({ applicationId: 102, phone: p, code, now: at(24 * HOUR) });
      assert.equal(late.outcome, 'expired');
    });

    it(`fails the application at ${SMS_MAX_WRONG_TRIES_PER_APPLICATION} wrong tries across its phones`, async () => {
      const [a, b, c] = [phone(1031), phone(1032), phone(1033)];
      await gateway.sendSmsVerification({ applicationId: 103, recipients: recipients(a, b, c), now: SENT });
      for (let i = 0; i < 4; i++) await wrong(103, a, at(MINUTE));
      for (let i = 0; i < 4; i++) await wrong(103, b, at(MINUTE));
      const ninth = await wrong(103, c, at(MINUTE));
      assert.deepEqual([ninth.outcome, ninth.triesLeft, ninth.status.triesLeft], ['wrong-code', 1, 1]);
      const tenth = await wrong(103, c, at(MINUTE));
      assert.deepEqual([tenth.outcome, tenth.triesLeft, tenth.status.triesLeft], ['failed', 0, 0]);
      assert.equal(tenth.status.anyFailed, true);
    });

    it(`resends to one phone at most once per ${SMS_RESEND_INTERVAL_MS / 1000} s, saying when the next may go`, async () => {
      const p = phone(104);
      await gateway.sendSmsVerification({ applicationId: 104, recipients: recipients(p), now: SENT });
      const status = await gateway.smsStatus({ applicationId: 104, now: at(10_000) });
      assert.equal(status.recipients[0]?.nextResendAt, at(SMS_RESEND_INTERVAL_MS).toISOString());
      await assert.rejects(
        gateway.resendSmsCode({ applicationId: 104, phone: p, now: at(10_000) }),
        limited('interval', at(SMS_RESEND_INTERVAL_MS)),
      );
      await gateway.resendSmsCode({ applicationId: 104, phone: p, now: at(SMS_RESEND_INTERVAL_MS) });
      assert.equal(
        (await gateway.readOutbox({ applicationId: 104 })).length,
        2,
        'the refused one sent nothing',
      );
    });

    it(`allows ${SMS_MAX_RESENDS_PER_ROUND} resends per application and round, then none until a new round`, async () => {
      const [a, b] = [phone(1051), phone(1052)];
      await gateway.sendSmsVerification({ applicationId: 105, recipients: recipients(a, b), now: SENT });
      for (let i = 1; i <= SMS_MAX_RESENDS_PER_ROUND; i++)
        await gateway.resendSmsCode({ applicationId: 105, phone: i % 2 ? a : b, now: at(i * 2 * MINUTE) });
      const spent = await gateway.smsStatus({ applicationId: 105, now: at(HOUR) });
      assert.equal(spent.resendsLeft, 0);
      assert.deepEqual(
        spent.recipients.map((r) => r.nextResendAt),
        [null, null],
      );
      await assert.rejects(
        gateway.resendSmsCode({ applicationId: 105, phone: b, now: at(HOUR) }),
        limited('application', null),
      );
      // A new round (a reviewer's decision) starts the count again.
      await gateway.sendSmsVerification({
        applicationId: 105,
        recipients: recipients(a, b),
        now: at(2 * HOUR),
      });
      const fresh = await gateway.smsStatus({ applicationId: 105, now: at(2 * HOUR) });
      assert.equal(fresh.resendsLeft, SMS_MAX_RESENDS_PER_ROUND);
      assert.equal(fresh.triesLeft, SMS_MAX_WRONG_TRIES_PER_APPLICATION);
    });

    it(`sends one phone at most ${SMS_MAX_SENDS_PER_PHONE_PER_DAY} codes a day across applications`, async () => {
      const p = phone(106);
      // Five applications name the same phone; their reviewers' approvals send five codes at once.
      for (let app = 201; app <= 205; app++)
        await gateway.sendSmsVerification({ applicationId: app, recipients: recipients(p), now: SENT });
      for (let i = 1; i <= 5; i++)
        await gateway.resendSmsCode({ applicationId: 201 + (i % 5), phone: p, now: at(i * MINUTE) });
      // Ten in 24 h: the phone is free again when the first of them is a day old, which is when this
      // round's codes expire, so no resend is possible in it any more.
      await assert.rejects(
        gateway.resendSmsCode({ applicationId: 202, phone: p, now: at(HOUR) }),
        limited('phone', null),
      );
      // A reviewer's approval still sends (counted, never refused: a person decided it)…
      await gateway.sendSmsVerification({ applicationId: 206, recipients: recipients(p), now: at(HOUR) });
      assert.equal((await gateway.readOutbox({ phone: p })).length, 11);
      // …and its round, which ends later, may resend once the first code is a day old.
      await assert.rejects(
        gateway.resendSmsCode({ applicationId: 206, phone: p, now: at(HOUR + MINUTE) }),
        limited('phone', at(24 * HOUR)),
      );
      const status = await gateway.smsStatus({ applicationId: 206, now: at(HOUR + MINUTE) });
      assert.equal(status.recipients[0]?.nextResendAt, at(24 * HOUR).toISOString());
    });
  });
}
