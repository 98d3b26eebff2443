/**
 * 接入信息 — what MIIT records of how a filed website is served: the provider (接入商), the access
 * method (接入方式), where the server stands (服务器放置地, a province) and the public IP addresses it is
 * served from (Huawei Cloud 备案信息: "IP：请填写备案服务器的公网IP地址"). And 备案资源 — the server a
 * customer bought, whose 备案服务码 (filing service codes) let one website each be filed on it (Alibaba
 * Cloud: "一个备案服务码只能备案一个网站且对应一个主体"). Sources and dates: data/access-resources.json.
 */
import { randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import type { Localized } from '../shared/index.ts';
import { addFieldIssue, fieldIssue, onObjects, type PathIssue } from './field-errors.ts';
import { textIssues } from './subject.ts';

const l = (zh: string, en: string): Localized => ({ zh, en });

/** 接入方式 — how the provider connects the website (data/access-resources.json, confidence medium). */
export const ACCESS_METHODS = {
  'cloud-server': l('云服务器', 'cloud server'),
  'virtual-host': l('虚拟主机', 'virtual host'),
  colocation: l('主机托管', 'server colocation'),
  'dedicated-line': l('专线', 'dedicated line'),
  other: l('其他', 'other'),
} as const;
export type AccessMethod = keyof typeof ACCESS_METHODS;
const ACCESS_METHOD_KEYS = Object.keys(ACCESS_METHODS) as [AccessMethod, ...AccessMethod[]];

/**
 * Address blocks no website is served from on the public Internet, each with the RFC that reserves it:
 * RFC 6890 (special-purpose registries), RFC 5737 (IPv4 documentation) and RFC 3849 (IPv6
 * documentation). A filing names the server's public address, so any of these is a typing error or a
 * private address copied from the server's own configuration.
 */
const SPECIAL_RANGES: readonly { cidr: string; kind: Localized; rfc: string }[] = [
  { cidr: '0.0.0.0/8', kind: l('本网络地址', '"this network"'), rfc: 'RFC 6890' },
  { cidr: '10.0.0.0/8', kind: l('私有地址', 'private'), rfc: 'RFC 6890' },
  { cidr: '100.64.0.0/10', kind: l('运营商共享地址', 'shared address space'), rfc: 'RFC 6890' },
  { cidr: '127.0.0.0/8', kind: l('环回地址', 'loopback'), rfc: 'RFC 6890' },
  { cidr: '169.254.0.0/16', kind: l('链路本地地址', 'link-local'), rfc: 'RFC 6890' },
  { cidr: '172.16.0.0/12', kind: l('私有地址', 'private'), rfc: 'RFC 6890' },
  { cidr: '192.0.0.0/24', kind: l('协议保留地址', 'IETF protocol assignments'), rfc: 'RFC 6890' },
  { cidr: '192.0.2.0/24', kind: l('文档示例地址', 'documentation'), rfc: 'RFC 5737' },
  { cidr: '192.168.0.0/16', kind: l('私有地址', 'private'), rfc: 'RFC 6890' },
  { cidr: '198.18.0.0/15', kind: l('基准测试地址', 'benchmarking'), rfc: 'RFC 6890' },
  { cidr: '198.51.100.0/24', kind: l('文档示例地址', 'documentation'), rfc: 'RFC 5737' },
  { cidr: '203.0.113.0/24', kind: l('文档示例地址', 'documentation'), rfc: 'RFC 5737' },
  { cidr: '224.0.0.0/4', kind: l('组播地址', 'multicast'), rfc: 'RFC 5771' },
  { cidr: '240.0.0.0/4', kind: l('保留地址', 'reserved'), rfc: 'RFC 6890' },
  { cidr: '::/128', kind: l('未指定地址', 'unspecified'), rfc: 'RFC 6890' },
  { cidr: '::1/128', kind: l('环回地址', 'loopback'), rfc: 'RFC 6890' },
  { cidr: '::ffff:0:0/96', kind: l('IPv4 映射地址', 'IPv4-mapped'), rfc: 'RFC 6890' },
  { cidr: '100::/64', kind: l('丢弃地址', 'discard-only'), rfc: 'RFC 6890' },
  { cidr: '2001::/23', kind: l('协议保留地址', 'IETF protocol assignments'), rfc: 'RFC 6890' },
  { cidr: '2001:db8::/32', kind: l('文档示例地址', 'documentation'), rfc: 'RFC 3849' },
  { cidr: 'fc00::/7', kind: l('唯一本地地址（私有）', 'unique local (private)'), rfc: 'RFC 6890' },
  { cidr: 'fe80::/10', kind: l('链路本地地址', 'link-local'), rfc: 'RFC 6890' },
  { cidr: 'ff00::/8', kind: l('组播地址', 'multicast'), rfc: 'RFC 4291' },
];

type Family = 'ipv4' | 'ipv6';
/** A CIDR as text → its parts, or null. `10.0.0.0/8`, `2400:3200::/32`, or one address. */
export function parseCidr(text: string): { address: string; prefix: number; family: Family } | null {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

const special = SPECIAL_RANGES.map((range) => {
  const parsed = parseCidr(range.cidr);
  if (!parsed) throw new Error(`bad special range ${range.cidr}`);
  const list = new BlockList();
  list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  return { ...range, list, family: parsed.family };
});

/** 公网 IP 核对结果: the address in its canonical text, or why it cannot be filed. */
export type PublicIpResult =
  | { ok: true; address: string; family: Family }
  | { ok: false; reason: 'not-ip' }
  | { ok: false; reason: 'special'; kind: Localized; rfc: string };

/** Longest input looked at: an IPv6 address is at most 45 characters (with an embedded IPv4). */
const MAX_IP_TEXT = 64;

/** Canonical text of an address node:net accepted: lower case, IPv6 compressed by URL's serialiser. */
function canonical(address: string, family: Family): string {
  return family === 'ipv4' ? address : new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/** Whether `text` is a public IPv4 or IPv6 address a website may be filed with (node:net decides syntax). */
export function parsePublicIp(text: string): PublicIpResult {
  const trimmed = text.trim();
  if (trimmed.length > MAX_IP_TEXT) return { ok: false, reason: 'not-ip' };
  const version = isIP(trimmed);
  if (version === 0) return { ok: false, reason: 'not-ip' };
  const family: Family = version === 4 ? 'ipv4' : 'ipv6';
  const hit = special.find((range) => range.family === family && range.list.check(trimmed, family));
  if (hit) return { ok: false, reason: 'special', kind: hit.kind, rfc: hit.rfc };
  return { ok: true, address: canonical(trimmed, family), family };
}

/** 接入商地址段 — the provider's declared ranges (BEIAN_PROVIDER_CIDRS, the ranges the compliance monitor reads too); null: none declared. */
export type ProviderRanges = readonly { address: string; prefix: number; family: Family }[] | null;

/** Whether `ip` (a valid address) lies in one of `ranges`; with no ranges declared every address does. */
export function inProviderRanges(ip: string, ranges: ProviderRanges): boolean {
  if (ranges === null) return true;
  const family: Family = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  for (const range of ranges) list.addSubnet(range.address, range.prefix, range.family);
  return list.check(ip, family);
}

/** IP list issues at `path` (each address public, none twice); `ranges` adds the provider's ranges. */
export function ipListIssues(
  ips: readonly unknown[],
  path: PropertyKey[],
  ranges: ProviderRanges,
): PathIssue[] {
  const issues: PathIssue[] = [];
  const seen = new Set<string>();
  ips.forEach((value, i) => {
    if (typeof value !== 'string') return;
    const result = parsePublicIp(value);
    const at = [...path, i];
    if (!result.ok) {
      issues.push(
        result.reason === 'not-ip'
          ? fieldIssue(at, 'IP_INVALID', {
              field: l('IP 地址', 'IP address'),
              ip: value.slice(0, MAX_IP_TEXT),
            })
          : fieldIssue(at, 'IP_NOT_PUBLIC', { ip: value.trim(), range: result.kind, rfc: result.rfc }),
      );
    } else if (seen.has(result.address)) {
      issues.push(fieldIssue(at, 'IP_DUPLICATE', { ip: result.address }));
    } else {
      seen.add(result.address);
      if (!inProviderRanges(result.address, ranges))
        issues.push(fieldIssue(at, 'IP_OUTSIDE_PROVIDER_RANGES', { ip: result.address }));
    }
  });
  return issues;
}

/** At most this many addresses per server or website (a server with more is registered in parts). */
export const MAX_IPS = 32;
/** At most this many codes per resource, whatever the setting asks (Alibaba Cloud GrantBsnCode: 1–20 a call). */
export const MAX_CODES_PER_RESOURCE = 100;

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (text) =>
      !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
      new Date(`${text}T00:00:00Z`).toISOString().startsWith(text),
  );

/**
 * 备案资源 as an operator registers it: the account that bought it (by login), a name (an instance id),
 * the access method, the server's province, its public IPs and its paid term (dates, Asia/Shanghai).
 * `codeQuota`: codes to issue, else the configured number.
 */
export function makeResourceSchema(options: {
  findProvince: (name: string) => string | null;
  ranges: ProviderRanges;
}) {
  return z
    .strictObject({
      account: z.string().trim().min(1).max(64),
      label: z.string().trim(),
      accessMethod: z.enum(ACCESS_METHOD_KEYS),
      province: z.string().trim().min(1).max(20),
      ips: z.array(z.string().trim()).min(1).max(MAX_IPS),
      termStart: isoDate,
      termEnd: isoDate,
      codeQuota: z.number().int().min(1).max(MAX_CODES_PER_RESOURCE).optional(),
    })
    .superRefine((value, ctx) => {
      const v = value as Partial<Record<string, unknown>>;
      const issues: PathIssue[] = [];
      if (typeof v.label === 'string')
        issues.push(...textIssues(v.label.trim(), l('资源名称', 'resource name'), ['label'], 1, 64));
      if (Array.isArray(v.ips)) issues.push(...ipListIssues(v.ips, ['ips'], options.ranges));
      if (typeof v.termStart === 'string' && typeof v.termEnd === 'string' && v.termEnd <= v.termStart)
        issues.push(fieldIssue(['termEnd'], 'RESOURCE_TERM_ORDER'));
      for (const issue of issues) addFieldIssue(ctx, issue.path, issue.code, issue.message);
    }, onObjects)
    .transform((value, ctx) => {
      const province = options.findProvince(value.province);
      if (province === null) {
        addFieldIssue(ctx, ['province'], 'INVALID_VALUE', {
          zh: '服务器放置地不是省级行政区',
          en: 'The server location is not a province',
        });
        return z.NEVER;
      }
      const ips = value.ips.map((ip) => {
        const parsed = parsePublicIp(ip);
        return parsed.ok ? parsed.address : ip;
      });
      return { ...value, province, ips };
    });
}
export type ResourceInput = z.output<ReturnType<typeof makeResourceSchema>>;

/**
 * 备案服务码 — 16 characters of Crockford's base32 (no I, L, O, U: nothing to misread), 80 random
 * bits, shown in groups of four. Random, never sequential: knowing one code tells nothing of another,
 * and at 80 bits guessing a live one is hopeless even without the lookup limit.
 */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16;

export function newServiceCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let text = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    text = (CODE_ALPHABET[Number(bits & 31n)] ?? '0') + text;
    bits >>= 5n;
  }
  return text;
}

