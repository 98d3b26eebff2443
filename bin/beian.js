#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader: beian ships its sources, not a build. The tsconfig is
// named explicitly: tsx would otherwise look in the working directory, and the pages' JSX needs ours.
import { fileURLToPath, URL } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');
