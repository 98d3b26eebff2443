/**
 * Deterministic bench inputs: realistic hosts from the China-served corpus (shared/data), with
 * generated subdomains, .cn zones and Chinese IDNs mixed in, and facts synthesised per domain so that
 * memory stays flat however many rows run.
 */
import { readFileSync } from 'node:fs';
import type { DomainFacts, DomainRegistration, FactsSource, RegistrySubject } from '../src/facts/types.ts';

const CORPUS = new URL('../../shared/data/china-served-domains.txt', import.meta.url);

export function loadCorpus(): string[] {
  try {
    return readFileSync(CORPUS, 'utf8').split('\n').filter(Boolean);
  } catch {
    return ['example-a.com', 'example-b.net', 'example-c.cn'];
  }
}

/** A linear congruential generator: the same hosts on every run. */
export function lcg(seed = 42): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

const PREFIXES = ['www', 'm', 'api', 'shop', 'blog', 'static', 'img', 'cdn'];
const CN_SUFFIXES = [
  'cn',
  'com.cn',
  'net.cn',
  'org.cn',
  'gov.cn',
  'bj.cn',
  '中国',
  'xn--fiqs8s',
  '公司',
  'top',
];
const CJK_WORDS = ['例子', '测试', '商城', '科技', '网络', '示例', '数据', '云'];

export function makeHosts(count: number, corpus: readonly string[], seed = 42): string[] {
  const random = lcg(seed);
  return Array.from({ length: count }, (_, i) => makeHost(random, corpus, i));
}

export function makeHost(random: () => number, corpus: readonly string[], i: number): string {
  const pick = random();
  let base: string;
  if (pick < 0.7) base = corpus[Math.floor(random() * corpus.length)] as string;
  else if (pick < 0.85) base = `site${i % 50_000}.${CN_SUFFIXES[Math.floor(random() * CN_SUFFIXES.length)]}`;
  else
    base = `${CJK_WORDS[Math.floor(random() * CJK_WORDS.length)]}${i % 5000}.${random() < 0.5 ? '中国' : 'cn'}`;
  const depth = random();
  if (depth < 0.55) return base;
  if (depth < 0.9) return `${PREFIXES[Math.floor(random() * PREFIXES.length)]}.${base}`;
  return `a${i % 97}.${PREFIXES[Math.floor(random() * PREFIXES.length)]}.${base}`;
}

const HOLDER = {
  name: '杭州示例科技有限公司',
  type: 'enterprise',
  idType: 'uscc',
  idNumber: '91330106MA2B3C4D5D',
} as const;

/** Facts from the domain's hash: registered (approved registrar, some expired, some unverified) or not. */
export function factsFor(domain: string): DomainFacts {
  let hash = 0;
  for (let i = 0; i < domain.length; i++) hash = (Math.imul(hash, 31) + domain.charCodeAt(i)) | 0;
  const bucket = (hash >>> 0) % 10;
  if (bucket === 0) return { registration: null, filing: null, inProgress: [] };
  const registration: DomainRegistration = {
    domain,
    registrar: bucket === 1 ? 'GoDaddy.com, LLC' : '阿里云计算有限公司',
    registrarIanaId: bucket === 1 ? 146 : 420,
    registeredAt: '2024-03-01T02:00:00.000Z',
    expiresAt: bucket === 2 ? '2026-01-01T00:00:00.000Z' : '2028-03-01T02:00:00.000Z',
    realName: {
      status: bucket === 3 ? 'none' : 'verified',
      verifiedAt: bucket === 3 ? null : '2024-03-02T02:00:00.000Z',
      reportedAt: bucket === 3 || bucket === 4 ? null : '2024-03-05T02:00:00.000Z',
      holder: bucket === 3 ? null : HOLDER,
    },
    origin: 'memory',
  };
  return { registration, filing: null, inProgress: [] };
}

/** A FactsSource over factsFor(): the bulk path without a database, in constant memory. */
export const syntheticFacts: FactsSource = {
  consulted: ['memory'],
  domainFacts(domains) {
    return Promise.resolve(new Map(domains.map((domain) => [domain, factsFor(domain)])));
  },
  subjectFilings() {
    return Promise.resolve(new Map<string, RegistrySubject[]>());
  },
};
