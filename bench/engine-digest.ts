/**
 * A digest of the engine's full JSON output, for checking that a speed change left every result
 * byte-identical (issue 11): run it on both commits and compare the lines. Covers the real-domain
 * corpus with no facts, hostile and edge inputs, and the bench hosts with bench/inputs.ts facts (as
 * given, and with instants in the `…Z` layout without milliseconds, which takes the parsing path),
 * under five contexts: a subject in 浙江, no subject, a government subject in 广东 with two sources,
 * a subject whose name and number differ only in folding, and an evaluation date before 264号.
 * `node --import tsx bench/engine-digest.ts [hosts]` prints one JSON line; takes about a minute.
 */
import { createHash } from 'node:crypto';
import { parseDomainInput } from '../src/domain-name/index.ts';
import { NO_DOMAIN_FACTS } from '../src/facts/index.ts';
import type { DomainFacts } from '../src/facts/index.ts';
import { loadPolicy } from '../src/policy/index.ts';
import { checkDomain, createCheckContext } from '../src/rules/index.ts';
import { factsFor, loadCorpus, makeHosts, subjectFilingsOfHolder } from './inputs.ts';

const corpus = loadCorpus();
const hosts = makeHosts(Number(process.argv[2] ?? 60_000), corpus, 7);
const EDGE_INPUTS = [
  '',
  ' ',
  'a',
  'localhost',
  'xn--fiqs8s',
  'EXAMPLE.com',
  'www.example.com',
  'http://例子.中国/x',
  '例子。中国。',
  'ＷＷＷ．例子．中国',
  'xn--fsqu00a.xn--fiqs8s',
  'a.b.c.gov.cn',
  '政务.cn',
  'x.政务.cn',
  '1.2.3.4',
  'foo..com',
  '-a.com',
  `${'a'.repeat(70)}.com`,
  'test.ck',
  'www.ck',
  'x.y.z.bj.cn',
  'ab--c.com',
  'xn--zss.com',
  'xn---zss.com',
  'ä.de',
  'مثال.com',
  'a\u200Bb.com',
  '中国',
  'github.io',
  'foo.github.io',
  'zz.zz',
  'a.b.中国',
  '例子.公司',
  '例子.网址',
];
const policy = loadPolicy();
const at = new Date('2026-11-28T12:00:00+08:00');
const subject = { name: '杭州示例科技有限公司', idType: 'uscc', idNumber: '91330106MA2B3C4D5D' } as const;
const contexts = {
  subject: createCheckContext({
    policy,
    at,
    province: policy.findProvince('浙江'),
    subject,
    account: 'bench',
  }),
  none: createCheckContext({ policy, at, province: null }),
  government: createCheckContext({
    policy,
    at,
    province: policy.findProvince('广东'),
    subject: { ...subject, type: 'government' },
    account: 'x',
    consulted: ['import', 'miit-sandbox'],
  }),
  folded: createCheckContext({
    policy,
    at: new Date('2024-03-01T11:00:00+08:00'),
    province: policy.findProvince('北京'),
    subject: { name: '杭州示例科技（有限）公司', idNumber: '91330106ma2b3c4d5d' },
    account: 'bench',
  }),
  before264: createCheckContext({
    policy,
    at: new Date('2017-06-01T00:00:00+08:00'),
    province: policy.findProvince('浙江'),
    subject,
    account: 'bench',
  }),
};

/** `…:00.000Z` → `…:00Z`: the same instant in a layout compareInstant parses instead of comparing. */
const noMillis = <T extends string | null | undefined>(text: T): T =>
  (typeof text === 'string' && text.endsWith('.000Z') ? text.replace('.000Z', 'Z') : text) as T;
function withoutMillis(facts: DomainFacts): DomainFacts {
  const r = facts.registration;
  return {
    ...facts,
    registration: r && {
      ...r,
      registeredAt: noMillis(r.registeredAt),
      expiresAt: noMillis(r.expiresAt),
      realName: {
        ...r.realName,
        verifiedAt: noMillis(r.realName.verifiedAt),
        reportedAt: noMillis(r.realName.reportedAt),
      },
    },
  };
}

const digests: Record<string, string> = {};
let results = 0;
for (const [name, ctx] of Object.entries(contexts)) {
  const hash = createHash('sha256');
  const inputs = name === 'none' ? [...corpus, ...EDGE_INPUTS, ...hosts] : [...EDGE_INPUTS, ...hosts];
  let n = 0;
  for (const input of inputs) {
    const parsed = parseDomainInput(input);
    const facts = factsFor(parsed.ok ? parsed.domain.registrableAscii : input);
    hash.update(JSON.stringify(checkDomain(ctx, input, parsed, NO_DOMAIN_FACTS, [])));
    hash.update(JSON.stringify(checkDomain(ctx, input, parsed, facts, subjectFilingsOfHolder)));
    results += 2;
    if (n++ % 8 === 0) {
      hash.update(
        JSON.stringify(checkDomain(ctx, input, parsed, withoutMillis(facts), subjectFilingsOfHolder)),
      );
      results++;
    }
  }
  digests[name] = hash.digest('hex').slice(0, 16);
}
console.log(JSON.stringify({ bench: 'engine-digest', results, digests }));
