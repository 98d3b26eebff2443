import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { DocumentStore } from '../../src/documents/index.ts';
import { createDocumentStore, DocumentRefusedError } from '../../src/documents/index.ts';
import { JPEG, LIARS, PNG, pdf } from './samples.ts';

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('document store: content-addressed files', () => {
  let root: string;
  let dir: string;
  let store: DocumentStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'beian-store-'));
    dir = join(root, 'documents');
    store = createDocumentStore({ dir, maxBytes: 4096 });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates nothing until the first write, then the directory with mode 0700', async () => {
    assert.deepEqual(filesUnder(root), []);
    assert.equal(await store.read('0'.repeat(64)), null);
    assert.equal(await store.has('0'.repeat(64)), false);
    await store.put(PNG);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it('stores bytes under dir/ab/cd/<sha256> with their detected type, readable again', async () => {
    const stored = await store.put(PNG);
    const hash = sha256(PNG);
    assert.deepEqual(stored, { sha256: hash, size: PNG.length, mediaType: 'image/png' });
    assert.deepEqual(filesUnder(dir), [join(hash.slice(0, 2), hash.slice(2, 4), hash)]);
    assert.equal(statSync(join(dir, hash.slice(0, 2), hash.slice(2, 4), hash)).mode & 0o777, 0o600);
    assert.equal(await store.has(hash), true);
    assert.deepEqual(await store.read(hash), PNG);
  });

  it('stores identical content once', async () => {
    const a = await store.put(pdf('same'));
    const b = await store.put(Buffer.from(pdf('same')));
    const c = await store.put(JPEG);
    assert.equal(a.sha256, b.sha256);
    assert.notEqual(a.sha256, c.sha256);
    assert.equal(filesUnder(dir).length, 2);
  });

  it('leaves no temporary files behind, also under concurrent writes of the same bytes', async () => {
    const bytes = pdf('concurrent');
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    assert.equal(new Set(results.map((r) => r.sha256)).size, 1);
    const files = filesUnder(dir);
    assert.deepEqual(files, [join(sha256(bytes).slice(0, 2), sha256(bytes).slice(2, 4), sha256(bytes))]);
    assert.ok(!files.some((f) => f.includes('.tmp-')));
  });

  it('takes paths from the hash only: forged hashes never touch the disk', async () => {
    // A file a path trick would reach if a "hash" were used as a path.
    writeFileSync(join(root, 'x'), pdf('outside'));
    for (const forged of [
      '../x',
      '../../x',
      `${'a'.repeat(62)}/..`,
      'A'.repeat(64),
      '',
      `${'0'.repeat(63)}g`,
    ]) {
      assert.equal(await store.read(forged), null, forged);
      assert.equal(await store.has(forged), false, forged);
    }
  });

  it('refuses lying, empty, truncated and oversized content, writing nothing', async () => {
    const refused = async (bytes: Uint8Array, reason: string) => {
      await assert.rejects(store.put(bytes), (error: unknown) => {
        assert.ok(error instanceof DocumentRefusedError, String(error));
        assert.equal(error.reason, reason);
        assert.match(error.messages.zh, /file/);
        return true;
      });
    };
    await refused(LIARS.exe, 'type-not-allowed');
    await refused(LIARS.html, 'type-not-allowed');
    await refused(LIARS.zip, 'type-not-allowed');
    await refused(LIARS.empty, 'empty');
    await refused(LIARS.truncatedPdf, 'truncated');
    await refused(Buffer.concat([pdf(), Buffer.alloc(4096)]), 'too-large');
    assert.deepEqual(filesUnder(root), []);
  });

  it('notices a file whose content no longer matches its hash', async () => {
    const { sha256: hash } = await store.put(PNG);
    writeFileSync(join(dir, hash.slice(0, 2), hash.slice(2, 4), hash), JPEG);
    await assert.rejects(store.read(hash), /does not match/);
  });
});
