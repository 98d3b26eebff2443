/**
 * WorkflowError (and MIIT gateway refusals the use cases pass through) as the API's error shape. A
 * workflow code is an API code (src/http/errors.ts builds its list from WORKFLOW_ERROR_CODES), so the
 * refusal keeps its code; FILING_TYPE_BLOCKED also carries the engine's result.
 */
import { FilingTypeBlockedError, ResendLimitedError, WorkflowError } from '../workflow/index.ts';
import { MiitError } from '../miit/index.ts';
import { ApiError } from './errors.ts';

/** The API error for a workflow refusal, or null for anything else (a bug: the app reports it). */
export function apiErrorOf(error: unknown): ApiError | null {
  if (error instanceof WorkflowError) {
    const retryAfter = error instanceof ResendLimitedError ? error.retryAfterSeconds : null;
    return new ApiError(error.code, {
      message: error.messages,
      fields: error.fields,
      ...(error instanceof FilingTypeBlockedError ? { details: { check: error.check } } : {}),
      ...(retryAfter === null ? {} : { headers: { 'Retry-After': String(retryAfter) } }),
    });
  }
  if (error instanceof MiitError) return miitApiError(error);
  return null;
}

/** A refusal of the MIIT sandbox as the API's error (the web's pages show the same). */
export function miitApiError(error: MiitError): ApiError {
  // The sandbox normalizes phones itself; a phone it cannot read is the caller's input, not our bug.
  if (error.code === 'invalid-phone') {
    return new ApiError('VALIDATION_FAILED', {
      fields: [
        {
          path: 'phone',
          code: 'PHONE_INVALID',
          message: { zh: '不是有效的大陆手机号码', en: 'not a mainland mobile number' },
        },
      ],
    });
  }
  return new ApiError('MIIT_REFUSED', {
    message: { zh: `工信部系统拒绝了该操作：${error.message}`, en: `MIIT refused: ${error.message}` },
  });
}

/** Runs a use case, turning its refusals into API errors. */
export async function runWorkflow<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw apiErrorOf(error) ?? error;
  }
}
