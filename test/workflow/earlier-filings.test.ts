/**
 * Filings made before the rules, through the workflow: 接入备案 and 变更 of websites approved before
 * 工信部信管〔2017〕264号 (2018-01-01) and 工信管函〔2019〕633号 (2019-04-22) give the engine's answer, on
 * SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { usccCheckChar } from '../../src/filing/certificates.ts';
import { importFilings, importRegistrations } from '../../src/imports/index.ts';
import {
  bureauReview,
  changeWebsite,
  createApplication,
  providerReview,
  submitApplication,
  updateDraft,
  verifySms,
  WorkflowError,
} from '../../src/workflow/index.ts';
import type { Actor } from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import { refusal } from './filing-steps.ts';
import {
  actor,
  at,
  BUREAU,
  HOUR,
  openWorld,
  policy,
  REVIEWER,
  S1,
  SUBJECT_LEADER_PHONE,
  smsCode,
  website,
  WEBSITE_LEADER_PHONE,
  type World,
} from './workflow-fixture.ts';

/** The demo's S8: demo-legacy.org at GoDaddy, filed elsewhere on 2012-06-18 (demo/filings.jsonl). */
const S8 = {
  ...S1,
  idNumber: '91440300MA5F6G7H8B',
  name: '深圳示例开源技术有限公司',
  province: '广东',
  certificateAddress: '广东省深圳市南山区科技园 1 号',
  mailingAddress: '广东省深圳市南山区科技园 1 号 2 楼',
};

/** A Guangdong company numbered `n` (a valid unified social credit code). */
function company(n: number) {
  const body = `91440300MA5G${String(n).padStart(5, '0')}`;
  return { ...S8, idNumber: body + usccCheckChar(body), name: `深圳示例${n}号有限公司` };
}
type Subject = ReturnType<typeof company>;

const jsonl = (lines: object[]) =>
  Readable.from([lines.map((line) => JSON.stringify(line)).join('\n') + '\n']);

/**
 * Puts a subject's filed website in the national registry (an import, as a provider loads it) and its
 * domains in the domain database, real-name verified for the subject.
 */
async function fileEarlier(
  world: World,
  subject: Subject,
  options: {
    number: string;
    domains: string[];
    approvedAt?: string;
    registrar?: { name: string; ianaId: number };
    here?: string;
  },
): Promise<void> {
  const registrar = options.registrar ?? { name: '阿里云计算有限公司', ianaId: 420 };
  const holder = { name: subject.name, type: 'enterprise', idType: 'uscc', idNumber: subject.idNumber };
  const registrations = await importRegistrations({
    db: world.database,
    format: 'jsonl',
    input: jsonl(
      options.domains.map((domain) => ({
        domain,
        registrar: registrar.name,
        registrarIanaId: registrar.ianaId,
        registeredAt: '2011-09-01T10:00:00+08:00',
        expiresAt: '2028-09-01T10:00:00+08:00',
        realName: {
          status: 'verified',
          verifiedAt: '2019-03-01T10:00:00+08:00',
          reportedAt: '2019-03-05T10:00:00+08:00',
          holder,
        },
      })),
    ),
  });
  assert.deepEqual(registrations.errors, []);
  const provider = options.here ? 'self' : 'other';
  const filings = await importFilings({
    db: world.database,
    policy,
    format: 'jsonl',
    input: jsonl([
      {
        subjectNumber: options.number,
        province: '440000',
        subject: holder,
        provider,
        account: options.here ?? null,
        websites: [
          {
            number: `${options.number}-1`,
            domains: options.domains,
            provider,
            ...(options.approvedAt ? { approvedAt: options.approvedAt } : {}),
          },
        ],
      },
    ]),
  });
  assert.deepEqual(filings.errors, []);
}

const typeCheck = (subject: Subject, domain: string) => ({
  province: subject.province,
  subject: { type: subject.type, idType: subject.idType, idNumber: subject.idNumber, name: subject.name },
  domain,
});

const GODADDY = { name: 'GoDaddy.com, LLC', ianaId: 146 };

/** 备案类型验证 then the whole form with `domains` as the website's; returns the draft's id. */
async function draft(world: World, who: Actor, subject: Subject, domains: string[]) {
  const d = { ...world.deps(), actor: who };
  const created = await createApplication({ ...d, input: typeCheck(subject, domains[0] ?? '') });
  const saved = await updateDraft({
    ...d,
    applicationId: created.application.id,
    form: { subject, websites: [{ ...website(domains[0] ?? ''), domains }] },
  });
  return { created, saved, id: created.application.id };
}

