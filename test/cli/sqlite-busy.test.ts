/**
 * A CLI command that cannot get the SQLite write lock within BEIAN_SQLITE_BUSY_TIMEOUT_MS stops with
 * exit 75 (EX_TEMPFAIL) and says what happened, not "internal error"; nothing of the batch is written,
 * and the same command run again once the lock is free imports everything.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../../src/store/index.ts';
import { runCli } from './run-cli.ts';

describe('a SQLite file locked by another process (beian registry import)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-busy-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 75 with a message in each language, writes nothing, and succeeds once the lock is free', async () => {
    const file = join(dir, 'beian.db');
    await (await openDatabase({ path: file })).destroy(); // migrated, so the import's first write is its batch
    const input = join(dir, 'registrations.jsonl');
    const line = (i: number) =>
      JSON.stringify({
        domain: `busy-${i}.cn`,
        registrar: '阿里云计算有限公司',
        registrarIanaId: 420,
        registeredAt: '2024-03-01T10:00:00+08:00',
        expiresAt: '2028-03-01T10:00:00+08:00',
      });
    writeFileSync(input, `${[1, 2, 3].map(line).join('\n')}\n`);
    const env = { LANG: 'C', BEIAN_SQLITE_BUSY_TIMEOUT_MS: '200' };

    const holder = new SQLite(file);
    const count = () =>
      (holder.prepare('select count(*) as n from domain_registration').get() as { n: number }).n;
    try {
      holder.exec('begin immediate'); // another process's import batch, holding the write lock
      const en = await runCli(['registry', 'import', input, '--db', file, '--lang', 'en'], env);
      assert.equal(en.code, 75, en.stderr);
      assert.match(en.stderr, /the database file is busy: another process held its write lock/);
      assert.doesNotMatch(en.stderr, /internal error|SqliteError/);
      const zh = await runCli(['registry', 'import', input, '--db', file, '--lang', 'zh'], env);
      assert.equal(zh.code, 75);
      assert.match(zh.stderr, /数据库文件正忙/);
      holder.exec('commit');
      assert.equal(count(), 0, 'nothing of the refused batch was written');

      const again = await runCli(['registry', 'import', input, '--db', file, '--lang', 'en'], env);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(count(), 3);
    } finally {
      holder.close();
    }
  });
});
