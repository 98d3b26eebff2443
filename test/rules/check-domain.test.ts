/**
 * The engine, table-driven: one table per finding code, each row a situation a user meets. Facts are
 * plain data (the engine is pure); policy data is the real data/ directory.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDomainInput } from '../../src/domain-name/index.ts';
import type {
  DomainFacts,
  DomainRegistration,
  FactObservation,
  RegistrySubject,
} from '../../src/facts/types.ts';
import { loadPolicy, type PolicyData } from '../../src/policy/index.ts';
import type { CheckResult, FilingType, FindingCode, Severity, SubjectInput } from '../../src/rules/index.ts';
import { FINDING_CODES, checkDomain, checkWebsite, createCheckContext } from '../../src/rules/index.ts';

const policy = loadPolicy();
const AT = '2026-11-28T12:00:00+08:00';
const HOLDER = {
  name: '杭州示例科技有限公司',
  type: 'enterprise',
  idType: 'uscc',
  idNumber: '91330106MA2B3C4D5D',
} as const;
const SUBJECT: SubjectInput = { ...HOLDER };

function registration(domain: string, patch: Partial<DomainRegistration> = {}): DomainRegistration {
  return {
    domain,
    registrar: '阿里云计算有限公司',
    registrarIanaId: 420,
    registeredAt: '2024-03-01T02:00:00.000Z',
    expiresAt: '2028-03-01T02:00:00.000Z',
    realName: {
      status: 'verified',
      verifiedAt: '2024-03-02T02:00:00.000Z',
      reportedAt: '2024-03-05T02:00:00.000Z',
      holder: { ...HOLDER },
    },
    origin: 'memory',
    ...patch,
  };
}

function filed(
  domain: string,
  subject: RegistrySubject['subject'],
  options: {
    provider?: 'self' | 'other';
    account?: string | null;
    number?: string;
    state?: 'filed' | 'in-progress';
    /** The website's first approval (RegistryWebsite.approvedAt); absent: unknown. */
    approvedAt?: string;
    /** Further domains of the same website, after `domain`. */
    alsoDomains?: string[];
    /** 空壳网站: every provider cancelled its access (取消接入), so the website has none. */
    shell?: boolean;
  } = {},
): RegistrySubject {
  const provider = options.provider ?? 'other';
  const number = options.number ?? '沪ICP备18012345号';
  const inProgress = options.state === 'in-progress';
  return {
    subjectNumber: inProgress ? null : number,
    province: '310000',
    subject,
    provider,
    account: options.account ?? null,
    state: options.state ?? 'filed',
    websites: [
      {
        number: inProgress ? null : `${number}-1`,
        domains: [domain, ...(options.alsoDomains ?? [])],
        providers: options.shell ? [] : [provider],
        ...(options.approvedAt ? { approvedAt: options.approvedAt } : {}),
      },
    ],
  };
}

/** A domain at a foreign registrar (GoDaddy), verified and reported, held by the subject. */
const atGoDaddy = (domain: string): DomainRegistration =>
  registration(domain, {
    registrar: 'GoDaddy.com, LLC',
    registrarIanaId: 146,
    registeredAt: '2011-09-01T02:00:00.000Z',
  });
/** 2012-06-18 10:00 in Asia/Shanghai: before 工信部信管〔2017〕264号 (2018-01-01). */
const IN_2012 = '2012-06-18T02:00:00.000Z';
/** The subject's .org website, filed elsewhere in 2012 under an old 8-digit number. */
const ORG_2012 = filed('demo.org', HOLDER, { number: '粤ICP备12034567号', approvedAt: IN_2012 });

type Case = {
  name: string;
  input: string;
  province?: string;
  subject?: SubjectInput | null;
  account?: string | null;
  /** 变更备案: the website number the checked change application changes. */
  changeOf?: string;
  at?: string;
  registration?: DomainRegistration | null;
  filing?: RegistrySubject;
  inProgress?: RegistrySubject;
  subjectFilings?: RegistrySubject[];
  /** Sources an online check consulted (DomainFacts.sources). */
  sources?: FactObservation[];
  codes: FindingCode[];
  filingType?: FilingType | null;
  severity?: Severity;
  evidence?: Record<string, unknown>;
};

function run(test: Case): CheckResult {
  const parsed = parseDomainInput(test.input);
  const registrable = parsed.ok ? parsed.domain.registrableAscii : '';
  const ctx = createCheckContext({
    policy,
    at: new Date(test.at ?? AT),
    province: test.province ? policy.findProvince(test.province) : null,
    subject: test.subject === undefined ? SUBJECT : test.subject,
    account: test.account === undefined ? 'li.lei' : test.account,
    changeOf: test.changeOf ?? null,
  });
  const facts: DomainFacts = {
    registration: test.registration === undefined ? registration(registrable) : test.registration,
    filing: test.filing ? { subject: test.filing, website: test.filing.websites[0]! } : null,
    inProgress: test.inProgress ? [{ subject: test.inProgress, website: test.inProgress.websites[0]! }] : [],
    ...(test.sources ? { sources: test.sources } : {}),
  };
  return checkDomain(ctx, test.input, parsed, facts, test.subjectFilings ?? []);
}

function assertCase(test: Case): void {
  const result = run(test);
  assert.deepEqual(result.findings.map((f) => f.code).sort(), [...test.codes].sort(), test.name);
  if (test.filingType !== undefined)
    assert.equal(result.filingType, test.filingType, `${test.name}: filing type`);
  assert.equal(result.ok, !result.findings.some((f) => f.severity === 'error'), `${test.name}: ok`);
  const first = result.findings.find((f) => f.code === test.codes[0]);
  if (test.severity) assert.equal(first?.severity, test.severity, `${test.name}: severity`);
  for (const [key, value] of Object.entries(test.evidence ?? {})) {
    assert.deepEqual(first?.evidence[key], value, `${test.name}: evidence.${key}`);
  }
  for (const finding of result.findings) {
    for (const text of [finding.message.zh, finding.message.en, finding.remedy.zh, finding.remedy.en]) {
      assert.ok(text.length > 0 && !/\{\w+\}/.test(text), `${test.name}: unfilled template in "${text}"`);
    }
  }
}

const OTHER = {
  name: '上海旧主网络有限公司',
  type: 'enterprise',
  idType: 'uscc',
  idNumber: '91310000MA1F2G3H4X',
} as const;

/** A registration as RDAP gives it: no real-name data (issue 6). */
const fromRdap = (domain: string, patch: Partial<DomainRegistration> = {}): DomainRegistration =>
  registration(domain, {
    origin: 'rdap',
    realName: { status: 'none', verifiedAt: null, reportedAt: null, holder: null },
    realNameUnknown: true,
    ...patch,
  });

