/**
 * `beian backup` / `beian restore` (issue 14): a backup taken while another process keeps writing
 * (registrations imported, documents uploaded and removed) restores into a fresh installation with
 * every table's rows as they were at one instant and every document's bytes under its hash.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { createDocumentStore } from '../../src/documents/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { createApplication, uploadDocument } from '../../src/workflow/index.ts';
import { pdf } from '../documents/samples.ts';
import { LI_LEI, openWorld, S1, typeCheck } from '../workflow/workflow-fixture.ts';
import { runCli } from './run-cli.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

type Row = Record<string, unknown>;

/** Every table's rows by primary key (the whole row for a table without one), from the file. */
function readTables(file: string): Map<string, Map<string, Row>> {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare(
        `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
      )
      .pluck()
      .all() as string[];
    const result = new Map<string, Map<string, Row>>();
    for (const table of tables) {
      const pk = (db.pragma(`table_info("${table}")`) as { name: string; pk: number }[])
        .filter((column) => column.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((column) => column.name);
      const rows = new Map<string, Row>();
      for (const row of db.prepare(`select * from "${table}"`).all() as Row[]) {
        rows.set(JSON.stringify(pk.length > 0 ? pk.map((column) => row[column]) : row), row);
      }
      result.set(table, rows);
    }
    return result;
  } finally {
    db.close();
  }
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir` (a document store's `ab/cd/<hash>` files), path → bytes. */
function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name, readFileSync(path));
  }
  return files;
}

/**
 * Columns a row may gain after the snapshot without being a different row: the writer only removes
 * documents (sets removed_at) and touches its application's updated_at; everything else it inserts.
 */
const CHANGED_LATER: Readonly<Record<string, readonly string[]>> = {
  application_document: ['removed_at'],
  application: ['updated_at', 'last_activity_at'],
};

const without = (row: Row, columns: readonly string[]): Row =>
  Object.fromEntries(Object.entries(row).filter(([column]) => !columns.includes(column)));

