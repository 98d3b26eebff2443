/**
 * Accounts and their credentials: login accounts with roles, cookie sessions and API bearer tokens.
 * Session ids and tokens are stored only as keyed hashes, so a copy of the database logs nobody in
 * (OWASP Session Management Cheat Sheet). `disabled` is an integer 0/1: SQLite has no boolean type.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('account')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('login', 'text', (col) => col.notNull().unique())
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('disabled', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('account_session')
    .addColumn('id_hash', 'text', (col) => col.primaryKey())
    .addColumn('account_id', 'integer', (col) => col.notNull().references('account.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute();
  // Login sweeps an account's expired sessions; disabling an account ends all of them.
  await db.schema
    .createIndex('account_session_account_id')
    .on('account_session')
    .column('account_id')
    .execute();

  await db.schema
    .createTable('api_token')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('account_id', 'integer', (col) => col.notNull().references('account.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('api_token_account_id').on('api_token').column('account_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_token').execute();
  await db.schema.dropTable('account_session').execute();
  await db.schema.dropTable('account').execute();
}
