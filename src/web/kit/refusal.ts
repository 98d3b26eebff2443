/**
 * 拒绝 — a refusal a page shows: a use case's (WorkflowError, RegistrarError: both CodedError), the
 * MIIT sandbox's, the app's own (ApiError) or the page's (NotFound). A code has the status the API
 * gives it (the app's one table), so a page and the API refuse alike.
 */
import { ApiError, ERROR_STATUS, miitApiError } from '../../http/app.ts';
import { MiitError } from '../../miit/index.ts';
import { RegistrarError } from '../../registrar/index.ts';
import { WorkflowError } from '../../workflow/index.ts';
import { CodedError, LocalizedError } from '../../shared/index.ts';
import type { FieldError } from './form-values.ts';
import type { Localized } from './i18n.ts';

/** A refusal a page can show: its HTTP status, the message, and the fields it concerns. */
export type Failure = { status: number; message: Localized; fields: FieldError[] };

/** 404 for what a page's URL names and nothing has: the 404 page with `message`. */
export class NotFound extends CodedError<'NOT_FOUND'> {
  constructor(message: Localized) {
    super('NOT_FOUND', message);
  }
}

/** The refusal `error` is, or null for anything else: a bug, which must propagate to the error page. */
export function failureOf(error: unknown): Failure | null {
  const refusal = error instanceof MiitError ? miitApiError(error) : error;
  if (
    refusal instanceof ApiError ||
    refusal instanceof WorkflowError ||
    refusal instanceof RegistrarError ||
    refusal instanceof NotFound
  )
    return { status: ERROR_STATUS[refusal.code], message: refusal.messages, fields: refusal.fields };
  if (error instanceof LocalizedError) return { status: 422, message: error.messages, fields: [] };
  return null;
}
