/**
 * Use case: check domains (备案域名核验) for a subject, the way `beian check` and the API precheck do.
 * Gathers facts in two batched lookups (domains, then subjects), then runs the pure engine.
 */
import { z } from 'zod';
import { parseDomainInput } from '../domain-name/index.ts';
import type { DomainParseResult } from '../domain-name/index.ts';
import type { FactsSource, RegistrySubject } from '../facts/index.ts';
import { NO_DOMAIN_FACTS } from '../facts/index.ts';
import type { PolicyData } from '../policy/index.ts';
import { ID_TYPES, SUBJECT_TYPES } from '../policy/index.ts';
import type { CheckContext, CheckResult, SubjectInput } from '../rules/index.ts';
import {
  checkDomain,
  checkSubjectDomains,
  checkWebsite,
  createCheckContext,
  subjectIdNumber,
  withConsulted,
} from '../rules/index.ts';
import { LocalizedError } from '../shared/index.ts';
import { parseInstant, toShanghaiIso } from '../shared/index.ts';

/** Inputs are hostile: the contract refuses anything over 1 KB as a domain, and a check takes at most 1000. */
const MAX_INPUT_LENGTH = 4096;
const MAX_INPUTS = 1000;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === '' ? undefined : value))
    .optional();

/** The check request, shared by the CLI options, the API body and bulk rows. */
export const checkRequestSchema = z.object({
  inputs: z.array(z.string().max(MAX_INPUT_LENGTH)).min(1).max(MAX_INPUTS),
  province: optionalText(64),
  subjectType: z.enum(SUBJECT_TYPES).optional(),
  subjectName: optionalText(256),
  subjectIdType: z.enum(ID_TYPES).optional(),
  subjectId: optionalText(64),
  account: optionalText(256),
  at: optionalText(64).refine((value) => value === undefined || parseInstant(value) !== null, {
    message: 'expected an ISO 8601 date-time with offset, or a date (YYYY-MM-DD)',
  }),
  oneWebsite: z.boolean().default(false),
});
export type CheckRequest = z.input<typeof checkRequestSchema>;

/** The `--json` document (contract), plus the data version and overrides that decided it. */
export type CheckReport = {
  at: string;
  data: PolicyData['provenance'];
  results: CheckResult[];
};

/** A request field that is well-formed but names nothing known (`--province atlantis`). */
export class CheckRequestError extends LocalizedError {
  readonly field: string;
  constructor(field: string, messages: { zh: string; en: string }) {
    super(messages);
    this.field = field;
  }
}

export type Checker = {
  policy: PolicyData;
  facts: FactsSource;
};

/** Builds the evaluation context of a validated request; throws CheckRequestError for unknown names. */
export function contextFor(
  policy: PolicyData,
  request: z.output<typeof checkRequestSchema>,
  now: () => Date = () => new Date(),
): CheckContext {
  const province = request.province === undefined ? null : policy.findProvince(request.province);
  if (request.province !== undefined && !province) {
    throw new CheckRequestError('province', {
      zh: `省份“${request.province}”无法识别：请填写行政区划代码（450000）、名称（广西）、备案号简称（桂）或拼音（guangxi）`,
      en: `province "${request.province}" is not known: give a GB/T 2260 code (450000), a name (广西), an ICP prefix (桂) or pinyin (guangxi)`,
    });
  }
  const subject: SubjectInput = {
    name: request.subjectName,
    type: request.subjectType,
    idType: request.subjectIdType,
    idNumber: request.subjectId,
  };
  return createCheckContext({
    policy,
    at: request.at === undefined ? now() : (parseInstant(request.at) as Date),
    province,
    subject,
    account: request.account ?? null,
  });
}

/**
 * Runs the engine over parsed inputs that share one context, with facts fetched in two batches.
 * `oneSubject`: the inputs are the domains one subject files together (a precheck, an application),
 * so subject rules count them together with the subject's filed domains; otherwise (bulk rows) each
 * input counts alone with them.
 */