/** A code as typed (`abcd-efgh jkmn pqrs`, O for 0, I/L for 1) → its stored form, or null. */
export function normalizeServiceCode(text: string): string | null {
  if (text.length > 64) return null;
  const folded = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (folded.length !== CODE_LENGTH) return null;
  return [...folded].every((c) => CODE_ALPHABET.includes(c)) ? folded : null;
}

/** `ABCDEFGHJKMNPQRS` → `ABCD-EFGH-JKMN-PQRS`. */
export function formatServiceCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/** 服务码状态 — unused → bound (named by a draft) → in filing (submitted) → filed; void ends any. */
export const SERVICE_CODE_STATUSES = ['unused', 'bound', 'in-filing', 'filed', 'void'] as const;
export type ServiceCodeStatus = (typeof SERVICE_CODE_STATUSES)[number];
export const SERVICE_CODE_STATUS_LABELS: Record<ServiceCodeStatus, Localized> = {
  unused: l('未使用', 'unused'),
  bound: l('已绑定', 'bound'),
  'in-filing': l('备案中', 'in filing'),
  filed: l('已备案', 'filed'),
  void: l('已作废', 'void'),
};

/**
 * Whole calendar months from `from` to `to` (YYYY-MM-DD), counting a month only when its day is
 * reached: 2026-01-31 → 2026-04-30 is 2 months. The providers' "剩余有效期不少于3个月" is read so.
 */
export function wholeMonthsBetween(from: string, to: string): number {
  const [fy = 0, fm = 0, fd = 0] = from.split('-').map(Number);
  const [ty = 0, tm = 0, td = 0] = to.split('-').map(Number);
  const months = (ty - fy) * 12 + (tm - fm);
  return td >= fd ? months : months - 1;
}
