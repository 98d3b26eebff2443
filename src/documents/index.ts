/** 备案材料 — the documents layer's public surface: type detection, file names, kinds, the store. */
export type { DetectRefusal, DocumentMediaType } from './detect.ts';
export { DOCUMENT_MEDIA_TYPES, MEDIA_TYPE_EXTENSIONS, detectMediaType, refusalMessage } from './detect.ts';
export { cleanFileName, contentDisposition, downloadName } from './file-name.ts';
export type { DocumentKind, DocumentMetadata } from './kinds.ts';
export { DOCUMENT_KINDS, DOCUMENT_KIND_LABELS, documentMetadataSchema } from './kinds.ts';
export type { DirectoryDocumentStore, DocumentStore, SetAsideFile, StoredEntry } from './store.ts';
export { createDatabaseDocumentStore } from './database-store.ts';
export { DOCUMENT_STORE_KINDS, documentStoreKind, configuredDocumentStore } from './store-config.ts';
export type { DocumentStoreKind, DocumentStoreSettings } from './store-config.ts';
export {
  DEFAULT_DOCUMENTS_DIR,
  DEFAULT_MAX_ACCOUNT_BYTES,
  DEFAULT_MAX_UPLOAD_BYTES,
  DocumentRefusedError,
  accountFullMessage,
  checkDocument,
  createDocumentStore,
  tooLargeMessage,
} from './store.ts';
export {
  accountDocumentBytes,
  isDocumentReferenced,
  lockAccountDocuments,
  lockDocumentFile,
} from './references.ts';
export type { OrphanReport } from './orphans.ts';
export { DEFAULT_ORPHAN_GRACE_MS, collectOrphanDocuments } from './orphans.ts';
export { copyDocument, referencedDocumentHashes, storedDocumentHashes } from './backup.ts';
export type { ApkFeatures, SigningFeatures } from './signing-features.ts';
export {
  apkFeatures,
  certificateFeatures,
  MAX_APK_BYTES,
  MAX_CERTIFICATE_BYTES,
  pkcs7Certificates,
  SigningUploadError,
} from './signing-features.ts';
