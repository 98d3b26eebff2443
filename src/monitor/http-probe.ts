/**
 * The HTTP probe: fetches a home page the polite and safe way. Redirects are followed by hand (at most
 * `maxRedirects`), and every hop's address goes through the SSRF guard at connect time: the probe
 * resolves the name itself (the monitor's DnsProbe) and connects only to an address the guard accepts,
 * so neither a redirect nor a DNS answer can send it into internal addresses. One deadline covers the
 * whole exchange, the body is capped while it streams, and every request names beian in its User-Agent.
 */
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import type { AddressGuard } from '../online/index.ts';
import type { HostLimiter } from './host-limiter.ts';
import { createHostLimiter } from './host-limiter.ts';
import type { DnsProbe, HttpAnswer, HttpFailure, HttpProbe } from './types.ts';

export type HttpProbeOptions = {
  dns: DnsProbe;
  guard: AddressGuard;
  userAgent: string;
  /** For the whole exchange, redirects included (default 10 s). */
  timeoutMs?: number;
  /** Body cap (default 2 MiB): a home page's footer is in its HTML, not in megabytes of it. */
  maxBytes?: number;
  /** Default 5 (RFC 9110 §15.4 leaves the limit to the client; browsers allow ~20). */
  maxRedirects?: number;
  /** Concurrent requests per host name (default 2). */
  perHost?: number;
  /** Ports used for URLs without one (tests: their servers' ports); default 80 and 443. */
  ports?: { http?: number; https?: number };
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const UTF8 = new TextDecoder('utf-8');

class ProbeFailure extends Error {
  constructor(readonly reason: HttpFailure) {
    super(reason);
  }
}

export function createHttpProbe(options: HttpProbeOptions): HttpProbe {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const limit: HostLimiter = createHostLimiter(options.perHost ?? 2);

  /** Resolves through the monitor's resolver and refuses internal addresses (the connect-time guard). */
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    (options.dns.recent ? options.dns.recent(hostname) : options.dns.resolve(hostname)).then(
      (answer) => {
        if (answer.kind !== 'ok')
          return callback(Object.assign(new Error('dns'), { code: 'ENOTFOUND' }), '', 4);
        const address = answer.addresses.find((a) => options.guard(a).ok);
        if (address === undefined)
          return callback(Object.assign(new Error('internal'), { code: 'EINTERNAL' }), '', 4);
        const family = isIP(address);
        if ((lookupOptions as { all?: boolean }).all) {
          (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
            { address, family },
          ]);
        } else callback(null, address, family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 4),
    );
  };

  const portOf = (url: URL): number | undefined =>
    url.port !== ''
      ? Number(url.port)
      : url.protocol === 'https:'
        ? options.ports?.https
        : options.ports?.http;

  function hop(
    url: URL,
    signal: AbortSignal,
  ): Promise<{ status: number; location: string | null; body: string | null }> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // An IP literal never reaches `lookup`: the guard decides here.
    if (isIP(host) !== 0 && !options.guard(host).ok)
      return Promise.reject(new ProbeFailure('internal-address'));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        {
          protocol: url.protocol,
          hostname: host,
          port: portOf(url),
          path: `${url.pathname}${url.search}`,
          method: 'GET',
          headers: {
            'user-agent': options.userAgent,
            accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
          },
          lookup,
          signal,
          // A home page fetch stands alone: no pooled sockets between customers' sites.
          agent: false,
        },
        (response: IncomingMessage) => {
          const status = response.statusCode ?? 0;
          if (REDIRECTS.has(status)) {
            response.resume();
            return resolve({ status, location: response.headers.location ?? null, body: null });
          }
          if (status < 200 || status > 299) {
            response.resume();
            return resolve({ status, location: null, body: null });
          }
          const declared = Number(response.headers['content-length']);
          if (declared > maxBytes) {
            response.destroy();
            return reject(new ProbeFailure('too-large'));
          }
          const chunks: Buffer[] = [];
          let total = 0;
          response.on('data', (chunk: Buffer) => {
            total += chunk.byteLength;
            if (total > maxBytes) {
              response.destroy();
              reject(new ProbeFailure('too-large'));
            } else chunks.push(chunk);
          });
          response.on('end', () =>
            resolve({ status, location: null, body: UTF8.decode(Buffer.concat(chunks)) }),
          );
          response.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  function failureOf(error: unknown, signal: AbortSignal): HttpFailure {
    if (error instanceof ProbeFailure) return error.reason;
    if (signal.aborted) return 'timeout';
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EINTERNAL') return 'internal-address';
    if (code === 'ENOTFOUND') return 'dns';
    if (/^ERR_TLS|CERT|SSL|^DEPTH_ZERO|^UNABLE_TO/.test(code)) return 'tls';
    return 'network';
  }

  return {
    async get(start: URL): Promise<HttpAnswer> {
      const signal = AbortSignal.timeout(timeoutMs);
      const redirects: string[] = [];
      let url = start;
      try {
        for (let hops = 0; ; hops++) {
          const current = url;
          const answer = await limit(current.hostname, () => hop(current, signal));
          if (answer.location !== null) {
            if (hops >= maxRedirects)
              return { kind: 'failed', url: start.href, reason: 'too-many-redirects', redirects };
            const next = URL.canParse(answer.location, current.href)
              ? new URL(answer.location, current)
              : null;
            if (!next || !/^https?:$/.test(next.protocol))
              return { kind: 'failed', url: start.href, reason: 'bad-redirect', redirects };
            redirects.push(next.href);
            url = next;
            continue;
          }
          if (answer.body === null) {
            return { kind: 'failed', url: start.href, reason: `http-${answer.status}`, redirects };
          }
          return { kind: 'ok', url: start.href, status: answer.status, body: answer.body, redirects };
        }
      } catch (error) {
        return { kind: 'failed', url: start.href, reason: failureOf(error, signal), redirects };
      }
    },
  };
}
