/**
 * The built CLI (issue 14): `bin/beian.js` runs dist/, plain JavaScript, with no TypeScript loader.
 * It runs here from a copy of what a package ships (bin/, dist/, data/, demo/, package.json) whose
 * node_modules has every dependency but tsx, and no src/: anything still needing TypeScript fails.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { RULES } from '../../src/rules/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const copy = mkdtempSync(join(tmpdir(), 'beian-built-'));
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
/** No NODE_OPTIONS (the test runner's --import tsx must not reach the CLI), no DATABASE_URL. */
const env = { PATH: process.env.PATH ?? '', LANG: 'C', NODE_OPTIONS: '' };

function beian(...args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, ['bin/beian.js', ...args], {
      cwd: copy,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
}

before(() => {
  execFileSync(process.execPath, ['scripts/build.js', '--if-stale'], { cwd: root, env, stdio: 'ignore' });
  for (const part of ['bin', 'dist']) cpSync(join(root, part), join(copy, part), { recursive: true });
  cpSync(join(root, 'package.json'), join(copy, 'package.json'));
  for (const part of ['data', 'demo']) symlinkSync(join(root, part), join(copy, part));
  mkdirSync(join(copy, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name === 'tsx' || name === '.bin') continue;
    symlinkSync(join(root, 'node_modules', name), join(copy, 'node_modules', name));
  }
});

after(() => rmSync(copy, { recursive: true, force: true }));

describe('the built CLI', () => {
  it('runs from a copy that has no sources and cannot load tsx', () => {
    assert.equal(existsSync(join(copy, 'src')), false);
    assert.throws(() => createRequire(join(copy, 'package.json')).resolve('tsx'), /Cannot find module/);
    assert.deepEqual(beian('--version'), { code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('lists every finding code with `rules`, and `rules --json` is the rule table', () => {
    const text = beian('rules');
    assert.equal(text.code, 0);
    for (const rule of RULES) assert.match(text.stdout, new RegExp(`^${rule.code} \\[`, 'm'));
    const json = beian('rules', '--json');
    assert.equal(json.code, 0);
    assert.deepEqual(JSON.parse(json.stdout), JSON.parse(JSON.stringify(RULES)));
  });

  it('checks a domain against a database it migrates (policy data, tldts, SQLite from dist/)', () => {
    const run = beian('check', 'www.例子.中国', '--json', '--db', join(copy, 'check.db'));
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as {
      results: { domain: { registrableAscii: string }; findings: { code: string }[] }[];
    };
    assert.equal(report.results[0]?.domain.registrableAscii, 'xn--fsqu00a.xn--fiqs8s');
    assert.ok(report.results[0]?.findings.some((finding) => finding.code === 'DOMAIN_NOT_REGISTERED'));
  });

  it('bulk checks a file in its bounded-heap child with the exit code and output of the check', () => {
    const file = join(copy, 'domains.txt');
    writeFileSync(file, 'www.例子.中国\nbad..example\n');
    const run = beian('check', '--file', file, '--format', 'csv', '--db', join(copy, 'bulk.db'));
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[1] ?? '', /^1,www\.例子\.中国,.*DOMAIN_NOT_REGISTERED/);
    assert.match(lines[2] ?? '', /^2,bad\.\.example,.*DOMAIN_INVALID/);
  });

  it('loads for `rules` neither the web app, the store nor pdfkit and the database drivers', () => {
    // The build keeps each module's path as a comment (`// src/web/…`): the modules `rules` loads are
    // the ones in the files main.js and the rules command's chunk import statically, transitively.
    const dist = join(copy, 'dist');
    const main = readFileSync(join(dist, 'cli/main.js'), 'utf8');
    const rulesChunk = /import\("\.\.\/(chunks\/rules-command-[\w-]+\.js)"\)/.exec(main)?.[1];
    assert.ok(rulesChunk, 'main.js imports the rules command on demand');
    const seen = new Set<string>();
    const pending = ['cli/main.js', rulesChunk];
    const modules = new Set<string>();
    const packages = new Set<string>();
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(join(dist, file), 'utf8');
      for (const [, path] of text.matchAll(/^\/\/ (src\/[\w-]+)\//gm)) modules.add(path as string);
      for (const [, target] of text.matchAll(
        /^(?:import|export)[^;]*?from "([^"]+)";|^import "([^"]+)";/gm,
      )) {
        if (target === undefined) continue;
        if (target.startsWith('.')) pending.push(join(join(file, '..'), target));
        else packages.add(target);
      }
      for (const [, target] of text.matchAll(/^import "(\.[^"]+)";/gm)) {
        pending.push(join(join(file, '..'), target as string));
      }
    }
    assert.ok(modules.has('src/rules'), [...modules].join(' '));
    for (const heavy of [
      'src/web',
      'src/http',
      'src/store',
      'src/registrar',
      'src/workflow',
      'src/checking',
    ]) {
      assert.equal(modules.has(heavy), false, `rules loads ${heavy}`);
    }
    for (const heavy of ['pdfkit', 'fontkit', 'pg', 'better-sqlite3', 'pino', 'prom-client']) {
      assert.equal(packages.has(heavy), false, `rules loads ${heavy}`);
    }
  });

  it('serves the first page and its stylesheet with `serve`', async () => {
    const server: ChildProcessWithoutNullStreams = spawn(
      process.execPath,
      ['bin/beian.js', 'serve', '--port', '0', '--db', join(copy, 'serve.db')],
      { cwd: copy, env: { ...env, BEIAN_SECRET: 'x'.repeat(40) } },
    );
    try {
      let output = '';
      server.stdout.setEncoding('utf8');
      let url: string | undefined;
      while (url === undefined) {
        const [chunk] = (await once(server.stdout, 'data')) as [string];
        output += chunk;
        url = /listening on (http:\/\/\S+?)\/? /.exec(output)?.[1];
      }
      const page = await fetch(`${url}/`);
      assert.equal(page.status, 200);
      const html = await page.text();
      const css = /\/static\/app\.css\?v=[0-9a-f]+/.exec(html)?.[0];
      assert.ok(css, 'the page links its stylesheet');
      const sheet = await fetch(`${url}${css}`);
      assert.equal(sheet.status, 200);
      assert.match(sheet.headers.get('content-type') ?? '', /^text\/css/);
      assert.ok((await sheet.text()).length > 1000);
    } finally {
      server.kill('SIGTERM');
      if (server.exitCode === null) await once(server, 'exit');
    }
  });
});