function observation(patch: Partial<FactObservation>): FactObservation {
  return {
    origin: 'rdap',
    outcome: 'found',
    server: 'https://rdap.example/',
    observedAt: '2026-11-28T03:00:00.000Z',
    registrar: '阿里云计算有限公司',
    registrarIanaId: 420,
    registeredAt: '2024-03-01T02:00:00.000Z',
    expiresAt: '2028-03-01T02:00:00.000Z',
    statuses: [],
    holderName: null,
    used: false,
    ...patch,
  };
}

const TABLES: Record<FindingCode, Case[]> = {
  DOMAIN_INVALID: [
    {
      name: 'an IP address',
      input: '192.168.1.1',
      codes: ['DOMAIN_INVALID'],
      filingType: null,
      evidence: { reason: 'ip-address' },
    },
    { name: 'localhost', input: 'localhost', codes: ['DOMAIN_INVALID'], evidence: { reason: 'special-use' } },
    {
      name: 'over 1 KB',
      input: `${'a'.repeat(1100)}.com`,
      codes: ['DOMAIN_INVALID'],
      evidence: { reason: 'too-long-input' },
    },
  ],
  SUFFIX_NOT_APPROVED: [
    {
      name: 'a ccTLD',
      input: 'demo.hk',
      registration: null,
      codes: ['SUFFIX_NOT_APPROVED'],
      evidence: { kind: 'cctld' },
    },
    {
      name: '.io (Aliyun 2026: not fileable)',
      input: 'demo.io',
      registration: null,
      codes: ['SUFFIX_NOT_APPROVED'],
      evidence: { kind: 'cctld' },
    },
    {
      name: 'an unverified gTLD (one publication only), refused by default',
      input: 'demo.pub',
      registration: null,
      codes: ['SUFFIX_NOT_APPROVED'],
      evidence: { kind: 'gtld', status: 'unverified', confidence: 'low' },
    },
    {
      name: '.org, not approved on medium evidence',
      input: 'demo.org',
      codes: ['SUFFIX_NOT_APPROVED'],
      evidence: { status: 'not-approved', confidence: 'medium' },
    },
    {
      name: '.cc in 2019, before the earliest source that shows it approved (2020-07-24)',
      input: 'demo.cc',
      at: '2019-06-01T12:00:00+08:00',
      registration: null,
      codes: ['SUFFIX_NOT_APPROVED'],
      evidence: { status: 'not-yet-approved', approvedFrom: '2020-07-24' },
    },
    {
      name: 'an unlisted TLD',
      input: 'demo.ws',
      registration: null,
      codes: ['SUFFIX_NOT_APPROVED'],
      evidence: { kind: 'cctld', status: 'unlisted', confidence: null, sources: [] },
    },
  ],
  SUFFIX_RESTRICTED: [
    { name: '.gov.cn for an enterprise', input: 'demo.gov.cn', codes: ['SUFFIX_RESTRICTED'] },
    {
      name: '.gov.cn for a government body',
      input: 'demo.gov.cn',
      subject: { ...SUBJECT, type: 'government' },
      codes: [],
    },
  ],
  GOVERNMENT_SUFFIX_REQUIRED: [
    {
      name: 'a government body on .cn',
      input: 'demo.cn',
      subject: { ...SUBJECT, type: 'government' },
      codes: ['GOVERNMENT_SUFFIX_REQUIRED'],
    },
  ],
  SUBDOMAIN_INPUT: [
    {
      name: 'www of an unfiled domain',
      input: 'www.demo.cn',
      codes: ['SUBDOMAIN_INPUT', 'PARENT_DOMAIN_NOT_FILED'],
      filingType: 'first-filing',
      evidence: { registrable: 'demo.cn' },
    },
  ],
  DOMAIN_NOT_REGISTERED: [
    {
      name: 'unknown to every source',
      input: 'demo.cn',
      registration: null,
      codes: ['DOMAIN_NOT_REGISTERED'],
    },
    {
      name: 'registered after the evaluation instant',
      input: 'demo.cn',
      at: '2020-01-01T00:00:00+08:00',
      codes: ['DOMAIN_NOT_REGISTERED'],
      evidence: { registeredAt: '2024-03-01T02:00:00.000Z' },
    },
  ],
  REGISTRAR_NOT_APPROVED: [
    {
      name: 'an international site',
      input: 'demo.com',
      registration: registration('demo.com', {
        registrar: 'ALIBABA.COM SINGAPORE E-COMMERCE PRIVATE LIMITED',
        registrarIanaId: null,
      }),
      codes: ['REGISTRAR_NOT_APPROVED'],
      evidence: { known: true, international: true },
    },
    {
      name: 'a foreign registrar known by its IANA id under a name the data lacks',
      input: 'demo.com',
      registration: registration('demo.com', {
        registrar: 'GoDaddy Operating Company',
        registrarIanaId: 146,
      }),
      codes: ['REGISTRAR_NOT_APPROVED'],
      severity: 'error',
      evidence: { known: true, international: false, entry: 'godaddy' },
    },
    {
      name: 'a WHOIS spelling of an approved registrar',
      input: 'demo.com',
      registration: registration('demo.com', {
        registrar: 'alibaba cloud computing (beijing) co., ltd.',
        registrarIanaId: null,
      }),
      codes: [],
    },
  ],
  REGISTRAR_UNKNOWN: [
    {
      name: 'a registrar nobody lists is unknown, not refused',
      input: 'demo.com',
      registration: registration('demo.com', {
        registrar: 'Nowhere Registrar Ltd',
        registrarIanaId: 9_999_001,
      }),
      codes: ['REGISTRAR_UNKNOWN'],
      severity: 'warning',
      evidence: { registrar: 'Nowhere Registrar Ltd', registrarIanaId: 9_999_001, known: false, entry: null },
    },
    {
      name: 'a listed registrar whose MIIT approval is unknown (MarkMonitor Shanghai, by IANA id)',
      input: 'demo.com',
      registration: registration('demo.com', {
        registrar: 'MarkMonitor Information Technology (Shanghai) Co., Ltd.',
        registrarIanaId: 3838,
      }),
      codes: ['REGISTRAR_UNKNOWN'],
      severity: 'warning',
      evidence: { known: true, entry: 'markmonitor-shanghai', confidence: 'low' },
    },
    {
      // Matched by its Chinese name; a CNNIC WHOIS record alone is low evidence of MIIT approval
      // (data/README.md, "Standard of evidence"), so the approval is unknown.
      name: 'CNNIC WHOIS names 35.com in Chinese, without an IANA id: matched, approval unknown',
      input: 'demo.cn',
      registration: registration('demo.cn', {
        registrar: '厦门三五互联科技股份有限公司',
        registrarIanaId: null,
      }),
      codes: ['REGISTRAR_UNKNOWN'],
      severity: 'warning',
      evidence: { known: true, entry: '35-com', confidence: 'low' },
    },
    {
      name: 'CNNIC WHOIS names 新网 in Chinese: approved on medium evidence, no finding',
      input: 'demo.cn',
      registration: registration('demo.cn', {
        registrar: '北京新网数码信息技术有限公司',
        registrarIanaId: null,
      }),
      codes: [],
    },
  ],
  DOMAIN_EXPIRED: [
    {
      name: 'expired yesterday',
      input: 'demo.cn',
      registration: registration('demo.cn', { expiresAt: '2026-11-27T04:00:00.000Z' }),
      codes: ['DOMAIN_EXPIRED'],
    },
    {
      name: 'expiring exactly at the instant counts as expired',
      input: 'demo.cn',
      registration: registration('demo.cn', { expiresAt: '2026-11-28T04:00:00.000Z' }),
      codes: ['DOMAIN_EXPIRED'],
    },
  ],
  DOMAIN_EXPIRING_SOON: [
    {
      name: 'two months left, a warning nationally',
      input: 'demo.cn',
      registration: registration('demo.cn', { expiresAt: '2027-01-28T04:00:00.000Z' }),
      codes: ['DOMAIN_EXPIRING_SOON'],
      severity: 'warning',
      evidence: { minRemainingValidityMonths: 3 },
    },
    {
      name: 'two months left, an error in Zhejiang',
      input: 'demo.cn',
      province: '浙江',
      registration: registration('demo.cn', { expiresAt: '2027-01-28T04:00:00.000Z' }),
      codes: ['DOMAIN_EXPIRING_SOON'],
      severity: 'error',
    },
    {
      name: 'three months and a day left',
      input: 'demo.cn',
      registration: registration('demo.cn', { expiresAt: '2027-03-01T04:00:00.000Z' }),
      codes: [],
    },
  ],
  DOMAIN_IN_RENEWAL_GRACE: [
    {
      name: 'expired ten days ago, inside the 45-day auto-renew grace',
      input: 'demo.com',
      registration: fromRdap('demo.com', {
        expiresAt: '2026-11-18T04:00:00.000Z',
        renewalGraceUntil: '2027-01-02T04:00:00.000Z',
      }),
      codes: ['DOMAIN_IN_RENEWAL_GRACE', 'REAL_NAME_UNKNOWN'],
      severity: 'warning',
      evidence: { renewalGraceUntil: '2027-01-02T04:00:00.000Z' },
    },
    {
      name: 'an error where expiring domains are errors (浙江)',
      input: 'demo.com',
      province: '浙江',
      registration: fromRdap('demo.com', {
        expiresAt: '2026-11-18T04:00:00.000Z',
        renewalGraceUntil: '2027-01-02T04:00:00.000Z',
      }),
      codes: ['DOMAIN_IN_RENEWAL_GRACE', 'REAL_NAME_UNKNOWN'],
      severity: 'error',
    },
    {
      name: 'the grace period is over: expired',
      input: 'demo.com',
      registration: fromRdap('demo.com', {
        expiresAt: '2026-10-01T04:00:00.000Z',
        renewalGraceUntil: '2026-11-15T04:00:00.000Z',
      }),
      codes: ['DOMAIN_EXPIRED', 'REAL_NAME_UNKNOWN'],
    },
  ],
  DOMAIN_ON_HOLD: [
    {
      name: 'client hold set by the registrar',
      input: 'demo.com',
      registration: fromRdap('demo.com', { statuses: ['client hold', 'client transfer prohibited'] }),
      codes: ['DOMAIN_ON_HOLD', 'REAL_NAME_UNKNOWN'],
      evidence: { statuses: ['client hold'] },
    },
    {
      name: 'EPP spelling from CNNIC WHOIS',
      input: 'demo.cn',
      registration: fromRdap('demo.cn', { origin: 'whois', statuses: ['serverHold'] }),
      codes: ['DOMAIN_ON_HOLD', 'REAL_NAME_UNKNOWN'],
    },
  ],
  DOMAIN_PENDING_DELETE: [
    {
      name: 'in the redemption period',
      input: 'demo.com',
      registration: fromRdap('demo.com', { statuses: ['redemption period', 'pending delete'] }),
      codes: ['DOMAIN_PENDING_DELETE', 'REAL_NAME_UNKNOWN'],
      evidence: { statuses: ['redemption period', 'pending delete'] },
    },
  ],
  REAL_NAME_MISSING: [
    {
      name: 'never verified',
      input: 'demo.cn',
      registration: registration('demo.cn', {
        realName: { status: 'none', verifiedAt: null, reportedAt: null, holder: null },
      }),
      codes: ['REAL_NAME_MISSING'],
      evidence: { status: 'none' },
    },
    {
      name: 'submitted, not approved',
      input: 'demo.cn',
      registration: registration('demo.cn', {
        realName: { status: 'pending', verifiedAt: null, reportedAt: null, holder: { ...HOLDER } },
      }),
      codes: ['REAL_NAME_MISSING'],
      evidence: { status: 'pending' },
    },
  ],
  REAL_NAME_NOT_REPORTED: [
    {
      name: 'verified Thursday, two working days → Monday',
      input: 'demo.cn',
      registration: registration('demo.cn', {
        realName: {
          status: 'verified',
          verifiedAt: '2026-11-26T02:00:00.000Z',
          reportedAt: null,
          holder: { ...HOLDER },
        },
      }),
      codes: ['REAL_NAME_NOT_REPORTED'],
      evidence: { expectedBy: '2026-11-30', verifiedAt: '2026-11-26T10:00:00+08:00', overdue: false },
    },
    {
      name: 'across the 国庆 2026 holiday',
      input: 'demo.cn',
      at: '2026-10-01T12:00:00+08:00',
      registration: registration('demo.cn', {
        realName: {
          status: 'verified',
          verifiedAt: '2026-09-30T02:00:00.000Z',
          reportedAt: null,
          holder: { ...HOLDER },
        },
      }),
      codes: ['REAL_NAME_NOT_REPORTED'],
      evidence: { expectedBy: '2026-10-09' },
    },
    {
      name: 'onto the 2026-10-10 makeup Saturday (调休)',
      input: 'demo.cn',
      at: '2026-10-08T18:00:00+08:00',
      registration: registration('demo.cn', {
        realName: {
          status: 'verified',
          verifiedAt: '2026-10-08T02:00:00.000Z',
          reportedAt: null,
          holder: { ...HOLDER },
        },
      }),
      codes: ['REAL_NAME_NOT_REPORTED'],
      evidence: { expectedBy: '2026-10-10' },
    },
    {
      name: 'beyond the calendar: no guessed date',
      input: 'demo.cn',
      at: '2026-12-31T12:00:00+08:00',
      registration: registration('demo.cn', {
        realName: {
          status: 'verified',
          verifiedAt: '2026-12-31T02:00:00.000Z',
          reportedAt: null,
          holder: { ...HOLDER },
        },
      }),
      codes: ['REAL_NAME_NOT_REPORTED'],
      evidence: { expectedBy: null },
    },
    {
      name: 'verified after the evaluation instant: not verified yet',
      input: 'demo.cn',
      at: '2024-03-01T12:00:00+08:00',
      codes: ['REAL_NAME_MISSING'],
    },
    {
      name: 'verified after the evaluation instant: not verified yet',
      input: 'demo.cn',
      at: '2024-03-01T12:00:00+08:00',
      codes: ['REAL_NAME_MISSING'],
    },
    {
      name: 'reported after the evaluation instant',
      input: 'demo.cn',
      at: '2024-03-04T12:00:00+08:00',
      codes: ['REAL_NAME_NOT_REPORTED'],
    },
  ],
  REAL_NAME_UNKNOWN: [
    {
      name: 'RDAP never says whether a domain is verified, so neither missing nor mismatched',
      input: 'demo.com',
      registration: fromRdap('demo.com'),
      codes: ['REAL_NAME_UNKNOWN'],
      severity: 'warning',
      filingType: 'first-filing',
      evidence: { origin: 'rdap', holderName: null },
    },
    {
      name: 'a holder name shown by WHOIS is reported, not trusted',
      input: 'demo.cn',
      registration: fromRdap('demo.cn', { origin: 'whois' }),
      sources: [observation({ origin: 'whois', used: true, holderName: '杭州示例科技有限公司' })],
      codes: ['REAL_NAME_UNKNOWN'],
      evidence: { origin: 'whois', holderName: '杭州示例科技有限公司' },
    },
  ],
  HOLDER_MISMATCH: [
    {
      name: 'another company',
      input: 'demo.cn',
      registration: registration('demo.cn', {
        realName: {
          status: 'verified',
          verifiedAt: '2024-03-02T02:00:00.000Z',
          reportedAt: '2024-03-05T02:00:00.000Z',
          holder: { ...OTHER },
        },
      }),
      codes: ['HOLDER_MISMATCH'],
      evidence: { fields: ['name', 'idNumber'] },
    },
    {
      name: 'full-width brackets and a lower-case x fold away',
      input: 'demo.cn',
      subject: { ...SUBJECT, name: ' 杭州示例科技有限公司 ', idNumber: '91330106ma2b3c4d5d' },
      codes: [],
    },
    {
      name: 'the certificate type differs',
      input: 'demo.cn',
      subject: { ...SUBJECT, idType: 'org-code' },
      codes: ['HOLDER_MISMATCH'],
      evidence: { fields: ['idType'] },
    },
  ],
  SUBJECT_NOT_GIVEN: [
    {
      name: 'no subject: the holder is presumed',
      input: 'demo.cn',
      subject: null,
      codes: ['SUBJECT_NOT_GIVEN'],
      filingType: 'first-filing',
    },
  ],
  DOMAIN_FILED_BY_OTHER_SUBJECT: [
    {
      name: "a bought domain with the previous holder's number",
      input: 'demo.cn',
      filing: filed('demo.cn', OTHER),
      codes: ['DOMAIN_FILED_BY_OTHER_SUBJECT'],
      filingType: null,
      evidence: { prefix: '沪', bureau: '上海市通信管理局' },
    },
    {
      name: 'filed under a licence: its 简称 names the bureau (川B2- is 四川’s, whose filings read 蜀ICP备)',
      input: 'demo.cn',
      filing: filed('demo.cn', OTHER, { number: '川B2-20100027' }),
      codes: ['DOMAIN_FILED_BY_OTHER_SUBJECT'],
      filingType: null,
      evidence: { number: '川B2-20100027-1', prefix: '川', bureau: '四川省通信管理局' },
    },
    {
      name: 'a subdomain of a domain another subject filed here: the refusal alone, no "needs no filing"',
      input: 'shop.demo.cn',
      filing: filed('demo.cn', OTHER, { provider: 'self', account: 'han.meimei' }),
      codes: ['SUBDOMAIN_INPUT', 'DOMAIN_FILED_BY_OTHER_SUBJECT'],
      filingType: null,
    },
    {
      name: 'a change application does not cover another subject’s website',
      input: 'demo.cn',
      changeOf: '沪ICP备18012345号-1',
      filing: filed('demo.cn', OTHER, { provider: 'self', account: 'han.meimei' }),
      codes: ['DOMAIN_FILED_BY_OTHER_SUBJECT'],
      filingType: null,
    },
  ],
  SUBJECT_IN_OTHER_ACCOUNT: [
    {
      name: 'the subject is filed here under another account',
      input: 'demo.cn',
      subjectFilings: [filed('other.cn', HOLDER, { provider: 'self', account: 'han.meimei' })],
      codes: ['SUBJECT_IN_OTHER_ACCOUNT'],
      filingType: null,
      evidence: { account: 'ha***' },
    },
    {
      name: 'under this account: a new website',
      input: 'demo.cn',
      account: 'han.meimei',
      subjectFilings: [filed('other.cn', HOLDER, { provider: 'self', account: 'han.meimei' })],
      codes: [],
      filingType: 'add-website',
    },
  ],
  DOMAIN_ALREADY_FILED_HERE: [
    {
      name: 'filed here by the same subject',
      input: 'demo.cn',
      account: 'han.meimei',
      filing: filed('demo.cn', HOLDER, { provider: 'self', account: 'han.meimei' }),
      subjectFilings: [filed('demo.cn', HOLDER, { provider: 'self', account: 'han.meimei' })],
      codes: ['DOMAIN_ALREADY_FILED_HERE'],
      filingType: null,
    },
    {
      name: 'a change application of that very website: 变更备案, no conflict with itself',
      input: 'demo.cn',
      account: 'han.meimei',
      changeOf: '沪ICP备18012345号-1',
      filing: filed('demo.cn', HOLDER, { provider: 'self', account: 'han.meimei' }),
      subjectFilings: [filed('demo.cn', HOLDER, { provider: 'self', account: 'han.meimei' })],
      codes: [],
      filingType: 'change',
    },
    {
      name: 'a change of another website does not cover this one',
      input: 'demo.cn',
      account: 'han.meimei',
      changeOf: '沪ICP备18012345号-2',
      filing: filed('demo.cn', HOLDER, { provider: 'self', account: 'han.meimei' }),
      subjectFilings: [filed('demo.cn', HOLDER, { provider: 'self', account: 'han.meimei' })],
      codes: ['DOMAIN_ALREADY_FILED_HERE'],
      filingType: null,
    },
  ],
  DOMAIN_ORDER_IN_PROGRESS: [
    {
      name: 'another application carries it',
      input: 'demo.cn',
      inProgress: filed('demo.cn', HOLDER, { provider: 'self', account: 'zhang.wei', state: 'in-progress' }),
      codes: ['DOMAIN_ORDER_IN_PROGRESS'],
      filingType: null,
      evidence: { provider: 'self' },
    },
  ],
  PARENT_DOMAIN_FILED: [
    {
      name: 'a subdomain of a domain filed here',
      input: 'shop.demo.cn',
      account: 'han.meimei',
      filing: filed('demo.cn', HOLDER, { provider: 'self', account: 'han.meimei' }),
      subjectFilings: [filed('demo.cn', HOLDER, { provider: 'self', account: 'han.meimei' })],
      codes: ['SUBDOMAIN_INPUT', 'PARENT_DOMAIN_FILED'],
      filingType: null,
    },
  ],
  PARENT_DOMAIN_FILED_ELSEWHERE: [
    {
      name: 'a subdomain of a domain filed elsewhere: access filing',
      input: 'blog.demo.cn',
      filing: filed('demo.cn', HOLDER),
      subjectFilings: [filed('demo.cn', HOLDER)],
      codes: ['SUBDOMAIN_INPUT', 'PARENT_DOMAIN_FILED_ELSEWHERE'],
      filingType: 'add-access',
    },
    {
      name: 'a subdomain of a 空壳网站 after 取消接入: filed, hosted by nobody, access filing',
      input: 'blog.demo.cn',
      filing: filed('demo.cn', HOLDER, { provider: 'self', account: 'li.lei', shell: true }),
      subjectFilings: [filed('demo.cn', HOLDER, { provider: 'self', account: 'li.lei', shell: true })],
      codes: ['SUBDOMAIN_INPUT', 'PARENT_DOMAIN_FILED_ELSEWHERE'],
      filingType: 'add-access',
    },
  ],
  PARENT_DOMAIN_NOT_FILED: [
    {
      name: 'a subdomain of an unfiled domain',
      input: 'a.b.demo.cn',
      codes: ['SUBDOMAIN_INPUT', 'PARENT_DOMAIN_NOT_FILED'],
      filingType: 'first-filing',
    },
  ],
  TOO_MANY_DOMAINS_PER_WEBSITE: [],
  // App findings come from checkApp over these results (test/rules/check-app.test.ts).
  APP_IDENTIFIER_FILED_ELSEWHERE: [],
  APP_ALREADY_FILED_HERE: [],
  APP_NAME_FILED_ELSEWHERE: [],
  APP_DOMAIN_OF_FILED_WEBSITE: [],
  APP_ACCESS_OF_FILED_APP: [],
  DOMAIN_CERTIFICATE_REQUIRED: [
    {
      name: 'Jiangsu asks for a certificate',
      input: 'demo.cn',
      province: '江苏',
      codes: ['DOMAIN_CERTIFICATE_REQUIRED'],
    },
    { name: 'Beijing does not', input: 'demo.cn', province: '北京', codes: [] },
  ],
  SOURCES_DISAGREE: [
    {
      name: 'the domain database and RDAP name different registrars and expiries',
      input: 'demo.com',
      sources: [
        observation({ origin: 'miit-sandbox', server: null, used: true }),
        observation({
          registrar: 'GoDaddy.com, LLC',
          registrarIanaId: 146,
          expiresAt: '2029-03-01T02:00:00Z',
        }),
      ],
      codes: ['SOURCES_DISAGREE'],
      evidence: { fields: ['registrar', 'expiresAt'], used: 'miit-sandbox', other: 'rdap' },
    },
    {
      name: 'two names of one registrar, the same day at another offset: no disagreement',
      input: 'demo.com',
      sources: [
        observation({ origin: 'miit-sandbox', server: null, used: true }),
        observation({
          registrar: 'Alibaba Cloud Computing (Beijing) Co., Ltd.',
          expiresAt: '2028-03-01T10:00:00+08:00',
        }),
      ],
      codes: [],
    },
  ],
  FILED_BEFORE_DOMAIN_RULES: [
    {
      name: 'a 2012 .org at a foreign registrar, filed elsewhere by the subject: the access filing passes',
      input: 'demo.org',
      registration: atGoDaddy('demo.org'),
      filing: ORG_2012,
      subjectFilings: [ORG_2012],
      codes: ['FILED_BEFORE_DOMAIN_RULES'],
      filingType: 'add-access',
      severity: 'info',
      evidence: {
        number: '粤ICP备12034567号-1',
        approvedOn: '2012-06-18',
        effectiveFrom: '2018-01-01',
        waived: ['SUFFIX_NOT_APPROVED', 'REGISTRAR_NOT_APPROVED'],
        suffix: 'org',
        registrar: 'GoDaddy.com, LLC',
        policyEntry: 'approved-suffix-registrar-national-2018-264',
      },
    },
    {
      name: 'the same domain with no known approval date: refused as before',
      input: 'demo.org',
      registration: atGoDaddy('demo.org'),
      filing: filed('demo.org', HOLDER, { number: '粤ICP备12034567号' }),
      subjectFilings: [filed('demo.org', HOLDER, { number: '粤ICP备12034567号' })],
      codes: ['SUFFIX_NOT_APPROVED', 'REGISTRAR_NOT_APPROVED'],
      filingType: 'add-access',
    },
    {
      name: 'filed in February 2018, after the rule: refused',
      input: 'demo.org',
      registration: atGoDaddy('demo.org'),
      filing: filed('demo.org', HOLDER, { approvedAt: '2018-02-06T02:00:00.000Z' }),
      codes: ['SUFFIX_NOT_APPROVED', 'REGISTRAR_NOT_APPROVED'],
      filingType: 'add-access',
    },
    {
      name: 'approved 2018-01-01 00:30 in Shanghai (still 2017 in UTC): after the rule, refused',
      input: 'demo.org',
      registration: atGoDaddy('demo.org'),
      filing: filed('demo.org', HOLDER, { approvedAt: '2017-12-31T16:30:00.000Z' }),
      codes: ['SUFFIX_NOT_APPROVED', 'REGISTRAR_NOT_APPROVED'],
    },
    {
      name: 'approved 2017-12-31 23:59 in Shanghai: before the rule',
      input: 'demo.org',
      registration: atGoDaddy('demo.org'),
      filing: filed('demo.org', HOLDER, { approvedAt: '2017-12-31T23:59:00+08:00' }),
      codes: ['FILED_BEFORE_DOMAIN_RULES'],
      evidence: { approvedOn: '2017-12-31' },
    },
    {
      name: 'filed here in 2012: a change keeps it (only "already filed here" remains)',
      input: 'demo.org',
      registration: atGoDaddy('demo.org'),
      filing: filed('demo.org', HOLDER, { provider: 'self', account: 'li.lei', approvedAt: IN_2012 }),
      subjectFilings: [
        filed('demo.org', HOLDER, { provider: 'self', account: 'li.lei', approvedAt: IN_2012 }),
      ],
      codes: ['FILED_BEFORE_DOMAIN_RULES', 'DOMAIN_ALREADY_FILED_HERE'],
      filingType: null,
    },
    {
      name: 'a new website of the same subject on another .org: refused',
      input: 'new-demo.org',
      registration: atGoDaddy('new-demo.org'),
      subjectFilings: [ORG_2012],
      codes: ['SUFFIX_NOT_APPROVED', 'REGISTRAR_NOT_APPROVED'],
      filingType: 'add-website-external',
    },
    {
      name: 'filed in 2012 by another subject: nothing is waived',
      input: 'demo.org',
      registration: atGoDaddy('demo.org'),
      filing: filed('demo.org', OTHER, { approvedAt: IN_2012 }),
      codes: ['SUFFIX_NOT_APPROVED', 'REGISTRAR_NOT_APPROVED', 'DOMAIN_FILED_BY_OTHER_SUBJECT'],
      filingType: null,
    },
    {
      name: 'only the suffix to waive; the domain database has no record, which still counts',
      input: 'demo.org',
      registration: null,
      filing: ORG_2012,
      codes: ['FILED_BEFORE_DOMAIN_RULES', 'DOMAIN_NOT_REGISTERED'],
      evidence: { waived: ['SUFFIX_NOT_APPROVED'], registrar: null },
    },
    {
      name: 'identity checks still apply (264号 item 五): a holder who is not the subject',
      input: 'demo.org',
      registration: {
        ...atGoDaddy('demo.org'),
        realName: { ...atGoDaddy('demo.org').realName, holder: OTHER },
      },
      filing: ORG_2012,
      codes: ['FILED_BEFORE_DOMAIN_RULES', 'HOLDER_MISMATCH'],
    },
    {
      name: 'an approved suffix and registrar: nothing to waive, nothing to say',
      input: 'demo.com',
      filing: filed('demo.com', HOLDER, { approvedAt: IN_2012 }),
      codes: [],
      filingType: 'add-access',
    },
  ],
  FILED_WEBSITE_DOMAINS_KEPT: [
    {
      name: 'one of the three domains of a 2017 website filed elsewhere',
      input: 'demo.cn',
      filing: filed('demo.cn', HOLDER, {
        approvedAt: '2017-05-10T02:00:00.000Z',
        alsoDomains: ['demo2.cn', 'demo3.cn'],
      }),
      codes: ['FILED_WEBSITE_DOMAINS_KEPT'],
      filingType: 'add-access',
      severity: 'info',
      evidence: { count: 3, limit: 1, approvedOn: '2017-05-10', effectiveFrom: '2019-04-22' },
    },
    {
      name: 'the approval date unknown: the national record still carries the domains',
      input: 'demo2.cn',
      filing: filed('demo.cn', HOLDER, { alsoDomains: ['demo2.cn'] }),
      codes: ['FILED_WEBSITE_DOMAINS_KEPT'],
      evidence: { count: 2, approvedOn: null, approvedAt: null },
    },
    {
      name: 'a website of another subject: not this subject’s to keep',
      input: 'demo.cn',
      filing: filed('demo.cn', OTHER, { alsoDomains: ['demo2.cn'] }),
      codes: ['DOMAIN_FILED_BY_OTHER_SUBJECT'],
    },
    {
      name: 'a one-domain website: nothing to say',
      input: 'demo.cn',
      filing: filed('demo.cn', HOLDER, { approvedAt: '2017-05-10T02:00:00.000Z' }),
      codes: [],
    },
  ],
  ONLINE_LOOKUP_FAILED: [
    {
      name: 'RDAP timed out and nobody else knows the domain',
      input: 'demo.com',
      registration: null,
      sources: [observation({ outcome: 'error', error: 'timeout', registrar: null, expiresAt: null })],
      codes: ['ONLINE_LOOKUP_FAILED', 'DOMAIN_NOT_REGISTERED'],
      severity: 'warning',
      evidence: { error: 'timeout' },
    },
    {
      name: 'a failed lookup does not matter when the domain database has the registration',
      input: 'demo.com',
      sources: [
        observation({ origin: 'miit-sandbox', server: null, used: true }),
        observation({ outcome: 'error', error: 'timeout', registrar: null, expiresAt: null }),
      ],
      codes: [],
    },
  ],
};

