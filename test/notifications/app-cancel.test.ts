/**
 * 注销APP and 取消接入 of an app tell the account, as a website's cancellation does (issue 17 on top of
 * issue 16): an app filed through the whole workflow, then each cancellation, each message received by
 * a real SMTP server (smtp-server on 127.0.0.1) in Chinese and in English, naming the app and its
 * number; on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runDueJobs } from '../../src/jobs/index.ts';
import type { EmailTransport } from '../../src/notifications/index.ts';
import {
  addRecipient,
  createSmtpTransport,
  listNotices,
  notificationJobHandlers,
  runNotificationPass,
  verifyRecipient,
} from '../../src/notifications/index.ts';
import { createSandboxSmsGateway } from '../../src/miit/index.ts';
import {
  bureauReview,
  cancelApp,
  cancelAppAccess,
  createApplication,
  providerReview,
  saveDraftApps,
  submitApplication,
  updateDraft,
  verifySms,
} from '../../src/workflow/index.ts';
import { makeSigner } from '../documents/apk-samples.ts';
import { testDialects } from '../support/databases.ts';
import type { World } from '../workflow/workflow-fixture.ts';
import {
  at,
  BUREAU,
  DAY,
  HOUR,
  LI_LEI,
  openWorld,
  REVIEWER,
  S1,
  SUBJECT_LEADER_PHONE,
  smsCode,
  T0,
} from '../workflow/workflow-fixture.ts';
import { body, startSmtp, subjectOf } from './smtp-server.ts';

const SETTINGS = { publicUrl: 'https://beian.example.cn' };
const APP_LEADER_PHONE = '13700137000';
const signer = makeSigner('Demo Ledger');
const LEDGER = {
  name: '示例记账',
  type: 'app',
  platforms: {
    android: { packageName: 'cn.demo.ledger', publicKey: signer.expected.modulus, md5: signer.expected.md5 },
  },
  serviceContent: ['software'],
  responsiblePerson: { ...S1.responsiblePerson, mobile: APP_LEADER_PHONE },
  domains: [],
  ips: ['203.0.113.7'],
};

/** An application of the app alone, through review, SMS and the bureau: the app's number. */
async function filedApp(world: World): Promise<string> {
  const d = { ...world.deps(at(HOUR)), actor: LI_LEI };
  const { application } = await createApplication({
    ...d,
    input: {
      province: S1.province,
      subject: { type: S1.type, idType: S1.idType, idNumber: S1.idNumber, name: S1.name },
    },
  });
  const id = application.id;
  await updateDraft({ ...d, applicationId: id, form: { subject: S1, websites: [] } });
  await saveDraftApps({ ...d, applicationId: id, apps: [LEDGER] });
  await submitApplication({ ...d, applicationId: id });
  await providerReview({
    ...world.deps(at(2 * HOUR)),
    actor: REVIEWER,
    applicationId: id,
    decision: { decision: 'approve' },
  });
  for (const phone of [SUBJECT_LEADER_PHONE, APP_LEADER_PHONE]) {
    const code = await smsCode(world, id, phone);
    await verifySms({
      ...world.deps(at(3 * HOUR)),
      actor: LI_LEI,
      applicationId: id,
      input: { phone, code },
    });
  }
  const approved = await bureauReview({
    ...world.deps(at(4 * HOUR)),
    actor: BUREAU,
    applicationId: id,
    decision: { decision: 'approve' },
  });
  const number = approved.apps?.[0]?.number;
  assert.ok(number, 'the bureau issued the app’s number');
  return number;
}

