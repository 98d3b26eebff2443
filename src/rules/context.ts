/** The evaluation context: who files, where, as of when, under which policy. Built once per check run. */
import type { FactOrigin } from '../facts/index.ts';
import { CalendarCoverageError } from '../policy/index.ts';
import type { PolicyData, SuffixClassification } from '../policy/index.ts';
import type { Province, RegistrarEntry, ResolvedPolicy, RestrictedSuffix } from '../policy/index.ts';
import { addShanghaiMonths, instantRef, shanghaiDate } from '../shared/index.ts';
import type { InstantRef } from '../shared/index.ts';
import { foldIdNumber, foldName } from './identity.ts';
import { consultedLabel } from './public-data-checks.ts';
import type { Localized, SubjectInput } from './types.ts';

export type CheckContext = {
  readonly policy: PolicyData;
  /** The evaluation instant (contract: `--at`). */
  readonly at: Date;
  /** `at` as an Asia/Shanghai calendar date. */
  readonly atDate: string;
  /** The subject's province (its bureau's rules apply); null: national defaults. */
  readonly province: Province | null;
  /** Policy values in force for that province at `at`, resolved once. */
  readonly resolved: ResolvedPolicy;
  readonly subject: SubjectInput | null;
  /** The applying account at this provider; null: a new, anonymous account. */
  readonly account: string | null;
  /**
   * The local facts sources of the run (FactsSource.consulted): findings that rest on absence name
   * them, since "no record here" is a fact about this deployment's data, not about the domain.
   */
  readonly consulted: readonly FactOrigin[];
  /** `consulted` as messages name it, for registrations and for filings: computed once per run. */
  readonly consultedLabels: { readonly registrations: Localized; readonly filings: Localized };
  /**
   * 变更备案: the website number a change application changes; null for every other check. That website's
   * own domains are the premise of the change, so they derive `change` instead of DOMAIN_ALREADY_FILED_HERE.
   */
  readonly changeOf: string | null;
  /** Derived once per context: the hot path of a bulk check must not redo them per domain. */
  readonly derived: {
    /** The evaluation instant, for comparing stored ISO texts without parsing them. */
    readonly at: InstantRef;
    /** A registration must run past this instant not to be "expiring soon". */
    readonly minValidUntil: InstantRef;
    readonly subjectName: string | undefined;
    readonly subjectIdNumber: string | undefined;
    /** The suffix's entry and whether it is approved at `at`. */
    classifySuffix(suffixAscii: string): SuffixClassification;
    restrictionFor(suffixAscii: string): RestrictedSuffix | null;
    findRegistrar(name: string, ianaId: number | null): RegistrarEntry | null;
    /** The day real-name data verified on `date` should reach MIIT; throws CalendarCoverageError. */
    reportingDueDate(date: string): string;
    /** The latest day providers give for it (never before the due date); throws CalendarCoverageError. */
    reportingLatestDate(date: string): string;
  };
};

/** Memoises a lookup of the policy data, bounded so that hostile input cannot grow it without end. */
function memo<T>(lookup: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      value = lookup(key);
      if (cache.size >= 4096) cache.clear();
      cache.set(key, value);
    }
    return value as T;
  };
}

