/**
 * 备案材料 — documents attached to applications: the applicant uploads (multipart), lists, downloads and
 * removes them on their own application; reviewers list and download through /review, as they read
 * applications. Ownership and statuses are the use cases'; the route's action is the permission table's.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import {
  contentDisposition,
  DOCUMENT_KINDS,
  DOCUMENT_MEDIA_TYPES,
  DocumentRefusedError,
  tooLargeMessage,
} from '../documents/index.ts';
import type { ApplicationDocument } from '../workflow/index.ts';
import {
  listDocuments,
  readDocument,
  removeDocument,
  replaceDocument,
  uploadDocument,
} from '../workflow/index.ts';
import { applicationSchema, applicationView } from './workflow-schemas.ts';
import type { Actor, AppDeps, AppEnv } from './context.ts';
import { workflowDeps } from './context.ts';
import { ApiError } from './errors.ts';
import type { ApiRoute } from './route.ts';
import { defineRoute } from './route.ts';
import { runWorkflow } from './workflow-errors.ts';
import { applicationIdParam } from './workflow-support.ts';

const localized = z.object({ zh: z.string(), en: z.string() });

export const documentSchema = z
  .object({
    id: z.number().int(),
    applicationId: z.number().int(),
    kind: z.enum(DOCUMENT_KINDS),
    domain: z.string().nullable().describe('For a domain certificate: the registrable domain (A-label)'),
    fileName: z.string().describe('The uploaded name cleaned for display; never a path'),
    mediaType: z.enum(DOCUMENT_MEDIA_TYPES).describe('Detected from the file’s bytes, not from the client'),
    sizeBytes: z.number().int(),
    sha256: z.string().describe('SHA-256 of the content, lower-case hex'),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
    certificateCheck: z
      .union([
        z.object({ kind: z.literal('verified'), serial: z.string() }),
        z.object({ kind: z.literal('manual') }),
      ])
      .nullable()
      .describe(
        'For a domain certificate: verified against the registrar sandbox certificate of that serial, or manual (a reviewer checks it); null for other kinds',
      ),
    rejection: z
      .object({
        code: z.string().nullable().describe('The code of the reason library; null for free text'),
        message: localized,
        remedy: localized.nullable(),
        at: z.string(),
        by: z.string(),
      })
      .nullable()
      .describe('A provider reviewer rejected this document (驳回材料): replace it (…/replacement)'),
    replaces: z.number().int().nullable().describe('The rejected document this one replaced'),
  })
  .meta({ id: 'Document' });

export const documentListSchema = z
  .object({ documents: z.array(documentSchema) })
  .meta({ id: 'DocumentList' });

/** The multipart form of a replacement: the file (kind and domain are the rejected one's), and its code. */
const replaceDocumentRequestSchema = z.object({
  certificateCode: z
    .string()
    .max(64)
    .optional()
    .describe(
      'For a domain certificate: the verification code printed on it, checked as on upload; a PDF printed by the registrar sandbox carries its own',
    ),
  file: z.file().describe('PDF, JPEG or PNG, recognised by its content; at most the upload limit (10 MiB)'),
});

const replacedSchema = z
  .object({ application: applicationSchema, document: documentSchema })
  .meta({ id: 'DocumentReplaced' });

/** The multipart form: the kind, the domain for a domain certificate, and the file. */
const uploadDocumentRequestSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  domain: z
    .string()
    .max(1024)
    .optional()
    .describe('Required for kind domain-certificate: one of the application’s domains'),
  certificateCode: z
    .string()
    .max(64)
    .optional()
    .describe(
      'For a domain certificate: the verification code printed on it; a PDF printed by the registrar sandbox carries its own',
    ),
  file: z.file().describe('PDF, JPEG or PNG, recognised by its content; at most the upload limit (10 MiB)'),
});

