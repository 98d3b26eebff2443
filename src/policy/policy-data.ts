/** The loaded policy data as the engine and the shells use it: entries plus the lookups over them. */
import type { IcpNumberReading } from './icp-numbers.ts';
import type {
  DataProvenance,
  PolicyEntry,
  Province,
  RegistrarEntry,
  ResolvedPolicy,
  RestrictedSuffix,
  SuffixEntry,
  SuffixKind,
} from './types.ts';

/** 工作日历 — the Chinese official working-day calendar (法定节假日 and 调休 makeup days). */
export interface WorkdayCalendar {
  /** First and last covered calendar years. */
  readonly coverage: { readonly fromYear: number; readonly toYear: number };
  /** `YYYY-MM-DD` (Asia/Shanghai). Throws CalendarCoverageError outside the covered years. */
  isWorkday(date: string): boolean;
  /**
   * The date `n` working days after `date` (n ≥ 0; n = 0 gives `date` itself when it is a working day,
   * else the next working day). Throws CalendarCoverageError when the walk leaves the covered years.
   */
  addWorkdays(date: string, n: number): string;
}

export class CalendarCoverageError extends Error {
  readonly date: string;
  readonly coverage: { fromYear: number; toYear: number };
  constructor(date: string, coverage: { fromYear: number; toYear: number }) {
    super(`calendar does not cover ${date} (covered years ${coverage.fromYear}–${coverage.toYear})`);
    this.name = 'CalendarCoverageError';
    this.date = date;
    this.coverage = coverage;
  }
}

export type SuffixClassification = {
  /** The most specific entry that applies (`com.cn` before `cn`), or null when no entry lists it. */
  entry: SuffixEntry | null;
  /** `cctld`, `gtld` or `idn`: from the entry, else derived from the top-level label. */
  kind: SuffixKind;
  /**
   * The decision at the instant asked about: the entry approves the suffix and its `approvedFrom`, if
   * any, is on or before that instant's Asia/Shanghai date. No entry: false.
   */
  approved: boolean;
};

export type PolicyData = {
  readonly provenance: DataProvenance;
  readonly suffixes: readonly SuffixEntry[];
  readonly restrictedSuffixes: readonly RestrictedSuffix[];
  readonly registrars: readonly RegistrarEntry[];
  readonly provinces: readonly Province[];
  readonly policies: readonly PolicyEntry[];
  readonly calendar: WorkdayCalendar;
  /**
   * Classify a public suffix (A-label form, e.g. `com.cn`, `xn--fiqs8s`) as of an instant: approvals are
   * dated, so whether it is approved depends on when (contract: the list in force at the evaluation time).
   */
  classifySuffix(suffixAscii: string, at: Date): SuffixClassification;
  /** The restriction on a public suffix or any of its parents (`gov.cn`, `xn--zfr164b`), else null. */
  restrictionFor(suffixAscii: string): RestrictedSuffix | null;
  /** A registrar by any known name (folded: case, width, punctuation, spaces) or IANA id; else null. */
  findRegistrar(name: string, ianaId: number | null): RegistrarEntry | null;
  /** A province by GB/T 2260 code, name (`广西`, `广西壮族自治区`), ICP prefix (`桂`) or pinyin; else null. */
  findProvince(query: string): Province | null;
  /**
   * A subject or website number (京ICP备…, 京ICP证…, 粤B2-…) with the bureau of its 简称 in `provinces`,
   * or why it is not one; never throws (icp-numbers.ts).
   */
  parseIcpNumber(text: string): IcpNumberReading;
  /** The policy values in force for a province (null: national defaults) at an instant. */
  resolvePolicy(province: string | null, at: Date): ResolvedPolicy;
};
