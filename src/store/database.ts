/**
 * Opening the database: the embedded SQLite file by default, PostgreSQL when a URL is given
 * (DATABASE_URL). Both run the same migrations and the same Kysely queries.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Schema } from './schema.ts';

/** An open database: the Kysely handle, which dialect it speaks, and how to close it. */
export type Database = {
  readonly kysely: Kysely<Schema>;
  readonly dialect: DialectName;
  destroy(): Promise<void>;
  /** PostgreSQL only: the connection pool's use now (for /metrics); SQLite has one connection, no pool. */
  readonly poolUse?: () => PoolUse;
};

/** 连接池使用 — connections open, idle, and requests waiting for one, against the pool's size. */
export type PoolUse = { total: number; idle: number; waiting: number; max: number };

type OpenDatabaseOptions = {
  /** `postgres://…` (from DATABASE_URL): selects PostgreSQL. Takes precedence over `path`. */
  url?: string | undefined;
  /** SQLite file, or `:memory:`; default `./.beian/beian.db` under the working directory. A postgres URL here is treated as `url`. */
  path?: string | undefined;
  /** SQLite only: how long to wait for another process's write lock (BEIAN_SQLITE_BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number | undefined;
};

/** Where the embedded database lives when neither --db nor DATABASE_URL says otherwise. */
export const DEFAULT_SQLITE_PATH = '.beian/beian.db';

export const POSTGRES_URL = /^postgres(ql)?:\/\//i;
const POOL_SIZE = 10;
const PG_INT8_OID = 20;

/** Opens (and migrates to the latest schema) the database the options select. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const url = options.url ?? (options.path && POSTGRES_URL.test(options.path) ? options.path : undefined);
  const database = url
    ? openPostgres(url)
    : openSqlite(options.path ?? DEFAULT_SQLITE_PATH, options.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS);
  try {
    await migrateToLatest(database);
  } catch (error) {
    await database.destroy();
    throw error;
  }
  return database;
}

/** Advisory lock class of the migrator (first key of pg_advisory_lock): "beim" in ASCII. */
const MIGRATION_LOCK_CLASS = 0x6265696d;

/**
 * Applies pending migrations; a no-op when the schema is current. On PostgreSQL several instances
 * starting together (issue 14) queue on a session advisory lock held on a connection of its own for
 * the whole run: the first migrates, the others then find the schema current. Kysely's Migrator locks
 * too, but only around applying migrations (its bookkeeping tables are created before, racing) and
 * with a timeout of its choosing; this lock makes "migrate once" ours and waits as long as it takes.
 * SQLite serves a single node: its one `beian serve` migrates before it listens.
 */
export async function migrateToLatest(database: Database): Promise<void> {
  if (database.dialect !== 'postgres') return runMigrator(database);
  await database.kysely.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_CLASS}, 0)`.execute(connection);
    try {
      await runMigrator(database);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_CLASS}, 0)`.execute(connection);
    }
  });
}

async function runMigrator(database: Database): Promise<void> {
  const migrator = new Migrator({ db: database.kysely, provider: migrationProvider(database.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    const detail = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`database migration ${failed ?? ''} failed: ${detail}`, { cause: error });
  }
}

/**
 * 就绪 — whether the database answers and its schema is the one this code needs (no migration
 * pending): what /readyz reports. Cheap: `select 1` and one read of the migration table.
 */
export async function databaseReadiness(
  database: Database,
): Promise<{ reachable: true; pendingMigrations: string[] } | { reachable: false; error: string }> {
  try {
    await sql`select 1`.execute(database.kysely);
    const migrator = new Migrator({ db: database.kysely, provider: migrationProvider(database.dialect) });
    const migrations = await migrator.getMigrations();
    return {
      reachable: true,
      pendingMigrations: migrations.filter((m) => m.executedAt === undefined).map((m) => m.name),
    };
  } catch (error) {
    return { reachable: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** How long a SQLite connection waits for another process's write lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 30_000;

function openSqlite(path: string, busyTimeoutMs: number): Database {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers (web, CLI checks) run while an import writes; busy_timeout makes a second writer
  // wait instead of failing at once; foreign keys are off by default in SQLite and cascades need them.
  // 30 s, not 5: an import batch (1,000 lines) on a loaded 2-core machine was seen holding the write
  // lock past 5 s while `beian serve` and a second import waited (test/cli/serve-and-import.test.ts).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', destroy: () => kysely.destroy() };
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query afresh, and on better-sqlite3 preparing costs more than running a small
 * query (most of an import's time when measured). Reusing statements by SQL text is safe here: Kysely
 * runs one query at a time on its single SQLite connection.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(query: string) {
      // Kysely begins every transaction with a plain (deferred) `begin`. A deferred transaction that
      // reads and then writes fails with SQLITE_BUSY at once when another process (a CLI import beside
      // `beian serve`) committed in between: busy_timeout cannot help a read lock that must upgrade
      // (sqlite.org/rescode.html#busy_snapshot, lang_transaction.html). `begin immediate` takes the
      // write lock first and waits for it, so every transaction on the file queues instead of failing.
      const sqlText = query === 'begin' ? 'begin immediate' : query;
      let statement = cache.get(sqlText);
      if (statement) {
        cache.delete(sqlText);
      } else {
        statement = sqlite.prepare(sqlText);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      // Re-inserted on every use: Map order is then least recently used first.
      cache.set(sqlText, statement);
      return statement;
    },
  };
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    // bigint (count(*)) arrives as a string by default; counts here fit a JS number. Per pool, so the
    // process-wide pg defaults stay untouched for anyone else using pg.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8_OID
          ? Number
          : (pg.types.getTypeParser(oid, format) as (
              value: string,
            ) => unknown)) as typeof pg.types.getTypeParser,
    },
  });
  // pool.end() resolves before its sockets have closed; destroy() waits for them, so a caller that drops
  // the database next (tests) never races a closing connection.
  const open = new Set<pg.PoolClient>();
  pool.on('connect', (client) => {
    open.add(client);
    client.once('end', () => open.delete(client));
  });
  // An idle client's error (server restart, dropped database) must not crash the process: the pool
  // discards that client and the next query reports the problem to its caller.
  pool.on('error', () => undefined);
  const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: 'postgres',
    poolUse: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: POOL_SIZE,
    }),
    async destroy() {
      const closed = [...open].map(
        (client) => new Promise<void>((resolve) => client.once('end', () => resolve())),
      );
      await kysely.destroy();
      await Promise.all(closed);
    },
  };
}
