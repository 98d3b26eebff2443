/**
 * What the engine says when it does not know (issue 11): absence from this deployment's data is said
 * as such, with the sources consulted in the evidence; and the remedies the founding FAQ gives
 * (registrar check for suffixes, one domain per website, the reporting window, domain certificates
 * with the date and confidence of their source).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDomainInput } from '../../src/domain-name/index.ts';
import type { DomainFacts, DomainRegistration, FactObservation } from '../../src/facts/types.ts';
import { NO_DOMAIN_FACTS } from '../../src/facts/types.ts';
import type { PolicyData } from '../../src/policy/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { CheckResult, Finding, FindingCode, SubjectInput } from '../../src/rules/index.ts';
import { checkDomain, checkSubjectDomains, checkWebsite, createCheckContext } from '../../src/rules/index.ts';

const policy = loadPolicy();
const AT = '2026-11-28T12:00:00+08:00';

type Run = {
  input: string;
  facts?: DomainFacts;
  at?: string;
  province?: string;
  subject?: SubjectInput | null;
  policy?: PolicyData;
  consulted?: ('miit-sandbox' | 'memory')[];
};

function check(run: Run): CheckResult {
  const ctx = createCheckContext({
    policy: run.policy ?? policy,
    at: new Date(run.at ?? AT),
    province: run.province ? policy.findProvince(run.province) : null,
    subject: run.subject ?? null,
    consulted: run.consulted ?? ['miit-sandbox'],
  });
  return checkDomain(ctx, run.input, parseDomainInput(run.input), run.facts ?? NO_DOMAIN_FACTS, []);
}

function finding(result: CheckResult, code: FindingCode): Finding {
  const found = result.findings.find((f) => f.code === code);
  assert.ok(found, `${code} in ${result.findings.map((f) => f.code).join()}`);
  return found;
}

const rdap = (outcome: FactObservation['outcome'], error?: string): FactObservation => ({
  origin: 'rdap',
  outcome,
  server: 'https://rdap.verisign.com/com/v1/',
  observedAt: '2026-11-28T04:00:00.000Z',
  registrar: null,
  registrarIanaId: null,
  registeredAt: null,
  expiresAt: null,
  statuses: [],
  holderName: null,
  used: false,
  ...(error ? { error } : {}),
});

const withSources = (sources: FactObservation[]): DomainFacts => ({ ...NO_DOMAIN_FACTS, sources });

describe('absence is said as absence from the data consulted', () => {
  it('baidu.com with no facts loaded: no record here, not "unregistered"; evidence names the source', () => {
    const notRegistered = finding(check({ input: 'baidu.com' }), 'DOMAIN_NOT_REGISTERED');
    assert.equal(
      notRegistered.message.en,
      "No registration record for baidu.com in the domain data consulted here: this deployment's domain database (MIIT sandbox).",
    );
    assert.match(
      notRegistered.message.zh,
      /这里查询的域名数据中没有 baidu\.com 的注册记录。查询了：本系统的域名库/,
    );
    assert.match(notRegistered.remedy.en, /not that the domain is unregistered/);
    assert.match(notRegistered.remedy.en, /public registration data \(RDAP\/WHOIS\)/);
    assert.match(notRegistered.remedy.zh, /不代表域名未注册/);
    assert.deepEqual(notRegistered.evidence.consulted, ['miit-sandbox']);
    assert.equal(notRegistered.evidence.publicLookup, 'not-asked');
  });

  it('an online check that found nothing says the domain appears unregistered, naming RDAP', () => {
    const result = check({ input: 'never-registered-example.com', facts: withSources([rdap('not-found')]) });
    const notRegistered = finding(result, 'DOMAIN_NOT_REGISTERED');
    assert.equal(notRegistered.evidence.publicLookup, 'not-found');
    assert.deepEqual(notRegistered.evidence.consulted, ['miit-sandbox', 'rdap']);
    assert.match(notRegistered.message.en, /appears not to be registered\. Consulted: .*, RDAP\.$/);
    assert.match(notRegistered.remedy.en, /register it first with an MIIT-approved registrar/);
    assert.doesNotMatch(notRegistered.remedy.en, /not that the domain is unregistered/);
  });

  it('a failed lookup keeps the careful wording beside ONLINE_LOOKUP_FAILED', () => {
    const result = check({ input: 'baidu.com', facts: withSources([rdap('error', 'timeout')]) });
    const notRegistered = finding(result, 'DOMAIN_NOT_REGISTERED');
    assert.equal(notRegistered.evidence.publicLookup, 'error');
    assert.match(notRegistered.remedy.en, /not that the domain is unregistered/);
    finding(result, 'ONLINE_LOOKUP_FAILED');
  });

  it('a suffix with no public server: nothing could be asked, so nothing is concluded', () => {
    const result = check({
      input: 'example.cn',
      facts: withSources([{ ...rdap('no-server'), server: null }]),
    });
    const notRegistered = finding(result, 'DOMAIN_NOT_REGISTERED');
    assert.equal(notRegistered.evidence.publicLookup, 'no-server');
    assert.deepEqual(notRegistered.evidence.consulted, ['miit-sandbox'], 'a source not asked is not named');
  });

  it('www.tsinghua.edu.cn: "no filing known here", with MIIT\'s public query and the access filing', () => {
    const parent = finding(check({ input: 'www.tsinghua.edu.cn' }), 'PARENT_DOMAIN_NOT_FILED');
    assert.equal(
      parent.message.en,
      'No filing of tsinghua.edu.cn is known here (consulted: filings made or imported here), and the subdomain www.tsinghua.edu.cn cannot be filed on its own.',
    );
    assert.doesNotMatch(parent.message.en, /no ICP number yet/);
    assert.match(parent.message.zh, /本系统已知的备案中没有 tsinghua\.edu\.cn/);
    assert.match(parent.remedy.en, /beian\.miit\.gov\.cn/);
    assert.match(parent.remedy.en, /access filing/);
    assert.deepEqual(parent.evidence.consulted, ['miit-sandbox']);
  });

  it('names the facts given when the caller names no source', () => {
    const notRegistered = finding(check({ input: 'baidu.com', consulted: [] }), 'DOMAIN_NOT_REGISTERED');
    assert.match(notRegistered.message.en, /consulted here: the facts given to this check\.$/);
    assert.deepEqual(notRegistered.evidence.consulted, []);
  });
});

describe('remedies true to the FAQ', () => {
  it('SUFFIX_NOT_APPROVED sends the user to the registrar: approval is per registrar and suffix (Q1a)', () => {
    const suffix = finding(check({ input: 'example.io' }), 'SUFFIX_NOT_APPROVED');
    assert.doesNotMatch(suffix.remedy.en, /no registrar can change/);
    assert.match(suffix.remedy.en, /^Check with the registrar: MIIT approves, registrar by registrar/);
    assert.match(suffix.remedy.en, /domain\.miit\.gov\.cn/);
    assert.match(suffix.remedy.zh, /^请向注册商确认：工信部按注册商逐一批准其可以注册的后缀/);
    assert.doesNotMatch(suffix.remedy.zh, /注册商也无法改变/);
  });

  const website = (province: string, at: string, count: number) => {
    const ctx = createCheckContext({ policy, at: new Date(at), province: policy.findProvince(province) });
    const results = Array.from({ length: count }, (_, i) => {
      const input = `site-${i}.cn`;
      return checkDomain(ctx, input, parseDomainInput(input), NO_DOMAIN_FACTS, []);
    });
    return checkWebsite(ctx, results).flatMap((r) =>
      r.findings.filter((f) => f.code === 'TOO_MANY_DOMAINS_PER_WEBSITE'),
    );
  };

  it('where the limit is one, each further domain is its own website: no "继续增加域名"', () => {
    const [extra] = website('北京', AT, 2);
    assert.ok(extra);
    assert.equal(extra.evidence.limit, 1);
    assert.match(extra.remedy.zh, /其余每个域名都用“保存，并继续添加网站”作为单独的网站备案/);
    assert.match(extra.remedy.zh, /不要用“继续增加域名”/);
    assert.match(
      extra.remedy.en,
      /each getting its own website number; "继续增加域名" \(add another domain\) does not apply/,
    );
  });

  it('where several were allowed (Beijing, before 2019-04-22), "继续增加域名" up to the limit', () => {
    const extras = website('北京', '2019-04-01T12:00:00+08:00', 11);
    assert.equal(extras.length, 1);
    assert.equal(extras[0]?.evidence.limit, 10);
    assert.match(
      extras[0]?.remedy.zh ?? '',
      /其余域名在填写网站信息时用“继续增加域名”添加，总数不超过 10 个/,
    );
  });
});

describe('REAL_NAME_NOT_REPORTED gives a window: expected by, at the latest', () => {
  const verified = (verifiedAt: string | null): DomainFacts => {
    const registration: DomainRegistration = {
      domain: 'example.cn',
      registrar: '阿里云计算有限公司',
      registrarIanaId: 420,
      registeredAt: '2026-11-20T10:00:00+08:00',
      expiresAt: '2028-11-20T10:00:00+08:00',
      realName: { status: 'verified', verifiedAt, reportedAt: null, holder: null },
      origin: 'memory',
    };
    return { ...NO_DOMAIN_FACTS, registration };
  };
  // Thursday 2026-11-26: 2 working days → Monday 11-30; 5 → Thursday 12-03 (no holiday between).
  const THURSDAY = '2026-11-26T10:00:00+08:00';
  const reported = (at: string, facts = verified(THURSDAY), p = policy) =>
    finding(check({ input: 'example.cn', facts, at, policy: p }), 'REAL_NAME_NOT_REPORTED');

  it('before the expected date: both dates, the latest from the provider bound (5 working days)', () => {
    const f = reported(AT);
    assert.equal(f.evidence.expectedBy, '2026-11-30');
    assert.equal(f.evidence.expectedLatestBy, '2026-12-03');
    assert.equal(f.evidence.workdays, 2);
    assert.equal(f.evidence.latestWorkdays, 5);
    assert.equal(f.evidence.latestPolicyEntry, 'real-name-reporting-latest-national');
    assert.match(f.message.en, /expected by 2026-11-30, at the latest 2026-12-03\.$/);
    assert.match(f.message.zh, /预计 2026-11-30 前完成，最晚 2026-12-03。$/);
    assert.equal(
      f.remedy.en,
      'Reporting usually takes 2 working days and can take up to 5 (Chinese official calendar, holidays and makeup days counted). Submit after 2026-11-30; if it is still missing after 2026-12-03, ask the registrar to confirm it reported the data.',
    );
  });

  it('between the two dates it is not yet overdue; after the latest it is', () => {
    const between = reported('2026-12-01T12:00:00+08:00');
    assert.equal(between.evidence.overdue, true);
    assert.equal(between.evidence.overdueLatest, false);
    assert.match(
      between.message.en,
      /expected by 2026-11-30; that has passed, and the latest date is 2026-12-03/,
    );
    const after = reported('2026-12-04T12:00:00+08:00');
    assert.equal(after.evidence.overdueLatest, true);
    assert.match(after.message.en, /due by 2026-12-03 at the latest and is overdue/);
  });

  it('an unknown verification time gives no dates and sends the user to the registrar', () => {
    const f = reported(AT, verified(null));
    assert.equal(f.evidence.expectedBy, null);
    assert.equal(f.evidence.expectedLatestBy, null);
    assert.match(f.remedy.en, /Submit once the registrar confirms it reported the data\.$/);
    assert.doesNotMatch(f.remedy.en, /\?/);
  });

  it('an operator raising the expected days past the bound never inverts the window', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beian-window-'));
    const file = join(dir, 'overrides.json');
    writeFileSync(
      file,
      JSON.stringify({
        policies: {
          add: [
            {
              id: 'op-real-name-7',
              scope: '*',
              field: 'realNameReportingWorkdays',
              value: 7,
              effectiveFrom: '2026-01-01',
              confidence: 'medium',
              sources: [{ title: "Our registrar's reporting time, measured 2026" }],
            },
          ],
        },
      }),
    );
    const f = reported(AT, verified(THURSDAY), loadPolicy({ overridesFile: file }));
    assert.equal(f.evidence.expectedBy, '2026-12-07');
    assert.equal(f.evidence.expectedLatestBy, '2026-12-07');
    assert.equal(f.evidence.latestWorkdays, 7);
  });
});

describe('DOMAIN_CERTIFICATE_REQUIRED says how sure its source is', () => {
  const individual: SubjectInput = {
    name: '王小明',
    type: 'individual',
    idType: 'resident-id',
    idNumber: '11010519491231002X',
  };

  it('Jiangsu: the province-wide rule rests on a 2013 source of low confidence, and says so', () => {
    const f = finding(check({ input: 'example.cn', province: '江苏' }), 'DOMAIN_CERTIFICATE_REQUIRED');
    assert.equal(
      f.message.en,
      'The Jiangsu bureau requires a domain certificate for each filed domain (per a source of 2013-08-08; low confidence).',
    );
    assert.equal(f.evidence.policyEntry, 'domain-certificate-320000');
    assert.equal(f.evidence.confidence, 'low');
    assert.equal(f.evidence.sourceDate, '2013-08-08');
    assert.match(f.remedy.en, /confirm with your provider first/);
  });

  /** One domain of a Guangdong individual beside its filed domains, through the subject rule. */
  function guangdong(
    filed: string[],
    options: { subject?: SubjectInput; at?: string; province?: string } = {},
  ) {
    const ctx = createCheckContext({
      policy,
      at: new Date(options.at ?? AT),
      province: policy.findProvince(options.province ?? '广东'),
      subject: options.subject ?? individual,
    });
    const input = 'new-site.cn';
    const result = checkDomain(ctx, input, parseDomainInput(input), NO_DOMAIN_FACTS, []);
    const [checked] = checkSubjectDomains(ctx, [result], filed);
    return checked?.findings.filter((f) => f.code === 'DOMAIN_CERTIFICATE_REQUIRED') ?? [];
  }
  const five = ['a-site.cn', 'b-site.com', 'c-site.net', 'd-site.cn', 'e-site.cn'];

  it('Guangdong: an individual past 5 domains of different prefixes needs a certificate for each', () => {
    const [f] = guangdong(five);
    assert.ok(f);
    assert.equal(f.evidence.domainPrefixes, 6);
    assert.equal(f.evidence.moreThan, 5);
    assert.equal(f.evidence.subjectType, 'individual');
    assert.equal(f.evidence.policyEntry, 'domain-certificate-threshold-440000-2025');
    assert.equal(f.evidence.confidence, 'low');
    assert.equal(f.evidence.sourceDate, null, 'the Huawei page is undated');
    assert.equal(
      f.message.en,
      "The Guangdong bureau requires a domain certificate for each domain once a subject of type individual has more than 5 domains of different prefixes; this subject's filed and new domains have 6 (per a source of no date; low confidence).",
    );
    assert.match(
      f.message.zh,
      /广东管局要求个人主体不同前缀的域名超过 5 个时，为每个域名提供域名证书；该主体已备案和本次填写的域名共有 6 个不同前缀/,
    );
  });

  it('counts prefixes, not domains: example.cn and example.com are one', () => {
    assert.deepEqual(guangdong(['a-site.cn', 'a-site.com', 'b-site.cn', 'c-site.cn', 'd-site.cn']), []);
    assert.deepEqual(guangdong(five.slice(0, 4)), [], 'exactly 5 is not more than 5');
  });

  it('applies to individuals in Guangdong from the date it is attested, and nowhere else', () => {
    const enterprise = { ...individual, type: 'enterprise' as const, idType: 'uscc' as const };
    assert.deepEqual(guangdong(five, { subject: enterprise }), []);
    assert.deepEqual(guangdong(five, { subject: { name: '王小明' } }), [], 'unknown type: not applied');
    assert.deepEqual(guangdong(five, { province: '广西' }), []);
    assert.deepEqual(guangdong(five, { at: '2025-12-30T12:00:00+08:00' }), []);
    assert.equal(guangdong(five, { at: '2025-12-31T12:00:00+08:00' }).length, 1);
  });
});
