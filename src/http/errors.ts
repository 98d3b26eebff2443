/**
 * The API's one error shape and the one table from error codes to HTTP statuses. Every failure the
 * API sends, from a validation issue to an unknown route or a bug, is an ApiErrorBody.
 */
import { z } from 'zod';
import { REGISTRAR_ERROR_CODES } from '../registrar/index.ts';
import { CodedError, type FieldErrorOf } from '../shared/index.ts';
import type { Localized } from '../shared/index.ts';
import type { CheckResult } from '../rules/index.ts';
import { WORKFLOW_ERROR_CODES } from '../workflow/index.ts';
import { checkResultSchema } from './schemas.ts';

export type { Localized };

/** The codes only the transport sends: requests it cannot read, sessions, limits, bugs. */
const HTTP_ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNAUTHENTICATED',
  'LOGIN_FAILED',
  'FORBIDDEN',
  'CSRF_TOKEN_INVALID',
  'SESSION_REQUIRED',
  'TOKEN_READ_ONLY',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
] as const;

/** An upload that is not a PDF, JPEG or PNG by its bytes (src/documents/detect.ts). */
const DOCUMENT_ERROR_CODES = ['DOCUMENT_TYPE_NOT_ALLOWED'] as const;

export type ApiErrorCode =
  | (typeof HTTP_ERROR_CODES)[number]
  | (typeof WORKFLOW_ERROR_CODES)[number]
  | (typeof DOCUMENT_ERROR_CODES)[number]
  | (typeof REGISTRAR_ERROR_CODES)[number];

/**
 * Every code the API may send, built from the code lists of the layers it serves: a workflow or
 * registrar refusal reaches clients under its own code, and ERROR_STATUS below fails to compile until
 * a new code has a status.
 */
export const API_ERROR_CODES: readonly ApiErrorCode[] = [
  ...new Set<ApiErrorCode>([
    ...HTTP_ERROR_CODES,
    ...WORKFLOW_ERROR_CODES,
    ...DOCUMENT_ERROR_CODES,
    ...REGISTRAR_ERROR_CODES,
  ]),
];

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  LOGIN_FAILED: 401,
  FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  SESSION_REQUIRED: 403,
  TOKEN_READ_ONLY: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  VERIFICATION_FAILED: 422,
  FILING_TYPE_BLOCKED: 409,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  SUBJECT_HAS_ACTIVE_APPLICATION: 409,
  DOMAIN_IN_ACTIVE_APPLICATION: 409,
  SMS_FAILED: 422,
  // A resend past the SMS limits (src/miit/sms.ts): a rate limit, with Retry-After when one applies.
  SMS_RESEND_LIMITED: 429,
  MIIT_REFUSED: 422,
  // Looking up filing service codes past the per-account limit (src/workflow/lookup-service-code.ts).
  SERVICE_CODE_LOOKUP_LIMITED: 429,
  TRANSFER_REQUEST_LIMITED: 429,
  // 真实性核验 (src/workflow/complete-identity-task.ts): a person not verified blocks the submit; a link
  // unknown is 404, spent 410, out of its 10 minutes 410; too many links for one person 429.
  IDENTITY_VERIFICATION_REQUIRED: 422,
  IDENTITY_LINK_INVALID: 404,
  IDENTITY_LINK_USED: 410,
  IDENTITY_LINK_EXPIRED: 410,
  IDENTITY_ISSUE_LIMITED: 429,
  // 422, not 415: the request's own type (multipart) is fine; the file inside it is refused.
  DOCUMENT_TYPE_NOT_ALLOWED: 422,
  DOMAIN_TAKEN: 409,
  DOMAIN_TRANSFERRED_OUT: 409,
  RENEWAL_CLOSED: 409,
  REAL_NAME_STATE: 409,
  CERTIFICATE_REFUSED: 409,
  REGISTRAR_LICENCE_UNKNOWN: 422,
  CERTIFICATE_GLYPHS_MISSING: 422,
  // The deployment has no CJK font: nothing the client can change.
  CERTIFICATE_FONT_UNAVAILABLE: 503,
} as const satisfies Record<ApiErrorCode, number>;
type ApiErrorStatus = (typeof ERROR_STATUS)[ApiErrorCode];

