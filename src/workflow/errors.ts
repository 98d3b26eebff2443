/**
 * 流程错误 — why a workflow use case refused, with its zh/en message and the form fields concerned.
 * User input never throws anything else out of src/workflow (docs/ARCHITECTURE.md "Errors").
 */
import type { FieldError, Localized } from '../filing/index.ts';
import type { CheckResult } from '../rules/index.ts';
import { CodedError } from '../shared/index.ts';

/** Every code a workflow refusal carries; the API's code list is built from it (src/http/errors.ts). */
export const WORKFLOW_ERROR_CODES = [
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'VERIFICATION_FAILED',
  'FILING_TYPE_BLOCKED',
  'INVALID_TRANSITION',
  'CONFLICT',
  'SUBJECT_HAS_ACTIVE_APPLICATION',
  'DOMAIN_IN_ACTIVE_APPLICATION',
  'SMS_FAILED',
  'SMS_RESEND_LIMITED',
  'MIIT_REFUSED',
  'SERVICE_CODE_LOOKUP_LIMITED',
  'TRANSFER_REQUEST_LIMITED',
  'IDENTITY_VERIFICATION_REQUIRED',
  'IDENTITY_LINK_INVALID',
  'IDENTITY_LINK_USED',
  'IDENTITY_LINK_EXPIRED',
  'IDENTITY_ISSUE_LIMITED',
] as const;
type WorkflowErrorCode = (typeof WORKFLOW_ERROR_CODES)[number];

export class WorkflowError extends CodedError<WorkflowErrorCode, FieldError> {}

/**
 * FILING_TYPE_BLOCKED with the engine's result that blocked it, so a shell can show the findings (and
 * the API send them) without running the engine a second time.
 */
export class FilingTypeBlockedError extends WorkflowError {
  readonly check: CheckResult;
  constructor(check: CheckResult, fields: FieldError[]) {
    super(
      'FILING_TYPE_BLOCKED',
      {
        zh: '该域名当前不能备案，请按提示处理',
        en: 'This domain cannot be filed now; see the reasons given',
      },
      fields,
    );
    this.check = check;
  }
}

/**
 * SMS_RESEND_LIMITED with how long until a resend may go (null: not in this round), so the API can
 * send Retry-After beside the message that already says it.
 */
export class ResendLimitedError extends WorkflowError {
  readonly retryAfterSeconds: number | null;
  constructor(message: Localized, fields: FieldError[], retryAfterSeconds: number | null) {
    super('SMS_RESEND_LIMITED', message, fields);
    this.retryAfterSeconds = retryAfterSeconds;
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
