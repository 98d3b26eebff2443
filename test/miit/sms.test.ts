import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createSandboxGateway,
  MiitError,
  normalizePhone,
  SMS_MAX_WRONG_TRIES,
} from '../../src/miit/index.ts';
import type { SandboxGateway, SmsRecipient } from '../../src/miit/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';

const SECRET = 'sms-secret-for-tests-0123456789';
const SENT = new Date('2026-11-28T02:00:00.000Z');
const at = (hours: number): Date => new Date(SENT.getTime() + hours * 3_600_000);
const SUBJECT_PHONE = '13800138000';
const WEBSITE_PHONE = '13900139000';

/** The code the sandbox "phone" received last for a phone, read from the outbox. */
async function codeFor(gateway: SandboxGateway, applicationId: number, phone: string): Promise<string> {
  const [message] = await gateway.readOutbox({ applicationId, phone, limit: 1 });
  const code = /验证码：(\d{6})/.exec(message?.body ?? '')?.[1];
  assert.ok(code, 'the outbox holds a code');
  return code;
}

const wrongCode = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('normalizePhone', () => {
  it('accepts mainland mobiles with +86, spaces and dashes; refuses others', () => {
    assert.equal(normalizePhone('+86 138-0013-8000'), SUBJECT_PHONE);
    assert.throws(() => normalizePhone('02012345678'), MiitError);
  });
});

