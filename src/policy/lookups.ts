/** Lookups over the loaded entries: suffix classification, restrictions, registrars and provinces. */
import { domainToASCII } from 'node:url';
import { shanghaiDate } from '../shared/index.ts';
import { IDN_CCTLDS } from './idn-cctlds.ts';
import type { SuffixClassification } from './policy-data.ts';
import type { Province, RegistrarEntry, RestrictedSuffix, SuffixEntry, SuffixKind } from './types.ts';

/**
 * Folds a registrar or subject name for comparison: NFKC (full-width → half-width, （） → ()), lower case,
 * and drops punctuation, symbols, brackets and white space. `Alibaba Cloud Computing (Beijing) Co., Ltd.`
 * → `alibabacloudcomputingbeijingcoltd`.
 */
export function foldName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\p{Cc}\s]/gu, '');
}

/** A suffix in A-label form, lower case, without surrounding dots ('' when it cannot be converted). */
export function normalizeSuffix(suffix: string): string {
  const trimmed = suffix.trim().replace(/^\.+|\.+$/g, '');
  return /^[\x21-\x7e]*$/.test(trimmed) ? trimmed.toLowerCase() : domainToASCII(trimmed);
}

/** The kind of a TLD with no entry: two ASCII letters or a known IDN ccTLD → cctld; other xn-- → idn. */
export function kindOfTld(tldAscii: string): SuffixKind {
  if (/^[a-z]{2}$/.test(tldAscii) || IDN_CCTLDS.has(tldAscii)) return 'cctld';
  return tldAscii.startsWith('xn--') ? 'idn' : 'gtld';
}

/** `com.cn` → [`com.cn`, `cn`]: a suffix and its parents, most specific first. */
function walk(suffixAscii: string): string[] {
  const labels = suffixAscii.split('.');
  return labels.map((_, i) => labels.slice(i).join('.'));
}

/** Whether an entry approves its suffix on an Asia/Shanghai date (`YYYY-MM-DD` compares as a string). */
function suffixApprovedOn(entry: SuffixEntry, date: string): boolean {
  return entry.approved && (entry.approvedFrom === undefined || entry.approvedFrom <= date);
}

export function makeClassifySuffix(
  entries: readonly SuffixEntry[],
): (suffixAscii: string, at: Date) => SuffixClassification {
  const byAscii = new Map(entries.map((e) => [e.ascii, e]));
  return (suffixAscii, at) => {
    const keys = walk(normalizeSuffix(suffixAscii));
    for (const key of keys) {
      const entry = byAscii.get(key);
      if (entry) return { entry, kind: entry.kind, approved: suffixApprovedOn(entry, shanghaiDate(at)) };
    }
    return { entry: null, kind: kindOfTld(keys.at(-1) ?? ''), approved: false };
  };
}

export function makeRestrictionFor(
  entries: readonly RestrictedSuffix[],
): (suffixAscii: string) => RestrictedSuffix | null {
  const byAscii = new Map(entries.map((e) => [e.ascii, e]));
  return (suffixAscii) => {
    for (const key of walk(normalizeSuffix(suffixAscii))) {
      const entry = byAscii.get(key);
      if (entry) return entry;
    }
    return null;
  };
}

const replaceHint = (id: string): string =>
  ` (names and IANA ids identify one registrar; to change ${id}, add an entry with id "${id}", which replaces it)`;

/** Throws when two registrars share a folded name or an IANA id (a lookup would be ambiguous). */
export function makeFindRegistrar(
  entries: readonly RegistrarEntry[],
): (name: string, ianaId: number | null) => RegistrarEntry | null {
  const byName = new Map<string, RegistrarEntry>();
  const byIana = new Map<number, RegistrarEntry>();
  for (const entry of entries) {
    for (const name of [entry.legalName, entry.brand, ...entry.names]) {
      const key = foldName(name);
      if (key === '') {
        throw new Error(`registrar ${entry.id}: name "${name}" has no letters or digits to match on`);
      }
      const other = byName.get(key);
      if (other && other !== entry) {
        throw new Error(
          `registrar name "${name}" of ${entry.id} also belongs to ${other.id}${replaceHint(other.id)}`,
        );
      }
      byName.set(key, entry);
    }
    for (const id of entry.ianaIds) {
      const other = byIana.get(id);
      if (other && other !== entry)
        throw new Error(`IANA id ${id} belongs to both ${other.id} and ${entry.id}${replaceHint(other.id)}`);
      byIana.set(id, entry);
    }
  }
  return (name, ianaId) => {
    const key = foldName(name);
    return (
      (key === '' ? undefined : byName.get(key)) ?? (ianaId === null ? undefined : byIana.get(ianaId)) ?? null
    );
  };
}

/** Province by code, short or full name, ICP prefix or pinyin (case, spaces and hyphens ignored). */
export function makeFindProvince(entries: readonly Province[]): (query: string) => Province | null {
  const byKey = new Map<string, Province>();
  for (const p of entries) {
    for (const key of [p.code, p.name, p.fullName, p.icpPrefix, p.pinyin]) {
      const other = byKey.get(key);
      if (other && other !== p)
        throw new Error(`province key "${key}" is shared by ${other.code} and ${p.code}`);
      byKey.set(key, p);
    }
  }
  return (query) => {
    const q = query.normalize('NFKC').trim();
    const key = /^[A-Za-z][A-Za-z\s'-]*$/.test(q) ? q.toLowerCase().replace(/[\s'-]/g, '') : q;
    return byKey.get(key) ?? null;
  };
}
