#!/usr/bin/env node
import { main } from '../dist/cli.js';

let output;
// A consumer that closed the pipe early (EPIPE) is handled by the tap; never crash on it here.
process.stdout.on('error', () => undefined);
// An orchestrator stopping the tap: let what was already emitted reach the pipe, then exit.
process.once('SIGTERM', () => {
  Promise.resolve(output?.flush())
    .catch(() => undefined)
    .finally(() => process.exit(143));
});
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  onOutput: (o) => {
    output = o;
  },
});
