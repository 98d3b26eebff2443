/**
 * The 域名证书 gate of submit agrees with the engine's subject rule (Guangdong: an individual with more
 * than 5 domains of different prefixes, filed and new together, provides a certificate for each
 * domain, domain-certificate-threshold-440000-2025): the application's domains count with the
 * subject's filed ones. SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { importFilings, importRegistrations } from '../../src/imports/index.ts';
import {
  createApplication,
  submitApplication,
  updateDraft,
  WorkflowError,
} from '../../src/workflow/index.ts';
import { testDialects } from '../support/databases.ts';
import type { World } from './workflow-fixture.ts';
import { actor, openWorld, policy, SUBJECT_LEADER_PHONE, T0, website } from './workflow-fixture.ts';

const WANG = actor('wang.xiaoming');
const PERSON = {
  name: '王小明',
  idType: 'resident-id',
  idNumber: '11010519491231002X',
  mobile: SUBJECT_LEADER_PHONE,
  emergencyPhone: '020-87654321',
  email: 'wang@example.cn',
};
/** An individual in Guangdong with four websites filed through another provider. */
const SUBJECT = {
  type: 'individual',
  idType: 'resident-id',
  idNumber: PERSON.idNumber,
  name: PERSON.name,
  province: '广东',
  certificateAddress: '广东省广州市天河区天河路 100 号',
  mailingAddress: '广东省广州市天河区天河路 100 号 1 单元 101 室',
  responsiblePerson: PERSON,
};
const FILED = ['wang-a.cn', 'wang-b.cn', 'wang-c.com', 'wang-d.net'];

const filings = JSON.stringify({
  subjectNumber: '粤ICP备2021000001号',
  province: '440000',
  subject: { name: PERSON.name, type: 'individual', idType: 'resident-id', idNumber: PERSON.idNumber },
  provider: 'other',
  account: null,
  websites: FILED.map((domain, i) => ({
    number: `粤ICP备2021000001号-${i + 1}`,
    domains: [domain],
    provider: 'other',
  })),
});
const registration = (domain: string) =>
  JSON.stringify({
    domain,
    registrar: '阿里云计算有限公司',
    registrarIanaId: 420,
    registeredAt: '2024-03-01T10:00:00+08:00',
    expiresAt: '2028-03-01T10:00:00+08:00',
    realName: {
      status: 'verified',
      verifiedAt: '2024-03-02T10:00:00+08:00',
      reportedAt: '2024-03-05T10:00:00+08:00',
      holder: { name: PERSON.name, type: 'individual', idType: 'resident-id', idNumber: PERSON.idNumber },
    },
  });

const personalSite = (domain: string, name: string) => ({
  ...website(domain, name),
  serviceContent: ['blog'],
  responsiblePerson: PERSON,
});

for (const dialect of testDialects()) {
  describe(`域名证书 by domain count, Guangdong (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    before(async () => {
      world = await openWorld(() => dialect.open());
      await importFilings({
        db: world.database,
        policy,
        input: Readable.from([`${filings}\n`]),
        format: 'jsonl',
      });
      await importRegistrations({
        db: world.database,
        input: Readable.from([['wang-e.cn', 'wang-f.cn', 'wang-a.com'].map(registration).join('\n') + '\n']),
        format: 'jsonl',
      });
    });
    after(() => world?.database.destroy());

    async function draft(domains: string[]) {
      const deps = { ...world.deps(T0), actor: WANG };
      const { application } = await createApplication({
        ...deps,
        input: {
          province: SUBJECT.province,
          subject: {
            type: SUBJECT.type,
            idType: SUBJECT.idType,
            idNumber: SUBJECT.idNumber,
            name: SUBJECT.name,
          },
          domain: domains[0] ?? '',
        },
      });
      const saved = await updateDraft({
        ...deps,
        applicationId: application.id,
        form: {
          subject: SUBJECT,
          websites: domains.map((domain, i) =>
            personalSite(domain, `王小明的摄影作品集${'一二三'[i] ?? ''}`),
          ),
        },
      });
      return { id: application.id, saved };
    }

    it('two new prefixes beside four filed: each new domain needs a certificate, at save and at submit', async () => {
      const { id, saved } = await draft(['wang-e.cn', 'wang-f.cn']);
      assert.deepEqual(
        saved.errors.map((e) => [e.path, e.code]),
        [
          ['websites.0.domains.0', 'DOMAIN_CERTIFICATE_REQUIRED'],
          ['websites.1.domains.0', 'DOMAIN_CERTIFICATE_REQUIRED'],
        ],
      );
      await assert.rejects(
        submitApplication({ ...world.deps(T0), actor: WANG, applicationId: id }),
        (error) => {
          assert.ok(error instanceof WorkflowError, String(error));
          assert.equal(error.code, 'VERIFICATION_FAILED');
          const fields = error.fields.filter((f) => f.code === 'DOMAIN_CERTIFICATE_REQUIRED');
          assert.deepEqual(
            fields.map((f) => f.path),
            ['websites.0.domains.0', 'websites.1.domains.0'],
          );
          assert.match(fields[0]?.message.zh ?? '', /广东管局要求个人主体不同前缀的域名超过 5 个时/);
          return true;
        },
      );
    });

    it('a new domain whose prefix is already filed (wang-a.com beside wang-a.cn) adds none: no certificate', async () => {
      const { saved } = await draft(['wang-a.com']);
      assert.deepEqual(saved.errors, []);
      assert.ok(
        saved.checks.every((c) => !c.result.findings.some((f) => f.code === 'DOMAIN_CERTIFICATE_REQUIRED')),
      );
    });
  });
}
