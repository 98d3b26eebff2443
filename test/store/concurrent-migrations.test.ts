/**
 * Issue 14: several `beian serve` processes started together on one fresh PostgreSQL database all
 * migrate it; each migration must run once and every start must succeed (an advisory lock around
 * the migrator, src/store/database.ts). Separate pools stand for separate processes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../src/store/index.ts';
import { migrationProvider } from '../../src/store/migrations/index.ts';

const PG_URL = process.env.BEIAN_TEST_PG_URL;
const STARTS = 5;

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

describe(
  'migrations started together (postgres)',
  { skip: PG_URL ? false : 'BEIAN_TEST_PG_URL not set' },
  () => {
    it(`${STARTS} instances migrating one fresh database at once: all start, each migration once`, async () => {
      const name = `beian_test_migrate_${process.pid}_${randomBytes(4).toString('hex')}`;
      await admin(`create database ${name} strategy file_copy`);
      const url = new URL(PG_URL ?? '');
      url.pathname = `/${name}`;
      try {
        const opened = await Promise.allSettled(
          Array.from({ length: STARTS }, () => openDatabase({ url: url.toString() })),
        );
        const databases = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
        try {
          const errors = opened.flatMap((result) =>
            result.status === 'rejected' ? [String(result.reason)] : [],
          );
          assert.deepEqual(errors, []);
          const first = databases[0];
          assert.ok(first);
          const applied = await sql<{ name: string; n: number }>`
          select name, count(*)::int as n from kysely_migration group by name order by name`.execute(
            first.kysely,
          );
          const expected = Object.keys(await migrationProvider('postgres').getMigrations()).sort();
          assert.deepEqual(
            applied.rows.map((row) => [row.name, row.n]),
            expected.map((migration) => [migration, 1]),
          );
          // The schema is whole: the last migration's tables are there and usable from every start.
          for (const database of databases)
            await database.kysely.selectFrom('rate_limit_counter').selectAll().execute();
        } finally {
          await Promise.all(databases.map((database) => database.destroy()));
        }
      } finally {
        await admin(`drop database if exists ${name} with (force)`);
      }
    });
  },
);
