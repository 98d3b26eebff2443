/**
 * 合规巡检 — what the compliance monitor checks and what it observes. The checks (checks.ts) are pure
 * over these observations; the probes that make them (DNS, HTTP) sit behind small interfaces so tests
 * and the bench run them against servers of their own.
 */
import type { Identity } from '../facts/index.ts';
import type { MonitorFinding } from '../rules/index.ts';
import type { Localized } from '../shared/index.ts';

/** 已知证件有效期 — a certificate of the filing whose end of validity is known (主体证件, 负责人证件). */
export type KnownCertificate = {
  /** Whose certificate: the subject, or a principal (`网站负责人 王五`). */
  whose: Localized;
  /** Which certificate (`营业执照`, `居民身份证`). */
  certificate: Localized;
  /** Last valid day, YYYY-MM-DD (Asia/Shanghai). */
  validUntil: string;
};

/** 巡检网站 — a filed website hosted here (接入商 `self`), as the monitor checks it. */
export type MonitoredSite = {
  /** 网站备案号 `京ICP备2021000001号-1`. */
  number: string;
  /** 主体备案号. */
  subjectNumber: string | null;
  /** GB/T 2260 code of the bureau. */
  province: string;
  /** The account at this deployment the filing belongs to, else null (imports). */
  account: string | null;
  subject: Identity;
  /** 网站名称. */
  name: string | null;
  /** Registrable domains, A-label form, in the filing's order. */
  domains: string[];
  /** 网站首页URL as filed; null when not given. */
  homeUrl: string | null;
  /** Certificates whose validity the filing records; empty where none is known. */
  certificates: KnownCertificate[];
};

/** What one DNS lookup of a name answered. */
export type DnsAnswer =
  | { kind: 'ok'; addresses: string[] }
  | { kind: 'no-address'; reason: 'nxdomain' | 'no-data' }
  | { kind: 'error'; reason: string };

/** 解析探测 — resolves a name's A and AAAA records (CNAMEs are followed by the resolver). */
export interface DnsProbe {
  resolve(name: string): Promise<DnsAnswer>;
  /**
   * The answer `resolve` gave for this name moments ago, else a fresh one: the HTTP probe connects to
   * the addresses the DNS check just judged instead of asking again (half the queries, and no second
   * answer for a rebinding name to change). Absent: `resolve`.
   */
  recent?(name: string): Promise<DnsAnswer>;
}

/** Why a home page could not be read. */
export type HttpFailure =
  | 'timeout'
  | 'network'
  | 'tls'
  | 'dns'
  | 'too-large'
  | 'too-many-redirects'
  | 'bad-redirect'
  | 'internal-address'
  | `http-${number}`;

/** What fetching a home page gave: its final URL and text, or why not, with the redirects followed. */
export type HttpAnswer =
  | { kind: 'ok'; url: string; status: number; body: string; redirects: string[] }
  | { kind: 'failed'; url: string; reason: HttpFailure; redirects: string[] };

/** 页面探测 — fetches a page politely: bounded in time, size and redirects, never into internal addresses. */
export interface HttpProbe {
  get(url: URL): Promise<HttpAnswer>;
}

/** The monitor's verdict on one site: its findings, worst first. */
export type SiteReport = {
  site: MonitoredSite;
  /** When the checks ran (ISO 8601). */
  checkedAt: string;
  /** The home page fetched, or null when DNS left nothing to fetch. */
  url: string | null;
  findings: MonitorFinding[];
  /** No `error` finding. */
  ok: boolean;
};
