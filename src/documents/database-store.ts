/**
 * 数据库材料存储 — the DocumentStore whose files are rows of `document_file` (bytea on PostgreSQL,
 * blob on SQLite), for several `beian serve` instances on one PostgreSQL (issue 14): an upload through
 * one instance is a download through any other, and the database's backup holds the documents too.
 * Rows are addressed by SHA-256 like the files on disk, with the same rules: bytes are written before
 * the rows that reference them, a file leaves with its last reference, and the orphan collection
 * (orphans.ts) takes what a crash left. Unlike files, a row is written and removed inside the
 * caller's transaction when there is one, so a removal that rolls back never took the file at all.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Schema } from '../store/index.ts';
import type { DocumentStore, StoredEntry } from './store.ts';
import { checkDocument, DEFAULT_MAX_ACCOUNT_BYTES, DEFAULT_MAX_UPLOAD_BYTES } from './store.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Rows read per query while listing: the listing holds no transaction open for the whole table. */
const LIST_PAGE = 500;
const ENTRY_PREFIX = 'document_file:';

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function createDatabaseDocumentStore(options: {
  database: Database;
  maxBytes?: number;
  maxAccountBytes?: number;
  /** The clock of `written_ms` (the orphan collection's grace period); default the system clock. */
  now?: () => Date;
}): DocumentStore {
  const { database } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const maxAccountBytes = options.maxAccountBytes ?? DEFAULT_MAX_ACCOUNT_BYTES;
  const now = options.now ?? (() => new Date());
  const on = (tx: Kysely<Schema> | undefined): Kysely<Schema> => tx ?? database.kysely;

  async function has(sha256: string, tx?: Kysely<Schema>): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    const row = await on(tx)
      .selectFrom('document_file')
      .select('sha256')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row !== undefined;
  }

  async function* entries(): AsyncGenerator<StoredEntry> {
    let after = '';
    for (;;) {
      const rows = await database.kysely
        .selectFrom('document_file')
        .select(['sha256', 'size_bytes', 'written_ms'])
        .where('sha256', '>', after)
        .orderBy('sha256')
        .limit(LIST_PAGE)
        .execute();
      for (const row of rows) {
        yield {
          path: `${ENTRY_PREFIX}${row.sha256}`,
          kind: 'file',
          sha256: row.sha256,
          size: row.size_bytes,
          modifiedAt: new Date(Number(row.written_ms)),
        };
      }
      const last = rows[rows.length - 1];
      if (rows.length < LIST_PAGE || !last) return;
      after = last.sha256;
    }
  }

  return {
    location: 'database',
    maxBytes,
    maxAccountBytes,
    has,
    async put(bytes, tx) {
      const mediaType = checkDocument(bytes, maxBytes);
      const sha256 = sha256Of(bytes);
      const written = now().getTime();
      // Bytes already stored are the same bytes (content addressing): only the write time moves.
      await on(tx)
        .insertInto('document_file')
        .values({
          sha256,
          content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          size_bytes: bytes.byteLength,
          written_ms: written,
        })
        .onConflict((oc) => oc.column('sha256').doUpdateSet({ written_ms: written }))
        .execute();
      return { sha256, size: bytes.byteLength, mediaType };
    },
    async read(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;
      const row = await database.kysely
        .selectFrom('document_file')
        .select('content')
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      if (!row) return null;
      const bytes = Buffer.from(row.content);
      // Content addressing makes corruption detectable: never hand out bytes other than those uploaded.
      if (sha256Of(bytes) !== sha256) throw new Error(`document store: ${sha256} does not match its content`);
      return bytes;
    },
    async setAside(sha256, tx) {
      const deleted = await tx.deleteFrom('document_file').where('sha256', '=', sha256).executeTakeFirst();
      if (deleted.numDeletedRows === 0n) return null;
      // The transaction decides: its commit removed the row, its rollback kept it.
      return { discard: () => Promise.resolve(), restore: () => Promise.resolve() };
    },
    entries,
    async removeEntry(entry, tx) {
      if (entry.sha256 === null) return;
      // Only as listed: bytes put again since (a new upload of them) moved `written_ms` and stay.
      await on(tx)
        .deleteFrom('document_file')
        .where('sha256', '=', entry.sha256)
        .where('written_ms', '=', entry.modifiedAt.getTime())
        .execute();
    },
    // Rows are never set aside (setAside deletes in the removal's transaction): nothing to restore.
    restoreEntry: () => Promise.resolve(),
    // /readyz already asks the database itself; this asks that the table is there and readable.
    async checkWritable() {
      await database.kysely.selectFrom('document_file').select('sha256').limit(1).execute();
    },
  };
}
