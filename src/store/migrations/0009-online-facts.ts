/**
 * 在线查询缓存 — RDAP and WHOIS answers for domains registered elsewhere (issue 6), mapped to facts and
 * kept for a TTL so bulk checks do not ask the same server twice.
 */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('online_fact_cache')
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('domain', 'text', (col) => col.notNull())
    .addColumn('server', 'text')
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('fetched_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('online_fact_cache_pk', ['source', 'domain'])
    .execute();
}

export async function down(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema.dropTable('online_fact_cache').execute();
}
