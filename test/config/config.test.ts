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
  readConfig,
  renderConfigMarkdown,
} from '../../src/config/index.ts';
import { DEFAULT_DOCUMENTS_DIR, DEFAULT_MAX_ACCOUNT_BYTES } from '../../src/documents/index.ts';
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

  it('stops the CLI with exit code 2 and a message in the locale’s language', async () => {
    const en = await runCli(['rules'], { LANG: 'C', BEIAN_METRICS: 'everyone' });
    assert.equal(en.code, 2);
    assert.match(en.stderr, /^beian: environment variable BEIAN_METRICS must be off, public, loopback/);
    const zh = await runCli(['rules'], { LANG: 'zh_CN.UTF-8', PORT: 'eighty' });
    assert.equal(zh.code, 2);
    assert.match(zh.stderr, /^beian: 环境变量 PORT 须为 0–65535 的整数/);
  });
});
