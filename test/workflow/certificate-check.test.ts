/**
 * 证书核验: an uploaded 域名证书 printed by the registrar sandbox is checked against its verification code
 * (read from the PDF's own marks, or typed from a sealed scan); a code that names no certificate, another
 * domain's, or one that no longer holds is a field error naming the document, and nothing is kept; a
 * certificate from elsewhere is accepted for a reviewer's check and says so. The materials list counts
 * a verified certificate as uploaded.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DocumentStore } from '../../src/documents/index.ts';
import { createDocumentStore } from '../../src/documents/index.ts';
import { runDueJobs } from '../../src/jobs/index.ts';
import type { IssuedCertificate, RegistrarActor, RegistrarGateway } from '../../src/registrar/index.ts';
import { createRegistrarSandbox, readCertificateMarks } from '../../src/registrar/index.ts';
import type { Actor, UploadDocumentInput } from '../../src/workflow/index.ts';
import {
  createApplication,
  listDocuments,
  rejectDocument,
  replaceDocument,
  requiredMaterials,
  submitApplication,
  updateDraft,
  uploadDocument,
  verifyDraft,
  WorkflowError,
} from '../../src/workflow/index.ts';
import { PNG, pdf } from '../documents/samples.ts';
import { testDialects } from '../support/databases.ts';
import type { World } from './workflow-fixture.ts';
import { actor, DAY, openWorld, REVIEWER, S1, T0, typeCheck, website } from './workflow-fixture.ts';

/** A Jiangsu company (certificates required there: domain-certificate-320000). */
const SUBJECT = {
  ...S1,
  idNumber: '91320100MA1P2Q3R4X',
  name: '南京示例文化传媒有限公司',
  province: '江苏',
  certificateAddress: '江苏省南京市玄武区中山路 1 号',
  mailingAddress: '江苏省南京市玄武区中山路 1 号 2 楼',
};
const HOLDER = {
  name: SUBJECT.name,
  type: 'enterprise',
  idType: 'uscc',
  idNumber: SUBJECT.idNumber,
} as const;
const APPLICANT = actor('nanjing.cert');
const CUSTOMER: RegistrarActor = { account: APPLICANT.account, role: 'applicant' };
const OPERATOR: RegistrarActor = { account: 'reg.operator', role: 'registrar-operator' };
const DOMAIN = 'cert-check-js.cn';
const OTHER_DOMAIN = 'cert-check-js2.cn';

/** The refusal's field errors as [path, code], and the first message. */
function refusedWith(error: unknown, path: string, code: string): { zh: string; en: string } {
  assert.ok(error instanceof WorkflowError, String(error));
  assert.equal(error.code, 'VALIDATION_FAILED');
  assert.deepEqual(
    error.fields.map((f) => [f.path, f.code]),
    [[path, code]],
  );
  return error.fields[0]?.message ?? { zh: '', en: '' };
}

