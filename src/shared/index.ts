/** The shared helpers' public surface: Asia/Shanghai instants, localized texts and the coded error base. */
export { CodedError } from './coded-error.ts';
export type { FieldErrorOf } from './coded-error.ts';
export { LocalizedError } from './localized-error.ts';
export { maskPersonalNumbers } from './personal-numbers.ts';
export type { Localized } from './localized.ts';
export {
  addShanghaiMonths,
  compareInstant,
  instantMs,
  instantRef,
  parseInstant,
  shanghaiDate,
  toShanghaiIso,
} from './shanghai-time.ts';
export type { InstantRef } from './shanghai-time.ts';
