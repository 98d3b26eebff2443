/**
 * 备案材料 in the workflow: upload, list, download, remove, and the 域名证书 gate of submit where the
 * province policy requires certificates (Jiangsu, seed FAQ Q6).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { DocumentStore } from '../../src/documents/index.ts';
import { createDocumentStore, DocumentRefusedError } from '../../src/documents/index.ts';
import { parseDomainInput } from '../../src/domain-name/index.ts';
import { importRegistrations } from '../../src/imports/index.ts';
import type { Actor, UploadDocumentInput } from '../../src/workflow/index.ts';
import {
  createApplication,
  listDocuments,
  MAX_DOCUMENTS_PER_APPLICATION,
  providerReview,
  readDocument,
  removeDocument,
  submitApplication,
  updateDraft,
  uploadDocument,
  WorkflowError,
} from '../../src/workflow/index.ts';
import { JPEG, LIARS, PNG, pdf } from '../documents/samples.ts';
import { testDialects } from '../support/databases.ts';
import { refusal, submittedDraft } from './filing-steps.ts';
import type { World } from './workflow-fixture.ts';
import {
  actor,
  at,
  auditTrail,
  HOUR,
  LI_LEI,
  openWorld,
  REVIEWER,
  S1,
  T0,
  typeCheck,
  website,
} from './workflow-fixture.ts';

/** 南京示例文化传媒有限公司, the demo's S4 (Jiangsu: certificates required, domain-certificate-320000). */
const S4 = {
  ...S1,
  idNumber: '91320100MA1P2Q3R4X',
  name: '南京示例文化传媒有限公司',
  province: '江苏',
  certificateAddress: '江苏省南京市玄武区中山路 1 号',
  mailingAddress: '江苏省南京市玄武区中山路 1 号 2 楼',
};
const NANJING = actor('nanjing.media');
const JS_DOMAIN = 'demo-js.cn';
/** A second, internationalised domain of S4, registered for these tests. */
const IDN = '示例文化.中国';
const IDN_PARSED = parseDomainInput(IDN);
if (!IDN_PARSED.ok) throw new Error('test IDN does not parse');
const IDN_ASCII = IDN_PARSED.domain.registrableAscii;

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
      holder: { name: S4.name, type: 'enterprise', idType: 'uscc', idNumber: S4.idNumber },
    },
  });

const certificateRefusals = (error: unknown) => {
  assert.ok(error instanceof WorkflowError, String(error));
  assert.equal(error.code, 'VERIFICATION_FAILED');
  return error.fields.filter((f) => f.code === 'DOMAIN_CERTIFICATE_REQUIRED');
};

