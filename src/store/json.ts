/**
 * JSON columns. Both dialects store JSON as `text` (the migrations), so neither driver parses it: a read
 * comes back as `JsonText<T>`, the column's text carrying what it holds, and `fromJson` turns it into a
 * `T` without a cast at each reader. The text is what this program wrote with `JSON.stringify`, so it is
 * not validated again on the way back.
 */
import type { ColumnType } from 'kysely';

declare const holds: unique symbol;

/** JSON text of a `T`, as read from a JSON column. */
type JsonText<T> = string & { readonly [holds]?: T };

/** A JSON column: read as `JsonText<T>`, written as JSON text. */
export type JsonColumn<T> = ColumnType<JsonText<T>, string, string>;
/** A JSON column that may be null. */
export type NullableJsonColumn<T> = ColumnType<JsonText<T> | null, string | null, string | null>;

export function fromJson<T>(text: JsonText<T>): T {
  return JSON.parse(text) as T;
}
