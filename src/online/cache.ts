/**
 * 在线查询缓存 — online_fact_cache (migration 0009): one row per source and domain, read in batches and
 * replaced by batched upserts. A cache row is a copy of public data, not a change anyone acts on, so it
 * carries no audit event; each write is one statement, so a row is never half-written.
 */
import type { Database } from '../store/index.ts';
import { chunked } from '../store/index.ts';
import type { OnlineRecord, OnlineSourceName } from './types.ts';

type NewCacheRow = {
  source: string;
  domain: string;
  server: string | null;
  outcome: string;
  body: string;
  fetched_at: string;
  expires_at: string;
};

export type OnlineCache = {
  /** Unexpired records per domain for the given source; expired and unreadable rows are misses. */
  read(source: OnlineSourceName, domains: readonly string[], now: Date): Promise<Map<string, OnlineRecord>>;
  /** Upserts the records, a few hundred per statement; a later entry for the same key wins. */
  write(entries: readonly { record: OnlineRecord; expiresAt: Date }[]): Promise<void>;
};

/** Rows per upsert: 7 parameters each stays far below both databases' limits. */
const WRITE_CHUNK = 200;

export function createOnlineCache(database: Database): OnlineCache {
  const db = database.kysely;
  return {
    async read(source, domains, now) {
      const result = new Map<string, OnlineRecord>();
      const nowIso = now.toISOString();
      for (const chunk of chunked([...new Set(domains)])) {
        const rows = await db
          .selectFrom('online_fact_cache')
          .select(['domain', 'body', 'expires_at'])
          .where('source', '=', source)
          .where('domain', 'in', chunk)
          .execute();
        for (const row of rows) {
          // Written by write() below as toISOString(), so text order is time order.
          if (row.expires_at <= nowIso) continue;
          const record = readBody(row.body);
          if (record && record.source === source && record.domain === row.domain)
            result.set(row.domain, record);
        }
      }
      return result;
    },
    async write(entries) {
      // One row per key: PostgreSQL refuses an upsert that touches the same row twice.
      const rows = new Map<string, NewCacheRow>();
      for (const { record, expiresAt } of entries) {
        rows.set(`${record.source} ${record.domain}`, {
          source: record.source,
          domain: record.domain,
          server: record.server,
          outcome: record.outcome,
          body: JSON.stringify(record),
          fetched_at: record.observedAt,
          expires_at: expiresAt.toISOString(),
        });
      }
      for (const chunk of chunked([...rows.values()], WRITE_CHUNK)) {
        await db
          .insertInto('online_fact_cache')
          .values(chunk)
          .onConflict((conflict) =>
            conflict.columns(['source', 'domain']).doUpdateSet((update) => ({
              server: update.ref('excluded.server'),
              outcome: update.ref('excluded.outcome'),
              body: update.ref('excluded.body'),
              fetched_at: update.ref('excluded.fetched_at'),
              expires_at: update.ref('excluded.expires_at'),
            })),
          )
          .execute();
      }
    },
  };
}

function readBody(body: string): OnlineRecord | null {
  try {
    const value = JSON.parse(body) as Partial<OnlineRecord> | null;
    if (!value || typeof value !== 'object' || typeof value.outcome !== 'string') return null;
    if (!Array.isArray(value.statuses)) return null;
    return value as OnlineRecord;
  } catch {
    return null;
  }
}
