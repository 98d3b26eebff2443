/** 备案材料 — the documents layer's public surface: type detection, file names, kinds, the store. */
export type { DetectRefusal, Detection, DocumentMediaType } from './detect.ts';
export { DOCUMENT_MEDIA_TYPES, MEDIA_TYPE_EXTENSIONS, detectMediaType, refusalMessage } from './detect.ts';
export {
  FALLBACK_FILE_NAME,
  MAX_FILE_NAME_LENGTH,
  cleanFileName,
  contentDisposition,
  downloadName,
} from './file-name.ts';
export type { DocumentKind, DocumentMetadata } from './kinds.ts';
export { DOCUMENT_KINDS, DOCUMENT_KIND_LABELS, documentMetadataSchema } from './kinds.ts';
export type { DocumentStore, StoredFile } from './store.ts';
export {
  DEFAULT_DOCUMENTS_DIR,
  DEFAULT_MAX_UPLOAD_BYTES,
  DOCUMENTS_DIR_VARIABLE,
  DocumentRefusedError,
  checkDocument,
  createDocumentStore,
  documentsDirFromEnv,
  isSha256,
  tooLargeMessage,
} from './store.ts';
