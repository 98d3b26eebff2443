/** `beian check` as a user meets it: reports, languages, exit codes, bad flags, bulk files. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DEMO_DIR } from '../../src/cli/demo-command.ts';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'beian-check-'));
const db = join(dir, 'beian.db');
const AT = ['--at', '2026-11-28T12:00:00+08:00'];
const S1 = [
  '--subject-name',
  '杭州示例科技有限公司',
  '--subject-id-type',
  'uscc',
  '--subject-id',
  '91330106MA2B3C4D5D',
];

before(async () => {
  for (const [kind, file] of [
    ['registry', 'registrations.jsonl'],
    ['filings', 'filings.jsonl'],
  ] as const) {
    assert.equal((await runCli([kind, 'import', `${DEMO_DIR}${file}`, '--db', db])).code, 0);
  }
});

describe('beian check', () => {
  it('prints the contract JSON shape and exits 0 when nothing blocks', async () => {
    const run = await runCli(['check', 'WWW.Demo-OK.cn', ...S1, ...AT, '--json', '--db', db]);
    assert.equal(run.code, 0);
    const report = JSON.parse(run.stdout);
    assert.equal(report.at, '2026-11-28T12:00:00+08:00');
    assert.match(report.data.dataVersion, /^\d{4}-\d{2}-\d{2}\+[0-9a-f]+$/);
    const [result] = report.results;
    assert.deepEqual(result.domain, {
      ascii: 'www.demo-ok.cn',
      unicode: 'www.demo-ok.cn',
      registrable: 'demo-ok.cn',
      registrableAscii: 'demo-ok.cn',
      subdomain: 'www',
      suffix: 'cn',
    });
    assert.equal(result.ok, true);
    assert.equal(result.filingType, 'first-filing');
    for (const finding of result.findings) {
      assert.deepEqual(Object.keys(finding).sort(), ['code', 'evidence', 'message', 'remedy', 'severity']);
    }
  });

  it('exits 1 when any input has an error finding, and reports every input', async () => {
    const run = await runCli(['check', 'demo-ok.cn', 'demo-expired.cn', ...S1, ...AT, '--json', '--db', db]);
    assert.equal(run.code, 1);
    const results = JSON.parse(run.stdout).results;
    assert.deepEqual(
      results.map((r: { ok: boolean }) => r.ok),
      [true, false],
    );
  });

  it('reports in Chinese with --lang zh and in English with --lang en', async () => {
    const zh = await runCli(['check', 'demo-expired.cn', ...S1, ...AT, '--lang', 'zh', '--db', db]);
    assert.match(zh.stdout, /demo-expired\.cn 已于 2026-10-01 到期。/);
    assert.match(zh.stdout, /处理办法: 请先在注册商处续费/);
    const en = await runCli(['check', 'demo-expired.cn', ...S1, ...AT, '--lang', 'en', '--db', db]);
    assert.match(en.stdout, /demo-expired\.cn expired on 2026-10-01\./);
    assert.match(en.stdout, /What to do: Renew the domain/);
  });

  it('takes the language from the locale when --lang is absent', async () => {
    const run = await runCli(['check', 'demo-expired.cn', ...AT, '--db', db], { LANG: 'zh_CN.UTF-8' });
    assert.match(run.stdout, /备案域名核验/);
  });

  it('escapes control characters of hostile input in the human report', async () => {
    const run = await runCli(['check', 'evil\u001b[31m.cn', ...AT, '--db', db]);
    assert.equal(run.code, 1);
    assert.ok(!run.stdout.includes('\u001b'), 'no raw escape reaches the terminal');
    assert.match(run.stdout, /\\u001b/);
  });

  const usage: [string, string[], RegExp][] = [
    ['an unknown subject type', ['check', 'a.cn', '--subject-type', 'company'], /--subject-type/],
    ['an unknown certificate type', ['check', 'a.cn', '--subject-id-type', 'licence'], /--subject-id-type/],
    ['an unparseable --at', ['check', 'a.cn', '--at', 'yesterday'], /--at/],
    ['an --at without offset', ['check', 'a.cn', '--at', '2026-01-01T10:00:00'], /--at/],
    ['an unknown province', ['check', 'a.cn', '--province', 'atlantis'], /--province.*atlantis/],
    ['an unknown option', ['check', 'a.cn', '--colour'], /colour/],
    ['no domain', ['check'], /at least one domain/],
    ['an unknown command', ['chek', 'a.cn'], /unknown command/],
    ['an unknown command asking for help', ['nosuch', '--help'], /unknown command: nosuch/],
    ['an unknown command with a bad option', ['nosuch', '--colour'], /unknown command: nosuch/],
    ['a bad --lang', ['check', 'a.cn', '--lang', 'fr'], /--lang/],
  ];
  for (const [name, argv, message] of usage) {
    it(`exits 2 naming the field for ${name}`, async () => {
      const run = await runCli([...argv, '--db', db]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  }

  it('names the field in Chinese too', async () => {
    const run = await runCli(['check', 'a.cn', '--province', '火星', '--lang', 'zh', '--db', db]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /省份“火星”无法识别/);
  });

  // Node's option parser answers in English only; the CLI says it in the user's language.
  const parserRefusals: [string, string[], RegExp, RegExp][] = [
    [
      'an unknown option',
      ['check', 'a.cn', '--colour'],
      /^beian: 未知选项：--colour。.*（beian check --help 查看用法）\n$/,
      /^beian: unknown option: --colour\. .* \(see beian check --help\)\n$/,
    ],
    [
      'an option missing its value',
      ['check', 'a.cn', '--province'],
      /^beian: 选项 --province 缺少取值（beian check --help 查看用法）\n$/,
      /^beian: option --province is missing its value \(see beian check --help\)\n$/,
    ],
    [
      'an option followed by another option',
      ['registry', 'import', '--format', '--json'],
      /^beian: 选项 --format 缺少取值：.*--format=-值（beian registry import --help 查看用法）\n$/,
      /^beian: option --format is missing its value: .* \(see beian registry import --help\)\n$/,
    ],
    [
      'a value on a flag',
      ['rules', '--json=yes'],
      /^beian: 选项 --json 不带取值（beian rules --help 查看用法）\n$/,
      /^beian: option --json takes no value \(see beian rules --help\)\n$/,
    ],
  ];
  for (const [name, argv, zh, en] of parserRefusals) {
    it(`says ${name} in the CLI's language, with the usage hint, exit 2`, async () => {
      // --db before the faulty option, so the option stays the last argument.
      const at = argv[0] === 'registry' ? 2 : 1;
      const line = [...argv.slice(0, at), '--db', db, ...argv.slice(at)];
      const inZh = await runCli(line, { LANG: 'zh_CN.UTF-8' });
      assert.equal(inZh.code, 2);
      assert.match(inZh.stderr, zh);
      assert.doesNotMatch(inZh.stderr, /Unknown|Option '|argument missing/);
      const inEn = await runCli(line, { LANG: 'C' });
      assert.equal(inEn.code, 2);
      assert.match(inEn.stderr, en);
      assert.equal(inEn.stdout, '');
    });
  }
});

describe('beian check --file', () => {
  it('checks a TXT file line by line into CSV, keeping line numbers', async () => {
    const input = join(dir, 'domains.txt');
    writeFileSync(input, '# my domains\ndemo-ok.cn\n\n=cmd|calc.cn\ndemo-expired.cn\n');
    const run = await runCli(['check', '--file', input, ...S1, ...AT, '--db', db]);
    assert.equal(run.code, 1);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines[0], 'line,input,domain,registrable,filingType,ok,codes,message');
    assert.match(lines[1] ?? '', /^2,demo-ok\.cn,demo-ok\.cn,demo-ok\.cn,first-filing,true,,$/);
    // A cell a spreadsheet would run as a formula is defused (OWASP CSV injection).
    assert.match(lines[2] ?? '', /^4,'=cmd\|calc\.cn,/);
    assert.match(
      lines[3] ?? '',
      /^5,demo-expired\.cn,.*,false,DOMAIN_EXPIRED,demo-expired\.cn expired on 2026-10-01\.$/,
    );
    assert.match(run.stderr, /3 rows: 1 can be filed, 2 cannot/);
  });

  it('reads per-row subjects from CSV columns and writes JSONL', async () => {
    const input = join(dir, 'rows.csv');
    const output = join(dir, 'out.jsonl');
    writeFileSync(
      input,
      '\uFEFFdomain,subjectName,subjectIdType,subjectId,province\n' +
        'demo-ok.cn,杭州示例科技有限公司,uscc,91330106MA2B3C4D5D,浙江\n' +
        'demo-ok.cn,别的公司,uscc,91330106MA2B3C4D6G,浙江\n' +
        '"demo-js.cn",南京示例文化传媒有限公司,uscc,91320100MA1P2Q3R4X,江苏\n',
    );
    const run = await runCli(['check', '--file', input, '--output', output, ...AT, '--db', db]);
    assert.equal(run.code, 1);
    const rows = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      rows.map((row: { line: number; findings: { code: string }[] }) => [
        row.line,
        row.findings.map((f) => f.code),
      ]),
      [
        [2, []],
        [3, ['HOLDER_MISMATCH']],
        [4, ['DOMAIN_CERTIFICATE_REQUIRED']],
      ],
    );
  });

  it('reports a row with an invalid option by line and exits 2', async () => {
    const input = join(dir, 'bad-row.csv');
    writeFileSync(input, 'domain,subjectType\ndemo-ok.cn,enterprise\ndemo-ok.cn,alien\n');
    const run = await runCli(['check', '--file', input, ...AT, '--db', db]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /line 3: subjectType is invalid/);
    assert.equal(run.stdout.trim().split('\n').length, 2, 'the good row is still written');
  });

  it('refuses a CSV without a domain column and a missing file', async () => {
    const input = join(dir, 'nodomain.csv');
    writeFileSync(input, 'host\na.cn\n');
    const noColumn = await runCli(['check', '--file', input, '--db', db]);
    assert.equal(noColumn.code, 2);
    assert.match(noColumn.stderr, /"domain" column/);
    const missing = await runCli(['check', '--file', join(dir, 'nope.txt'), '--db', db]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read file/);
  });
});

describe('beian check with nothing known about a domain', () => {
  it('says where it looked, words the filing type with care, and suggests --online', async () => {
    const run = await runCli([
      'check',
      'baidu.com',
      'www.tsinghua.edu.cn',
      ...AT,
      '--lang',
      'en',
      '--db',
      db,
    ]);
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /No registration record for baidu\.com in the domain data consulted here: this deployment's domain database \(MIIT sandbox\)\./,
    );
    assert.doesNotMatch(run.stdout, /registered with an MIIT-approved registrar in mainland China;/);
    assert.match(run.stdout, /No filing of tsinghua\.edu\.cn is known here/);
    assert.doesNotMatch(run.stdout, /no ICP number yet/);
    assert.match(
      run.stdout,
      /filing type: first filing \(首次备案\).*\n {2}Based on: neither the subject nor the domain is among the filings known here/,
    );
    assert.match(
      run.stdout,
      /Tip: this deployment's data has no registration record for 2 of these domains.*add --online/,
    );
  });

  it('puts the sources consulted in the JSON evidence; no tip when every domain is known', async () => {
    const run = await runCli(['check', 'baidu.com', ...AT, '--json', '--db', db]);
    const [finding] = JSON.parse(run.stdout).results[0].findings;
    assert.equal(finding.code, 'DOMAIN_NOT_REGISTERED');
    assert.deepEqual(finding.evidence.consulted, ['miit-sandbox']);
    assert.equal(finding.evidence.publicLookup, 'not-asked');
    const known = await runCli(['check', 'demo-ok.cn', ...S1, ...AT, '--lang', 'en', '--db', db]);
    assert.doesNotMatch(known.stdout, /--online/);
  });
});

describe('beian check --file with --json', () => {
  const input = join(dir, 'json-rows.txt');
  before(() => writeFileSync(input, 'demo-ok.cn\nbaidu.com\n'));

  it('writes JSON Lines, not CSV', async () => {
    const run = await runCli(['check', '--file', input, '--json', ...S1, ...AT, '--lang', 'en', '--db', db]);
    assert.equal(run.code, 1);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      rows.map((row: { line: number; input: string; ok: boolean }) => [row.line, row.input, row.ok]),
      [
        [1, 'demo-ok.cn', true],
        [2, 'baidu.com', false],
      ],
    );
    assert.match(run.stderr, /2 rows: 1 can be filed, 1 cannot/);
    assert.match(run.stderr, /no registration record for 1 of these domains.*--online/);
  });

  it('agrees with --format jsonl and refuses --format csv as a usage error naming --format', async () => {
    const agreed = await runCli(['check', '--file', input, '--json', '--format', 'jsonl', ...AT, '--db', db]);
    assert.equal(JSON.parse(agreed.stdout.split('\n')[0] ?? '').input, 'demo-ok.cn');
    const refused = await runCli([
      'check',
      '--file',
      input,
      '--json',
      '--format',
      'csv',
      '--lang',
      'en',
      '--db',
      db,
    ]);
    assert.equal(refused.code, 2);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /--json contradicts --format csv: .*use --format jsonl or drop --json/);
    const zh = await runCli([
      'check',
      '--file',
      input,
      '--json',
      '--format',
      'csv',
      '--lang',
      'zh',
      '--db',
      db,
    ]);
    assert.match(zh.stderr, /--json 与 --format csv 互相矛盾/);
  });
});

describe('beian rules', () => {
  it('lists every code with its remedy', async () => {
    const run = await runCli(['rules', '--lang', 'en']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /REAL_NAME_NOT_REPORTED \[error\] \(FAQ Q1e\)/);
  });
});

describe('beian check --overrides', () => {
  it('applies an operator override and names it in the report', async () => {
    const overrides = join(dir, 'overrides.json');
    writeFileSync(
      overrides,
      JSON.stringify({
        suffixes: {
          add: [
            {
              suffix: 'pub',
              ascii: 'pub',
              kind: 'gtld',
              status: 'approved',
              approved: true,
              confidence: 'medium',
              sources: [{ title: 'Our bureau contact, by phone', date: '2026-11-20' }],
            },
          ],
        },
      }),
    );
    const before = await runCli(['check', 'demo-shop.pub', ...AT, '--json', '--db', db]);
    assert.deepEqual(
      JSON.parse(before.stdout).results[0].findings.map((f: { code: string }) => f.code),
      ['SUFFIX_NOT_APPROVED', 'SUBJECT_NOT_GIVEN'],
    );
    const after = await runCli([
      'check',
      'demo-shop.pub',
      ...AT,
      '--json',
      '--overrides',
      overrides,
      '--db',
      db,
    ]);
    const report = JSON.parse(after.stdout);
    assert.deepEqual(
      report.results[0].findings.map((f: { code: string }) => f.code),
      ['DOMAIN_NOT_REGISTERED', 'SUBJECT_NOT_GIVEN'],
    );
    assert.equal(report.data.overrides.length, 1);
    assert.match(report.data.overrides[0].changes.join('\n'), /pub/);
    const human = await runCli(['check', 'demo-shop.pub', ...AT, '--overrides', overrides, '--db', db]);
    assert.match(human.stdout, /overrides .*overrides\.json/);
  });

  it('refuses a malformed override file, naming the field', async () => {
    const overrides = join(dir, 'bad-overrides.json');
    writeFileSync(overrides, JSON.stringify({ suffixes: { add: [{ suffix: 'xyz' }] } }));
    const run = await runCli(['check', 'a.cn', '--overrides', overrides, '--db', db]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bad-overrides\.json.*\n.*suffixes\.add\[0\]\.ascii/);
  });
});

describe('progress bar', () => {
  it('shows rows and the share of the file on a terminal, and nothing otherwise', async () => {
    const input = join(dir, 'progress.txt');
    writeFileSync(input, 'demo-ok.cn\n'.repeat(50));
    const tty = await runCli(['check', '--file', input, ...AT, '--db', db], { LANG: 'C' }, true);
    assert.match(tty.stderr, /\r\[#+\] 100% 50 rows/);
    const pipe = await runCli(['check', '--file', input, ...AT, '--db', db]);
    assert.doesNotMatch(pipe.stderr, /\r/);
  });
});
