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
