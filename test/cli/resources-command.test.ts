/** `beian resources import FILE` and `beian resources list`: the operators' import of resources (issue 15). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../../src/store/index.ts';
import { runCli } from './run-cli.ts';

describe('beian resources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'beian-resources-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { LANG: 'C', BEIAN_ACCESS_CODES_PER_RESOURCE: '2', BEIAN_PROVIDER_CIDRS: '47.96.0.0/16' };
  const db = ['--db', join(dir, 'beian.db')];

  it('imports resources for applicant accounts, naming bad lines, and lists them', async () => {
    // The database and its schema come from a first command; the account is then written directly.
    assert.equal((await runCli(['resources', 'list', ...db], env)).code, 0);
    const database = await openDatabase({ path: join(dir, 'beian.db') });
    await database.kysely
      .insertInto('account')
      .values({
        login: 'li.lei',
        display_name: 'li.lei',
        role: 'applicant',
        password_hash: 'x',
        created_at: new Date().toISOString(),
        disabled: 0,
      })
      .execute();
    await database.destroy();
    const file = join(dir, 'resources.csv');
    writeFileSync(
      file,
      [
        'account,label,accessMethod,province,ips,termStart,termEnd',
        'li.lei,ecs-1,cloud-server,浙江,47.96.1.1 47.96.1.2,2026-01-01,2030-01-01',
        'li.lei,ecs-2,cloud-server,浙江,8.8.8.8,2026-01-01,2030-01-01',
        'li.lei,ecs-3,cloud-server,浙江,2001:db8::5,2026-01-01,2030-01-01',
      ].join('\n'),
    );
    const run = await runCli(['resources', 'import', file, ...db], env);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /Registered 1 resources with 2 filing service codes/);
    assert.match(run.stderr, /line 3: .*8\.8\.8\.8 is outside this provider's declared ranges/);
    assert.match(run.stderr, /line 4: .*RFC 3849/);
    const again = await runCli(['resources', 'import', file, '--json', ...db], env);
    assert.equal(JSON.parse(again.stdout).duplicates, 1);
    const list = await runCli(['resources', 'list', '--json', ...db], env);
    assert.equal(list.code, 0, list.stderr);
    const listed = JSON.parse(list.stdout) as {
      total: number;
      resources: { label: string; codes: { unused: number } }[];
    };
    assert.equal(listed.total, 1);
    assert.equal(listed.resources[0]?.codes.unused, 2);
    const zh = await runCli(['resources', 'list', '--lang', 'zh', ...db], env);
    assert.match(zh.stdout, /ecs-1\t浙江\t47\.96\.1\.1 47\.96\.1\.2\t2030-01-01\t未使用 2/);
  });

  it('names what it cannot use: subcommand, file, --as, a bad range setting', async () => {
    const unknown = await runCli(['resources', 'purge', ...db], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /usage: beian resources import FILE/);
    const missing = await runCli(['resources', 'import', join(dir, 'nope.csv'), ...db], env);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /cannot read file/);
    const as = await runCli(['resources', 'list', '--as', 'li.lei', ...db], env);
    assert.equal(as.code, 2);
    assert.match(as.stderr, /no enabled admin account/);
    const badRange = await runCli(['resources', 'list', ...db], {
      ...env,
      BEIAN_PROVIDER_CIDRS: '47.96.0.0/99',
    });
    assert.equal(badRange.code, 2);
    assert.match(badRange.stderr, /BEIAN_PROVIDER_CIDRS/);
  });

  it('still applies the ranges under their old name BEIAN_ACCESS_IP_RANGES, saying to rename it', async () => {
    const { BEIAN_PROVIDER_CIDRS: ranges, ...rest } = env;
    const old = { ...rest, BEIAN_ACCESS_IP_RANGES: ranges };
    const file = join(dir, 'alias.csv');
    writeFileSync(
      file,
      [
        'account,label,accessMethod,province,ips,termStart,termEnd',
        'li.lei,ecs-9,cloud-server,浙江,8.8.4.4,2026-01-01,2030-01-01',
      ].join('\n'),
    );
    const run = await runCli(['resources', 'import', file, ...db], old);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /^beian: environment variable BEIAN_ACCESS_IP_RANGES is deprecated: rename it BEIAN_PROVIDER_CIDRS/,
    );
    assert.match(run.stderr, /line 2: .*8\.8\.4\.4 is outside this provider's declared ranges/);
    const clash = await runCli(['resources', 'list', ...db], {
      ...env,
      BEIAN_ACCESS_IP_RANGES: '8.8.0.0/16',
    });
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /BEIAN_ACCESS_IP_RANGES is deprecated \(use BEIAN_PROVIDER_CIDRS\)/);
  });
});
