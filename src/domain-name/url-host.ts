/**
 * URL → host: the host part of what a user pastes (`https://user@例子.中国:8443/path`, `host:port`,
 * `host/path`), cut from the text itself so that the checks that follow see what was typed.
 */
import type { Failure } from './host-result.ts';
import { fail, quote } from './host-result.ts';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** What makes an input a URL rather than a bare host: a path, query, fragment, userinfo, port or IPv6. */
export const URL_LIKE = /[/?#@:[]/;

/**
 * The host, and whether the whole input parsed as a URL: when it did not, the caller prefers the host's
 * own reason (e.g. a bad label) over "not a valid URL".
 */
type HostExtraction = { ok: true; host: string; validUrl: boolean } | Failure;

/**
 * The host part of a URL (or of `host:port`, `user@host`, `host/path`). WHATWG `new URL()` validates the
 * URL, but the host is cut from the text itself: the parser's own host has already been percent-decoded,
 * IDNA-mapped and IPv4-canonicalised (`0x7f.1` → `127.0.0.1`), which would hide what was typed from the
 * checks that follow.
 */
export function hostFromUrl(input: string): HostExtraction {
  // A bare IPv6 address (`2001:db8::1`) has colons but no brackets; it is no URL authority.
  if (
    !/[/@[]/.test(input) &&
    input.indexOf(':') !== input.lastIndexOf(':') &&
    URL.canParse(`http://[${input}]`)
  ) {
    return fail('ip-address', `${quote(input)} is an IPv6 address`);
  }
  const url = SCHEME.test(input) ? input : input.startsWith('//') ? `http:${input}` : `http://${input}`;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }

  // Authority: from after "//" to the first of / ? # \ (backslash acts as "/" in special URLs).
  const start = url.indexOf('//') + 2;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x2f || c === 0x3f || c === 0x23 || c === 0x5c) {
      end = i;
      break;
    }
  }
  const authority = url.slice(start, end);
  // Userinfo ends at the last "@" (WHATWG URL §4.4, authority state).
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[')) {
    return parsed !== null && parsed.hostname.startsWith('[')
      ? fail('ip-address', `${quote(hostPort.slice(0, hostPort.indexOf(']') + 1))} is an IPv6 address`)
      : fail('invalid-character', `${quote(hostPort)} is not a valid IPv6 literal`);
  }
  const colon = hostPort.indexOf(':');
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon);
  if (host === '') return fail('empty', `the URL ${quote(input)} has no host`);
  if (colon >= 0 && !/^[0-9]*$/.test(hostPort.slice(colon + 1))) {
    return fail('invalid-character', `the port in ${quote(hostPort)} is not a number`);
  }
  return { ok: true, host, validUrl: parsed !== null };
}
