/**
 * Documents leave the disk (issue 12, item 3). A delete/upload loop filled 541 MB for 5 listed
 * documents: removed files stayed for ever. Now a file goes when no row references its hash any more
 * (content addressing: another application, or a real-name submission, may share it), orphans left by
 * crashes are collected after a grace period, and each account's stored bytes are capped. Issue 14:
 * the same on both DocumentStores, the directory and the database (`document_file`).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DocumentStore } from '../../src/documents/index.ts';
import {
  collectOrphanDocuments,
  createDatabaseDocumentStore,
  createDocumentStore,
  DocumentRefusedError,
} from '../../src/documents/index.ts';
import type { Database } from '../../src/store/index.ts';
import { writeTransaction } from '../../src/store/index.ts';
import type { Actor } from '../../src/workflow/index.ts';
import { createApplication, readDocument, removeDocument, uploadDocument } from '../../src/workflow/index.ts';
import { pdf } from '../documents/samples.ts';
import { concurrentHandle, testDialects } from '../support/databases.ts';
import type { World } from './workflow-fixture.ts';
import { actor, LI_LEI, openWorld, S1, T0, typeCheck } from './workflow-fixture.ts';

const DAY = 24 * 60 * 60 * 1000;
/** One sample's size: every `pdf(variant)` of the same variant length has the same size. */
const SIZE = pdf('variant-00').byteLength;

/** Every file under `dir` (recursively), as paths relative to it. */
function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
  } catch {
    return [];
  }
}

type StoreKind = 'directory' | 'database';

