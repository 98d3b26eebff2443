/** The two databases beian runs on, and the one place their DDL differs. */
import type { ColumnDataType } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** Auto-increment primary key: SQLite's `integer primary key` is the rowid alias; PostgreSQL needs serial. */
export function idColumnType(dialect: DialectName): ColumnDataType {
  return dialect === 'postgres' ? 'serial' : 'integer';
}