const DEFAULT_MESSAGES: Record<ApiErrorCode, Localized> = {
  VALIDATION_FAILED: { zh: '请求内容有误，请按字段提示修改', en: 'the request is not valid; see the fields' },
  MALFORMED_JSON: { zh: '请求正文不是有效的 JSON', en: 'the request body is not valid JSON' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'sign in first' },
  LOGIN_FAILED: { zh: '账号或密码错误', en: 'wrong login name or password' },
  FORBIDDEN: { zh: '当前账号无权执行此操作', en: 'this account may not do this' },
  CSRF_TOKEN_INVALID: {
    zh: '缺少或错误的 CSRF 令牌（X-CSRF-Token）',
    en: 'missing or wrong CSRF token (X-CSRF-Token)',
  },
  SESSION_REQUIRED: {
    zh: '此操作需要登录会话，不能使用令牌',
    en: 'this needs a signed-in session, not a token',
  },
  TOKEN_READ_ONLY: {
    zh: '此令牌为只读令牌，只能查询，不能修改',
    en: 'this token is read-only: it may read, not change anything',
  },
  NOT_FOUND: { zh: '没有这个地址', en: 'no such resource' },
  METHOD_NOT_ALLOWED: { zh: '此地址不支持该请求方法', en: 'this method is not allowed here' },
  PAYLOAD_TOO_LARGE: { zh: '请求正文过大', en: 'the request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: {
    zh: '请求正文须为 JSON（Content-Type: application/json）',
    en: 'the request body must be JSON (Content-Type: application/json)',
  },
  RATE_LIMITED: { zh: '请求过于频繁，请稍后再试', en: 'too many requests; try again later' },
  INTERNAL_ERROR: { zh: '服务器内部错误', en: 'internal server error' },
  VERIFICATION_FAILED: { zh: '域名核验未通过', en: 'domain verification failed' },
  FILING_TYPE_BLOCKED: { zh: '该域名当前不能备案', en: 'this domain cannot be filed now' },
  INVALID_TRANSITION: {
    zh: '备案申请当前状态不允许此操作',
    en: 'the application’s status does not allow this',
  },
  CONFLICT: { zh: '数据已被修改，请刷新后重试', en: 'changed by someone else; reload and try again' },
  SUBJECT_HAS_ACTIVE_APPLICATION: {
    zh: '该主体已有进行中的备案申请',
    en: 'the subject already has an application under way',
  },
  DOMAIN_IN_ACTIVE_APPLICATION: {
    zh: '该域名已在进行中的备案申请里',
    en: 'the domain is in an application under way',
  },
  SMS_FAILED: { zh: '短信核验未通过', en: 'SMS verification failed' },
  SMS_RESEND_LIMITED: {
    zh: '验证码重发过于频繁，请稍后再试',
    en: 'codes were resent too often; try again later',
  },
  MIIT_REFUSED: { zh: '工信部系统拒绝了该操作', en: 'MIIT refused the operation' },
  SERVICE_CODE_LOOKUP_LIMITED: {
    zh: '查询备案服务码过于频繁，请稍后再试',
    en: 'too many filing service code look-ups; try again later',
  },
  TRANSFER_REQUEST_LIMITED: {
    zh: '备案转移申请过于频繁，请稍后再试',
    en: 'too many filing transfer requests; try again later',
  },
  IDENTITY_VERIFICATION_REQUIRED: {
    zh: '尚有负责人未完成真实性核验',
    en: 'a responsible person has not completed identity verification',
  },
  IDENTITY_LINK_INVALID: { zh: '核验链接无效', en: 'the verification link is not valid' },
  IDENTITY_LINK_USED: { zh: '核验链接已使用', en: 'the verification link was already used' },
  IDENTITY_LINK_EXPIRED: { zh: '核验链接已过期', en: 'the verification link has expired' },
  IDENTITY_ISSUE_LIMITED: {
    zh: '核验链接发送过于频繁，请稍后再试',
    en: 'verification links were sent too often; try again later',
  },
  DOCUMENT_TYPE_NOT_ALLOWED: {
    zh: '上传的文件须为 PDF、JPEG 或 PNG 格式',
    en: 'the uploaded file must be a PDF, JPEG or PNG',
  },
  DOMAIN_TAKEN: { zh: '该域名已被注册', en: 'the domain is already registered' },
  DOMAIN_TRANSFERRED_OUT: {
    zh: '该域名已转出，本注册商的记录只读',
    en: 'the domain was transferred out; its record here is read-only',
  },
  RENEWAL_CLOSED: { zh: '已过续费期，不能续费', en: 'the renewal grace period is over' },
  REAL_NAME_STATE: {
    zh: '实名认证或上报的当前状态不允许此操作',
    en: 'the real-name verification or report is not in a state that allows this',
  },
  CERTIFICATE_REFUSED: {
    zh: '该域名现在不能打印域名证书',
    en: 'no certificate can be printed for this domain now',
  },
  REGISTRAR_LICENCE_UNKNOWN: {
    zh: '不知道该注册商的许可证号，无法打印证书',
    en: 'the registrar’s licence number is unknown, so no certificate can be printed',
  },
  CERTIFICATE_GLYPHS_MISSING: {
    zh: '字体缺少证书上的某些字符，无法打印',
    en: 'the font lacks characters of the certificate, so it cannot be printed',
  },
  CERTIFICATE_FONT_UNAVAILABLE: {
    zh: '服务器上没有可用的中文字体，无法打印证书',
    en: 'the server has no CJK font, so certificates cannot be printed',
  },
};

