/**
 * 材料存储 — uploaded files, content-addressed, behind the DocumentStore seam: on disk here (the
 * single-node default), in the database in database-store.ts (several instances on one PostgreSQL,
 * issue 14). On disk a file's path is `dir/ab/cd/<sha256>`, computed
 * from its SHA-256 and nothing else, so no name a user chose ever reaches the file system and identical
 * uploads are stored once. Rows in the database (application_document, real_name_submission) refer to
 * files by hash; a file no row refers to is harmless, which is why bytes are written before rows. A
 * file leaves when its last row does (src/documents/references.ts, the workflow's removal) or, left by
 * a crash, when the orphan collection finds it (orphans.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Localized } from '../filing/index.ts';
import { LocalizedError } from '../shared/index.ts';
import type { Schema } from '../store/index.ts';
import type { DetectRefusal, DocumentMediaType } from './detect.ts';
import { detectMediaType, refusalMessage } from './detect.ts';

/** 10 MiB: a 600 dpi A4 colour scan as JPEG is 2–5 MiB; larger is not a scan we need. */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Beside the default SQLite database (`.beian/beian.db`), under the working directory. */
export const DEFAULT_DOCUMENTS_DIR = '.beian/documents';
/**
 * 200 MiB per account: the 30 documents of a large application at a generous 5 MiB each, with room
 * for a second application. A delete/upload loop must not be able to fill the disk (issue 12).
 */
export const DEFAULT_MAX_ACCOUNT_BYTES = 200 * 1024 * 1024;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * 材料被拒 — why bytes are not stored: too large, empty, not PDF/JPEG/PNG, cut short, or beyond what
 * the account may store (`account-full`).
 */
export class DocumentRefusedError extends LocalizedError {
  readonly reason: DetectRefusal | 'too-large' | 'account-full';
  constructor(reason: DetectRefusal | 'too-large' | 'account-full', messages: Localized) {
    super(messages);
    this.reason = reason;
  }
}

export function tooLargeMessage(maxBytes: number): Localized {
  const limit = formatBytes(maxBytes);
  return {
    zh: `上传的文件（file）超过 ${limit} 的大小限制`,
    en: `The uploaded file (file) is larger than the limit of ${limit}`,
  };
}

/** The refusal of an upload that would take the account past its cap; says what frees room. */
export function accountFullMessage(storedBytes: number, maxBytes: number): Localized {
  const stored = formatMiB(storedBytes);
  const limit = formatBytes(maxBytes);
  return {
    zh: `上传的文件（file）超出账号的存储上限：每个账号最多存储 ${limit} 备案材料，您已存储 ${stored}。请先删除不再需要的材料。`,
    en: `The uploaded file (file) would exceed your account's storage limit: an account stores at most ${limit} of documents and yours holds ${stored}. Remove documents you no longer need first.`,
  };
}

/** `12.3 MiB`, or `4.0 KiB` below one MiB: how much is stored, to one decimal. */
const formatMiB = (bytes: number): string =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}

/** A file as stored: its hash (the address), size and detected type. */
export type StoredFile = { sha256: string; size: number; mediaType: DocumentMediaType };

/**
 * A file set aside by a removal whose transaction has not committed yet: `discard` after the commit,
 * `restore` when it rolled back. On disk the file is renamed beside itself, and a crash in between
 * leaves it for the orphan collection, which restores it if a row still references it; in the
 * database its row is deleted in the removal's transaction, so both are nothing more to do.
 */
export type SetAsideFile = { discard(): Promise<void>; restore(): Promise<void> };

/** One file found in the store, for the orphan collection. */
export type StoredEntry = {
  /** Where it is: a path under the directory, or `document_file:<sha256>` in the database. */
  path: string;
  /**
   * `file`: a stored file under its hash; `temp`: a write cut short; `set-aside`: removed by a
   * transaction that may not have committed; `other`: anything else (never touched).
   */
  kind: 'file' | 'temp' | 'set-aside' | 'other';
  /** The hash the file is (or was) stored under; null for temp and other files. */
  sha256: string | null;
  size: number;
  modifiedAt: Date;
};

