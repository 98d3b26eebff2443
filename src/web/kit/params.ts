/**
 * Numbers in URLs: record ids in the path (`/applications/:id`) and in queries, and the page number of a
 * list (`?page=`). A value that is no such number names nothing: a 404 page for an id, the first page
 * for a page number; never a crash, never a query with it.
 */
import type { Localized } from './i18n.ts';
import { NotFound } from './refusal.ts';

/**
 * The largest id a row can have: id columns are `serial` on PostgreSQL, a 4-byte integer
 * (https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL). A larger number would
 * make PostgreSQL refuse the query rather than find no row.
 */
export const MAX_ID = 2_147_483_647;
const ID = /^[1-9]\d{0,9}$/;

/** Page numbers of more than five digits are the first page again (lists read at most a few hundred pages). */
const PAGE = /^[1-9]\d{0,4}$/;

/** `raw` as a row id (1 … MAX_ID, decimal digits without a leading zero), or null. */
export function parseId(raw: string | undefined): number | null {
  if (raw === undefined || !ID.test(raw)) return null;
  const id = Number(raw);
  return id <= MAX_ID ? id : null;
}

/** The path parameter `name` as a row id; anything else is the 404 page with `notFound` as its message. */
export function idParam(
  p: { readonly params: Readonly<Record<string, string>> },
  notFound: Localized,
  name = 'id',
): number {
  const id = parseId(p.params[name]);
  if (id === null) throw new NotFound(notFound);
  return id;
}

/** `?page=` as a page number from 1; a missing or malformed one is the first page. */
export function pageParam(p: { readonly query: Readonly<Record<string, string>> }): number {
  const raw = p.query.page ?? '';
  return PAGE.test(raw) ? Number(raw) : 1;
}
