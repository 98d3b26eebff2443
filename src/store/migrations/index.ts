/**
 * Schema migrations, run by Kysely's Migrator from code (kysely-ctl needs Node 22). One set for both
 * dialects; a migration receives the dialect only to pick the id column type. Names sort in run order:
 * append new ones, never edit or rename a shipped one.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../dialect.ts';
import * as facts from './0001-facts.ts';

type DialectMigration = {
  up: (db: Kysely<unknown>, dialect: DialectName) => Promise<void>;
  down?: (db: Kysely<unknown>, dialect: DialectName) => Promise<void>;
};

const MIGRATIONS: Record<string, DialectMigration> = {
  '0001-facts': facts,
};

export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    getMigrations(): Promise<Record<string, Migration>> {
      const bound: Record<string, Migration> = {};
      for (const [name, migration] of Object.entries(MIGRATIONS)) {
        bound[name] = {
          up: (db: Kysely<unknown>) => migration.up(db, dialect),
          down: (db: Kysely<unknown>) => migration.down?.(db, dialect) ?? Promise.resolve(),
        };
      }
      return Promise.resolve(bound);
    },
  };
}
