/**
 * What the IDNA layer answers for one host, and the pieces every step of it shares: the DNS length
 * limits, the failure constructor and how a detail message quotes hostile input.
 */
import type { DomainInvalidReason } from './types.ts';

/** The IDNA layer's answer for one host: both forms, lower case, no trailing dot. */
export type HostnameResult =
  { ok: true; ascii: string; unicode: string } | { ok: false; reason: DomainInvalidReason; detail: string };

export type Failure = Extract<HostnameResult, { ok: false }>;

/** RFC 1035 §2.3.4: a label is at most 63 octets. */
export const MAX_LABEL_OCTETS = 63;
/**
 * RFC 1035 §2.3.4 caps a name at 255 octets in wire form; the text form without the root dot is then at
 * most 253 characters (RFC 2181 §11, and UTS #46 VerifyDnsLength).
 */
export const MAX_NAME_OCTETS = 253;

export const DOT = 0x2e;
export const HYPHEN = 0x2d;

/** Label separators of UTS #46 §2.3 that users type: `.`, `。` U+3002, `．` U+FF0E, `｡` U+FF61. */
export const SEPARATOR = /[.\u3002\uFF0E\uFF61]/u;
const TRAILING_SEPARATOR = /[.\u3002\uFF0E\uFF61]$/u;

export const fail = (reason: DomainInvalidReason, detail: string): Failure => ({ ok: false, reason, detail });

/** A label or name quoted in a detail message, shortened so that hostile input does not flood it. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

export function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Strips one trailing label separator: `example.com.` is the fully qualified form of `example.com`. */
export function stripTrailingDot(host: string): string {
  return TRAILING_SEPARATOR.test(host) ? host.slice(0, -1) : host;
}
