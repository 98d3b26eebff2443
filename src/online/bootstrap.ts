/**
 * RDAP bootstrap (RFC 9224): IANA's `dns.json` maps TLD labels to RDAP base URLs. beian bundles a
 * snapshot (data/rdap-bootstrap/dns.json, see data/README.md) and never fetches IANA on a lookup;
 * `beian rdap update-bootstrap` replaces it, and BEIAN_RDAP_BOOTSTRAP points at an operator's copy.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LocalizedError } from '../shared/index.ts';

export const DEFAULT_BOOTSTRAP_PATH = fileURLToPath(
  new URL('../../data/rdap-bootstrap/dns.json', import.meta.url),
);

/** A bootstrap file that is not RFC 9224's shape; the message names the file and the JSON path. */
export class BootstrapError extends LocalizedError {}

const publication = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), { message: 'expected an RFC 3339 date-time' });

/** RFC 9224 §4: `services` is an array of [labels, base URLs] pairs. */
const bootstrapSchema = z.object({
  version: z.string(),
  publication,
  description: z.string().optional(),
  services: z.array(
    z.tuple([z.array(z.string().min(1).max(253)).min(1), z.array(z.string().min(1).max(2048)).min(1)]),
  ),
});
type BootstrapFile = z.output<typeof bootstrapSchema>;

/** RDAP 引导文件 — which RDAP server answers for which TLD (RFC 9224). */
export type RdapBootstrap = {
  readonly file: BootstrapFile;
  /** Lower-case A-label → base URL (ending in `/`). */
  readonly bases: ReadonlyMap<string, string>;
  /** The base URL of the longest label suffix of the domain (RFC 9224 §4), or null. */
  baseFor(domainAscii: string): string | null;
};

/** Validates a bootstrap document; `origin` (a path or URL) names it in errors. */
export function parseBootstrap(text: string, origin: string): RdapBootstrap {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new BootstrapError({
      zh: `${origin} 不是合法的 JSON：${detail}`,
      en: `${origin} is not valid JSON: ${detail}`,
    });
  }
  const parsed = bootstrapSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || '(root)';
    throw new BootstrapError({
      zh: `${origin} 不是 RDAP 引导文件（RFC 9224）：${path}：${issue?.message ?? ''}`,
      en: `${origin} is not an RDAP bootstrap file (RFC 9224): ${path}: ${issue?.message ?? ''}`,
    });
  }
  const bases = new Map<string, string>();
  parsed.data.services.forEach(([labels, urls], index) => {
    const base = preferredBase(urls);
    if (base === null) {
      throw new BootstrapError({
        zh: `${origin}：services.${index} 没有可用的 http(s) 地址`,
        en: `${origin}: services.${index} has no usable http(s) URL`,
      });
    }
    for (const label of labels) bases.set(label.toLowerCase(), base);
  });
  return {
    file: parsed.data,
    bases,
    baseFor(domainAscii) {
      // Longest match first: `example.co.uk` tries `example.co.uk`, `co.uk`, then `uk`.
      const labels = domainAscii.toLowerCase().split('.');
      for (let i = 0; i < labels.length; i++) {
        const base = bases.get(labels.slice(i).join('.'));
        if (base !== undefined) return base;
      }
      return null;
    },
  };
}

/** RFC 9224 §4: prefer https when a service lists several URLs; bases must end in `/` for `new URL`. */
function preferredBase(urls: readonly string[]): string | null {
  const usable = urls.filter((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol));
  const base = usable.find((url) => url.startsWith('https:')) ?? usable[0];
  if (base === undefined) return null;
  return base.endsWith('/') ? base : `${base}/`;
}

export function loadBootstrap(path: string = DEFAULT_BOOTSTRAP_PATH): RdapBootstrap {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new BootstrapError({
      zh: `无法读取 RDAP 引导文件：${path}`,
      en: `cannot read the RDAP bootstrap file: ${path}`,
    });
  }
  return parseBootstrap(text, path);
}

/** A warning when the snapshot is older than this: IANA updates the file as registries add RDAP. */
export const BOOTSTRAP_STALE_DAYS = 90;

export function bootstrapAgeDays(bootstrap: RdapBootstrap, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(bootstrap.file.publication)) / 86_400_000);
}

type BootstrapDiff = { added: string[]; removed: string[]; changed: string[] };

/** What replacing `before` with `after` changes: TLDs added, removed, or served from another base URL. */
export function diffBootstrap(before: RdapBootstrap, after: RdapBootstrap): BootstrapDiff {
  const added: string[] = [];
  const changed: string[] = [];
  for (const [label, base] of after.bases) {
    const old = before.bases.get(label);
    if (old === undefined) added.push(label);
    else if (old !== base) changed.push(label);
  }
  const removed = [...before.bases.keys()].filter((label) => !after.bases.has(label));
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort() };
}
