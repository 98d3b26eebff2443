/**
 * Micro-benchmark: parseDomainInput (normalise + IDNA checks + PSL split) against tldts.parse alone,
 * on 200k realistic host names. Goal: at least 1/3 of tldts.parse's rate.
 *
 *   node --import tsx bench/domain-name.bench.ts [--runs 5] [--hosts 200000]
 *
 * Hosts: the registrable domains of /work/shared/data/china-served-domains.txt (or data/ beside the repo
 * when that path is absent), with 0–3 subdomain labels, a quarter of them moved under Chinese suffixes or
 * given a Chinese label. Deterministic: a fixed-seed PRNG.
 * The GC runs in other threads too, so CPU time includes it; compare ratios, not absolute rates.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'tldts';
import { parseDomainInput } from '../src/domain-name/index.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    hosts: { type: 'string', default: '200000' },
    corpus: { type: 'string', default: '/work/shared/data/china-served-domains.txt' },
  },
});
const runs = Number(values.runs);
const hostCount = Number(values.hosts);

/** mulberry32: a small seeded PRNG, so every run measures the same hosts. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function loadCorpus(path: string): string[] {
  if (!existsSync(path)) {
    return ['example-shop.com', 'baidu.com', 'qq.com', 'taobao.com', 'jd.com', 'weibo.com', 'bilibili.com'];
  }
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function generateHosts(count: number): string[] {
  const random = prng(20261128);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const corpus = loadCorpus(values.corpus);
  const subdomains = ['www', 'm', 'api', 'cdn', 'static', 'img', 'mail', 'shop', 'a1', 'web-01'];
  const chineseSuffixes = [
    '中国',
    'xn--fiqs8s',
    '公司.cn',
    '网址',
    'com.cn',
    'cn',
    'net.cn',
    'gov.cn',
    '政务.cn',
  ];
  const chineseLabels = ['例子', '北京科技', '测试网', '商城', '中文网站'];
  const hosts: string[] = [];
  for (let i = 0; i < count; i++) {
    let host = corpus[i % corpus.length] ?? 'example-shop.com';
    if (random() < 0.25) {
      // Chinese: a Chinese registrable label and/or a Chinese suffix.
      const name = random() < 0.5 ? pick(chineseLabels) : host.slice(0, host.indexOf('.'));
      host = `${name}.${pick(chineseSuffixes)}`;
    }
    const depth = Math.floor(random() * 4);
    for (let d = 0; d < depth; d++) host = `${pick(subdomains)}.${host}`;
    hosts.push(host);
  }
  return hosts;
}

/**
 * CPU seconds this process spent since `start` (user + system). On a shared machine wall time also
 * counts the time other processes held the core; CPU time does not.
 */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Hosts per CPU second over one pass. One loop per function keeps each call site monomorphic. */
function rateTldts(hosts: readonly string[]): number {
  let sink = 0;
  const start = process.cpuUsage();
  for (const host of hosts) if (parse(host).domain !== null) sink++;
  return sink >= 0 ? hosts.length / cpuSeconds(start) : 0;
}

function rateOurs(hosts: readonly string[]): number {
  let sink = 0;
  const start = process.cpuUsage();
  for (const host of hosts) if (parseDomainInput(host).ok) sink++;
  return sink >= 0 ? hosts.length / cpuSeconds(start) : 0;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const format = (rate: number): string => Math.round(rate).toLocaleString('en-US').padStart(11);

/**
 * The two functions alternate within each run and the ratio is taken per run, so that load from other
 * processes on a shared machine affects both sides of a ratio alike.
 */
function compare(label: string, hosts: readonly string[]): void {
  const warmUp = hosts.slice(0, 20_000);
  rateTldts(warmUp);
  rateOurs(warmUp);
  const tldtsRates: number[] = [];
  const oursRates: number[] = [];
  const ratios: number[] = [];
  for (let run = 0; run < runs; run++) {
    const tldtsRate = rateTldts(hosts);
    const oursRate = rateOurs(hosts);
    tldtsRates.push(tldtsRate);
    oursRates.push(oursRate);
    ratios.push(oursRate / tldtsRate);
  }
  console.log(`${label}`);
  console.log(`  tldts.parse(h)       ${format(median(tldtsRates))} ops/s`);
  console.log(`  parseDomainInput(h)  ${format(median(oursRates))} ops/s`);
  console.log(
    `  ratio (median of per-run ratios): ${median(ratios).toFixed(2)}  [${ratios.map((r) => r.toFixed(2)).join(' ')}]`,
  );
}

const hosts = generateHosts(hostCount);
function isAscii(host: string): boolean {
  for (let i = 0; i < host.length; i++) if (host.charCodeAt(i) > 0x7f) return false;
  return true;
}
const asciiHosts = hosts.filter(isAscii);
const accepted = hosts.filter((host) => parseDomainInput(host).ok).length;
console.log(
  `${hosts.length} hosts, ${((100 * (hosts.length - asciiHosts.length)) / hosts.length).toFixed(1)} % non-ASCII, ` +
    `${((100 * accepted) / hosts.length).toFixed(1)} % accepted; ${runs} runs after a 20k warm-up; rates per CPU second`,
);
compare('all hosts', hosts);
compare(`ASCII hosts only (${asciiHosts.length})`, asciiHosts);
const otherHosts = hosts.filter((host) => !isAscii(host));
compare(`non-ASCII hosts only (${otherHosts.length})`, otherHosts);
