/**
 * WorkflowError (and MIIT gateway refusals the use cases pass through) as the API's error shape: one
 * table from workflow codes to API codes, so a new workflow code fails to compile until it has a status.
 */
import type { WorkflowErrorCode } from '../workflow/index.ts';
import { WorkflowError } from '../workflow/index.ts';
import { MiitError } from '../miit/index.ts';
import type { ApiErrorCode } from './errors.ts';
import { ApiError } from './errors.ts';

export const WORKFLOW_ERROR_CODES = {
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  VERIFICATION_FAILED: 'VERIFICATION_FAILED',
  FILING_TYPE_BLOCKED: 'FILING_TYPE_BLOCKED',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  CONFLICT: 'CONFLICT',
  SUBJECT_HAS_ACTIVE_APPLICATION: 'SUBJECT_HAS_ACTIVE_APPLICATION',
  DOMAIN_IN_ACTIVE_APPLICATION: 'DOMAIN_IN_ACTIVE_APPLICATION',
  SMS_FAILED: 'SMS_FAILED',
  MIIT_REFUSED: 'MIIT_REFUSED',
} as const satisfies Record<WorkflowErrorCode, ApiErrorCode>;

/** The API error for a workflow refusal, or null for anything else (a bug: the app reports it). */
export function apiErrorOf(error: unknown): ApiError | null {
  if (error instanceof WorkflowError) {
    return new ApiError(WORKFLOW_ERROR_CODES[error.code], { message: error.messages, fields: error.fields });
  }
  // The sandbox normalizes phones itself; a phone it cannot read is the caller's input, not our bug.
  if (error instanceof MiitError && error.code === 'invalid-phone') {
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
  if (error instanceof MiitError) {
    return new ApiError('MIIT_REFUSED', {
      message: { zh: `工信部系统拒绝了该操作：${error.message}`, en: `MIIT refused: ${error.message}` },
    });
  }
  return null;
}

/** Runs a use case, turning its refusals into API errors. */
export async function runWorkflow<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw apiErrorOf(error) ?? error;
  }
}