/**
 * 材料存储 — put, read and test files by SHA-256. `tx` is the caller's transaction when it calls from
 * inside one (an upload's row, a removal, the orphan collection, all under the hash's lock): the
 * database store then writes in that transaction, so its rollback undoes the file change too (and on
 * SQLite, whose one connection the transaction holds, it could not write beside it); the directory
 * store, whose files no transaction covers, ignores it.
 */
export type DocumentStore = {
  /** Where the files are, for messages: a directory, or `database`. */
  readonly location: string;
  /** Largest file `put` accepts, in bytes. */
  readonly maxBytes: number;
  /** Most bytes of documents one account may store (distinct files of its live documents). */
  readonly maxAccountBytes: number;
  /**
   * Checks the bytes (size, magic bytes) and stores them; throws DocumentRefusedError for bad input.
   * Storing bytes already there marks the file as just written, so a collection running meanwhile
   * counts its grace period from now.
   */
  put(bytes: Uint8Array, tx?: Kysely<Schema>): Promise<StoredFile>;
  /** The bytes stored under `sha256`, or null; a file whose content no longer matches its hash throws. */
  read(sha256: string): Promise<Buffer | null>;
  has(sha256: string, tx?: Kysely<Schema>): Promise<boolean>;
  /**
   * Takes the file of `sha256` away for a removal in transaction `tx` (see SetAsideFile); null when
   * there is none.
   */
  setAside(sha256: string, tx: Kysely<Schema>): Promise<SetAsideFile | null>;
  /** Every file of the store, as the orphan collection needs to see them. */
  entries(): AsyncGenerator<StoredEntry>;
  /** Resolves when a file can be written and removed now (/readyz); throws the reason otherwise. */
  checkWritable(): Promise<void>;
  /** Removes an entry `entries` gave (the orphan collection, under the hash's lock in `tx`). */
  removeEntry(entry: StoredEntry, tx?: Kysely<Schema>): Promise<void>;
  /** Puts a `set-aside` entry back under its hash (its removal never committed). */
  restoreEntry(entry: StoredEntry, tx?: Kysely<Schema>): Promise<void>;
};

/** The directory store: a DocumentStore whose files are under `dir`. */
export type DirectoryDocumentStore = DocumentStore & {
  /** Absolute directory holding the files. */
  readonly dir: string;
};

const TEMP_PREFIX = '.tmp-';
const SET_ASIDE_PREFIX = '.removed-';
const SET_ASIDE_NAME = /^\.removed-([0-9a-f]{64})-[0-9a-f]+$/;

/** Whether `value` is a SHA-256 in lower-case hex, the only form that becomes a path. */
const isSha256 = (value: string): boolean => SHA256_HEX.test(value);