/** The codes of a VERIFICATION_FAILED refusal, by field path. */
function failedFields(error: unknown): string[][] {
  assert.ok(error instanceof WorkflowError && error.code === 'VERIFICATION_FAILED', String(error));
  return error.fields.map((f) => [f.path, f.code]);
}

/** 初审, both SMS codes, 管局: the bureau's result. */
async function approveThrough(world: World, who: Actor, id: number, phones: string[]) {
  await providerReview({
    ...world.deps(at(HOUR)),
    actor: REVIEWER,
    applicationId: id,
    decision: { decision: 'approve' },
  });
  for (const phone of phones) {
    const code = await smsCode(world, id, phone);
    await verifySms({ ...world.deps(at(2 * HOUR)), actor: who, applicationId: id, input: { phone, code } });
  }
  return bureauReview({
    ...world.deps(at(3 * HOUR)),
    actor: BUREAU,
    applicationId: id,
    decision: { decision: 'approve' },
  });
}

for (const dialect of testDialects()) {
  describe(`filings made before the rules (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
    });
    after(() => world?.database.destroy());

    it('接入备案 of a 2012 .org at a foreign registrar passes, naming 264号 and the approval date', async () => {
      const zhou = actor('zhou.lan');
      const { created, saved, id } = await draft(world, zhou, S8, ['demo-legacy.org']);
      assert.equal(created.application.filingType, 'add-access');
      const finding = created.check?.result.findings.find((f) => f.code === 'FILED_BEFORE_DOMAIN_RULES');
      assert.ok(finding, 'the type check shows why the suffix and registrar do not block');
      assert.equal(finding.severity, 'info');
      assert.match(finding.message.zh, /工信部信管〔2017〕264号/);
      assert.match(finding.message.zh, /2012-06-18/);
      assert.deepEqual(saved.errors, []);
      const submitted = await submitApplication({ ...world.deps(), actor: zhou, applicationId: id });
      assert.equal(submitted.status, 'provider-review');
      const approved = await approveThrough(world, zhou, id, [SUBJECT_LEADER_PHONE, WEBSITE_LEADER_PHONE]);
      assert.deepEqual(
        approved.websites.map((w) => [w.number, w.kind]),
        [['粤ICP备12034567号-1', 'access']],
      );
    });

    it('the same subject’s new .org website is refused', async () => {
      const zhou = actor('zhou.lan');
      const { created, id } = await draft(world, zhou, S8, ['demo-legacy-new.org']);
      assert.equal(created.application.filingType, 'add-website-external');
      await assert.rejects(
        submitApplication({ ...world.deps(), actor: zhou, applicationId: id }),
        (error) => {
          assert.deepEqual(failedFields(error), [
            ['websites.0.domains.0', 'SUFFIX_NOT_APPROVED'],
            ['websites.0.domains.0', 'REGISTRAR_NOT_APPROVED'],
          ]);
          return true;
        },
      );
    });

    for (const [name, n, approvedAt] of [
      ['with no known approval date', 1, undefined],
      ['approved in February 2018', 2, '2018-02-06T10:00:00+08:00'],
      ['approved 2018-01-01 00:30 in Shanghai (2017 in UTC)', 3, '2017-12-31T16:30:00Z'],
    ] as const) {
      it(`接入备案 of a .org at a foreign registrar ${name} is refused as before`, async () => {
        const subject = company(n);
        const domain = `legacy-${n}.org`;
        await fileEarlier(world, subject, {
          number: `粤ICP备1203456${n}号`,
          domains: [domain],
          registrar: GODADDY,
          ...(approvedAt ? { approvedAt } : {}),
        });
        const who = actor(`applicant.${n}`);
        const { created, id } = await draft(world, who, subject, [domain]);
        assert.equal(created.application.filingType, 'add-access');
        await assert.rejects(
          submitApplication({ ...world.deps(), actor: who, applicationId: id }),
          (error) => {
            assert.deepEqual(failedFields(error), [
              ['websites.0.domains.0', 'SUFFIX_NOT_APPROVED'],
              ['websites.0.domains.0', 'REGISTRAR_NOT_APPROVED'],
            ]);
            return true;
          },
        );
      });
    }

    it('接入备案 of a 2017 website with three domains keeps three, or two; a fourth is refused', async () => {
      const domains = ['multi-a.cn', 'multi-b.cn', 'multi-c.cn'];
      for (const [n, keep] of [
        [11, domains],
        [12, domains.slice(0, 2)],
      ] as const) {
        const subject = company(n);
        const mine = keep.map((domain) => `${n}${domain}`);
        await fileEarlier(world, subject, {
          number: `粤ICP备120345${n}号`,
          domains: domains.map((domain) => `${n}${domain}`),
          approvedAt: '2017-05-10',
        });
        const who = actor(`applicant.${n}`);
        const { created, saved, id } = await draft(world, who, subject, [...mine, `${n}multi-new.cn`]);
        assert.ok(created.check?.result.findings.some((f) => f.code === 'FILED_WEBSITE_DOMAINS_KEPT'));
        // The draft already says so, at the added domain only; the kept ones are fine however many.
        const added = `websites.0.domains.${keep.length}`;
        assert.deepEqual(new Set(saved.errors.map((e) => e.path)), new Set([added]));
        assert.ok(saved.errors.some((e) => e.code === 'FILING_TYPE_MIXED'));
        await assert.rejects(
          submitApplication({ ...world.deps(), actor: who, applicationId: id }),
          (error) => {
            // Only the added domain is refused: it is not on the filed website, so it would be a new one's.
            const fields = failedFields(error);
            assert.ok(fields.some(([, code]) => code === 'FILING_TYPE_MIXED'));
            assert.deepEqual(new Set(fields.map(([path]) => path)), new Set([added]));
            return true;
          },
        );
        const kept = await updateDraft({
          ...world.deps(),
          actor: who,
          applicationId: id,
          form: { subject, websites: [{ ...website(mine[0] ?? ''), domains: mine }] },
        });
        assert.deepEqual(kept.errors, []);
        const submitted = await submitApplication({ ...world.deps(), actor: who, applicationId: id });
        assert.equal(submitted.status, 'provider-review', `keeping ${keep.length}`);
      }
    });

    describe('变更 of websites filed here before the rules', () => {
      const wu = actor('wu.gang');
      const change = (number: string, domains: string[], name: string, now = world.deps()) =>
        changeWebsite({
          ...now,
          actor: wu,
          websiteNumber: number,
          input: { ...website(domains[0] ?? '', name), domains },
        });

      it('a 2012 .org keeps its number through two changes: the first approval does not move', async () => {
        const subject = company(21);
        await fileEarlier(world, subject, {
          number: '粤ICP备12034521号',
          domains: ['legacy-21.org'],
          registrar: GODADDY,
          approvedAt: '2012-06-18T10:00:00+08:00',
          here: 'wu.gang',
        });
        const first = await change('粤ICP备12034521号-1', ['legacy-21.org'], '开源示例网站');
        assert.equal(first.status, 'provider-review');
        await approveThrough(world, wu, first.id, [WEBSITE_LEADER_PHONE]);
        const row = await world.database.kysely
          .selectFrom('filed_website')
          .select(['approved_at', 'first_approved_at'])
          .where('number', '=', '粤ICP备12034521号-1')
          .executeTakeFirstOrThrow();
        // The public record shows the change's approval; the filing still dates from 2012.
        assert.equal(row.approved_at, at(3 * HOUR).toISOString());
        assert.equal(row.first_approved_at, '2012-06-18T02:00:00.000Z');
        const second = await change('粤ICP备12034521号-1', ['legacy-21.org'], '开源示例新版网站', {
          ...world.deps(at(4 * HOUR)),
        });
        assert.equal(second.status, 'provider-review');
      });

      it('a 2018-02 .org website is refused on its change', async () => {
        const subject = company(22);
        await fileEarlier(world, subject, {
          number: '粤ICP备12034522号',
          domains: ['legacy-22.org'],
          registrar: GODADDY,
          approvedAt: '2018-02-06T10:00:00+08:00',
          here: 'wu.gang',
        });
        await assert.rejects(change('粤ICP备12034522号-1', ['legacy-22.org'], '开源示例网站'), (error) => {
          assert.deepEqual(failedFields(error), [
            ['websites.0.domains.0', 'SUFFIX_NOT_APPROVED'],
            ['websites.0.domains.0', 'REGISTRAR_NOT_APPROVED'],
          ]);
          return true;
        });
      });

      it('a 2017 website with three domains keeps two in a change; adding one is refused', async () => {
        const subject = company(23);
        const domains = ['23multi-a.cn', '23multi-b.cn', '23multi-c.cn'];
        await fileEarlier(world, subject, {
          number: '粤ICP备12034523号',
          domains,
          approvedAt: '2017-05-10',
          here: 'wu.gang',
        });
        await assert.rejects(
          change('粤ICP备12034523号-1', [...domains, '23multi-new.cn'], '示例网站'),
          refusal('VALIDATION_FAILED'),
        );
        const kept = await change('粤ICP备12034523号-1', domains.slice(0, 2), '示例网站');
        assert.equal(kept.status, 'provider-review');
      });
    });
  });
}
