/**
 * 域名 — the domain-name module's public surface: one input (host name or URL) → a normalised domain with
 * its registrable domain, or the reason it is not one.
 */
import { normalizeInput } from './normalize.ts';
import { splitRegistrable } from './registrable.ts';
import type { DomainParseResult } from './types.ts';

export type { DomainInvalidReason, DomainParseResult, NormalizedDomain } from './types.ts';
export { INVALID_REASONS } from './invalid-reasons.ts';

/**
 * Parses a host name or URL as typed (`WWW.例子.中国`, `https://user@例子.中国:8443/path`, `例子。中国.`).
 * Synchronous; never throws on a string. Rejections carry a `DomainInvalidReason` and an English detail
 * naming the offending part.
 */
export function parseDomainInput(input: string): DomainParseResult {
  // Untyped callers (JSON, CSV cells) may hand over anything; only strings are domain names.
  if (typeof input !== 'string') return { ok: false, reason: 'empty', detail: 'the input is not a string' };
  const host = normalizeInput(input);
  if (!host.ok) return host;
  return splitRegistrable(host.ascii, host.unicode);
}
