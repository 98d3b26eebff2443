/**
 * RDAP lookups (RFC 9082 query, RFC 9083 answer, RFC 7480 HTTP): the registry's server from the
 * bootstrap, then at most one hop to the registrar's RDAP that the registry links to (gTLD "thin"
 * registries keep some facts at the registrar). Every request goes through the limiter; a 429 pauses
 * that server for its Retry-After (bounded) and retries, while other servers go on.
 */
import { kindOfTld } from '../policy/index.ts';
import { isInternalHost } from './address-guard.ts';
import type { RdapBootstrap } from './bootstrap.ts';
import { registrationTerm } from './expiry.ts';
import type { HttpGetResult } from './http-get.ts';
import { httpGet } from './http-get.ts';
import type { Limiter } from './limiter.ts';
import type { RdapDomainFacts } from './rdap-map.ts';
import { mapRdapDomain } from './rdap-map.ts';
import type { LookupAnswer } from './types.ts';
import { emptyAnswer } from './types.ts';

/** RFC 7480 §4.2: the RDAP media type, with plain JSON as a fallback some servers need. */
const ACCEPT = 'application/rdap+json, application/json;q=0.8';

type RdapClientOptions = {
  bootstrap: RdapBootstrap;
  limiter: Limiter;
  now: () => Date;
  timeoutMs: number;
  maxBytes: number;
  /** RFC 7480 §5.2 redirects followed per request. */
  maxRedirects: number;
  /** A Retry-After longer than this is not waited for: the lookup fails as `rate-limited`. */
  maxRetryAfterMs: number;
  /** 429 retries per request. */
  maxRateLimitRetries: number;
};

/** When a 429 names no Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 1000;

type RdapClient = {
  /** The registry's base URL for the domain, or null when the bootstrap has no entry. */
  baseFor(domainAscii: string): string | null;
  lookup(domainAscii: string): Promise<LookupAnswer>;
};

export function createRdapClient(options: RdapClientOptions): RdapClient {
  async function get(url: URL): Promise<Exclude<HttpGetResult, { kind: 'rate-limited' }>> {
    for (let attempt = 0; ; attempt++) {
      const result = await options.limiter.run(url.host, () =>
        httpGet(url, {
          timeoutMs: options.timeoutMs,
          maxBytes: options.maxBytes,
          maxRedirects: options.maxRedirects,
          accept: ACCEPT,
          now: options.now,
        }),
      );
      if (result.kind !== 'rate-limited') return result;
      const delay = result.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
      if (attempt >= options.maxRateLimitRetries || delay > options.maxRetryAfterMs) {
        return { kind: 'error', url: result.url, error: 'rate-limited' };
      }
      options.limiter.pause(url.host, delay);
    }
  }

  /** The mapped domain object, or the reason there is none. */
  async function fetchDomain(url: URL): Promise<{ url: string; facts: RdapDomainFacts } | LookupAnswer> {
    const result = await get(url);
    if (result.kind === 'not-found') return emptyAnswer(result.url, 'not-found');
    if (result.kind === 'error') return emptyAnswer(result.url, 'error', result.error);
    let json: unknown;
    try {
      json = JSON.parse(result.body);
    } catch {
      return emptyAnswer(result.url, 'error', 'malformed');
    }
    const facts = mapRdapDomain(json);
    return facts ? { url: result.url, facts } : emptyAnswer(result.url, 'error', 'malformed');
  }

  return {
    baseFor: (domainAscii) => options.bootstrap.baseFor(domainAscii),
    async lookup(domainAscii) {
      const base = options.bootstrap.baseFor(domainAscii);
      if (base === null) return emptyAnswer(null, 'no-server');
      // RFC 9082 §3.1.3: `domain/<A-label>`; new URL copes with odd bases (Unicode hosts, upper case).
      const registry = await fetchDomain(new URL(`domain/${domainAscii}`, base));
      if (!('facts' in registry)) return registry;

      // One hop at most: a registrar's answer never sends us further.
      let registrar: RdapDomainFacts | null = null;
      const hopUrl = safeHop(registry.facts.registrarLink, registry.url);
      if (hopUrl !== null) {
        const hop = await fetchDomain(hopUrl);
        if ('facts' in hop) registrar = hop.facts;
      }
      return combine(domainAscii, registry.url, registry.facts, registrar);
    },
  };
}

/**
 * The registrar link a registry answer names, if we may follow it. The link comes from a third party
 * and, on an opted-in public precheck, is fetched on an anonymous caller's behalf: it must be HTTPS
 * (RFC 7481 §3: RDAP runs over HTTPS; plain HTTP only when the registry itself answered over it) and
 * may not point into internal addresses unless the registry itself is there (a local test setup).
 */
export function safeHop(link: string | null, registryUrl: string): URL | null {
  if (link === null) return null;
  let url: URL;
  let registry: URL;
  try {
    url = new URL(link);
    registry = new URL(registryUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && registry.protocol === 'http:')) return null;
  if (isInternalHost(url.hostname) && !isInternalHost(registry.hostname)) return null;
  return url;
}

/** The registry is authoritative for registrar, dates and server statuses; the registrar adds its own. */
function combine(
  domainAscii: string,
  server: string,
  registry: RdapDomainFacts,
  registrar: RdapDomainFacts | null,
): LookupAnswer {
  const statuses = [...new Set([...registry.statuses, ...(registrar?.statuses ?? [])])];
  const tld = domainAscii.slice(domainAscii.lastIndexOf('.') + 1);
  const term = registrationTerm({
    expiresAt: registry.expiresAt ?? registrar?.expiresAt ?? null,
    registrarExpiresAt:
      registrar?.registrarExpiresAt ?? registrar?.expiresAt ?? registry.registrarExpiresAt ?? null,
    statuses,
    gtld: kindOfTld(tld) !== 'cctld',
  });
  const registrarName = registry.registrar ?? registrar?.registrar ?? null;
  // Without an expiration or a registrar the engine could only guess: report the answer as incomplete.
  if (term.expiresAt === null || registrarName === null) return emptyAnswer(server, 'error', 'incomplete');
  return {
    server,
    outcome: 'found',
    registrar: registrarName,
    registrarIanaId: registry.registrarIanaId ?? registrar?.registrarIanaId ?? null,
    registeredAt: registry.registeredAt ?? registrar?.registeredAt ?? null,
    expiresAt: term.expiresAt,
    renewalGraceUntil: term.renewalGraceUntil,
    statuses,
    holderName: null,
  };
}
