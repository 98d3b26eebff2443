/**
 * The web demo (`npm start`) loads demo/*.jsonl shifted to the day it starts; every FAQ case of the
 * walkthrough must still show the same findings, evaluated at that day instead of the walkthrough's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { caseArgs, loadWalkthrough } from '../../src/cli/demo-command.ts';
import { Readable } from 'node:stream';
import {
  DEMO_LOGINS,
  DEMO_PASSWORD,
  demoLoginLines,
  loadDemoSite,
  shiftInstants,
} from '../../src/cli/demo-site.ts';
import { importFilings } from '../../src/imports/index.ts';
import { createSandboxGateway } from '../../src/miit/index.ts';
import { createApplication } from '../../src/workflow/index.ts';
import { S1, typeCheck } from '../workflow/workflow-fixture.ts';
import { authenticate } from '../../src/accounts/accounts.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import type { Database } from '../../src/store/index.ts';
import { runCli, testLocations } from './run-cli.ts';

const walkthrough = loadWalkthrough();
const DAY = 24 * 60 * 60 * 1000;
const policy = loadPolicy();

describe('shiftInstants', () => {
  it('moves …At instants by whole days and keeps their offset and time of day', () => {
    assert.deepEqual(
      shiftInstants(
        {
          domain: 'demo-ok.cn',
          expiresAt: '2028-02-28T10:00:00+08:00',
          realName: { verifiedAt: '2026-11-26T09:30:00Z', holder: { name: '2026-11-26T09:30:00Z' } },
          websites: [{ approvedAt: '2026-12-31T23:00:00.500+08:00' }],
        },
        2,
      ),
      {
        domain: 'demo-ok.cn',
        expiresAt: '2028-03-01T10:00:00+08:00',
        realName: { verifiedAt: '2026-11-28T09:30:00Z', holder: { name: '2026-11-26T09:30:00Z' } },
        websites: [{ approvedAt: '2027-01-02T23:00:00.500+08:00' }],
      },
    );
  });
});

// 100 days on: the walkthrough's "verified today" domain is verified on that day, not overdue.
const later = new Date(Date.parse(walkthrough.at) + 100 * DAY + 3 * 60 * 60 * 1000);

for (const location of testLocations()) {
  describe(`demo site shifted to its start day (${location.name})`, { skip: location.skip }, () => {
    let url = '';
    let database: Database;
    before(async () => {
      url = await location.create();
      database = await openDatabase(location.name === 'sqlite' ? { path: url } : { url });
      assert.deepEqual(await loadDemoSite(database, policy, later), { loaded: true, shiftDays: 100 });
    });
    after(async () => {
      await database.destroy();
      await location.drop();
    });

    it('loads once: a second start keeps the database as it is', async () => {
      assert.equal((await loadDemoSite(database, policy, later)).loaded, false);
    });

    it('registers the registrar demo domains, one per real-name state', async () => {
      const rows = await database.kysely
        .selectFrom('registrar_domain')
        .select(['domain', 'real_name_status', 'account'])
        .orderBy('domain')
        .execute();
      assert.deepEqual(Object.fromEntries(rows.map((row) => [row.domain, row.real_name_status])), {
        'demo-reg-mine.cn': 'verified',
        'demo-reg-pending.cn': 'pending',
        'demo-reg-rejected.cn': 'rejected',
        'demo-reg-reported.cn': 'verified',
        'demo-reg-verified.cn': 'verified',
        'xn--x2q75wcrq2vfeuf.xn--fiqs8s': 'verified',
      });
      assert.equal(rows.find((row) => row.domain === 'demo-reg-mine.cn')?.account, 'han.meimei');
    });

    it('creates a demo login for every role with the printed password', async () => {
      const roles = new Set(DEMO_LOGINS.map((demo) => demo.role));
      assert.deepEqual([...roles].sort(), [
        'admin',
        'applicant',
        'bureau-reviewer',
        'provider-reviewer',
        'registrar-operator',
      ]);
      const admin = await authenticate(database, 'demo.admin', DEMO_PASSWORD);
      assert.equal(admin?.role, 'admin');
    });

    walkthrough.cases.forEach((item, index) => {
      it(`${item.faq ? `${item.faq}: ` : ''}${item.title.en}`, async () => {
        const args = caseArgs(walkthrough, index);
        const atIndex = args.indexOf('--at');
        // Cases pinned to a past date (Guangxi 2019) keep it; the rest run on the shifted day.
        if (args[atIndex + 1] === walkthrough.at) args[atIndex + 1] = later.toISOString();
        const run = await runCli(['check', ...args, '--json', '--db', url]);
        const report = JSON.parse(run.stdout) as {
          results: { filingType: string | null; findings: { code: string }[] }[];
        };
        assert.deepEqual(
          report.results.map((result) => ({
            filingType: result.filingType,
            codes: result.findings.map((finding) => finding.code).sort(),
          })),
          item.expect.map((e) => ({ filingType: e.filingType, codes: [...e.codes].sort() })),
        );
      });
    });

    // Last: it files for li.lei, which the walkthrough cases above must not see.
    it('prints each applicant’s filing state as the database has it, not a fixed note', async () => {
      const lineOf = async (login: string) =>
        (await demoLoginLines(database, 'en')).find((line) => line.trim().startsWith(`${login} `)) ?? '';
      assert.match(
        await lineOf('li.lei'),
        /杭州示例科技有限公司.*no website filed through this provider yet$/,
      );
      assert.match(await lineOf('han.meimei'), /1 website\(s\) filed through this provider$/);
      assert.match(await lineOf('demo.bureau'), /bureau review \(sandbox\)/);
      const zh = await demoLoginLines(database, 'zh');
      assert.match(zh.find((line) => line.includes('li.lei')) ?? '', /尚无在本接入商备案的网站$/);

      // li.lei starts a filing of demo-ok.cn, and a website of theirs is filed here.
      const gateway = createSandboxGateway({
        database,
        policy,
        smsSecret: 'demo-site-test-secret-0123456789',
      });
      await createApplication({
        database,
        policy,
        gateway,
        now: later,
        actor: { account: 'li.lei', role: 'applicant' },
        input: typeCheck(S1, 'demo-ok.cn'),
      });
      assert.match(
        await lineOf('li.lei'),
        /no website filed through this provider yet, 1 application\(s\) under way$/,
      );
      const line = {
        subjectNumber: '浙ICP备2026000001号',
        province: '330000',
        subject: { name: S1.name, type: 'enterprise', idType: 'uscc', idNumber: S1.idNumber },
        provider: 'self',
        account: 'li.lei',
        websites: [{ number: '浙ICP备2026000001号-1', domains: ['demo-expiring.cn'], provider: 'self' }],
      };
      const summary = await importFilings({
        db: database,
        policy,
        input: Readable.from([`${JSON.stringify(line)}\n`]),
        format: 'jsonl',
      });
      assert.equal(summary.skipped, 0);
      assert.match(
        await lineOf('li.lei'),
        /1 website\(s\) filed through this provider, 1 application\(s\) under way$/,
      );
    });
  });
}
