/** `beian documents gc`: removes stored files no row references, after the grace period (issue 12). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createDocumentStore } from '../../src/documents/index.ts';
import { pdf } from '../documents/samples.ts';
import { runCli } from './run-cli.ts';

describe('beian documents gc', () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-documents-gc-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { LANG: 'C', BEIAN_DOCUMENTS_DIR: join(dir, 'documents') };
  const db = ['--db', join(dir, 'beian.db')];

  it('keeps young orphans, removes them once the grace period is over, and reports in JSON', async () => {
    const store = createDocumentStore({ dir: env.BEIAN_DOCUMENTS_DIR });
    const orphan = await store.put(pdf('cli orphan'));
    const young = await runCli(['documents', 'gc', '--json', ...db], env);
    assert.equal(young.code, 0, young.stderr);
    assert.equal(JSON.parse(young.stdout).removedFiles, 0);
    const dry = await runCli(['documents', 'gc', '--grace-hours', '0', '--dry-run', ...db], env);
    assert.match(dry.stdout, /1 unreferenced files would be removed/);
    assert.equal(await store.has(orphan.sha256), true);
    const done = await runCli(['documents', 'gc', '--grace-hours', '0', '--json', ...db], env);
    assert.deepEqual(JSON.parse(done.stdout), {
      dir: store.dir,
      dryRun: false,
      scannedFiles: 1,
      removedFiles: 1,
      removedBytes: orphan.size,
      restoredFiles: 0,
    });
    assert.equal(await store.has(orphan.sha256), false);
  });

  it('names the option or the subcommand it cannot read', async () => {
    const bad = await runCli(['documents', 'gc', '--grace-hours', 'soon', ...db], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--grace-hours/);
    const unknown = await runCli(['documents', 'purge', ...db], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /usage: beian documents gc/);
  });
});
