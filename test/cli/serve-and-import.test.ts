/**
 * One SQLite file, two processes (issue 14, Proof): `beian serve` answering uploads and removals while
 * `beian registry import` writes a large file into the same database. Both finish without
 * SQLITE_BUSY: WAL lets readers run beside the writer, and every transaction takes the write lock
 * up front (`begin immediate`, src/store/database.ts) and waits busy_timeout for it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../../src/accounts/index.ts';
import { createDocumentStore } from '../../src/documents/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { createApplication } from '../../src/workflow/index.ts';
import { pdf } from '../documents/samples.ts';
import { CREDENTIAL_KEY, createTestAccount } from '../support/app-fixture.ts';
import { LI_LEI, openWorld, S1, typeCheck } from '../workflow/workflow-fixture.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const IMPORTED_LINES = 30_000;
const FILED_WEBSITES = 3_000;

type Child = {
  process: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
};

/** Every process started, killed after the test so that a failed assertion leaves none running. */
const started: ChildProcessWithoutNullStreams[] = [];

function beian(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--lang', 'en'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  started.push(child);
  const run: Child = {
    process: child,
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return run;
}

describe('beian serve and two CLI imports on one SQLite file', () => {
  let root: string;
  let file: string;
  let env: NodeJS.ProcessEnv;
  let token: string;
  let applicationId: number;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'beian-serve-import-'));
    file = join(root, 'beian.db');
    env = { BEIAN_SECRET: CREDENTIAL_KEY, BEIAN_DOCUMENTS_DIR: join(root, 'documents'), LANG: 'C' };
    const world = await openWorld(() => openDatabase({ path: file }));
    const id = await createTestAccount(world.database, { login: LI_LEI.account, role: 'applicant' });
    token = (
      await createToken({
        db: world.database,
        credentialKey: CREDENTIAL_KEY,
        account: { id, login: LI_LEI.account, role: 'applicant' },
        input: { name: 'serve-and-import' },
        now: new Date(),
      })
    ).token;
    const deps = {
      ...world.deps(new Date()),
      documents: createDocumentStore({ dir: join(root, 'documents') }),
    };
    applicationId = (
      await createApplication({ ...deps, actor: LI_LEI, input: typeCheck(S1, 'demo-fresh.cn') })
    ).application.id;
    await world.database.destroy();
    const lines = Array.from({ length: IMPORTED_LINES }, (_, i) =>
      JSON.stringify({
        domain: `concurrent-${i}.cn`,
        registrar: '阿里云计算有限公司',
        registrarIanaId: 420,
        registeredAt: '2024-03-01T10:00:00+08:00',
        expiresAt: '2028-03-01T10:00:00+08:00',
      }),
    );
    writeFileSync(join(root, 'registrations.jsonl'), `${lines.join('\n')}\n`);
    // Websites of the demo's S5: each line reads the subject's rows before writing, the pattern a
    // deferred transaction cannot upgrade from once another process has written.
    const filings = Array.from({ length: FILED_WEBSITES }, (_, i) =>
      JSON.stringify({
        subjectNumber: '蜀ICP备2020012345号',
        province: '510000',
        subject: {
          name: '成都示例软件有限公司',
          type: 'enterprise',
          idType: 'uscc',
          idNumber: '91510100MA6C7D8E9H',
        },
        provider: 'other',
        account: null,
        websites: [{ number: `蜀ICP备2020012345号-${i + 2}`, domains: [`filed-${i}.cn`], provider: 'other' }],
      }),
    );
    writeFileSync(join(root, 'filings.jsonl'), `${filings.join('\n')}\n`);
  });
  after(() => {
    for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('both finish: every request answered 2xx, every line imported, no SQLITE_BUSY', async () => {
    const server = beian(['serve', '--port', '0', '--db', file], env);
    const url = await new Promise<string>((resolve, reject) => {
      server.process.stdout.on('data', () => {
        const found = /listening on (http:\/\/[^/ ]+)\//.exec(server.stdout)?.[1];
        if (found) resolve(found);
      });
      void server.exit.then((code) => reject(new Error(`serve exited (${code}): ${server.stderr}`)));
    });
    const headers = { authorization: `Bearer ${token}` };
    const importer = beian(['registry', 'import', join(root, 'registrations.jsonl'), '--db', file], env);
    const filer = beian(['filings', 'import', join(root, 'filings.jsonl'), '--db', file], env);
    let importing = true;
    void Promise.all([importer.exit, filer.exit]).then(() => (importing = false));

    // Upload and remove documents through the server for as long as the import runs: each is a write
    // transaction (the document row, its audit event) competing with the import's batches.
    const statuses: number[] = [];
    let duringImport = 0;
    for (let round = 0; importing || round < 3; round += 1) {
      const form = new FormData();
      form.set('kind', 'other');
      form.set(
        'file',
        new Blob([pdf(`concurrent ${round}`)], { type: 'application/pdf' }),
        `scan-${round}.pdf`,
      );
      const uploaded = await fetch(`${url}/api/v1/applications/${applicationId}/documents`, {
        method: 'POST',
        headers,
        body: form,
      });
      statuses.push(uploaded.status);
      const body = (await uploaded.json()) as { id?: number };
      const removed = await fetch(`${url}/api/v1/applications/${applicationId}/documents/${body.id}`, {
        method: 'DELETE',
        headers,
      });
      statuses.push(removed.status);
      await removed.arrayBuffer();
      if (importing) duringImport += 1;
    }
    assert.equal(await importer.exit, 0, importer.stderr);
    assert.match(importer.stdout, new RegExp(`Imported ${IMPORTED_LINES} lines, skipped 0`));
    assert.equal(await filer.exit, 0, filer.stderr);
    assert.match(filer.stdout, new RegExp(`Imported ${FILED_WEBSITES} lines, skipped 0`));
    assert.ok(duringImport >= 3, `${duringImport} upload/remove rounds ran while the import ran`);
    assert.deepEqual(
      statuses.filter((status) => status < 200 || status > 299),
      [],
      `${statuses.length} responses; server: ${server.stderr}`,
    );
    server.process.kill('SIGTERM');
    assert.equal(await server.exit, 0);
    assert.doesNotMatch(
      `${server.stderr}${importer.stderr}${filer.stderr}`,
      /SQLITE_BUSY|database is locked/i,
    );

    const database = await openDatabase({ path: file });
    try {
      const { count } = await database.kysely
        .selectFrom('domain_registration')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('domain', 'like', 'concurrent-%')
        .executeTakeFirstOrThrow();
      assert.equal(Number(count), IMPORTED_LINES);
    } finally {
      await database.destroy();
    }
  });
});
