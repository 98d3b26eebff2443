/** 账号错误 — a refusal of an account use case (login taken, no such account, weak password). */
import { LocalizedError } from '../shared/index.ts';

export class AccountError extends LocalizedError {}
