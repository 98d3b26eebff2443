/**
 * 预编译查询 — a query over a list of keys (`where … in (…)`), built and compiled by Kysely once per
 * dialect and list length and then run with the keys of each call. Building and compiling a select
 * costs more than running it on SQLite (measured for `npm run bench:http`: ~20 µs of the ~30 µs
 * a facts query took, and a precheck makes seven), and the SQL text only depends on the shape.
 * The SQL and the parameters are exactly what Kysely would produce for the same call: the keys are
 * put where Kysely put the placeholders it was compiled with (test/store/list-query.test.ts).
 */
import type { Compilable, Kysely } from 'kysely';
import { CompiledQuery } from 'kysely';
import type { Schema } from './schema.ts';

/** Stands for the i-th key while the query is compiled: Kysely passes it through as a parameter. */
class KeySlot {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
}

type Shape = { sql: string; parameters: readonly unknown[] };

export type ListQuery<K, R> = (db: Kysely<Schema>, keys: readonly K[]) => Promise<R[]>;

/**
 * `build(db, keys)` must use `keys` only as the values of one `in` list (or several), never to choose
 * the query's shape, and only constants besides; the result is a function running it for any keys.
 */
export function listQuery<K, R>(
  build: (db: Kysely<Schema>, keys: readonly K[]) => Compilable<R>,
): ListQuery<K, R> {
  // By the dialect's adapter: a transaction shares it with its database, and the SQL depends on it alone.
  const shapes = new WeakMap<object, Map<number, Shape>>();
  return async (db, keys) => {
    const adapter = db.getExecutor().adapter;
    let byLength = shapes.get(adapter);
    if (!byLength) shapes.set(adapter, (byLength = new Map<number, Shape>()));
    let shape = byLength.get(keys.length);
    if (!shape) {
      const slots = keys.map((_, i) => new KeySlot(i)) as unknown as K[];
      const compiled = build(db, slots).compile();
      shape = { sql: compiled.sql, parameters: compiled.parameters };
      byLength.set(keys.length, shape);
    }
    const parameters = shape.parameters.map((value) =>
      value instanceof KeySlot ? keys[value.index] : value,
    );
    const result = await db.executeQuery<R>(CompiledQuery.raw(shape.sql, parameters));
    return result.rows;
  };
}
