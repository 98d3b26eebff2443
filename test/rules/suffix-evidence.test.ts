/**
 * SUFFIX_NOT_APPROVED as the suffix data decides it since the entries were weighed by one standard of
 * evidence (data/README.md): the suffixes MIIT approved in 2016 pass, a refusal carries the entry's
 * standing and both sides' sources, and an approval applies from its date.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDomainInput } from '../../src/domain-name/index.ts';
import type { DomainFacts } from '../../src/facts/types.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { CheckResult, Finding } from '../../src/rules/index.ts';
import { checkDomain, createCheckContext } from '../../src/rules/index.ts';

const policy = loadPolicy();
const HOLDER = {
  name: '杭州示例科技有限公司',
  type: 'enterprise',
  idType: 'uscc',
  idNumber: '91330106MA2B3C4D5D',
} as const;

/** A domain registered at Alibaba Cloud, verified and reported, held by the filing subject. */
function check(input: string, at = '2026-12-05T12:00:00+08:00'): CheckResult {
  const parsed = parseDomainInput(input);
  assert.ok(parsed.ok, input);
  const facts: DomainFacts = {
    registration: {
      domain: parsed.domain.registrableAscii,
      registrar: '阿里云计算有限公司',
      registrarIanaId: 420,
      registeredAt: '2016-03-01T02:00:00.000Z',
      expiresAt: '2030-03-01T02:00:00.000Z',
      realName: {
        status: 'verified',
        verifiedAt: '2016-03-02T02:00:00.000Z',
        reportedAt: '2016-03-05T02:00:00.000Z',
        holder: { ...HOLDER },
      },
      origin: 'memory',
    },
    filing: null,
    inProgress: [],
  };
  const ctx = createCheckContext({ policy, at: new Date(at), subject: { ...HOLDER }, account: 'li.lei' });
  return checkDomain(ctx, input, parsed, facts, []);
}

const suffixFinding = (result: CheckResult): Finding | undefined =>
  result.findings.find((f) => f.code === 'SUFFIX_NOT_APPROVED');

describe('SUFFIX_NOT_APPROVED under the standard of evidence', () => {
  it('passes .xyz, .club and .vip, approved by MIIT on 2016-12-05, and the later approvals', () => {
    for (const domain of [
      'demo.xyz',
      'demo.club',
      'demo.vip',
      'demo.shop',
      'demo.top',
      'demo.cc',
      'demo.tv',
    ]) {
      const result = check(domain);
      assert.equal(suffixFinding(result), undefined, domain);
      assert.equal(result.ok, true, `${domain}: ${result.findings.map((f) => f.code).join(', ')}`);
    }
  });

  it('refuses .cc on a date before its approval, naming the date in the message', () => {
    const finding = suffixFinding(check('demo.cc', '2019-06-01T12:00:00+08:00'));
    assert.equal(finding?.evidence.status, 'not-yet-approved');
    assert.equal(finding?.evidence.approvedFrom, '2020-07-24');
    assert.match(finding?.message.zh ?? '', /2020-07-24/);
    assert.match(finding?.message.en ?? '', /from 2020-07-24/);
  });

  it('asks nothing of .xyz before 工信部信管〔2017〕264号 took effect (2018-01-01), approved or not', () => {
    assert.equal(suffixFinding(check('demo.xyz', '2016-12-04T12:00:00+08:00')), undefined);
  });

  it('refuses .org and shows the dispute in the evidence: the standing, the note and both sides', () => {
    const finding = suffixFinding(check('demo.org'));
    assert.equal(finding?.severity, 'error');
    assert.equal(finding?.evidence.status, 'not-approved');
    assert.equal(finding?.evidence.confidence, 'medium');
    assert.match(String(finding?.evidence.note), /Conflicting source, discounted/);
    const sources = finding?.evidence.sources;
    assert.ok(Array.isArray(sources));
    // the side that says it cannot be filed, and the 北京管局 list that names .org
    assert.ok(
      sources.some((s) => s.includes('goplus/builder')),
      'refusing source',
    );
    assert.ok(
      sources.some((s) => s.includes('chinaweld')),
      'conflicting source',
    );
    assert.ok(sources.every((s) => s.length > 0 && !s.includes('undefined')));
  });

  it('tells an unverified suffix by its one weak source', () => {
    const finding = suffixFinding(check('demo.icu'));
    assert.deepEqual([finding?.evidence.status, finding?.evidence.confidence], ['unverified', 'low']);
    assert.match(finding?.message.en ?? '', /could not be verified/);
  });
});
