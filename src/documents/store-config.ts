/**
 * Which DocumentStore a deployment uses (BEIAN_DOCUMENTS, src/config): `database` keeps the files in
 * the database (table `document_file`), which several instances on one PostgreSQL need, since a file
 * on one instance's disk is a 404 on another (issue 14); `dir` keeps them under BEIAN_DOCUMENTS_DIR,
 * the single-node default. Unset: `database` on PostgreSQL, `dir` on SQLite.
 */
import type { Database } from '../store/index.ts';
import { createDatabaseDocumentStore } from './database-store.ts';
import type { DocumentStore } from './store.ts';
import { createDocumentStore } from './store.ts';

export const DOCUMENT_STORE_KINDS = ['database', 'dir'] as const;
export type DocumentStoreKind = (typeof DOCUMENT_STORE_KINDS)[number];

/** The settings of the configuration (src/config) a document store reads. */
export type DocumentStoreSettings = {
  BEIAN_DOCUMENTS?: DocumentStoreKind | undefined;
  BEIAN_DOCUMENTS_DIR: string;
  BEIAN_DOCUMENTS_ACCOUNT_MIB: number;
};

/** BEIAN_DOCUMENTS, else the default for the database's dialect. */
export function documentStoreKind(settings: DocumentStoreSettings, database: Database): DocumentStoreKind {
  return settings.BEIAN_DOCUMENTS ?? (database.dialect === 'postgres' ? 'database' : 'dir');
}

/**
 * The store the configuration selects over `database`: its kind (BEIAN_DOCUMENTS), directory
 * (BEIAN_DOCUMENTS_DIR) and per-account cap (BEIAN_DOCUMENTS_ACCOUNT_MIB).
 */
export function configuredDocumentStore(
  settings: DocumentStoreSettings,
  database: Database,
  options: { maxBytes?: number } = {},
): DocumentStore {
  const limits = { ...options, maxAccountBytes: settings.BEIAN_DOCUMENTS_ACCOUNT_MIB * 1024 * 1024 };
  return documentStoreKind(settings, database) === 'database'
    ? createDatabaseDocumentStore({ database, ...limits })
    : createDocumentStore({ dir: settings.BEIAN_DOCUMENTS_DIR, ...limits });
}