export async function evaluateParsed(
  context: CheckContext,
  facts: FactsSource,
  items: readonly { input: string; parsed: DomainParseResult }[],
  options: { oneSubject?: boolean } = {},
): Promise<CheckResult[]> {
  const ctx = withConsulted(context, facts.consulted);
  const domains = new Set<string>();
  for (const item of items) if (item.parsed.ok) domains.add(item.parsed.domain.registrableAscii);
  const domainFacts = await facts.domainFacts([...domains]);
  const factsOf = (item: { parsed: DomainParseResult }) =>
    (item.parsed.ok && domainFacts.get(item.parsed.domain.registrableAscii)) || NO_DOMAIN_FACTS;

  const idNumbers = new Set<string>();
  for (const item of items) {
    const id = subjectIdNumber(ctx, factsOf(item));
    if (id !== null) idNumbers.add(id);
  }
  const subjects =
    idNumbers.size > 0 ? await facts.subjectFilings([...idNumbers]) : new Map<string, RegistrySubject[]>();

  const ids: (string | null)[] = [];
  const results = items.map((item) => {
    const domainFactsOfItem = factsOf(item);
    const id = subjectIdNumber(ctx, domainFactsOfItem);
    ids.push(id);
    return checkDomain(
      ctx,
      item.input,
      item.parsed,
      domainFactsOfItem,
      (id !== null && subjects.get(id)) || [],
    );
  });
  return subjectRules(ctx, results, ids, subjects, options.oneSubject ?? false);
}

/** The domains of a subject's filed websites (A-label registrable domains). */
function filedDomainsOf(subjects: readonly RegistrySubject[] | undefined): string[] {
  return (subjects ?? []).flatMap((subject) => subject.websites.flatMap((website) => website.domains));
}

/** Subject rules (domain certificates by domain count) per subject: the inputs pooled, or each alone. */
function subjectRules(
  ctx: CheckContext,
  results: CheckResult[],
  ids: readonly (string | null)[],
  subjects: ReadonlyMap<string, RegistrySubject[]>,
  oneSubject: boolean,
): CheckResult[] {
  // Only a rule in force for this subject's type can change anything: most runs stop here.
  const rule = ctx.resolved.domainCertificateThreshold.value;
  const type = ctx.subject?.type;
  if (!rule || !type || !rule.subjectTypes.includes(type)) return results;
  const filed = (id: string | null) => (id === null ? [] : filedDomainsOf(subjects.get(id)));
  if (!oneSubject)
    return results.map((result, i) => checkSubjectDomains(ctx, [result], filed(ids[i] ?? null))[0] ?? result);
  // Pooled by subject: without a subject number given, each domain's holder is presumed to file it.
  const groups = new Map<string | null, number[]>();
  ids.forEach((id, i) => groups.set(id, [...(groups.get(id) ?? []), i]));
  const out = [...results];
  for (const [id, indexes] of groups) {
    const checked = checkSubjectDomains(
      ctx,
      indexes.map((i) => results[i] as CheckResult),
      filed(id),
    );
    indexes.forEach((index, k) => (out[index] = checked[k] as CheckResult));
  }
  return out;
}

export async function checkDomains(
  checker: Checker,
  request: CheckRequest,
  now?: () => Date,
): Promise<CheckReport> {
  return checkValidRequest(checker, checkRequestSchema.parse(request), now);
}

/**
 * `checkDomains` for a request `checkRequestSchema` already validated (the API route's body): parsing
 * it again cost about 4 % of a precheck's server time in `npm run bench:http`'s profile (issue 14).
 */
export async function checkValidRequest(
  checker: Checker,
  valid: z.output<typeof checkRequestSchema>,
  now?: () => Date,
): Promise<CheckReport> {
  const ctx = contextFor(checker.policy, valid, now);
  const items = valid.inputs.map((input) => ({ input, parsed: parseDomainInput(input) }));
  // A check request is one subject's: its inputs count together for the subject rules.
  const results = await evaluateParsed(ctx, checker.facts, items, { oneSubject: true });
  return {
    at: toShanghaiIso(ctx.at),
    data: checker.policy.provenance,
    results: valid.oneWebsite ? checkWebsite(ctx, results) : results,
  };
}
