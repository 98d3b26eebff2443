/**
 * The SSRF guard: which hosts and addresses beian may fetch from on someone's behalf. A public lookup
 * (RDAP hop, the compliance monitor's home-page fetch) reaches only public addresses: loopback,
 * private (RFC 1918, RFC 4193), shared (RFC 6598), link-local, multicast, reserved and unspecified
 * ranges are refused (RFC 6890, the IANA special-purpose registries), and so is an IPv6 address that
 * wraps one of them (IPv4-mapped, RFC 4291 §2.5.5.2; NAT64, RFC 6052). Only a test may allow a list of
 * its own addresses (its servers on 127.0.0.1).
 */
import { BlockList, isIP } from 'node:net';

const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 address carries (`::ffff:a.b.c.d`, `64:ff9b::a.b.c.d`), else null. */
function embeddedIpv4(ipv6: string): string | null {
  const lower = ipv6.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1] as string;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const high = parseInt(hex[1] as string, 16);
  const low = parseInt(hex[2] as string, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** A loopback, private, shared, link-local, multicast, reserved or unspecified address. */
export function isInternalAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  const family = isIP(ip);
  if (family === 4) return INTERNAL.check(ip, 'ipv4');
  if (family === 6) {
    const inner = embeddedIpv4(ip);
    if (inner !== null) return INTERNAL.check(inner, 'ipv4');
    return INTERNAL.check(ip, 'ipv6');
  }
  return false;
}

/** A loopback, private, link-local or unspecified address, or `localhost`. */
export function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isInternalAddress(host);
}

/** 地址守卫 — decides whether an address may be connected to; `reason` says why not. */
export type AddressGuard = (address: string) => { ok: true } | { ok: false; reason: 'internal-address' };

/**
 * The guard for fetches on others' behalf. `allow` lists addresses a test's own servers listen on
 * (127.0.0.1); a deployment passes nothing, and nothing internal is ever reached.
 */
export function createAddressGuard(options: { allow?: readonly string[] } = {}): AddressGuard {
  const allowed = new Set(options.allow ?? []);
  return (address) =>
    allowed.has(address) || !isInternalAddress(address)
      ? { ok: true }
      : { ok: false, reason: 'internal-address' };
}
