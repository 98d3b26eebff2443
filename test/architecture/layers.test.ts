/**
 * docs/ARCHITECTURE.md: a folder under src/ imports only from folders listed above it (and itself).
 * This test reads every import and holds the tree to that order.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, it } from 'node:test';

const SRC = resolve(import.meta.dirname, '../../src');
const LAYERS = [
  'shared',
  'config',
  'domain-name',
  'policy',
  'facts',
  'rules',
  'filing',
  'store',
  'miit',
  'jobs',
  'documents',
  'registrar',
  'identity',
  'online',
  'accounts',
  'imports',
  'checking',
  'workflow',
  'notifications',
  'monitor',
  'http',
  'web',
  'cli',
];

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name)) yield path;
  }
}

const layerOf = (file: string): string => relative(SRC, file).split('/')[0] ?? '';

describe('layering', () => {
  it('lists every folder of src/ in docs/ARCHITECTURE.md', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    assert.deepEqual(
      folders.filter((f) => !LAYERS.includes(f)),
      [],
    );
    const doc = readFileSync(resolve(SRC, '../docs/ARCHITECTURE.md'), 'utf8');
    for (const layer of LAYERS) assert.match(doc, new RegExp(`src/${layer}/`), layer);
  });

  it('imports only from the same folder or folders above it', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = LAYERS.indexOf(layerOf(file));
      for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const target = resolve(dirname(file), match[1] as string);
        if (!target.startsWith(SRC)) continue;
        const to = LAYERS.indexOf(layerOf(target));
        if (to > from) violations.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    assert.deepEqual(violations, []);
  });

  it('imports another folder only through its index.ts', () => {
    // A folder's index.ts is its public surface; a deep import would make a private module public
    // without the index saying so.
    const EXEMPT: Record<string, string> = {
      http: 'a shell, not a library: the web and the CLI mount its app; what the web may take from it is the next test',
    };
    const violations: string[] = [];
    for (const file of sourceFiles(SRC)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const target = resolve(dirname(file), match[1] as string);
        if (!target.startsWith(SRC)) continue;
        const folder = layerOf(target);
        if (folder === layerOf(file) || Object.hasOwn(EXEMPT, folder)) continue;
        if (relative(SRC, target) !== `${folder}/index.ts`)
          violations.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
      }
    }
    assert.deepEqual(violations, []);
  });

  it('keeps table queries out of the shells: src/http and src/web call use cases', () => {
    // Reads and writes of the workflow's tables live in src/workflow (registrar and MIIT tables in
    // src/registrar and src/miit); a route or a page parses, calls one use case and renders.
    const queries: string[] = [];
    for (const shell of ['http', 'web'])
      for (const file of sourceFiles(join(SRC, shell)))
        for (const match of readFileSync(file, 'utf8').matchAll(
          /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/g,
        ))
          queries.push(`${relative(SRC, file)}: ${match[0]}`);
    assert.deepEqual(queries, []);
  });

  it('lets the web import from src/http only the app it mounts on and its context', () => {
    // http/app.ts exports on purpose the machinery a page mounts behind (actor resolution and session
    // cookies, the CSRF check, the access decision, rate limits, the code-to-status table and the
    // transport's ApiError), so a page answers as the API would; context.ts holds the deps and actor
    // types both shells are given. Refusals of the layers below are CodedError, mapped by the kit.
    const ALLOWED = new Set(['http/app.ts', 'http/context.ts']);
    const violations: string[] = [];
    for (const file of sourceFiles(join(SRC, 'web'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const target = relative(SRC, resolve(dirname(file), match[1] as string));
        if (layerOf(join(SRC, target)) === 'http' && !ALLOWED.has(target))
          violations.push(`${relative(SRC, file)} → ${target}`);
      }
    }
    assert.deepEqual(violations, []);
  });
});