/** A store of `kind` over `dir` or the database, and what it holds as bytes and names. */
function openStore(
  kind: StoreKind,
  database: Database,
  dir: string,
  limits: { maxAccountBytes?: number } = {},
) {
  const store =
    kind === 'directory'
      ? createDocumentStore({ dir, maxBytes: 64 * 1024, ...limits })
      : createDatabaseDocumentStore({ database, maxBytes: 64 * 1024, ...limits });
  return {
    store,
    /** Every stored file's name (on disk: its path, temp and set-aside files too; rows: the hash). */
    async names(): Promise<string[]> {
      if (kind === 'directory') return filesIn(dir);
      return (await database.kysely.selectFrom('document_file').select('sha256').execute()).map(
        (r) => r.sha256,
      );
    },
    async bytes(): Promise<number> {
      if (kind === 'directory')
        return filesIn(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
      const rows = await database.kysely.selectFrom('document_file').select('size_bytes').execute();
      return rows.reduce((sum, row) => sum + row.size_bytes, 0);
    },
  };
}

for (const dialect of testDialects())
  for (const kind of ['directory', 'database'] as const) {
    describe(`documents leave the ${kind} store (${dialect.name})`, { skip: dialect.skip }, () => {
      let world: World;
      let root: string;
      let store: DocumentStore;
      let held: ReturnType<typeof openStore>;
      before(async () => {
        world = await openWorld(() => dialect.open());
        root = mkdtempSync(join(tmpdir(), 'beian-document-retention-'));
        // Room for five samples per account.
        held = openStore(kind, world.database, join(root, 'documents'), { maxAccountBytes: 5 * SIZE });
        store = held.store;
      });
      after(async () => {
        await world?.database.destroy();
        rmSync(root, { recursive: true, force: true });
      });

      const deps = (who: Actor) => ({ ...world.deps(T0), documents: store, actor: who });
      const upload = (who: Actor, applicationId: number, bytes: Buffer, kind = 'other') =>
        uploadDocument({ ...deps(who), applicationId, input: { kind, fileName: 'scan.pdf', bytes } });
      const remove = (who: Actor, applicationId: number, documentId: number) =>
        removeDocument({ ...deps(who), applicationId, documentId });
      const draft = async (who: Actor, domain: string) =>
        (await createApplication({ ...deps(who), input: typeCheck(S1, domain) })).application.id;

      it('removing a document removes its file when no other row references it', async () => {
        const id = await draft(LI_LEI, 'demo-expiring.cn');
        const bytes = pdf('variant-01');
        const doc = await upload(LI_LEI, id, bytes);
        assert.equal(await store.has(doc.sha256), true);
        await remove(LI_LEI, id, doc.id);
        assert.equal(await store.has(doc.sha256), false, 'the file is gone');
        const names = await held.names();
        assert.ok(!names.some((file) => file.includes(doc.sha256)), names.join());
        // The row stays for the audit trail; uploading the same bytes again stores them again.
        const again = await upload(LI_LEI, id, bytes);
        assert.equal(again.sha256, doc.sha256);
        assert.deepEqual(
          (await readDocument({ ...deps(LI_LEI), applicationId: id, documentId: again.id })).bytes,
          bytes,
        );
        await remove(LI_LEI, id, again.id);
      });

      it('a file shared by another application, or by a real-name submission, stays until the last one goes', async () => {
        const first = await draft(LI_LEI, 'demo-fresh.cn');
        const second = await draft(LI_LEI, 'demo-pending.cn');
        const bytes = pdf('variant-02');
        const a = await upload(LI_LEI, first, bytes);
        const b = await upload(LI_LEI, second, bytes);
        const c = await upload(LI_LEI, first, bytes, 'id-scan');
        await remove(LI_LEI, first, a.id);
        assert.equal(await store.has(a.sha256), true, 'still on the second application and as the ID scan');
        await remove(LI_LEI, second, b.id);
        assert.equal(await store.has(a.sha256), true, 'still the ID scan');

        // A real-name submission at the registrar that recorded this scan's hash keeps it too.
        await world.database.kysely
          .insertInto('registrar_domain')
          .values({
            domain: 'demo-fresh.cn',
            registrar_id: 'aliyun',
            account: 'li.lei',
            holder_name: S1.name,
            holder_type: 'enterprise',
            holder_id_type: 'uscc',
            holder_id_number: S1.idNumber,
            registered_at: T0.toISOString(),
            expires_at: '2030-01-01T00:00:00.000Z',
            status: 'active',
            transferred_to: null,
            transferred_at: null,
            real_name_status: 'verified',
            real_name_verified_at: T0.toISOString(),
            real_name_reported_at: null,
            created_at: T0.toISOString(),
            updated_at: T0.toISOString(),
          })
          .execute();
        await world.database.kysely
          .insertInto('real_name_submission')
          .values({
            domain: 'demo-fresh.cn',
            holder_name: S1.name,
            holder_type: 'enterprise',
            holder_id_type: 'uscc',
            holder_id_number: S1.idNumber,
            document_sha256: a.sha256,
            submitted_by: 'li.lei',
            submitted_at: T0.toISOString(),
            status: 'approved',
            decided_by: null,
            decided_at: null,
            reason: null,
          })
          .execute();
        await remove(LI_LEI, first, c.id);
        assert.equal(await store.has(a.sha256), true, 'the submission still references it');
        await world.database.kysely
          .deleteFrom('real_name_submission')
          .where('document_sha256', '=', a.sha256)
          .execute();
        await world.database.kysely
          .deleteFrom('registrar_domain')
          .where('domain', '=', 'demo-fresh.cn')
          .execute();
        // The last reference gone, the file goes (as a removal would take it), leaving no orphan behind.
        const aside = await writeTransaction(world.database, (tx) => store.setAside(a.sha256, tx));
        await aside?.discard();
      });

      it('caps the bytes an account stores (413-style refusal naming the file); removing frees room', async () => {
        const other = actor('cap.tester');
        const id = await draft(other, 'demo-someone-else.cn');
        const docs = [];
        for (let i = 0; i < 5; i++) docs.push(await upload(other, id, pdf(`variant-1${i}`)));
        // The same bytes again on the same account take no more room.
        const twin = await upload(other, id, pdf('variant-10'), 'id-scan');
        const refused = await upload(other, id, pdf('variant-15')).then(
          () => assert.fail('the sixth distinct file must be refused'),
          (error: unknown) => error,
        );
        assert.ok(refused instanceof DocumentRefusedError, String(refused));
        assert.equal(refused.reason, 'account-full');
        assert.match(refused.messages.zh, /上限/);
        assert.match(refused.messages.en, /limit/);
        assert.ok(
          !(await store.has(createHashOf(pdf('variant-15')))),
          'nothing written for a refused upload',
        );
        // li.lei's documents do not count against this account, nor its own against li.lei.
        const li = await draft(LI_LEI, 'demo-godaddy.com');
        await remove(LI_LEI, li, (await upload(LI_LEI, li, pdf('variant-16'))).id);

        await remove(other, id, twin.id);
        // The loop of the report: delete and upload again, many times; the disk stays bounded.
        for (let round = 0; round < 12; round++) {
          const victim = docs.shift();
          assert.ok(victim);
          await remove(other, id, victim.id);
          docs.push(await upload(other, id, pdf(`variant-${20 + round}`)));
        }
        const stored = await held.bytes();
        assert.ok(stored <= 5 * SIZE + 2 * SIZE, `${stored} bytes stored`);
      });

      it('collects orphans older than the grace period: files no row references, temp files, detached files', async () => {
        // A store of its own: the files the other tests leave do not count here (in the database they
        // are all referenced or gone by now).
        const gc = openStore(kind, world.database, join(root, 'gc'));
        const store = gc.store;
        const deps = (who: Actor) => ({ ...world.deps(T0), documents: store, actor: who });
        const id = await draft(LI_LEI, 'demo-ok.cn');
        const kept = await uploadDocument({
          ...deps(LI_LEI),
          applicationId: id,
          input: { kind: 'other', fileName: 'scan.pdf', bytes: pdf('variant-40') },
        });
        // A crash between writing the bytes and the row: a file no row references.
        const orphan = await store.put(pdf('variant-41'));
        // On disk, a crash in the middle of a write: a temp file beside the target; and a crash after a
        // removal set the referenced file aside but before its transaction committed: the row is still
        // live, so the file must come back, not go. (A row is written whole and removed in the
        // removal's transaction: neither can happen in the database.)
        const onDisk = kind === 'directory';
        if (onDisk) {
          const folder = join(root, 'gc', kept.sha256.slice(0, 2), kept.sha256.slice(2, 4));
          writeFileSync(join(folder, '.tmp-crashed-write'), 'half a file');
          renameSync(join(folder, kept.sha256), join(folder, `.removed-${kept.sha256}-deadbeef`));
        }

        const young = await collectOrphanDocuments({
          database: world.database,
          store,
          now: new Date(),
          graceMs: DAY,
        });
        assert.equal(young.removedFiles, 0, 'within the grace period nothing goes');
        assert.equal(young.restoredFiles, onDisk ? 1 : 0, 'a referenced file set aside comes back at once');
        assert.equal(await store.has(kept.sha256), true);
        assert.equal(await store.has(orphan.sha256), true);

        const later = new Date(Date.now() + 2 * DAY);
        const dry = await collectOrphanDocuments({
          database: world.database,
          store,
          now: later,
          graceMs: DAY,
          dryRun: true,
        });
        assert.equal(dry.removedFiles, onDisk ? 2 : 1);
        assert.equal(await store.has(orphan.sha256), true, 'a dry run removes nothing');
        const report = await collectOrphanDocuments({
          database: world.database,
          store,
          now: later,
          graceMs: DAY,
        });
        assert.equal(report.removedFiles, onDisk ? 2 : 1, JSON.stringify(report));
        assert.equal(report.removedBytes, SIZE + (onDisk ? 'half a file'.length : 0));
        assert.equal(await store.has(orphan.sha256), false);
        assert.equal(await store.has(kept.sha256), true, 'a referenced file stays');
        assert.deepEqual(
          (await readDocument({ ...deps(LI_LEI), applicationId: id, documentId: kept.id })).bytes,
          pdf('variant-40'),
        );
        assert.ok(!(await gc.names()).some((file) => file.includes('.tmp-') || file.includes('.removed-')));
      });

      it('a removal racing an upload of the same bytes never leaves a row without its file', async () => {
        const parallel = await concurrentHandle(world.database);
        try {
          const a = await draft(LI_LEI, 'demo-expired.cn');
          const b = await draft(LI_LEI, 'demo-mismatch.cn');
          for (let round = 0; round < 15; round++) {
            const bytes = pdf(`variant-${50 + round}`);
            const doc = await upload(LI_LEI, a, bytes);
            const [, uploaded] = await Promise.all([
              removeDocument({ ...deps(LI_LEI), applicationId: a, documentId: doc.id }),
              uploadDocument({
                ...deps(LI_LEI),
                database: parallel,
                applicationId: b,
                input: { kind: 'other', fileName: 'scan.pdf', bytes },
              }),
            ]);
            assert.equal(
              await store.has(uploaded.sha256),
              true,
              `round ${round}: the uploaded row has its file`,
            );
            await remove(LI_LEI, b, uploaded.id);
            assert.equal(
              await store.has(uploaded.sha256),
              false,
              `round ${round}: and it goes with the last row`,
            );
          }
        } finally {
          await parallel.destroy();
        }
      });
    });
  }

function createHashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
