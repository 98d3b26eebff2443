/**
 * 注册商错误 — why a registrar operation refused, with its zh/en message and the fields concerned. User
 * input never throws anything else out of src/registrar (docs/ARCHITECTURE.md "Errors").
 */
import type { FieldError } from '../filing/index.ts';
import { CodedError } from '../shared/index.ts';
import type { Localized } from './types.ts';

/** Every code a registrar refusal carries; the API's code list is built from it (src/http/errors.ts). */
export const REGISTRAR_ERROR_CODES = [
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'CONFLICT',
  /** Registered here already, or still registered elsewhere per the MIIT domain database. */
  'DOMAIN_TAKEN',
  /** 转出: the domain left this registrar; its record here is read-only. */
  'DOMAIN_TRANSFERRED_OUT',
  /** Past the renewal grace period. */
  'RENEWAL_CLOSED',
  /** The real-name submission or report is not in a state that allows this. */
  'REAL_NAME_STATE',
  'CERTIFICATE_REFUSED',
  'REGISTRAR_LICENCE_UNKNOWN',
  'CERTIFICATE_GLYPHS_MISSING',
  'CERTIFICATE_FONT_UNAVAILABLE',
] as const;
type RegistrarErrorCode = (typeof REGISTRAR_ERROR_CODES)[number];

export class RegistrarError extends CodedError<RegistrarErrorCode, FieldError> {}

export const forbidden = (what: Localized): RegistrarError =>
  new RegistrarError('FORBIDDEN', { zh: `无权${what.zh}`, en: `You may not ${what.en}` });

export const notFound = (what: Localized): RegistrarError =>
  new RegistrarError('NOT_FOUND', { zh: `找不到${what.zh}`, en: `No such ${what.en}` });

/** One or more field errors as VALIDATION_FAILED. */
export function invalidFields(fields: FieldError[]): RegistrarError {
  const first = fields[0]?.message;
  return new RegistrarError(
    'VALIDATION_FAILED',
    first && fields.length === 1
      ? first
      : { zh: '提交的内容有误，请按字段提示修改', en: 'The input is not valid; see the fields' },
    fields,
  );
}

export function fieldError(path: string, code: string, message: Localized): RegistrarError {
  return invalidFields([{ path, code, message }]);
}

export const conflict = (): RegistrarError =>
  new RegistrarError('CONFLICT', {
    zh: '该域名的数据刚被修改，请刷新后重试',
    en: 'The domain was changed meanwhile; reload and try again',
  });

export const transferredOut = (domain: string): RegistrarError =>
  new RegistrarError('DOMAIN_TRANSFERRED_OUT', {
    zh: `域名 ${domain} 已转出到其他注册商，本注册商的记录只读`,
    en: `${domain} was transferred to another registrar; its record here is read-only`,
  });
