import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDomainInput } from '../../src/domain-name/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { DomainFacts, RegistrySubject } from '../../src/facts/index.ts';
import type { CheckResult, FiledAppFact } from '../../src/rules/index.ts';
import { checkApp, checkDomain, createCheckContext } from '../../src/rules/index.ts';

const policy = loadPolicy();
const MINE = '91330106MA2B3C4D5D';
const OTHER: FiledAppFact = {
  number: '沪ICP备2024000001号-2A',
  name: '示例记账',
  subjectName: '上海旧主网络有限公司',
  subjectIdNumber: '91310000MA1F2G3H4X',
  identifiers: ['android:cn.example.ledger'],
  hostedHere: true,
};

const HOLDER = { name: '杭州示例科技有限公司', type: 'enterprise', idType: 'uscc', idNumber: MINE } as const;

/** The engine's result for the registrable domain of a host this subject holds; `filedNumber`: its filed website, if any. */
function domainResult(domain: string, filedNumber: string | null): CheckResult {
  const ctx = createCheckContext({
    policy,
    at: new Date('2026-11-28T04:00:00Z'),
    subject: { ...HOLDER },
    account: 'li.lei',
  });
  const parsed = parseDomainInput(domain);
  const registrable = parsed.ok ? parsed.domain.registrableAscii : domain;
  const subject: RegistrySubject = {
    subjectNumber: filedNumber?.replace(/-\d+$/, '') ?? null,
    province: '330000',
    subject: { ...HOLDER },
    provider: 'self',
    account: 'li.lei',
    state: 'filed',
    websites: [{ number: filedNumber, domains: [registrable], providers: ['self'] }],
  };
  const facts: DomainFacts = {
    registration: {
      domain: registrable,
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
    },
    filing: filedNumber === null ? null : { subject, website: subject.websites[0]! },
    inProgress: [],
  };
  // The workflow checks the registrable domain of each host an app uses, as a website's.
  const apex = parseDomainInput(registrable);
  return checkDomain(ctx, registrable, apex, facts, filedNumber === null ? [] : [subject]);
}

const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('checkApp (APP备案核验)', () => {
  it("refuses a package filed by another subject, naming that subject's app and number", () => {
    const r = checkApp({ name: '新记账', identifiers: ['android:cn.example.ledger'], domains: [] }, MINE, [
      OTHER,
    ]);
    assert.equal(r.ok, false);
    assert.deepEqual(codes(r), ['APP_IDENTIFIER_FILED_ELSEWHERE']);
    assert.match(r.findings[0]?.message.zh ?? '', /沪ICP备2024000001号-2A/);
    assert.match(r.findings[0]?.message.en ?? '', /上海旧主网络有限公司/);
  });

  it('warns, and only warns, about a name filed by another subject', () => {
    const r = checkApp({ name: '示例记账', identifiers: ['ios:cn.example.other'], domains: [] }, MINE, [
      OTHER,
    ]);
    assert.deepEqual([r.ok, codes(r)], [true, ['APP_NAME_FILED_ELSEWHERE']]);
    assert.equal(r.findings[0]?.severity, 'warning');
  });

  it("says when the subject filed the app already, and ignores its own app's name", () => {
    const own = { ...OTHER, subjectIdNumber: MINE, subjectName: '杭州示例科技有限公司' };
    const r = checkApp({ name: '示例记账', identifiers: ['android:cn.example.ledger'], domains: [] }, MINE, [
      own,
    ]);
    assert.deepEqual(codes(r), ['APP_ALREADY_FILED_HERE']);
  });

  it("files the subject's app hosted by another provider as an access, keeping its number", () => {
    const elsewhere = {
      ...OTHER,
      subjectIdNumber: MINE,
      subjectName: '杭州示例科技有限公司',
      hostedHere: false,
    };
    const r = checkApp({ name: '示例记账', identifiers: ['android:cn.example.ledger'], domains: [] }, MINE, [
      elsewhere,
    ]);
    assert.deepEqual([r.ok, codes(r)], [true, ['APP_ACCESS_OF_FILED_APP']]);
    assert.equal(r.findings[0]?.severity, 'info');
    assert.match(r.findings[0]?.message.zh ?? '', /沪ICP备2024000001号-2A/);
  });

  it('lets a change keep the identifiers and name of the app it changes, and no other', () => {
    const own = { ...OTHER, subjectIdNumber: MINE, subjectName: '杭州示例科技有限公司' };
    const sibling = { ...own, number: '沪ICP备2024000001号-3A', identifiers: ['ios:cn.example.ledger'] };
    const input = {
      name: '示例记账',
      identifiers: ['android:cn.example.ledger', 'ios:cn.example.ledger'],
      domains: [],
    };
    const r = checkApp(input, MINE, [own, sibling], new Set(), own.number);
    assert.deepEqual(codes(r), ['APP_ALREADY_FILED_HERE']);
    assert.match(r.findings[0]?.message.zh ?? '', /-3A/);
    assert.deepEqual(
      codes(
        checkApp(
          { ...input, identifiers: input.identifiers.slice(0, 1) },
          MINE,
          [own],
          new Set(),
          own.number,
        ),
      ),
      [],
    );
  });

  it("lets an app use its subject's filed website domain and this application's websites", () => {
    const filedHere = domainResult('api.ledger-demo.cn', '浙ICP备2024000009号-1');
    assert.ok(codes(filedHere).includes('DOMAIN_ALREADY_FILED_HERE'));
    const r = checkApp(
      { name: '新记账', identifiers: [], domains: [{ host: 'api.ledger-demo.cn', result: filedHere }] },
      MINE,
      [],
    );
    assert.equal(r.ok, true);
    assert.ok(!codes(r.domains[0]!.result).includes('DOMAIN_ALREADY_FILED_HERE'));
    assert.ok(codes(r.domains[0]!.result).includes('APP_DOMAIN_OF_FILED_WEBSITE'));
    assert.match(r.domains[0]!.result.findings.at(-1)?.message.zh ?? '', /浙ICP备2024000009号-1/);
  });

  it('keeps the domain checks: an unapproved suffix still refuses the app', () => {
    const bad = domainResult('api.ledger-demo.org', null);
    assert.ok(codes(bad).includes('SUFFIX_NOT_APPROVED'));
    const r = checkApp(
      { name: '新记账', identifiers: [], domains: [{ host: 'api.ledger-demo.org', result: bad }] },
      MINE,
      [],
    );
    assert.equal(r.ok, false);
  });
});
