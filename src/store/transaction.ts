/**
 * Write transactions that take the write lock up front. On SQLite a deferred `begin` that reads first
 * and writes later fails with SQLITE_BUSY when another process wrote in between (busy_timeout cannot
 * help a read lock that must upgrade); `begin immediate` waits for the lock instead.
 * PostgreSQL locks rows, not the database, so a plain transaction is right there.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { Schema } from './schema.ts';

/**
 * Runs `work` in one transaction: `begin immediate` on SQLite, `begin` on PostgreSQL. `work` must not
 * open a transaction itself (it receives the transaction's handle, not the pool).
 */
export async function writeTransaction<T>(
  database: Database,
  work: (tx: Kysely<Schema>) => Promise<T>,
): Promise<T> {
  if (database.dialect === 'postgres') return database.kysely.transaction().execute(work);
  // Kysely's SQLite driver only issues a plain `begin`; a reserved connection lets us choose.
  return database.kysely.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    let result: T;
    try {
      result = await work(connection);
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
    await sql`commit`.execute(connection);
    return result;
  });
}

/**
 * Runs reads that belong together in one read transaction on SQLite: a savepoint, which outside a
 * transaction begins a deferred one (sqlite.org/lang_savepoint.html) that takes no write lock, so it
 * neither waits for nor blocks a CLI import beside the server in WAL mode, and inside a write
 * transaction (a handle writeTransaction gave) just nests in it. The statements see one snapshot,
 * and the file's shared lock is taken once instead of once per statement, which was half the CPU
 * the precheck's facts queries cost (issue 14, measured for `npm run bench:http`). On PostgreSQL,
 * and inside a Kysely transaction, `work` runs as is: a transaction there would only add round trips.
 */
export async function readSnapshot<T>(
  db: Kysely<Schema>,
  dialect: Database['dialect'],
  work: (db: Kysely<Schema>) => Promise<T>,
): Promise<T> {
  if (dialect === 'postgres' || db.isTransaction) return work(db);
  return db.connection().execute(async (connection) => {
    await sql`savepoint read_snapshot`.execute(connection);
    let result: T;
    try {
      result = await work(connection);
    } catch (error) {
      await sql`rollback to read_snapshot`.execute(connection);
      await sql`release read_snapshot`.execute(connection);
      throw error;
    }
    await sql`release read_snapshot`.execute(connection);
    return result;
  });
}