export function createCheckContext(options: {
  policy: PolicyData;
  at: Date;
  province?: Province | null;
  subject?: SubjectInput | null;
  account?: string | null;
  consulted?: readonly FactOrigin[];
  changeOf?: string | null;
}): CheckContext {
  const province = options.province ?? null;
  const policy = options.policy;
  const resolved = policy.resolvePolicy(province?.code ?? null, options.at);
  const subject = options.subject ?? null;
  // Keyed by name alone: a name beian knows decides by itself; the IANA id matters only for unknown names.
  const registrarByName = memo((name) => policy.findRegistrar(name, null));
  const registrar = (name: string, ianaId: number | null) =>
    registrarByName(name) ?? (ianaId === null ? null : policy.findRegistrar(name, ianaId));
  // Outside the calendar stays an error on every call: the error itself is what gets memoised.
  const addWorkdays = (workdays: number) =>
    memo((date): string | CalendarCoverageError => {
      try {
        return policy.calendar.addWorkdays(date, workdays);
      } catch (error) {
        if (error instanceof CalendarCoverageError) return error;
        throw error;
      }
    });
  const unwrap = (lookup: (date: string) => string | CalendarCoverageError) => (date: string) => {
    const due = lookup(date);
    if (due instanceof CalendarCoverageError) throw due;
    return due;
  };
  const workdays = resolved.realNameReportingWorkdays.value;
  const reportingDue = addWorkdays(workdays);
  // An operator's override may raise the expected days past the latest: the window never inverts.
  const reportingLatest = addWorkdays(Math.max(workdays, resolved.realNameReportingLatestWorkdays.value));
  return {
    policy,
    at: options.at,
    atDate: shanghaiDate(options.at),
    province,
    resolved,
    subject,
    account: options.account ?? null,
    ...consultedFields(options.consulted ?? []),
    changeOf: options.changeOf ?? null,
    derived: {
      at: instantRef(options.at.getTime()),
      minValidUntil: instantRef(
        addShanghaiMonths(options.at, resolved.minRemainingValidityMonths.value).getTime(),
      ),
      subjectName: subject?.name === undefined ? undefined : foldName(subject.name),
      subjectIdNumber: subject?.idNumber === undefined ? undefined : foldIdNumber(subject.idNumber),
      classifySuffix: memo((suffix) => policy.classifySuffix(suffix, options.at)),
      restrictionFor: memo((suffix) => policy.restrictionFor(suffix)),
      findRegistrar: registrar,
      reportingDueDate: unwrap(reportingDue),
      reportingLatestDate: unwrap(reportingLatest),
    },
  };
}

/** The context of a run over a facts source: the same context, naming what the source consults. */
export function withConsulted(ctx: CheckContext, consulted: readonly FactOrigin[]): CheckContext {
  const same = ctx.consulted.length === consulted.length && ctx.consulted.every((o, i) => o === consulted[i]);
  return same ? ctx : { ...ctx, ...consultedFields(consulted) };
}

function consultedFields(
  consulted: readonly FactOrigin[],
): Pick<CheckContext, 'consulted' | 'consultedLabels'> {
  return {
    consulted: frozen(consulted),
    consultedLabels: {
      registrations: consultedLabel(consulted, 'registrations'),
      filings: consultedLabel(consulted, 'filings'),
    },
  };
}

/** Shared by every finding that names it: frozen, so no reader can change what another reports. */
const frozen = <T>(list: readonly T[]): readonly T[] =>
  Object.isFrozen(list) ? list : Object.freeze([...list]);

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

const NATIONAL_RULE: Localized = Object.freeze({ zh: '全国通用规则', en: 'the national rule' });
/** Labels already made, per province entry: findings ask for them domain after domain. */
const PROVINCE_LABELS = new WeakMap<Province, Localized>();

/** `广西` / `Guangxi`; without a province, the national rule. */
export function provinceLabel(province: Province | null): Localized {
  if (!province) return NATIONAL_RULE;
  let label = PROVINCE_LABELS.get(province);
  if (label === undefined) {
    label = Object.freeze({ zh: province.name, en: capitalise(province.pinyin) });
    PROVINCE_LABELS.set(province, label);
  }
  return label;
}

const UNKNOWN_BUREAU: Localized = Object.freeze({
  zh: '备案号所属省份的通信管理局',
  en: "the communications administration of the number's province",
});
/** Bureau labels already made, per province entry, as for PROVINCE_LABELS. */
const BUREAU_LABELS = new WeakMap<Province, Localized>();

/** The bureau (管局) of a province: `广西壮族自治区通信管理局`. */
export function bureauLabel(province: Province | null): Localized {
  if (!province) return UNKNOWN_BUREAU;
  let label = BUREAU_LABELS.get(province);
  if (label === undefined) {
    label = Object.freeze({
      zh: `${province.fullName}通信管理局`,
      en: `the ${capitalise(province.pinyin)} Communications Administration`,
    });
    BUREAU_LABELS.set(province, label);
  }
  return label;
}