export const documentView = (document: ApplicationDocument): z.output<typeof documentSchema> => ({
  id: document.id,
  applicationId: document.applicationId,
  kind: document.kind,
  domain: document.domain,
  fileName: document.fileName,
  mediaType: document.mediaType,
  sizeBytes: document.sizeBytes,
  sha256: document.sha256,
  uploadedBy: document.uploadedBy,
  uploadedAt: document.uploadedAt,
  certificateCheck: document.certificateCheck,
  rejection: document.rejection,
  replaces: document.replaces,
});

const ID = /^[1-9]\d{0,14}$/;

/** `:documentId`; anything else names no document (404). */
export function documentIdParam(c: Context<AppEnv>): number {
  const raw = c.req.param('documentId') ?? '';
  if (!ID.test(raw)) throw new ApiError('NOT_FOUND');
  return Number(raw);
}

/**
 * The file's refusal as the API answers it: 413 for size (the file's, or the account's storage cap),
 * 422 for content, naming the field `file`.
 */
export function refusedFile(error: DocumentRefusedError): ApiError {
  const code = {
    'too-large': 'FILE_TOO_LARGE',
    'account-full': 'ACCOUNT_STORAGE_FULL',
    empty: 'FILE_EMPTY',
    truncated: 'FILE_TRUNCATED',
    'type-not-allowed': 'FILE_TYPE_NOT_ALLOWED',
  }[error.reason];
  const tooLarge = error.reason === 'too-large' || error.reason === 'account-full';
  return new ApiError(tooLarge ? 'PAYLOAD_TOO_LARGE' : 'DOCUMENT_TYPE_NOT_ALLOWED', {
    message: error.messages,
    fields: [{ path: 'file', code, message: error.messages }],
  });
}

/** A document use case with its refusals as API errors (file refusals here, the rest as everywhere). */
export async function runDocuments<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DocumentRefusedError) throw refusedFile(error);
    throw error;
  }
}

/**
 * The download: the stored bytes under their detected type, as an attachment. `nosniff` and the CSP
 * sandbox make sure no browser runs anything in a file, even if it was a polyglot.
 */
async function download(c: Context<AppEnv>, deps: AppDeps, actor: Actor): Promise<Response> {
  const applicationId = applicationIdParam(c);
  const documentId = documentIdParam(c);
  const content = await runWorkflow(() =>
    readDocument({ ...workflowDeps(deps, actor), documents: deps.documents, applicationId, documentId }),
  );
  return c.body(new Uint8Array(content.bytes), 200, {
    'Content-Type': content.document.mediaType,
    'Content-Length': String(content.bytes.byteLength),
    'Content-Disposition': contentDisposition(content.downloadName),
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
  });
}

async function list(c: Context<AppEnv>, deps: AppDeps, actor: Actor): Promise<Response> {
  const applicationId = applicationIdParam(c);
  const documents = await runWorkflow(() => listDocuments({ ...workflowDeps(deps, actor), applicationId }));
  return c.json({ documents: documents.map(documentView) }, 200);
}

const BINARY_RESPONSE = {
  status: 200,
  description:
    'The file, as an attachment (Content-Disposition with a UTF-8 filename*), under the type detected at upload',
  binary: DOCUMENT_MEDIA_TYPES,
} as const;

