/**
 * The databases store tests run on: SQLite `:memory:` always, PostgreSQL when BEIAN_TEST_PG_URL is set
 * (scripts/test-postgres.sh starts one). Each `open()` gives a fresh, empty, migrated database; on
 * PostgreSQL a uniquely named database that `destroy()` drops again.
 *
 *   for (const dialect of testDialects()) describe(`facts store (${dialect.name})`, { skip: dialect.skip }, () => { … });
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../../src/store/index.ts';
import type { Database, DialectName } from '../../src/store/index.ts';

export type TestDialect = {
  name: DialectName;
  /** A reason to skip (PostgreSQL not configured outside CI), else false. */
  skip: string | false;
  open(): Promise<Database>;
};

const PG_URL_VARIABLE = 'BEIAN_TEST_PG_URL';

export function testDialects(env: NodeJS.ProcessEnv = process.env): TestDialect[] {
  const pgUrl = env[PG_URL_VARIABLE];
  const sqlite: TestDialect = { name: 'sqlite', skip: false, open: () => openDatabase({ path: ':memory:' }) };
  if (pgUrl) return [sqlite, { name: 'postgres', skip: false, open: () => openPostgresTestDatabase(pgUrl) }];
  if (env.CI) {
    // CI must prove both dialects: a missing server is a failure, not a quiet skip.
    const open = (): Promise<Database> =>
      Promise.reject(
        new Error(
          `${PG_URL_VARIABLE} is not set; CI must run the store tests on PostgreSQL (scripts/test-postgres.sh)`,
        ),
      );
    return [sqlite, { name: 'postgres', skip: false, open }];
  }
  return [
    sqlite,
    {
      name: 'postgres',
      skip: `${PG_URL_VARIABLE} not set`,
      open: () => Promise.reject(new Error('skipped')),
    },
  ];
}

/** Same as testDialects(); the name the store tests were specified with. */
export const testDatabases = testDialects;

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function openPostgresTestDatabase(adminUrl: string): Promise<Database> {
  // Test files run in parallel processes: pid plus random bytes keep names apart.
  const name = `beian_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  // FILE_COPY of the tiny template is much faster than PostgreSQL 15's default WAL_LOG strategy.
  await withAdmin(adminUrl, (client) => client.query(`create database ${name} strategy file_copy`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openDatabase({ url: url.toString() });
  } catch (error) {
    await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    throw error;
  }
  return {
    kysely: database.kysely,
    dialect: database.dialect,
    ...(database.poolUse ? { poolUse: database.poolUse } : {}),
    async destroy() {
      await database.destroy();
      await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * A second handle on a test database, for tests of concurrency: on PostgreSQL its own pool of 10, so
 * concurrent work really runs on separate connections (and destroy() waits for them to close, see
 * openDatabase); SQLite has one connection, so it is the same database.
 */
export async function concurrentHandle(database: Database): Promise<Database> {
  if (database.dialect !== 'postgres') return { ...database, destroy: () => Promise.resolve() };
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database.kysely);
  const url = new URL(process.env[PG_URL_VARIABLE] ?? '');
  url.pathname = `/${rows[0]?.name ?? ''}`;
  return openDatabase({ url: url.toString() });
}
