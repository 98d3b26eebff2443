/**
 * Every seed FAQ question through the API: each demo walkthrough case (demo/walkthrough.json) as a
 * precheck, and for the blocking ones, POST /applications (or save, or submit) refused with the right
 * error and finding code. SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { caseArgs, loadWalkthrough } from '../../src/cli/demo-command.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import { S1, S2, typeCheck, website } from '../workflow/workflow-fixture.ts';
import { read as readHttp } from './http-fixture.ts';
import type { Caller, WorkflowFixture } from './workflow-api-fixture.ts';
import { createWorkflowFixture, draft, expectError, read } from './workflow-api-fixture.ts';

const walkthrough = loadWalkthrough();

const FLAGS: Record<string, string> = {
  '--province': 'province',
  '--subject-type': 'subjectType',
  '--subject-name': 'subjectName',
  '--subject-id-type': 'subjectIdType',
  '--subject-id': 'subjectId',
  '--account': 'account',
  '--at': 'at',
};

/** A `beian check` argument list as the precheck body (later flags win, as on the command line). */
export function precheckBody(args: readonly string[]): Record<string, unknown> {
  const body: Record<string, unknown> = { inputs: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const key = FLAGS[arg];
    if (key !== undefined) body[key] = args[++i];
    else if (arg === '--one-website') body.oneWebsite = true;
    else (body.inputs as string[]).push(arg);
  }
  return body;
}

/** 南宁示例商贸有限公司 (Guangxi), the demo's S3. */
const S3 = {
  ...S1,
  idNumber: '91450100MA5L6M7N8B',
  name: '南宁示例商贸有限公司',
  province: '广西',
  certificateAddress: '广西壮族自治区南宁市青秀区民族大道 100 号',
  mailingAddress: '广西壮族自治区南宁市青秀区民族大道 100 号 2 楼',
};
const S7 = { ...S1, idNumber: '91330106MA2B3C4E7L', name: '杭州示例电子商务有限公司' };

async function refusedAtCreate(caller: Caller, subject: typeof S1, domain: string, code: string) {
  const body = await expectError(
    await caller('POST', '/applications', typeCheck(subject, domain)),
    409,
    'FILING_TYPE_BLOCKED',
  );
  assert.deepEqual(
    body.fields.map((f) => [f.path, f.code]),
    [['websites.0.domains.0', code]],
  );
  return body;
}