describe('checkDomain', () => {
  for (const [code, cases] of Object.entries(TABLES)) {
    describe(code, () => {
      for (const test of cases) it(test.name, () => assertCase(test));
    });
  }

  it('has a table for every finding code', () => {
    assert.deepEqual(Object.keys(TABLES).sort(), [...FINDING_CODES].sort());
  });

  it('derives add-website-external when the subject is filed only elsewhere', () => {
    assertCase({
      name: 'external',
      input: 'new.cn',
      subjectFilings: [filed('old.cn', HOLDER)],
      codes: [],
      filingType: 'add-website-external',
    });
  });

  it('derives add-access for the same subject filed elsewhere', () => {
    assertCase({
      name: 'access',
      input: 'demo.cn',
      filing: filed('demo.cn', HOLDER),
      subjectFilings: [filed('demo.cn', HOLDER)],
      codes: [],
      filingType: 'add-access',
    });
  });
});

describe('texts that never judge an application against itself or another subject (issue 13)', () => {
  it('DOMAIN_FILED_BY_OTHER_SUBJECT says who holds the number and that only they can cancel it', () => {
    const result = run({
      name: 'bought domain',
      input: 'demo.cn',
      filing: filed('demo.cn', OTHER),
      codes: ['DOMAIN_FILED_BY_OTHER_SUBJECT'],
    });
    const finding = result.findings.find((f) => f.code === 'DOMAIN_FILED_BY_OTHER_SUBJECT');
    assert.ok(finding);
    assert.match(finding.message.zh, /属于其他主体（上海旧主网络有限公司），该备案仍然有效/);
    assert.match(finding.remedy.zh, /只有上海旧主网络有限公司能注销自己的备案/);
    assert.match(finding.remedy.zh, /请前一位持有者注销该备案；联系不上时，可向上海市通信管理局/);
    assert.match(finding.remedy.en, /only 上海旧主网络有限公司 can cancel its own filing/);
    assert.match(finding.remedy.en, /If the domain has passed to you/);
    assert.doesNotMatch(finding.remedy.zh, /^这通常是前一位持有者/);
  });

  it('a subdomain of a 空壳网站 is named as hosted by nobody, not as filed through another provider', () => {
    const shell = filed('demo.cn', HOLDER, { provider: 'self', account: 'li.lei', shell: true });
    const result = run({
      name: 'shell',
      input: 'blog.demo.cn',
      filing: shell,
      subjectFilings: [shell],
      codes: [],
    });
    const finding = result.findings.find((f) => f.code === 'PARENT_DOMAIN_FILED_ELSEWHERE');
    assert.ok(finding);
    assert.match(finding.message.zh, /但目前没有任何接入商（接入已取消）/);
    assert.doesNotMatch(finding.message.zh, /其他接入商/);
    assert.match(finding.message.en, /no provider hosts it now/);
    const elsewhere = filed('demo.cn', HOLDER);
    const other = run({ name: 'other', input: 'blog.demo.cn', filing: elsewhere, codes: [] });
    assert.match(
      other.findings.find((f) => f.code === 'PARENT_DOMAIN_FILED_ELSEWHERE')?.message.zh ?? '',
      /已备案（沪ICP备18012345号-1），通过其他接入商；/,
    );
  });
});

