/**
 * Status and kind columns carry their vocabularies (src/store/schema.ts): a misspelt value does not
 * compile (`npx tsc --noEmit` checks the `@ts-expect-error` lines below), and JSON columns read back
 * through `fromJson` as the value that was written, on both dialects.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/store/index.ts';
import { fromJson } from '../../src/store/json.ts';
import { testDialects } from '../support/databases.ts';

for (const dialect of testDialects()) {
  describe(`typed columns (${dialect.name})`, { skip: dialect.skip }, () => {
    let database: Database;
    before(async () => {
      database = await dialect.open();
    });
    after(() => database?.destroy());

    it('refuses misspelt statuses at compile time', async () => {
      const db = database.kysely;
      await db
        .selectFrom('application')
        .select('id')
        // @ts-expect-error 'provider-reviews' is not an ApplicationStatus
        .where('status', '=', 'provider-reviews')
        .execute();
      await db
        .selectFrom('registrar_domain')
        .select('domain')
        // @ts-expect-error 'transfered-out' is not a RegistrarDomainStatus
        .where('status', '=', 'transfered-out')
        .execute();
      const rows = await db.selectFrom('application').select('id').where('status', 'in', ['draft']).execute();
      assert.deepEqual(rows, []);
    });

    it('reads a JSON column back as the value written', async () => {
      const payload = { applicationId: 7, note: '短信' };
      const { id } = await database.kysely
        .insertInto('job')
        .values({
          kind: 'test',
          payload: JSON.stringify(payload),
          run_at: '2026-11-28T04:00:00.000Z',
          max_attempts: 1,
          created_at: '2026-11-28T04:00:00.000Z',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const row = await database.kysely
        .selectFrom('job')
        .select('payload')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(fromJson(row.payload), payload);
    });
  });
}
