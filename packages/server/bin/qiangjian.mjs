#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (no build step for the server).
import { register } from 'tsx/esm/api';

register();
// Quietly stop when the reader of stdout goes away (e.g. `| head`).
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { runCli } = await import('../src/cli.ts');
await runCli(process.argv);
