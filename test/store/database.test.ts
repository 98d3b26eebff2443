import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';

describe('openDatabase (sqlite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-db-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the folder, sets the pragmas and migrates idempotently', async () => {
    const path = join(dir, 'nested', 'beian.db');
    const db = await openDatabase({ path });
    try {
      assert.equal(db.dialect, 'sqlite');
      assert.ok(existsSync(path));
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(db.kysely)).rows[0] as object)[0] as unknown;
      assert.equal(String(await pragma('journal_mode')).toLowerCase(), 'wal');
      assert.equal(await pragma('foreign_keys'), 1);
      assert.equal(await pragma('busy_timeout'), 30_000); // SQLITE_BUSY_TIMEOUT_MS
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
    const reopened = await openDatabase({ path });
    const tables = await reopened.kysely.introspection.getTables();
    const names = tables.map((table) => table.name);
    for (const table of ['domain_registration', 'filed_subject', 'filed_website', 'filed_website_domain']) {
      assert.ok(names.includes(table), `${table} survives a reopen`);
    }
    await reopened.destroy();
    // BEIAN_SQLITE_BUSY_TIMEOUT_MS reaches the connection.
    const short = await openDatabase({ path, busyTimeoutMs: 250 });
    try {
      const rows = (await sql.raw('pragma busy_timeout').execute(short.kysely)).rows;
      assert.equal(Object.values(rows[0] as object)[0], 250);
    } finally {
      await short.destroy();
    }
  });

  it('defaults to ./.beian/beian.db under the working directory', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const db = await openDatabase({});
      await db.destroy();
      assert.ok(existsSync(join(dir, '.beian', 'beian.db')));
    } finally {
      process.chdir(cwd);
    }
  });
});

for (const dialect of testDialects()) {
  describe(`migrations (${dialect.name})`, { skip: dialect.skip }, () => {
    it('create the schema once and are a no-op when current', async () => {
      const db = await dialect.open();
      try {
        assert.equal(db.dialect, dialect.name);
        await migrateToLatest(db);
        const columns = (await db.kysely.introspection.getTables()).find(
          (table) => table.name === 'filed_subject',
        )?.columns;
        const names = columns?.map((column) => column.name) ?? [];
        for (const column of [
          'account',
          'created_at',
          'id',
          'id_number',
          'id_type',
          'name',
          'provider',
          'province',
          'state',
          'subject_number',
          'type',
        ]) {
          assert.ok(names.includes(column), `filed_subject.${column}`);
        }
        // serial on PostgreSQL, the rowid alias `integer primary key` on SQLite: both assign ids.
        assert.equal(columns?.find((column) => column.name === 'id')?.isAutoIncrementing, true);
      } finally {
        await db.destroy();
      }
    });

    it('cascades deletes from a subject to its websites and domains', async () => {
      const db = await dialect.open();
      try {
        const { id } = await db.kysely
          .insertInto('filed_subject')
          .values({
            province: '110000',
            name: 'n',
            type: null,
            id_type: 'uscc',
            id_number: 'X',
            provider: 'other',
            account: null,
            state: 'filed',
            subject_number: null,
            created_at: 'now',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const website = await db.kysely
          .insertInto('filed_website')
          .values({ subject_id: id, number: null, providers: 'other' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db.kysely
          .insertInto('filed_website_domain')
          .values({ website_id: website.id, domain: 'a.cn', position: 0 })
          .execute();
        await db.kysely.deleteFrom('filed_subject').where('id', '=', id).execute();
        const left = await db.kysely
          .selectFrom('filed_website_domain')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(left.n, 0);
      } finally {
        await db.destroy();
      }
    });
  });
}
