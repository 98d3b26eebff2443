/**
 * 备案材料 over the API: multipart upload, list, download with safe headers, removal, the 域名证书 gate
 * of submit (Jiangsu), and what liars and intruders get: wrong types, oversized bodies, path tricks in
 * names, no session, no CSRF token, someone else's application. SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { documentListSchema, documentSchema } from '../../src/http/document-routes.ts';
import {
  applicationDetailSchema,
  applicationSchema,
  createdApplicationSchema,
  savedDraftSchema,
} from '../../src/http/workflow-schemas.ts';
import type { Database } from '../../src/store/index.ts';
import { JPEG, LIARS, PNG, pdf } from '../documents/samples.ts';
import { createTestAccount, sessionFor } from '../support/app-fixture.ts';
import { testDialects } from '../support/databases.ts';
import { S1, typeCheck, website } from '../workflow/workflow-fixture.ts';
import type { Fixture } from './http-fixture.ts';
import { createFixture, START } from './http-fixture.ts';
import { expectError, expectOk } from './workflow-api-fixture.ts';

const MAX_UPLOAD = 64 * 1024;

/** The demo's S4 in Jiangsu, whose bureau requires domain certificates (seed FAQ Q6). */
const S4 = {
  ...S1,
  idNumber: '91320100MA1P2Q3R4X',
  name: '南京示例文化传媒有限公司',
  province: '江苏',
  certificateAddress: '江苏省南京市玄武区中山路 1 号',
  mailingAddress: '江苏省南京市玄武区中山路 1 号 2 楼',
};

type Session = { cookie: string; csrf: string };

