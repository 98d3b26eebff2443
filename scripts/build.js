#!/usr/bin/env node
/**
 * `npm run build`: compiles src/ to dist/ with esbuild, so that `bin/beian.js`, `npm start` and
 * `beian serve` run plain JavaScript with no TypeScript loader (issue 14). Type checking stays
 * `tsc --noEmit`'s job (in `npm test`); this only transpiles and bundles.
 *
 * Why esbuild, and a bundle (measured here, 2 loaded CPUs): `tsc` emitting src/ took ~35 s, esbuild
 * ~1 s. Per-module output (one .js per .ts) left `beian rules` at ~4.6 × the CPU time of `node -e ''`,
 * most of it Node loading zod's, tldts' and kysely's many small files; one entry bundled with those
 * packages and split at each command's dynamic import brings it to ~2.5 ×.
 *
 * `--if-stale` builds only when dist/ is missing or was built from other inputs: `npm start` and
 * `npm test` run it, so a checkout changed since `npm ci` (which builds through `prepare`) never runs
 * old code. Plain JavaScript itself, so that building needs no TypeScript loader.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(root, 'src');
const outDir = join(root, 'dist');
const stampFile = join(outDir, '.build-stamp');

/** Every file under dir, as paths relative to the root, sorted (the fingerprint must not depend on order). */
/** @param {string} dir @returns {string[]} */
function filesUnder(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.push(relative(root, join(entry.parentPath, entry.name)));
  }
  return files.sort();
}

/**
 * What dist/ is built from: the sources, the compiler options esbuild reads (JSX), this script and
 * package.json (the esbuild version). Path, size and modification time of each: a changed, added,
 * removed or renamed file changes it; reading ~300 stats costs a few milliseconds.
 */
/** @param {string[]} sources */
function fingerprint(sources) {
  const hash = createHash('sha256');
  for (const file of [...sources, 'tsconfig.json', 'scripts/build.js', 'package.json', 'package-lock.json']) {
    const stat = statSync(join(root, file));
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return readFileSync(stampFile, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Dependencies bundled into dist/: pure JavaScript ES modules of many small files each (zod, tldts and
 * kysely are dozens to hundreds), whose loading was most of `beian rules`' start-up. Every other
 * package stays an import resolved in node_modules at run time: native ones (better-sqlite3, pg), ones
 * that read their own files (pdfkit, fontkit, @embedpdf/fonts-sc) or start workers from paths (pino),
 * and any package added later until it is listed here. What a bundled package imports is bundled with
 * it (tldts → tldts-core), so no CommonJS module is left for Node to load beside it.
 */
const BUNDLED = new Set(['zod', 'tldts', 'hono', '@hono/node-server', 'kysely', 'csv-parse']);
/** @param {string} specifier */
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** @type {import('esbuild').Plugin} */
const externals = {
  name: 'externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const fromDependency = args.importer.includes('/node_modules/');
      if (fromDependency || BUNDLED.has(packageOf(args.path))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * A bundle puts many modules in one file, so `import.meta.url` would name the chunk, not the module.
 * Each module's own `import.meta.url` becomes the URL it would have in a tree mirroring src/ under
 * dist/ (src/policy/load-policy.ts → dist/policy/load-policy.js): every output file sits one folder
 * below dist/ (dist/cli/main.js, dist/chunks/…), so `../policy/load-policy.js` from any of them is that
 * place, and `new URL('../../data/', import.meta.url)` finds data/ from dist/ as from src/.
 */
/** @type {import('esbuild').Plugin} */
const moduleUrls = {
  name: 'module-urls',
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (!args.path.startsWith(srcDir + '/')) return undefined;
      const text = readFileSync(args.path, 'utf8');
      const loader = args.path.endsWith('.tsx') ? 'tsx' : 'ts';
      if (!text.includes('import.meta.url')) return { contents: text, loader };
      const mirrored = `../${relative(srcDir, args.path).replace(/\.tsx?$/, '.js')}`;
      const url = `new URL(${JSON.stringify(mirrored)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader };
    });
  },
};

/** @param {{ ifStale?: boolean, quiet?: boolean }} [options] */
export async function buildDist({ ifStale = false, quiet = false } = {}) {
  const sources = filesUnder(srcDir);
  const print = fingerprint(sources);
  if (ifStale && readStamp() === print) return { built: false };
  const started = performance.now();
  const { build } = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    // One entry, the CLI; each command's module (imported on demand in main.ts) becomes its own chunk,
    // so `beian rules` loads neither the web app nor the database drivers.
    entryPoints: { 'cli/main': 'src/cli/main.ts' },
    outdir: 'dist',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    plugins: [externals, moduleUrls],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // tldts publishes its ES module build under "module" only; Node's own choice ("main") is CommonJS.
    mainFields: ['module', 'main'],
    // JSX settings (react-jsx, hono/jsx) come from tsconfig.json.
    tsconfig: 'tsconfig.json',
    metafile: true,
    logLevel: 'warning',
  });
  const modules = Object.keys(result.metafile.inputs).filter((file) => file.startsWith('src/')).length;
  for (const file of sources.filter((name) => !/\.tsx?$/.test(name))) {
    const target = join(outDir, relative(srcDir, join(root, file)));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(root, file), target);
  }
  writeFileSync(stampFile, `${print}\n`);
  const ms = Math.round(performance.now() - started);
  if (!quiet) process.stderr.write(`beian: built dist/ from src/ (${modules} modules, ${ms} ms)\n`);
  return { built: true, modules, ms };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildDist({ ifStale: process.argv.includes('--if-stale') });
}