describe('beian backup and restore (SQLite)', () => {
  let root: string;
  let live: string;
  let liveDocuments: string;
  let backupDir: string;
  let acksBeforeBackup = 0;
  let backupRun: { code: number; stdout: string; stderr: string };

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'beian-backup-'));
    live = join(root, 'live', 'beian.db');
    liveDocuments = join(root, 'live', 'documents');
    backupDir = join(root, 'backup');
    // The demo world with one draft application holding two documents, written through the use cases.
    const world = await openWorld(() => openDatabase({ path: live }));
    const documents = createDocumentStore({ dir: liveDocuments });
    const deps = { ...world.deps(), documents, actor: LI_LEI };
    const { application } = await createApplication({ ...deps, input: typeCheck(S1, 'demo-fresh.cn') });
    for (const name of ['setup-a', 'setup-b']) {
      await uploadDocument({
        ...deps,
        applicationId: application.id,
        input: { kind: 'other', fileName: `${name}.pdf`, bytes: pdf(name) },
      });
    }
    await world.database.destroy();

    const writer = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/cli/backup-writer.ts', live, liveDocuments, String(application.id)],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stderr = '';
    writer.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    stopWriter = () => writer.kill('SIGKILL');
    const exited = new Promise<number | null>((resolve) => writer.once('exit', (code) => resolve(code)));
    const acks: { round: number; at: number }[] = [];
    let waiting: { until: (ack: { round: number; at: number }) => boolean; resolve: () => void } | null =
      null;
    createInterface({ input: writer.stdout }).on('line', (line) => {
      const [word, round, at] = line.split(' ');
      if (word !== 'ack') return;
      const ack = { round: Number(round), at: Number(at) };
      acks.push(ack);
      if (waiting?.until(ack)) {
        waiting.resolve();
        waiting = null;
      }
    });
    const ackWhere = (until: (ack: { round: number; at: number }) => boolean) =>
      Promise.race([
        acks.some(until) ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { until, resolve })),
        exited.then((code) => {
          throw new Error(`writer exited (${code}) early: ${stderr}`);
        }),
      ]);

    // Several rounds committed before the backup starts, and the writer still going after it ends:
    // the backup ran while the other process wrote.
    await ackWhere((ack) => ack.round >= 5);
    acksBeforeBackup = acks.length;
    const startedAt = Date.now();
    backupRun = await runCli(['backup', '--output', backupDir, '--db', live, '--lang', 'en'], {
      LANG: 'C',
      BEIAN_DOCUMENTS_DIR: liveDocuments,
    });
    const endedAt = Date.now();
    await ackWhere((ack) => ack.at > endedAt);
    assert.ok(acks.some((ack) => ack.at < startedAt));
    writer.stdin.end();
    assert.equal(await exited, 0, stderr);
  });
  let stopWriter = (): void => undefined;
  after(() => {
    // A failed assertion in `before` must not leave the writer running.
    stopWriter();
    rmSync(root, { recursive: true, force: true });
  });

  it('backs up while another process writes', () => {
    assert.equal(backupRun.code, 0, backupRun.stderr);
    assert.match(
      backupRun.stdout,
      /^Backup written to .+: database with \d+ rows in \d+ tables, \d+ documents/,
    );
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as {
      database: { sha256: string; tables: Record<string, number> };
    };
    assert.equal(manifest.database.sha256, sha256(readFileSync(join(backupDir, 'beian.db'))));
    assert.equal(
      statSync(join(backupDir, 'beian.db')).mode & 0o077,
      0,
      'the snapshot is readable by its owner only',
    );
  });

  it('restores into a fresh database: every row as the live one, every document under its hash', async () => {
    const fresh = join(root, 'fresh', 'beian.db');
    const freshDocuments = join(root, 'fresh', 'documents');
    const run = await runCli(['restore', backupDir, '--db', fresh, '--lang', 'en'], {
      LANG: 'C',
      BEIAN_DOCUMENTS_DIR: freshDocuments,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Restored /);

    const restored = readTables(fresh);
    const current = readTables(live);
    assert.deepEqual([...restored.keys()], [...current.keys()]);
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as {
      database: { tables: Record<string, number> };
    };
    for (const [table, rows] of restored) {
      if (table.startsWith('kysely_')) continue;
      assert.equal(rows.size, manifest.database.tables[table], `${table}: rows as the manifest counted`);
      const later = CHANGED_LATER[table] ?? [];
      for (const [key, row] of rows) {
        const now = current.get(table)?.get(key);
        assert.ok(now, `${table} ${key}: in the backup, never in the live database`);
        assert.deepEqual(without(row, later), without(now, later), `${table} ${key}`);
        // A row only gains these later: what the backup holds was true at the snapshot.
        for (const column of later) {
          if (row[column] !== null && column === 'removed_at') assert.equal(row[column], now[column]);
        }
      }
    }
    // Every round the writer acknowledged before the backup began is there, whole.
    const registrations = [...(restored.get('domain_registration')?.values() ?? [])].map((row) => row.domain);
    for (let round = 1; round <= acksBeforeBackup; round += 1) {
      for (let i = 0; i < 20; i += 1) assert.ok(registrations.includes(`backup-${round}-${i}.cn`));
    }
    // The writer went on after the snapshot: the live database has rows the backup does not.
    assert.ok(
      (current.get('domain_registration')?.size ?? 0) > (restored.get('domain_registration')?.size ?? 0),
    );

    // Every document a restored row needs is in the restored store, and every file is its hash.
    const files = filesUnder(freshDocuments);
    const byHash = new Map([...files].map(([path, bytes]) => [path.split('/').pop() ?? '', bytes]));
    for (const [path, bytes] of files) assert.equal(sha256(bytes), path.split('/').pop(), path);
    const needed = [...(restored.get('application_document')?.values() ?? [])].filter(
      (row) => row.removed_at === null,
    );
    assert.ok(needed.length >= 5, `${needed.length} live documents restored`);
    for (const row of needed) {
      const bytes = byHash.get(row.sha256 as string);
      assert.ok(bytes, `document ${String(row.id)}: file ${String(row.sha256)} restored`);
      assert.equal(bytes.byteLength, row.size_bytes);
    }

    // The restored installation works: the application's documents read back through the store.
    const store = createDocumentStore({ dir: freshDocuments });
    for (const row of needed) assert.ok(await store.read(row.sha256 as string));
  });

  it('refuses to restore over a database with data unless --force', async () => {
    const target = join(root, 'fresh', 'beian.db');
    const env = { LANG: 'C', BEIAN_DOCUMENTS_DIR: join(root, 'fresh', 'documents') };
    const refused = await runCli(['restore', backupDir, '--db', target, '--lang', 'en'], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /already holds data; restoring replaces it: add --force/);
    const forced = await runCli(['restore', backupDir, '--db', target, '--force', '--lang', 'en'], env);
    assert.equal(forced.code, 0, forced.stderr);
  });

  it('refuses a backup whose document no longer matches its hash, before writing anything', async () => {
    const damaged = join(root, 'damaged');
    const copied = await runCli(['backup', '--output', damaged, '--db', live, '--lang', 'en'], {
      LANG: 'C',
      BEIAN_DOCUMENTS_DIR: liveDocuments,
    });
    assert.equal(copied.code, 0, copied.stderr);
    const [path] = [...filesUnder(join(damaged, 'documents')).keys()];
    assert.ok(path);
    const file = join(damaged, 'documents', path);
    const bytes = readFileSync(file);
    writeFileSync(file, Buffer.concat([bytes, Buffer.from('%')]));
    const target = join(root, 'other', 'beian.db');
    const run = await runCli(['restore', damaged, '--db', target, '--lang', 'en'], {
      LANG: 'C',
      BEIAN_DOCUMENTS_DIR: join(root, 'other', 'documents'),
    });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      new RegExp(`document ${path.split('/').pop()} of the backup is missing or damaged`),
    );
    assert.equal(existsSync(target), false);
  });

  it('names pg_dump and refuses on PostgreSQL, and refuses a non-empty output directory', async () => {
    const pg = await runCli(['backup', '--output', join(root, 'pg'), '--lang', 'en'], {
      LANG: 'C',
      DATABASE_URL: 'postgres://backup@127.0.0.1:1/none',
    });
    assert.equal(pg.code, 2);
    assert.match(pg.stderr, /on PostgreSQL use pg_dump/);
    const again = await runCli(['backup', '--output', backupDir, '--db', live, '--lang', 'en'], {
      LANG: 'C',
      BEIAN_DOCUMENTS_DIR: liveDocuments,
    });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /is not empty; a backup goes into a new directory/);
  });
});
