/**
 * `beian check --online` and `beian rdap` as a user meets them, against local RDAP and WHOIS servers
 * named by BEIAN_RDAP_BOOTSTRAP and BEIAN_WHOIS_SERVERS (nothing reaches the internet).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_DIR } from '../../src/cli/demo-command.ts';
import { runCli } from '../cli/run-cli.ts';
import type { LocalServer } from './servers.ts';
import {
  GODADDY,
  cnnicAnswer,
  registryAnswer,
  startHttpServer,
  startWhoisServer,
  writeBootstrap,
  writeWhoisServers,
} from './servers.ts';

const dir = mkdtempSync(join(tmpdir(), 'beian-online-cli-'));
const db = join(dir, 'beian.db');
const AT = ['--at', '2026-11-28T12:00:00+08:00'];
const SUBJECT = [
  '--subject-name',
  '杭州示例科技有限公司',
  '--subject-id-type',
  'uscc',
  '--subject-id',
  '91330106MA2B3C4D5D',
];

describe('beian check --online and beian rdap', () => {
  let rdap: LocalServer;
  let slow: LocalServer;
  let whois: LocalServer;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    for (const [kind, file] of [
      ['registry', 'registrations.jsonl'],
      ['filings', 'filings.jsonl'],
    ] as const) {
      assert.equal((await runCli([kind, 'import', `${DEMO_DIR}${file}`, '--db', db])).code, 0);
    }
    rdap = await startHttpServer((path) => {
      const domain = path.replace('/domain/', '');
      if (domain.startsWith('missing')) return undefined;
      return {
        json: registryAnswer({ domain, registrar: domain.startsWith('gd') ? GODADDY : undefined }, 'self'),
      };
    });
    slow = await startHttpServer(() => ({ hang: true }));
    whois = await startWhoisServer((query) =>
      query.startsWith('nobody')
        ? { text: 'No matching record.\r\n' }
        : { text: cnnicAnswer({ domain: query }) },
    );
    env = {
      LANG: 'C',
      BEIAN_RDAP_BOOTSTRAP: writeBootstrap({ com: `${rdap.url}/`, xyz: `${slow.url}/` }),
      BEIAN_WHOIS_SERVERS: writeWhoisServers(whois.port),
    };
  });
  after(async () => {
    await rdap.close();
    await slow.close();
    await whois.close();
  });

  it('adds RDAP and WHOIS facts with their sources to the JSON report', async () => {
    const run = await runCli(
      [
        'check',
        'demo-ok.cn',
        'elsewhere.com',
        'gd-shop.com',
        ...SUBJECT,
        ...AT,
        '--online',
        '--json',
        '--db',
        db,
      ],
      env,
    );
    assert.equal(run.code, 1, run.stderr);
    const [local, rdapOnly, godaddy] = JSON.parse(run.stdout).results;
    // demo-ok.cn: the imported domain database is used; CNNIC WHOIS agrees, so no finding.
    assert.deepEqual(
      local.findings.map((f: { code: string }) => f.code),
      [],
    );
    assert.deepEqual(
      local.sources.map((s: { origin: string; used: boolean }) => [s.origin, s.used]),
      [
        ['import', true],
        ['whois', false],
      ],
    );
    assert.deepEqual(
      rdapOnly.findings.map((f: { code: string }) => f.code),
      ['REAL_NAME_UNKNOWN'],
    );
    assert.equal(rdapOnly.ok, true);
    assert.equal(rdapOnly.sources[0].server, `${rdap.url}/domain/elsewhere.com`);
    assert.ok(godaddy.findings.some((f: { code: string }) => f.code === 'REGISTRAR_NOT_APPROVED'));
  });

  it('shows the sources in the human report, and answers a second run from the cache', async () => {
    const before = rdap.count('/domain/elsewhere.com');
    const run = await runCli(['check', 'elsewhere.com', ...SUBJECT, ...AT, '--online', '--db', db], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /REAL_NAME_UNKNOWN/);
    assert.match(
      run.stdout,
      /Sources:\n {4}✓ RDAP · http:\/\/127\.0\.0\.1:\d+\/domain\/elsewhere\.com · .* · registrar Alibaba/,
    );
    assert.equal(rdap.count('/domain/elsewhere.com'), before);
  });

  it('checks a file online with a progress bar; a server that never answers costs its own rows only', async () => {
    const file = join(dir, 'domains.txt');
    const domains = [
      ...Array.from({ length: 20 }, (_, i) => `site${i}.com`),
      ...Array.from({ length: 10 }, (_, i) => `shop${i}.cn`),
      'stuck.xyz',
    ];
    writeFileSync(file, domains.join('\n') + '\n');
    const output = join(dir, 'out.jsonl');
    const run = await runCli(
      [
        'check',
        '--file',
        file,
        '--output',
        output,
        ...SUBJECT,
        ...AT,
        '--online',
        '--online-timeout',
        '2',
        '--db',
        db,
      ],
      env,
      true,
    );
    assert.match(run.stderr, /31 rows/);
    assert.match(run.stderr, /rows\/s/);
    const rows = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(rows.length, 31);
    const codes = (row: { findings: { code: string }[] }) => row.findings.map((f) => f.code);
    assert.ok(rows.slice(0, 30).every((row) => codes(row).includes('REAL_NAME_UNKNOWN')));
    assert.ok(codes(rows[30]).includes('ONLINE_LOOKUP_FAILED'));
  });

  it('refuses online options without --online, and bad values, naming the option', async () => {
    const without = await runCli(['check', 'a.com', '--online-timeout', '2', '--db', db], env);
    assert.equal(without.code, 2);
    assert.match(without.stderr, /--online-timeout and --online-concurrency need --online/);
    const bad = await runCli(['check', 'a.com', '--online', '--online-concurrency', '0', '--db', db], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--online-concurrency must be a whole number from 1 to 512/);
  });

  it('refuses a broken bootstrap file as a usage error, and warns when it is stale', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"version": "1.0"}');
    const run = await runCli(['check', 'a.com', '--online', '--db', db], {
      ...env,
      BEIAN_RDAP_BOOTSTRAP: broken,
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /is not an RDAP bootstrap file \(RFC 9224\): publication/);
    const stale = writeBootstrap({ com: `${rdap.url}/` }, '2020-01-01T00:00:00Z');
    const old = await runCli(['rdap', 'lookup', 'elsewhere.com', '--db', db], {
      ...env,
      BEIAN_RDAP_BOOTSTRAP: stale,
    });
    assert.match(old.stderr, /warning: the RDAP bootstrap was published 2020-01-01T00:00:00Z/);
  });

  it('rdap lookup prints the mapped facts and says what it cannot know', async () => {
    const human = await runCli(['rdap', 'lookup', 'https://www.elsewhere.com/', '--db', db], env);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /registrar: Alibaba Cloud Computing \(Beijing\) Co\., Ltd\. \(IANA 420\)/);
    assert.match(human.stdout, /holder and real-name verification: unknown from this source/);
    const json = await runCli(['rdap', 'lookup', 'demo-ok.cn', '--json', '--db', db], env);
    assert.equal(JSON.parse(json.stdout).source, 'whois');
    const missing = await runCli(['rdap', 'lookup', 'nobody.cn', '--db', db], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /outcome: not-found/);
  });

  it('rdap update-bootstrap replaces the file from a path or a URL and prints what changed', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'beian-boot-')), 'dns.json');
    writeFileSync(
      target,
      readFileSync(writeBootstrap({ com: 'https://old.example/', net: 'https://net.example/' })),
    );
    const next = writeBootstrap(
      { com: 'https://new.example/', org: 'https://org.example/' },
      '2026-12-01T00:00:00Z',
    );
    const local = { ...env, BEIAN_RDAP_BOOTSTRAP: target };
    const run = await runCli(['rdap', 'update-bootstrap', next], local);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /publication: 2026-11-20T18:00:01Z → 2026-12-01T00:00:00Z/);
    assert.match(run.stdout, /added 1: org\n {2}removed 1: net\n {2}server changed 1: com/);
    assert.deepEqual(JSON.parse(readFileSync(target, 'utf8')), JSON.parse(readFileSync(next, 'utf8')));

    const served = await startHttpServer(() => ({
      body: readFileSync(next),
      headers: { 'content-type': 'application/json' },
    }));
    try {
      const fromUrl = await runCli(['rdap', 'update-bootstrap', `${served.url}/rdap/dns.json`], local);
      assert.equal(fromUrl.code, 0, fromUrl.stderr);
      assert.match(fromUrl.stdout, /added 0\n {2}removed 0\n {2}server changed 0/);
    } finally {
      await served.close();
    }

    const invalid = join(dir, 'not-bootstrap.json');
    writeFileSync(invalid, '{"version":"1.0","publication":"2026-12-01T00:00:00Z","services":[["com"]]}');
    const refused = await runCli(['rdap', 'update-bootstrap', invalid], local);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /services\.0/);
    // A refused file leaves the current one alone.
    assert.deepEqual(JSON.parse(readFileSync(target, 'utf8')), JSON.parse(readFileSync(next, 'utf8')));
  });
});
