/**
 * The configuration schema (issue 14): the documented table is the schema's, every variable beian
 * reads is in it, and a bad value stops start-up naming the variable (exit 2, zh and en).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import {
  CONFIG_VARIABLES,
  ConfigError,
  VARIABLE_DOCS,
  configWarnings,
  readConfig,
  renderConfigMarkdown,
} from '../../src/config/index.ts';
import { DEFAULT_DOCUMENTS_DIR, DEFAULT_MAX_ACCOUNT_BYTES } from '../../src/documents/index.ts';
import { httpSmsConfigFrom, smtpConfigFrom } from '../../src/notifications/index.ts';
import { accessSettingsOf } from '../../src/cli/cli-env.ts';
import { parseProviderRanges } from '../../src/monitor/index.ts';
import { runCli } from '../cli/run-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name)) yield path;
  }
}

describe('configuration schema', () => {
  it('is what docs/CONFIGURATION.md documents (node --import tsx scripts/generate-config-doc.ts)', () => {
    assert.equal(readFileSync(join(ROOT, 'docs/CONFIGURATION.md'), 'utf8'), renderConfigMarkdown());
  });

  it('has the documented defaults: each written default reads as the value an unset variable gets', () => {
    const unset = readConfig({});
    for (const name of CONFIG_VARIABLES) {
      const written = VARIABLE_DOCS[name].default;
      if (written === undefined)
        assert.equal(unset[name], name === 'BEIAN_PRECHECK_ONLINE' ? false : undefined, name);
      else assert.deepEqual(readConfig({ [name]: written })[name], unset[name], name);
    }
    assert.equal(unset.BEIAN_DOCUMENTS_DIR, DEFAULT_DOCUMENTS_DIR);
    assert.equal(unset.BEIAN_DOCUMENTS_ACCOUNT_MIB * 1024 * 1024, DEFAULT_MAX_ACCOUNT_BYTES);
  });

  it('covers every environment variable src/ names, and src/ reads none but through it', () => {
    const named = new Set<string>();
    const direct: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\b(BEIAN_[A-Z0-9_]+|DATABASE_URL)\b/g))
        named.add(match[1] as string);
      if (relative(join(ROOT, 'src'), file).startsWith('config/')) continue;
      // A property read of an environment object (env.X, env['X'], process.env.X) outside src/config.
      for (const match of text.matchAll(/\b(?:process\.env|[eE]nv)(?:\.[A-Z_][A-Z0-9_]*\b|\[)/g))
        direct.push(`${relative(ROOT, file)}: ${match[0]}`);
    }
    assert.deepEqual(
      [...named].filter((name) => !(CONFIG_VARIABLES as readonly string[]).includes(name)),
      [],
    );
    assert.deepEqual(direct, []);
  });

  it('refuses a bad value naming the variable, without repeating a secret', () => {
    const cases: [string, string][] = [
      ['PORT', '80a'],
      ['BEIAN_TRUST_PROXY', '10.0.0.0/33'],
      ['BEIAN_METRICS', 'token:short'],
      ['BEIAN_LOG_LEVEL', 'loud'],
      ['BEIAN_SHUTDOWN_SECONDS', '0'],
      ['BEIAN_PUBLIC_URL', 'ftp://example.cn'],
      ['DATABASE_URL', 'mysql://x'],
      ['BEIAN_DOCUMENTS_ACCOUNT_MIB', '0'],
      ['BEIAN_PRECHECK_ONLINE', 'yes'],
      ['BEIAN_SMTP_URL', 'https://mail.example.cn'],
      ['BEIAN_SMTP_PORT', '0'],
      ['BEIAN_SMTP_SECURE', 'true'],
      ['BEIAN_MAIL_FROM', 'not an address'],
      ['BEIAN_SMS_PROVIDER', 'aliyun'],
      ['BEIAN_SMS_URL', 'http://sms.example.cn/send'],
      ['BEIAN_SMS_URL', 'https://user:key@sms.example.cn/send'],
      ['BEIAN_SMS_SIGN_NAME', '【网站备案】'],
      ['BEIAN_SMS_TEMPLATE_ID', 'SMS 1'],
      ['BEIAN_JOBS_INTERVAL_SECONDS', '0'],
    ];
    for (const [name, value] of cases) {
      assert.throws(
        () => readConfig({ [name]: value }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.variable === name &&
          error.messages.en.includes(name) &&
          error.messages.zh.includes(name),
        name,
      );
    }
    const secret = 'token:not-long-enough-secret';
    assert.throws(
      () => readConfig({ BEIAN_METRICS: secret }),
      (error: unknown) => error instanceof ConfigError && !error.messages.en.includes('not-long-enough'),
    );
  });

  it('selects the HTTP SMS provider only with its URL, key, signature and template', () => {
    assert.equal(httpSmsConfigFrom(readConfig({})), null, 'the sandbox by default');
    const http = {
      BEIAN_SMS_PROVIDER: 'http',
      BEIAN_SMS_URL: 'https://sms.example.cn/v1/send',
      BEIAN_SMS_KEY: 'k-123',
      BEIAN_SMS_SIGN_NAME: '网站备案系统',
      BEIAN_SMS_TEMPLATE_ID: 'SMS_123456789',
    };
    assert.deepEqual(httpSmsConfigFrom(readConfig(http)), {
      url: 'https://sms.example.cn/v1/send',
      key: 'k-123',
      signName: '网站备案系统',
      templateId: 'SMS_123456789',
    });
    // A relay on this machine may be plain http; one elsewhere may not (the key would travel in clear).
    assert.equal(
      httpSmsConfigFrom(readConfig({ ...http, BEIAN_SMS_URL: 'http://127.0.0.1:9000/send' }))?.url,
      'http://127.0.0.1:9000/send',
    );
    for (const missing of ['BEIAN_SMS_URL', 'BEIAN_SMS_KEY', 'BEIAN_SMS_SIGN_NAME', 'BEIAN_SMS_TEMPLATE_ID'])
      assert.throws(
        () => readConfig({ ...http, [missing]: undefined }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.variable === missing &&
          error.messages.en.includes('required with BEIAN_SMS_PROVIDER=http'),
        missing,
      );
    assert.throws(
      () => readConfig({ ...http, BEIAN_SMS_KEY: '', BEIAN_SMS_URL: 'ftp://k-secret@x' }),
      (error: unknown) => error instanceof ConfigError && !error.messages.en.includes('k-secret'),
    );
  });

  it('reads SMTP as a URL or a host with its port, requires a sender, and never repeats credentials', () => {
    const sender = 'beian@example.cn';
    assert.deepEqual(
      smtpConfigFrom(
        readConfig({ BEIAN_SMTP_URL: 'smtps://u%40x:p%3Ass@[::1]', BEIAN_MAIL_FROM: `备案 <${sender}>` }),
      ),
      { host: '::1', port: 465, secure: true, auth: { user: 'u@x', pass: 'p:ss' }, from: `备案 <${sender}>` },
    );
    assert.deepEqual(
      smtpConfigFrom(readConfig({ BEIAN_SMTP_HOST: 'smtp.example.cn', BEIAN_MAIL_FROM: sender })),
      { host: 'smtp.example.cn', port: 587, secure: false, auth: null, from: sender },
    );
    assert.equal(smtpConfigFrom(readConfig({})), null);
    assert.throws(
      () => readConfig({ BEIAN_SMTP_HOST: 'smtp.example.cn' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.variable === 'BEIAN_MAIL_FROM' &&
        error.messages.en.endsWith('required with SMTP') &&
        !error.messages.zh.includes('当前为'),
    );
    assert.throws(
      () => readConfig({ BEIAN_SMTP_URL: 'http://user:hunter2@mail.example.cn', BEIAN_MAIL_FROM: sender }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.variable === 'BEIAN_SMTP_URL' &&
        !error.messages.en.includes('hunter2') &&
        !error.messages.zh.includes('hunter2'),
    );
    assert.equal(VARIABLE_DOCS.BEIAN_SMTP_PASS.secret, true);
  });

  it('reads trusted proxies as hops or address ranges', () => {
    assert.deepEqual(readConfig({}).BEIAN_TRUST_PROXY, { kind: 'none' });
    assert.deepEqual(readConfig({ BEIAN_TRUST_PROXY: '2' }).BEIAN_TRUST_PROXY, { kind: 'hops', hops: 2 });
    assert.deepEqual(readConfig({ BEIAN_TRUST_PROXY: '10.0.0.0/8, ::1' }).BEIAN_TRUST_PROXY, {
      kind: 'ranges',
      ranges: [
        { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '::1', prefix: 128, family: 'ipv6' },
      ],
    });
  });

  it('reads one list of provider ranges for resources and the monitor, the old name as a warned alias', () => {
    const ranges = '47.96.0.0/16, 2408:4000::/32';
    const current = readConfig({ BEIAN_PROVIDER_CIDRS: ranges });
    const old = readConfig({ BEIAN_ACCESS_IP_RANGES: ranges });
    // Under either name both consumers see the ranges: the access checks and the monitor.
    for (const config of [current, old]) {
      assert.deepEqual(accessSettingsOf(config).ranges, [
        { address: '47.96.0.0', prefix: 16, family: 'ipv4' },
        { address: '2408:4000::', prefix: 32, family: 'ipv6' },
      ]);
      const monitorRanges = parseProviderRanges(config.BEIAN_PROVIDER_CIDRS ?? '');
      assert.equal(monitorRanges.includes('47.96.200.1'), true);
      assert.equal(monitorRanges.includes('47.97.0.1'), false);
    }
    assert.equal(accessSettingsOf(readConfig({})).ranges, null);
    // Whitespace-separated single addresses, as the monitor always read them, hold for the access checks.
    assert.deepEqual(accessSettingsOf(readConfig({ BEIAN_PROVIDER_CIDRS: '203.0.113.7 ::1' })).ranges, [
      { address: '203.0.113.7', prefix: 32, family: 'ipv4' },
      { address: '::1', prefix: 128, family: 'ipv6' },
    ]);
    assert.deepEqual(configWarnings({ BEIAN_PROVIDER_CIDRS: ranges }), []);
    const [warning, ...more] = configWarnings({ BEIAN_ACCESS_IP_RANGES: ranges });
    assert.equal(more.length, 0);
    assert.equal(warning?.variable, 'BEIAN_ACCESS_IP_RANGES');
    assert.match(warning?.message.en ?? '', /deprecated: rename it BEIAN_PROVIDER_CIDRS/);
    assert.match(warning?.message.zh ?? '', /已弃用，请改名为 BEIAN_PROVIDER_CIDRS/);
    // Both names with the same ranges, in another order and spelling: accepted.
    const both = readConfig({
      BEIAN_PROVIDER_CIDRS: ranges,
      BEIAN_ACCESS_IP_RANGES: '2408:4000::/32,47.96.0.0/16',
    });
    assert.equal(both.BEIAN_PROVIDER_CIDRS, ranges);
    // Both names with different ranges: one of the two checks would be wrong, so start-up refuses.
    assert.throws(
      () => readConfig({ BEIAN_PROVIDER_CIDRS: ranges, BEIAN_ACCESS_IP_RANGES: '47.96.0.0/16' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.variable === 'BEIAN_ACCESS_IP_RANGES' &&
        error.messages.en.includes('the same ranges as BEIAN_PROVIDER_CIDRS') &&
        error.messages.zh.includes('须列出相同的 IP 段'),
    );
    assert.throws(() => readConfig({ BEIAN_PROVIDER_CIDRS: '47.96.0.0/16, 10.0.0.0/99' }), {
      name: 'ConfigError',
    });
  });

  it('stops the CLI with exit code 2 and a message in the locale’s language', async () => {
    const en = await runCli(['rules'], { LANG: 'C', BEIAN_METRICS: 'everyone' });
    assert.equal(en.code, 2);
    assert.match(en.stderr, /^beian: environment variable BEIAN_METRICS must be off, public, loopback/);
    const zh = await runCli(['rules'], { LANG: 'zh_CN.UTF-8', PORT: 'eighty' });
    assert.equal(zh.code, 2);
    assert.match(zh.stderr, /^beian: 环境变量 PORT 须为 0–65535 的整数/);
  });
});
