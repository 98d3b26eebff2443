#!/usr/bin/env node
// Runs the built CLI, plain JavaScript in dist/ (scripts/build.js): no TypeScript loader at run time
// (issue 14: tsx compiled every module at each start, 2–3 s and ~100 MB for `beian rules`). dist/ is
// built by `npm ci` (prepare), `npm start` and `npm run build`.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'beian: dist/ is not built; run `npm run build` (npm ci and npm start build it too)\n' +
      'beian: 尚未构建 dist/；请运行 `npm run build`（npm ci 与 npm start 也会构建）\n',
  );
  process.exit(2);
}
await import(main.href);
