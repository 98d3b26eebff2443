/**
 * 孤立文件清理 — the orphan collection: files in the store that no row references, left by a crash
 * between writing the bytes and the row, or by a removal whose commit the process did not live to
 * see; temp files of writes cut short. Only files older than the grace period go (an upload writes
 * its bytes before its row), each checked under the lock of its hash (references.ts), so a file an
 * upload is about to reference is never taken. Run by `beian documents gc` and by `beian serve`.
 */
import type { Database } from '../store/index.ts';
import { writeTransaction } from '../store/index.ts';
import { isDocumentReferenced, lockDocumentFile } from './references.ts';
import type { DocumentStore, StoredEntry } from './store.ts';

/** A day: far longer than any upload takes between its bytes and its row. */
export const DEFAULT_ORPHAN_GRACE_MS = 24 * 60 * 60 * 1000;

export type OrphanReport = {
  /** Files looked at (stored files, temp files, files set aside). */
  scannedFiles: number;
  /** Files removed (or, in a dry run, that would be), and their bytes. */
  removedFiles: number;
  removedBytes: number;
  /** Files a removal had set aside while a row still references them: put back under their hash. */
  restoredFiles: number;
};

export async function collectOrphanDocuments(options: {
  database: Database;
  store: DocumentStore;
  now: Date;
  graceMs?: number;
  /** Report what would go, change nothing. */
  dryRun?: boolean;
}): Promise<OrphanReport> {
  const { database, store } = options;
  const cutoff = options.now.getTime() - (options.graceMs ?? DEFAULT_ORPHAN_GRACE_MS);
  const dryRun = options.dryRun ?? false;
  const report: OrphanReport = { scannedFiles: 0, removedFiles: 0, removedBytes: 0, restoredFiles: 0 };
  const old = (entry: StoredEntry) => entry.modifiedAt.getTime() < cutoff;
  const removed = (entry: StoredEntry) => {
    report.removedFiles += 1;
    report.removedBytes += entry.size;
  };

  for await (const entry of store.entries()) {
    if (entry.kind === 'other') continue;
    report.scannedFiles += 1;
    if (entry.kind === 'temp') {
      // Never referenced by anything; a write still under way is younger than the grace period.
      if (!old(entry)) continue;
      if (!dryRun) await store.removeEntry(entry);
      removed(entry);
      continue;
    }
    const sha256 = entry.sha256 ?? '';
    const outcome = await writeTransaction(database, async (tx) => {
      await lockDocumentFile(database, tx, sha256);
      const referenced = await isDocumentReferenced(tx, sha256);
      if (entry.kind === 'set-aside') {
        // Referenced: the removal that set it aside never committed. Put it back whatever its age.
        if (referenced && !(await store.has(sha256, tx))) {
          if (!dryRun) await store.restoreEntry(entry, tx);
          return 'restored';
        }
        if (!old(entry)) return 'kept';
      } else if (referenced || !old(entry)) return 'kept';
      if (!dryRun) await store.removeEntry(entry, tx);
      return 'removed';
    });
    if (outcome === 'restored') report.restoredFiles += 1;
    if (outcome === 'removed') removed(entry);
  }
  return report;
}
