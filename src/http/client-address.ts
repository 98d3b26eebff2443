/**
 * 客户端地址 — the address rate limits, sign-in limits and audit events name. `X-Forwarded-For` is a
 * list any client can start (RFC 7239 §8.1 on the de facto header alike): each proxy appends the
 * address it received the request from, so only the entries appended by proxies the deployment trusts
 * are facts. Without configuration the header is ignored and the socket peer is the client; with N hops
 * the client is the N-th entry from the right; with address ranges, the rightmost entry not in them.
 */
import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { TrustProxy } from '../config/index.ts';
import type { AppEnv } from './context.ts';

/** The socket peer, as Node gives it (an IPv4 peer on a dual-stack socket as `::ffff:a.b.c.d`). */
export function socketAddress(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  return normalize(env?.incoming?.socket.remoteAddress ?? 'unknown');
}

/** `::ffff:192.0.2.1` → `192.0.2.1`, so one client has one key and IPv4 ranges match it. */
function normalize(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  return mapped ?? address;
}

/** The entries of every X-Forwarded-For header, leftmost first (a header may be sent more than once). */
function forwardedFor(c: Context<AppEnv>): string[] {
  const header = c.req.header('x-forwarded-for');
  if (header === undefined) return [];
  return header
    .split(',')
    .map((entry) => normalize(entry.trim()))
    .filter((entry) => entry !== '');
}

/** Whether a request names a client of its own (a proxy forwarded it, or someone claims one did). */
export function isForwarded(c: Context<AppEnv>): boolean {
  return ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((name) => c.req.header(name) !== undefined);
}

export function clientAddressResolver(trust: TrustProxy): (c: Context<AppEnv>) => string {
  if (trust.kind === 'none') return socketAddress;
  if (trust.kind === 'hops') {
    return (c) => {
      const chain = [...forwardedFor(c), socketAddress(c)];
      // chain[length - 1] is the nearest proxy; N proxies appended the N entries before it. Fewer
      // entries than hops: the request skipped a proxy, and the leftmost one is the best known.
      const entry = chain[Math.max(0, chain.length - 1 - trust.hops)] ?? socketAddress(c);
      // A trusted proxy appends the address it saw, always an IP; anything else means the hop count is
      // wrong, and the socket peer is then the one address known to be true.
      return isIP(entry) ? entry : socketAddress(c);
    };
  }
  const trusted = new BlockList();
  for (const range of trust.ranges) trusted.addSubnet(range.address, range.prefix, range.family);
  const isTrusted = (address: string): boolean => {
    const version = isIP(address);
    return version !== 0 && trusted.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };
  return (c) => {
    const chain = [...forwardedFor(c), socketAddress(c)];
    for (let i = chain.length - 1; i >= 0; i--) {
      const entry = chain[i] as string;
      if (!isIP(entry)) return chain[i + 1] ?? socketAddress(c);
      if (!isTrusted(entry)) return entry;
    }
    // Every hop is a trusted proxy: the leftmost is the client as far as anyone can tell.
    return chain[0] ?? socketAddress(c);
  };
}
