/** One domain through the engine: input → findings and filing type. Pure: facts come in as data. */
import { INVALID_REASONS } from '../domain-name/index.ts';
import type { DomainParseResult } from '../domain-name/index.ts';
import type { DomainFacts, RegistrySubject } from '../facts/index.ts';
import { compareInstant } from '../shared/index.ts';
import { factsAsOf, subjectFilingsAsOf } from './as-of.ts';
import { certificateFinding } from './certificate-checks.ts';
import type { CheckContext } from './context.ts';
import { registrationFindings, suffixFindings } from './domain-checks.ts';
import { filedBeforeDomainRules, keptDomainsFinding, waiveDomainRules } from './earlier-filings.ts';
import { filingState } from './filing-state.ts';
import {
  consultedLabel,
  consultedOrigins,
  publicLookupOf,
  realNameUnknownFinding,
  sourceFindings,
} from './public-data-checks.ts';
import { makeFinding } from './render.ts';
import type { CheckResult, Finding } from './types.ts';

export function checkDomain(
  ctx: CheckContext,
  input: string,
  parsed: DomainParseResult,
  factsNow: DomainFacts,
  subjectFilingsNow: readonly RegistrySubject[],
): CheckResult {
  // Evaluated as of `at`: filings approved and applications made later did not exist yet.
  const facts = factsAsOf(ctx, factsNow);
  const subjectFilings = subjectFilingsAsOf(ctx, subjectFilingsNow);
  if (!parsed.ok) {
    // Echo at most 200 characters of hostile input back; the evidence keeps the reason code.
    const shown = input.length > 200 ? `${input.slice(0, 200)}…` : input;
    const finding = makeFinding(
      'DOMAIN_INVALID',
      { input: shown, reason: INVALID_REASONS[parsed.reason] },
      { reason: parsed.reason, detail: parsed.detail ?? null },
    );
    return { input, domain: null, filingType: null, ok: false, findings: [finding] };
  }

  const domain = parsed.domain;
  // One array for every check to append to: no per-check arrays to allocate and copy.
  const findings: Finding[] = [];
  if (domain.subdomain !== '') {
    findings.push(
      makeFinding(
        'SUBDOMAIN_INPUT',
        { unicode: domain.unicode, registrable: domain.registrable },
        { registrable: domain.registrable },
      ),
    );
  }
  // Filed by this subject before 264号: the suffix and registrar findings are waived (earlier-filings.ts).
  const earlier = filedBeforeDomainRules(ctx, facts);
  const beforeSuffix = findings.length;
  suffixFindings(ctx, domain, findings);
  let suffixRefused = false;
  for (let i = beforeSuffix; i < findings.length; i++) {
    if (earlier === null && findings[i]?.code === 'SUFFIX_NOT_APPROVED') suffixRefused = true;
  }

  const registration = facts.registration;
  // Evaluated as of `at`: a registration made later did not exist yet.
  const registeredLater =
    registration?.registeredAt != null && compareInstant(registration.registeredAt, ctx.derived.at) > 0;
  if (registration && !registeredLater) {
    registrationFindings(ctx, domain, registration, findings);
    if (registration.realNameUnknown) {
      const holderName = facts.sources?.find((source) => source.used)?.holderName ?? null;
      findings.push(realNameUnknownFinding(domain.registrable, registration, holderName));
    }
  }
  // An unapproved suffix can never be filed; "not registered" on top of it would only send users looking.
  // Absence is a fact about the data consulted, not about the domain: the finding names what was asked.
  else if (!suffixRefused) {
    const consulted = consultedOrigins(ctx, facts);
    const publicLookup = publicLookupOf(facts);
    findings.push(
      makeFinding(
        'DOMAIN_NOT_REGISTERED',
        {
          registrable: domain.registrable,
          consulted:
            consulted === ctx.consulted
              ? ctx.consultedLabels.registrations
              : consultedLabel(consulted, 'registrations'),
        },
        {
          registeredAt: registeredLater ? (registration?.registeredAt ?? null) : null,
          consulted,
          publicLookup,
        },
        undefined,
        publicLookup === 'not-found' ? 'public-not-found' : undefined,
      ),
    );
  }

  sourceFindings(ctx, domain.registrable, facts, findings);

  const filingType = filingState(ctx, domain, facts, subjectFilings, findings);
  if (earlier) waiveDomainRules(ctx, domain.registrable, earlier, findings);
  const kept = keptDomainsFinding(ctx, domain.registrable, facts);
  if (kept) findings.push(kept);

  const certificate = certificateFinding(ctx);
  if (certificate) findings.push(certificate);

  let ok = true;
  for (const finding of findings) if (finding.severity === 'error') ok = false;
  // Built as literals, not with spreads: a spread is a slow runtime copy, and this runs once a domain.
  const result: CheckResult = {
    input,
    domain: {
      ascii: domain.ascii,
      unicode: domain.unicode,
      registrable: domain.registrable,
      registrableAscii: domain.registrableAscii,
      subdomain: domain.subdomain,
      suffix: domain.suffix,
    },
    filingType,
    ok,
    findings,
  };
  // Only online checks consult several sources; other results keep the contract's shape exactly.
  if (facts.sources) result.sources = facts.sources;
  return result;
}
