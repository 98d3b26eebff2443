/**
 * Deterministic bench inputs: realistic hosts from the China-served corpus (shared/data), with
 * generated subdomains, .cn zones and Chinese IDNs mixed in, and facts synthesised per domain so that
 * memory stays flat however many rows run.
 */
import { readFileSync } from 'node:fs';
import type {
  DomainFacts,
  DomainRegistration,
  FactsSource,
  RegistrySubject,
  WebsiteFiling,
} from '../src/facts/types.ts';

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
const OTHER_HOLDER = {
  name: '北京另一家科技有限公司',
  type: 'enterprise',
  idType: 'uscc',
  idNumber: '91110105MA01ABCD2X',
} as const;

/** A filed or in-progress website carrying `domain`, as the stores return it. */
function websiteFiling(
  domain: string,
  holder: typeof HOLDER | typeof OTHER_HOLDER,
  provider: 'self' | 'other',
  state: 'filed' | 'in-progress',
): WebsiteFiling {
  const subjectNumber = state === 'filed' ? `${holder === HOLDER ? '浙' : '京'}ICP备2021000001号` : null;
  const website = {
    number: subjectNumber === null ? null : `${subjectNumber}-1`,
    domains: [domain],
    providers: [provider],
  };
  const subject: RegistrySubject = {
    subjectNumber,
    province: holder === HOLDER ? '330000' : '110000',
    subject: holder,
    provider,
    account: provider === 'self' ? (holder === HOLDER ? 'bench' : 'another-account') : null,
    state,
    websites: [website],
  };
  return { subject, website };
}

/**
 * Facts from the domain's hash, as an import or the registrar sandbox gives them (instants in the
 * stores' UTC ISO layout), in twenty buckets: not registered (2), a foreign registrar (2), expired,
 * expiring within the policy's months, real name missing or pending, verified but not yet reported (2),
 * held by another subject who filed it elsewhere, filed by the subject at another provider or here,
 * an application in progress elsewhere, and clean registrations (6). Bench contexts use `HOLDER` as
 * the subject and evaluate at 2026-11-28.
 */
export function factsFor(domain: string): DomainFacts {
  let hash = 0;
  for (let i = 0; i < domain.length; i++) hash = (Math.imul(hash, 31) + domain.charCodeAt(i)) | 0;
  const bucket = (hash >>> 0) % 20;
  if (bucket <= 1) return { registration: null, filing: null, inProgress: [] };
  const foreign = bucket <= 3;
  const realName = bucket === 6 ? 'none' : bucket === 7 ? 'pending' : 'verified';
  const holder = bucket === 10 ? OTHER_HOLDER : HOLDER;
  const registration: DomainRegistration = {
    domain,
    registrar: foreign ? 'GoDaddy.com, LLC' : '阿里云计算有限公司',
    registrarIanaId: foreign ? 146 : 420,
    registeredAt: '2024-03-01T02:00:00.000Z',
    expiresAt:
      bucket === 4
        ? '2026-01-01T00:00:00.000Z'
        : bucket === 5
          ? '2027-01-15T00:00:00.000Z'
          : '2028-03-01T02:00:00.000Z',
    realName: {
      status: realName,
      verifiedAt:
        realName !== 'verified'
          ? null
          : bucket === 8 || bucket === 9
            ? '2026-11-25T02:00:00.000Z'
            : '2024-03-02T02:00:00.000Z',
      reportedAt: realName !== 'verified' || bucket === 8 || bucket === 9 ? null : '2024-03-05T02:00:00.000Z',
      holder: realName === 'none' ? null : holder,
    },
    origin: 'import',
  };
  const filing =
    bucket === 10
      ? websiteFiling(domain, OTHER_HOLDER, 'other', 'filed')
      : bucket === 11
        ? websiteFiling(domain, HOLDER, 'other', 'filed')
        : bucket === 12
          ? websiteFiling(domain, HOLDER, 'self', 'filed')
          : null;
  const inProgress = bucket === 13 ? [websiteFiling(domain, OTHER_HOLDER, 'other', 'in-progress')] : [];
  return { registration, filing, inProgress };
}

/** The bench subject's filings: one website filed at this provider, so new domains are 新增网站. */
export const subjectFilingsOfHolder: RegistrySubject[] = [
  websiteFiling('example-filed.cn', HOLDER, 'self', 'filed').subject,
];

/** A FactsSource over factsFor(): the bulk path without a database, in constant memory. */
export const syntheticFacts: FactsSource = {
  consulted: ['memory'],
  domainFacts(domains) {
    return Promise.resolve(new Map(domains.map((domain) => [domain, factsFor(domain)])));
  },
  subjectFilings(idNumbers) {
    return Promise.resolve(
      new Map(idNumbers.filter((id) => id === HOLDER.idNumber).map((id) => [id, subjectFilingsOfHolder])),
    );
  },
};