export const DOCUMENT_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    method: 'post',
    path: '/applications/:id/documents/:documentId/replacement',
    access: 'document.upload-own',
    summary:
      '替换材料: replace a document a provider reviewer rejected, while my application stays in review (multipart form with file)',
    tags: ['documents'],
    body: replaceDocumentRequestSchema,
    bodyType: 'multipart',
    errors: ['NOT_FOUND', 'INVALID_TRANSITION', 'PAYLOAD_TOO_LARGE', 'DOCUMENT_TYPE_NOT_ALLOWED', 'CONFLICT'],
    responses: [
      {
        status: 201,
        description:
          'The new document, and the application (back in review when it was the last rejected one)',
        schema: replacedSchema,
      },
    ],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const documentId = documentIdParam(c);
      const { file } = body;
      if (file.size > deps.documents.maxBytes) {
        throw refusedFile(new DocumentRefusedError('too-large', tooLargeMessage(deps.documents.maxBytes)));
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await runWorkflow(() =>
        runDocuments(() =>
          replaceDocument({
            ...workflowDeps(deps, actor),
            documents: deps.documents,
            applicationId,
            documentId,
            input: { fileName: file.name, bytes, certificateCode: body.certificateCode },
          }),
        ),
      );
      return c.json(
        { application: applicationView(result.application), document: documentView(result.document) },
        201,
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/applications/:id/documents',
    access: 'document.upload-own',
    summary:
      'Upload a document (上传备案材料) to my draft or rejected application: multipart form with kind, domain, file',
    tags: ['documents'],
    body: uploadDocumentRequestSchema,
    bodyType: 'multipart',
    errors: ['NOT_FOUND', 'INVALID_TRANSITION', 'PAYLOAD_TOO_LARGE', 'DOCUMENT_TYPE_NOT_ALLOWED'],
    responses: [{ status: 201, description: 'Stored', schema: documentSchema }],
    async handle({ c, actor, deps, body }) {
      const applicationId = applicationIdParam(c);
      const { file } = body;
      // The body limit allowed multipart framing on top; the file itself gets the exact limit.
      if (file.size > deps.documents.maxBytes) {
        throw refusedFile(new DocumentRefusedError('too-large', tooLargeMessage(deps.documents.maxBytes)));
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const document = await runWorkflow(() =>
        runDocuments(() =>
          uploadDocument({
            ...workflowDeps(deps, actor),
            documents: deps.documents,
            applicationId,
            input: {
              kind: body.kind,
              domain: body.domain,
              fileName: file.name,
              bytes,
              certificateCode: body.certificateCode,
            },
          }),
        ),
      );
      return c.json(documentView(document), 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/applications/:id/documents',
    access: 'document.read-own',
    summary: 'The documents of my application (removed ones are not listed)',
    tags: ['documents'],
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The documents', schema: documentListSchema }],
    handle: ({ c, actor, deps }) => list(c, deps, actor),
  }),
  defineRoute({
    method: 'get',
    path: '/applications/:id/documents/:documentId/content',
    access: 'document.read-own',
    summary: 'Download a document of my application',
    tags: ['documents'],
    errors: ['NOT_FOUND'],
    responses: [BINARY_RESPONSE],
    handle: ({ c, actor, deps }) => download(c, deps, actor),
  }),
  defineRoute({
    method: 'delete',
    path: '/applications/:id/documents/:documentId',
    access: 'document.upload-own',
    summary: 'Remove a document from my draft or rejected application',
    tags: ['documents'],
    errors: ['NOT_FOUND', 'INVALID_TRANSITION'],
    responses: [{ status: 200, description: 'Removed', schema: documentSchema }],
    async handle({ c, actor, deps }) {
      const applicationId = applicationIdParam(c);
      const documentId = documentIdParam(c);
      const document = await runWorkflow(() =>
        removeDocument({
          ...workflowDeps(deps, actor),
          documents: deps.documents,
          applicationId,
          documentId,
        }),
      );
      return c.json(documentView(document), 200);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/review/applications/:id/documents',
    access: 'document.read-any',
    summary: 'The documents of any application',
    tags: ['review', 'documents'],
    errors: ['NOT_FOUND'],
    responses: [{ status: 200, description: 'The documents', schema: documentListSchema }],
    handle: ({ c, actor, deps }) => list(c, deps, actor),
  }),
  defineRoute({
    method: 'get',
    path: '/review/applications/:id/documents/:documentId/content',
    access: 'document.read-any',
    summary: 'Download a document of any application',
    tags: ['review', 'documents'],
    errors: ['NOT_FOUND'],
    responses: [BINARY_RESPONSE],
    handle: ({ c, actor, deps }) => download(c, deps, actor),
  }),
];
