#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader: beian ships its sources, not a build.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
