/**
 * Queries compiled once per key count (src/store/list-query.ts) run exactly the SQL and parameters
 * Kysely compiles for the same call, and answer as the query built afresh does: on both dialects,
 * for key counts met first and met again, with constants beside the keys and inside a transaction.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { listQuery } from '../../src/store/list-query.ts';
import type { Database, Schema } from '../../src/store/index.ts';
import { writeTransaction } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';

const NOW = '2026-11-28T04:00:00.000Z';

// A constant before the keys and one after, so a key put in a constant's place would show.
const build = (db: Kysely<Schema>, keys: readonly string[]) =>
  db
    .selectFrom('rate_limit_counter')
    .select(['name', 'key', 'count'])
    .where('name', '=', 'precheck')
    .where('key', 'in', keys)
    .where('count', '>', 0)
    .orderBy('key');

const compiledOnce = listQuery(build);

for (const dialect of testDialects()) {
  describe(`compiled list queries (${dialect.name})`, { skip: dialect.skip }, () => {
    let database: Database;
    before(async () => {
      database = await dialect.open();
      const rows = ['a', 'b', 'c', 'd'].flatMap((key, i) => [
        { name: 'precheck', key, window_start_ms: Date.parse(NOW), count: i + 1 },
        { name: 'login', key, window_start_ms: Date.parse(NOW), count: i + 1 },
      ]);
      await database.kysely.insertInto('rate_limit_counter').values(rows).execute();
    });
    after(() => database.destroy());

    it('answers as the query built afresh, whatever the keys and their number', async () => {
      const lists = [['b'], ['a', 'c'], ['d'], ['c', 'a'], ['a', 'b', 'x'], ['x'], ['d', 'c', 'b', 'a']];
      for (const keys of lists) {
        const fresh = await build(database.kysely, keys).execute();
        assert.deepEqual(await compiledOnce(database.kysely, keys), fresh, keys.join(','));
      }
      assert.deepEqual(
        (await compiledOnce(database.kysely, ['c', 'a'])).map((row) => row.key),
        ['a', 'c'],
      );
    });

    it('runs inside a transaction on its connection', async () => {
      const seen = await writeTransaction(database, async (tx) => {
        await tx
          .insertInto('rate_limit_counter')
          .values({ name: 'precheck', key: 'e', window_start_ms: Date.parse(NOW), count: 9 })
          .execute();
        return compiledOnce(tx, ['e', 'a']);
      });
      assert.deepEqual(
        seen.map((row) => [row.key, Number(row.count)]),
        [
          ['a', 1],
          ['e', 9],
        ],
      );
    });
  });
}