export type FieldError = FieldErrorOf;

/** What a refusal carries beside its message: FILING_TYPE_BLOCKED, the engine's result that blocked it. */
type ApiErrorDetails = { check?: CheckResult };

type ApiErrorBody = { code: ApiErrorCode; message: Localized; fields: FieldError[] } & ApiErrorDetails;

const localizedSchema = z.object({ zh: z.string(), en: z.string() });

/** The error shape as a schema, for the OpenAPI document. */
export const apiErrorSchema = z
  .object({
    code: z.enum(API_ERROR_CODES),
    message: localizedSchema,
    fields: z.array(z.object({ path: z.string(), code: z.string(), message: localizedSchema })),
    check: checkResultSchema.optional().meta({
      description: 'FILING_TYPE_BLOCKED only: the check of the domain, with the findings that block it',
    }),
  })
  .meta({ id: 'ApiError', description: 'Every error response of the API' });

/** Thrown by routes and middleware; the error handler renders it. */
export class ApiError extends CodedError<ApiErrorCode> {
  readonly headers: Record<string, string>;
  readonly details: ApiErrorDetails;
  constructor(
    code: ApiErrorCode,
    options: {
      message?: Localized;
      fields?: FieldError[];
      headers?: Record<string, string>;
      details?: ApiErrorDetails;
    } = {},
  ) {
    super(code, options.message ?? DEFAULT_MESSAGES[code], options.fields ?? []);
    this.headers = options.headers ?? {};
    this.details = options.details ?? {};
  }

  get status(): ApiErrorStatus {
    return ERROR_STATUS[this.code];
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.messages, fields: this.fields, ...this.details };
  }
}

/** zod's English message, and a Chinese one for each issue kind. */
function issueMessage(issue: z.core.$ZodIssue & { input?: unknown }): Localized {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { zh: '必填', en: 'required' }
        : { zh: `类型错误，应为 ${issue.expected}`, en: issue.message };
    case 'too_small':
      return {
        zh:
          issue.origin === 'string'
            ? `至少 ${issue.minimum} 个字符`
            : issue.origin === 'array'
              ? `至少 ${issue.minimum} 项`
              : `不能小于 ${issue.minimum}`,
        en: issue.message,
      };
    case 'too_big':
      return {
        zh:
          issue.origin === 'string'
            ? `最多 ${issue.maximum} 个字符`
            : issue.origin === 'array'
              ? `最多 ${issue.maximum} 项`
              : `不能大于 ${issue.maximum}`,
        en: issue.message,
      };
    case 'invalid_value':
      return { zh: `取值无效，可选：${issue.values.map(String).join('、')}`, en: issue.message };
    case 'unrecognized_keys':
      return { zh: `不认识的字段：${issue.keys.slice(0, 20).join('、')}`, en: 'unrecognized keys' };
    case 'invalid_format':
      return { zh: '格式不正确', en: issue.message };
    default:
      return { zh: `取值无效（${issue.message}）`, en: issue.message };
  }
}

const MAX_FIELD_ERRORS = 100;

/** A zod failure as VALIDATION_FAILED, one field error per issue, with dotted paths (`inputs.3`). */
export function validationError(error: z.ZodError): ApiError {
  // Bounded: a hostile body can fail a thousand ways, and the answer need not repeat them all.
  const fields = error.issues.slice(0, MAX_FIELD_ERRORS).map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issueMessage(issue),
  }));
  return new ApiError('VALIDATION_FAILED', { fields });
}

/** One field's failure that zod could not see (a province nobody knows). */
export function fieldError(path: string, code: string, message: Localized): ApiError {
  return new ApiError('VALIDATION_FAILED', { fields: [{ path, code, message }] });
}
