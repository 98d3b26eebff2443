/**
 * Campaigns and rectifications on SQLite and PostgreSQL, against the local DNS and web servers: a
 * campaign over a cohort, rectifications opened, the applicant notified, rechecked, closed or escalated;
 * each state change with its audit event in the same transaction, and only the permission table's
 * roles allowed to run them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { can } from '../../src/filing/index.ts';
import {
  MonitorError,
  closeRectification,
  escalateOverdue,
  escalateRectification,
  listRectifications,
  notifyRectification,
  openRectifications,
  readCampaign,
  readRectification,
  recheckRectification,
  rectificationNotice,
  runCampaign,
} from '../../src/monitor/index.ts';
import { runDueJobs } from '../../src/jobs/index.ts';
import { createSandboxSmsGateway } from '../../src/miit/index.ts';
import type { EmailTransport } from '../../src/notifications/index.ts';
import {
  addRecipient,
  createSmtpTransport,
  listNotices,
  notificationJobHandlers,
  runNotificationPass,
  verifyRecipient,
} from '../../src/notifications/index.ts';
import { body, startSmtp, subjectOf } from '../notifications/smtp-server.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import { footer, localMonitor, seedFiledSites } from './fixture.ts';
import { startDns, startWeb } from './local-net.ts';
import type { LocalDns, LocalWeb, SiteReply, ZoneEntry } from './local-net.ts';

const GOOD = '京ICP备2021000001号-1';
const BARE = '京ICP备2021000002号-1';
const FIX = '粤ICP备2021000003号-1';
const ELSEWHERE = '京ICP备2021000004号-1';
const OPERATOR = { account: 'wang.wu', role: 'provider-reviewer' };
const NOW = new Date('2026-12-01T04:00:00Z');
const SETTINGS = { publicUrl: 'https://beian.example.cn' };
const HAN_PHONE = '13700137000';

const zone = new Map<string, ZoneEntry>([
  ['good.cn', { a: ['127.0.0.1'] }],
  ['bare.cn', { a: ['127.0.0.1'] }],
  ['fix.cn', { a: ['127.0.0.1'] }],
  ['elsewhere.cn', { a: ['127.0.0.1'] }],
]);
const pages = new Map<string, SiteReply>([
  ['good.cn', { kind: 'page', html: footer(GOOD) }],
  ['bare.cn', { kind: 'page', html: '<footer>© 2026</footer>' }],
  ['fix.cn', { kind: 'page', html: '<footer>© 2026</footer>' }],
  ['elsewhere.cn', { kind: 'page', html: '<footer>© 2026</footer>' }],
]);

let dns: LocalDns;
let web: LocalWeb;
before(async () => {
  dns = await startDns(zone);
  web = await startWeb((host) => pages.get(host));
});
after(async () => {
  await dns.close();
  await web.close();
});

async function seed(database: Database): Promise<void> {
  await seedFiledSites(database, [
    { number: GOOD, domains: ['good.cn'] },
    { number: BARE, domains: ['bare.cn'] },
    {
      number: FIX,
      domains: ['fix.cn'],
      province: '440000',
      account: 'han.mei',
      subjectName: '广州示例有限公司',
    },
    // Hosted by another provider: not this provider's to check.
    { number: ELSEWHERE, domains: ['elsewhere.cn'], providers: 'other' },
  ]);
}

type AuditRow = { action: string; from_status: string | null; to_status: string | null; data: unknown };
async function audit(database: Database, target: string): Promise<AuditRow[]> {
  const rows = await database.kysely
    .selectFrom('audit_event')
    .select(['action', 'from_status', 'to_status', 'data', 'actor_account'])
    .where('target', '=', target)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    ...r,
    data: typeof r.data === 'string' ? (JSON.parse(r.data) as unknown) : r.data,
  }));
}

for (const dialect of testDialects()) {
  describe(`monitor campaigns and rectifications (${dialect.name})`, { skip: dialect.skip }, () => {
    let database: Database;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let email: EmailTransport;
    before(async () => {
      database = await dialect.open();
      await seed(database);
      pages.set('fix.cn', { kind: 'page', html: '<footer>© 2026</footer>' });
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
    /** The notification outbox's pass, then its delivery jobs (SMTP, the sandbox SMS gateway). */
    const deliverAll = async (now: Date) => {
      await runNotificationPass(database, SETTINGS, now);
      const sms = createSandboxSmsGateway(database.kysely, () => now);
      await runDueJobs(database, notificationJobHandlers({ email, sms }), now);
    };
    const smsTo = async (phone: string) =>
      (
        await database.kysely
          .selectFrom('sms_outbox')
          .select('body')
          .where('phone', '=', phone)
          .orderBy('id')
          .execute()
      ).map((row) => row.body);
    const monitor = (now = NOW) => localMonitor(dns, web, { now: () => now });

    it('runs a campaign over every website hosted here and stores its report, audited', async () => {
      const outcome = await runCampaign(database, {
        cohort: { kind: 'all' },
        actor: OPERATOR,
        monitor: monitor(),
      });
      assert.ok(outcome);
      assert.deepEqual([outcome.sites, outcome.failing], [3, 2]);
      const { campaign, results } = await readCampaign(database, outcome.campaignId);
      assert.equal(campaign.status, 'done');
      assert.equal(campaign.startedBy, 'wang.wu');
      // Failing first, each with its findings as the operator reads them.
      assert.deepEqual(
        results.map((r) => [
          r.number,
          r.ok,
          r.findings.filter((f) => f.severity === 'error').map((f) => f.code),
        ]),
        [
          [BARE, false, ['FOOTER_NUMBER_MISSING']],
          [FIX, false, ['FOOTER_NUMBER_MISSING']],
          [GOOD, true, []],
        ],
      );
      assert.match(results[0]?.findings[0]?.message.zh ?? '', /京ICP备2021000002号-1/);
      const events = await audit(database, `monitor-campaign:${outcome.campaignId}`);
      assert.deepEqual(
        events.map((e) => [e.action, e.from_status, e.to_status]),
        [
          ['monitor.campaign-start', null, 'running'],
          ['monitor.campaign-finish', 'running', 'done'],
        ],
      );
    });

    it('checks one bureau’s or one account’s websites only', async () => {
      const province = await runCampaign(database, {
        cohort: { kind: 'province', province: '440000' },
        actor: OPERATOR,
        monitor: monitor(),
      });
      assert.deepEqual(
        province?.reports.map((r) => r.site.number),
        [FIX],
      );
      const account = await runCampaign(database, {
        cohort: { kind: 'account', account: 'li.lei' },
        actor: OPERATOR,
        monitor: monitor(),
      });
      assert.deepEqual(
        account?.reports.map((r) => r.site.number),
        [GOOD, BARE],
      );
    });

    it('runs a scheduled day’s campaign once however many instances ask', async () => {
      const ask = () =>
        runCampaign(database, {
          cohort: { kind: 'all' },
          actor: { account: 'system', role: 'system' },
          monitor: monitor(),
          scheduledFor: '2026-12-01',
        });
      const [first, second] = await Promise.all([ask(), ask()]);
      assert.equal([first, second].filter((o) => o !== null).length, 1);
      assert.equal(await ask(), null);
    });

    it('opens, notifies, rechecks, closes and escalates rectifications, each with its audit event', async () => {
      const outcome = await runCampaign(database, {
        cohort: { kind: 'all' },
        actor: OPERATOR,
        monitor: monitor(),
      });
      assert.ok(outcome);
      // A deadline in the past is refused, naming the field.
      await assert.rejects(
        openRectifications(database, {
          campaignId: outcome.campaignId,
          deadline: '2026-11-30',
          actor: OPERATOR,
          now: NOW,
        }),
        (error: unknown) =>
          error instanceof MonitorError &&
          error.code === 'DEADLINE_INVALID' &&
          /deadline/.test(error.messages.en),
      );
      const { opened, skipped } = await openRectifications(database, {
        campaignId: outcome.campaignId,
        deadline: '2026-12-15',
        actor: OPERATOR,
        now: NOW,
      });
      assert.deepEqual(
        opened.map((o) => o.number),
        [BARE, FIX],
      );
      assert.deepEqual(skipped, []);
      // One active rectification per website: opening again skips both, and a passing site is said so.
      const again = await openRectifications(database, {
        campaignId: outcome.campaignId,
        deadline: '2026-12-15',
        numbers: [BARE, GOOD],
        actor: OPERATOR,
        now: NOW,
      });
      assert.deepEqual(again.opened, []);
      assert.deepEqual(again.skipped, [
        { number: BARE, reason: 'active' },
        { number: GOOD, reason: 'passing' },
      ]);

      const bare = opened.find((o) => o.number === BARE)?.id ?? 0;
      const fix = opened.find((o) => o.number === FIX)?.id ?? 0;
      // han.mei confirmed an e-mail address and a phone for her notifications (issue 16).
      const HAN = { account: 'han.mei', role: 'applicant' as const };
      const recipientDeps = { database, actor: HAN, now: NOW, settings: SETTINGS };
      for (const input of [
        { channel: 'email', address: 'han.mei@example.cn', lang: 'zh' },
        { channel: 'sms', address: HAN_PHONE, lang: 'zh' },
      ])
        await addRecipient({ ...recipientDeps, input });
      await deliverAll(NOW);
      const verifyMail = smtp.received.find((m) => m.to.includes('han.mei@example.cn'));
      const verifySms = await smsTo(HAN_PHONE);
      for (const text of [body(verifyMail?.raw ?? ''), verifySms.at(-1) ?? '']) {
        const token = /\/notifications\/verify\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
        assert.ok(token, text);
        await verifyRecipient({ database, token, now: NOW });
      }
      smtp.received.length = 0;

      const notified = await notifyRectification(database, { id: fix, actor: OPERATOR, now: NOW });
      assert.equal(notified.status, 'notified');
      assert.match(rectificationNotice(notified).zh, /粤ICP备2021000003号-1.*2026-12-15 前完成整改/s);
      // The notice is written in the move's transaction and goes out like every notification.
      await deliverAll(new Date(NOW.getTime() + 60_000));
      const mails = smtp.received.filter((m) => m.to.includes('han.mei@example.cn'));
      assert.equal(mails.length, 1);
      const mail = mails[0]?.raw ?? '';
      assert.equal(subjectOf(mail), `网站 ${FIX} 须在 2026-12-15 前完成整改`);
      assert.match(body(mail), /在合规巡检中发现以下问题，请在 2026-12-15 前完成整改/);
      assert.ok(body(mail).includes(`${SETTINGS.publicUrl}/my/rectifications`), body(mail));
      const sms = await smsTo(HAN_PHONE);
      assert.match(
        sms.at(-1) ?? '',
        new RegExp(`网站 ${FIX} 须在 2026-12-15 前完成整改.*/my/rectifications`),
      );
      const inbox = await listNotices(database.kysely, 'han.mei');
      assert.ok(inbox.some((n) => n.subject.en === `Website ${FIX}: rectify by 2026-12-15`));
      // Once per recipient: another pass sends nothing more.
      await deliverAll(new Date(NOW.getTime() + 120_000));
      assert.equal(smtp.received.filter((m) => m.to.includes('han.mei@example.cn')).length, 1);

      // The applicant fixed the footer: the recheck passes and closes the rectification by itself.
      const stillFailing = await recheckRectification(database, {
        id: bare,
        actor: OPERATOR,
        monitor: monitor(),
      });
      assert.equal(stillFailing.status, 'open');
      assert.equal(stillFailing.rechecks, 1);
      pages.set('fix.cn', { kind: 'page', html: footer(FIX) });
      const fixed = await recheckRectification(database, { id: fix, actor: OPERATOR, monitor: monitor() });
      assert.equal(fixed.status, 'closed');
      assert.deepEqual(
        fixed.lastFindings.filter((f) => f.severity === 'error'),
        [],
      );
      assert.deepEqual(
        (await audit(database, `rectification:${fix}`)).map((e) => [e.action, e.from_status, e.to_status]),
        [
          ['monitor.rectification-open', null, 'open'],
          ['monitor.rectification-notify', 'open', 'notified'],
          ['monitor.rectification-recheck', 'notified', 'notified'],
          ['monitor.rectification-close', 'notified', 'closed'],
        ],
      );
      const notifyEvent = (await audit(database, `rectification:${fix}`))[1];
      assert.match(JSON.stringify(notifyEvent?.data), /2026-12-15/);

      // A closed rectification moves no more, and the refusal writes nothing.
      const before = (await audit(database, `rectification:${fix}`)).length;
      await assert.rejects(
        notifyRectification(database, { id: fix, actor: OPERATOR, now: NOW }),
        (error: unknown) => error instanceof MonitorError && error.code === 'RECTIFICATION_STATE',
      );
      assert.equal((await audit(database, `rectification:${fix}`)).length, before);

      // Past the deadline (a Shanghai day) and still open: escalated by the daily sweep, reason deadline.
      assert.equal(
        await escalateOverdue(
          database,
          { account: 'system', role: 'system' },
          new Date('2026-12-15T12:00:00Z'),
        ),
        0,
      );
      assert.equal(
        await escalateOverdue(
          database,
          { account: 'system', role: 'system' },
          new Date('2026-12-15T16:30:00Z'),
        ),
        1,
      );
      const escalated = await readRectification(database, bare);
      assert.equal(escalated.status, 'escalated');
      const last = (await audit(database, `rectification:${bare}`)).at(-1);
      assert.equal(last?.action, 'monitor.rectification-escalate');
      assert.match(JSON.stringify(last?.data), /"reason":"deadline"/);
      // An escalated case can still be settled by the operator.
      const closed = await closeRectification(database, {
        id: bare,
        actor: OPERATOR,
        now: new Date('2026-12-20T00:00:00Z'),
        note: '已报管局',
      });
      assert.equal(closed.status, 'closed');
      assert.equal(closed.note, '已报管局');
      assert.deepEqual(
        (await listRectifications(database, { account: 'han.mei' })).map((r) => [r.number, r.status]),
        [[FIX, 'closed']],
      );
    });

    it('an audit event that cannot be written leaves the state unchanged (one transaction)', async () => {
      const outcome = await runCampaign(database, {
        cohort: { kind: 'all' },
        actor: OPERATOR,
        monitor: monitor(),
      });
      assert.ok(outcome);
      const { opened } = await openRectifications(database, {
        campaignId: outcome.campaignId,
        deadline: '2026-12-31',
        numbers: [BARE],
        actor: OPERATOR,
        now: NOW,
      });
      const id = opened[0]?.id ?? 0;
      await sql`alter table audit_event rename to audit_event_away`.execute(database.kysely);
      try {
        await assert.rejects(escalateRectification(database, { id, actor: OPERATOR, now: NOW, note: null }));
        await assert.rejects(notifyRectification(database, { id, actor: OPERATOR, now: NOW }));
      } finally {
        await sql`alter table audit_event_away rename to audit_event`.execute(database.kysely);
      }
      const unchanged = await readRectification(database, id);
      assert.equal(unchanged.status, 'open');
      assert.equal(unchanged.notified, false);
    });
  });
}

describe('monitor permissions', () => {
  it('lets the provider’s reviewers and admins run campaigns, and applicants read only their own tasks', () => {
    for (const role of ['provider-reviewer', 'admin'] as const) {
      assert.equal(can(role, 'monitor.read'), true, role);
      assert.equal(can(role, 'monitor.manage'), true, role);
    }
    for (const role of ['applicant', 'bureau-reviewer', 'registrar-operator', null] as const) {
      assert.equal(can(role, 'monitor.read'), false, String(role));
      assert.equal(can(role, 'monitor.manage'), false, String(role));
    }
    assert.equal(can('applicant', 'rectification.read-own'), true);
    assert.equal(can(null, 'rectification.read-own'), false);
  });
});
