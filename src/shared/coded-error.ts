/**
 * The one error base for refusals that carry a code: the workflow's, the registrar sandbox's and the
 * API's. A shell maps the code to its own answer (an HTTP status, a page), so a code is all it reads.
 */
import type { Localized } from './localized.ts';
import { LocalizedError } from './localized-error.ts';

/** 字段错误 — one error on one input field, named by its dotted path (`websites.0.domains.1`). */
export type FieldErrorOf<Code extends string = string> = { path: string; code: Code; message: Localized };

export class CodedError<
  Code extends string,
  Field extends FieldErrorOf = FieldErrorOf,
> extends LocalizedError {
  readonly code: Code;
  readonly fields: Field[];
  constructor(code: Code, messages: Localized, fields: Field[] = []) {
    super(messages);
    this.code = code;
    this.fields = fields;
  }
}
