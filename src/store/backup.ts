/**
 * 数据库备份 — copying the SQLite file while the server keeps writing, and back. Both directions go
 * through SQLite's online backup API (https://www.sqlite.org/backup.html, better-sqlite3's
 * `db.backup`), never a file copy: a copy of a WAL database taken mid-write can miss committed pages
 * that still live in the `-wal` file, or catch a page half-written.
 *
 * PostgreSQL is backed up with its own tools (pg_dump/pg_restore, docs/DEPLOYMENT.md).
 */
import { existsSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Database } from './database.ts';
import { DEFAULT_SQLITE_PATH, POSTGRES_URL } from './database.ts';

/** Kysely's own bookkeeping: present in every migrated database, so not "data". */
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/**
 * How many pages one backup step copies: all of them. The backup API restarts from the first page
 * when another connection writes between two steps (sqlite.org/c3ref/backup_finish.html), so small
 * steps under a steady stream of writes may never finish. One step copies under one read
 * transaction, a consistent snapshot; in WAL mode readers do not block writers, so the server keeps
 * writing meanwhile (its checkpoints just cannot pass the snapshot until the step ends).
 */
const ALL_PAGES = 0x7fffffff;

/** How long the backup's own connection waits for a lock before giving up (as the server does). */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The SQLite file the options select (the rules of `openDatabase`), or null when they select
 * PostgreSQL or an in-memory database.
 */
export function sqliteFileOf(options: {
  url?: string | undefined;
  path?: string | undefined;
}): string | null {
  if (options.url !== undefined && options.url !== '') return null;
  const path = options.path ?? DEFAULT_SQLITE_PATH;
  if (POSTGRES_URL.test(path) || path === ':memory:') return null;
  return resolve(path);
}

/**
 * Copies the live database `source` into the new file `destination` with the online backup API, as
 * one consistent snapshot, while other processes may keep writing to `source`.
 */
export async function backupSqliteFile(source: string, destination: string): Promise<void> {
  const live = new SQLite(source, { fileMustExist: true });
  try {
    live.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    await live.backup(destination, { progress: () => ALL_PAGES });
    // Scans of identity documents' metadata and personal data: no reader but the owner (as the store).
    await chmod(destination, 0o600);
  } finally {
    live.close();
  }
}

/**
 * Writes the backup file `source` into `destination` (created when missing) through the backup API,
 * which takes the destination's write lock and replaces every page in one step, so a reader never
 * sees a mixture. `source` is checked first (`pragma integrity_check`): a damaged backup must not
 * replace anything. Throws with SQLite's own report when it is damaged.
 */
export async function restoreSqliteFile(source: string, destination: string): Promise<void> {
  const backup = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    const report = backup.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const problems = report.map((row) => row.integrity_check).filter((line) => line !== 'ok');
    if (problems.length > 0) throw new Error(`integrity_check: ${problems.slice(0, 5).join('; ')}`);
    await backup.backup(destination, { progress: () => ALL_PAGES });
  } finally {
    backup.close();
  }
}

/**
 * Whether the SQLite file holds any row outside the migration bookkeeping: the test of "a fresh
 * database" that a restore overwrites without --force. A missing file is empty.
 */
export function sqliteFileHasData(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const tables = db
      .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
      .pluck()
      .all() as string[];
    return tables
      .filter((name) => !MIGRATION_TABLES.has(name))
      .some(
        (name) => db.prepare(`select 1 from "${name.replaceAll('"', '""')}" limit 1`).get() !== undefined,
      );
  } finally {
    db.close();
  }
}

/** Every table of the schema (migration bookkeeping excluded) with its number of rows, by name. */
export async function tableRowCounts(database: Database): Promise<Record<string, number>> {
  const tables = await database.kysely.introspection.getTables();
  const counts: Record<string, number> = {};
  for (const table of tables.map((t) => t.name).sort()) {
    if (MIGRATION_TABLES.has(table)) continue;
    const { rows } = await sql<{ count: number | string }>`select count(*) as count from ${sql.table(
      table,
    )}`.execute(database.kysely);
    counts[table] = Number(rows[0]?.count ?? 0);
  }
  return counts;
}
