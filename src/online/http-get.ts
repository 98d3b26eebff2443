/**
 * One bounded HTTP GET for RDAP (RFC 7480): redirects followed by hand (at most `maxRedirects`, RFC 7480
 * §5.2), one timeout for the whole exchange including the body, and a body size cap enforced while
 * streaming, so a hostile or broken server can cost neither unbounded time nor memory.
 */

type HttpGetOptions = {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  accept: string;
  /** For Retry-After given as an HTTP date. */
  now: () => Date;
};

export type HttpGetResult =
  | { kind: 'ok'; url: string; body: string }
  | { kind: 'not-found'; url: string }
  | { kind: 'rate-limited'; url: string; retryAfterMs: number | null }
  | { kind: 'error'; url: string; error: string };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const UTF8 = new TextDecoder('utf-8');

export async function httpGet(start: URL, options: HttpGetOptions): Promise<HttpGetResult> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = start;
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, {
        headers: { accept: options.accept },
        redirect: 'manual',
        signal,
      });
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location !== null) {
        await response.body?.cancel();
        if (hop >= options.maxRedirects) return { kind: 'error', url: url.href, error: 'too-many-redirects' };
        const next = URL.canParse(location, url.href) ? new URL(location, url) : null;
        if (!next || !/^https?:$/.test(next.protocol)) {
          return { kind: 'error', url: url.href, error: 'bad-redirect' };
        }
        url = next;
        continue;
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return { kind: 'not-found', url: url.href };
      }
      if (response.status === 429) {
        await response.body?.cancel();
        return {
          kind: 'rate-limited',
          url: url.href,
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), options.now()),
        };
      }
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel();
        return { kind: 'error', url: url.href, error: `http-${response.status}` };
      }
      const body = await readCapped(response, options.maxBytes);
      return body === null
        ? { kind: 'error', url: url.href, error: 'too-large' }
        : { kind: 'ok', url: url.href, body };
    }
  } catch {
    return { kind: 'error', url: url.href, error: signal.aborted ? 'timeout' : 'network' };
  }
}

/** The body as text, or null once it grows past `maxBytes` (the rest is never read). */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  const length = response.headers.get('content-length');
  const declared = length === null ? NaN : Number(length);
  if (declared > maxBytes) {
    await response.body?.cancel();
    return null;
  }
  if (!response.body) return '';
  // A declared length within the cap (HTTP framing holds the server to it): one read of the whole body,
  // where the loop below costs an event-loop turn per chunk.
  if (Number.isInteger(declared)) return UTF8.decode(await response.arrayBuffer());
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return UTF8.decode(Buffer.concat(chunks));
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; null when absent or unreadable. */
function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
