/**
 * 材料备份 — the document files a backup must carry, and copying them between two stores. Files are
 * addressed by their SHA-256, so a copy is checked by reading it back under its name (`read` refuses
 * bytes that do not match their hash) and two copies of one file are one file.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/index.ts';
import type { DocumentStore } from './store.ts';

/**
 * The hashes that rows of `db` need on disk: live documents of any application and real-name
 * submissions (the rows `isDocumentReferenced` asks about). A removed document's file may be gone.
 */
export async function referencedDocumentHashes(db: Kysely<Schema>): Promise<Set<string>> {
  const documents = await db
    .selectFrom('application_document')
    .select('sha256')
    .distinct()
    .where('removed_at', 'is', null)
    .execute();
  const submissions = await db
    .selectFrom('real_name_submission')
    .select('document_sha256')
    .distinct()
    .where('document_sha256', 'is not', null)
    .execute();
  const hashes = new Set(documents.map((row) => row.sha256));
  for (const row of submissions) if (row.document_sha256 !== null) hashes.add(row.document_sha256);
  return hashes;
}

/** The hashes of every whole file in `store` (temp and set-aside files left out). */
export async function storedDocumentHashes(store: DocumentStore): Promise<string[]> {
  const hashes: string[] = [];
  for await (const entry of store.entries()) {
    if (entry.kind === 'file' && entry.sha256 !== null) hashes.push(entry.sha256);
  }
  return hashes.sort();
}

/**
 * Copies the file of `sha256` from one store to the other; false when `from` no longer has it (removed
 * meanwhile). `to` should accept any size (its maxBytes): what the source holds was accepted once.
 * Throws when the source's bytes do not match their hash.
 */
export async function copyDocument(from: DocumentStore, to: DocumentStore, sha256: string): Promise<boolean> {
  const bytes = await from.read(sha256);
  if (bytes === null) return false;
  const stored = await to.put(bytes);
  if (stored.sha256 !== sha256) throw new Error(`document copy: ${sha256} arrived as ${stored.sha256}`);
  return true;
}
