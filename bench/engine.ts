/**
 * Engine throughput: parseDomainInput + checkDomain, as a ratio to tldts.parse on the same hosts in the
 * same process (goal ≥ 1/3). Twice: with facts (bench/inputs.ts: registrations, filings, applications
 * in progress, the subject's own filings) and with none, as for a domain no source knows. Prints one
 * JSON line.
 */
import { parse } from 'tldts';
import { parseDomainInput } from '../src/domain-name/index.ts';
import { loadPolicy } from '../src/policy/index.ts';
import { NO_DOMAIN_FACTS } from '../src/facts/index.ts';
import type { DomainFacts } from '../src/facts/index.ts';
import { checkDomain, createCheckContext } from '../src/rules/index.ts';
import { factsFor, loadCorpus, makeHosts, subjectFilingsOfHolder } from './inputs.ts';

const count = Number(process.argv[2] ?? 1_000_000);
const hosts = makeHosts(count, loadCorpus());
const policy = loadPolicy();
const ctx = createCheckContext({
  policy,
  at: new Date('2026-11-28T12:00:00+08:00'),
  province: policy.findProvince('浙江'),
  subject: { name: '杭州示例科技有限公司', idType: 'uscc', idNumber: '91330106MA2B3C4D5D' },
  account: 'bench',
});
// Facts are prepared before timing, one per host as a facts source hands them over: the bench measures
// parsing and the checks, not fact generation nor a million-entry hash table's cache misses.
const factsByDomain = new Map<string, DomainFacts>();
const facts = hosts.map((host) => {
  const parsed = parseDomainInput(host);
  const key = parsed.ok ? parsed.domain.registrableAscii : host;
  let known = factsByDomain.get(key);
  if (known === undefined) factsByDomain.set(key, (known = factsFor(key)));
  return known;
});
factsByDomain.clear();

let sink = 0;
const runs: Record<string, () => void> = {
  'tldts.parse': () => {
    for (const host of hosts) sink += parse(host).domain?.length ?? 0;
  },
  parseDomainInput: () => {
    for (const host of hosts) sink += parseDomainInput(host).ok ? 1 : 0;
  },
  'check (parse + engine)': () => {
    for (let i = 0; i < count; i++) {
      const host = hosts[i] as string;
      const parsed = parseDomainInput(host);
      sink += checkDomain(ctx, host, parsed, facts[i] ?? NO_DOMAIN_FACTS, subjectFilingsOfHolder).findings
        .length;
    }
  },
  'check, no facts': () => {
    for (const host of hosts) {
      sink += checkDomain(ctx, host, parseDomainInput(host), NO_DOMAIN_FACTS, []).findings.length;
    }
  },
};

// Interleaved rounds, one run of each a round; the ratio is taken within a round and the median
// quoted, so drift in the machine's speed (noisy shared cores) cancels out.
const names = Object.keys(runs);
for (const name of names) runs[name]?.(); // warm-up
const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
const ratios: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < 7; round++) {
  const rate: Record<string, number> = {};
  for (const name of names) {
    const started = process.hrtime.bigint();
    runs[name]?.();
    rate[name] = count / (Number(process.hrtime.bigint() - started) / 1e9);
    samples[name]?.push(rate[name]);
  }
  for (const name of names) ratios[name]?.push((rate[name] as number) / (rate['tldts.parse'] as number));
}
const median = (values: number[] = []) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
console.log(
  JSON.stringify({
    bench: 'engine',
    hosts: count,
    opsPerSecond: Object.fromEntries(names.map((name) => [name, Math.round(median(samples[name]))])),
    ratioToTldts: Object.fromEntries(names.map((name) => [name, Number(median(ratios[name]).toFixed(3))])),
    sink: sink > 0,
  }),
);
