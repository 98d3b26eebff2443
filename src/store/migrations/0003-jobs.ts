/**
 * The job table of the job runner: pg-boss is PostgreSQL-only and needs Node 22, so
 * beian keeps its own table on both dialects. Claims read due jobs through `job_due`.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';
import { idColumnType } from '../dialect.ts';

export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('job')
    .addColumn('id', idColumnType(dialect), (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('run_at', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (col) => col.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('done_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  // Finished jobs stay for inspection; the partial index keeps claims to the open ones.
  await db.schema
    .createIndex('job_due')
    .on('job')
    .columns(['run_at', 'id'])
    .where(sql.ref('done_at'), 'is', null)
    .where(sql.ref('failed_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job').execute();
}