/** A multipart body written out by hand, so tests control every byte and header (and Content-Length). */
function multipartBytes(
  fields: Record<string, string>,
  file: { name: string; bytes: Uint8Array; type?: string },
) {
  const boundary = 'beianTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    Buffer.from(file.bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

for (const dialect of testDialects()) {
  describe(`备案材料 over the API (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: Fixture;
    let root: string;
    let documentsDir: string;
    const ids = new Map<string, number>();

    before(async () => {
      db = await dialect.open();
      root = mkdtempSync(join(tmpdir(), 'beian-documents-api-'));
      documentsDir = join(root, 'documents');
      fx = await createFixture(db, { documentsDir, maxUploadBytes: MAX_UPLOAD });
      for (const login of ['nanjing.media', 'li.lei']) {
        ids.set(login, await createTestAccount(db, { login, role: 'applicant' }));
      }
    });
    after(async () => {
      await db?.destroy();
      rmSync(root, { recursive: true, force: true });
    });

    async function sessionOf(login: string): Promise<Session> {
      return sessionFor(db, ids.get(login) ?? 0, fx.clock.now);
    }

    const api = (path: string, init: RequestInit = {}) => fx.app.request(`/api/v1${path}`, init);
    const json = (session: Session, method: string, path: string, body?: unknown) =>
      api(path, {
        method,
        headers: {
          cookie: session.cookie,
          'x-csrf-token': session.csrf,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    /** An upload the way a browser's fetch sends one: FormData, no Content-Length header. */
    const upload = (
      session: Session | null,
      applicationId: number,
      fields: Record<string, string>,
      file: { name: string; bytes: Uint8Array; type?: string },
      options: { csrf?: boolean } = {},
    ) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append(
        'file',
        new File([Buffer.from(file.bytes)], file.name, { type: file.type ?? 'application/pdf' }),
      );
      const headers: Record<string, string> = {};
      if (session) {
        headers.cookie = session.cookie;
        if (options.csrf !== false) headers['x-csrf-token'] = session.csrf;
      }
      return api(`/applications/${applicationId}/documents`, { method: 'POST', headers, body: form });
    };

    const documentRows = async () =>
      db.kysely.selectFrom('application_document').select(['id', 'file_name', 'sha256']).execute();
    const storedFiles = () => {
      try {
        return readdirSync(documentsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
          .length;
      } catch {
        return 0;
      }
    };

    let jiangsu: number;
    let certificateId: number;

    it('Jiangsu: submit names the domain without a certificate; upload, list, download; then submit passes', async () => {
      const me = await sessionOf('nanjing.media');
      const created = await expectOk(
        await json(me, 'POST', '/applications', typeCheck(S4, 'demo-js.cn')),
        201,
        createdApplicationSchema,
      );
      jiangsu = created.application.id;
      const saved = await expectOk(
        await json(me, 'PUT', `/applications/${jiangsu}`, { subject: S4, websites: [website('demo-js.cn')] }),
        200,
        savedDraftSchema,
      );
      // The save already says what submit will refuse.
      assert.deepEqual(
        saved.errors.map((e) => [e.path, e.code]),
        [['websites.0.domains.0', 'DOMAIN_CERTIFICATE_REQUIRED']],
      );

      const refused = await expectError(
        await json(me, 'POST', `/applications/${jiangsu}/submit`),
        422,
        'VERIFICATION_FAILED',
      );
      const field = refused.fields.find((f) => f.code === 'DOMAIN_CERTIFICATE_REQUIRED');
      assert.equal(field?.path, 'websites.0.domains.0');
      assert.match(field?.message.zh ?? '', /demo-js\.cn/);

      // A verification code that names no certificate of the registrar sandbox: refused on its field.
      const wrongCode = await expectError(
        await upload(
          me,
          jiangsu,
          { kind: 'domain-certificate', domain: 'demo-js.cn', certificateCode: '0000-0000-0000-0000' },
          { name: '盖章扫描件.pdf', bytes: pdf('scan') },
        ),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(
        wrongCode.fields.map((f) => [f.path, f.code]),
        [['certificateCode', 'CERTIFICATE_CODE_MISMATCH']],
      );
      assert.match(wrongCode.fields[0]?.message.zh ?? '', /“盖章扫描件\.pdf”/);

      const bytes = pdf('jiangsu certificate');
      const document = await expectOk(
        await upload(
          me,
          jiangsu,
          { kind: 'domain-certificate', domain: 'demo-js.cn' },
          { name: '域名证书.pdf', bytes },
        ),
        201,
        documentSchema,
      );
      certificateId = document.id;
      assert.equal(document.kind, 'domain-certificate');
      assert.equal(document.domain, 'demo-js.cn');
      assert.equal(document.fileName, '域名证书.pdf');
      assert.equal(document.mediaType, 'application/pdf');
      assert.equal(document.sizeBytes, bytes.length);
      assert.match(document.sha256, /^[0-9a-f]{64}$/);
      assert.equal(document.uploadedBy, 'nanjing.media');
      // Not printed by the registrar sandbox and no code given: a reviewer checks it.
      assert.deepEqual(document.certificateCheck, { kind: 'manual' });
      assert.equal(document.uploadedAt, START.toISOString());

      const detail = await expectOk(
        await json(me, 'GET', `/applications/${jiangsu}`),
        200,
        applicationDetailSchema,
      );
      const event = detail.timeline.find((e) => e.action === 'application.upload-document');
      assert.equal(event?.data.documentId, document.id);
      assert.equal(event?.actor, 'nanjing.media');

      const listed = await expectOk(
        await json(me, 'GET', `/applications/${jiangsu}/documents`),
        200,
        documentListSchema,
      );
      assert.deepEqual(listed.documents, [document]);

      const download = await json(me, 'GET', `/applications/${jiangsu}/documents/${document.id}/content`);
      assert.equal(download.status, 200);
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);
      assert.equal(download.headers.get('content-type'), 'application/pdf');
      assert.equal(download.headers.get('content-length'), String(bytes.length));
      assert.equal(
        download.headers.get('content-disposition'),
        `attachment; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent('域名证书.pdf')}`,
      );
      assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
      assert.match(download.headers.get('content-security-policy') ?? '', /^sandbox/);
      assert.equal(download.headers.get('cache-control'), 'no-store');

      const submitted = await expectOk(
        await json(me, 'POST', `/applications/${jiangsu}/submit`),
        200,
        applicationSchema,
      );
      assert.equal(submitted.status, 'provider-review');
    });

    it('reviewers list and download through /review; they cannot upload; applicants cannot use /review', async () => {
      const reviewer = await fx.sessionOf('provider-reviewer');
      const listed = await expectOk(
        await json(reviewer, 'GET', `/review/applications/${jiangsu}/documents`),
        200,
        documentListSchema,
      );
      assert.deepEqual(
        listed.documents.map((d) => d.id),
        [certificateId],
      );
      const download = await json(
        reviewer,
        'GET',
        `/review/applications/${jiangsu}/documents/${certificateId}/content`,
      );
      assert.equal(download.status, 200);
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), pdf('jiangsu certificate'));
      await expectError(
        await upload(reviewer, jiangsu, { kind: 'other' }, { name: 'x.pdf', bytes: pdf() }),
        403,
        'FORBIDDEN',
      );
      const me = await sessionOf('nanjing.media');
      await expectError(await json(me, 'GET', `/review/applications/${jiangsu}/documents`), 403, 'FORBIDDEN');
      // Under review the set is fixed.
      await expectError(
        await upload(me, jiangsu, { kind: 'other' }, { name: 'late.pdf', bytes: pdf('late') }),
        409,
        'INVALID_TRANSITION',
      );
    });

    it("someone else's application is not found, not forbidden", async () => {
      const other = await sessionOf('li.lei');
      await expectError(await json(other, 'GET', `/applications/${jiangsu}/documents`), 404, 'NOT_FOUND');
      await expectError(
        await json(other, 'GET', `/applications/${jiangsu}/documents/${certificateId}/content`),
        404,
        'NOT_FOUND',
      );
      await expectError(
        await upload(other, jiangsu, { kind: 'other' }, { name: 'x.pdf', bytes: pdf('intruder') }),
        404,
        'NOT_FOUND',
      );
      await expectError(
        await json(other, 'DELETE', `/applications/${jiangsu}/documents/${certificateId}`),
        404,
        'NOT_FOUND',
      );
      await expectError(
        await json(other, 'GET', `/applications/${jiangsu}/documents/x/content`),
        404,
        'NOT_FOUND',
      );
    });

    let draftId: number;

    it('anonymous uploads get 401; cookie sessions need the CSRF token (header or _csrf field)', async () => {
      const me = await sessionOf('li.lei');
      const created = await expectOk(
        await json(me, 'POST', '/applications', typeCheck(S1, 'demo-ok.cn')),
        201,
        createdApplicationSchema,
      );
      draftId = created.application.id;
      await expectError(
        await upload(null, draftId, { kind: 'other' }, { name: 'x.pdf', bytes: pdf() }),
        401,
        'UNAUTHENTICATED',
      );
      await expectError(await api(`/applications/${draftId}/documents`), 401, 'UNAUTHENTICATED');
      await expectError(
        await upload(me, draftId, { kind: 'other' }, { name: 'x.pdf', bytes: pdf() }, { csrf: false }),
        403,
        'CSRF_TOKEN_INVALID',
      );
      assert.equal((await documentRows()).length, 1);
      const viaField = await expectOk(
        await upload(me, draftId, { kind: 'id-scan', _csrf: me.csrf }, { name: 'id.jpg', bytes: JPEG }),
        201,
        documentSchema,
      );
      assert.equal(viaField.mediaType, 'image/jpeg');
    });

    it('refuses lying types by content, whatever the name and Content-Type claim', async () => {
      const me = await sessionOf('li.lei');
      const before = { rows: (await documentRows()).length, files: storedFiles() };
      for (const [name, bytes, type] of [
        ['setup.pdf', LIARS.exe, 'application/pdf'],
        ['page.png', LIARS.html, 'image/png'],
        ['logo.png', LIARS.svg, 'image/png'],
        ['photo.jpg', LIARS.zip, 'image/jpeg'],
        ['shifted.pdf', LIARS.pdfAtOffset1, 'application/pdf'],
      ] as const) {
        const body = await expectError(
          await upload(me, draftId, { kind: 'other' }, { name, bytes, type }),
          422,
          'DOCUMENT_TYPE_NOT_ALLOWED',
        );
        assert.deepEqual(
          body.fields.map((f) => [f.path, f.code]),
          [['file', 'FILE_TYPE_NOT_ALLOWED']],
          name,
        );
        assert.match(body.message.zh, /PDF、JPEG 或 PNG/);
      }
      const empty = await expectError(
        await upload(me, draftId, { kind: 'other' }, { name: 'empty.pdf', bytes: LIARS.empty }),
        422,
        'DOCUMENT_TYPE_NOT_ALLOWED',
      );
      assert.equal(empty.fields[0]?.code, 'FILE_EMPTY');
      assert.deepEqual({ rows: (await documentRows()).length, files: storedFiles() }, before);

      // The other way round: a real PNG called x.pdf is stored, as a PNG.
      const png = await expectOk(
        await upload(me, draftId, { kind: 'other' }, { name: 'x.pdf', bytes: PNG, type: 'application/pdf' }),
        201,
        documentSchema,
      );
      assert.equal(png.mediaType, 'image/png');
      const download = await json(me, 'GET', `/applications/${draftId}/documents/${png.id}/content`);
      assert.equal(download.headers.get('content-type'), 'image/png');
      assert.match(download.headers.get('content-disposition') ?? '', /filename="x\.png"/);
    });

    it('413 over the limit, by Content-Length before reading, or by the bytes; nothing stored', async () => {
      const me = await sessionOf('li.lei');
      const before = { rows: (await documentRows()).length, files: storedFiles() };
      const headers = { cookie: me.cookie, 'x-csrf-token': me.csrf };
      const big = Buffer.concat([pdf('big'), Buffer.alloc(MAX_UPLOAD * 2)]);

      // Declared too large: refused on the header (the body here is small; it is never read).
      const small = multipartBytes({ kind: 'other' }, { name: 'x.pdf', bytes: pdf() });
      const declared = await api(`/applications/${draftId}/documents`, {
        method: 'POST',
        headers: { ...headers, 'content-type': small.contentType, 'content-length': String(MAX_UPLOAD * 3) },
        body: small.body,
      });
      const byHeader = await expectError(declared, 413, 'PAYLOAD_TOO_LARGE');
      assert.equal(byHeader.fields[0]?.path, 'file');
      assert.match(byHeader.message.zh, /0\.0625 MiB|65536 bytes|64/);

      // No Content-Length (a streamed body): counted while reading.
      await expectError(
        await upload(me, draftId, { kind: 'other' }, { name: 'big.pdf', bytes: big }),
        413,
        'PAYLOAD_TOO_LARGE',
      );

      // Within the multipart allowance but over the file limit: the file's own size decides.
      const justOver = Buffer.concat([pdf('just over'), Buffer.alloc(MAX_UPLOAD)]);
      const exact = multipartBytes({ kind: 'other' }, { name: 'over.pdf', bytes: justOver });
      const byFile = await expectError(
        await api(`/applications/${draftId}/documents`, {
          method: 'POST',
          headers: {
            ...headers,
            'content-type': exact.contentType,
            'content-length': String(exact.body.length),
          },
          body: exact.body,
        }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      assert.equal(byFile.fields[0]?.code, 'FILE_TOO_LARGE');
      assert.deepEqual({ rows: (await documentRows()).length, files: storedFiles() }, before);

      // Other routes keep the JSON limit: the upload allowance is for upload routes only.
      await expectError(
        await json(me, 'PUT', `/applications/${draftId}`, { pad: 'x'.repeat(1024 * 1024) }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });

    it('cleans path tricks out of names, and echoes them only as JSON strings and encoded headers', async () => {
      const me = await sessionOf('li.lei');
      const name = '../../etc/\u202Egpj.exe<img src=x onerror=alert(1)>\u0000.pdf';
      const response = await upload(me, draftId, { kind: 'other' }, { name, bytes: pdf('tricks') });
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const text = await response.clone().text();
      assert.ok(!text.includes('\u202E') && !text.includes('\u0000') && !text.includes('\\u0000'), text);
      const document = await expectOk(response, 201, documentSchema);
      assert.equal(document.fileName, 'gpj.exe<img src=x onerror=alert(1)>.pdf');
      const row = (await documentRows()).find((r) => r.id === document.id);
      assert.equal(row?.file_name, document.fileName);

      const windows = await expectOk(
        await upload(me, draftId, { kind: 'other' }, { name: '..\\..\\win.ini', bytes: pdf('win') }),
        201,
        documentSchema,
      );
      assert.equal(windows.fileName, 'win.ini');

      const download = await json(me, 'GET', `/applications/${draftId}/documents/${document.id}/content`);
      const disposition = download.headers.get('content-disposition') ?? '';
      assert.ok(
        /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/.test(disposition),
        disposition,
      );
      assert.ok(!disposition.includes('/') && !disposition.includes('\\'), disposition);
    });

    it('removes a document: gone from the list and the download; the row stays for the audit trail', async () => {
      const me = await sessionOf('li.lei');
      const listed = await expectOk(
        await json(me, 'GET', `/applications/${draftId}/documents`),
        200,
        documentListSchema,
      );
      const target = listed.documents[0];
      assert.ok(target);
      const removed = await expectOk(
        await json(me, 'DELETE', `/applications/${draftId}/documents/${target.id}`),
        200,
        documentSchema,
      );
      assert.equal(removed.id, target.id);
      const after = await expectOk(
        await json(me, 'GET', `/applications/${draftId}/documents`),
        200,
        documentListSchema,
      );
      assert.ok(!after.documents.some((d) => d.id === target.id));
      await expectError(
        await json(me, 'GET', `/applications/${draftId}/documents/${target.id}/content`),
        404,
        'NOT_FOUND',
      );
      await expectError(
        await json(me, 'DELETE', `/applications/${draftId}/documents/${target.id}`),
        404,
        'NOT_FOUND',
      );
      const row = await db.kysely
        .selectFrom('application_document')
        .select('removed_at')
        .where('id', '=', target.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.removed_at, START.toISOString());
    });

    it('refuses a JSON body, a missing file and a field sent twice', async () => {
      const me = await sessionOf('li.lei');
      const asJson = await expectError(
        await json(me, 'POST', `/applications/${draftId}/documents`, { kind: 'other' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      assert.match(asJson.message.en, /multipart/);
      const form = new FormData();
      form.append('kind', 'other');
      const noFile = await expectError(
        await api(`/applications/${draftId}/documents`, {
          method: 'POST',
          headers: { cookie: me.cookie, 'x-csrf-token': me.csrf },
          body: form,
        }),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(
        noFile.fields.map((f) => f.path),
        ['file'],
      );
      const twice = new FormData();
      twice.append('kind', 'other');
      twice.append('file', new File([pdf('a')], 'a.pdf'));
      twice.append('file', new File([pdf('b')], 'b.pdf'));
      const body = await expectError(
        await api(`/applications/${draftId}/documents`, {
          method: 'POST',
          headers: { cookie: me.cookie, 'x-csrf-token': me.csrf },
          body: twice,
        }),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(
        body.fields.map((f) => f.path),
        ['file'],
      );
      const noDomain = await expectError(
        await upload(me, draftId, { kind: 'domain-certificate' }, { name: 'c.pdf', bytes: pdf('c') }),
        400,
        'VALIDATION_FAILED',
      );
      assert.deepEqual(
        noDomain.fields.map((f) => [f.path, f.code]),
        [['domain', 'REQUIRED']],
      );
    });

    it('is in the OpenAPI document: multipart upload, binary download', async () => {
      const doc = (await (await api('/openapi.json')).json()) as {
        paths: Record<
          string,
          Record<
            string,
            {
              requestBody?: { content: Record<string, { schema: unknown }> };
              responses: Record<string, { content?: Record<string, unknown> }>;
              'x-beian-access': string;
            }
          >
        >;
      };
      const uploadOp = doc.paths['/api/v1/applications/{id}/documents']?.post;
      assert.equal(uploadOp?.['x-beian-access'], 'document.upload-own');
      const schema = uploadOp?.requestBody?.content['multipart/form-data']?.schema as {
        properties: Record<string, { type?: string; format?: string }>;
        required: string[];
      };
      assert.deepEqual(schema.properties.file?.format, 'binary');
      assert.deepEqual([...schema.required].sort(), ['file', 'kind']);
      assert.ok(uploadOp?.responses['413'] && uploadOp.responses['422']);
      assert.ok(
        !(
          uploadOp?.responses['400']?.content &&
          JSON.stringify(uploadOp.responses['400']).includes('MALFORMED_JSON')
        ),
      );
      const download = doc.paths['/api/v1/applications/{id}/documents/{documentId}/content']?.get;
      assert.deepEqual(Object.keys(download?.responses['200']?.content ?? {}).sort(), [
        'application/pdf',
        'image/jpeg',
        'image/png',
      ]);
      for (const path of [
        '/api/v1/applications/{id}/documents',
        '/api/v1/applications/{id}/documents/{documentId}',
        '/api/v1/review/applications/{id}/documents',
        '/api/v1/review/applications/{id}/documents/{documentId}/content',
      ])
        assert.ok(doc.paths[path], path);
    });
  });
}
