/**
 * `beian monitor run` as an operator runs it: configured through the environment (the schema), against
 * the local DNS server; exit 1 when a website fails, 2 for a bad option or variable, in zh and en.
 * The production SSRF guard is in force here: 127.0.0.1 is never fetched.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/store/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { seedFiledSites } from './fixture.ts';
import { startDns } from './local-net.ts';
import type { LocalDns } from './local-net.ts';

describe('beian monitor run', () => {
  let dns: LocalDns;
  let db: string;
  before(async () => {
    dns = await startDns(
      new Map([
        ['inside.cn', { a: ['203.0.113.10'] }],
        ['loopback.cn', { a: ['127.0.0.1'] }],
      ]),
    );
    db = join(mkdtempSync(join(tmpdir(), 'beian-monitor-cli-')), 'beian.db');
    const database = await openDatabase({ path: db });
    await seedFiledSites(database, [
      { number: '京ICP备2026800001号-1', domains: ['loopback.cn'] },
      { number: '粤ICP备2026800002号-1', domains: ['gone.cn'], province: '440000', account: 'han.mei' },
    ]);
    await database.destroy();
  });
  after(() => dns.close());

  const env = (extra: Record<string, string> = {}) => ({
    LANG: 'C',
    BEIAN_PROVIDER_CIDRS: '203.0.113.0/24',
    BEIAN_MONITOR_DNS_SERVERS: dns.server,
    ...extra,
  });

  it('checks every website hosted here, prints the report as CSV and exits 1 when one fails', async () => {
    const run = await runCli(['monitor', 'run', '--db', db, '--format', 'csv'], env());
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.trim().split('\r\n');
    assert.equal(lines.length > 2, true, run.stdout);
    const loopback = lines.filter((line) => line.includes('京ICP备2026800001号-1')).join('\n');
    assert.match(loopback, /SITE_OUTSIDE_PROVIDER/);
    // The production guard refuses to fetch 127.0.0.1 (RFC 6890 loopback).
    assert.match(loopback, /SITE_UNREACHABLE/);
    assert.match(
      lines.filter((line) => line.includes('粤ICP备2026800002号-1')).join('\n'),
      /SITE_DNS_NO_ADDRESS/,
    );
  });

  it('narrows to one province and prints JSON', async () => {
    const run = await runCli(
      ['monitor', 'run', '--db', db, '--format', 'json', '--cohort', 'province:广东'],
      env(),
    );
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { campaign: { cohort: string }; results: { number: string }[] };
    assert.equal(report.campaign.cohort, 'province:440000');
    assert.deepEqual(
      report.results.map((r) => r.number),
      ['粤ICP备2026800002号-1'],
    );
  });

  it('refuses a bad variable or option with exit 2, naming it, in the locale’s language', async () => {
    const cidrs = await runCli(['monitor', 'run', '--db', db], env({ BEIAN_PROVIDER_CIDRS: '10.0.0.0/33' }));
    assert.equal(cidrs.code, 2);
    assert.match(cidrs.stderr, /BEIAN_PROVIDER_CIDRS must be IP ranges/);
    const zh = await runCli(
      ['monitor', 'run', '--db', db],
      env({ LANG: 'zh_CN.UTF-8', BEIAN_MONITOR_TIMEOUT_MS: '5' }),
    );
    assert.equal(zh.code, 2);
    assert.match(zh.stderr, /环境变量 BEIAN_MONITOR_TIMEOUT_MS 须为 100–600000 的整数/);
    const cohort = await runCli(['monitor', 'run', '--db', db, '--cohort', 'province:nowhere'], env());
    assert.equal(cohort.code, 2);
    assert.match(cohort.stderr, /--cohort: province "nowhere" is not known/);
    const format = await runCli(['monitor', 'run', '--db', db, '--format', 'xml'], env());
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be human, json or csv/);
  });

  it('warns when the provider declared no ranges', async () => {
    const run = await runCli(['monitor', 'run', '--db', db, '--cohort', 'account:nobody'], {
      LANG: 'C',
      BEIAN_MONITOR_DNS_SERVERS: dns.server,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /BEIAN_PROVIDER_CIDRS is not set/);
  });
});