describe('registrar findings: texts and operator overrides', () => {
  const OPERATOR_DIR = mkdtempSync(join(tmpdir(), 'beian-registrar-'));
  const UNLISTED = registration('demo.com', {
    registrar: 'Example Registry Services Ltd',
    registrarIanaId: 9_999_002,
  });
  const findingsWith = (data: PolicyData, reg: DomainRegistration) => {
    const parsed = parseDomainInput('demo.com');
    const ctx = createCheckContext({
      policy: data,
      at: new Date(AT),
      province: null,
      subject: SUBJECT,
      account: 'li.lei',
    });
    const facts: DomainFacts = { registration: reg, filing: null, inProgress: [] };
    return checkDomain(ctx, 'demo.com', parsed, facts, []).findings;
  };
  const withOverride = (status: string, extra: Record<string, unknown> = {}) => {
    const file = join(OPERATOR_DIR, `${status}.json`);
    const entry = {
      id: 'example-registry-services',
      brand: 'Example',
      legalName: 'Example Registry Services Ltd',
      names: ['Example Registry Services Ltd'],
      ianaIds: [9_999_002],
      status,
      confidence: 'high',
      sources: [{ title: 'domain.miit.gov.cn, checked by the operator', date: '2026-12-01' }],
      ...extra,
    };
    writeFileSync(file, JSON.stringify({ registrars: { add: [entry] } }));
    return loadPolicy({ overridesFile: file });
  };

  it('says which name and IANA id were seen, that nothing matched, and what to check', () => {
    const [finding] = findingsWith(policy, UNLISTED);
    assert.equal(finding?.code, 'REGISTRAR_UNKNOWN');
    assert.equal(
      finding?.message.en,
      'The registrar of demo.com, "Example Registry Services Ltd" (IANA ID 9999002), matches no entry of beian\'s registrar data, so whether MIIT approved it is unknown.',
    );
    assert.match(
      finding?.message.zh ?? '',
      /“Example Registry Services Ltd”（IANA 编号 9999002）与 beian 注册商数据中的任何条目都对不上/,
    );
    assert.match(finding?.remedy.en ?? '', /authorised for \.com .*domain\.miit\.gov\.cn.*overrides file/);
    assert.match(finding?.remedy.zh ?? '', /域名注册服务机构.*\.com.*domain\.miit\.gov\.cn.*覆盖文件/);
    assert.doesNotMatch(finding?.message.en ?? '', /not approved/);
  });

  it('names the entry it matched when only the approval is unknown', () => {
    const [finding] = findingsWith(
      policy,
      registration('demo.com', { registrar: 'Some Reseller', registrarIanaId: 3838 }),
    );
    assert.equal(finding?.code, 'REGISTRAR_UNKNOWN');
    assert.match(
      finding?.message.en ?? '',
      /"Some Reseller" \(IANA ID 3838\), is "MarkMonitor Information Technology \(Shanghai\) Co\., Ltd\." in beian's registrar data/,
    );
    assert.match(finding?.message.zh ?? '', /在 beian 的注册商数据中是“MarkMonitor Information Technology/);
    const [sameName] = findingsWith(
      policy,
      registration('demo.com', {
        registrar: 'MarkMonitor Information Technology (Shanghai) Co., Ltd.',
        registrarIanaId: 3838,
      }),
    );
    assert.match(
      sameName?.message.en ?? '',
      /\(IANA ID 3838\), is in beian's registrar data, whose evidence cannot show whether MIIT approved it/,
    );
  });

  it('an unknown registrar warns; added as approved by an override it passes; marked foreign it is refused', () => {
    assert.deepEqual(codesOf(findingsWith(policy, UNLISTED)), ['REGISTRAR_UNKNOWN']);
    assert.deepEqual(codesOf(findingsWith(withOverride('approved'), UNLISTED)), []);
    const refused = findingsWith(withOverride('not-approved', { international: true }), UNLISTED);
    assert.deepEqual(codesOf(refused), ['REGISTRAR_NOT_APPROVED']);
    assert.equal(refused[0]?.severity, 'error');
    assert.match(
      refused[0]?.message.en ?? '',
      /is an international site \(a registrar outside mainland China\)/,
    );
    assert.deepEqual(codesOf(findingsWith(withOverride('unknown'), UNLISTED)), ['REGISTRAR_UNKNOWN']);
  });
});

