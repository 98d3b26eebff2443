import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultDataDir, loadPolicy } from '../../src/policy/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'beian-policy-'));
let counter = 0;
/** Writes an overrides file (object → JSON, string → as is) and returns its path. */
function overridesFile(content: unknown): string {
  const file = join(dir, `overrides-${++counter}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
const source = [{ title: 'domain.miit.gov.cn, checked by the operator', date: '2026-12-01' }];
const on = (date: string): Date => new Date(`${date}T12:00:00+08:00`);
const REGISTRAR = {
  id: 'op-registrar',
  brand: '运营方注册商',
  legalName: '运营方示例注册商有限公司',
  names: ['运营方示例注册商有限公司'],
  ianaIds: [],
  status: 'approved',
  confidence: 'medium',
  sources: source,
};

describe('operator overrides (运营方覆盖)', () => {
  it('adds, replaces and withdraws suffixes and records each change', () => {
    const file = overridesFile({
      suffixes: {
        add: [
          {
            suffix: 'org',
            ascii: 'org',
            kind: 'gtld',
            status: 'approved',
            approved: true,
            confidence: 'high',
            sources: source,
          },
          {
            suffix: 'example',
            ascii: 'example',
            kind: 'gtld',
            status: 'approved',
            approved: true,
            confidence: 'high',
            sources: source,
          },
        ],
        withdraw: ['tv'],
      },
    });
    const policy = loadPolicy({ overridesFile: file });
    const at = new Date('2026-12-05T12:00:00+08:00');
    assert.equal(policy.classifySuffix('org', at).approved, true);
    assert.equal(policy.classifySuffix('example', at).approved, true);
    assert.equal(policy.classifySuffix('tv', at).entry, null);
    assert.deepEqual(policy.provenance.overrides, [
      {
        file,
        changes: [
          'suffix tv withdrawn',
          'suffix org replaced (approved; was not approved)',
          'suffix example added (approved)',
        ],
      },
    ]);
  });

  it('dates an approval the operator adds (approvedFrom) and refuses a date on a refusal', () => {
    const pub = {
      suffix: 'pub',
      ascii: 'pub',
      kind: 'gtld',
      status: 'approved',
      approved: true,
      approvedFrom: '2026-12-01',
      confidence: 'high',
      sources: source,
    };
    const file = overridesFile({ suffixes: { add: [pub] } });
    const policy = loadPolicy({ overridesFile: file });
    assert.equal(policy.classifySuffix('pub', on('2026-11-30')).approved, false);
    assert.equal(policy.classifySuffix('pub', on('2026-12-01')).approved, true);
    assert.deepEqual(policy.provenance.overrides[0]?.changes, [
      'suffix pub replaced (approved from 2026-12-01; was unverified, not approved)',
    ]);
    const bad = overridesFile({ suffixes: { add: [{ ...pub, status: 'not-approved', approved: false }] } });
    assert.throws(
      () => loadPolicy({ overridesFile: bad }),
      (error: Error) => /suffixes\.add\[0\]\.approvedFrom/.test(error.message),
    );
  });

  it('withdraws a registrar and adds one', () => {
    const file = overridesFile({
      registrars: {
        withdraw: ['aliyun-intl'],
        add: [
          {
            id: 'example-registrar',
            brand: '示例',
            legalName: '示例域名有限公司',
            names: ['示例域名有限公司', 'Example Domains Co., Ltd.'],
            ianaIds: [],
            approved: true,
            confidence: 'medium',
            sources: source,
          },
        ],
      },
    });
    const policy = loadPolicy({ overridesFile: file });
    assert.equal(policy.findRegistrar('ALIBABA.COM SINGAPORE E-COMMERCE PRIVATE LIMITED', null), null);
    assert.equal(policy.findRegistrar('example domains co ltd', null)?.id, 'example-registrar');
    assert.deepEqual(policy.provenance.overrides[0]?.changes, [
      'registrar aliyun-intl withdrawn',
      'registrar example-registrar added (approved)',
    ]);
  });

  it('adds a registrar with an approval status, and replaces one by its id', () => {
    const registrar = (id: string, status: string, names: string[], ianaIds: number[] = []) => ({
      id,
      brand: id,
      legalName: names[0],
      names,
      ianaIds,
      status,
      confidence: 'high',
      sources: source,
    });
    const file = overridesFile({
      registrars: {
        add: [
          registrar('reseller-x', 'unknown', ['Reseller X Ltd']),
          registrar(
            'markmonitor-shanghai',
            'approved',
            ['MarkMonitor Information Technology (Shanghai) Co., Ltd.'],
            [3838],
          ),
        ],
      },
    });
    const policy = loadPolicy({ overridesFile: file });
    assert.equal(policy.findRegistrar('reseller x ltd', null)?.status, 'unknown');
    assert.equal(policy.findRegistrar('', 3838)?.status, 'approved');
    assert.deepEqual(policy.provenance.overrides[0]?.changes, [
      'registrar reseller-x added (approval unknown)',
      'registrar markmonitor-shanghai replaced (approved; was approval unknown)',
    ]);
  });

  it('adds a dated policy entry that wins from its effective date, and withdraws one', () => {
    const file = overridesFile({
      policies: {
        withdraw: ['real-name-reporting-national'],
        add: [
          {
            id: 'op-guangxi-2',
            scope: '450000',
            field: 'maxDomainsPerWebsite',
            value: 2,
            effectiveFrom: '2026-01-01',
            confidence: 'medium',
            sources: source,
          },
          {
            id: 'op-real-name-3',
            scope: '*',
            field: 'realNameReportingWorkdays',
            value: 3,
            effectiveFrom: '2000-01-01',
            confidence: 'medium',
            sources: source,
          },
        ],
      },
    });
    const policy = loadPolicy({ overridesFile: file });
    assert.equal(policy.resolvePolicy('广西', on('2025-12-31')).maxDomainsPerWebsite.value, 1);
    assert.deepEqual(policy.resolvePolicy('广西', on('2026-01-01')).maxDomainsPerWebsite, {
      value: 2,
      entryId: 'op-guangxi-2',
      scope: '450000',
      effectiveFrom: '2026-01-01',
    });
    assert.equal(policy.resolvePolicy('北京', on('2026-01-01')).maxDomainsPerWebsite.value, 1);
    assert.equal(policy.resolvePolicy(null, on('2026-01-01')).realNameReportingWorkdays.value, 3);
    assert.deepEqual(policy.provenance.overrides[0]?.changes, [
      'policy entry real-name-reporting-national withdrawn',
      'policy entry op-guangxi-2 added (maxDomainsPerWebsite = 2 for 450000 from 2026-01-01)',
      'policy entry op-real-name-3 added (realNameReportingWorkdays = 3 for * from 2000-01-01)',
    ]);
  });

  it('adds a domain-count certificate rule and lists it readably; refuses a malformed one by path', () => {
    const entry = {
      id: 'op-zhejiang-certificates',
      scope: '330000',
      field: 'domainCertificateThreshold',
      value: { subjectTypes: ['individual', 'enterprise'], moreThan: 10 },
      effectiveFrom: '2026-12-01',
      confidence: 'medium',
      sources: source,
    };
    const policy = loadPolicy({ overridesFile: overridesFile({ policies: { add: [entry] } }) });
    assert.deepEqual(policy.resolvePolicy('浙江', on('2026-12-01')).domainCertificateThreshold.value, {
      subjectTypes: ['individual', 'enterprise'],
      moreThan: 10,
    });
    assert.deepEqual(policy.provenance.overrides[0]?.changes, [
      'policy entry op-zhejiang-certificates added (domainCertificateThreshold = individual/enterprise > 10 for 330000 from 2026-12-01)',
    ]);
    const bad = overridesFile({
      policies: { add: [{ ...entry, value: { subjectTypes: [], moreThan: -1 } }] },
    });
    assert.throws(
      () => loadPolicy({ overridesFile: bad }),
      (err: Error) =>
        /policies\.add\[0\]\.value\.subjectTypes/.test(err.message) && /value\.moreThan/.test(err.message),
    );
  });

  it('refuses overrides that leave a field without a national entry', () => {
    const file = overridesFile({ policies: { withdraw: ['real-name-reporting-national'] } });
    assert.throws(
      () => loadPolicy({ overridesFile: file }),
      (err: Error) => {
        assert.ok(err.message.includes(file));
        assert.match(err.message, /no national \(\*\) entry for realNameReportingWorkdays/);
        return true;
      },
    );
  });

  it('keeps the data version and records an empty overrides file', () => {
    const plain = loadPolicy();
    assert.match(plain.provenance.dataVersion, /^2026-12-05\+[0-9a-f]{12}$/);
    assert.deepEqual(plain.provenance.overrides, []);
    const withEmpty = loadPolicy({ overridesFile: overridesFile({}) });
    assert.equal(withEmpty.provenance.dataVersion, plain.provenance.dataVersion);
    assert.deepEqual(withEmpty.provenance.overrides[0]?.changes, []);
  });
});

describe('malformed overrides and data files', () => {
  it('names the file and the field path of a wrong value', () => {
    const file = overridesFile({
      suffixes: {
        add: [
          {
            suffix: 'cc',
            ascii: 'cc',
            kind: 'cctld',
            status: 'approved',
            approved: 'yes',
            confidence: 'high',
            sources: source,
          },
        ],
      },
    });
    assert.throws(
      () => loadPolicy({ overridesFile: file }),
      (err: Error) => {
        assert.ok(err.message.includes(file), err.message);
        assert.match(err.message, /suffixes\.add\[0\]\.approved/);
        return true;
      },
    );
  });

  it('names misspelt sections, missing sources, wrong A-labels and unknown withdrawals', () => {
    const cases: [unknown, RegExp][] = [
      [{ sufixes: {} }, /\(root\).*sufixes|sufixes/],
      [
        {
          registrars: {
            add: [
              {
                id: 'x',
                brand: 'x',
                legalName: 'x',
                names: ['x'],
                ianaIds: [],
                approved: true,
                confidence: 'low',
                sources: [],
              },
            ],
          },
        },
        /registrars\.add\[0\]\.sources/,
      ],
      [
        {
          suffixes: {
            add: [
              {
                suffix: '中国',
                ascii: 'xn--fiqz9s',
                kind: 'cctld',
                status: 'approved',
                approved: true,
                confidence: 'high',
                sources: source,
              },
            ],
          },
        },
        /suffixes\.add\[0\]\.ascii/,
      ],
      [
        {
          policies: {
            add: [
              {
                id: 'p',
                scope: '*',
                field: 'maxDomainsPerWebsite',
                value: true,
                effectiveFrom: '2026-01-01',
                confidence: 'low',
                sources: source,
              },
            ],
          },
        },
        /policies\.add\[0\]\.value/,
      ],
      [
        {
          policies: {
            add: [
              {
                id: 'p',
                scope: '999999',
                field: 'maxDomainsPerWebsite',
                value: 2,
                effectiveFrom: '2026-01-01',
                confidence: 'low',
                sources: source,
              },
            ],
          },
        },
        /scope 999999/,
      ],
      [{ suffixes: { withdraw: ['nope'] } }, /suffixes\.withdraw\[0\].*"nope"/],
      [
        { registrars: { add: [{ ...REGISTRAR, status: 'maybe' }] } },
        /registrars\.add\[0\]\.status.*"unknown"/,
      ],
      [
        { registrars: { add: [{ ...REGISTRAR, status: 'approved', approved: true }] } },
        /registrars\.add\[0\]\.approved: give "status" only/,
      ],
      [
        { registrars: { add: [{ ...REGISTRAR, status: 'approved', international: true }] } },
        /registrars\.add\[0\]\.status: a registrar outside mainland China/,
      ],
      // A new id with another registrar's name or IANA id would make the lookup ambiguous.
      [
        { registrars: { add: [{ ...REGISTRAR, names: ['GoDaddy.com, LLC'] }] } },
        /"GoDaddy\.com, LLC" of op-registrar also belongs to godaddy .*add an entry with id "godaddy"/,
      ],
      [
        { registrars: { add: [{ ...REGISTRAR, ianaIds: [3838] }] } },
        /IANA id 3838 belongs to both markmonitor-shanghai and op-registrar/,
      ],
      [
        { registrars: { add: [{ ...REGISTRAR, names: ['（）'] }] } },
        /op-registrar: name "（）" has no letters/,
      ],
    ];
    for (const [content, pattern] of cases) {
      const file = overridesFile(content);
      assert.throws(
        () => loadPolicy({ overridesFile: file }),
        (err: Error) => {
          assert.ok(err.message.includes(file), err.message);
          assert.match(err.message, pattern);
          return true;
        },
      );
    }
  });

  it('reports invalid JSON and a missing file with the path', () => {
    const file = overridesFile('{ "suffixes": ');
    assert.throws(
      () => loadPolicy({ overridesFile: file }),
      new RegExp(`overrides file .*${counter}\\.json: invalid JSON`),
    );
    assert.throws(
      () => loadPolicy({ overridesFile: join(dir, 'missing.json') }),
      /missing\.json: cannot be read/,
    );
  });

  it('rejects a broken data file naming the file and the entry path', () => {
    const dataDir = join(dir, 'data');
    cpSync(defaultDataDir(), dataDir, { recursive: true });
    const path = join(dataDir, 'registrars.json');
    const json = JSON.parse(readFileSync(path, 'utf8')) as { entries: { confidence: unknown }[] };
    const first = json.entries[0];
    assert.ok(first);
    first.confidence = 'certain';
    writeFileSync(path, JSON.stringify(json));
    assert.throws(
      () => loadPolicy({ dataDir }),
      (err: Error) => {
        assert.ok(err.message.includes(path), err.message);
        assert.match(err.message, /entries\[0\]\.confidence/);
        return true;
      },
    );
  });

  describe('calendar years (a State Council notice published after this release)', () => {
    // An operator's transcription of a notice; the dates are the test's, the shape is the data file's.
    const year2027 = {
      year: 2027,
      holidays: [{ name: '元旦', nameEn: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
      makeupWorkdays: [],
      confidence: 'high',
      sources: [
        { title: '国务院办公厅关于2027年部分节假日安排的通知 (operator transcription)', date: '2026-12-06' },
      ],
    };

    it('adds a year: coverage grows, its dates count, and the change is listed', () => {
      const before = loadPolicy();
      assert.equal(before.calendar.coverage.toYear, 2026);
      assert.throws(() => before.calendar.addWorkdays('2026-12-30', 3), /2027-01-01|coverage/);

      const policy = loadPolicy({ overridesFile: overridesFile({ calendar: { add: [year2027] } }) });
      assert.deepEqual(policy.calendar.coverage, { fromYear: 2018, toYear: 2027 });
      assert.equal(policy.calendar.isWorkday('2027-01-01'), false); // Friday, a holiday
      assert.equal(policy.calendar.isWorkday('2027-01-04'), true); // Monday
      // Wed 30 Dec → Thu 31 Dec, Mon 4 Jan, Tue 5 Jan: the walk crosses into the added year.
      assert.equal(policy.calendar.addWorkdays('2026-12-30', 3), '2027-01-05');
      const changes = policy.provenance.overrides[0]?.changes ?? [];
      assert.ok(
        changes.includes('calendar year 2027 added (1 holidays, 0 makeup working days)'),
        changes.join('\n'),
      );
      assert.throws(() => policy.calendar.isWorkday('2028-01-03'), /2028-01-03/);
    });

    it('replaces a year and withdraws one at the edge', () => {
      const replaced = { ...year2027, year: 2026, holidays: [], makeupWorkdays: [] };
      const policy = loadPolicy({
        overridesFile: overridesFile({ calendar: { add: [replaced], withdraw: ['2018'] } }),
      });
      assert.deepEqual(policy.calendar.coverage, { fromYear: 2019, toYear: 2026 });
      assert.equal(policy.calendar.isWorkday('2026-10-01'), true); // no holidays left in 2026
      assert.throws(() => policy.calendar.isWorkday('2018-06-01'), /2018-06-01/);
      const changes = policy.provenance.overrides[0]?.changes ?? [];
      assert.ok(changes.includes('calendar year 2018 withdrawn'), changes.join('\n'));
      assert.ok(
        changes.some((c) => c.startsWith('calendar year 2026 replaced (0 holidays')),
        changes.join('\n'),
      );
    });

    it('refuses a gap, a weekday makeup day and a year without sources, naming the file', () => {
      const gap = overridesFile({ calendar: { add: [{ ...year2027, year: 2028, holidays: [] }] } });
      assert.throws(
        () => loadPolicy({ overridesFile: gap }),
        (err: Error) =>
          err.message.includes(gap) &&
          err.message.includes('calendar year 2027 is inside coverage but has no entry'),
      );
      const weekday = overridesFile({
        calendar: { add: [{ ...year2027, makeupWorkdays: [{ date: '2027-01-06', name: '元旦' }] }] },
      });
      assert.throws(
        () => loadPolicy({ overridesFile: weekday }),
        (err: Error) =>
          err.message.includes(weekday) && err.message.includes('2027-01-06 is not a weekend day'),
      );
      const unsourced = overridesFile({ calendar: { add: [{ ...year2027, sources: undefined }] } });
      assert.throws(
        () => loadPolicy({ overridesFile: unsourced }),
        (err: Error) => err.message.includes(unsourced) && err.message.includes('calendar.add[0].sources'),
      );
      const all = overridesFile({
        calendar: { withdraw: ['2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026'] },
      });
      assert.throws(() => loadPolicy({ overridesFile: all }), /every year withdrawn/);
    });
  });
});
