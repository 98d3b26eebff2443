/**
 * Which DocumentStore a deployment uses (BEIAN_DOCUMENTS): `database` keeps the files in the database
 * (table `document_file`), which several instances on one PostgreSQL need, since a file on one
 * instance's disk is a 404 on another (issue 14); `dir` keeps them under BEIAN_DOCUMENTS_DIR, the
 * single-node default. Unset: `database` on PostgreSQL (DATABASE_URL), `dir` on SQLite.
 */
import { LocalizedError } from '../shared/index.ts';
import type { Database } from '../store/index.ts';
import { createDatabaseDocumentStore } from './database-store.ts';
import type { DocumentStore } from './store.ts';
import { createDocumentStore, documentsDirFromEnv, maxAccountBytesFromEnv } from './store.ts';

const STORE_VARIABLE = 'BEIAN_DOCUMENTS';
export const DOCUMENT_STORE_KINDS = ['database', 'dir'] as const;
export type DocumentStoreKind = (typeof DOCUMENT_STORE_KINDS)[number];

/** BEIAN_DOCUMENTS, else the default for the database's dialect; another value throws LocalizedError. */
export function documentStoreKindFromEnv(env: NodeJS.ProcessEnv, database: Database): DocumentStoreKind {
  const value = env[STORE_VARIABLE]?.trim();
  if (value === undefined || value === '') return database.dialect === 'postgres' ? 'database' : 'dir';
  const kind = DOCUMENT_STORE_KINDS.find((k) => k === value);
  if (kind === undefined) {
    throw new LocalizedError({
      zh: `${STORE_VARIABLE} 须为 database（存入数据库）或 dir（存入目录）：${value}`,
      en: `${STORE_VARIABLE} must be database (in the database) or dir (in a directory): ${value}`,
    });
  }
  return kind;
}

/**
 * The store the environment configures over `database`: its kind (BEIAN_DOCUMENTS), directory
 * (BEIAN_DOCUMENTS_DIR) and per-account cap (BEIAN_DOCUMENTS_ACCOUNT_MIB). Throws LocalizedError
 * naming the variable for a bad value.
 */
export function documentStoreFromEnv(
  env: NodeJS.ProcessEnv,
  database: Database,
  options: { maxBytes?: number } = {},
): DocumentStore {
  const limits = { ...options, maxAccountBytes: maxAccountBytesFromEnv(env) };
  return documentStoreKindFromEnv(env, database) === 'database'
    ? createDatabaseDocumentStore({ database, ...limits })
    : createDocumentStore({ dir: documentsDirFromEnv(env), ...limits });
}