for (const dialect of testDialects()) {
  describe(`notifications of app cancellations (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let email: EmailTransport;
    before(async () => {
      world = await openWorld(() => dialect.open());
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
      await world?.database.destroy();
    });

    const run = async (now: Date) => {
      const database = world.database;
      await runNotificationPass(database, SETTINGS, now);
      const sms = createSandboxSmsGateway(database.kysely, () => now);
      return runDueJobs(database, notificationJobHandlers({ email, sms }), now);
    };

    /** Adds li.lei's address in `lang` and follows the link its e-mail carries. */
    async function verifiedEmail(address: string, lang: 'zh' | 'en', accountEmail: boolean) {
      const database = world.database;
      await addRecipient({
        database,
        actor: LI_LEI,
        now: T0,
        settings: SETTINGS,
        input: { channel: 'email', address, lang },
        accountEmail,
      });
      await run(T0);
      const mail = smtp.received.find((m) => m.to.includes(address));
      assert.ok(mail, `no verification e-mail to ${address}`);
      const token = /\/notifications\/verify\?token=([A-Za-z0-9_-]+)/.exec(body(mail.raw))?.[1];
      assert.ok(token, 'the e-mail carries the link');
      await verifyRecipient({ database, token, now: T0 });
    }

    /** The one message each address got since `from`, whose subject matches `subject`. */
    const mailTo = (address: string, from: number, subject: RegExp) => {
      const mails = smtp.received
        .slice(from)
        .filter((m) => m.to.includes(address) && subject.test(subjectOf(m.raw)));
      assert.equal(mails.length, 1, `${address}: ${smtp.received.map((m) => subjectOf(m.raw)).join(' | ')}`);
      return { subject: subjectOf(mails[0]!.raw), text: body(mails[0]!.raw) };
    };

    it('tells the account of 取消接入 and then 注销 of its app, naming it, in Chinese and English', async () => {
      await verifiedEmail('li.lei@example.cn', 'zh', true);
      await verifiedEmail('ops@example.com', 'en', false);
      const number = await filedApp(world);
      await run(at(5 * HOUR));

      // 取消接入: the app leaves this provider, its number stays.
      let from = smtp.received.length;
      await cancelAppAccess({ ...world.deps(at(DAY)), actor: LI_LEI, appNumber: number });
      await run(at(DAY + HOUR));
      const accessZh = mailTo('li.lei@example.cn', from, /取消接入/);
      assert.equal(accessZh.subject, `取消接入完成：APP「示例记账」（${number}）`);
      assert.match(accessZh.text, /已取消在本接入商的接入，备案号保留/);
      assert.match(accessZh.text, /https:\/\/beian\.example\.cn\/filings/);
      const accessEn = mailTo('ops@example.com', from, /Access cancelled/);
      assert.equal(accessEn.subject, `Access cancelled: app “示例记账” (${number})`);
      assert.match(accessEn.text, /its filing number stays/);

      // 注销APP: the subject's last filing goes, and the subject with it.
      from = smtp.received.length;
      const { subjectCancelled } = await cancelApp({
        ...world.deps(at(2 * DAY)),
        actor: LI_LEI,
        appNumber: number,
      });
      assert.ok(subjectCancelled, 'the app was the subject’s last filing');
      await run(at(2 * DAY + HOUR));
      const cancelZh = mailTo('li.lei@example.cn', from, /注销完成/);
      assert.equal(cancelZh.subject, `注销完成：APP「示例记账」（${number}）`);
      assert.ok(cancelZh.text.includes(`主体备案 ${subjectCancelled} 随之注销`), cancelZh.text);
      assert.match(cancelZh.text, /不得再在中国大陆上架/);
      const cancelEn = mailTo('ops@example.com', from, /Cancellation done/);
      assert.equal(cancelEn.subject, `Cancellation done: app “示例记账” (${number})`);
      assert.ok(cancelEn.text.includes(`the subject’s filing ${subjectCancelled} was cancelled`));

      // The inbox keeps both notices.
      const inbox = await listNotices(world.database.kysely, LI_LEI.account);
      assert.ok(inbox.some((n) => n.subject.zh === accessZh.subject));
      assert.ok(inbox.some((n) => n.subject.en === cancelEn.subject));
    });
  });
}