const codesOf = (findings: readonly { code: string }[]) => findings.map((f) => f.code);

describe('checkWebsite', () => {
  const resultsAt = (at: string, province: string, inputs: string[]) => {
    const ctx = createCheckContext({
      policy,
      at: new Date(at),
      province: policy.findProvince(province),
      subject: SUBJECT,
      account: 'x',
    });
    const results = inputs.map((input) => {
      const parsed = parseDomainInput(input);
      const facts = {
        registration: registration(parsed.ok ? parsed.domain.registrableAscii : '', {
          registeredAt: '2018-06-01T02:00:00.000Z',
          realName: {
            status: 'verified',
            verifiedAt: '2018-06-02T02:00:00.000Z',
            reportedAt: '2018-06-06T02:00:00.000Z',
            holder: { ...HOLDER },
          },
        }),
        filing: null,
        inProgress: [],
      };
      return checkDomain(ctx, input, parsed, facts, []);
    });
    return checkWebsite(ctx, results);
  };
  const codes = (results: CheckResult[]) => results.map((r) => r.findings.map((f) => f.code));

  it('allows one domain per website in Guangxi before 2019-04-22', () => {
    const results = resultsAt('2019-04-01T10:00:00+08:00', '广西', ['a.cn', 'b.cn']);
    assert.deepEqual(codes(results), [[], ['TOO_MANY_DOMAINS_PER_WEBSITE']]);
    assert.equal(results[1]?.ok, false);
    assert.equal(results[1]?.findings[0]?.evidence.limit, 1);
  });

  it('allows up to 10 in Beijing before 2019-04-22', () => {
    assert.deepEqual(codes(resultsAt('2019-04-21T23:00:00+08:00', '北京', ['a.cn', 'b.cn', 'c.cn'])), [
      [],
      [],
      [],
    ]);
  });

  it('allows one everywhere from 2019-04-22 (工信管函〔2019〕633号)', () => {
    const results = resultsAt('2019-04-22T00:00:00+08:00', '北京', ['a.cn', 'www.a.cn', 'b.cn']);
    // www.a.cn is the same registrable domain as a.cn: it does not count twice.
    assert.deepEqual(codes(results), [
      [],
      ['SUBDOMAIN_INPUT', 'PARENT_DOMAIN_NOT_FILED'],
      ['TOO_MANY_DOMAINS_PER_WEBSITE'],
    ]);
    assert.equal(results[2]?.findings[0]?.evidence.effectiveFrom, '2019-04-22');
  });
});

