/**
 * 共享状态 — what several `beian serve` processes on one database must see alike (issue 14): the
 * rate-limit counters and the sign-in guard's failures (in memory before: two processes doubled a
 * limit and a restart reset it), and the bytes of uploaded documents for the database document
 * store (on local disk before: an upload through one instance was a 404 through another).
 * Instants here are milliseconds since the epoch (bigint): the counters compare them arithmetically.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('rate_limit_counter')
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('key', 'text', (col) => col.notNull())
    .addColumn('window_start_ms', 'bigint', (col) => col.notNull())
    .addColumn('count', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('rate_limit_counter_pk', ['name', 'key'])
    .execute();
  await db.schema
    .createIndex('rate_limit_counter_window')
    .on('rate_limit_counter')
    .columns(['name', 'window_start_ms'])
    .execute();

  await db.schema
    .createTable('login_failure')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('login', 'text', (col) => col.notNull())
    .addColumn('address', 'text', (col) => col.notNull())
    .addColumn('at_ms', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('login_failure_login')
    .on('login_failure')
    .columns(['login', 'at_ms'])
    .execute();
  await db.schema.createIndex('login_failure_at').on('login_failure').column('at_ms').execute();

  await db.schema
    .createTable('document_file')
    .addColumn('sha256', 'text', (col) => col.primaryKey())
    .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (col) => col.notNull())
    .addColumn('size_bytes', 'integer', (col) => col.notNull())
    .addColumn('written_ms', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('document_file').execute();
  await db.schema.dropTable('login_failure').execute();
  await db.schema.dropTable('rate_limit_counter').execute();
}
