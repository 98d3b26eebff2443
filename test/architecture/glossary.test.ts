/**
 * docs/GLOSSARY.md stays true to the code: every name it puts in backticks exists in src/. Type names
 * (PascalCase) must be declared; other identifiers declared, a property or a string value; values
 * (`first-filing`, `client hold`), routes and CLI flags must appear as strings; paths must exist.
 * Written notations (`DC-YYYYMMDD-XXXXXXXX`) are not names and are listed here instead.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const GLOSSARY = readFileSync(join(ROOT, 'docs/GLOSSARY.md'), 'utf8');

/** Formats the glossary shows, not names: placeholders stand for digits, letters or a login. */
const NOTATIONS = new Set(['DC-YYYYMMDD-XXXXXXXX', 'XXXXXXXX-X', 'account:<login>', 'websites.0.domains.1']);

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name)) yield path;
  }
}

const SOURCE = [...sourceFiles(join(ROOT, 'src'))].map((file) => readFileSync(file, 'utf8')).join('\n');

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const declared = (name: string) =>
  new RegExp(`\\b(?:type|interface|class|function\\*?|const|let|var|enum)\\s+${escape(name)}\\b`).test(
    SOURCE,
  );
const property = (name: string) => new RegExp(`(?:^|[\\s{,(])${escape(name)}\\??:`, 'm').test(SOURCE);
/** A string value, whole (`'x'`) or, with `prefix`, its start (`'/query?…'`, `'account.create'`). */
const stringValue = (value: string, prefix = false) =>
  new RegExp(`['"\`]${escape(value)}${prefix ? '' : '[\'"`]'}`).test(SOURCE);

/** Why `name` is not found in src/, or null when it is. */
function missing(name: string): string | null {
  if (/^[A-Z][a-z]\w*$/.test(name)) return declared(name) ? null : 'no type, class or function declares it';
  if (/^[A-Za-z_$][\w$]*$/.test(name)) {
    return declared(name) || property(name) || stringValue(name)
      ? null
      : 'not declared, a property or a value';
  }
  if (/^(?:src|data|docs)\//.test(name)) return existsSync(join(ROOT, name)) ? null : 'no such path';
  if (name.startsWith('/')) return stringValue(name, true) ? null : 'no route path starts so';
  if (name.startsWith('--')) return SOURCE.includes(`'${name}`) ? null : 'no such option';
  const keyValue = /^(\w+): '([^']+)'$/.exec(name);
  if (keyValue) {
    const [, key = '', value = ''] = keyValue;
    return property(key) && stringValue(value) ? null : 'no such property or value';
  }
  if (name.endsWith('.*')) return stringValue(name.slice(0, -1), true) ? null : 'no value starts so';
  return stringValue(name) ? null : 'no such string value';
}

describe('docs/GLOSSARY.md', () => {
  const names = [...new Set([...GLOSSARY.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? ''))];

  it('names things in backticks (so this test has something to hold it to)', () => {
    assert.ok(names.length >= 80, `${names.length} names`);
  });

  it('names only identifiers, values and paths that exist in src/', () => {
    const wrong = names
      .filter((name) => !NOTATIONS.has(name))
      .map((name) => [name, missing(name)] as const)
      .filter(([, reason]) => reason !== null)
      .map(([name, reason]) => `${name}: ${reason}`);
    assert.deepEqual(wrong, []);
  });

  it('lists no notation the glossary no longer shows', () => {
    assert.deepEqual(
      [...NOTATIONS].filter((notation) => !names.includes(notation)),
      [],
    );
  });
});
