/**
 * The engine over the 110,769 real domains of shared/data/china-served-domains.txt (see its README),
 * with no facts and no subject, as a bulk precheck of an unknown list starts: the tabulation of
 * finding codes is what issue 11's speed work had to leave unchanged, and any change to it is a change
 * in how beian classifies real input. Skipped where the shared data set is not checked out.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { parseDomainInput } from '../../src/domain-name/index.ts';
import { NO_DOMAIN_FACTS } from '../../src/facts/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import { checkDomain, createCheckContext } from '../../src/rules/index.ts';

const CORPUS = new URL('../../../shared/data/china-served-domains.txt', import.meta.url);

function readCorpus(): string[] | null {
  try {
    return readFileSync(CORPUS, 'utf8').split('\n').filter(Boolean);
  } catch {
    return null;
  }
}

const corpus = readCorpus();

it(
  'tabulates the real-domain corpus as before',
  { skip: corpus === null && 'shared/data not present' },
  () => {
    const domains = corpus ?? [];
    assert.equal(domains.length, 110_769);
    const policy = loadPolicy();
    const ctx = createCheckContext({ policy, at: new Date('2026-11-28T12:00:00+08:00') });
    const counts: Record<string, number> = {};
    let ok = 0;
    for (const domain of domains) {
      const result = checkDomain(ctx, domain, parseDomainInput(domain), NO_DOMAIN_FACTS, []);
      if (result.ok) ok++;
      for (const finding of result.findings) counts[finding.code] = (counts[finding.code] ?? 0) + 1;
    }
    assert.deepEqual(counts, {
      DOMAIN_NOT_REGISTERED: 106_808,
      SUFFIX_NOT_APPROVED: 3955,
      SUBDOMAIN_INPUT: 450,
      PARENT_DOMAIN_NOT_FILED: 450,
      DOMAIN_INVALID: 6,
      SUBJECT_NOT_GIVEN: 110_763,
    });
    // Without a registration no domain can be filed.
    assert.equal(ok, 0);
  },
);