describe('evaluated before 工信部信管〔2017〕264号 took effect (2018-01-01)', () => {
  const at = (iso: string) => ({
    name: `a .org at GoDaddy on ${iso}`,
    input: 'demo.org',
    at: iso,
    registration: { ...atGoDaddy('demo.org'), registeredAt: '2012-03-01T02:00:00.000Z' },
  });
  it('neither the suffix nor the registrar had to be approved on 2017-12-31 (Shanghai)', () => {
    const codes = run({ ...at('2017-12-31T23:59:00+08:00'), codes: [] }).findings.map((f) => f.code);
    assert.ok(!codes.includes('SUFFIX_NOT_APPROVED'), codes.join());
    assert.ok(!codes.includes('REGISTRAR_NOT_APPROVED'), codes.join());
  });
  it('both apply from 2018-01-01 00:00 Shanghai time', () => {
    const codes = run({ ...at('2018-01-01T00:00:00+08:00'), codes: [] }).findings.map((f) => f.code);
    assert.ok(codes.includes('SUFFIX_NOT_APPROVED'), codes.join());
    assert.ok(codes.includes('REGISTRAR_NOT_APPROVED'), codes.join());
  });
});

describe('filings made before the rules', () => {
  const ctx = createCheckContext({ policy, at: new Date(AT), subject: SUBJECT, account: 'li.lei' });
  const check = (input: string, facts: Partial<DomainFacts>, subjectFilings: RegistrySubject[] = []) => {
    const parsed = parseDomainInput(input);
    const domain = parsed.ok ? parsed.domain.registrableAscii : '';
    return checkDomain(
      ctx,
      input,
      parsed,
      { registration: registration(domain), filing: null, inProgress: [], ...facts },
      subjectFilings,
    );
  };

  it('names 工信部信管〔2017〕264号 and the approval date, in both languages', () => {
    const result = check('demo.org', {
      registration: atGoDaddy('demo.org'),
      filing: { subject: ORG_2012, website: ORG_2012.websites[0]! },
    });
    const finding = result.findings.find((f) => f.code === 'FILED_BEFORE_DOMAIN_RULES');
    assert.ok(finding);
    assert.equal(result.ok, true);
    assert.match(finding.message.zh, /264号/);
    assert.match(finding.message.zh, /2012-06-18/);
    assert.match(finding.message.zh, /后缀 \.org 未获批准、注册商“GoDaddy\.com, LLC”未获批准/);
    assert.match(finding.message.en, /264号/);
    assert.match(finding.message.en, /approved on 2012-06-18/);
    assert.match(finding.remedy.en, /First filings, new websites and added domains still need/);
  });

  describe('checkWebsite: a 2017 website with three domains (工信管函〔2019〕633号)', () => {
    const website = filed('demo.cn', HOLDER, {
      approvedAt: '2017-05-10T02:00:00.000Z',
      alsoDomains: ['demo2.cn', 'demo3.cn'],
    });
    const filing = { subject: website, website: website.websites[0]! };
    const results = (inputs: string[]) =>
      checkWebsite(
        ctx,
        inputs.map((input) =>
          input.startsWith('demo') ? check(input, { filing }, [website]) : check(input, {}, [website]),
        ),
      );
    const codes = (list: CheckResult[]) => list.map((r) => r.findings.map((f) => f.code));

    it('an access filing keeping all three passes', () => {
      const list = results(['demo.cn', 'demo2.cn', 'demo3.cn']);
      assert.deepEqual(codes(list), [
        ['FILED_WEBSITE_DOMAINS_KEPT'],
        ['FILED_WEBSITE_DOMAINS_KEPT'],
        ['FILED_WEBSITE_DOMAINS_KEPT'],
      ]);
      assert.ok(list.every((r) => r.ok && r.filingType === 'add-access'));
    });

    it('keeping two passes', () => {
      assert.ok(results(['demo.cn', 'demo3.cn']).every((r) => r.ok));
    });

    it('a domain added now counts against the limit, after the kept ones', () => {
      const list = results(['new.cn', 'demo.cn', 'demo2.cn', 'demo3.cn']);
      assert.deepEqual(codes(list)[0], ['TOO_MANY_DOMAINS_PER_WEBSITE']);
      assert.ok(list.slice(1).every((r) => r.ok));
      const evidence = list[0]?.findings[0]?.evidence;
      assert.equal(evidence?.count, 4);
      assert.equal(evidence?.keptDomains, 3);
      assert.equal(evidence?.keptWebsite, '沪ICP备18012345号-1');
    });
  });
});

