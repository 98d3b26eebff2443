/**
 * 域名证书 (seed FAQ Q6): DOMAIN_CERTIFICATE_REQUIRED where the province's bureau requires a certificate
 * for every filed domain (domainCertificateRequired), or once a subject has more than a number of
 * domains (domainCertificateThreshold: Guangdong, individuals with more than 5 domains of different
 * prefixes). Both say which dated entry decided and how sure its source is: the evidence is thin.
 */
import { CONFIDENCE_LABELS, SUBJECT_TYPE_LABELS } from '../policy/index.ts';
import type { CheckContext } from './context.ts';
import { provinceLabel } from './context.ts';
import { joinLocalized } from './identity.ts';
import { makeFinding } from './render.ts';
import type { CheckResult, Evidence, Finding, Localized } from './types.ts';

const CODE = 'DOMAIN_CERTIFICATE_REQUIRED';

/** The entry's confidence and its primary (first) source's date, for the message and the evidence. */
function basis(ctx: CheckContext, entryId: string): { vars: Record<string, Localized>; evidence: Evidence } {
  const entry = ctx.policy.policies.find((candidate) => candidate.id === entryId);
  const date = entry?.sources[0]?.date ?? null;
  const confidence = entry?.confidence ?? 'unsourced';
  return {
    vars: {
      sourceDate: date === null ? { zh: '未注明日期', en: 'no date' } : { zh: date, en: date },
      confidence: CONFIDENCE_LABELS[confidence],
    },
    evidence: { policyEntry: entryId, confidence, sourceDate: date },
  };
}

/** The province-wide rule: a certificate for every filed domain. */
export function certificateFinding(ctx: CheckContext): Finding | null {
  const rule = ctx.resolved.domainCertificateRequired;
  if (!rule.value || !ctx.province) return null;
  const { vars, evidence } = basis(ctx, rule.entryId);
  return makeFinding(
    CODE,
    { province: provinceLabel(ctx.province), ...vars },
    { province: ctx.province.code, ...evidence },
  );
}

/** The label before the public suffix (`example` of example.com.cn): the bureaus count prefixes. */
const prefixOf = (registrableAscii: string): string =>
  registrableAscii.slice(0, registrableAscii.indexOf('.'));

/**
 * The threshold rule over the domains of one subject: its filed domains (A-label registrable domains)
 * and the results being checked for it. Past the threshold every result with a domain gets the finding,
 * unless the province-wide rule already gave it one. The subject's type must be given: a rule for
 * individuals cannot be applied to a subject of unknown type.
 */
export function checkSubjectDomains(
  ctx: CheckContext,
  results: readonly CheckResult[],
  filedDomains: Iterable<string>,
): CheckResult[] {
  const rule = ctx.resolved.domainCertificateThreshold;
  const subjectType = ctx.subject?.type;
  if (!rule.value || !ctx.province || !subjectType || !rule.value.subjectTypes.includes(subjectType)) {
    return [...results];
  }
  const prefixes = new Set<string>();
  for (const domain of filedDomains) prefixes.add(prefixOf(domain));
  for (const result of results) if (result.domain) prefixes.add(prefixOf(result.domain.registrableAscii));
  if (prefixes.size <= rule.value.moreThan) return [...results];

  const { vars, evidence } = basis(ctx, rule.entryId);
  const subjectTypes = joinLocalized(rule.value.subjectTypes.map((type) => SUBJECT_TYPE_LABELS[type]));
  return results.map((result) => {
    if (!result.domain || result.findings.some((finding) => finding.code === CODE)) return result;
    const finding = makeFinding(
      CODE,
      {
        province: provinceLabel(ctx.province),
        subjectTypes,
        moreThan: rule.value?.moreThan ?? 0,
        count: prefixes.size,
        ...vars,
      },
      {
        province: ctx.province?.code ?? null,
        subjectType,
        domainPrefixes: prefixes.size,
        moreThan: rule.value?.moreThan ?? 0,
        ...evidence,
      },
      undefined,
      'subject-domains',
    );
    return { ...result, findings: [...result.findings, finding] };
  });
}
