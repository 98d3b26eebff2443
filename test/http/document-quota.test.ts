/**
 * The per-account storage cap as clients see it (issue 12, item 3): the API answers 413 with a field
 * error on `file` (ACCOUNT_STORAGE_FULL) in zh and en, the upload page re-renders with the error at the
 * file field, and removing a document over the API takes its file off the disk.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiErrorSchema } from '../../src/http/errors.ts';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { pdf } from '../documents/samples.ts';
import { createTestAccount, sessionFor } from '../support/app-fixture.ts';
import { S1, typeCheck } from '../workflow/workflow-fixture.ts';
import type { WebFixture } from '../web/web-fixture.ts';
import { createWebFixture } from '../web/web-fixture.ts';

const SIZE = pdf('quota-00').byteLength;

describe('the account storage cap over the API and the web', () => {
  let db: Database;
  let fx: WebFixture;
  let root: string;
  let documentsDir: string;
  let session: { cookie: string; csrf: string };
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    root = mkdtempSync(join(tmpdir(), 'beian-document-quota-'));
    documentsDir = join(root, 'documents');
    fx = await createWebFixture(db, { documentsDir, maxAccountDocumentBytes: 2 * SIZE });
    const id = await createTestAccount(db, { login: 'li.lei', role: 'applicant' });
    session = await sessionFor(db, id, fx.clock.now);
  });
  after(async () => {
    await db.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  const api = (method: string, path: string, body?: string | FormData, json = false) =>
    fx.app.request(`/api/v1${path}`, {
      method,
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        ...(json ? { 'content-type': 'application/json' } : {}),
      },
      ...(body === undefined ? {} : { body }),
    });
  const upload = (applicationId: number, bytes: Buffer) => {
    const form = new FormData();
    form.append('kind', 'other');
    form.append('file', new File([bytes], 'scan.pdf', { type: 'application/pdf' }));
    return api('POST', `/applications/${applicationId}/documents`, form);
  };
  const files = () =>
    readdirSync(documentsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

  it('413 ACCOUNT_STORAGE_FULL at the file field; a removal frees the room and the disk', async () => {
    const created = await api('POST', '/applications', JSON.stringify(typeCheck(S1, 'demo-ok.cn')), true);
    assert.equal(created.status, 201, await created.clone().text());
    const { application } = (await created.json()) as { application: { id: number } };
    const first = await upload(application.id, pdf('quota-01'));
    assert.equal(first.status, 201);
    assert.equal((await upload(application.id, pdf('quota-02'))).status, 201);
    const refused = await upload(application.id, pdf('quota-03'));
    assert.equal(refused.status, 413);
    const body = apiErrorSchema.parse(await refused.json());
    assert.equal(body.code, 'PAYLOAD_TOO_LARGE');
    assert.deepEqual(
      body.fields.map((f) => [f.path, f.code]),
      [['file', 'ACCOUNT_STORAGE_FULL']],
    );
    assert.match(body.message.zh, /存储上限/);
    assert.match(body.message.en, /storage limit/);
    assert.equal(files(), 2);

    const { id: documentId } = (await first.json()) as { id: number };
    const removed = await api('DELETE', `/applications/${application.id}/documents/${documentId}`);
    assert.equal(removed.status, 200);
    assert.equal(files(), 1, 'the removed file left the disk');
    assert.equal((await upload(application.id, pdf('quota-03'))).status, 201);

    // The upload page says the same at its file field.
    const browser = await fx.browser();
    browser.setCookie(session.cookie);
    await browser.get(`/applications/${application.id}/documents`);
    const form = new FormData();
    form.append('_csrf', session.csrf);
    form.append('kind', 'other');
    form.append('file', new File([pdf('quota-04')], 'scan.pdf', { type: 'application/pdf' }));
    const page = await browser.request(`/applications/${application.id}/documents`, {
      method: 'POST',
      body: form,
    });
    assert.equal(page.status, 413);
    const html = await page.text();
    assert.match(html, /<a href="#f-file">/);
    assert.match(html, /存储上限/);
  });
});
