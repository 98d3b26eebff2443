/**
 * WHOIS (port 43) servers for TLDs without RDAP: .cn and .中国/.中國 are not in IANA's RDAP bootstrap
 * (CNNIC runs no public RDAP), so their facts come from CNNIC's WHOIS. data/whois-servers.json holds
 * the servers with their sources; BEIAN_WHOIS_SERVERS names an operator's file of the same shape.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SOURCE_KINDS } from '../policy/index.ts';
import { LocalizedError } from '../shared/index.ts';

export const DEFAULT_WHOIS_SERVERS_PATH = fileURLToPath(
  new URL('../../data/whois-servers.json', import.meta.url),
);

export class WhoisServersError extends LocalizedError {}

const sourceSchema = z.object({
  title: z.string(),
  url: z.string().optional(),
  date: z.string().optional(),
  kind: z.enum(SOURCE_KINDS).optional(),
});

const entrySchema = z.object({
  /** Lower-case A-label of the TLD. */
  tld: z.string().min(1),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(43),
  /** The reply format the parser expects; only CNNIC's is known. */
  format: z.literal('cnnic'),
  confidence: z.enum(['high', 'medium', 'low', 'unsourced']),
  sources: z.array(sourceSchema).min(1),
  note: z.string().optional(),
});
/** WHOIS 服务器 — the port-43 server of a TLD without RDAP, with its reply format and sources. */
export type WhoisServer = z.output<typeof entrySchema>;

const fileSchema = z.object({
  source: z.string(),
  snapshotDate: z.string(),
  description: z.string(),
  entries: z.array(entrySchema),
});

export type WhoisServers = {
  readonly entries: readonly WhoisServer[];
  /** The server of the longest matching label suffix, or null. */
  serverFor(domainAscii: string): WhoisServer | null;
};

export function parseWhoisServers(text: string, origin: string): WhoisServers {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new WhoisServersError({
      zh: `${origin} 不是合法的 JSON：${detail}`,
      en: `${origin} is not valid JSON: ${detail}`,
    });
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || '(root)';
    throw new WhoisServersError({
      zh: `${origin}：${path}：${issue?.message ?? ''}`,
      en: `${origin}: ${path}: ${issue?.message ?? ''}`,
    });
  }
  const byTld = new Map(parsed.data.entries.map((entry) => [entry.tld.toLowerCase(), entry]));
  return {
    entries: parsed.data.entries,
    serverFor(domainAscii) {
      const labels = domainAscii.toLowerCase().split('.');
      for (let i = 0; i < labels.length; i++) {
        const server = byTld.get(labels.slice(i).join('.'));
        if (server) return server;
      }
      return null;
    },
  };
}

export function loadWhoisServers(path: string = DEFAULT_WHOIS_SERVERS_PATH): WhoisServers {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new WhoisServersError({
      zh: `无法读取 WHOIS 服务器文件：${path}`,
      en: `cannot read the WHOIS servers file: ${path}`,
    });
  }
  return parseWhoisServers(text, path);
}