for (const dialect of testDialects()) {
  describe(`备案材料 (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: World;
    let root: string;
    let store: DocumentStore;
    before(async () => {
      world = await openWorld(() => dialect.open());
      await importRegistrations({
        db: world.database,
        input: Readable.from([`${registration(IDN_ASCII)}\n`]),
        format: 'jsonl',
      });
      root = mkdtempSync(join(tmpdir(), 'beian-workflow-documents-'));
      store = createDocumentStore({ dir: join(root, 'documents'), maxBytes: 64 * 1024 });
    });
    after(async () => {
      await world?.database.destroy();
      rmSync(root, { recursive: true, force: true });
    });

    const deps = (who: Actor, now = T0) => ({ ...world.deps(now), documents: store, actor: who });
    const upload = (who: Actor, applicationId: number, input: Partial<UploadDocumentInput>, now = T0) =>
      uploadDocument({
        ...deps(who, now),
        applicationId,
        input: { kind: undefined, fileName: 'certificate.pdf', bytes: pdf(), ...input },
      });

    /** A saved Jiangsu draft with two websites: demo-js.cn and the IDN. */
    async function jiangsuDraft(): Promise<number> {
      const d = deps(NANJING);
      const { application } = await createApplication({ ...d, input: typeCheck(S4, JS_DOMAIN) });
      const saved = await updateDraft({
        ...d,
        applicationId: application.id,
        form: { subject: S4, websites: [website(JS_DOMAIN), website(IDN, '示例文化资讯网')] },
      });
      // Saving says what submit would refuse: a certificate per domain, nothing else.
      assert.deepEqual(
        saved.errors.map((e) => [e.path, e.code]),
        [
          ['websites.0.domains.0', 'DOMAIN_CERTIFICATE_REQUIRED'],
          ['websites.1.domains.0', 'DOMAIN_CERTIFICATE_REQUIRED'],
        ],
      );
      assert.ok(
        saved.checks.every((c) => c.result.findings.some((f) => f.code === 'DOMAIN_CERTIFICATE_REQUIRED')),
      );
      return application.id;
    }

    let jiangsu: number;

    it('Jiangsu: submit is refused until every domain has a certificate, naming each domain', async () => {
      jiangsu = await jiangsuDraft();
      const d = { ...deps(NANJING), applicationId: jiangsu };
      await assert.rejects(submitApplication(d), (error) => {
        const fields = certificateRefusals(error);
        assert.deepEqual(
          fields.map((f) => f.path),
          ['websites.0.domains.0', 'websites.1.domains.0'],
        );
        assert.match(fields[0]?.message.zh ?? '', /请上传域名 demo-js\.cn 的域名证书/);
        assert.match(fields[0]?.message.en ?? '', /domain certificate of demo-js\.cn/);
        assert.match(fields[0]?.message.zh ?? '', /江苏/);
        // An IDN is named as people write it, with the A-label beside it.
        assert.ok(fields[1]?.message.zh.includes(`${IDN} (${IDN_ASCII})`), fields[1]?.message.zh);
        assert.ok(fields[1]?.message.en.includes(`${IDN} (${IDN_ASCII})`), fields[1]?.message.en);
        return true;
      });
    });

    it('a certificate for one domain does not count for another', async () => {
      const doc = await upload(NANJING, jiangsu, { kind: 'domain-certificate', domain: 'DEMO-JS.CN' });
      assert.equal(doc.domain, 'demo-js.cn');
      assert.equal(doc.mediaType, 'application/pdf');
      await assert.rejects(submitApplication({ ...deps(NANJING), applicationId: jiangsu }), (error) => {
        assert.deepEqual(
          certificateRefusals(error).map((f) => f.path),
          ['websites.1.domains.0'],
        );
        return true;
      });
    });

    it('a removed certificate does not count', async () => {
      const doc = await upload(NANJING, jiangsu, {
        kind: 'domain-certificate',
        domain: IDN,
        bytes: pdf('idn certificate'),
      });
      assert.equal(doc.domain, IDN_ASCII, 'stored as the A-label');
      const removed = await removeDocument({ ...deps(NANJING), applicationId: jiangsu, documentId: doc.id });
      assert.equal(removed.id, doc.id);
      await assert.rejects(submitApplication({ ...deps(NANJING), applicationId: jiangsu }), (error) => {
        assert.deepEqual(
          certificateRefusals(error).map((f) => f.path),
          ['websites.1.domains.0'],
        );
        return true;
      });
      const listed = await listDocuments({ ...deps(NANJING), applicationId: jiangsu });
      assert.deepEqual(
        listed.map((d) => d.domain),
        ['demo-js.cn'],
      );
    });

    it('with a certificate for every domain, submit passes', async () => {
      await upload(NANJING, jiangsu, { kind: 'domain-certificate', domain: IDN_ASCII, bytes: pdf('idn 2') });
      const submitted = await submitApplication({ ...deps(NANJING), applicationId: jiangsu });
      assert.equal(submitted.status, 'provider-review');
    });

    it('no uploads or removals once under review; again after a rejection', async () => {
      await assert.rejects(
        upload(NANJING, jiangsu, { kind: 'id-scan', bytes: PNG }),
        refusal('INVALID_TRANSITION'),
      );
      const [first] = await listDocuments({ ...deps(NANJING), applicationId: jiangsu });
      assert.ok(first);
      await assert.rejects(
        removeDocument({ ...deps(NANJING), applicationId: jiangsu, documentId: first.id }),
        refusal('INVALID_TRANSITION'),
      );
      const rejected = await providerReview({
        ...world.deps(at(HOUR)),
        actor: REVIEWER,
        applicationId: jiangsu,
        decision: {
          decision: 'reject',
          reasons: [
            { path: 'documents', message: { zh: '请补充法人授权书', en: 'Add the authorisation letter' } },
          ],
        },
      });
      assert.equal(rejected.status, 'provider-rejected');
      const letter = await upload(
        NANJING,
        jiangsu,
        { kind: 'authorisation-letter', fileName: 'letter.jpg', bytes: JPEG },
        at(2 * HOUR),
      );
      assert.equal(letter.mediaType, 'image/jpeg');
      assert.equal(letter.uploadedAt, at(2 * HOUR).toISOString());
    });

    it('records every upload and removal in the audit trail', async () => {
      const trail = await auditTrail(world, jiangsu);
      const documentEvents = trail.filter((e) => e.action.endsWith('-document'));
      assert.deepEqual(
        documentEvents.map((e) => [e.action, e.actor, e.from, e.to]),
        [
          ['application.upload-document', 'nanjing.media', 'draft', 'draft'],
          ['application.upload-document', 'nanjing.media', 'draft', 'draft'],
          ['application.remove-document', 'nanjing.media', 'draft', 'draft'],
          ['application.upload-document', 'nanjing.media', 'draft', 'draft'],
          ['application.upload-document', 'nanjing.media', 'provider-rejected', 'provider-rejected'],
        ],
      );
      const row = await world.database.kysely
        .selectFrom('audit_event')
        .select('data')
        .where('application_id', '=', jiangsu)
        .where('action', '=', 'application.remove-document')
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(row.data).domain, IDN_ASCII);
    });

    it('permissions: other applicants see nothing, reviewers read, only the owner uploads', async () => {
      await assert.rejects(listDocuments({ ...deps(LI_LEI), applicationId: jiangsu }), refusal('NOT_FOUND'));
      const [doc] = await listDocuments({ ...deps(NANJING), applicationId: jiangsu });
      assert.ok(doc);
      await assert.rejects(
        readDocument({ ...deps(LI_LEI), applicationId: jiangsu, documentId: doc.id }),
        refusal('NOT_FOUND'),
      );
      const asReviewer = await listDocuments({ ...deps(REVIEWER), applicationId: jiangsu });
      assert.equal(asReviewer.length, 3);
      const content = await readDocument({ ...deps(REVIEWER), applicationId: jiangsu, documentId: doc.id });
      assert.deepEqual(content.bytes, pdf());
      assert.equal(content.downloadName, 'certificate.pdf');
      await assert.rejects(upload(REVIEWER, jiangsu, { kind: 'other' }), refusal('FORBIDDEN'));
      await assert.rejects(
        listDocuments({ ...deps(actor('registrar.op', 'registrar-operator')), applicationId: jiangsu }),
        refusal('FORBIDDEN'),
      );
      await assert.rejects(upload(LI_LEI, jiangsu, { kind: 'other' }), refusal('NOT_FOUND'));
      // A document of another application is not found through this one.
      const other = await jiangsuOtherDocument();
      await assert.rejects(
        readDocument({ ...deps(NANJING), applicationId: jiangsu, documentId: other }),
        refusal('NOT_FOUND'),
      );
    });

    /** A document on one of li.lei's drafts. */
    async function jiangsuOtherDocument(): Promise<number> {
      const d = deps(LI_LEI);
      const { application } = await createApplication({ ...d, input: typeCheck(S1, 'demo-expiring.cn') });
      const doc = await upload(LI_LEI, application.id, { kind: 'id-scan', bytes: PNG });
      return doc.id;
    }

    it('validates the metadata with field errors', async () => {
      const d = deps(LI_LEI);
      const { application } = await createApplication({ ...d, input: typeCheck(S1, 'demo-fresh.cn') });
      const id = application.id;
      const field = (code: string, path: string) => (error: unknown) => {
        assert.ok(error instanceof WorkflowError, String(error));
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.equal(error.fields[0]?.path, path);
        assert.equal(error.fields[0]?.code, code);
        assert.ok(error.fields[0]?.message.zh && error.fields[0].message.en);
        return true;
      };
      await assert.rejects(upload(LI_LEI, id, { kind: 'selfie' }), field('INVALID_VALUE', 'kind'));
      await assert.rejects(upload(LI_LEI, id, { kind: 'domain-certificate' }), field('REQUIRED', 'domain'));
      await assert.rejects(
        upload(LI_LEI, id, { kind: 'domain-certificate', domain: 'demo-ok.cn' }),
        field('DOMAIN_NOT_IN_APPLICATION', 'domain'),
      );
      await assert.rejects(
        upload(LI_LEI, id, { kind: 'domain-certificate', domain: 'www.demo-fresh.cn' }),
        field('DOMAIN_NOT_REGISTRABLE', 'domain'),
      );
      await assert.rejects(
        upload(LI_LEI, id, { kind: 'id-scan', domain: 'demo-fresh.cn' }),
        field('DOMAIN_NOT_EXPECTED', 'domain'),
      );
      const ok = await upload(LI_LEI, id, { kind: 'domain-certificate', domain: 'demo-fresh.cn' });
      assert.equal(ok.kind, 'domain-certificate');
    });

    it('refuses lying files before anything is stored or recorded', async () => {
      const d = deps(LI_LEI);
      const { application } = await createApplication({ ...d, input: typeCheck(S1, 'demo-pending.cn') });
      const files = () => readdirSync(join(root, 'documents'), { recursive: true }).length;
      const before = files();
      for (const [name, bytes, reason] of [
        ['setup.pdf', LIARS.exe, 'type-not-allowed'],
        ['page.png', LIARS.html, 'type-not-allowed'],
        ['image.png', LIARS.svg, 'type-not-allowed'],
        ['photo.jpg', LIARS.zip, 'type-not-allowed'],
        ['offset.pdf', LIARS.pdfAtOffset1, 'type-not-allowed'],
        ['empty.pdf', LIARS.empty, 'empty'],
        ['big.pdf', Buffer.concat([pdf(), Buffer.alloc(64 * 1024)]), 'too-large'],
      ] as const) {
        await assert.rejects(
          upload(LI_LEI, application.id, { kind: 'id-scan', fileName: name, bytes }),
          (error: unknown) => {
            assert.ok(error instanceof DocumentRefusedError, `${name}: ${String(error)}`);
            assert.equal(error.reason, reason, name);
            return true;
          },
        );
      }
      assert.equal(files(), before);
      assert.deepEqual(await listDocuments({ ...d, applicationId: application.id }), []);
      const trail = await auditTrail(world, application.id);
      assert.ok(!trail.some((e) => e.action === 'application.upload-document'));
    });

    it('stores a PNG named x.pdf as a PNG; cleans path tricks out of names', async () => {
      const d = deps(LI_LEI);
      const { application } = await createApplication({ ...d, input: typeCheck(S1, 'demo-intl.com') });
      const png = await upload(LI_LEI, application.id, { kind: 'other', fileName: 'x.pdf', bytes: PNG });
      assert.equal(png.mediaType, 'image/png');
      const content = await readDocument({ ...d, applicationId: application.id, documentId: png.id });
      assert.equal(content.downloadName, 'x.png');
      const tricky = await upload(LI_LEI, application.id, {
        kind: 'other',
        fileName: '../../etc/\u202Egpj.exe\u0000',
        bytes: pdf('tricky'),
      });
      assert.equal(tricky.fileName, 'gpj.exe');
    });

    it('a retried upload is the same document; the cap bounds an application', async () => {
      const d = deps(LI_LEI);
      const { application } = await createApplication({ ...d, input: typeCheck(S1, 'demo-godaddy.com') });
      const first = await upload(LI_LEI, application.id, { kind: 'other', bytes: pdf('retry') });
      const again = await upload(LI_LEI, application.id, { kind: 'other', bytes: pdf('retry') });
      assert.equal(again.id, first.id);
      for (let i = 1; i < MAX_DOCUMENTS_PER_APPLICATION; i++)
        await upload(LI_LEI, application.id, { kind: 'other', bytes: pdf(`page ${i}`) });
      await assert.rejects(
        upload(LI_LEI, application.id, { kind: 'other', bytes: pdf('one too many') }),
        (error) => {
          assert.ok(error instanceof WorkflowError);
          assert.equal(error.fields[0]?.code, 'TOO_MANY_DOCUMENTS');
          return true;
        },
      );
      const listed = await listDocuments({ ...d, applicationId: application.id });
      assert.equal(listed.length, MAX_DOCUMENTS_PER_APPLICATION);
    });

    // Last: submitting takes S1's one in-flight application, which the drafts above share.
    it('a province without the policy needs no certificate', async () => {
      const submitted = await submittedDraft(world, 'demo-ok.cn', T0);
      assert.equal(submitted.status, 'provider-review');
    });
  });
}
