/**
 * 材料存储 — uploaded files on disk, content-addressed: a file's path is `dir/ab/cd/<sha256>`, computed
 * from its SHA-256 and nothing else, so no name a user chose ever reaches the file system and identical
 * uploads are stored once. Rows in the database (application_document, real_name_submission) refer to
 * files by hash; a file no row refers to is harmless, which is why bytes are written before rows.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Localized } from '../filing/index.ts';
import { LocalizedError } from '../shared/index.ts';
import type { DetectRefusal, DocumentMediaType } from './detect.ts';
import { detectMediaType, refusalMessage } from './detect.ts';

/** 10 MiB: a 600 dpi A4 colour scan as JPEG is 2–5 MiB; larger is not a scan we need. */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Beside the default SQLite database (`.beian/beian.db`), under the working directory. */
export const DEFAULT_DOCUMENTS_DIR = '.beian/documents';
/** The environment variable that moves the store, as BEIAN_SECRET_FILE moves the key. */
const DOCUMENTS_DIR_VARIABLE = 'BEIAN_DOCUMENTS_DIR';

/** The store's directory as the CLI configures it: BEIAN_DOCUMENTS_DIR, else the default. */
export const documentsDirFromEnv = (env: NodeJS.ProcessEnv): string =>
  env[DOCUMENTS_DIR_VARIABLE] || DEFAULT_DOCUMENTS_DIR;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** 材料被拒 — why bytes are not stored: too large, empty, not PDF/JPEG/PNG, or cut short. */
export class DocumentRefusedError extends LocalizedError {
  readonly reason: DetectRefusal | 'too-large';
  constructor(reason: DetectRefusal | 'too-large', messages: Localized) {
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

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}

/** A file as stored: its hash (the address), size and detected type. */
type StoredFile = { sha256: string; size: number; mediaType: DocumentMediaType };

/** 材料存储 — put, read and test files by SHA-256. */
export type DocumentStore = {
  /** Absolute directory holding the files. */
  readonly dir: string;
  /** Largest file `put` accepts, in bytes. */
  readonly maxBytes: number;
  /** Checks the bytes (size, magic bytes) and stores them; throws DocumentRefusedError for bad input. */
  put(bytes: Uint8Array): Promise<StoredFile>;
  /** The bytes stored under `sha256`, or null; a file whose content no longer matches its hash throws. */
  read(sha256: string): Promise<Buffer | null>;
  has(sha256: string): Promise<boolean>;
};

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
export function createDocumentStore(options: { dir: string; maxBytes?: number }): DocumentStore {
  const dir = resolve(options.dir);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;

  async function has(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    try {
      return (await stat(pathOf(dir, sha256))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  return {
    dir,
    maxBytes,
    has,
    async put(bytes) {
      const mediaType = checkDocument(bytes, maxBytes);
      const sha256 = sha256Of(bytes);
      const target = pathOf(dir, sha256);
      if (await has(sha256)) return { sha256, size: bytes.byteLength, mediaType };
      const folder = join(target, '..');
      await mkdir(folder, { recursive: true, mode: 0o700 });
      // Write beside the target, then rename: readers see the whole file or none (rename(2) is atomic
      // within one file system), and a crash leaves only a temp file, never a half file under a hash.
      const temp = join(folder, `.tmp-${sha256.slice(0, 16)}-${randomBytes(8).toString('hex')}`);
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
  };
}