for (const dialect of testDialects()) {
  describe(`证书核验 (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    let registrar: RegistrarGateway;
    let root: string;
    let store: DocumentStore;
    let applicationId: number;
    let certificate: IssuedCertificate;
    let otherCertificate: IssuedCertificate;

    async function registeredAndCertified(domain: string): Promise<IssuedCertificate> {
      const now = new Date(T0.getTime() - 30 * DAY);
      await registrar.registerDomain({
        actor: OPERATOR,
        now,
        input: { domain, holder: HOLDER, account: CUSTOMER.account },
      });
      const submission = await registrar.submitRealName({
        actor: CUSTOMER,
        now,
        domain,
        input: { holder: HOLDER },
      });
      await registrar.approveRealName({ actor: OPERATOR, now, submissionId: submission.id });
      return registrar.issueCertificate({ actor: CUSTOMER, now: new Date(T0.getTime() - DAY), domain });
    }

    before(async () => {
      world = await openWorld(() => dialect.open());
      registrar = createRegistrarSandbox({ database: world.database, policy: world.deps().policy });
      root = mkdtempSync(join(tmpdir(), 'beian-certificate-check-'));
      store = createDocumentStore({ dir: join(root, 'documents'), maxBytes: 4 * 1024 * 1024 });
      certificate = await registeredAndCertified(DOMAIN);
      otherCertificate = await registeredAndCertified(OTHER_DOMAIN);
      const d = deps(APPLICANT);
      const { application } = await createApplication({ ...d, input: typeCheck(SUBJECT, DOMAIN) });
      applicationId = application.id;
      await updateDraft({ ...d, applicationId, form: { subject: SUBJECT, websites: [website(DOMAIN)] } });
    });
    after(async () => {
      await world?.database.destroy();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    const deps = (who: Actor, now = T0) => ({
      ...world.deps(now),
      documents: store,
      certificates: registrar,
      actor: who,
    });
    const upload = (input: Partial<UploadDocumentInput>, now = T0) =>
      uploadDocument({
        ...deps(APPLICANT, now),
        applicationId,
        input: {
          kind: 'domain-certificate',
          domain: DOMAIN,
          fileName: '域名证书.pdf',
          bytes: certificate.pdf,
          ...input,
        },
      });
    const documents = () => listDocuments({ ...deps(APPLICANT), applicationId });

    it('lists the certificate as required and not uploaded before any upload', async () => {
      const materials = requiredMaterials(await verifyDraft({ ...deps(APPLICANT), applicationId }), []);
      assert.equal(materials.province, '320000');
      assert.deepEqual(
        materials.certificates.map((need) => [need.domain, need.uploaded]),
        [[DOMAIN, null]],
      );
      assert.match(materials.certificates[0]?.why.zh ?? '', /江苏管局要求为每个备案域名提供域名证书/);
    });

    it('the PDF printed here carries its serial and code; other files carry none', () => {
      assert.deepEqual(readCertificateMarks(certificate.pdf), {
        serial: certificate.serial,
        code: certificate.verificationCode,
      });
      assert.equal(readCertificateMarks(pdf()), null);
      assert.equal(readCertificateMarks(PNG), null);
    });

    it('refuses, naming the document, a code that names no certificate', async () => {
      await assert.rejects(
        upload({ bytes: PNG, fileName: '盖章扫描件.png', certificateCode: '0000-0000-0000-0000' }),
        (error) => {
          const message = refusedWith(error, 'certificateCode', 'CERTIFICATE_CODE_MISMATCH');
          assert.match(message.zh, /域名证书“盖章扫描件\.png”的验证码与本系统注册商出具的证书不符/);
          assert.match(message.en, /"盖章扫描件\.png"/);
          return true;
        },
      );
      await assert.rejects(
        upload({ bytes: PNG, fileName: 'scan.png', certificateCode: 'not a code' }),
        (error) => {
          assert.match(refusedWith(error, 'certificateCode', 'CERTIFICATE_CODE_INVALID').zh, /“scan\.png”/);
          return true;
        },
      );
      assert.deepEqual(await documents(), [], 'nothing refused is kept');
    });

    it('refuses a typed code that belongs to another certificate than the PDF uploaded', async () => {
      await assert.rejects(upload({ certificateCode: otherCertificate.verificationCode }), (error) => {
        refusedWith(error, 'certificateCode', 'CERTIFICATE_CODE_MISMATCH');
        return true;
      });
    });

    it("refuses another domain's certificate, naming both domains and the document", async () => {
      await assert.rejects(upload({ bytes: otherCertificate.pdf, fileName: 'other.pdf' }), (error) => {
        const message = refusedWith(error, 'file', 'CERTIFICATE_DOMAIN_MISMATCH');
        assert.match(message.zh, /域名证书“other\.pdf”/);
        assert.ok(message.zh.includes(otherCertificate.serial), message.zh);
        assert.ok(message.zh.includes(`是域名 ${OTHER_DOMAIN} 的证书，不是 ${DOMAIN} 的`), message.zh);
        return true;
      });
    });

    it('refuses a PDF whose marks were altered to a code no certificate has', async () => {
      const forged = Buffer.from(
        certificate.pdf.toString('latin1').replace(certificate.verificationCode, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ'),
        'latin1',
      );
      await assert.rejects(upload({ bytes: forged }), (error) => {
        refusedWith(error, 'file', 'CERTIFICATE_CODE_MISMATCH');
        return true;
      });
    });

    it('refuses a certificate that no longer holds (the domain expired since printing)', async () => {
      const expired = new Date(Date.parse(certificate.expiresAt) + DAY);
      await assert.rejects(upload({}, expired), (error) => {
        const message = refusedWith(error, 'file', 'CERTIFICATE_NOT_CURRENT');
        assert.ok(message.zh.includes(certificate.serial));
        assert.match(message.zh, /请重新打印域名证书/);
        return true;
      });
    });

    it('refuses a code on a document that is not a domain certificate', async () => {
      await assert.rejects(
        upload({
          kind: 'id-scan',
          domain: undefined,
          bytes: PNG,
          fileName: 'id.png',
          certificateCode: certificate.verificationCode,
        }),
        (error) => {
          assert.match(
            refusedWith(error, 'certificateCode', 'CERTIFICATE_CODE_NOT_EXPECTED').zh,
            /“id\.png”不是域名证书/,
          );
          return true;
        },
      );
    });

    it('accepts a certificate from elsewhere for a reviewer to check', async () => {
      const document = await upload({ bytes: pdf('another registrar'), fileName: 'elsewhere.pdf' });
      assert.deepEqual(document.certificateCheck, { kind: 'manual' });
      const materials = requiredMaterials(
        await verifyDraft({ ...deps(APPLICANT), applicationId }),
        await documents(),
      );
      assert.deepEqual(materials.certificates[0]?.uploaded?.certificateCheck, { kind: 'manual' });
    });

    it('verifies the PDF printed here by itself, and records the serial in the audit trail', async () => {
      const document = await upload({});
      assert.deepEqual(document.certificateCheck, { kind: 'verified', serial: certificate.serial });
      const uploaded = await world.database.kysely
        .selectFrom('audit_event')
        .select('data')
        .where('application_id', '=', applicationId)
        .where('action', '=', 'application.upload-document')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const data: unknown = typeof uploaded.data === 'string' ? JSON.parse(uploaded.data) : uploaded.data;
      assert.equal((data as { certificateSerial?: unknown }).certificateSerial, certificate.serial);
      // The materials list prefers the verified certificate.
      const materials = requiredMaterials(
        await verifyDraft({ ...deps(APPLICANT), applicationId }),
        await documents(),
      );
      assert.deepEqual(materials.certificates[0]?.uploaded?.certificateCheck, {
        kind: 'verified',
        serial: certificate.serial,
      });
    });

    it('verifies a sealed scan by the code typed from it, as people type it', async () => {
      const typed = certificate.verificationCode.toLowerCase().replaceAll('-', ' ');
      const document = await upload({ bytes: PNG, fileName: '盖章扫描件.png', certificateCode: typed });
      assert.deepEqual(document.certificateCheck, { kind: 'verified', serial: certificate.serial });
    });

    it('checks a replacement certificate in 初审 as it checks the first upload', async () => {
      const later = new Date(T0.getTime() + DAY);
      // The registrar's report of the real-name data reaches the MIIT domain database, as submit needs.
      await runDueJobs(world.database, registrar.jobHandlers(), later);
      const submitted = await submitApplication({ ...deps(APPLICANT, later), applicationId });
      assert.equal(submitted.status, 'provider-review');
      const elsewhere = (await documents()).find((d) => d.fileName === 'elsewhere.pdf');
      assert.ok(elsewhere);
      await rejectDocument({
        ...deps(REVIEWER, later),
        applicationId,
        documentId: elsewhere.id,
        input: { code: 'CERTIFICATE_UNREADABLE' },
      });
      const replace = (input: { fileName: string; bytes: Uint8Array; certificateCode?: string }) =>
        replaceDocument({ ...deps(APPLICANT, later), applicationId, documentId: elsewhere.id, input });
      // Another domain's certificate, a code that names no certificate, a code on a file that is another
      // certificate: refused naming the document, as uploadDocument refuses them; nothing is replaced.
      await assert.rejects(replace({ fileName: 'other.pdf', bytes: otherCertificate.pdf }), (error) => {
        assert.match(refusedWith(error, 'file', 'CERTIFICATE_DOMAIN_MISMATCH').zh, /域名证书“other\.pdf”/);
        return true;
      });
      await assert.rejects(
        replace({ fileName: 'scan.png', bytes: PNG, certificateCode: '0000-0000-0000-0000' }),
        (error) => {
          refusedWith(error, 'certificateCode', 'CERTIFICATE_CODE_MISMATCH');
          return true;
        },
      );
      await assert.rejects(
        replace({
          fileName: 'mine.pdf',
          bytes: certificate.pdf,
          certificateCode: otherCertificate.verificationCode,
        }),
        (error) => {
          refusedWith(error, 'certificateCode', 'CERTIFICATE_CODE_MISMATCH');
          return true;
        },
      );
      assert.ok(
        (await documents()).some((d) => d.id === elsewhere.id && d.rejection !== null),
        'still rejected',
      );
      // A scan with the right typed code is verified like a first upload.
      const typed = certificate.verificationCode.toLowerCase();
      const replaced = await replace({ fileName: '盖章扫描件-2.png', bytes: PNG, certificateCode: typed });
      assert.deepEqual(replaced.document.certificateCheck, { kind: 'verified', serial: certificate.serial });
      assert.equal(replaced.document.replaces, elsewhere.id);
    });
  });
}
