/**
 * 流程错误 — why a workflow use case refused, with its zh/en message and the form fields concerned.
 * User input never throws anything else out of src/workflow (docs/ARCHITECTURE.md "Errors").
 */
import type { FieldError, Localized } from '../filing/field-errors.ts';

export type WorkflowErrorCode =
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION_FAILED'
  | 'VERIFICATION_FAILED'
  | 'FILING_TYPE_BLOCKED'
  | 'INVALID_TRANSITION'
  | 'CONFLICT'
  | 'SUBJECT_HAS_ACTIVE_APPLICATION'
  | 'DOMAIN_IN_ACTIVE_APPLICATION'
  | 'SMS_FAILED'
  | 'MIIT_REFUSED';

export class WorkflowError extends Error {
  readonly code: WorkflowErrorCode;
  readonly messages: Localized;
  readonly fields: FieldError[];
  constructor(code: WorkflowErrorCode, messages: Localized, fields: FieldError[] = []) {
    super(messages.en);
    this.name = 'WorkflowError';
    this.code = code;
    this.messages = messages;
    this.fields = fields;
  }
}

export const forbidden = (what: Localized): WorkflowError =>
  new WorkflowError('FORBIDDEN', { zh: `无权${what.zh}`, en: `You may not ${what.en}` });

export const notFound = (what: Localized): WorkflowError =>
  new WorkflowError('NOT_FOUND', { zh: `找不到${what.zh}`, en: `No such ${what.en}` });

/** A unique-index violation on either dialect (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function uniqueViolation(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, message, constraint } = error as { code?: unknown; message?: unknown; constraint?: unknown };
  if (code === '23505') return typeof constraint === 'string' ? constraint : String(message);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return String(message);
  return null;
}
