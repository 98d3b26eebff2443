/**
 * `beian backup --output DIR` and `beian restore DIR [--force]`: the SQLite database and the document
 * store, taken while `beian serve` keeps running, restored into a fresh installation.
 *
 * A backup is a directory, not an archive: `beian.db` (a snapshot through SQLite's online backup
 * API), `documents/` (the document store's own layout, `ab/cd/<sha256>`, so the folder is itself a
 * valid store) and `manifest.json` (the database file's SHA-256, its tables' row counts, and every
 * document's hash and size), written last, so a backup without a manifest is an unfinished one. The
 * documents are scans and PDFs, compressed already: an archive would save little, while a directory
 * of content-addressed files lets rsync, restic or borg send only the new files each night, and each
 * file can be checked on its own. `tar` makes one file of it when one file is wanted.
 *
 * PostgreSQL has its own tools (pg_dump / pg_restore, docs/DEPLOYMENT.md); both commands say so.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import {
  copyDocument,
  createDocumentStore,
  referencedDocumentHashes,
  storedDocumentHashes,
} from '../documents/index.ts';
import {
  backupSqliteFile,
  openDatabase,
  restoreSqliteFile,
  sqliteFileHasData,
  sqliteFileOf,
  tableRowCounts,
} from '../store/index.ts';
import { InputFileError } from './bulk-io.ts';
import type { CliEnv } from './cli-env.ts';
import { UsageError } from './cli-env.ts';

export const BACKUP_OPTIONS = { output: { type: 'string' }, force: { type: 'boolean' } } as const;

const MANIFEST = 'manifest.json';
const DATABASE_FILE = 'beian.db';
const DOCUMENTS_DIR = 'documents';
const FORMAT = 'beian-backup';

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  database: z.object({
    file: z.literal(DATABASE_FILE),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().nonnegative(),
    tables: z.record(z.string(), z.number().int().nonnegative()),
  }),
  documents: z.array(
    z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() }),
  ),
});

/** 备份清单 — what a backup holds, written last and checked before anything is restored. */
export type BackupManifest = z.infer<typeof manifestSchema>;

/** A copy into a store must take any file the source accepted once, whatever today's size limit. */
const ANY_SIZE = Number.MAX_SAFE_INTEGER;

/** The SQLite file the command works on; PostgreSQL is refused with where to look instead. */
function sqliteFile(values: Record<string, unknown>, env: CliEnv, verb: string): string {
  // The rule of createCliEnv: --db wins, else DATABASE_URL selects PostgreSQL, else the default file.
  const db = values.db as string | undefined;
  const file = sqliteFileOf(db !== undefined ? { path: db } : { url: env.config.DATABASE_URL });
  if (file === null) {
    const tool = verb === 'backup' ? 'pg_dump' : 'pg_restore';
    throw new UsageError({
      zh: `beian ${verb} 只用于 SQLite 数据库；PostgreSQL 请用 ${tool}，材料目录另行复制（见 docs/DEPLOYMENT.md「备份与恢复」）`,
      en: `beian ${verb} is for the SQLite database; on PostgreSQL use ${tool} and copy the document store (docs/DEPLOYMENT.md, "Backups and restore")`,
    });
  }
  return file;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

const mib = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/**
 * `beian backup --output DIR`. Order matters because the server keeps writing: document files are
 * written before the rows that name them and removed after, so (1) every stored file is copied, then
 * (2) the database is snapshotted, then (3) the files its rows name that arrived after step 1 are
 * copied. A file a snapshot row names existed throughout step 1 unless its row is younger than step
 * 1; only such a file, removed again within seconds, can be missing, and then the backup fails
 * (exit 1) rather than keep a row without its file.
 */
export async function runBackup(
  env: CliEnv,
  values: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  const output = values.output as string | undefined;
  if (output === undefined || output === '' || positionals.length > 0) {
    throw new UsageError({ zh: '用法：beian backup --output 目录', en: 'usage: beian backup --output DIR' });
  }
  const source = sqliteFile(values, env, 'backup');
  const out = resolve(output);
  if (!(await isEmptyOrMissing(out))) {
    throw new UsageError({
      zh: `--output 目录 ${out} 不是空目录；备份须写入新的目录`,
      en: `--output directory ${out} is not empty; a backup goes into a new directory`,
    });
  }
  try {
    if (!(await stat(source)).isFile()) throw new Error('not a file');
  } catch {
    throw new InputFileError({ zh: `没有数据库文件：${source}`, en: `no database file at ${source}` });
  }
  await mkdir(out, { recursive: true, mode: 0o700 });
  const live = createDocumentStore({ dir: env.config.BEIAN_DOCUMENTS_DIR });
  const copy = createDocumentStore({ dir: join(out, DOCUMENTS_DIR), maxBytes: ANY_SIZE });

  const copied = new Set<string>();
  for (const sha256 of await storedDocumentHashes(live)) {
    if (await copyDocument(live, copy, sha256)) copied.add(sha256);
  }

  const snapshotFile = join(out, DATABASE_FILE);
  await backupSqliteFile(source, snapshotFile);
  const snapshot = await openDatabase({ path: snapshotFile });
  let referenced: Set<string>;
  let tables: Record<string, number>;
  try {
    referenced = await referencedDocumentHashes(snapshot.kysely);
    tables = await tableRowCounts(snapshot);
  } finally {
    await snapshot.destroy();
  }

  const missing: string[] = [];
  for (const sha256 of referenced) {
    if (copied.has(sha256)) continue;
    if (await copyDocument(live, copy, sha256)) copied.add(sha256);
    else missing.push(sha256);
  }
  if (missing.length > 0) {
    env.stderr.write(
      env.lang === 'zh'
        ? `beian: 备份未完成：${missing.length} 个材料文件在备份过程中被删除（例如 ${missing[0]}），请重新运行 beian backup\n`
        : `beian: backup incomplete: ${missing.length} document files were removed while the backup ran (e.g. ${missing[0]}); run beian backup again\n`,
    );
    return 1;
  }

  const documents: BackupManifest['documents'] = [];
  for (const sha256 of [...copied].sort()) {
    const bytes = await copy.read(sha256);
    if (bytes === null) throw new Error(`backup: ${sha256} vanished from ${copy.dir}`);
    documents.push({ sha256, bytes: bytes.byteLength });
  }
  const manifest: BackupManifest = {
    format: FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    database: {
      file: DATABASE_FILE,
      sha256: await fileSha256(snapshotFile),
      bytes: (await stat(snapshotFile)).size,
      tables,
    },
    documents,
  };
  const temp = join(out, `.${MANIFEST}.tmp`);
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, join(out, MANIFEST));

  const rows = Object.values(tables).reduce((sum, n) => sum + n, 0);
  const docBytes = documents.reduce((sum, d) => sum + d.bytes, 0);
  env.stdout.write(
    env.lang === 'zh'
      ? `已备份到 ${out}：数据库 ${Object.keys(tables).length} 张表共 ${rows} 行，材料 ${documents.length} 个（${mib(docBytes)} MiB）\n`
      : `Backup written to ${out}: database with ${rows} rows in ${Object.keys(tables).length} tables, ${documents.length} documents (${mib(docBytes)} MiB)\n`,
  );
  return 0;
}

