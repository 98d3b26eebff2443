/**
 * 转移备案 (issue 15, seed Q9's way out): an account asks for a subject filed under another account
 * here; the subject's 主体负责人 confirms with the code texted to their phone, and the subject with its
 * websites moves. Codes: single use, 24 h, 5 wrong tries; refused while an application is in flight; the
 * requester's answer is the same whether the subject exists or not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSandboxSmsGateway } from '../../src/miit/index.ts';
import {
  answerTransfer,
  changeSubject,
  myFilings,
  myTransfers,
  readTransfer,
  requestTransfer,
  submitSubjectChange,
  withdrawApplication,
} from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { refusal } from './filing-steps.ts';
import { actor, at, DAY, HOUR, openWorld, S1, S5, type World } from './workflow-fixture.ts';

const HOLDER = actor('old.holder');
const TAKER = actor('new.taker');
const PRINCIPAL = '13600136000';

for (const dialect of testDialects()) {
  describe(`转移备案 (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    let subjectNumber = '';
    let websiteNumber = '';
    before(async () => {
      world = await openWorld(() => dialect.open());
      const issued = await world.gateway.issueNumbers({
        approvedAt: new Date('2024-03-01T04:00:00.000Z'),
        province: '浙江',
        account: HOLDER.account,
        subject: {
          subjectNumber: null,
          name: S1.name,
          nature: 'enterprise',
          idType: 'uscc',
          idNumber: S1.idNumber,
        },
        websites: [{ name: '示例科技官方网站', domains: ['demo-ok.cn'], homeUrl: 'https://www.demo-ok.cn/' }],
      });
      subjectNumber = issued.subjectNumber;
      websiteNumber = issued.websites[0]?.number ?? '';
      // What the bureau holds of the subject: its principal's phone (as a 变更主体 records it).
      await world.gateway.changeSubject({
        subjectNumber,
        name: S1.name,
        details: {
          certificateAddress: S1.certificateAddress,
          mailingAddress: S1.mailingAddress,
          responsiblePerson: { ...S1.responsiblePerson, mobile: PRINCIPAL },
        },
        approvedAt: new Date('2024-03-01T04:00:00.000Z'),
      });
    });
    after(() => world?.database.destroy());

    const sms = (ms: number) => createSandboxSmsGateway(world.database.kysely, () => at(ms));
    const ask = (who: typeof TAKER, query: string, ms: number) =>
      requestTransfer({
        ...world.deps(at(ms)),
        actor: who,
        query,
        sms: sms(ms),
        confirmLink: (token) => `https://beian.example/transfer/${token}`,
      });
    const texts = () =>
      world.database.kysely
        .selectFrom('sms_outbox')
        .select(['body', 'purpose'])
        .where('phone', '=', PRINCIPAL)
        .orderBy('id', 'desc')
        .execute();
    /** The link token and code of the latest text to the principal. */
    async function latestText(): Promise<{ token: string; code: string }> {
      const body = (await texts())[0]?.body ?? '';
      const token = /\/transfer\/([A-Za-z0-9_-]+)/.exec(body)?.[1];
      const code = /验证码：(\d{6})/.exec(body)?.[1];
      if (!token || !code) throw new Error(`no transfer text: ${body}`);
      return { token, code };
    }
    const answer = (token: string, ms: number, decision: 'confirm' | 'decline', code?: string) =>
      answerTransfer({ database: world.database, now: at(ms), token, decision, ...(code ? { code } : {}) });
    const holderOf = async () =>
      (
        await world.database.kysely
          .selectFrom('filed_subject')
          .select('account')
          .where('subject_number', '=', subjectNumber)
          .executeTakeFirstOrThrow()
      ).account;

    it('answers alike whether or not the subject is filed under another account here', async () => {
      const before = (await texts()).length;
      const real = await ask(actor('probe.one'), S1.idNumber, 0);
      const none = await ask(actor('probe.one'), '91330106MA2B3C4D9X', 0);
      // Filed at another provider: not this provider's to move.
      const elsewhere = await ask(actor('probe.one'), S5.idNumber, 0);
      for (const answered of [real, none, elsewhere]) {
        assert.deepEqual(Object.keys(answered).sort(), ['createdAt', 'expiresAt', 'id', 'query', 'state']);
        assert.equal(answered.state, 'pending');
        assert.equal(answered.expiresAt, real.expiresAt);
      }
      const listed = await myTransfers({ ...world.deps(at(HOUR)), actor: actor('probe.one') });
      assert.deepEqual(
        listed.map((t) => t.state),
        ['pending', 'pending', 'pending'],
      );
      const expired = await myTransfers({ ...world.deps(at(DAY + HOUR)), actor: actor('probe.one') });
      assert.deepEqual(
        expired.map((t) => t.state),
        ['not-confirmed', 'not-confirmed', 'not-confirmed'],
      );
      // Only the real one texted the principal, and as a notification: MIIT's per-phone code limits
      // of 短信核验 do not count it (src/miit/sms.ts).
      const sent = await texts();
      assert.equal(sent.length, before + 1);
      assert.equal(sent[0]?.purpose, 'notification');
      // The requester's own subject is no secret to them.
      await assert.rejects(ask(HOLDER, S1.idNumber, 0), refusal('VALIDATION_FAILED'));
      await assert.rejects(ask(TAKER, '<script>', 0), refusal('VALIDATION_FAILED'));
    });

    it('fails a request after five wrong codes; the right code then opens nothing', async () => {
      await ask(TAKER, subjectNumber, 2 * DAY);
      const { token, code } = await latestText();
      const wrong = code === '000000' ? '111111' : '000000';
      for (let left = 4; left >= 1; left--) {
        await assert.rejects(answer(token, 2 * DAY + HOUR, 'confirm', wrong), (error) => {
          assert.ok(refusal('VALIDATION_FAILED')(error));
          assert.match(
            (error as { fields: { message: { en: string } }[] }).fields[0]?.message.en ?? '',
            new RegExp(`${left} tries left`),
          );
          return true;
        });
      }
      await assert.rejects(answer(token, 2 * DAY + HOUR, 'confirm', wrong), refusal('SMS_FAILED'));
      assert.equal(
        (await readTransfer({ database: world.database, now: at(2 * DAY + HOUR), token })).state,
        'failed',
      );
      await assert.rejects(answer(token, 2 * DAY + HOUR, 'confirm', code), refusal('INVALID_TRANSITION'));
      assert.equal(await holderOf(), HOLDER.account);
    });

    it('refuses an expired code, and an unknown link', async () => {
      await ask(TAKER, subjectNumber, 3 * DAY);
      const { token, code } = await latestText();
      await assert.rejects(answer(token, 4 * DAY + 1, 'confirm', code), refusal('INVALID_TRANSITION'));
      assert.equal(
        (await readTransfer({ database: world.database, now: at(4 * DAY + 1), token })).state,
        'expired',
      );
      await assert.rejects(answer(`${token.slice(0, -2)}xx`, 3 * DAY, 'confirm', code), refusal('NOT_FOUND'));
      assert.equal(await holderOf(), HOLDER.account);
    });

    it('sends no code while an application of the subject is in flight, and refuses the answer then', async () => {
      const change = await changeSubject({
        ...world.deps(at(5 * DAY)),
        actor: HOLDER,
        subjectNumber,
        input: { ...S1, mailingAddress: '浙江省杭州市西湖区文三路 300 号 3 楼' },
      });
      // Asked before the change is submitted: a code goes out.
      await ask(TAKER, S1.idNumber, 5 * DAY);
      const { token, code } = await latestText();
      await submitSubjectChange({
        ...world.deps(at(5 * DAY + HOUR)),
        actor: HOLDER,
        applicationId: change.id,
      });
      const textsBefore = (await texts()).length;
      await ask(actor('other.taker'), S1.idNumber, 5 * DAY + HOUR);
      assert.equal((await texts()).length, textsBefore, 'no code while in flight');
      await assert.rejects(
        answer(token, 5 * DAY + 2 * HOUR, 'confirm', code),
        refusal('SUBJECT_HAS_ACTIVE_APPLICATION'),
      );
      assert.equal(await holderOf(), HOLDER.account);
      // Withdrawn: the same request can now be confirmed, once.
      await withdrawApplication({
        ...world.deps(at(5 * DAY + 3 * HOUR)),
        actor: HOLDER,
        applicationId: change.id,
      });
      const done = await answer(token, 5 * DAY + 4 * HOUR, 'confirm', ` ${code} `);
      assert.deepEqual(done, { outcome: 'confirmed', subjectNumber, requester: TAKER.account });
      await assert.rejects(answer(token, 5 * DAY + 4 * HOUR, 'confirm', code), refusal('INVALID_TRANSITION'));
      assert.equal(await holderOf(), TAKER.account);
      const [mine] = await myFilings({ ...world.deps(at(5 * DAY + 5 * HOUR)), actor: TAKER });
      assert.equal(mine?.subjectNumber, subjectNumber);
      assert.deepEqual(
        mine?.websites.map((w) => w.number),
        [websiteNumber],
      );
      assert.deepEqual(await myFilings({ ...world.deps(at(5 * DAY + 5 * HOUR)), actor: HOLDER }), []);
      const listed = await myTransfers({ ...world.deps(at(5 * DAY + 5 * HOUR)), actor: TAKER });
      assert.equal(listed[0]?.state, 'transferred');
      const events = await world.database.kysely
        .selectFrom('audit_event')
        .select(['data', 'target', 'actor_role'])
        .where('action', '=', 'filing.transfer-decide')
        .orderBy('id', 'desc')
        .execute();
      assert.equal(events[0]?.target, `subject:${subjectNumber}`);
      assert.equal(events[0]?.actor_role, 'subject-principal');
      assert.deepEqual(
        { ...(JSON.parse(String(events[0]?.data)) as object), transferId: 0 },
        { transferId: 0, outcome: 'confirmed', from: HOLDER.account, to: TAKER.account, wrongAttempts: 0 },
      );
    });

    it("declines on the principal's word, and limits requests per account and texts per phone", async () => {
      // Back to the first holder, by the same way (the subject is TAKER's now).
      await ask(HOLDER, subjectNumber, 7 * DAY);
      const first = await latestText();
      await answer(first.token, 7 * DAY, 'decline');
      assert.equal(
        (await readTransfer({ database: world.database, now: at(7 * DAY), token: first.token })).state,
        'declined',
      );
      assert.equal(await holderOf(), TAKER.account);
      // Per phone: 3 texts a day, whoever asks (the decline above was the first).
      await ask(actor('flood.a'), subjectNumber, 7 * DAY + 1);
      await ask(actor('flood.b'), subjectNumber, 7 * DAY + 2);
      const count = (await texts()).length;
      const refusedButAlike = await ask(actor('flood.c'), subjectNumber, 7 * DAY + 3);
      assert.equal(refusedButAlike.state, 'pending');
      assert.equal((await texts()).length, count, 'no fourth text to the phone that day');
      // Per account: 5 requests a day, counted whether or not they name anything.
      for (let i = 0; i < 5; i++) await ask(actor('flood.d'), `9133010600000000${i}X`, 8 * DAY + i);
      await assert.rejects(
        ask(actor('flood.d'), subjectNumber, 8 * DAY + 10),
        refusal('TRANSFER_REQUEST_LIMITED'),
      );
    });
  });
}
