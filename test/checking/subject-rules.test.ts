/**
 * The check use case over a facts source: what it consulted reaches the findings, and the subject
 * rule of domain certificates (Guangdong: an individual with more than 5 domains of different
 * prefixes) counts a precheck's inputs together with the subject's filed domains, while a bulk file's
 * rows, which are unrelated domains, count each alone.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { BulkRowResult } from '../../src/checking/index.ts';
import { bulkCheck, checkDomains } from '../../src/checking/index.ts';
import { createMemoryFacts } from '../../src/facts/memory-facts.ts';
import type { RegistrySubject } from '../../src/facts/types.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { CheckResult } from '../../src/rules/index.ts';

const policy = loadPolicy();
const NOW = () => new Date('2026-11-28T04:00:00.000Z');
const PERSON = {
  name: '王小明',
  type: 'individual',
  idType: 'resident-id',
  idNumber: '11010519491231002X',
} as const;

/** The person's filed websites in Guangdong, one domain each (one domain per website since 2019). */
function filedSubject(domains: string[]): RegistrySubject {
  return {
    subjectNumber: '粤ICP备2021000001号',
    province: '440000',
    subject: { ...PERSON },
    provider: 'other',
    account: null,
    state: 'filed',
    websites: domains.map((domain, i) => ({
      number: `粤ICP备2021000001号-${i + 1}`,
      domains: [domain],
      providers: ['other'],
    })),
  };
}

const FOUR = ['a-site.cn', 'b-site.cn', 'c-site.com', 'd-site.net'];
const checker = { policy, facts: createMemoryFacts({ subjects: [filedSubject(FOUR)] }) };
const request = {
  province: '广东',
  subjectType: 'individual',
  subjectName: PERSON.name,
  subjectIdType: 'resident-id',
  subjectId: PERSON.idNumber,
} as const;

const certificates = (result: CheckResult | undefined) =>
  (result?.findings ?? []).filter((f) => f.code === 'DOMAIN_CERTIFICATE_REQUIRED');

describe('the check use case', () => {
  it('passes what the facts source consulted to the findings (memory facts: in-memory data)', async () => {
    const report = await checkDomains(checker, { inputs: ['baidu.com'] }, NOW);
    const finding = report.results[0]?.findings.find((f) => f.code === 'DOMAIN_NOT_REGISTERED');
    assert.deepEqual(finding?.evidence.consulted, ['memory']);
    assert.match(finding?.message.en ?? '', /consulted here: in-memory data\.$/);
  });

  it('a precheck counts its inputs with the filed domains: 4 filed + 2 new prefixes is 6, past 5', async () => {
    const report = await checkDomains(checker, { ...request, inputs: ['e-site.cn', 'f-site.cn'] }, NOW);
    for (const result of report.results) {
      const [finding] = certificates(result);
      assert.equal(finding?.evidence.domainPrefixes, 6, result.input);
      assert.equal(finding?.evidence.policyEntry, 'domain-certificate-threshold-440000-2025');
    }
  });

  it('one new prefix beside the four filed is 5: no certificate asked for', async () => {
    const report = await checkDomains(checker, { ...request, inputs: ['e-site.cn', 'a-site.com'] }, NOW);
    assert.deepEqual(report.results.flatMap(certificates), []);
  });

  it('a bulk file counts each row alone with the filed domains (rows are unrelated domains)', async () => {
    const rows: BulkRowResult[] = [];
    await bulkCheck({
      checker,
      // One batch, as a reader yields it: both rows in the same chunk.
      rows: Readable.from([
        [
          { line: 1, input: 'e-site.cn' },
          { line: 2, input: 'f-site.cn' },
        ],
      ]),
      defaults: request,
      write: (row) => void rows.push(row),
      reject: (error) => assert.fail(error.message.en),
      now: NOW,
    });
    assert.equal(rows.length, 2);
    assert.deepEqual(
      rows.flatMap((row) => certificates(row.result)),
      [],
    );
  });
});