describe('filings as of the evaluation instant (--at)', () => {
  const codes = (result: CheckResult) => codesOf(result.findings).sort();
  const OTHER = {
    name: '上海旧主网络有限公司',
    type: 'enterprise',
    idType: 'uscc',
    idNumber: '91310000MA1F2G3H4X',
  } as const;
  const BEFORE = '2026-11-27T12:00:00+08:00';
  const AFTER = '2026-11-29T12:00:00+08:00';

  it('a website approved after --at was not filed yet: the domain is free, the filing type first', () => {
    const later = filed('demo.cn', OTHER, { approvedAt: AFTER });
    assert.deepEqual(codes(run({ name: '', input: 'demo.cn', filing: later, codes: [] })), []);
    assert.equal(run({ name: '', input: 'demo.cn', filing: later, codes: [] }).filingType, 'first-filing');
    // Approved before --at (or on an unknown day), the same filing blocks.
    for (const approvedAt of [BEFORE, undefined]) {
      const earlier = filed('demo.cn', OTHER, approvedAt ? { approvedAt } : {});
      assert.deepEqual(codes(run({ name: '', input: 'demo.cn', filing: earlier, codes: [] })), [
        'DOMAIN_FILED_BY_OTHER_SUBJECT',
      ]);
    }
  });

  it('the subject’s own website approved after --at does not make it a filed subject yet', () => {
    const own = (approvedAt: string) =>
      filed('other.cn', HOLDER, { provider: 'self', account: 'li.lei', approvedAt });
    const at = (approvedAt: string) =>
      run({ name: '', input: 'demo.cn', subjectFilings: [own(approvedAt)], codes: [] }).filingType;
    assert.equal(at(AFTER), 'first-filing');
    assert.equal(at(BEFORE), 'add-website');
  });

  it('an application made after --at was not in progress; one made before, or imported undated, was', () => {
    const application = (createdAt?: string): RegistrySubject => ({
      ...filed('demo.cn', HOLDER, { provider: 'self', account: 'li.lei', state: 'in-progress' }),
      ...(createdAt ? { createdAt } : {}),
    });
    const codesWith = (inProgress: RegistrySubject) =>
      codes(run({ name: '', input: 'demo.cn', inProgress, codes: [] }));
    assert.deepEqual(codesWith(application(AFTER)), []);
    assert.deepEqual(codesWith(application(BEFORE)), ['DOMAIN_ORDER_IN_PROGRESS']);
    assert.deepEqual(codesWith(application()), ['DOMAIN_ORDER_IN_PROGRESS']);
  });
});