/** `dir/ab/cd/<sha256>`: two levels of 256 keep directories small at millions of files. */
function pathOf(dir: string, sha256: string): string {
  if (!isSha256(sha256))
    throw new Error(`document store: not a SHA-256: ${JSON.stringify(sha256.slice(0, 80))}`);
  return join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const isMissing = (error: unknown): boolean =>
  (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' ||
  (error as NodeJS.ErrnoException | null)?.code === 'ENOTDIR';

/** The size and type check `put` applies, for callers that refuse before doing anything else. */
export function checkDocument(bytes: Uint8Array, maxBytes: number): DocumentMediaType {
  if (bytes.byteLength > maxBytes) throw new DocumentRefusedError('too-large', tooLargeMessage(maxBytes));
  const detected = detectMediaType(bytes);
  if (!detected.ok) throw new DocumentRefusedError(detected.reason, refusalMessage(detected.reason));
  return detected.mediaType;
}

/**
 * A store over `dir`, created on first write with mode 0700 (files 0600): scans of ID cards are
 * sensitive personal information (GB/T 35273-2020 Annex B: identity documents) and need no other reader.
 */
export function createDocumentStore(options: {
  dir: string;
  maxBytes?: number;
  maxAccountBytes?: number;
}): DirectoryDocumentStore {
  const dir = resolve(options.dir);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const maxAccountBytes = options.maxAccountBytes ?? DEFAULT_MAX_ACCOUNT_BYTES;

  async function has(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    try {
      return (await stat(pathOf(dir, sha256))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async function* walk(folder: string, depth: number): AsyncGenerator<StoredEntry> {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const name of names) {
      const path = join(folder, name);
      const info = await stat(path).catch((error: unknown) => {
        if (isMissing(error)) return null;
        throw error;
      });
      if (info === null) continue;
      if (info.isDirectory()) {
        if (depth < 2) yield* walk(path, depth + 1);
        continue;
      }
      if (!info.isFile()) continue;
      const setAside = SET_ASIDE_NAME.exec(name)?.[1];
      const kind =
        depth !== 2
          ? 'other'
          : isSha256(name)
            ? 'file'
            : name.startsWith(TEMP_PREFIX)
              ? 'temp'
              : setAside !== undefined
                ? 'set-aside'
                : 'other';
      const sha256 = kind === 'file' ? name : kind === 'set-aside' ? (setAside ?? null) : null;
      yield { path, kind, sha256, size: info.size, modifiedAt: info.mtime };
    }
  }

  return {
    dir,
    location: dir,
    maxBytes,
    maxAccountBytes,
    has,
    async put(bytes) {
      const mediaType = checkDocument(bytes, maxBytes);
      const sha256 = sha256Of(bytes);
      const target = pathOf(dir, sha256);
      if (await has(sha256)) {
        const now = new Date();
        // Gone in between (a removal or a collection): then write it below after all.
        const touched = await utimes(target, now, now).then(
          () => true,
          (error: unknown) => {
            if (isMissing(error)) return false;
            throw error;
          },
        );
        if (touched) return { sha256, size: bytes.byteLength, mediaType };
      }
      const folder = join(target, '..');
      await mkdir(folder, { recursive: true, mode: 0o700 });
      // Write beside the target, then rename: readers see the whole file or none (rename(2) is atomic
      // within one file system), and a crash leaves only a temp file, never a half file under a hash.
      const temp = join(folder, `${TEMP_PREFIX}${sha256.slice(0, 16)}-${randomBytes(8).toString('hex')}`);
      try {
        const handle = await open(temp, 'wx', 0o600);
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, target);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
      }
      return { sha256, size: bytes.byteLength, mediaType };
    },
    async read(sha256) {
      if (!isSha256(sha256)) return null;
      let bytes: Buffer;
      try {
        bytes = await readFile(pathOf(dir, sha256));
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      // Content addressing makes corruption detectable: never hand out bytes other than those uploaded.
      if (sha256Of(bytes) !== sha256) throw new Error(`document store: ${sha256} does not match its content`);
      return bytes;
    },
    async setAside(sha256) {
      const target = pathOf(dir, sha256);
      const aside = join(target, '..', `${SET_ASIDE_PREFIX}${sha256}-${randomBytes(8).toString('hex')}`);
      try {
        await rename(target, aside);
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      // Either may find the file gone: the orphan collection restores or removes set-aside files too.
      const tolerant = (error: unknown) => {
        if (!isMissing(error)) throw error;
      };
      return {
        discard: () => unlink(aside).catch(tolerant),
        restore: () => rename(aside, target).catch(tolerant),
      };
    },
    entries: () => walk(dir, 0),
    async checkWritable() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // Written and removed at once: a full disk or a read-only mount fails here, not at an upload.
      const probe = join(dir, `${TEMP_PREFIX}ready-${randomBytes(8).toString('hex')}`);
      const handle = await open(probe, 'wx', 0o600);
      try {
        await handle.writeFile('ready');
      } finally {
        await handle.close();
        await unlink(probe).catch(() => undefined);
      }
    },
    async removeEntry(entry) {
      await unlink(entry.path).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      });
    },
    async restoreEntry(entry) {
      if (entry.kind !== 'set-aside' || entry.sha256 === null) return;
      await rename(entry.path, pathOf(dir, entry.sha256));
    },
  };
}