for (const dialect of testDialects()) {
  describe(`seed FAQ questions through the API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: WorkflowFixture;
    before(async () => {
      db = await dialect.open();
      fx = await createWorkflowFixture(db);
    });
    after(() => db?.destroy());

    walkthrough.cases.forEach((item, index) => {
      it(`precheck: ${item.faq ? `${item.faq}: ` : ''}${item.title.en}`, async () => {
        // A provider reviewer checks on the case's account's behalf, as `beian check --account` does.
        const reviewer = await fx.as('provider-reviewer');
        const response = await reviewer('POST', '/precheck', precheckBody(caseArgs(walkthrough, index)));
        const report = await readHttp.report(response);
        assert.deepEqual(
          report.results.map((r) => ({
            filingType: r.filingType,
            codes: r.findings.map((f) => f.code).sort(),
          })),
          item.expect.map((e) => ({ filingType: e.filingType, codes: [...e.codes].sort() })),
        );
      });
    });

    it('Q9: only staff may name the account of a precheck; others are checked as who they are', async () => {
      const s2 = precheckBody(
        caseArgs(
          walkthrough,
          walkthrough.cases.findIndex((c) => c.faq === 'Q9'),
        ),
      );
      const asHan = { ...s2, account: 'han.meimei' };
      const codes = async (caller: Caller) => {
        const report = await readHttp.report(await caller('POST', '/precheck', asHan));
        return report.results.map((r) => [r.filingType, r.findings.map((f) => f.code)]);
      };
      // Naming the owner's login tells an anonymous caller or another applicant nothing; nor does the
      // precheck tell them that the subject has an account here at all (issue 12): they get the
      // filing type, 新增网站, as the owner does.
      assert.deepEqual(await codes(fx.anonymous), [['add-website', []]]);
      assert.deepEqual(await codes(await fx.as('li.lei')), [['add-website', []]]);
      assert.deepEqual(await codes(await fx.as('han.meimei')), [['add-website', []]]);
      assert.deepEqual(await codes(await fx.as('provider-reviewer')), [['add-website', []]]);
      const forLiLei = await readHttp.report(
        await (
          await fx.as('provider-reviewer')
        )('POST', '/precheck', { ...s2, account: 'li.lei' }),
      );
      assert.deepEqual(
        forLiLei.results.map((r) => r.findings.map((f) => f.code)),
        [['SUBJECT_IN_OTHER_ACCOUNT']],
        'staff checking for li.lei see it',
      );
    });

    it('Q9: the filing-type check tells another applicant nothing; submitting is refused (test/workflow/squatting.test.ts)', async () => {
      const created = await read.created(
        await (
          await fx.as('li.lei')
        )('POST', '/applications', typeCheck(S2, 'demo-s2-new.cn')),
      );
      assert.equal(created.application.filingType, 'add-website');
    });

    it('Q7: a domain filed by another subject is refused, naming the bureau to cancel it at', async () => {
      const body = await refusedAtCreate(
        await fx.as('li.lei'),
        S1,
        'demo-prev-owner.cn',
        'DOMAIN_FILED_BY_OTHER_SUBJECT',
      );
      assert.match(body.fields[0]?.message.zh ?? '', /沪ICP备18012345号-1/);
    });

    it('Q4: a subdomain of a domain filed here needs no filing; filed here and in progress block', async () => {
      const han = await fx.as('han.meimei');
      // Refused with the reason: the parent is filed here (no filing needed), file the parent instead.
      const refused = await expectError(
        await han('POST', '/applications', typeCheck(S2, 'shop.demo-filed-here.cn')),
        409,
        'FILING_TYPE_BLOCKED',
      );
      assert.deepEqual(refused.fields.map((f: { code: string }) => f.code).sort(), [
        'PARENT_DOMAIN_FILED',
        'SUBDOMAIN_INPUT',
      ]);
      // The body carries the engine's result that blocked it, so a client shows why without a precheck.
      assert.equal(refused.check?.input, 'shop.demo-filed-here.cn');
      assert.equal(refused.check?.filingType, null);
      assert.ok(refused.check?.findings.some((f) => f.code === 'PARENT_DOMAIN_FILED'));
      await refusedAtCreate(han, S2, 'demo-filed-here.cn', 'DOMAIN_ALREADY_FILED_HERE');
      await refusedAtCreate(await fx.as('zhang.wei'), S7, 'demo-in-progress.cn', 'DOMAIN_ORDER_IN_PROGRESS');
    });

    it('Q1 a–f, Q2, Q5, Q8: a failing domain may be drafted but is refused at submit, per domain', async () => {
      const li = await fx.as('li.lei');
      const cases = [
        ['demo-site.io', 'SUFFIX_NOT_APPROVED'],
        ['demo.hk', 'SUFFIX_NOT_APPROVED'],
        ['demo-intl.com', 'REGISTRAR_NOT_APPROVED'],
        ['demo-expired.cn', 'DOMAIN_EXPIRED'],
        ['demo-noname.cn', 'REAL_NAME_MISSING'],
        ['demo-fresh.cn', 'REAL_NAME_NOT_REPORTED'],
        ['demo-mismatch.cn', 'HOLDER_MISMATCH'],
        ['demo-someone-else.cn', 'HOLDER_MISMATCH'],
      ] as const;
      for (const [domain, code] of cases) {
        const { id, saved } = await draft(li, S1, domain);
        assert.deepEqual(
          saved.errors.map((e) => [e.path, e.code]),
          [['websites.0.domains.0', code]],
          domain,
        );
        const refused = await expectError(
          await li('POST', `/applications/${id}/submit`),
          422,
          'VERIFICATION_FAILED',
        );
        assert.deepEqual(
          refused.fields.map((f) => [f.path, f.code]),
          [['websites.0.domains.0', code]],
          domain,
        );
        await read.application(await li('POST', `/applications/${id}/withdraw`));
      }
    });

    it('Q3: a second domain on one Guangxi website is refused at save, naming the province and limit', async () => {
      const shop = await fx.as('nanning.shop');
      const created = await read.created(await shop('POST', '/applications', typeCheck(S3, 'demo-gx-a.cn')));
      const form = {
        subject: S3,
        websites: [{ ...website('demo-gx-a.cn'), domains: ['demo-gx-a.cn', 'demo-gx-b.cn'] }],
      };
      const body = await expectError(
        await shop('PUT', `/applications/${created.application.id}`, form),
        400,
        'VALIDATION_FAILED',
      );
      const field = body.fields.find((f) => f.code === 'TOO_MANY_DOMAINS_PER_WEBSITE');
      assert.ok(field, JSON.stringify(body.fields));
      assert.match(field.message.zh, /广西/);
      assert.match(field.message.zh, /每个网站 1 个域名/);
      assert.match(field.message.en, /1 domain\(s\) per website/);
    });
  });
}