/** Reads and checks a backup's manifest; an input-file error names what is wrong. */
async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch {
    throw new InputFileError({
      zh: `${dir} 不是完整的备份（没有 ${MANIFEST}）`,
      en: `${dir} is not a complete backup (no ${MANIFEST})`,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = null;
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || '(root)';
    throw new InputFileError({
      zh: `${join(dir, MANIFEST)} 格式不对（${field}）`,
      en: `${join(dir, MANIFEST)} is not a beian backup manifest (${field})`,
    });
  }
  return parsed.data;
}

/**
 * `beian restore DIR [--force]`: checks the whole backup first (the database file's hash and
 * integrity, every document against its hash), then writes the database through the backup API,
 * migrates it to this version's schema, and puts the documents into the store. A database with rows,
 * or a store with files, is replaced only with --force: a restore into the wrong place must not
 * silently overwrite a live system. Stop `beian serve` before restoring over its database.
 */
export async function runRestore(
  env: CliEnv,
  values: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  const [input, ...extra] = positionals;
  if (input === undefined || extra.length > 0) {
    throw new UsageError({
      zh: '用法：beian restore 备份目录 [--force]',
      en: 'usage: beian restore BACKUP_DIR [--force]',
    });
  }
  const target = sqliteFile(values, env, 'restore');
  const dir = resolve(input);
  const manifest = await readManifest(dir);
  const backupFile = join(dir, manifest.database.file);
  const backupHash = await fileSha256(backupFile).catch(() => null);
  if (backupHash !== manifest.database.sha256) {
    throw new InputFileError({
      zh: `${backupFile} 与备份清单不符（缺失或已损坏）`,
      en: `${backupFile} does not match the manifest (missing or damaged)`,
    });
  }
  const backupStore = createDocumentStore({ dir: join(dir, DOCUMENTS_DIR), maxBytes: ANY_SIZE });
  for (const document of manifest.documents) {
    const bytes = await backupStore.read(document.sha256).catch(() => null);
    if (bytes === null || bytes.byteLength !== document.bytes) {
      throw new InputFileError({
        zh: `备份中的材料 ${document.sha256} 缺失或已损坏`,
        en: `document ${document.sha256} of the backup is missing or damaged`,
      });
    }
  }

  const store = createDocumentStore({ dir: env.config.BEIAN_DOCUMENTS_DIR, maxBytes: ANY_SIZE });
  if (values.force !== true) {
    const occupied = sqliteFileHasData(target)
      ? target
      : (await storedDocumentHashes(store)).length > 0
        ? store.dir
        : null;
    if (occupied !== null) {
      throw new UsageError({
        zh: `${occupied} 已有数据；恢复会覆盖它，确认请加 --force（先停止 beian serve）`,
        en: `${occupied} already holds data; restoring replaces it: add --force to confirm (stop beian serve first)`,
      });
    }
  }

  await mkdir(dirname(target), { recursive: true });
  try {
    await restoreSqliteFile(backupFile, target);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputFileError({
      zh: `无法恢复 ${backupFile}：${message}`,
      en: `cannot restore ${backupFile}: ${message}`,
    });
  }
  // Through the command's own database: a backup of an earlier version is migrated forward here.
  const database = await env.database();
  const tables = await tableRowCounts(database);
  for (const document of manifest.documents) {
    if (!(await copyDocument(backupStore, store, document.sha256))) {
      throw new Error(`restore: ${document.sha256} vanished from ${backupStore.dir}`);
    }
  }
  const rows = Object.values(tables).reduce((sum, n) => sum + n, 0);
  env.stdout.write(
    env.lang === 'zh'
      ? `已从 ${dir}（${manifest.createdAt}）恢复到 ${target}：${rows} 行，材料 ${manifest.documents.length} 个放入 ${store.dir}\n`
      : `Restored ${dir} (${manifest.createdAt}) into ${target}: ${rows} rows, ${manifest.documents.length} documents into ${store.dir}\n`,
  );
  return 0;
}
