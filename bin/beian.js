#!/usr/bin/env node
// Runs the built CLI, plain JavaScript in dist/ (scripts/build.js): no TypeScript loader at run time
// (issue 14: tsx compiled every module at each start, 2–3 s and ~100 MB for `beian rules`). dist/ is
// built by `npm ci` (prepare), `npm start`, `npm test` and `npm run build`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'beian: dist/ is not built; run `npm run build` (npm ci and npm start build it too)\n' +
      'beian: 尚未构建 dist/；请运行 `npm run build`（npm ci 与 npm start 也会构建）\n',
  );
  process.exit(2);
}

/**
 * A bulk check (`check --file`) runs in a child Node with a bounded heap. Its live data is ~15 MB
 * whatever the file's size (chunks of 500 rows), but V8 sizes its heap by allocation rate: left alone
 * the process reached 218 MB RSS at 10M rows here, mostly garbage awaiting collection; with these limits
 * it stays flat (figures in `npm run bench`, bench/built.ts). Node takes heap limits only at start-up,
 * hence the child. An operator's own limit (NODE_OPTIONS or node's flags) is kept as given.
 */
const BULK_HEAP_FLAGS = ['--max-old-space-size=64', '--max-semi-space-size=8'];

const args = process.argv.slice(2);
const bulk = args[0] === 'check' && args.some((arg) => arg === '--file' || arg.startsWith('--file='));
const ownLimit = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((flag) =>
  flag.startsWith('--max-old-space-size'),
);

if (bulk && !ownLimit) {
  const child = spawn(
    process.execPath,
    [...process.execArgv, ...BULK_HEAP_FLAGS, fileURLToPath(import.meta.url), ...args],
    { stdio: 'inherit' },
  );
  // Ctrl+C reaches the child through the terminal's process group; a signal sent to this process alone
  // (kill, a supervisor) is passed on. The child's exit is this process's exit.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
} else {
  await import(main.href);
}