for (const dialect of testDialects()) {
  describe(`MIIT sandbox SMS verification (${dialect.name})`, { skip: dialect.skip }, () => {
    let database: Database;
    let gateway: SandboxGateway;
    before(async () => {
      database = await dialect.open();
      gateway = createSandboxGateway({ database, policy: loadPolicy(), smsSecret: SECRET });
    });
    after(() => database?.destroy());

    const recipients: SmsRecipient[] = [
      { role: 'subject-leader', phone: SUBJECT_PHONE },
      { role: 'website-leader', phone: WEBSITE_PHONE },
    ];

    it('sends one SMS per distinct phone and stores only a hash', async () => {
      const status = await gateway.sendSmsVerification({
        applicationId: 1,
        recipients: [...recipients, { role: 'website-leader', phone: '+86 13800138000' }],
        now: SENT,
      });
      assert.deepEqual(
        status.recipients.map((recipient) => [recipient.phone, recipient.roles, recipient.state]),
        [
          [SUBJECT_PHONE, ['subject-leader', 'website-leader'], 'pending'],
          [WEBSITE_PHONE, ['website-leader'], 'pending'],
        ],
      );
      assert.equal(status.recipients[0]?.expiresAt, at(24).toISOString());
      assert.equal(status.allVerified, false);
      const outbox = await gateway.readOutbox({ applicationId: 1 });
      assert.equal(outbox.length, 2);
      const code = await codeFor(gateway, 1, SUBJECT_PHONE);
      const stored = await database.kysely.selectFrom('sms_verification').selectAll().execute();
      assert.ok(
        stored.every((row) => !JSON.stringify(row).includes(code)),
        'no plaintext code in the table',
      );
    });

    it('verifies each phone and detects when all are verified', async () => {
      const first = await gateway.verifySmsCode({
        applicationId: 1,
        phone: SUBJECT_PHONE,
        code: await codeFor(gateway, 1, SUBJECT_PHONE),
        now: at(1),
      });
      assert.equal(first.outcome, 'verified');
      assert.equal(first.status.allVerified, false);
      const again = await gateway.verifySmsCode({
        applicationId: 1,
        phone: SUBJECT_PHONE,
        code: '000000',
        now: at(1),
      });
      assert.equal(again.outcome, 'already-verified');
      const second = await gateway.verifySmsCode({
        applicationId: 1,
        phone: WEBSITE_PHONE,
        code: await codeFor(gateway, 1, WEBSITE_PHONE),
        now: at(2),
      });
      assert.equal(second.outcome, 'verified');
      assert.equal(second.status.allVerified, true);
      assert.equal(second.status.recipients[1]?.verifiedAt, at(2).toISOString());
    });

    it('fails a code after 5 wrong tries; the right code no longer helps', async () => {
      await gateway.sendSmsVerification({ applicationId: 2, recipients, now: SENT });
      const code = await codeFor(gateway, 2, SUBJECT_PHONE);
      const outcomes = [];
      for (let attempt = 0; attempt < SMS_MAX_WRONG_TRIES; attempt++) {
        const result = await gateway.verifySmsCode({
          applicationId: 2,
          phone: SUBJECT_PHONE,
          code: wrongCode(code),
          now: at(1),
        });
        outcomes.push([result.outcome, result.triesLeft]);
      }
      assert.deepEqual(outcomes, [
        ['wrong-code', 4],
        ['wrong-code', 3],
        ['wrong-code', 2],
        ['wrong-code', 1],
        ['failed', 0],
      ]);
      const late = await gateway.verifySmsCode({ applicationId: 2, phone: SUBJECT_PHONE, code, now: at(1) });
      assert.equal(late.outcome, 'failed');
      assert.equal(late.status.anyFailed, true);
      await assert.rejects(
        gateway.resendSmsCode({ applicationId: 2, phone: SUBJECT_PHONE, now: at(2) }),
        (error: unknown) => error instanceof MiitError && error.code === 'sms-not-pending',
      );
    });

    it('expires a code 24 h after sending', async () => {
      await gateway.sendSmsVerification({ applicationId: 3, recipients, now: SENT });
      const code = await codeFor(gateway, 3, WEBSITE_PHONE);
      const justBefore = await gateway.smsStatus({ applicationId: 3, now: new Date(at(24).getTime() - 1) });
      assert.equal(justBefore.anyExpired, false);
      const late = await gateway.verifySmsCode({ applicationId: 3, phone: WEBSITE_PHONE, code, now: at(24) });
      assert.equal(late.outcome, 'expired');
      assert.equal(late.status.anyExpired, true);
    });

    it('resends a new code: the old one stops working, the tries and the 24 h carry on (issue 12)', async () => {
      await gateway.sendSmsVerification({ applicationId: 4, recipients, now: SENT });
      const old = await codeFor(gateway, 4, SUBJECT_PHONE);
      await gateway.verifySmsCode({
        applicationId: 4,
        phone: SUBJECT_PHONE,
        code: wrongCode(old),
        now: at(1),
      });
      const status = await gateway.resendSmsCode({ applicationId: 4, phone: SUBJECT_PHONE, now: at(20) });
      const resent = status.recipients[0];
      assert.deepEqual(
        [resent?.resendCount, resent?.wrongAttempts, resent?.expiresAt],
        [1, 1, at(24).toISOString()],
      );
      const fresh = await codeFor(gateway, 4, SUBJECT_PHONE);
      if (fresh !== old) {
        const stale = await gateway.verifySmsCode({
          applicationId: 4,
          phone: SUBJECT_PHONE,
          code: old,
          now: at(21),
        });
        assert.equal(stale.outcome, 'wrong-code');
      }
      const ok = await gateway.verifySmsCode({
        applicationId: 4,
        phone: SUBJECT_PHONE,
        code: fresh,
        now: at(23),
      });
      assert.equal(ok.outcome, 'verified');
    });

    it('supersedes the previous round when sending again, and rolls back with the caller', async () => {
      await gateway.sendSmsVerification({ applicationId: 5, recipients, now: SENT });
      const old = await codeFor(gateway, 5, SUBJECT_PHONE);
      await gateway.sendSmsVerification({
        applicationId: 5,
        recipients: recipients.slice(0, 1),
        now: at(30),
      });
      const status = await gateway.smsStatus({ applicationId: 5, now: at(30) });
      assert.deepEqual(
        status.recipients.map((recipient) => recipient.phone),
        [SUBJECT_PHONE],
      );
      const fresh = await codeFor(gateway, 5, SUBJECT_PHONE);
      if (fresh !== old) {
        const stale = await gateway.verifySmsCode({
          applicationId: 5,
          phone: SUBJECT_PHONE,
          code: old,
          now: at(31),
        });
        assert.equal(stale.outcome, 'wrong-code');
      }
      const gone = await gateway.verifySmsCode({
        applicationId: 5,
        phone: WEBSITE_PHONE,
        code: old,
        now: at(31),
      });
      assert.equal(gone.outcome, 'not-found');

      await assert.rejects(
        database.kysely.transaction().execute(async (tx) => {
          await gateway.sendSmsVerification({ applicationId: 6, recipients, now: SENT }, tx);
          throw new Error('workflow aborted');
        }),
        /workflow aborted/,
      );
      assert.deepEqual(await gateway.readOutbox({ applicationId: 6 }), []);
    });
  });
}
