#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (no build step for the server).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
await runCli(process.argv);
